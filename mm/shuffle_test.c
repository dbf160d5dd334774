// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "page_shuffle": CONFIG_SHUFFLE_PAGE_ALLOCATOR (mm/shuffle.c)
 * chooses among the buddy allocator's equally good blocks at random.
 *
 * The attacker's view: a request of SHUFFLE_ORDER (4 MiB) that has to
 * split a larger block gets, plain, the block's lowest 4 MiB, so its
 * physical place follows from the state of the free lists; shuffled, any
 * of the block's SHUFFLE_ORDER sub-blocks, uniformly. The case empties
 * ZONE_NORMAL's lists of SHUFFLE_ORDER and SHUFFLE_ORDER + 1 first, so
 * every allocation splits a block of SHUFFLE_ORDER + 2 or more, and
 * gives it back at once (it merges whole again).
 */
#include <ktest.h>
#include "buddy.h"
#include "shuffle.h"
#include "hardening_test.h"

#define SPLIT_TRIALS 800
/* Positions of a SHUFFLE_ORDER block in its SHUFFLE_ORDER + 2 block. */
#define SPLIT_BINS 4
/*
 * Pearson's chi-square over SPLIT_BINS bins (3 degrees of freedom) is
 * above 44.84 with probability 10^-9 when the choice is uniform: the
 * test's false-failure rate. The lowest block every time scores 2400.
 */
#define SPLIT_CHI2_LIMIT_X100 CHI2_3DOF_LIMIT_X100
/* Blocks of SHUFFLE_ORDER and SHUFFLE_ORDER + 1 taken out of the way. */
#define DRAIN_MAX 32

struct drained {
	struct page *page[DRAIN_MAX];
	unsigned int order[DRAIN_MAX];
	unsigned int nr;
};

/* Take ZONE_NORMAL's free blocks of @order until its list is empty. */
static void drain_order(struct ktest *test, struct drained *d,
			unsigned int order)
{
	struct zone *zone = &node_zones[ZONE_NORMAL];

	while (zone->free_area[order].nr_free) {
		struct page *p;

		KTEST_ASSERT_LT(test, d->nr, DRAIN_MAX);
		p = buddy_alloc_pages(order);
		KTEST_ASSERT_NOT_NULL(test, p);
		d->page[d->nr] = p;
		d->order[d->nr++] = order;
	}
}

static void undrain(struct drained *d)
{
	while (d->nr--)
		buddy_free_pages(d->page[d->nr], d->order[d->nr], _THIS_IP_);
}

/*
 * @trials allocations of SHUFFLE_ORDER with page_alloc.shuffle set to
 * @on, each split from a block of SHUFFLE_ORDER + 2 or more. Return:
 * Pearson's chi-square of the blocks' positions in their
 * SHUFFLE_ORDER + 2 block against a uniform choice, times 100.
 */
static int split_chi2_x100(struct ktest *test, bool on, unsigned int trials)
{
	unsigned int count[SPLIT_BINS] = { 0 };
	struct zone *zone = &node_zones[ZONE_NORMAL];
	struct drained d = { .nr = 0 };
	bool was, big = false;

	drain_order(test, &d, SHUFFLE_ORDER);
	drain_order(test, &d, SHUFFLE_ORDER + 1);
	for (unsigned int o = SHUFFLE_ORDER + 2; o < BUDDY_MAX_ORDER; o++)
		big |= zone->free_area[o].nr_free > 0;
	if (!big) {
		undrain(&d);
		ktest_skip(test, "no free block above order %u in ZONE_NORMAL",
			   SHUFFLE_ORDER + 1);
	}
	was = page_alloc_shuffle_set(on);
	for (unsigned int t = 0; t < trials; t++) {
		struct page *p = buddy_alloc_pages(SHUFFLE_ORDER);

		KTEST_ASSERT_NOT_NULL(test, p);
		count[(page_to_pfn(p) >> SHUFFLE_ORDER) % SPLIT_BINS]++;
		buddy_free_pages(p, SHUFFLE_ORDER, _THIS_IP_);
	}
	page_alloc_shuffle_set(was);
	undrain(&d);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	return chi2_uniform_x100(count, SPLIT_BINS, trials);
}

/*
 * page_alloc.shuffle=1: over SPLIT_TRIALS splits the position of the
 * SHUFFLE_ORDER block handed out is uniform (chi-square below
 * SPLIT_CHI2_LIMIT_X100).
 */
static void split_choice_uniform(struct ktest *test)
{
	KTEST_EXPECT_LT(test, split_chi2_x100(test, true, SPLIT_TRIALS),
			SPLIT_CHI2_LIMIT_X100);
}

/*
 * page_alloc.shuffle=0: the lowest block, each of 16 times, whose
 * chi-square, 48 (all 16 in the first of four bins of 4 expected), is
 * above the limit.
 */
static void split_choice_predictable(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, split_chi2_x100(test, false, 16), 4800);
}

static struct ktest_case page_shuffle_cases[] = {
	KTEST_CASE(split_choice_uniform),
	KTEST_CASE(split_choice_predictable),
	{}
};

static struct ktest_suite page_shuffle_suite = {
	.name = "page_shuffle",
	.cases = page_shuffle_cases,
};
KTEST_SUITE(page_shuffle_suite);
