// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "buddy_validate": buddy_validate() finds each kind of damage
 * to the buddy allocator's free lists (per zone) and page cache (mm/buddy.c). Each
 * case breaks one field (a free block's flags or order, a list's count or
 * link (a loop), a buddy that says it is free too,
 * a zone's free pages or range, a list entry that is no free block,
 * the page cache's count or its pages' words), expects at least one violation and its line on
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

/* A zone's free page count one above what its lists hold. */
static void nr_free_pages_count(struct ktest *test)
{
	struct zone *zone;
	struct page *page;
	unsigned long n;
	char want[96];

	free_block(test, &page, &zone);
	n = zone->nr_free_pages;
	zone->nr_free_pages++;
	snprintf(want, sizeof(want),
		 "buddy: zone %s: %lu pages listed, nr_free_pages %lu",
		 zone->name, n, n + 1);
	expect_violation(test, buddy_validate, want);
	zone->nr_free_pages--;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/* A zone whose range starts after, then ends inside, a free block. */
static void free_block_outside_zone(struct ktest *test)
{
	struct zone *zone;
	struct page *page;
	unsigned int o = free_block(test, &page, &zone);
	unsigned long pfn = page_to_pfn(page);
	unsigned long start = zone->zone_start_pfn, span = zone->spanned_pages;
	char want[96];

	snprintf(want, sizeof(want), "buddy: pfn %#lx order %u outside zone %s",
		 pfn, o, zone->name);
	zone->zone_start_pfn = pfn + 1;
	zone->spanned_pages = start + span - zone->zone_start_pfn;
	expect_violation(test, buddy_validate, want);
	zone->zone_start_pfn = start;
	zone->spanned_pages = pfn + (1UL << o) - 1 - start;
	KTEST_EXPECT_EQ(test, ktest_log_capture_start(test), 0);
	expect_violation(test, buddy_validate, want);
	zone->spanned_pages = span;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/*
 * What takes a free block's place on its list: a struct page outside
 * mem_map, the block's own second page (misaligned for the order), the
 * last page of mem_map (the block would end past it).
 */
enum entry_kind { OUTSIDE_MEM_MAP, MISALIGNED, PAST_MEM_MAP };

static const struct {
	enum entry_kind kind;
	const char *name;
	const char *want;
} entry_kinds[] = {
	{ OUTSIDE_MEM_MAP, "outside mem_map", "block %p outside mem_map" },
	{ MISALIGNED, "misaligned", "pfn %#lx not aligned to order" },
	{ PAST_MEM_MAP, "past mem_map", "pfn %#lx order %u ends outside" },
};
KTEST_ARRAY_PARAM_DESC(list_entry, entry_kinds, name);

static struct page not_in_mem_map;

static void foreign_list_entry(struct ktest *test)
{
	typeof(&entry_kinds[0]) e = test->param_value;
	struct zone *zone;
	struct page *page, *sub, saved;
	unsigned int o = free_block(test, &page, &zone);
	struct list_head *prev = page->buddy_list.prev;
	struct list_head *next = page->buddy_list.next;
	char want[96];

	KTEST_ASSERT_GT(test, o, 0);
	sub = e->kind == OUTSIDE_MEM_MAP ? &not_in_mem_map :
	      e->kind == MISALIGNED	 ? page + 1 :
					   &mem_map[mem_map_nr - 1];
	saved = *sub;
	sub->flags = 1UL << PG_buddy;
	sub->private = o;
	sub->buddy_list = page->buddy_list;
	prev->next = next->prev = &sub->buddy_list;
	if (e->kind == OUTSIDE_MEM_MAP)
		snprintf(want, sizeof(want), e->want, sub);
	else
		snprintf(want, sizeof(want), e->want, page_to_pfn(sub), o);
	expect_violation(test, buddy_validate, want);
	prev->next = next->prev = &page->buddy_list;
	*sub = saved;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/*
 * This CPU's page list: its first page with a private word, then with
 * another flag, then a struct page outside mem_map put in front of it.
 */
static void page_cache_entries(struct ktest *test)
{
	struct per_cpu_pages *pcp = &page_pcp[smp_processor_id()];
	struct page *first = pcp->head;
	unsigned long flags;
	struct zone *zone;
	struct page *page;
	char want[96];

	free_block(test, &page, &zone);
	if (!first)
		ktest_skip(test, "this CPU's page list is empty");
	flags = first->flags;
	snprintf(want, sizeof(want), "pfn %#lx has flags %#lx, private 1",
		 page_to_pfn(first), flags);
	first->private = 1;
	expect_violation(test, buddy_validate, want);
	first->private = 0;
	first->flags |= 1UL << PG_reserved;
	snprintf(want, sizeof(want), "pfn %#lx has flags %#lx, private 0",
		 page_to_pfn(first), first->flags);
	expect_violation(test, buddy_validate, want);
	first->flags = flags;
	not_in_mem_map.buddy_list.next = (struct list_head *)first;
	pcp->head = &not_in_mem_map;
	snprintf(want, sizeof(want), "page list: page %p outside mem_map",
		 &not_in_mem_map);
	expect_violation(test, buddy_validate, want);
	pcp->head = first;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/* A free list whose first block links back to itself. */
static void free_list_loop(struct ktest *test)
{
	struct zone *zone;
	struct page *page;
	unsigned int o = free_block(test, &page, &zone);
	struct list_head *next = page->buddy_list.next;
	char want[64];

	page->buddy_list.next = &page->buddy_list;
	snprintf(want, sizeof(want), "buddy: order %u free list loops\n", o);
	expect_violation(test, buddy_validate, want);
	page->buddy_list.next = next;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/*
 * The first free block, lowest order first, whose buddy lies in its zone
 * (and so is in use: the lists hold no two free buddies); NULL if none.
 */
static struct page *block_with_buddy(unsigned int *order)
{
	for (unsigned int o = 0; o < BUDDY_MAX_ORDER - 1; o++)
		for (int t = 0; t < MAX_NR_ZONES; t++) {
			struct zone *zone = &node_zones[t];
			struct page *page;

			list_for_each_entry(page, &zone->free_area[o].free_list,
					    buddy_list) {
				unsigned long b = page_to_pfn(page) ^
						  (1UL << o);

				*order = o;
				if (b >= zone->zone_start_pfn &&
				    b < zone_end_pfn(zone) && pfn_valid(b))
					return page;
			}
		}
	return NULL;
}

/*
 * A free block whose buddy says it is a free block of the same order: the
 * two were not merged.
 */
static void buddies_both_free(struct ktest *test)
{
	unsigned int o = 0;
	struct page *page = block_with_buddy(&o), *buddy, saved;
	unsigned long pfn, bpfn;
	char want[96];

	KTEST_ASSERT_NOT_NULL(test, page);
	pfn = page_to_pfn(page);
	bpfn = pfn ^ (1UL << o);
	KTEST_ASSERT_EQ(test, buddy_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	buddy = pfn_to_page(bpfn);
	saved = *buddy;
	buddy->flags = 1UL << PG_buddy;
	buddy->private = o;
	snprintf(want, sizeof(want),
		 "buddy: pfn %#lx and its buddy %#lx both free at order %u\n",
		 pfn, bpfn, o);
	expect_violation(test, buddy_validate, want);
	*buddy = saved;
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

static struct ktest_case buddy_validate_cases[] = {
	KTEST_CASE(free_block_flags),
	KTEST_CASE(free_block_order),
	KTEST_CASE(nr_free_count),
	KTEST_CASE(page_cache_count),
	KTEST_CASE(page_cache_entries),
	KTEST_CASE(nr_free_pages_count),
	KTEST_CASE(free_block_outside_zone),
	KTEST_CASE(free_list_loop),
	KTEST_CASE(buddies_both_free),
	KTEST_CASE_PARAM(foreign_list_entry, list_entry_gen_params),
	{}
};

static struct ktest_suite buddy_validate_suite = {
	.name = "buddy_validate",
	.cases = buddy_validate_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(buddy_validate_suite);
