// SPDX-License-Identifier: GPL-2.0
/*
 * ktest_run_on_each_cpu(): a case's function on every online CPU at once
 * (include/ktest/smp.h). The other CPUs get it through
 * smp_call_function() without waiting, so that the boot CPU can run its
 * own share in the case's context (interrupts on, faults caught, the
 * timeout armed) rather than in an interrupt handler; a counter tells it
 * when every CPU is done. Each CPU writes only its own result slot.
 * Built with CONFIG_SMP only.
 */
#include <ktest.h>
#include <ktest/smp.h>
#include <kmlab/smp.h>
#include <asm/spinlock.h>

struct cpu_result {
	unsigned long failures;
	char msg[KTEST_CPU_MSG_SIZE];
};

struct each_cpu_work {
	ktest_cpu_fn fn;
	void *arg;
	unsigned int done; /* CPUs that returned, atomic */
	struct cpu_result res[CONFIG_NR_CPUS];
};

static void run_share(void *info)
{
	struct each_cpu_work *w = info;
	unsigned int cpu = smp_processor_id();

	w->res[cpu].msg[0] = '\0';
	w->res[cpu].failures = w->fn(w->arg, cpu, w->res[cpu].msg);
	__atomic_fetch_add(&w->done, 1, __ATOMIC_RELEASE);
}

unsigned int ktest_run_on_each_cpu(struct ktest *test, ktest_cpu_fn fn,
				   void *arg)
{
	static struct each_cpu_work w; /* too large for a case's stack */
	unsigned int n = num_online_cpus(), cpu;

	w.fn = fn;
	w.arg = arg;
	__atomic_store_n(&w.done, 0, __ATOMIC_RELEASE);
	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		w.res[cpu].failures = 0;
	smp_call_function(run_share, &w, false);
	run_share(&w);
	while (__atomic_load_n(&w.done, __ATOMIC_ACQUIRE) < n)
		cpu_relax();
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ_MSG(test, w.res[cpu].failures, 0,
				    "CPU %u: %lu failed checks, first: %s", cpu,
				    w.res[cpu].failures, w.res[cpu].msg);
	return n;
}
