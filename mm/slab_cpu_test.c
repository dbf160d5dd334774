// SPDX-License-Identifier: GPL-2.0
/*
 * The "slab_cpu" ktest suite: buddy+slab's per-CPU object caches
 * (mm/slab_cpu.c). The suite turns the layer on for its cases and drains
 * and restores it afterwards, so it runs in every CONFIG_SLAB_CPU_CACHE
 * boot whatever "slab_cpu_cache=" says.
 *
 * heap_lock's ticket counter (mm/cpu_layer_test.h) is how the cases check
 * that the common path takes no shared lock and that the slabs are
 * reached once per batch.
 *
 * The "slab_cpu_scaling" suite runs the workloads of the scaling figures
 * (Documentation/mm/slab-percpu.rst) on every online CPU at once:
 * kmalloc(64)+kfree() pairs, and rounds of BENCH_ROUND allocations per
 * CPU freed by the same or by the next CPU. It checks every object and
 * prints the operations and heap_lock acquisitions; with ktest.icount=1
 * under -icount the case's instruction count gives the instructions per
 * operation. slab_cpu_scaling.ops= sets the operations per CPU (default
 * 4096, a fraction of a second; the figures used 65536).
 */
#include <ktest.h>
#include <ktest/smp.h>
#include <kmlab/slab.h>
#include <kmlab/smp.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include "internal.h"
#include "slab_cache.h"
#include "slab_cpu.h"
#include "kfence_pause_test.h"
#include "cpu_layer_test.h"
#include "quarantine.h"
#include <kmlab/init_on.h>

static struct init_on_saved saved_init_on;
#ifdef CONFIG_KMALLOC_QUARANTINE
static unsigned long saved_quarantine_bytes;
static unsigned int saved_quarantine_objects;
#endif

/*
 * The cases count what reaches the slabs, so what sends a request to the
 * locked path instead (KFENCE sampling, init_on_alloc=/init_on_free=, an
 * active quarantine: mm/kmalloc.c's cpu_cache_may_alloc/free()) is off
 * while they run (kfence_pause_suite() drains the per-CPU caches first),
 * and everything is restored after.
 */
static int slab_cpu_suite_init(struct ktest_suite *suite)
{
	kfence_pause_suite(suite);
	saved_init_on = init_on_pause();
#ifdef CONFIG_KMALLOC_QUARANTINE
	kmalloc_quarantine_flush();
	saved_quarantine_bytes = quarantine_max_bytes;
	saved_quarantine_objects = quarantine_max_objects;
	quarantine_max_bytes = 0;
	quarantine_max_objects = 0;
#endif
	slab_cpu_resume(true); /* kfence_pause_suite() drained it */
	return 0;
}

static void slab_cpu_suite_exit(struct ktest_suite *suite)
{
	slab_cpu_pause(); /* kfence_resume_suite() turns it back as it was */
#ifdef CONFIG_KMALLOC_QUARANTINE
	quarantine_max_bytes = saved_quarantine_bytes;
	quarantine_max_objects = saved_quarantine_objects;
#endif
	init_on_resume(saved_init_on);
	kfence_resume_suite(suite);
}

/* kmalloc(64) and kfree() in a loop: the same object, no heap_lock. */
static void fast_path_takes_no_heap_lock(struct ktest *test)
{
	void *first = kmalloc(64, GFP_KERNEL), *p;
	u16 before;

	KTEST_ASSERT_NOT_NULL(test, first);
	kfree(first);
	before = heap_lock_taken();
	for (int i = 0; i < 100; i++) {
		p = kmalloc(64, GFP_KERNEL);
		KTEST_EXPECT_PTR_EQ(test, p, first);
		kfree(p);
	}
	KTEST_EXPECT_EQ(test, (u16)(heap_lock_taken() - before), 0);
}

#define NOBJ (4 * SLAB_CPU_BATCH)

/* From empty arrays: one heap_lock per batch of allocations or frees. */
static void slabs_reached_once_per_batch(struct ktest *test)
{
	void *obj[NOBJ];
	u16 before;

	kmem_cache_drain_cpus();
	before = heap_lock_taken();
	for (int i = 0; i < NOBJ; i++)
		obj[i] = kmalloc(200, GFP_KERNEL);
	KTEST_EXPECT_EQ(test, (u16)(heap_lock_taken() - before),
			NOBJ / SLAB_CPU_BATCH);
	for (int i = 0; i < NOBJ; i++)
		KTEST_ASSERT_NOT_NULL(test, obj[i]);
	before = heap_lock_taken();
	for (int i = 0; i < NOBJ; i++)
		kfree(obj[i]);
	/* The array fills to SLAB_CPU_LIMIT, then gives a batch back each
	 * SLAB_CPU_BATCH frees. */
	KTEST_EXPECT_EQ(test, (u16)(heap_lock_taken() - before),
			(NOBJ - SLAB_CPU_LIMIT) / SLAB_CPU_BATCH);
}

/* Objects in the arrays are free in the statistics; validate drains. */
static void statistics_exact_while_cached(struct ktest *test)
{
	struct slab_cache *c = slab_kmalloc_cache(100);
	struct kmalloc_stats before = kmalloc_stats_now(), mid, after;
	void *obj[10];

	for (int i = 0; i < 10; i++) {
		obj[i] = kmalloc(100, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, obj[i]);
	}
	mid = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, mid.nr_allocs - before.nr_allocs, 10);
	KTEST_EXPECT_EQ(test, mid.live_objects - before.live_objects, 10);
	KTEST_EXPECT_EQ(test, mid.live_bytes - before.live_bytes,
			10 * c->object_size);
	for (int i = 0; i < 10; i++)
		kfree(obj[i]);
	KTEST_EXPECT_GT(test, slab_cpu_cached(c), 0);
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, after.nr_frees - before.nr_frees, 10);
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_EQ(test, slab_cpu_cached(c), 0);
}

/*
 * ksize() and a second kfree() of an object in this CPU's array are
 * reported, and the object is handed out once.
 */
static void double_free_in_array_reported(struct ktest *test)
{
	struct kmalloc_stats before;
	void *p = kmalloc(32, GFP_KERNEL), *q, *r;

	KTEST_ASSERT_NOT_NULL(test, p);
	kfree(p);
	before = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, ksize(p), 0);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	before = kmalloc_stats_now();
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, before.nr_frees);
	q = kmalloc(32, GFP_KERNEL);
	r = kmalloc(32, GFP_KERNEL);
	KTEST_EXPECT_PTR_NE(test, q, r);
	kfree(q);
	kfree(r);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

struct remote_free {
	void *obj[SLAB_CPU_LIMIT];
	u16 taken;
};

static void free_them(void *arg)
{
	struct remote_free *rf = arg;
	u16 before = heap_lock_taken();

	for (int i = 0; i < SLAB_CPU_LIMIT; i++)
		kfree(rf->obj[i]);
	rf->taken = heap_lock_taken() - before;
}

/*
 * Objects allocated on CPU 0 and freed on another go to that CPU's array
 * without heap_lock; the statistics and validate() see them freed.
 */
static void remote_free_goes_to_the_freeing_cpu(struct ktest *test)
{
	struct slab_cache *c = slab_kmalloc_cache(48);
	struct kmalloc_stats before;
	unsigned int cpu = last_cpu();
	struct remote_free rf;

	if (!cpu) {
		ktest_skip(test, "needs a second CPU");
		return;
	}
	kmem_cache_drain_cpus();
	before = kmalloc_stats_now();
	for (int i = 0; i < SLAB_CPU_LIMIT; i++) {
		rf.obj[i] = kmalloc(48, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, rf.obj[i]);
	}
	KTEST_ASSERT_EQ(test,
			smp_call_function_single(cpu, free_them, &rf, true), 0);
	KTEST_EXPECT_EQ(test, rf.taken, 0);
	KTEST_EXPECT_EQ(test, c->cpu_array[cpu].avail, SLAB_CPU_LIMIT);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().live_objects,
			before.live_objects);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_EQ(test, c->cpu_array[cpu].avail, 0);
}

static void alloc_and_free_here(void *arg)
{
	struct kmem_cache *s = arg;

	kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
}

struct remote_alloc {
	struct kmem_cache *s;
	void *obj;
};

static void alloc_here(void *arg)
{
	struct remote_alloc *ra = arg;

	ra->obj = kmem_cache_alloc(ra->s, GFP_KERNEL);
}

static void ctor_nop(void *obj)
{
}

/*
 * kmem_cache_destroy() counts the objects every CPU served: one live
 * object allocated from the last CPU's array keeps the cache; once freed,
 * the arrays of every CPU are drained and the slabs go back.
 */
static void destroy_counts_and_drains_every_cpu(struct ktest *test)
{
	struct remote_alloc ra;
	unsigned long held;

	/* A constructor keeps it from merging with a kmalloc cache. */
	ra.s = kmem_cache_create("slab_cpu_test", 72, 0, 0, ctor_nop);
	KTEST_ASSERT_NOT_NULL(test, ra.s);
	on_each_cpu(alloc_and_free_here, ra.s, true);
	KTEST_ASSERT_EQ(
		test,
		smp_call_function_single(last_cpu(), alloc_here, &ra, true), 0);
	KTEST_ASSERT_NOT_NULL(test, ra.obj);
	held = kmalloc_stats_now().pages_held;
	kmem_cache_destroy(ra.s); /* refused: "1 objects remain" */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held);
	kmem_cache_free(ra.s, ra.obj);
	KTEST_EXPECT_GT(test, slab_cpu_cached(ra.s->priv), 0);
	kmem_cache_destroy(ra.s);
	KTEST_EXPECT_LT(test, kmalloc_stats_now().pages_held, held);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * kmem_cache_shrink() on CPU 0 empties the arrays of every CPU (it locks
 * them: no inter-processor call) and gives every slab of the cache back:
 * pages_held falls to its figure before the cache had an object.
 */
static void shrink_drains_every_cpu(struct ktest *test)
{
	struct kmem_cache *s;
	struct slab_cache *c;
	unsigned long held;
	unsigned int cpu;

	if (!last_cpu()) {
		ktest_skip(test, "needs a second CPU");
		return;
	}
	s = kmem_cache_create("slab_cpu_shrink", 72, 0, 0, ctor_nop);
	KTEST_ASSERT_NOT_NULL(test, s);
	c = s->priv;
	held = kmalloc_stats_now().pages_held;
	on_each_cpu(alloc_and_free_here, s, true);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_GT(test, c->cpu_array[cpu].avail, 0);
	KTEST_EXPECT_GT(test, kmalloc_stats_now().pages_held, held);

	KTEST_EXPECT_EQ(test, kmem_cache_shrink(s), 0);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(test, c->cpu_array[cpu].avail, 0);
	KTEST_EXPECT_EQ(test, c->nr_slabs, 0u);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(s);
}

/* --- slab_cpu_scaling ---------------------------------------------- */

#define BENCH_ROUND 256

static unsigned long bench_ops = 4096;
kernel_param_range("slab_cpu_scaling.ops", bench_ops, ulong, 2 * BENCH_ROUND,
		   100000000,
		   "operations per CPU of each slab_cpu_scaling case");

static struct {
	void *slot[CONFIG_NR_CPUS][BENCH_ROUND];
	unsigned int victim[CONFIG_NR_CPUS]; /* whose slots a CPU frees */
} bench;

static unsigned long bench_pairs(void *arg, unsigned int cpu, char *msg)
{
	unsigned long failed = 0;

	for (unsigned long i = 0; i < BENCH_ROUND; i++) {
		/* A real store and load: the check can fail. */
		volatile u32 *p = kmalloc(64, GFP_KERNEL);

		if (!p) {
			snprintf(msg, KTEST_CPU_MSG_SIZE, "kmalloc(64) failed");
			return failed + 1;
		}
		*p = i;
		failed += *p != (u32)i;
		kfree((void *)p);
	}
	return failed;
}

static unsigned long bench_alloc_round(void *arg, unsigned int cpu, char *msg)
{
	for (unsigned int i = 0; i < BENCH_ROUND; i++) {
		u32 *p = kmalloc(64, GFP_KERNEL);

		if (!p) {
			snprintf(msg, KTEST_CPU_MSG_SIZE, "kmalloc(64) failed");
			return 1;
		}
		*p = cpu << 16 | i;
		bench.slot[cpu][i] = p;
	}
	return 0;
}

static unsigned long bench_free_round(void *arg, unsigned int cpu, char *msg)
{
	unsigned int v = bench.victim[cpu];
	unsigned long failed = 0;

	for (unsigned int i = 0; i < BENCH_ROUND; i++) {
		u32 *p = bench.slot[v][i];

		if (*p != (v << 16 | i) && !failed++)
			snprintf(msg, KTEST_CPU_MSG_SIZE,
				 "object %u of CPU %u overwritten", i, v);
		kfree(p);
	}
	return failed;
}

/* The array lock of the kmalloc(64) cache, the workloads' size. */
static spinlock_t *array_lock_of(unsigned int cpu, void *arg)
{
	return &slab_kmalloc_cache(64)->cpu_array[cpu].lock;
}

static void bench_report(struct ktest *test, unsigned long ops, u32 locks,
			 struct layer_locks before)
{
	ktest_printk(
		test,
		"%u CPUs, per-CPU caches %s: %lu operations, %u heap_lock acquisitions",
		num_online_cpus(), slab_cpu_cache ? "on" : "off",
		ops * num_online_cpus(), locks);
	layer_locks_report(test, ops * num_online_cpus(), before, array_lock_of,
			   NULL);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* kmalloc(64) and kfree() pairs on every CPU at once. */
static void scaling_local_pairs(struct ktest *test)
{
	unsigned long rounds = bench_ops / (2 * BENCH_ROUND);
	struct layer_locks before = layer_locks_now(array_lock_of, NULL);
	u16 mark = heap_lock_taken();
	u32 locks = 0;

	for (unsigned long r = 0; r < rounds; r++) {
		ktest_run_on_each_cpu(test, bench_pairs, NULL);
		locks += lock_count(&mark);
	}
	bench_report(test, rounds * 2 * BENCH_ROUND, locks, before);
}

/* Rounds of allocations, each freed by the next CPU (@remote) or itself. */
static void run_rounds(struct ktest *test, bool remote)
{
	unsigned long rounds = bench_ops / (2 * BENCH_ROUND);
	struct layer_locks before;
	unsigned int cpu;
	u32 locks = 0;
	u16 mark;

	for_each_online_cpu(cpu)
	{
		unsigned int next = next_online(cpu);

		/* CPU next frees what cpu allocated, or its own. */
		bench.victim[next] = remote ? cpu : next;
	}
	before = layer_locks_now(array_lock_of, NULL);
	mark = heap_lock_taken();
	for (unsigned long r = 0; r < rounds; r++) {
		ktest_run_on_each_cpu(test, bench_alloc_round, NULL);
		ktest_run_on_each_cpu(test, bench_free_round, NULL);
		locks += lock_count(&mark);
	}
	bench_report(test, rounds * 2 * BENCH_ROUND, locks, before);
}

static void scaling_rounds_local_free(struct ktest *test)
{
	run_rounds(test, false);
}

static void scaling_rounds_remote_free(struct ktest *test)
{
	run_rounds(test, true);
}

static struct ktest_case slab_cpu_scaling_cases[] = {
	KTEST_CASE(scaling_local_pairs),
	KTEST_CASE(scaling_rounds_local_free),
	KTEST_CASE(scaling_rounds_remote_free),
	{}
};

static struct ktest_suite slab_cpu_scaling_suite = {
	.name = "slab_cpu_scaling",
	.cases = slab_cpu_scaling_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(slab_cpu_scaling_suite);

static struct ktest_case slab_cpu_cases[] = {
	KTEST_CASE(fast_path_takes_no_heap_lock),
	KTEST_CASE(slabs_reached_once_per_batch),
	KTEST_CASE(statistics_exact_while_cached),
	KTEST_CASE(double_free_in_array_reported),
	KTEST_CASE(remote_free_goes_to_the_freeing_cpu),
	KTEST_CASE(destroy_counts_and_drains_every_cpu),
	KTEST_CASE(shrink_drains_every_cpu),
	{}
};

static struct ktest_suite slab_cpu_suite = {
	.name = "slab_cpu",
	.suite_init = slab_cpu_suite_init,
	.suite_exit = slab_cpu_suite_exit,
	.cases = slab_cpu_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(slab_cpu_suite);
