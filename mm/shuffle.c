// SPDX-License-Identifier: GPL-2.0
/*
 * Page allocator randomization: CONFIG_SHUFFLE_PAGE_ALLOCATOR.
 *
 * After Linux's mm/shuffle.c (Dan Williams, "mm: shuffle initial free
 * memory to improve memory-side-cache utilization", Linux 5.2), written
 * here from its description. The buddy allocator hands out the first
 * block of the smallest order that holds a request, and splitting keeps
 * the lower half, so without it the physical placement of pages is a
 * function of the order of requests: an attacker who knows it predicts
 * where a victim's pages land (next to their own, for a linear overflow
 * or a Rowhammer neighbour). Every free block of one order is as good
 * as another, so the choice among them can be random:
 *
 * - At boot, each free list of SHUFFLE_ORDER and above is shuffled:
 *   for each pfn of the zone at that order's stride, the free block
 *   there (if any) swaps its list position with the free block at a
 *   random pfn of the zone (Linux's __shuffle_zone(), SHUFFLE_RETRY tries
 *   to find one).
 * - A free that leaves a block of SHUFFLE_ORDER or above puts it at the
 *   head or the tail of its list at random (Linux's shuffle_pick_tail()
 *   in __free_one_page()), so the list does not return to LIFO order.
 * - A split above SHUFFLE_ORDER keeps a random half (ours: Linux's buddy
 *   allocator has no block above its SHUFFLE_ORDER, MAX_ORDER - 1, since
 *   memblock frees memory in blocks of that order, which the boot shuffle
 *   then mixes; kmlab's keeps blocks up to BUDDY_MAX_ORDER - 1 for
 *   large kmallocs, and picking the half at each level above
 *   SHUFFLE_ORDER makes the SHUFFLE_ORDER block a split hands out
 *   uniform among those of the block, as Linux's shuffled 4 MiB blocks
 *   are).
 *
 * Blocks below SHUFFLE_ORDER are not randomized (in Linux neither): the
 * unit of randomness is the 4 MiB block; inside it the order of requests
 * still decides. The random bits come from a taus113 generator
 * (lib/random32.c) seeded per boot from get_random_u64().
 *
 * Locking: the buddy allocator calls in under heap_lock, or at boot.
 */
#include <kmlab/random.h>
#include <kmlab/param.h>
#include <kmlab/list.h>
#include "buddy.h"
#include "shuffle.h"

/* Random pfns tried per block before giving up on its swap (Linux's). */
#define SHUFFLE_RETRY 10

static struct rnd_state shuffle_rnd;
static u32 rand_word;
static unsigned int rand_bits;

bool page_alloc_shuffle_on = true;
kernel_param("page_alloc.shuffle", page_alloc_shuffle_on, bool,
	     "randomize the buddy allocator's free lists at order 10 and above");

void page_alloc_shuffle_seed(u64 seed)
{
	prandom_seed_state(&shuffle_rnd, seed);
	rand_bits = 0;
}

bool page_alloc_shuffle_set(bool on)
{
	bool was = page_alloc_shuffle_on;

	page_alloc_shuffle_on = on;
	return was;
}

bool shuffle_pick_tail(void)
{
	bool ret;

	if (!rand_bits) {
		rand_word = prandom_u32_state(&shuffle_rnd);
		rand_bits = 32;
	}
	ret = rand_word & 1;
	rand_word >>= 1;
	rand_bits--;
	return ret;
}

/* Linux's list_swap(): @a takes @b's place in its list and @b takes @a's. */
static void swap_entries(struct list_head *a, struct list_head *b)
{
	struct list_head *pos = b->prev;

	list_del(b);
	__list_add(b, a->prev, a); /* b where a is ... */
	list_del(a);
	if (pos == a)
		pos = b;
	list_add(a, pos); /* ... and a where b was */
}

/* The free block of exactly @order at @pfn of @zone, or NULL. */
static struct page *shuffle_valid_page(struct zone *zone, unsigned long pfn,
				       unsigned int order)
{
	return page_is_buddy(zone, pfn, order) ? pfn_to_page(pfn) : NULL;
}

/* Linux's __shuffle_zone(), for the free blocks of @order in @zone. */
static void shuffle_zone(struct zone *zone, unsigned int order)
{
	unsigned long stride = 1UL << order;
	/* The zone's pfns that have a struct page (a zone may span more). */
	unsigned long start =
		ALIGN(max(zone->zone_start_pfn, mem_map_base_pfn), stride);
	unsigned long end =
		min(zone_end_pfn(zone), mem_map_base_pfn + mem_map_nr);
	unsigned long nr = end > start ? (end - start) >> order : 0;

	if (nr < 2)
		return;
	for (unsigned long i = start; i + stride <= end; i += stride) {
		struct page *a = shuffle_valid_page(zone, i, order), *b = NULL;

		if (!a)
			continue;
		for (int retry = 0; retry < SHUFFLE_RETRY && !b; retry++) {
			unsigned long j =
				start + ((unsigned long)prandom_u32_below(
						 &shuffle_rnd, nr)
					 << order);

			if (j != i)
				b = shuffle_valid_page(zone, j, order);
		}
		if (b)
			swap_entries(&a->buddy_list, &b->buddy_list);
	}
}

void shuffle_free_memory(void)
{
	page_alloc_shuffle_seed(get_random_u64());
	if (!is_shuffle_order(SHUFFLE_ORDER))
		return;
	for (int t = 0; t < MAX_NR_ZONES; t++)
		for (unsigned int o = SHUFFLE_ORDER; o < BUDDY_MAX_ORDER; o++)
			shuffle_zone(&node_zones[t], o);
}
