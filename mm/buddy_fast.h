/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inline single-page fast paths of the buddy allocator, for alloc_pages()
 * and free_pages() (mm/page_alloc.c includes this), with backends that sit
 * on mm/buddy.c (CONFIG_HAVE_BUDDY_PAGE_ALLOC); without it the two fast
 * paths are stubs that never serve, so page_alloc.c needs no #ifdef.
 *
 * Single pages live on per-CPU LIFO lists (mm/page_pcp.c, Linux's
 * per_cpu_pages), singly linked through page->buddy_list.next, so an
 * order-0 allocation is a list pop and a free a list push under this
 * CPU's list lock (nothing without CONFIG_SMP). Everything else (an empty
 * or full list, higher orders, __GFP_ZERO, any bad input) goes to
 * backend_alloc_pages()/backend_free_pages() in mm/buddy.c under
 * heap_lock, which refill, drain, check and report.
 *
 * Statistics: pages_held and its peak are exact (kstat_pages(), atomic
 * with CONFIG_SMP); the object and byte counts of page blocks are
 * counters of each CPU's list, folded into kmalloc_stats by
 * buddy_sync_stats() (from the backend's backend_sync_stats(), so on
 * every kmalloc_get_stats()).
 */
#ifndef _MM_BUDDY_FAST_H
#define _MM_BUDDY_FAST_H

#include <kmlab/mm.h>
#include "buddy.h"
#include "internal.h"
#include "page_pcp.h"

/*
 * mem_map entries below ZONE_HIGHMEM (mem_map_nr without highmem): only
 * those pages may go on the order-0 lists, whose pages kmalloc's backends
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

#ifdef CONFIG_HAVE_BUDDY_PAGE_ALLOC
#define BACKEND_PAGES_FAST_PATH 1

/**
 * backend_alloc_page_fast - pop one page from this CPU's order-0 list
 *
 * Context: alloc_pages() for order 0 without __GFP_ZERO; not with
 * heap_lock held. Return: the page (PG_head, private 0), or NULL when the
 * list is empty: the caller then takes the full path
 * (backend_alloc_pages()).
 */
static __always_inline struct page *backend_alloc_page_fast(void)
{
	struct per_cpu_pages *pcp = &page_pcp[smp_processor_id()];
	unsigned long flags = pcp_lock_irqsave(pcp);
	struct page *page = pcp->head;

	if (likely(page)) {
		pcp_pop(pcp);
		page->flags = 1UL << PG_head;
		pcp->nr_allocs++;
		kstat_pages(1);
	}
	pcp_unlock_irqrestore(pcp, flags);
	return page;
}

/*
 * Turn the allocated order-0 block @page into a listed free page. With
 * CONFIG_SMP one cmpxchg: of two CPUs freeing it at once, one wins.
 */
static __always_inline bool pcp_claim_page(struct page *page)
{
	unsigned long head = 1UL << PG_head;

	if (!IS_ENABLED(CONFIG_SMP)) {
		page->flags = 1UL << PG_pcp;
		return true;
	}
	return __atomic_compare_exchange_n(&page->flags, &head, 1UL << PG_pcp,
					   false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/**
 * backend_free_page_fast - push one page onto this CPU's order-0 list
 * @addr: any address but 0
 *
 * Frees @addr when it is an allocated order-0 lowmem block (PG_head,
 * private 0) and the list has room. Never reports. Context: free_pages()
 * for order 0; not with heap_lock held.
 * Return: true when freed; false for anything else (bad input, a full
 * list): the caller takes the full path (backend_free_pages()).
 */
static __always_inline bool backend_free_page_fast(unsigned long addr)
{
	unsigned long idx = (addr >> PAGE_SHIFT) - mem_map_base_pfn;
	struct per_cpu_pages *pcp;
	struct page *page;
	unsigned long flags;

	if (unlikely(idx >= buddy_lowmem_nr || (addr & ~PAGE_MASK)))
		return false;
	page = &mem_map[idx];
	if (unlikely(page->flags != 1UL << PG_head || page->private))
		return false;
	pcp = &page_pcp[smp_processor_id()];
	flags = pcp_lock_irqsave(pcp);
	if (unlikely(pcp->count >= pcp->high || !pcp_claim_page(page))) {
		pcp_unlock_irqrestore(pcp, flags);
		return false;
	}
	pcp_push(pcp, page);
	pcp->nr_frees++;
	pcp_unlock_irqrestore(pcp, flags);
	kstat_pages(-1);
	return true;
}

#else /* the backend's own page blocks: no order-0 lists */
#define BACKEND_PAGES_FAST_PATH 0

static __always_inline struct page *backend_alloc_page_fast(void)
{
	return NULL;
}

static __always_inline bool backend_free_page_fast(unsigned long addr)
{
	return false;
}
#endif /* CONFIG_HAVE_BUDDY_PAGE_ALLOC */

/* drain_all_pages(): every CPU's order-0 list back to the free lists. */
#ifdef CONFIG_HAVE_BUDDY_PAGE_ALLOC
static inline void backend_drain_page_cache(void)
{
	buddy_drain_pcp();
}
#else /* the backend's own page blocks: no order-0 lists */
static inline void backend_drain_page_cache(void)
{
}
#endif

#endif /* _MM_BUDDY_FAST_H */
