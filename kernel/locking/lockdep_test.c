// SPDX-License-Identifier: GPL-2.0
/*
 * The "lockdep" ktest suite: every report of CONFIG_PROVE_LOCKING
 * (kernel/locking/lockdep.c) provoked on purpose, its line and its count
 * checked, and the orders it must not report.
 *
 * Each provoking case runs on a scratch graph (use_scratch()): CPU 0
 * checks against an empty struct lockdep_graph until the case ends, so
 * that the reports it provokes, and the tables it fills, are not the boot
 * graph's, as Linux's locking selftests reset lockdep between tests. The
 * boot graph stays in force for the other CPUs and for every other suite,
 * where any report fails the case: that the ordinary kernel takes none is
 * checked by every boot with CONFIG_PROVE_LOCKING (make check-smp).
 *
 * Inversions need no second CPU: the checker reports the order, not a
 * deadlock, so one CPU taking A then B and later B then A is enough (the
 * locks are distinct, so nothing hangs). Interrupt context is simulated
 * as in Linux's lib/locking-selftest.c: lockdep_hardirq_enter() with
 * interrupts off. lockdep_real_hardirq takes a lock in a real
 * inter-processor call on another CPU.
 */
#include <ktest.h>
#include <kmlab/lockdep.h>
#include <kmlab/spinlock.h>
#include <kmlab/smp.h>
#include <kmlab/string.h>
#include "lockdep_internals.h"

static struct lockdep_graph scratch;

static void restore_graph(void *old)
{
	lockdep_swap_graph(old);
}

/* Check against an empty graph on this CPU until the case ends. */
static void use_scratch(struct ktest *test)
{
	memset(&scratch, 0, sizeof(scratch));
	KTEST_ASSERT_EQ(test,
			ktest_add_action(test, restore_graph,
					 lockdep_swap_graph(&scratch)),
			0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
}

static DEFINE_SPINLOCK(lock_a);
static DEFINE_SPINLOCK(lock_b);
static DEFINE_SPINLOCK(lock_c);

/* Take @outer, then @inner; release both. */
static __noinline void take_nested(spinlock_t *outer, spinlock_t *inner)
{
	spin_lock(outer);
	spin_lock(inner);
	spin_unlock(inner);
	spin_unlock(outer);
}

/*
 * @reports made so far in the scratch graph, and each of @line1 and @line2
 * (if not NULL) printed once.
 */
static void expect_reports(struct ktest *test, unsigned int reports,
			   const char *line1, const char *line2)
{
	KTEST_EXPECT_EQ(test, scratch.reports, reports);
	KTEST_EXPECT_EQ_MSG(test, ktest_log_count(test, line1), 1, "%s", line1);
	if (line2)
		KTEST_EXPECT_EQ_MSG(test, ktest_log_count(test, line2), 1, "%s",
				    line2);
}

#define CYCLE "WARNING: possible circular locking dependency detected: CPU#0: "

static void lockdep_abba(struct ktest *test)
{
	use_scratch(test);
	take_nested(&lock_a, &lock_b);
	KTEST_EXPECT_EQ(test, scratch.reports, 0);
	take_nested(&lock_b, &lock_a);
	expect_reports(test, 1, CYCLE "takes lock_a while holding lock_b\n",
		       "existing dependency chain: lock_a -> lock_b\n");
	expect_reports(test, 1,
		       " lock_a -> lock_b: lock_b taken at take_nested", NULL);
	/* Once per pair; the inverse order was not learnt. */
	take_nested(&lock_b, &lock_a);
	expect_reports(test, 1, CYCLE, NULL);
	KTEST_EXPECT_EQ(test, scratch.nr_edges, 1);
	KTEST_EXPECT_EQ(test, scratch.nr_classes, 2);
}

static void lockdep_transitive(struct ktest *test)
{
	use_scratch(test);
	take_nested(&lock_a, &lock_b);
	take_nested(&lock_b, &lock_c);
	KTEST_EXPECT_EQ(test, scratch.reports, 0);
	take_nested(&lock_c, &lock_a);
	expect_reports(
		test, 1, CYCLE "takes lock_a while holding lock_c\n",
		"existing dependency chain: lock_a -> lock_b -> lock_c\n");
	expect_reports(test, 1, " lock_b -> lock_c: ", NULL);
}

/* Consistent orders, nesting three deep and trylocks: nothing to report. */
static void lockdep_no_false_report(struct ktest *test)
{
	use_scratch(test);
	take_nested(&lock_a, &lock_b);
	take_nested(&lock_a, &lock_c);
	spin_lock(&lock_a);
	spin_lock(&lock_b);
	spin_lock(&lock_c);
	spin_unlock(&lock_a); /* released out of order */
	spin_unlock(&lock_c);
	spin_unlock(&lock_b);
	/* A trylock cannot wait: the inverse order is not a deadlock. */
	spin_lock(&lock_c);
	KTEST_ASSERT_TRUE(test, spin_trylock(&lock_a));
	spin_unlock(&lock_a);
	spin_unlock(&lock_c);
	KTEST_EXPECT_EQ(test, scratch.reports, 0);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "WARNING: "), 0);
	KTEST_EXPECT_EQ(test, scratch.nr_edges, 3); /* a->b, a->c, b->c */
	KTEST_EXPECT_EQ(test, scratch.max_depth, 3);
}

/* -- Classes: one per spin_lock_init() call site ------------------------- */

struct obj {
	spinlock_t lock;
};

static struct obj objs_one[2], objs_two[2];

static void obj_init_one(struct obj *o)
{
	spin_lock_init(&o->lock);
}

static void obj_init_two(struct obj *p)
{
	spin_lock_init(&p->lock);
}

static void lockdep_class_per_init_site(struct ktest *test)
{
	use_scratch(test);
	for (int i = 0; i < 2; i++) {
		obj_init_one(&objs_one[i]);
		obj_init_two(&objs_two[i]);
	}
	/* One class: both orders within it are not checked (no report). */
	take_nested(&objs_one[0].lock, &objs_one[1].lock);
	take_nested(&objs_one[1].lock, &objs_one[0].lock);
	KTEST_EXPECT_EQ(test, scratch.reports, 0);
	KTEST_EXPECT_PTR_EQ(test, lockdep_class_of(&scratch, &objs_one[0].lock),
			    lockdep_class_of(&scratch, &objs_one[1].lock));
	/* Two sites, two classes: instances other than the first invert. */
	take_nested(&objs_one[0].lock, &objs_two[0].lock);
	take_nested(&objs_two[1].lock, &objs_one[1].lock);
	expect_reports(test, 1, CYCLE "takes &o->lock while holding &p->lock\n",
		       NULL);
	KTEST_EXPECT_EQ(test, scratch.nr_classes, 2);
}

/* -- Interrupt safety ------------------------------------------------------ */

static DEFINE_SPINLOCK(lock_x);
static DEFINE_SPINLOCK(lock_y);
static DEFINE_SPINLOCK(lock_s);
static DEFINE_SPINLOCK(lock_u);
static DEFINE_SPINLOCK(lock_m);

/* Take @lock as an interrupt handler would (simulated, as Linux does). */
static void take_in_hardirq(spinlock_t *lock)
{
	unsigned long flags = local_irq_save();

	lockdep_hardirq_enter();
	spin_lock(lock);
	spin_unlock(lock);
	lockdep_hardirq_exit();
	local_irq_restore(flags);
}

#define INCONSISTENT "WARNING: inconsistent lock state: CPU#0: "

static void lockdep_inconsistent_state(struct ktest *test)
{
	use_scratch(test);
	KTEST_ASSERT_FALSE(test, irqs_disabled());
	spin_lock(&lock_x); /* interrupts on: HARDIRQ-unsafe */
	spin_unlock(&lock_x);
	take_in_hardirq(&lock_x);
	expect_reports(
		test, 1,
		INCONSISTENT
		"lock_x taken in hardirq context and with interrupts enabled\n",
		NULL);
	/* The other way round, and once per class. */
	take_in_hardirq(&lock_y);
	spin_lock(&lock_y);
	spin_unlock(&lock_y);
	spin_lock(&lock_y);
	spin_unlock(&lock_y);
	take_in_hardirq(&lock_x);
	expect_reports(test, 2, INCONSISTENT "lock_y ", NULL);
	/* With interrupts off in process context a lock is neither. */
	spin_lock_irq(&lock_c);
	spin_unlock_irq(&lock_c);
	take_in_hardirq(&lock_c);
	KTEST_EXPECT_EQ(test, scratch.reports, 2);
}

/*
 * A report from the usage check does not stop the dependency check of the
 * same acquisition: lock_a -> lock_x is learnt (and closes a cycle later).
 */
static void lockdep_usage_report_then_dependency(struct ktest *test)
{
	use_scratch(test);
	take_in_hardirq(&lock_x); /* HARDIRQ-safe */
	take_nested(&lock_a, &lock_x); /* interrupts on: inconsistent */
	expect_reports(test, 1, INCONSISTENT "lock_x ", NULL);
	KTEST_EXPECT_EQ(test, scratch.nr_edges, 1);
	take_nested(&lock_x, &lock_a);
	expect_reports(test, 2, CYCLE "takes lock_a while holding lock_x\n",
		       NULL);
}

#define IRQ_ORDER \
	"WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected: CPU#0: "

static void lockdep_irq_order(struct ktest *test)
{
	unsigned long flags;

	use_scratch(test);
	/* The dependency comes last: S safe, U unsafe, then S -> U. */
	take_in_hardirq(&lock_s);
	spin_lock(&lock_u);
	spin_unlock(&lock_u);
	KTEST_EXPECT_EQ(test, scratch.reports, 0);
	spin_lock_irqsave(&lock_s, flags);
	spin_lock(&lock_u);
	spin_unlock(&lock_u);
	spin_unlock_irqrestore(&lock_s, flags);
	expect_reports(test, 1, IRQ_ORDER "lock_s -> lock_u\n",
		       "dependency chain: lock_s -> lock_u\n");
	/* The usage comes last, through a middle class: A safe, A -> M -> C. */
	take_in_hardirq(&lock_a);
	spin_lock_irqsave(&lock_a, flags);
	spin_lock(&lock_m);
	spin_lock(&lock_c);
	spin_unlock(&lock_c);
	spin_unlock(&lock_m);
	spin_unlock_irqrestore(&lock_a, flags);
	KTEST_EXPECT_EQ(test, scratch.reports, 1);
	spin_lock(&lock_c); /* interrupts on: C becomes HARDIRQ-unsafe */
	spin_unlock(&lock_c);
	expect_reports(test, 2, IRQ_ORDER "lock_a -> lock_c\n",
		       "dependency chain: lock_a -> lock_m -> lock_c\n");
}

/* -- Full tables ----------------------------------------------------------- */

static spinlock_t many[MAX_LOCKDEP_KEYS + 1];
static struct lock_class_key many_keys[MAX_LOCKDEP_KEYS + 1];

/* @n locks, each a class of its own. */
static void init_many(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		spin_lock_init(&many[i]);
		lockdep_set_class_and_name(&many[i], &many_keys[i], "many");
	}
}

#define FULL(what) "BUG: " what " too low! "

/* After a full table, checking is off: an inversion goes unreported. */
static void expect_off(struct ktest *test)
{
	KTEST_EXPECT_TRUE(test, scratch.off);
	take_nested(&lock_a, &lock_b);
	take_nested(&lock_b, &lock_a);
	KTEST_EXPECT_EQ(test, scratch.reports, 1);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, CYCLE), 0);
}

static void lockdep_full_classes(struct ktest *test)
{
	use_scratch(test);
	init_many(MAX_LOCKDEP_KEYS + 1);
	for (unsigned int i = 0; i <= MAX_LOCKDEP_KEYS; i++) {
		spin_lock(&many[i]);
		spin_unlock(&many[i]);
	}
	KTEST_EXPECT_EQ(test, scratch.nr_classes, MAX_LOCKDEP_KEYS);
	expect_reports(
		test, 1,
		FULL("MAX_LOCKDEP_KEYS") "(128), turning off the locking correctness validator\n",
		NULL);
	expect_off(test);
}

static void lockdep_full_dependencies(struct ktest *test)
{
	/* Every pair i < j of n classes: n * (n - 1) / 2 > 512 for n = 33. */
	const unsigned int n = 33;

	use_scratch(test);
	init_many(n);
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int j = i + 1; j < n; j++)
			take_nested(&many[i], &many[j]);
	KTEST_EXPECT_EQ(test, scratch.nr_edges, MAX_LOCKDEP_ENTRIES);
	expect_reports(test, 1, FULL("MAX_LOCKDEP_ENTRIES") "(512)", NULL);
	expect_off(test);
}

static void lockdep_full_depth(struct ktest *test)
{
	use_scratch(test);
	init_many(MAX_LOCK_DEPTH + 1);
	for (unsigned int i = 0; i <= MAX_LOCK_DEPTH; i++)
		spin_lock(&many[i]);
	for (unsigned int i = 0; i <= MAX_LOCK_DEPTH; i++)
		spin_unlock(&many[i]);
	KTEST_EXPECT_EQ(test, scratch.max_depth, MAX_LOCK_DEPTH);
	expect_reports(test, 1, FULL("MAX_LOCK_DEPTH") "(48)", NULL);
	expect_off(test);
}

/* -- The boot graph ------------------------------------------------------- */

static DEFINE_SPINLOCK(lock_in_ipi);

static void take_lock_in_ipi(void *info)
{
	spin_lock(&lock_in_ipi);
	spin_unlock(&lock_in_ipi);
}

/*
 * A real interrupt (an inter-processor call on another CPU) marks the
 * class HARDIRQ-safe in the boot graph; CPU 0 then takes it correctly,
 * with interrupts off, and nothing is reported.
 */
static void lockdep_real_hardirq(struct ktest *test)
{
	struct lock_class *class;
	unsigned long flags;
	unsigned int cpu = 1;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs 2 CPUs, %u online (make run SMP=2)",
			   num_online_cpus());
	while (!cpu_online(cpu))
		cpu++;
	KTEST_ASSERT_EQ(
		test,
		smp_call_function_single(cpu, take_lock_in_ipi, NULL, true), 0);
	class = lockdep_class_of(&lockdep_boot_graph, &lock_in_ipi);
	KTEST_ASSERT_NOT_NULL(test, class);
	KTEST_EXPECT_TRUE(test, class->usage & (1U << LOCK_USED_IN_HARDIRQ));
	KTEST_EXPECT_FALSE(test, class->usage & (1U << LOCK_ENABLED_HARDIRQ));
	spin_lock_irqsave(&lock_in_ipi, flags);
	spin_unlock_irqrestore(&lock_in_ipi, flags);
	KTEST_EXPECT_FALSE(test, class->usage & (1U << LOCK_ENABLED_HARDIRQ));
}

static struct ktest_case lockdep_cases[] = {
	KTEST_CASE(lockdep_abba),
	KTEST_CASE(lockdep_transitive),
	KTEST_CASE(lockdep_no_false_report),
	KTEST_CASE(lockdep_class_per_init_site),
	KTEST_CASE(lockdep_inconsistent_state),
	KTEST_CASE(lockdep_usage_report_then_dependency),
	KTEST_CASE(lockdep_irq_order),
	KTEST_CASE(lockdep_full_classes),
	KTEST_CASE(lockdep_full_dependencies),
	KTEST_CASE(lockdep_full_depth),
	KTEST_CASE(lockdep_real_hardirq),
	{}
};

static struct ktest_suite lockdep_suite = {
	.name = "lockdep",
	.cases = lockdep_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(lockdep_suite);
