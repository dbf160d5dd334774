// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the buddy page allocator (mm/buddy.c), built with
 * buddy+slab and SLOB: coalescing all the way back, buddy XOR, splitting,
 * bad page frees, large kmalloc objects checked as whole blocks.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/random.h>
#include "buddy.h"
#include "internal.h"
#include "kfence_pause_test.h"

static void snapshot(unsigned long nr[BUDDY_MAX_ORDER])
{
	for (unsigned int o = 0; o < BUDDY_MAX_ORDER; o++)
		nr[o] = buddy_nr_free_blocks(o);
}

/*
 * Take every order-0 page there is, free them in a random order and check
 * that the free lists are exactly as before: every page found its way
 * back into the same maximal blocks.
 */
static void buddy_coalesces_to_max_order(struct ktest *test)
{
	unsigned long before[BUDDY_MAX_ORDER], after[BUDDY_MAX_ORDER], n = 0,
								       cap;
	struct page **pages;
	struct rnd_state rnd;
	struct page *page;

	buddy_drain_pcp();
	cap = buddy_nr_free_pages();
	/* The array itself comes from the buddy allocator, before the snapshot. */
	page = buddy_alloc_pages(get_order(cap * sizeof(*pages)));
	KTEST_ASSERT_NOT_NULL(test, page);
	pages = page_address(page);
	buddy_drain_pcp();
	snapshot(before);
	/* 128 MiB of RAM holds 4 MiB blocks at least (MAX_ORDER - 1). */
	KTEST_ASSERT_GT(test, before[MAX_ORDER - 1] + before[MAX_ORDER], 0UL);

	/* Every zone's pages, highmem's (highmem=) too. */
	while ((pages[n] = __buddy_alloc_pages(GFP_HIGHUSER, 0)) != NULL) {
		n++;
		KTEST_ASSERT_LE(test, n, cap);
	}
	KTEST_EXPECT_EQ(test, buddy_nr_free_pages(), 0UL);
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);

	prandom_seed_state(&rnd, 42);
	for (unsigned long i = n; i > 1; i--) {
		unsigned long j = prandom_u32_below(&rnd, i);
		struct page *t = pages[i - 1];

		pages[i - 1] = pages[j];
		pages[j] = t;
	}
	for (unsigned long i = 0; i < n; i++) {
		KTEST_ASSERT_EQ(test, buddy_free_pages(pages[i], 0, _THIS_IP_),
				0);
		if (i == n / 2)
			KTEST_EXPECT_EQ(test, buddy_validate(), 0);
	}
	buddy_drain_pcp();
	snapshot(after);
	for (unsigned int o = 0; o < BUDDY_MAX_ORDER; o++)
		KTEST_EXPECT_EQ_MSG(test, after[o], before[o], "order %u", o);
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
	buddy_free_pages(page, get_order(cap * sizeof(*pages)), _THIS_IP_);
}

/* Two buddies merge only when both are free; the merged block is aligned. */
static void buddy_merges_by_xor(struct ktest *test)
{
	struct page *a, *b, *blk;
	unsigned long pfn, free1;

	buddy_drain_pcp();
	blk = buddy_alloc_pages(1);
	KTEST_ASSERT_NOT_NULL(test, blk);
	pfn = page_to_pfn(blk);
	KTEST_EXPECT_EQ(test, pfn & 1, 0UL);
	/* Split the order-1 block by hand into its two order-0 buddies. */
	buddy_free_pages(blk, 1, _THIS_IP_);
	a = buddy_alloc_pages(1);
	KTEST_ASSERT_TRUE(test, a == blk);
	a->private = 0;
	b = a + 1;
	b->flags = 1UL << PG_head;
	b->private = 0;
	KTEST_EXPECT_EQ(test, page_to_pfn(b), page_to_pfn(a) ^ 1);

	free1 = buddy_nr_free_blocks(1);
	buddy_free_pages(a, 0, _THIS_IP_);
	buddy_drain_pcp();
	/* a is free, b is not: a stays an order-0 block. */
	KTEST_EXPECT_TRUE(test, PageBuddy(a));
	KTEST_EXPECT_EQ(test, a->private, 0UL);
	buddy_free_pages(b, 0, _THIS_IP_);
	buddy_drain_pcp();
	/* Now they merged (possibly further): neither is an order-0 block. */
	KTEST_EXPECT_FALSE(test, PageBuddy(b));
	KTEST_EXPECT_TRUE(test, !PageBuddy(a) || a->private >= 1);
	(void)free1;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/* Blocks of every order up to 8 MiB come back aligned to their order. */
static void buddy_blocks_are_aligned(struct ktest *test)
{
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		struct page *p = buddy_alloc_pages(o);

		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_EQ_MSG(test, page_to_pfn(p) & ((1UL << o) - 1),
				    0UL, "order %u", o);
		KTEST_EXPECT_TRUE(test, PageHead(p));
		KTEST_EXPECT_EQ(test, p->private, (unsigned long)o);
		buddy_free_pages(p, o, _THIS_IP_);
	}
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/* free_pages() twice, with the wrong order, or inside a block: reported. */
static void buddy_reports_bad_page_frees(struct ktest *test)
{
	struct kmalloc_stats st0, st1;
	unsigned long a = __get_free_pages(GFP_KERNEL, 2);

	KTEST_ASSERT_NE(test, a, 0UL);
	kmalloc_get_stats(&st0);
	free_pages(a, 1); /* wrong order */
	free_pages(a + PAGE_SIZE, 0); /* inside the block */
	kmalloc_get_stats(&st1);
	KTEST_EXPECT_EQ(test, st1.bad_input, st0.bad_input + 2);
	free_pages(a, 2);
	free_pages(a, 2); /* double free */
	kmalloc_get_stats(&st0);
	KTEST_EXPECT_EQ(test, st0.bad_input, st1.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	a = __get_free_pages(GFP_KERNEL, 2);
	KTEST_EXPECT_NE(test, a, 0UL);
	free_pages(a, 2);
}

/*
 * A large kmalloc object is a whole buddy block (PG_large_kmalloc), of
 * order 0 from a page: its ksize() is the block's, and once freed,
 * ksize() and kfree() of it are reported, not followed.
 */
static void buddy_large_kmalloc_checked(struct ktest *test)
{
	struct kmalloc_stats st0;
	void *p = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	void *q = kmalloc(PAGE_SIZE, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_NOT_NULL(test, q);
	KTEST_EXPECT_EQ(test, ksize(p), 4 * PAGE_SIZE);
	KTEST_EXPECT_EQ(test, ksize(q), PAGE_SIZE);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	kmalloc_get_stats(&st0);
	kfree(p);
	kfree(q);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, st0.nr_frees + 2);
	KTEST_EXPECT_EQ(test, ksize(p), 0);
	kfree(p);
	kfree(q);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "ksize of a free object"),
			1);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "double free"), 2);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, st0.bad_input + 3);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, st0.nr_frees + 2);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * BUDDY_MAX_ORDER and above is refused; MAX_ORDER (8 MiB, beyond what
 * alloc_pages() accepts, for large kmallocs) is served naturally aligned;
 * alloc_pages() itself refuses MAX_ORDER.
 */
static void buddy_order_limits(struct ktest *test)
{
	struct page *p;

	KTEST_EXPECT_NULL(test, buddy_alloc_pages(BUDDY_MAX_ORDER));
	KTEST_EXPECT_NULL(test,
			  alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER));
	p = buddy_alloc_pages(MAX_ORDER);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(
		test, (unsigned long)page_address(p) & ((8UL << 20) - 1), 0UL);
	buddy_free_pages(p, MAX_ORDER, _THIS_IP_);
}

static struct ktest_case buddy_cases[] = {
	KTEST_CASE_TIMEOUT(buddy_coalesces_to_max_order, 60),
	KTEST_CASE(buddy_merges_by_xor),
	KTEST_CASE(buddy_blocks_are_aligned),
	KTEST_CASE(buddy_reports_bad_page_frees),
	KTEST_CASE(buddy_large_kmalloc_checked),
	KTEST_CASE(buddy_order_limits),
	{}
};

static struct ktest_suite buddy_suite = {
	.name = "buddy",
	.cases = buddy_cases,
	/* A free order-MAX_ORDER block (8 MiB, 8 MiB aligned): RAM to 16 MiB. */
	.min_memory = 15UL << 20,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(buddy_suite);
