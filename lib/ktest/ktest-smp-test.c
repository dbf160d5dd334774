// SPDX-License-Identifier: GPL-2.0
/*
 * The "ktest_smp" suite: ktest_run_on_each_cpu() (lib/ktest/smp.c) runs
 * its function on every online CPU, and a case that hangs or faults on
 * another CPU than the boot CPU fails alone: the CPUs come back, from its
 * function or from any inter-processor call the case left running, and
 * the next call finds every one of them.
 *
 * The hanging and the faulting case are run as KUnit's own tests run
 * theirs (lib/kunit/kunit-test.c): a fake struct ktest goes through
 * ktest_try_run(), the runner's phase, nested in this suite's case; the
 * outer case then checks that the fake one failed and that every CPU
 * answers again. The hang ends through a failed assertion on CPU 0 once
 * the last CPU spins: the same path as a timeout (ktest_try_run() left
 * early, then ktest_smp_recall()) without waiting a second for the
 * timer. Without the recall the last CPU would still spin with
 * interrupts off and the second ktest_run_on_each_cpu() would time out;
 * without the fault hook, the NMI and CPU 1's fault would end the run.
 *
 * Attribute area=smp: make check-smp runs it at -smp 2, 4 and 1 (where the
 * last two cases skip).
 */
#include <ktest.h>
#include <ktest/smp.h>
#include <kmlab/smp.h>
#include <asm/spinlock.h>
#include "ktest-internal.h"

static void need_cpus(struct ktest *test, unsigned int n)
{
	if (num_online_cpus() < n)
		ktest_skip(test, "needs %u CPUs, %u online (make run SMP=%u)",
			   n, num_online_cpus(), n);
}

static unsigned long mark_cpu(void *arg, unsigned int cpu, char *msg)
{
	__atomic_fetch_or((unsigned long *)arg, 1UL << cpu, __ATOMIC_RELAXED);
	return 0;
}

/* Every online CPU runs the function exactly once per call. */
static void expect_every_cpu_answers(struct ktest *test)
{
	unsigned long seen = 0, online = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu) online |= 1UL << cpu;
	KTEST_EXPECT_EQ(test, ktest_run_on_each_cpu(test, mark_cpu, &seen),
			num_online_cpus());
	KTEST_EXPECT_EQ(test, seen, online);
}

static void each_cpu_runs_on_every_cpu(struct ktest *test)
{
	expect_every_cpu_answers(test);
}

/* The last online CPU, or 0 with only one. */
static unsigned int last_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu) last = cpu;
	return last;
}

struct hang {
	struct ktest *inner;
	bool spinning; /* the last CPU is in its loop, atomic */
};

/*
 * The last CPU spins for good with interrupts off (an inter-processor
 * call); CPU 0 waits until it does, then ends the case with a failed
 * assertion, as a timeout or a fault on CPU 0 would.
 */
static unsigned long hang_on_last_cpu(void *arg, unsigned int cpu, char *msg)
{
	struct hang *h = arg;

	if (cpu == last_cpu()) {
		__atomic_store_n(&h->spinning, true, __ATOMIC_RELEASE);
		for (;;)
			cpu_relax();
	}
	if (cpu == 0) {
		while (!__atomic_load_n(&h->spinning, __ATOMIC_ACQUIRE))
			cpu_relax();
		KTEST_ASSERT_FAILURE(h->inner, "ending the case, CPU %u spins",
				     last_cpu());
	}
	return 0;
}

static void inner_hangs_on_last_cpu(struct ktest *inner, void *data)
{
	ktest_run_on_each_cpu(inner, hang_on_last_cpu, data);
}

static void each_cpu_hang_is_recalled(struct ktest *test)
{
	struct ktest inner = { .name = "hangs_on_last_cpu", .indent = "    " };
	struct hang h = { .inner = &inner };
	unsigned int before = ktest_cpus_recalled;

	need_cpus(test, 2);
	KTEST_EXPECT_FALSE(test, ktest_try_run(&inner, 10,
					       inner_hangs_on_last_cpu, &h));
	KTEST_EXPECT_EQ(test, inner.status, KTEST_FAILURE);
	KTEST_EXPECT_EQ(test, ktest_cpus_recalled, before + 1);
	expect_every_cpu_answers(test);
}

/* Every other CPU spins for good in a call of its own (interrupts off). */
static void spin_in_call(void *info)
{
	__atomic_fetch_add((unsigned int *)info, 1, __ATOMIC_RELEASE);
	for (;;)
		cpu_relax();
}

static void inner_hangs_in_calls(struct ktest *inner, void *data)
{
	unsigned int *spinning = data;

	smp_call_function(spin_in_call, spinning, false);
	while (__atomic_load_n(spinning, __ATOMIC_ACQUIRE) <
	       num_online_cpus() - 1)
		cpu_relax();
	KTEST_ASSERT_FAILURE(inner, "ending the case, %u CPUs spin", *spinning);
}

/* Not only ktest_run_on_each_cpu(): any call the case left running. */
static void call_hang_is_recalled(struct ktest *test)
{
	struct ktest inner = { .name = "hangs_in_calls", .indent = "    " };
	unsigned int before = ktest_cpus_recalled, spinning = 0;

	need_cpus(test, 2);
	KTEST_EXPECT_FALSE(test, ktest_try_run(&inner, 10, inner_hangs_in_calls,
					       &spinning));
	KTEST_EXPECT_EQ(test, inner.status, KTEST_FAILURE);
	KTEST_EXPECT_EQ(test, ktest_cpus_recalled,
			before + num_online_cpus() - 1);
	expect_every_cpu_answers(test);
}

static unsigned long fault_on_last_cpu(void *arg, unsigned int cpu, char *msg)
{
	if (cpu != last_cpu())
		return 0;
	return *(volatile unsigned long *)arg; /* NULL: a page fault */
}

static void inner_faults_on_last_cpu(struct ktest *inner, void *data)
{
	ktest_run_on_each_cpu(inner, fault_on_last_cpu, data);
}

static void each_cpu_fault_fails_the_case(struct ktest *test)
{
	struct ktest inner = { .name = "faults_on_last_cpu", .indent = "    " };

	need_cpus(test, 2);
	KTEST_EXPECT_TRUE(test, ktest_try_run(&inner, 10,
					      inner_faults_on_last_cpu, NULL));
	KTEST_EXPECT_EQ(test, inner.status, KTEST_FAILURE);
	expect_every_cpu_answers(test);
}

static struct ktest_case ktest_smp_cases[] = {
	KTEST_CASE(each_cpu_runs_on_every_cpu),
	KTEST_CASE(each_cpu_hang_is_recalled),
	KTEST_CASE(call_hang_is_recalled),
	KTEST_CASE(each_cpu_fault_fails_the_case),
	{}
};

static struct ktest_suite ktest_smp_suite = {
	.name = "ktest_smp",
	.cases = ktest_smp_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(ktest_smp_suite);
