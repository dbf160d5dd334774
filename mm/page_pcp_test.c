// SPDX-License-Identifier: GPL-2.0
/*
 * The "page_pcp" ktest suite: the per-CPU lists of order-0 pages of the
 * buddy allocator (mm/page_pcp.c), white box. init_on_alloc= and
 * init_on_free= send every page to the locked path (mm/page_alloc.c), so
 * the suite turns them off for its cases and restores them after.
 *
 * The "page_pcp_scaling" suite runs the workloads of the figures in
 * Documentation/mm/slab-percpu.rst ("Order-0 pages") on every online CPU
 * at once: alloc_page()/__free_page() pairs, and rounds of PAGE_ROUND
 * pages per CPU freed by the next CPU. Every page is stamped and checked.
 * With ktest.icount=1 under -icount the case's instruction count gives
 * the instructions per operation; page_pcp_scaling.ops= sets the
 * operations per CPU (default 4096; the figures used 65536).
 */
#include <ktest.h>
#include <ktest/smp.h>
#include <ktest/log.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/smp.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/init_on.h>
#include "buddy.h"
#include "buddy_fast.h"
#include "internal.h"
#include "page_pcp.h"
#include "cpu_layer_test.h"

static struct init_on_saved saved_init_on;

static int page_pcp_suite_init(struct ktest_suite *suite)
{
	saved_init_on = init_on_pause();
	return 0;
}

static void page_pcp_suite_exit(struct ktest_suite *suite)
{
	init_on_resume(saved_init_on);
}

static struct per_cpu_pages *this_pcp(void)
{
	return &page_pcp[smp_processor_id()];
}

/* alloc_page() and __free_page() in a loop: the same page, no heap_lock. */
static void fast_path_takes_no_heap_lock(struct ktest *test)
{
	struct page *first = alloc_page(GFP_KERNEL), *page;
	u16 before;

	KTEST_ASSERT_NOT_NULL(test, first);
	__free_page(first);
	KTEST_ASSERT_TRUE(test, PagePcp(first));
	before = heap_lock_taken();
	for (int i = 0; i < 100; i++) {
		page = alloc_page(GFP_KERNEL);
		KTEST_EXPECT_PTR_EQ(test, page, first);
		__free_page(page);
	}
	KTEST_EXPECT_EQ(test, (u16)(heap_lock_taken() - before), 0);
}

#define NPAGES (PCP_HIGH + PCP_BATCH)

/*
 * From empty lists: heap_lock once per batch of allocations; the frees
 * fill the list to high, then one free gives a batch back first.
 */
static void refill_and_drain_in_batches(struct ktest *test)
{
	struct per_cpu_pages *pcp = this_pcp();
	struct page *pages[NPAGES];
	unsigned long free_before;
	u16 before;

	drain_all_pages();
	KTEST_ASSERT_EQ(test, pcp->count, 0);
	free_before = buddy_nr_free_pages();
	before = heap_lock_taken();
	for (int i = 0; i < NPAGES; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, pages[i]);
	}
	KTEST_EXPECT_EQ(test, (u16)(heap_lock_taken() - before),
			NPAGES / PCP_BATCH);
	KTEST_EXPECT_EQ(test, pcp->count, 0);
	KTEST_EXPECT_EQ(test, buddy_nr_free_pages(), free_before - NPAGES);
	before = heap_lock_taken();
	for (int i = 0; i < NPAGES; i++)
		__free_page(pages[i]);
	KTEST_EXPECT_EQ(test, (u16)(heap_lock_taken() - before), 1);
	KTEST_EXPECT_EQ(test, pcp->count, pcp->high);
	KTEST_EXPECT_EQ(test, buddy_nr_free_pages(), free_before);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

#define NREMOTE 4

struct remote_free {
	struct page *page[NREMOTE];
	u16 taken;
};

static void free_them(void *arg)
{
	struct remote_free *rf = arg;
	u16 before = heap_lock_taken();

	for (int i = 0; i < NREMOTE; i++)
		__free_page(rf->page[i]);
	rf->taken = heap_lock_taken() - before;
}

/*
 * Pages allocated on CPU 0 and freed on another go to that CPU's list
 * without heap_lock; drain_all_pages() on CPU 0 empties that list too.
 */
static void remote_free_goes_to_the_freeing_cpu(struct ktest *test)
{
	unsigned int cpu = last_cpu();
	struct per_cpu_pages *remote = &page_pcp[cpu];
	struct kmalloc_stats before;
	struct remote_free rf;

	if (!cpu) {
		ktest_skip(test, "needs a second CPU");
		return;
	}
	drain_all_pages();
	before = kmalloc_stats_now();
	for (int i = 0; i < NREMOTE; i++) {
		rf.page[i] = alloc_page(GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, rf.page[i]);
	}
	KTEST_ASSERT_EQ(test,
			smp_call_function_single(cpu, free_them, &rf, true), 0);
	KTEST_EXPECT_EQ(test, rf.taken, 0);
	KTEST_EXPECT_EQ(test, remote->count, NREMOTE);
	for (int i = 0; i < NREMOTE; i++)
		KTEST_EXPECT_TRUE(test, PagePcp(rf.page[i]));
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held,
			before.pages_held);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	drain_all_pages();
	KTEST_EXPECT_EQ(test, remote->count, 0);
	for (int i = 0; i < NREMOTE; i++)
		KTEST_EXPECT_FALSE(test, PagePcp(rf.page[i]));
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A page freed on CPU 0, freed again on another CPU: reported once. */
static void remote_double_free_reported(struct ktest *test)
{
	unsigned int cpu = last_cpu();
	struct kmalloc_stats before;
	struct remote_free rf;

	if (!cpu) {
		ktest_skip(test, "needs a second CPU");
		return;
	}
	for (int i = 0; i < NREMOTE; i++) {
		rf.page[i] = alloc_page(GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, rf.page[i]);
	}
	for (int i = 0; i < NREMOTE; i++)
		__free_page(rf.page[i]);
	before = kmalloc_stats_now();
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_ASSERT_EQ(test,
			smp_call_function_single(cpu, free_them, &rf, true), 0);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + NREMOTE);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, before.nr_frees);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held,
			before.pages_held);
	KTEST_EXPECT_LOG_CONTAINS(test, "kmalloc: double free of");
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

#define PER_CPU_PAGES 24

static struct page *held[CONFIG_NR_CPUS][PER_CPU_PAGES];

static unsigned long alloc_some(void *arg, unsigned int cpu, char *msg)
{
	for (int i = 0; i < PER_CPU_PAGES; i++) {
		held[cpu][i] = alloc_page(GFP_KERNEL);
		if (!held[cpu][i]) {
			snprintf(msg, KTEST_CPU_MSG_SIZE, "alloc_page failed");
			return 1;
		}
	}
	for (int i = 0; i < PER_CPU_PAGES / 2; i++)
		__free_page(held[cpu][i]);
	return 0;
}

/* Free what the previous online CPU kept (its second half). */
static unsigned long free_previous(void *arg, unsigned int cpu, char *msg)
{
	unsigned int prev = prev_online(cpu);

	for (int i = PER_CPU_PAGES / 2; i < PER_CPU_PAGES; i++)
		__free_page(held[prev][i]);
	return 0;
}

/*
 * Every CPU allocates and frees at once; the counts each list kept are
 * folded, so the statistics are exact; pages_held and its peak too.
 */
static void statistics_exact_on_every_cpu(struct ktest *test)
{
	struct kmalloc_stats before, mid, after;
	unsigned int n;

	before = kmalloc_stats_now();
	n = ktest_run_on_each_cpu(test, alloc_some, NULL);
	mid = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, mid.nr_allocs - before.nr_allocs,
			n * PER_CPU_PAGES);
	KTEST_EXPECT_EQ(test, mid.nr_frees - before.nr_frees,
			n * PER_CPU_PAGES / 2);
	KTEST_EXPECT_EQ(test, mid.pages_held - before.pages_held,
			n * PER_CPU_PAGES / 2);
	KTEST_EXPECT_EQ(test, mid.live_bytes - before.live_bytes,
			n * PER_CPU_PAGES / 2 * PAGE_SIZE);
	KTEST_EXPECT_GE(test, mid.peak_pages_held,
			before.pages_held + n * PER_CPU_PAGES / 2);
	ktest_run_on_each_cpu(test, free_previous, NULL);
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, after.nr_frees - before.nr_frees,
			n * PER_CPU_PAGES);
	KTEST_EXPECT_EQ(test, after.pages_held, before.pages_held);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static void free_one_there(void *arg)
{
	__free_page(arg);
}

/* A block taken while the heap is emptied, linked through its first words. */
struct taken {
	struct taken *next;
	unsigned int order;
};

/* Allocate blocks of @order until none is left; Return: how many. */
static unsigned long take_all(struct taken **chain, unsigned int order)
{
	unsigned long n = 0;
	struct page *page;

	while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order))) {
		struct taken *t = page_address(page);

		t->next = *chain;
		t->order = order;
		*chain = t;
		n++;
	}
	return n;
}

/*
 * Low memory: when an order-0 list finds the free lists empty, every
 * CPU's list is drained before the allocation fails. The heap is emptied
 * from the largest order down (few operations), then a page is freed onto
 * another CPU's list; the next order-0 allocation here must take it back.
 */
static void low_memory_drains_every_cpu(struct ktest *test)
{
	unsigned int cpu = last_cpu();
	struct taken *chain = NULL;
	struct page *page, *spare;
	unsigned long n = 0;

	if (!cpu) {
		ktest_skip(test, "needs a second CPU");
		return;
	}
	spare = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, spare);
	for (unsigned int o = MAX_ORDER; o-- > 0;)
		n += take_all(&chain, o);
	KTEST_EXPECT_GT(test, n, 0);
	KTEST_EXPECT_EQ(test, this_pcp()->count, 0);
	KTEST_ASSERT_EQ(
		test,
		smp_call_function_single(cpu, free_one_there, spare, true), 0);
	KTEST_EXPECT_TRUE(test, PagePcp(spare));
	KTEST_EXPECT_EQ(test, page_pcp[cpu].count, 1);
	page = alloc_page(GFP_KERNEL | __GFP_NOWARN);
	KTEST_EXPECT_EQ(test, page_pcp[cpu].count, 0);
	KTEST_EXPECT_FALSE(test, PagePcp(spare));
	if (page)
		__free_page(page);
	while (chain) {
		struct taken *t = chain;

		chain = t->next;
		free_pages((unsigned long)t, t->order);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case page_pcp_cases[] = {
	KTEST_CASE(fast_path_takes_no_heap_lock),
	KTEST_CASE(refill_and_drain_in_batches),
	KTEST_CASE(remote_free_goes_to_the_freeing_cpu),
	KTEST_CASE(remote_double_free_reported),
	KTEST_CASE(statistics_exact_on_every_cpu),
	KTEST_CASE(low_memory_drains_every_cpu),
	{}
};

static struct ktest_suite page_pcp_suite = {
	.name = "page_pcp",
	.suite_init = page_pcp_suite_init,
	.suite_exit = page_pcp_suite_exit,
	.cases = page_pcp_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(page_pcp_suite);

/* --- page_pcp_scaling ---------------------------------------------- */

#define PAGE_ROUND 64

static unsigned long bench_ops = 4096;
kernel_param_range("page_pcp_scaling.ops", bench_ops, ulong, 2 * PAGE_ROUND,
		   100000000,
		   "operations per CPU of each page_pcp_scaling case");

static struct page *slot[CONFIG_NR_CPUS][PAGE_ROUND];

static unsigned long bench_pairs(void *arg, unsigned int cpu, char *msg)
{
	unsigned long failed = 0;

	for (unsigned int i = 0; i < PAGE_ROUND; i++) {
		struct page *page = alloc_page(GFP_KERNEL);
		volatile u32 *p; /* a real store and load: the check can fail */

		if (!page) {
			snprintf(msg, KTEST_CPU_MSG_SIZE, "alloc_page failed");
			return failed + 1;
		}
		p = page_address(page);
		*p = cpu << 16 | i;
		failed += *p != (cpu << 16 | i);
		__free_page(page);
	}
	return failed;
}

static unsigned long bench_alloc_round(void *arg, unsigned int cpu, char *msg)
{
	for (unsigned int i = 0; i < PAGE_ROUND; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page) {
			snprintf(msg, KTEST_CPU_MSG_SIZE, "alloc_page failed");
			return 1;
		}
		*(u32 *)page_address(page) = cpu << 16 | i;
		slot[cpu][i] = page;
	}
	return 0;
}

/* Free the pages the previous online CPU allocated, checking each. */
static unsigned long bench_free_round(void *arg, unsigned int cpu, char *msg)
{
	unsigned int v = prev_online(cpu);
	unsigned long failed = 0;

	for (unsigned int i = 0; i < PAGE_ROUND; i++) {
		struct page *page = slot[v][i];

		if (*(u32 *)page_address(page) != (v << 16 | i) && !failed++)
			snprintf(msg, KTEST_CPU_MSG_SIZE,
				 "page %u of CPU %u overwritten", i, v);
		__free_page(page);
	}
	return failed;
}

static spinlock_t *pcp_lock_of(unsigned int cpu, void *arg)
{
	return &page_pcp[cpu].lock;
}

static void bench_report(struct ktest *test, unsigned long ops, u32 locks,
			 struct layer_locks before)
{
	ktest_printk(test, "%u CPUs: %lu operations, %u heap_lock acquisitions",
		     num_online_cpus(), ops * num_online_cpus(), locks);
	layer_locks_report(test, ops * num_online_cpus(), before, pcp_lock_of,
			   NULL);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Rounds of @first, then @second if not NULL, on every CPU at once, for
 * bench_ops operations per CPU; the operations and lock counts reported.
 */
static void run_scaling(struct ktest *test, ktest_cpu_fn first,
			ktest_cpu_fn second)
{
	unsigned long rounds = bench_ops / (2 * PAGE_ROUND);
	struct layer_locks before = layer_locks_now(pcp_lock_of, NULL);
	u16 mark = heap_lock_taken();
	u32 locks = 0;

	for (unsigned long r = 0; r < rounds; r++) {
		ktest_run_on_each_cpu(test, first, NULL);
		if (second)
			ktest_run_on_each_cpu(test, second, NULL);
		locks += lock_count(&mark);
	}
	bench_report(test, rounds * 2 * PAGE_ROUND, locks, before);
}

/* alloc_page() and __free_page() pairs on every CPU at once. */
static void scaling_page_pairs(struct ktest *test)
{
	run_scaling(test, bench_pairs, NULL);
}

/* Rounds of PAGE_ROUND pages per CPU, each freed by the next CPU. */
static void scaling_page_rounds_remote_free(struct ktest *test)
{
	run_scaling(test, bench_alloc_round, bench_free_round);
}

static struct ktest_case page_pcp_scaling_cases[] = {
	KTEST_CASE(scaling_page_pairs),
	KTEST_CASE(scaling_page_rounds_remote_free),
	{}
};

static struct ktest_suite page_pcp_scaling_suite = {
	.name = "page_pcp_scaling",
	.suite_init = page_pcp_suite_init,
	.suite_exit = page_pcp_suite_exit,
	.cases = page_pcp_scaling_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(page_pcp_scaling_suite);
