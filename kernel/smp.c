// SPDX-License-Identifier: GPL-2.0
/*
 * Inter-processor calls: run a function on another CPU and, if asked,
 * wait until it has run (after Linux's kernel/smp.c, with a spinlocked
 * list where Linux has a lock-free one).
 *
 * Every CPU has a queue of struct call_single_data (csd). A caller fills
 * a csd, appends it to the target's queue under the queue's lock and
 * sends the target the CALL_FUNCTION_VECTOR interrupt; the target's
 * handler takes the whole queue and runs the calls in order. A csd is
 * "locked" (CSD_FLAG_LOCK) from the moment it is filled until the target
 * is done with it: for a waiting call after the function returned, for a
 * call that does not wait as soon as the target has copied the function
 * and its argument. Each CPU owns one csd per target CPU (per-CPU
 * csd_data[]), so calls need no allocation; reusing one first waits for
 * its previous call to unlock it.
 *
 * Each call's function runs after a setjmp() into the CPU's call_frame,
 * so that smp_call_leave(), from an NMI, can end it early: ktest uses it
 * to bring the CPUs back to their idle loop when a test case that called
 * them ended early (lib/ktest/smp.c). The call then counts as returned.
 *
 * The caller spins with interrupts enabled, so two CPUs calling each
 * other at once both get their calls run. Ordering: the target runs a
 * call after everything the caller wrote before queueing it (the queue's
 * lock orders them), and a waiting caller sees everything the function
 * wrote (release/acquire on the csd's flags).
 */
#include <kmlab/smp.h>
#include <kmlab/spinlock.h>
#include <kmlab/list.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/setjmp.h>
#include <kmlab/lockdep.h>
#include <asm/smp.h>

#define CSD_FLAG_LOCK 0x01
#define CSD_FLAG_WAIT 0x02

struct call_single_data {
	struct list_head node;
	smp_call_func_t func;
	void *info;
	unsigned int flags;
};

struct call_queue {
	spinlock_t lock;
	struct list_head list;
};

/* Where the function of the call running on this CPU is left for. */
struct call_frame {
	jmp_buf env;
	bool running; /* atomic: read by other CPUs */
};

DEFINE_PER_CPU(unsigned int, cpu_number);
DEFINE_PER_CPU(struct call_frame, call_frame);
DEFINE_PER_CPU(struct call_queue, call_queue);
DEFINE_PER_CPU(struct call_single_data[CONFIG_NR_CPUS], csd_data);
unsigned long __cpu_online_mask = 1; /* the boot CPU */

unsigned int setup_max_cpus = CONFIG_NR_CPUS;
kernel_param_range(
	"nr_cpus", setup_max_cpus, uint, 1, CONFIG_NR_CPUS,
	"use at most this many CPUs, the boot CPU included (1-CONFIG_NR_CPUS)");

/**
 * smp_init_call_queue - make CPU @cpu's call queue empty and its lock free
 * @cpu: a CPU about to come up (or the boot CPU)
 *
 * Called by the boot code before the CPU is marked online.
 */
void smp_init_call_queue(unsigned int cpu)
{
	struct call_queue *q = &per_cpu(call_queue, cpu);

	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->list);
}

static void csd_lock_wait(struct call_single_data *csd)
{
	while (__atomic_load_n(&csd->flags, __ATOMIC_ACQUIRE) & CSD_FLAG_LOCK)
		cpu_relax();
}

static void csd_unlock(struct call_single_data *csd)
{
	__atomic_store_n(&csd->flags, 0, __ATOMIC_RELEASE);
}

/* Fill this CPU's csd for @cpu and queue it there; return it. */
static struct call_single_data *
queue_call(unsigned int cpu, smp_call_func_t func, void *info, bool wait)
{
	struct call_single_data *csd = &(*this_cpu_ptr(&csd_data))[cpu];
	struct call_queue *q = &per_cpu(call_queue, cpu);
	unsigned long flags;

	csd_lock_wait(csd);
	csd->func = func;
	csd->info = info;
	csd->flags = CSD_FLAG_LOCK | (wait ? CSD_FLAG_WAIT : 0);
	spin_lock_irqsave(&q->lock, flags);
	list_add_tail(&csd->node, &q->list);
	spin_unlock_irqrestore(&q->lock, flags);
	arch_send_call_function_ipi(cpu);
	return csd;
}

static void warn_if_irqs_disabled(void)
{
	static bool warned;

	if (irqs_disabled() && !warned) {
		warned = true;
		pr_warn("smp: an inter-processor call with interrupts disabled on CPU#%u may deadlock\n",
			smp_processor_id());
		dump_stack();
	}
}

static void call_here(smp_call_func_t func, void *info)
{
	unsigned long flags = local_irq_save();

	func(info);
	local_irq_restore(flags);
}

int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info,
			     bool wait)
{
	struct call_single_data *csd;

	if (!cpu_online(cpu))
		return -ENXIO;
	if (cpu == smp_processor_id()) {
		call_here(func, info);
		return 0;
	}
	warn_if_irqs_disabled();
	csd = queue_call(cpu, func, info, wait);
	if (wait)
		csd_lock_wait(csd);
	return 0;
}

/* Queue the call on every other online CPU; return the mask of them. */
static unsigned long call_others(smp_call_func_t func, void *info, bool wait)
{
	unsigned int self = smp_processor_id(), cpu;
	unsigned long queued = 0;

	warn_if_irqs_disabled();
	for_each_online_cpu(cpu)
	{
		if (cpu == self)
			continue;
		queue_call(cpu, func, info, wait);
		queued |= 1UL << cpu;
	}
	return queued;
}

/* Wait for this CPU's calls to the CPUs in @mask. */
static void wait_calls(unsigned long mask)
{
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		if (mask & (1UL << cpu))
			csd_lock_wait(&(*this_cpu_ptr(&csd_data))[cpu]);
}

void smp_call_function(smp_call_func_t func, void *info, bool wait)
{
	unsigned long mask = call_others(func, info, wait);

	if (wait)
		wait_calls(mask);
}

void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	unsigned long mask = call_others(func, info, wait);

	call_here(func, info);
	if (wait)
		wait_calls(mask);
}

/* Move every call queued for this CPU onto @list, in order. */
static void take_queue(struct call_queue *q, struct list_head *list)
{
	spin_lock(&q->lock);
	if (!list_empty(&q->list)) {
		list->next = q->list.next;
		list->prev = q->list.prev;
		list->next->prev = list;
		list->prev->next = list;
		INIT_LIST_HEAD(&q->list);
	}
	spin_unlock(&q->lock);
}

/* Run @csd's function in this CPU's call_frame; unlock @csd in time. */
static void run_call(struct call_single_data *csd)
{
	struct call_frame *f = this_cpu_ptr(&call_frame);
	smp_call_func_t func = csd->func;
	void *info = csd->info;
	bool wait = csd->flags & CSD_FLAG_WAIT;
	unsigned long held = lockdep_context_save();

	if (!wait)
		csd_unlock(csd);
	if (!setjmp(f->env)) {
		__atomic_store_n(&f->running, true, __ATOMIC_SEQ_CST);
		func(info);
	} else {
		iret_to_self(); /* left from an NMI: let the next one in */
		lockdep_context_restore(held);
	}
	__atomic_store_n(&f->running, false, __ATOMIC_SEQ_CST);
	if (wait)
		csd_unlock(csd);
}

bool smp_call_running(unsigned int cpu)
{
	return __atomic_load_n(&per_cpu(call_frame, cpu).running,
			       __ATOMIC_SEQ_CST);
}

void smp_call_leave(void)
{
	struct call_frame *f = this_cpu_ptr(&call_frame);

	if (__atomic_load_n(&f->running, __ATOMIC_SEQ_CST))
		longjmp(f->env, 1);
}

void generic_smp_call_function_interrupt(void)
{
	struct call_queue *q = this_cpu_ptr(&call_queue);
	struct call_single_data *csd, *next;
	LIST_HEAD(list);

	take_queue(q, &list);
	list_for_each_entry_safe(csd, next, &list, node)
		run_call(csd);
}
