/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inline single-page fast paths of the buddy allocator, for alloc_pages()
 * and free_pages() (mm/page_alloc.c includes this), with backends that sit
 * on mm/buddy.c (CONFIG_HAVE_BUDDY_PAGE_ALLOC); without it the two fast
 * paths are stubs that never serve, so page_alloc.c needs no #ifdef.
 *
 * Single pages are cached on a short LIFO list (Linux's per-CPU page lists,
 * "pcp"), singly linked through page->buddy_list.next, so an order-0
 * allocation is a list pop and a free a list push. Everything else (an
 * empty or full cache, higher orders, __GFP_ZERO, any bad input) goes to
 * backend_alloc_pages()/backend_free_pages() in mm/buddy.c, which refill,
 * drain, check and report.
 *
 * Statistics: pages_held and its peak are exact (two updates); the
 * object and byte counts of page blocks are two increments in
 * buddy_page_stats, folded into kmalloc_stats by buddy_sync_stats() (from
 * the backend's backend_sync_stats(), so on every kmalloc_get_stats()).
 */
#ifndef _MM_BUDDY_FAST_H
#define _MM_BUDDY_FAST_H

#include <kmlab/mm.h>
#include "buddy.h"
#include "internal.h"

/* Pages the order-0 cache holds at most; a free past it drains a batch. */
#define PCP_HIGH 32
#define PCP_BATCH 8

/**
 * struct buddy_pcp - the order-0 page cache
 * @head: first cached page (PG_pcp, private 0), NULL when empty; the next
 *        one is in head->buddy_list.next
 * @count: pages on the list, at most PCP_HIGH
 */
struct buddy_pcp {
	struct page *head;
	unsigned int count;
};

extern struct buddy_pcp buddy_pcp;

/*
 * mem_map entries below ZONE_HIGHMEM (mem_map_nr without highmem): only
 * those pages may go on the order-0 cache, whose pages kmalloc's backends
 * use through their identity mapping.
 */
extern unsigned long buddy_lowmem_nr;

/**
 * struct buddy_page_stats - page blocks counted but not yet in kmalloc_stats
 * @nr_allocs: blocks handed out by alloc_pages() since the last fold
 * @nr_frees: blocks freed by free_pages() since the last fold
 * @extra_pages: pages beyond the first of those allocations (2^order - 1
 *               each) minus the same for those frees, so that live bytes
 *               change by (@nr_allocs - @nr_frees + @extra_pages) pages
 */
struct buddy_page_stats {
	unsigned long nr_allocs;
	unsigned long nr_frees;
	long extra_pages;
};

extern struct buddy_page_stats buddy_page_stats;

/**
 * buddy_sync_stats - fold buddy_page_stats into kmalloc_stats
 *
 * Called from backend_sync_stats() before the peaks are updated.
 */
void buddy_sync_stats(void);

#if defined(CONFIG_HAVE_BUDDY_PAGE_ALLOC) && !defined(CONFIG_SMP)
/*
 * alloc_pages()/free_pages() use the two functions below, without
 * heap_lock: uniprocessor only. With CONFIG_SMP every page goes through
 * backend_alloc_pages()/backend_free_pages() under heap_lock.
 */
#define BACKEND_PAGES_FAST_PATH 1

/**
 * backend_alloc_page_fast - pop one page from the order-0 cache
 *
 * Context: alloc_pages() for order 0 without __GFP_ZERO.
 * Return: the page (PG_head, private 0), or NULL when the cache is empty:
 * the caller then takes the full path (backend_alloc_pages()).
 */
static __always_inline struct page *backend_alloc_page_fast(void)
{
	struct page *page = buddy_pcp.head;

	if (unlikely(!page))
		return NULL;
	buddy_pcp.head = (struct page *)page->buddy_list.next;
	buddy_pcp.count--;
	page->flags = 1UL << PG_head;
	buddy_page_stats.nr_allocs++;
	kstat_pages(1);
	return page;
}

/**
 * backend_free_page_fast - push one page onto the order-0 cache
 * @addr: any address but 0
 *
 * Frees @addr when it is an allocated order-0 block (PG_head, private 0)
 * and the cache has room. Never reports. Context: free_pages() for order 0.
 * Return: true when freed; false for anything else (bad input, a full
 * cache): the caller takes the full path (backend_free_pages()).
 */
static __always_inline bool backend_free_page_fast(unsigned long addr)
{
	unsigned long idx = (addr >> PAGE_SHIFT) - mem_map_base_pfn;
	struct page *page;

	if (unlikely(idx >= buddy_lowmem_nr || (addr & ~PAGE_MASK)))
		return false;
	page = &mem_map[idx];
	if (unlikely(page->flags != 1UL << PG_head || page->private ||
		     buddy_pcp.count >= PCP_HIGH))
		return false;
	page->flags = 1UL << PG_pcp;
	page->buddy_list.next = (struct list_head *)buddy_pcp.head;
	buddy_pcp.head = page;
	buddy_pcp.count++;
	buddy_page_stats.nr_frees++;
	kmalloc_stats.pages_held--;
	return true;
}

#else /* the backend's own page blocks, or CONFIG_SMP: no lockless path */
#define BACKEND_PAGES_FAST_PATH 0

static __always_inline struct page *backend_alloc_page_fast(void)
{
	return NULL;
}

static __always_inline bool backend_free_page_fast(unsigned long addr)
{
	return false;
}
#endif /* CONFIG_HAVE_BUDDY_PAGE_ALLOC && !CONFIG_SMP */

/* drain_all_pages(): the order-0 cache back to the free lists. */
#ifdef CONFIG_HAVE_BUDDY_PAGE_ALLOC
static inline void backend_drain_page_cache(void)
{
	buddy_drain_pcp();
}
#else /* the backend's own page blocks: no order-0 cache */
static inline void backend_drain_page_cache(void)
{
}
#endif

#endif /* _MM_BUDDY_FAST_H */
