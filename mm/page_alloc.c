// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_pages() and friends (include/kmlab/gfp.h) on top of the backend.
 *
 * Every backend serves page blocks from the memory it owns through
 * backend_alloc_pages()/backend_free_pages() (Documentation/mm/
 * page-sources.rst says how each one finds them). This file adds what is
 * the same for all: the order range check, __GFP_ZERO, the out-of-memory
 * line, the failed-allocation count, struct page <-> address conversion,
 * and the check that a pointer handed to free_pages() has a struct page.
 * A highmem page (CONFIG_HIGHMEM) is zeroed through kmap_local_page(), and
 * the calls that return an address drop __GFP_HIGHMEM. init_on_alloc=1
 * zeroes every block as __GFP_ZERO does, init_on_free=1 every block a
 * free gives back (<kmlab/init_on.h>), on the out-of-line paths.
 *
 * Backends on the shared buddy allocator (CONFIG_HAVE_BUDDY_PAGE_ALLOC)
 * give the order-0 case an inline fast path (a pop and push on this CPU's
 * list, no call) in mm/buddy_fast.h; for the others that header has stubs
 * that compile to nothing.
 *
 * Locking (CONFIG_SMP): heap_lock (mm/internal.h), taken around each
 * backend call and each count and report, interrupts off; the buddy
 * fast paths above take only this CPU's list lock (mm/page_pcp.c).
 */
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/kasan.h>
#include <kmlab/highmem.h>
#include <kmlab/kfence.h>
#include <kmlab/init_on.h>
#include "internal.h"
#include "hardening.h"

#include "buddy_fast.h"

static __noinline void *pages_failed(gfp_t gfp, unsigned int order,
				     unsigned long caller)
{
	kmalloc_stats.failed_allocs++;
	if (!(gfp & __GFP_NOWARN))
		pr_warn("kmalloc: out of memory: size %llu (order %u), gfp %#x (caller %pS)\n",
			(unsigned long long)PAGE_SIZE << min(order, 52u), order,
			gfp, (void *)caller);
	return NULL;
}

/* __GFP_ZERO: a highmem block has no mapping to memset() through. */
static bool zero_block(void *p, unsigned int order)
{
	struct page *page = virt_to_page(p);

	if (!PageHighMem(page)) {
		memset(p, 0, PAGE_SIZE << order);
		return true;
	}
	for (unsigned long i = 0; i < 1UL << order; i++)
		if (!clear_highpage(page + i))
			return false;
	return true;
}

static void *__alloc_pages_addr(gfp_t gfp, unsigned int order,
				unsigned long caller)
{
	unsigned long flags = heap_lock_irqsave();
	void *p;

	if (likely(order < MAX_ORDER))
		p = backend_alloc_pages(gfp, order);
	else
		p = NULL;
	if (unlikely(!p))
		p = pages_failed(gfp, order, caller);
	heap_unlock_irqrestore(flags);
	if (unlikely(!p))
		return NULL;
	kasan_unpoison(p, PAGE_SIZE << order);
	if (want_init_on_alloc(gfp) && unlikely(!zero_block(p, order))) {
		backend_free_pages(p, order, caller);
		return pages_failed(gfp, order, caller);
	}
	return p;
}

/*
 * Free a block whose address passed the range checks: init_on_free=1
 * zeroes it first, but only a block the backend handed out with this
 * order (a bad free is reported by the backend and writes nothing).
 */
static void free_block_checked(void *p, unsigned int order,
			       unsigned long caller)
{
	if (want_init_on_free() && page_block_is_live(p, order))
		zero_block(p,
			   order); /* a highmem page kmap cannot map: as is */
	if (!backend_free_pages(p, order, caller))
		kasan_poison(p, PAGE_SIZE << order);
}

static void __free_pages_addr(void *p, unsigned int order, unsigned long caller)
{
	unsigned long flags = heap_lock_irqsave();

	if (!virt_addr_valid(p) || !IS_ALIGNED((unsigned long)p, PAGE_SIZE) ||
	    order >= MAX_ORDER)
		kmalloc_report_bad("invalid page free", p, caller);
	else
		free_block_checked(p, order, caller);
	heap_unlock_irqrestore(flags);
}

/**
 * alloc_pages - allocate 2^@order contiguous, page aligned pages
 * @gfp: GFP flags (__GFP_ZERO zeroes them, __GFP_NOWARN silences failure)
 * @order: 0 .. MAX_ORDER - 1
 *
 * Context: any; takes heap_lock with interrupts off (CONFIG_SMP), so not
 * with it held. Return: the first page's struct page, or NULL when out of
 * memory or @order is too large (one line printed unless __GFP_NOWARN).
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	void *p;

	if (BACKEND_PAGES_FAST_PATH &&
	    likely(!order && !want_init_on_alloc(gfp) &&
		   !(gfp & (__GFP_DMA | __GFP_HIGHMEM)))) {
		struct page *page = backend_alloc_page_fast();

		if (likely(page)) {
			kasan_unpoison(page_address(page), PAGE_SIZE);
			return page;
		}
	}
	p = __alloc_pages_addr(gfp, order, _RET_IP_);

	return p ? virt_to_page(p) : NULL;
}

/**
 * __free_pages - free pages from alloc_pages()
 * @page: the first page, or NULL (ignored)
 * @order: the order it was allocated with
 *
 * A wrong order or a page that is not an allocated block is reported
 * ("kmalloc: bad page free of 0x...") and ignored. Context: as
 * alloc_pages().
 */
/* A page of KFENCE's pool (mm/kfence.c) is never the page allocator's. */
static __noinline void free_kfence_page(void *addr, unsigned long caller)
{
	unsigned long flags = heap_lock_irqsave();

	kmalloc_report_bad("free_pages of a KFENCE page", addr, caller);
	heap_unlock_irqrestore(flags);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!page)
		return;
	if (page < mem_map || page >= mem_map + mem_map_nr) {
		unsigned long flags = heap_lock_irqsave();

		kmalloc_report_bad("invalid page free", page, _RET_IP_);
		heap_unlock_irqrestore(flags);
		return;
	}
	if (unlikely(is_kfence_address(page_address(page)))) {
		free_kfence_page(page_address(page), _RET_IP_);
		return;
	}
	if (BACKEND_PAGES_FAST_PATH && !order && !want_init_on_free() &&
	    likely(backend_free_page_fast((unsigned long)page_address(page)))) {
		kasan_poison(page_address(page), PAGE_SIZE);
		return;
	}
	__free_pages_addr(page_address(page), order, _RET_IP_);
}

/**
 * __get_free_pages - allocate pages and return their address
 * @gfp: GFP flags; __GFP_HIGHMEM is dropped (a highmem page has no
 *       address to return, Linux's VM_BUG_ON)
 * @order: 0 .. MAX_ORDER - 1
 * Context: as alloc_pages(). Return: the address, or 0 when out of memory.
 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	return (unsigned long)__alloc_pages_addr(gfp & ~__GFP_HIGHMEM, order,
						 _RET_IP_);
}

/**
 * get_zeroed_page - allocate one zeroed page
 * @gfp: GFP flags
 * Context: as alloc_pages(). Return: the address, or 0 when out of memory.
 */
unsigned long get_zeroed_page(gfp_t gfp)
{
	return (unsigned long)__alloc_pages_addr(
		(gfp & ~__GFP_HIGHMEM) | __GFP_ZERO, 0, _RET_IP_);
}

/**
 * free_pages - free pages by address
 * @addr: address from __get_free_pages(), or 0 (ignored)
 * @order: the order it was allocated with
 *
 * Context: as alloc_pages().
 */
void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (unlikely(is_kfence_address((void *)addr))) {
		free_kfence_page((void *)addr, _RET_IP_);
		return;
	}
	if (BACKEND_PAGES_FAST_PATH && !order && !want_init_on_free() &&
	    likely(backend_free_page_fast(addr))) {
		kasan_poison((void *)addr, PAGE_SIZE);
		return;
	}
	__free_pages_addr((void *)addr, order, _RET_IP_);
}

/**
 * drain_all_pages - give the pages of every CPU's order-0 list back
 *
 * Backends on the shared buddy allocator keep freed single pages on
 * per-CPU lists (mm/page_pcp.c, Linux's pcp lists) that the next order-0
 * allocations pop; this frees them all to the buddy free lists, where
 * they coalesce. Other backends have no such lists: nothing to do.
 * Linux's drain_all_pages() takes a zone; kmlab's lists hold pages of
 * every zone, and all of them go back. Each list is drained under its
 * own lock by the calling CPU: no inter-processor call.
 *
 * Used where a figure must not depend on what ran before: kbench starts
 * every workload with it (the same cache state whatever ran first).
 * Context: any; not with heap_lock held (CONFIG_SMP: takes it).
 * O(pages on the lists).
 */
void drain_all_pages(void)
{
	unsigned long flags = heap_lock_irqsave();

	backend_drain_page_cache();
	heap_unlock_irqrestore(flags);
}
