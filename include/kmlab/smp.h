/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPUs and inter-processor calls (Linux's include/linux/smp.h,
 * include/linux/cpumask.h, trimmed).
 *
 * CPU numbers run from 0 (the boot CPU) to CONFIG_NR_CPUS - 1 and are
 * given at boot in the order the ACPI MADT lists the CPUs
 * (Documentation/core-api/smp.rst). A CPU is online once it has come up
 * and can run inter-processor calls; it goes offline only when
 * smp_send_stop() stops it for good (panic, the end of the run).
 *
 * Without CONFIG_SMP there is one CPU, number 0, and every call runs
 * on it directly.
 */
#ifndef _KMLAB_SMP_H
#define _KMLAB_SMP_H

#include <kmlab/types.h>
#include <kmlab/percpu.h>
#include <kmlab/errno.h>
#include <asm/traps.h>

/**
 * typedef smp_call_func_t - a function run by an inter-processor call
 * @info: the caller's argument
 *
 * Runs on the target CPU in interrupt context, interrupts disabled: it
 * must not wait for anything another inter-processor call would provide.
 */
typedef void (*smp_call_func_t)(void *info);

#ifdef CONFIG_SMP

DECLARE_PER_CPU(unsigned int, cpu_number);

/** smp_processor_id - the number of the CPU running the caller */
#define smp_processor_id() this_cpu_read(cpu_number)

/* Bit N set: CPU N is online. Read with cpu_online(). */
extern unsigned long __cpu_online_mask;

/**
 * cpu_online - whether CPU @cpu is online
 * @cpu: a CPU number (any unsigned value: out of range is offline)
 */
static inline bool cpu_online(unsigned int cpu)
{
	return cpu < CONFIG_NR_CPUS &&
	       (__atomic_load_n(&__cpu_online_mask, __ATOMIC_ACQUIRE) >> cpu) &
		       1;
}

/** num_online_cpus - how many CPUs are online */
static inline unsigned int num_online_cpus(void)
{
	return __builtin_popcountl(
		__atomic_load_n(&__cpu_online_mask, __ATOMIC_ACQUIRE));
}

/**
 * smp_call_function_single - run @func(@info) on CPU @cpu
 * @cpu: the target CPU
 * @func: the function (see smp_call_func_t for its context)
 * @info: its argument
 * @wait: true: return once @func has returned on @cpu; false: return
 *        once the call is queued (a later call from this CPU to the same
 *        target first waits for this one to start)
 *
 * On this CPU itself, @func runs at once with interrupts disabled. The
 * target runs its queued calls in order, from the CALL_FUNCTION_VECTOR
 * interrupt. Context: interrupts enabled (a caller spinning with
 * interrupts off could wait for a CPU that waits for it: warned about
 * once, and the call is made all the same).
 *
 * Return: 0, or -ENXIO when @cpu is not online (nothing runs).
 */
int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info,
			     bool wait);

/**
 * smp_call_function - run @func(@info) on every other online CPU
 * @func: the function
 * @info: its argument
 * @wait: wait until @func has returned on all of them
 *
 * Context and ordering as smp_call_function_single(). The targets run
 * @func at the same time.
 */
void smp_call_function(smp_call_func_t func, void *info, bool wait);

/**
 * on_each_cpu - run @func(@info) on every online CPU, this one included
 * @func: the function
 * @info: its argument
 * @wait: wait until @func has returned on every CPU
 *
 * The other CPUs are called first, then @func runs here with interrupts
 * disabled, so all of them run it at about the same time.
 */
void on_each_cpu(smp_call_func_t func, void *info, bool wait);

/**
 * smp_call_running - whether CPU @cpu is running an inter-processor call
 * @cpu: an online CPU
 *
 * Return: true from just before the call's function starts until just
 * after it returned (or was left by smp_call_leave()). Context: any.
 */
bool smp_call_running(unsigned int cpu);

/**
 * smp_call_leave - end the inter-processor call running on this CPU
 *
 * Leaves the call's function where it is (with longjmp(): whatever it
 * held, a lock, stays held) and returns from the call as if the function
 * had returned: a waiting caller is released, the CPU runs its next
 * queued call or goes back to its idle loop. Returns when no call is
 * running on this CPU. Context: an NMI handler on that CPU (ktest brings
 * back the CPUs a test case left running, lib/ktest/smp.c).
 */
void smp_call_leave(void);

/**
 * smp_send_stop - stop every other CPU for good
 *
 * Panic and the end of the run call it so that no other CPU prints or
 * changes memory after them. The stop interrupt first (a CPU stops where
 * interrupts are on, so never inside printk() or a critical section that
 * disables them); a CPU that has not stopped after about a second of
 * spinning gets an NMI, which stops it wherever it is. Stopped CPUs are
 * offline and halt with interrupts disabled. Return: the number of CPUs
 * that did not stop (reported), 0 normally. Context: any; idempotent.
 */
unsigned int smp_send_stop(void);

/**
 * smp_prepare_cpus - find the CPUs, give each its per-CPU area and stack
 *
 * Reads the ACPI MADT, keeps the boot CPU and at most nr_cpus= and
 * CONFIG_NR_CPUS CPUs in all, and takes their per-CPU copies and stacks
 * from memblock. Context: boot, after the command line is parsed, before
 * the heap takes the memory (mm_init()).
 */
void smp_prepare_cpus(void);

/**
 * smp_init - start every CPU smp_prepare_cpus() kept, one at a time
 *
 * A CPU that has not come up within a second is reported ("smp: CPU n
 * ... did not come up") and left out. Context: boot, interrupts on (the
 * delays count PIT ticks).
 */
void smp_init(void);

/* The nr_cpus= command line limit (kernel/smp.c): at most this many CPUs. */
extern unsigned int setup_max_cpus;

/* Called from the arch's CALL_FUNCTION_VECTOR handler. */
void generic_smp_call_function_interrupt(void);

#else /* !CONFIG_SMP */

#define smp_processor_id() 0U
static inline bool cpu_online(unsigned int cpu)
{
	return cpu == 0;
}

static inline unsigned int num_online_cpus(void)
{
	return 1;
}

static inline int smp_call_function_single(unsigned int cpu,
					   smp_call_func_t func, void *info,
					   bool wait)
{
	unsigned long flags;

	if (cpu != 0)
		return -ENXIO;
	flags = local_irq_save();
	func(info);
	local_irq_restore(flags);
	return 0;
}

static inline void smp_call_function(smp_call_func_t func, void *info,
				     bool wait)
{
}

static inline void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	smp_call_function_single(0, func, info, wait);
}

static inline unsigned int smp_send_stop(void)
{
	return 0;
}

static inline void smp_prepare_cpus(void)
{
}

static inline void smp_init(void)
{
}

#endif /* CONFIG_SMP */

/**
 * for_each_online_cpu - loop over the online CPUs, lowest number first
 * @cpu: an unsigned int loop variable
 */
#define for_each_online_cpu(cpu)                         \
	for ((cpu) = 0; (cpu) < CONFIG_NR_CPUS; (cpu)++) \
		if (!cpu_online(cpu)) {                  \
		} else

#endif /* _KMLAB_SMP_H */
