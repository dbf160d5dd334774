/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page allocator randomization (mm/shuffle.c, CONFIG_SHUFFLE_PAGE_ALLOCATOR)
 * for the buddy allocator (mm/buddy.c) and its suite.
 */
#ifndef _MM_SHUFFLE_H
#define _MM_SHUFFLE_H

#include <kmlab/mm.h>
#include <kmlab/mmzone.h>
#include <kmlab/types.h>

/*
 * The order whose free blocks are shuffled, Linux's SHUFFLE_ORDER: the
 * largest that alloc_pages() serves (4 MiB blocks). Blocks of this order
 * and above are put at the head or the tail of their free list at random,
 * and a split above it keeps a random half.
 */
#define SHUFFLE_ORDER (MAX_ORDER - 1)

#ifdef CONFIG_SHUFFLE_PAGE_ALLOCATOR
extern bool page_alloc_shuffle_on;
/* Is the shuffle on (page_alloc.shuffle=) for a block of @order? */
#define is_shuffle_order(order) \
	unlikely(page_alloc_shuffle_on && (order) >= SHUFFLE_ORDER)
#else
#define is_shuffle_order(order) false
static inline bool shuffle_pick_tail(void)
{
	return false;
}

static inline void shuffle_free_memory(void)
{
}
#endif

#ifdef CONFIG_SHUFFLE_PAGE_ALLOCATOR
/**
 * shuffle_pick_tail - one random bit
 *
 * Linux's shuffle_pick_tail(): 32 bits drawn at a time from a taus113
 * generator seeded per boot, handed out one per call. The buddy
 * allocator asks it whether a freed block goes to the tail of its list,
 * and which half of a split it keeps. Context: heap_lock held, or boot.
 * Return: true or false, each with probability 1/2.
 */
bool shuffle_pick_tail(void);

/**
 * shuffle_free_memory - shuffle the free lists of every zone at boot
 *
 * Linux's __shuffle_zone() for each order from SHUFFLE_ORDER up: every
 * free block of that order swaps its place in the free list with a free
 * block of the same order at a random pfn of its zone (up to
 * SHUFFLE_RETRY pfns tried), so the lists do not start in address order.
 * Seeds the generator from get_random_u64() first (random.seed= repeats
 * it). Does nothing while page_alloc.shuffle= is 0. Context: boot, after
 * the buddy allocator has every region.
 */
void shuffle_free_memory(void);
#endif

/**
 * page_alloc_shuffle_seed - seed the generator behind shuffle_pick_tail()
 * @seed: any 64-bit value (boot draws it from get_random_u64())
 *
 * Context: heap_lock held, or boot.
 */
void page_alloc_shuffle_seed(u64 seed);

/**
 * page_alloc_shuffle_set - turn the shuffle on or off
 * @on: what page_alloc.shuffle= would say
 *
 * For the suite that measures it; what is already on the free lists
 * stays where it is. Context: heap_lock held, or no other CPU in the
 * heap. Return: the previous state.
 */
bool page_alloc_shuffle_set(bool on);

#endif /* _MM_SHUFFLE_H */
