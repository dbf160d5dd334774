// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "buddy_validate": buddy_validate() finds each kind of damage
 * to the buddy allocator's free lists (per zone) and page cache (mm/buddy.c). Each
 * case breaks one field (a free block's flags or order, a list's count,
 * the page cache's count), expects at least one violation and its line on
 * the console, then repairs the field and expects a clean walk again.
 * Nothing is allocated or freed between damage and repair and only
 * expectations run there, so the free lists are whole when a case ends.
 */
#include <ktest.h>
#include <ktest/log.h>
#include "buddy.h"
#include "buddy_fast.h"
#include "internal.h"
#include "validate_test.h"
#include "kfence_pause_test.h"

/*
 * The order of the largest free block of any zone, whose first page @page
 * gets and whose zone @zone gets.
 */
static unsigned int free_block(struct ktest *test, struct page **page,
			       struct zone **zone)
{
	unsigned int o = BUDDY_MAX_ORDER;
	int t = 0;

	while (o-- > 0) {
		for (t = 0; t < MAX_NR_ZONES; t++)
			if (node_zones[t].free_area[o].nr_free)
				break;
		if (t < MAX_NR_ZONES)
			break;
	}
	KTEST_ASSERT_LT(test, o, (unsigned int)BUDDY_MAX_ORDER);
	*zone = &node_zones[t];
	*page = list_first_entry(&(*zone)->free_area[o].free_list, struct page,
				 buddy_list);
	KTEST_ASSERT_EQ(test, buddy_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	return o;
}

/* A free block whose page is also PG_reserved. */
static void free_block_flags(struct ktest *test)
{
	struct zone *zone;
	struct page *page;
	unsigned int o = free_block(test, &page, &zone);
	unsigned long flags = page->flags;
	char want[96];

	page->flags |= 1UL << PG_reserved;
	snprintf(want, sizeof(want),
		 "buddy: pfn %#lx on order %u list has flags %#lx",
		 page_to_pfn(page), o, page->flags);
	expect_violation(test, buddy_validate, want);
	snprintf(want, sizeof(want), "buddy: reserved pfn %#lx is free",
		 page_to_pfn(page));
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	page->flags = flags;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/* A free block that records another order than its list's. */
static void free_block_order(struct ktest *test)
{
	struct zone *zone;
	struct page *page;
	unsigned int o = free_block(test, &page, &zone);
	char want[96];

	page->private = o + 1;
	snprintf(want, sizeof(want),
		 "buddy: pfn %#lx on order %u list has order %u",
		 page_to_pfn(page), o, o + 1);
	expect_violation(test, buddy_validate, want);
	page->private = o;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/* A free list count one above what the list and mem_map hold. */
static void nr_free_count(struct ktest *test)
{
	struct zone *zone;
	struct page *page;
	unsigned int o = free_block(test, &page, &zone);
	unsigned long n = zone->free_area[o].nr_free;
	char want[96];

	zone->free_area[o].nr_free++;
	snprintf(want, sizeof(want),
		 "buddy: zone %s order %u: %lu blocks listed, nr_free %lu",
		 zone->name, o, n, n + 1);
	expect_violation(test, buddy_validate, want);
	KTEST_EXPECT_LOG_CONTAINS(test, "blocks listed");
	zone->free_area[o].nr_free--;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/* A per-CPU list count that disagrees with its list and exceeds high. */
static void page_cache_count(struct ktest *test)
{
	unsigned int cpu = smp_processor_id();
	struct per_cpu_pages *pcp = &page_pcp[cpu];
	struct zone *zone;
	struct page *page;
	unsigned int count = pcp->count;
	char want[96];

	free_block(test, &page, &zone);
	pcp->count = pcp->high + 1;
	snprintf(want, sizeof(want),
		 "buddy: CPU %u page list: %u pages listed, count %u", cpu,
		 count, pcp->high + 1);
	expect_violation(test, buddy_validate, want);
	snprintf(want, sizeof(want),
		 "buddy: CPU %u page list: %u pages, high %u", cpu,
		 pcp->high + 1, pcp->high);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_LOG_CONTAINS(test, "PG_pcp pages in mem_map");
	pcp->count = count;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

static struct ktest_case buddy_validate_cases[] = {
	KTEST_CASE(free_block_flags),
	KTEST_CASE(free_block_order),
	KTEST_CASE(nr_free_count),
	KTEST_CASE(page_cache_count),
	{}
};

static struct ktest_suite buddy_validate_suite = {
	.name = "buddy_validate",
	.cases = buddy_validate_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(buddy_validate_suite);
