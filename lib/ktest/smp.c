// SPDX-License-Identifier: GPL-2.0
/*
 * ktest_run_on_each_cpu(): a case's function on every online CPU at once
 * (include/ktest/smp.h). The other CPUs get it through
 * smp_call_function() without waiting, so that the boot CPU can run its
 * own share in the case's context (interrupts on, faults caught, the
 * timeout armed) rather than in an interrupt handler; a mask of the CPUs
 * that are done tells it when every CPU has returned. Each CPU writes
 * only its own result slot.
 *
 * Bringing the other CPUs back. Each other CPU saves its context with
 * setjmp() before it calls the function and marks itself in in_share;
 * the hook of set_ap_trap_recovery() longjmp()s back there on two
 * occasions:
 *  - the function faults on that CPU: the fault is recorded as one failed
 *    check of that CPU ("caught page fault ... at <symbol>") with its
 *    registers and backtrace, and the CPU returns from its share;
 *  - the case ends early (timeout, fault or assertion on CPU 0) while the
 *    CPU is still in the function: ktest_try_run() calls
 *    ktest_smp_recall(), which sends the CPU an NMI (it may spin with
 *    interrupts off, as a share does in an inter-processor call) after
 *    marking it in recall; the NMI leaves the function, the CPU returns
 *    to its idle loop and the case gets "CPU <n>: stopped at <symbol>".
 * A CPU whose call has not started yet sees cancelled and skips the
 * function. The recall does the same for a CPU running any other
 * inter-processor call when the case ends early (a case that used
 * smp_call_function() itself): the NMI leaves that call through
 * smp_call_leave() (kernel/smp.c). So the cases after a hung or faulting
 * case find every CPU idle again. What the function held when it was
 * stopped (a lock, say) stays held: a function that may hang should not
 * hold one. A recall NMI that lands inside lockdep's checks
 * (lockdep_in_checker()), which may hold lockdep's own graph lock, returns
 * to them and the recall sends another one.
 * Built with CONFIG_SMP only.
 */
#include <ktest.h>
#include <ktest/smp.h>
#include <kmlab/smp.h>
#include <kmlab/setjmp.h>
#include <kmlab/lockdep.h>
#include <kmlab/printk.h>
#include <asm/smp.h>
#include <asm/spinlock.h>
#include <asm/traps.h>
#include "ktest-internal.h"

/* About a second of spinning under QEMU TCG (as smp_send_stop()). */
#define RECALL_WAIT_SPINS 100000000UL

struct cpu_result {
	unsigned long failures;
	char msg[KTEST_CPU_MSG_SIZE];
};

struct each_cpu_work {
	ktest_cpu_fn fn;
	void *arg;
	struct ktest *test;
	bool active; /* a ktest_run_on_each_cpu() is under way */
	bool cancelled; /* the case ended: do not start the function */
	unsigned long finished; /* CPUs that returned, atomic */
	unsigned long in_share; /* CPUs but 0 inside the function, atomic */
	unsigned long recall; /* CPUs an NMI is asked to bring back, atomic */
	jmp_buf env[CONFIG_NR_CPUS];
	struct cpu_result res[CONFIG_NR_CPUS];
};

static struct each_cpu_work work; /* too large for a case's stack */
unsigned int ktest_cpus_recalled;

static void run_share(void *info)
{
	struct each_cpu_work *w = info;
	unsigned int cpu = smp_processor_id();
	struct cpu_result *r = &w->res[cpu];
	unsigned long held = lockdep_context_save();

	r->msg[0] = '\0';
	if (cpu == 0) {
		r->failures = w->fn(w->arg, cpu, r->msg);
	} else if (!setjmp(w->env[cpu])) {
		__atomic_fetch_or(&w->in_share, 1UL << cpu, __ATOMIC_SEQ_CST);
		/*
		 * The share is this CPU's task, not an interrupt handler of
		 * code holding locks (the CPU was idle and takes no other
		 * call until it returns): lock-order checking treats it as
		 * process context, as Linux's smp_call_on_cpu() runs its
		 * function in a kworker. Its interrupts stay off.
		 */
		lockdep_hardirq_exit();
		if (!__atomic_load_n(&w->cancelled, __ATOMIC_SEQ_CST))
			r->failures = w->fn(w->arg, cpu, r->msg);
		lockdep_hardirq_enter();
	} else {
		iret_to_self(); /* left from a fault or an NMI */
		lockdep_context_restore(held);
	}
	/* Returned, or came back through ktest_ap_trap(). */
	__atomic_fetch_and(&w->in_share, ~(1UL << cpu), __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&w->finished, 1UL << cpu, __ATOMIC_RELEASE);
}

/* Where the recall NMI found each CPU (0: not stopped). */
static unsigned long stopped_at[CONFIG_NR_CPUS];

/*
 * set_ap_trap_recovery() hook: a fault in the function, or a recall NMI,
 * which leaves the function of ktest_run_on_each_cpu() or whatever
 * inter-processor call the CPU runs (smp_call_leave()).
 */
static bool ktest_ap_trap(struct pt_regs *regs, const char *name)
{
	struct each_cpu_work *w = &work;
	unsigned int cpu = smp_processor_id();
	unsigned long bit = 1UL << cpu;
	struct cpu_result *r = &w->res[cpu];
	bool recalled = false, in_share;
	char prefix[32];

	if (regs->vector == X86_TRAP_NMI) {
		recalled =
			__atomic_fetch_and(&w->recall, ~bit, __ATOMIC_ACQ_REL) &
			bit;
		/* Not a recall: a TLB shootdown, which do_trap() served. */
		if (!recalled)
			return true;
	}
	in_share = __atomic_load_n(&w->in_share, __ATOMIC_SEQ_CST) & bit;
	/*
	 * Inside lockdep, which may hold its graph's lock: leaving would
	 * leave it held. Return; with its bit clear again, the recall's
	 * loop sends another NMI, which finds the CPU out of lockdep.
	 */
	if (recalled && lockdep_in_checker())
		return true;
	if (recalled) {
		/* The first stop: a second NMI may find it leaving. */
		if ((in_share || smp_call_running(cpu)) && !stopped_at[cpu])
			stopped_at[cpu] = regs->eip;
		if (in_share)
			longjmp(w->env[cpu], 1);
		smp_call_leave();
		return true; /* the call had returned already */
	}
	if (!in_share)
		return false;
	r->failures++;
	snprintf(r->msg, KTEST_CPU_MSG_SIZE,
		 "caught %s (error code 0x%x) at %pS", name, regs->error_code,
		 (void *)regs->eip);
	snprintf(prefix, sizeof(prefix), "%s    # CPU %u: ", w->test->indent,
		 cpu);
	show_regs_and_backtrace(regs, prefix);
	longjmp(w->env[cpu], 1);
}

/* The mask of the online CPUs. */
static unsigned long online_mask(void)
{
	unsigned long mask = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu) mask |= 1UL << cpu;
	return mask;
}

unsigned int ktest_run_on_each_cpu(struct ktest *test, ktest_cpu_fn fn,
				   void *arg)
{
	struct each_cpu_work *w = &work;
	unsigned long cpus = online_mask();
	unsigned int cpu;

	set_ap_trap_recovery(ktest_ap_trap);
	w->fn = fn;
	w->arg = arg;
	w->test = test;
	__atomic_store_n(&w->cancelled, false, __ATOMIC_SEQ_CST);
	__atomic_store_n(&w->finished, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&w->recall, 0, __ATOMIC_RELEASE);
	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		w->res[cpu].failures = 0;
	__atomic_store_n(&w->active, true, __ATOMIC_RELEASE);
	smp_call_function(run_share, w, false);
	run_share(w);
	while ((__atomic_load_n(&w->finished, __ATOMIC_ACQUIRE) & cpus) != cpus)
		cpu_relax();
	__atomic_store_n(&w->active, false, __ATOMIC_RELEASE);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ_MSG(test, w->res[cpu].failures, 0,
				    "CPU %u: %lu failed checks, first: %s", cpu,
				    w->res[cpu].failures, w->res[cpu].msg);
	return __builtin_popcountl(cpus);
}

/* The CPUs of @mask still in what the recall waits for. */
static unsigned long still_busy(unsigned long mask, bool active)
{
	struct each_cpu_work *w = &work;
	unsigned long busy = 0;

	if (active)
		busy = mask & ~__atomic_load_n(&w->finished, __ATOMIC_ACQUIRE);
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		if ((mask & (1UL << cpu)) && smp_call_running(cpu))
			busy |= 1UL << cpu;
	return busy;
}

void ktest_smp_recall(struct ktest *test)
{
	struct each_cpu_work *w = &work;
	bool active = __atomic_load_n(&w->active, __ATOMIC_ACQUIRE);
	unsigned long others = online_mask() & ~1UL, left;
	unsigned int cpu;

	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		stopped_at[cpu] = 0;
	if (active)
		__atomic_store_n(&w->cancelled, true, __ATOMIC_SEQ_CST);
	left = still_busy(others, active);
	for (unsigned long i = 0; left && i < RECALL_WAIT_SPINS; i++) {
		/*
		 * An NMI to each CPU running a call (the function, or another
		 * call of the case), again if it took the last one and runs
		 * the next queued call; a CPU whose share has not started
		 * sees cancelled and needs none.
		 */
		for (cpu = 1; cpu < CONFIG_NR_CPUS; cpu++) {
			unsigned long bit = 1UL << cpu;

			if (!(left & bit) || !smp_call_running(cpu) ||
			    (__atomic_load_n(&w->recall, __ATOMIC_ACQUIRE) &
			     bit))
				continue;
			__atomic_fetch_or(&w->recall, bit, __ATOMIC_ACQ_REL);
			arch_send_nmi_ipi(cpu);
		}
		cpu_relax();
		left = still_busy(others, active);
	}
	__atomic_store_n(&w->active, false, __ATOMIC_RELEASE);
	for (cpu = 1; cpu < CONFIG_NR_CPUS; cpu++) {
		if (left & (1UL << cpu)) {
			ktest_set_failure(test);
			ktest_diag(
				test,
				"CPU %u: did not come back from the case's call",
				cpu);
		} else if (stopped_at[cpu]) {
			ktest_cpus_recalled++;
			ktest_diag(
				test,
				"CPU %u: stopped at %pS, still in the case's call when the case ended",
				cpu, (void *)stopped_at[cpu]);
		}
	}
}
