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
 *
 * Backends on the shared buddy allocator (CONFIG_HAVE_BUDDY_PAGE_ALLOC)
 * give the order-0 case an inline fast path (a list pop and push, no
 * call) in mm/buddy_fast.h; for the others that header has stubs that
 * compile to nothing.
 */
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/kasan.h>
#include "internal.h"

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

static void *__alloc_pages_addr(gfp_t gfp, unsigned int order,
				unsigned long caller)
{
	void *p;

	if (unlikely(order >= MAX_ORDER))
		return pages_failed(gfp, order, caller);
	p = backend_alloc_pages(gfp, order);
	if (unlikely(!p))
		return pages_failed(gfp, order, caller);
	kasan_unpoison(p, PAGE_SIZE << order);
	if (gfp & __GFP_ZERO)
		memset(p, 0, PAGE_SIZE << order);
	return p;
}

static void __free_pages_addr(void *p, unsigned int order, unsigned long caller)
{
	if (!virt_addr_valid(p) || !IS_ALIGNED((unsigned long)p, PAGE_SIZE) ||
	    order >= MAX_ORDER) {
		kmalloc_report_bad("invalid page free", p, caller);
		return;
	}
	if (!backend_free_pages(p, order, caller))
		kasan_poison(p, PAGE_SIZE << order);
}

/**
 * alloc_pages - allocate 2^@order contiguous, page aligned pages
 * @gfp: GFP flags (__GFP_ZERO zeroes them, __GFP_NOWARN silences failure)
 * @order: 0 .. MAX_ORDER - 1
 *
 * Context: any. Return: the first page's struct page, or NULL when out of
 * memory or @order is too large (one line printed unless __GFP_NOWARN).
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	void *p;

	if (BACKEND_PAGES_FAST_PATH && likely(!order && !(gfp & __GFP_ZERO))) {
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
 * ("kmalloc: bad page free of 0x...") and ignored.
 */
void __free_pages(struct page *page, unsigned int order)
{
	if (!page)
		return;
	if (page < mem_map || page >= mem_map + mem_map_nr) {
		kmalloc_report_bad("invalid page free", page, _RET_IP_);
		return;
	}
	if (BACKEND_PAGES_FAST_PATH && !order &&
	    likely(backend_free_page_fast((unsigned long)page_address(page)))) {
		kasan_poison(page_address(page), PAGE_SIZE);
		return;
	}
	__free_pages_addr(page_address(page), order, _RET_IP_);
}

/**
 * __get_free_pages - allocate pages and return their address
 * @gfp: GFP flags
 * @order: 0 .. MAX_ORDER - 1
 * Return: the address, or 0 when out of memory.
 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	return (unsigned long)__alloc_pages_addr(gfp, order, _RET_IP_);
}

/**
 * get_zeroed_page - allocate one zeroed page
 * @gfp: GFP flags
 * Return: the address, or 0 when out of memory.
 */
unsigned long get_zeroed_page(gfp_t gfp)
{
	return (unsigned long)__alloc_pages_addr(gfp | __GFP_ZERO, 0, _RET_IP_);
}

/**
 * free_pages - free pages by address
 * @addr: address from __get_free_pages(), or 0 (ignored)
 * @order: the order it was allocated with
 */
void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (BACKEND_PAGES_FAST_PATH && !order &&
	    likely(backend_free_page_fast(addr))) {
		kasan_poison((void *)addr, PAGE_SIZE);
		return;
	}
	__free_pages_addr((void *)addr, order, _RET_IP_);
}

/**
 * drain_all_pages - give the pages of the order-0 page cache back
 *
 * Backends on the shared buddy allocator keep freed single pages on a
 * per-CPU list (mm/buddy.c, Linux's pcp lists) that the next order-0
 * allocations pop; this frees them all to the buddy free lists, where
 * they coalesce. Other backends have no such cache: nothing to do.
 * Linux's drain_all_pages() takes a zone; kmlab has one.
 *
 * Used where a figure must not depend on what ran before: kbench starts
 * every workload with it (the same cache state whatever ran first).
 * Context: any; O(pages in the cache).
 */
void drain_all_pages(void)
{
	backend_drain_page_cache();
}
