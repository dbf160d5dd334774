// SPDX-License-Identifier: GPL-2.0
/*
 * The "spinlock" ktest suite: spinlock_t (<kmlab/spinlock.h>) on one CPU
 * and across CPUs, the CONFIG_DEBUG_SPINLOCK reports and the
 * CONFIG_LOCK_STAT counts.
 *
 * Cases that need a second CPU run their other side through
 * inter-processor calls and skip on a one-CPU machine. Functions run by
 * a call execute in interrupt context on another CPU, where ktest's
 * expectations must not be used: they record what they see in static
 * variables and the case checks those on CPU 0.
 *
 * Fairness is checked directly: CPU 0 holds the lock, CPUs 1..n-1 queue
 * on it one at a time (each call waits until the lock shows one more
 * waiter), then CPU 0 releases it and asks for it again at once. A fair
 * (FIFO) lock serves 1, 2, ..., n-1 and then CPU 0; a test-and-set lock
 * lets CPU 0 straight back in.
 *
 * With CONFIG_PARAVIRT_SPINLOCKS, hand-overs to a waiter that has halted,
 * with interrupts off and on, count one kick per halted waiter and none
 * when nobody waits.
 */
#include <ktest.h>
#include <kmlab/spinlock.h>
#include <kmlab/smp.h>

static DEFINE_SPINLOCK(test_lock);

static void spinlock_trylock_and_state(struct ktest *test)
{
	spin_lock_init(&test_lock);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&test_lock));
	KTEST_ASSERT_TRUE(test, spin_trylock(&test_lock));
	KTEST_EXPECT_TRUE(test, spin_is_locked(&test_lock));
	KTEST_EXPECT_EQ(test, arch_spin_waiters(&test_lock.raw), 0);
	/* Held: a second trylock fails and changes nothing. */
	KTEST_EXPECT_FALSE(test, arch_spin_trylock(&test_lock.raw));
	spin_unlock(&test_lock);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&test_lock));
	spin_lock(&test_lock);
	KTEST_EXPECT_TRUE(test, spin_is_locked(&test_lock));
	spin_unlock(&test_lock);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&test_lock));
}

/* The 16-bit tickets wrap: a lock used 65536 times and more still works. */
static void spinlock_tickets_wrap(struct ktest *test)
{
	spin_lock_init(&test_lock);
	for (unsigned int i = 0; i < 70000; i++) {
		spin_lock(&test_lock);
		spin_unlock(&test_lock);
	}
	KTEST_EXPECT_EQ(test, test_lock.raw.head, 70000 & 0xffff);
	KTEST_EXPECT_EQ(test, test_lock.raw.tail, 70000 & 0xffff);
	KTEST_EXPECT_TRUE(test, spin_trylock(&test_lock));
	spin_unlock(&test_lock);
}

static void spinlock_irqsave_restores(struct ktest *test)
{
	unsigned long flags, outer;

	spin_lock_init(&test_lock);
	KTEST_ASSERT_FALSE(test, irqs_disabled());
	spin_lock_irqsave(&test_lock, flags);
	KTEST_EXPECT_TRUE(test, irqs_disabled());
	KTEST_EXPECT_TRUE(test, spin_is_locked(&test_lock));
	spin_unlock_irqrestore(&test_lock, flags);
	KTEST_EXPECT_FALSE(test, irqs_disabled());
	KTEST_EXPECT_FALSE(test, spin_is_locked(&test_lock));

	/* Interrupts off before: still off after the restore. */
	outer = local_irq_save();
	spin_lock_irqsave(&test_lock, flags);
	spin_unlock_irqrestore(&test_lock, flags);
	KTEST_EXPECT_TRUE(test, irqs_disabled());
	local_irq_restore(outer);
	KTEST_EXPECT_FALSE(test, irqs_disabled());

	spin_lock_irq(&test_lock);
	KTEST_EXPECT_TRUE(test, irqs_disabled());
	spin_unlock_irq(&test_lock);
	KTEST_EXPECT_FALSE(test, irqs_disabled());
}

static void need_cpus(struct ktest *test, unsigned int n)
{
	if (num_online_cpus() < n)
		ktest_skip(test, "needs %u CPUs, %u online (make run SMP=%u)",
			   n, num_online_cpus(), n);
}

/*
 * test_lock for the cases whose other CPUs take it in an inter-processor
 * call while CPU 0 takes it with interrupts on: an inconsistent lock state
 * to lock-order checking, harmless here (CPU 0 gets no such call), so the
 * lock is left out of that checking (CONFIG_PROVE_LOCKING).
 */
static void init_shared_test_lock(void)
{
	spin_lock_init(&test_lock);
	lockdep_set_novalidate_class(&test_lock);
}

/* -- Fairness ------------------------------------------------------------- */

static unsigned int order[CONFIG_NR_CPUS + 1];
static unsigned int order_len;

static void record_under_lock(void)
{
	spin_lock(&test_lock);
	order[order_len++] = smp_processor_id();
	spin_unlock(&test_lock);
}

static void queue_on_lock(void *info)
{
	record_under_lock();
}

static void spinlock_is_fifo(struct ktest *test)
{
	unsigned int cpu, waiters = 0, queued[CONFIG_NR_CPUS];

	need_cpus(test, 2);
	init_shared_test_lock();
	order_len = 0;
	spin_lock(&test_lock);
	for_each_online_cpu(cpu)
	{
		if (cpu == 0)
			continue;
		smp_call_function_single(cpu, queue_on_lock, NULL, false);
		queued[waiters++] = cpu;
		/* Wait until CPU @cpu holds its ticket, so tickets go in order. */
		while (arch_spin_waiters(&test_lock.raw) != waiters)
			cpu_relax();
	}
	spin_unlock(&test_lock);
	record_under_lock();
	KTEST_ASSERT_EQ(test, order_len, waiters + 1);
	for (unsigned int i = 0; i < waiters; i++)
		KTEST_EXPECT_EQ_MSG(test, order[i], queued[i],
				    "acquisition %u of %u", i + 1, waiters + 1);
	KTEST_EXPECT_EQ(test, order[waiters], 0);
}

/* -- Mutual exclusion ----------------------------------------------------- */

/*
 * Few rounds: each contended hand-over may wait for the host to schedule
 * the next ticket's vCPU thread (QEMU -smp 4 on a busy 2-core machine).
 */
#define EXCL_ROUNDS 2000
static unsigned int excl_counter, excl_done;

static void bump_counter(void *info)
{
	for (unsigned int i = 0; i < EXCL_ROUNDS; i++) {
		spin_lock(&test_lock);
		/* A read, a pause and a write: racy without the lock. */
		unsigned int v = *(volatile unsigned int *)&excl_counter;

		cpu_relax();
		*(volatile unsigned int *)&excl_counter = v + 1;
		spin_unlock(&test_lock);
	}
	__atomic_fetch_add(&excl_done, 1, __ATOMIC_RELEASE);
}

static void spinlock_excludes_on_all_cpus(struct ktest *test)
{
	need_cpus(test, 2);
	init_shared_test_lock();
	excl_counter = 0;
	excl_done = 0;
	/* CPU 0 takes part with interrupts on, so the case timeout works. */
	smp_call_function(bump_counter, NULL, false);
	bump_counter(NULL);
	while (__atomic_load_n(&excl_done, __ATOMIC_ACQUIRE) !=
	       num_online_cpus())
		cpu_relax();
	KTEST_EXPECT_EQ(test, excl_counter, EXCL_ROUNDS * num_online_cpus());
	KTEST_EXPECT_FALSE(test, spin_is_locked(&test_lock));
}

/* -- CONFIG_DEBUG_SPINLOCK ------------------------------------------------ */

/* The lowest-numbered online CPU but CPU 0 (need_cpus(test, 2) first). */
static unsigned int __maybe_unused other_cpu(void)
{
	unsigned int cpu = 1;

	while (!cpu_online(cpu))
		cpu++;
	return cpu;
}

#ifdef CONFIG_DEBUG_SPINLOCK

static void spinlock_debug_recursion(struct ktest *test)
{
	unsigned long before = spin_bug_count;

	spin_lock_init(&test_lock);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	spin_lock(&test_lock);
	spin_lock(&test_lock); /* would hang without the check */
	KTEST_EXPECT_EQ(test, spin_bug_count, before + 1);
	KTEST_EXPECT_EQ(
		test,
		ktest_log_count(
			test,
			"BUG: spinlock recursion on CPU#0, lock: &test_lock"),
		1);
	spin_unlock(&test_lock); /* matches the refused one */
	KTEST_EXPECT_TRUE(test, spin_is_locked(&test_lock));
	spin_unlock(&test_lock);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&test_lock));
	KTEST_EXPECT_EQ(test, spin_bug_count, before + 1);
}

static void spinlock_debug_unlock_when_free(struct ktest *test)
{
	unsigned long before = spin_bug_count;

	spin_lock_init(&test_lock);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	spin_unlock(&test_lock);
	KTEST_EXPECT_EQ(test, spin_bug_count, before + 1);
	KTEST_EXPECT_EQ(
		test,
		ktest_log_count(test,
				"BUG: spinlock already unlocked on CPU#0"),
		1);
	/* Still usable, and balanced. */
	KTEST_EXPECT_TRUE(test, spin_trylock(&test_lock));
	spin_unlock(&test_lock);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&test_lock));
}

static void unlock_test_lock(void *info)
{
	spin_unlock(&test_lock);
}

static void spinlock_debug_unlock_by_other_cpu(struct ktest *test)
{
	unsigned long before = spin_bug_count;
	char report[64];
	unsigned int cpu;

	need_cpus(test, 2);
	cpu = other_cpu();
	snprintf(report, sizeof(report),
		 "BUG: spinlock wrong CPU on CPU#%u, lock: &test_lock", cpu);
	spin_lock_init(&test_lock);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	spin_lock(&test_lock);
	KTEST_ASSERT_EQ(
		test,
		smp_call_function_single(cpu, unlock_test_lock, NULL, true), 0);
	KTEST_EXPECT_EQ(test, spin_bug_count, before + 1);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, report), 1);
	/* The lock stayed with its owner, who can release it. */
	KTEST_EXPECT_TRUE(test, spin_is_locked(&test_lock));
	KTEST_EXPECT_EQ(test, test_lock.owner_cpu, 0);
	spin_unlock(&test_lock);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&test_lock));
	KTEST_EXPECT_EQ(test, spin_bug_count, before + 1);
}

static void spinlock_debug_bad_magic(struct ktest *test)
{
	static spinlock_t never_initialised;
	unsigned long before = spin_bug_count;

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	spin_lock(&never_initialised);
	KTEST_EXPECT_EQ(test, spin_bug_count, before + 1);
	KTEST_EXPECT_EQ(
		test, ktest_log_count(test, "BUG: spinlock bad magic on CPU#0"),
		1);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&never_initialised));
}
#endif

#ifdef CONFIG_LOCK_STAT
/* -- Statistics ----------------------------------------------------------- */

/*
 * Ten uncontended acquisitions and a trylock count as such; then CPU 0
 * holds the lock while another CPU asks for it: one contended acquisition
 * (the other CPU took its ticket while the lock was held). Its spins are
 * not checked: the other CPU may first look again after the release.
 */
static void spinlock_stat_counts_contention(struct ktest *test)
{
	struct lock_stat st;

	init_shared_test_lock();
	for (int i = 0; i < 10; i++) {
		spin_lock(&test_lock);
		spin_unlock(&test_lock);
	}
	KTEST_ASSERT_TRUE(test, spin_trylock(&test_lock));
	KTEST_EXPECT_FALSE(test, spin_trylock(&test_lock));
	spin_unlock(&test_lock);
	st = spin_lock_stat(&test_lock);
	KTEST_EXPECT_EQ(test, st.acquisitions, 11);
	KTEST_EXPECT_EQ(test, st.contentions, 0);
	KTEST_EXPECT_EQ(test, st.spins, 0);
	need_cpus(test, 2);
	order_len = 0;
	spin_lock(&test_lock);
	smp_call_function_single(other_cpu(), queue_on_lock, NULL, false);
	while (arch_spin_waiters(&test_lock.raw) != 1)
		cpu_relax();
	spin_unlock(&test_lock);
	while (__atomic_load_n(&order_len, __ATOMIC_ACQUIRE) != 1)
		cpu_relax();
	st = spin_lock_stat(&test_lock);
	KTEST_EXPECT_EQ(test, st.acquisitions, 13);
	KTEST_EXPECT_EQ(test, st.contentions, 1);
}
#endif

#ifdef CONFIG_PARAVIRT_SPINLOCKS
/* -- CONFIG_PARAVIRT_SPINLOCKS: halts and kicks ---------------------------- */

/* Hand-overs per direction: each one a halt and a kick. */
#define PV_ROUNDS 100
static unsigned int pv_holder_rounds, pv_waiter_rounds;

/* On another CPU (an inter-processor call): take the lock, count, drop it. */
static void count_under_lock(void *info)
{
	spin_lock(&test_lock);
	__atomic_store_n(&pv_waiter_rounds, pv_waiter_rounds + 1,
			 __ATOMIC_RELEASE);
	spin_unlock(&test_lock);
}

static bool pv_halted(unsigned int cpu)
{
	return __atomic_load_n(&pv_halted_cpus, __ATOMIC_ACQUIRE) &
	       (1UL << cpu);
}

/*
 * On another CPU (an inter-processor call, interrupts off): hold the lock
 * until CPU 0 has halted waiting for it, then release it, which must kick.
 */
static void hold_until_cpu0_halts(void *info)
{
	spin_lock(&test_lock);
	__atomic_store_n(&pv_holder_rounds, pv_holder_rounds + 1,
			 __ATOMIC_RELEASE);
	while (!pv_halted(0))
		cpu_relax();
	spin_unlock(&test_lock);
}

/*
 * Every hand-over waits until the waiter has halted before the release:
 * a waiter with interrupts off (another CPU, inside an inter-processor
 * call) is woken only by the kick's NMI, so a lost or missing kick hangs
 * the case (its timeout fails it); CPU 0 waits with interrupts on. The
 * counts must show halts and kicks, at most one kick per hand-over.
 */
static void spinlock_pv_halt_and_kick(struct ktest *test)
{
	struct pv_spin_stats before, after;
	unsigned int cpu, i;

	need_cpus(test, 2);
	cpu = other_cpu();
	init_shared_test_lock();
	before = pv_spin_stats();
	/* Nobody waits: releases kick nobody. */
	for (i = 0; i < PV_ROUNDS; i++) {
		spin_lock(&test_lock);
		spin_unlock(&test_lock);
	}
	after = pv_spin_stats();
	KTEST_EXPECT_EQ(test, after.kicks, before.kicks);
	KTEST_EXPECT_EQ(test, after.halts, before.halts);

	/*
	 * The other CPU waits with interrupts off, CPU 0 releases. (Not
	 * queue_on_lock(): order[] holds one entry per CPU, not PV_ROUNDS.)
	 */
	pv_waiter_rounds = 0;
	before = pv_spin_stats();
	for (i = 0; i < PV_ROUNDS; i++) {
		spin_lock(&test_lock);
		smp_call_function_single(cpu, count_under_lock, NULL, false);
		while (!pv_halted(cpu))
			cpu_relax();
		spin_unlock(&test_lock);
		while (__atomic_load_n(&pv_waiter_rounds, __ATOMIC_ACQUIRE) !=
		       i + 1)
			cpu_relax();
	}
	after = pv_spin_stats();
	/*
	 * A release kicks when it finds the waiter published: at most once
	 * per hand-over (fewer if the waiter's last look saw its ticket and
	 * it withdrew first). A waiter that saw its ticket did not halt.
	 */
	KTEST_EXPECT_GT(test, after.kicks - before.kicks, 0);
	KTEST_EXPECT_LE(test, after.kicks - before.kicks, PV_ROUNDS);
	KTEST_EXPECT_GT(test, after.halts - before.halts, 0);

	/* CPU 0 waits with interrupts on, the other CPU releases. */
	pv_holder_rounds = 0;
	before = pv_spin_stats();
	for (i = 0; i < PV_ROUNDS; i++) {
		smp_call_function_single(cpu, hold_until_cpu0_halts, NULL,
					 false);
		while (__atomic_load_n(&pv_holder_rounds, __ATOMIC_ACQUIRE) !=
		       i + 1)
			cpu_relax();
		spin_lock(&test_lock);
		spin_unlock(&test_lock);
	}
	after = pv_spin_stats();
	/* CPU 0's timer ticks also wake it: some rounds need no kick. */
	KTEST_EXPECT_GT(test, after.halts - before.halts, 0);
	KTEST_EXPECT_GT(test, after.kicks - before.kicks, 0);
	KTEST_EXPECT_FALSE(test, spin_is_locked(&test_lock));
}
#endif

static struct ktest_case spinlock_cases[] = {
	KTEST_CASE(spinlock_trylock_and_state),
	KTEST_CASE(spinlock_tickets_wrap),
	KTEST_CASE(spinlock_irqsave_restores),
	KTEST_CASE(spinlock_is_fifo),
	KTEST_CASE(spinlock_excludes_on_all_cpus),
#ifdef CONFIG_DEBUG_SPINLOCK
	KTEST_CASE(spinlock_debug_recursion),
	KTEST_CASE(spinlock_debug_unlock_when_free),
	KTEST_CASE(spinlock_debug_unlock_by_other_cpu),
	KTEST_CASE(spinlock_debug_bad_magic),
#endif
#ifdef CONFIG_LOCK_STAT
	KTEST_CASE(spinlock_stat_counts_contention),
#endif
#ifdef CONFIG_PARAVIRT_SPINLOCKS
	KTEST_CASE(spinlock_pv_halt_and_kick),
#endif
	{}
};

static struct ktest_suite spinlock_suite = {
	.name = "spinlock",
	.cases = spinlock_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(spinlock_suite);
