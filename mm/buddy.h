/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The binary buddy page allocator (mm/buddy.c), as used by the backends
 * built on top of it (mm/slab.c, mm/slob.c) and by their white-box tests.
 * Not a public API: everything else allocates pages with alloc_pages().
 */
#ifndef _MM_BUDDY_H
#define _MM_BUDDY_H

#include <kmlab/mm.h>
#include <kmlab/list.h>
#include <kmlab/mmzone.h>
#include "internal.h"

/* A page cached on the order-0 per-CPU-style list (not on a free list). */
#define PG_pcp PG_owner_priv_2
/* A tail page of a multi-page slab or large kmalloc: private = head page. */
#define PG_tail PG_owner_priv_1

#define PagePcp(p) page_test_flag(p, PG_pcp)
#define PageTail(p) page_test_flag(p, PG_tail)

/**
 * page_is_buddy - is the page at @pfn the head of a free block of @order?
 * @zone: the zone the block must lie in (no merge crosses zones)
 * @pfn: page frame number, any value
 * @order: 0 .. BUDDY_MAX_ORDER - 1
 *
 * Linux's name. Context: heap_lock held, or boot.
 * Return: true when @pfn is in @zone and its page heads a free block of
 * exactly @order.
 */
static inline bool page_is_buddy(const struct zone *zone, unsigned long pfn,
				 unsigned int order)
{
	struct page *buddy;

	if (pfn < zone->zone_start_pfn || pfn >= zone_end_pfn(zone) ||
	    !pfn_valid(pfn))
		return false;
	buddy = pfn_to_page(pfn);
	return PageBuddy(buddy) && buddy->private == order;
}

/**
 * buddy_init - hand every memblock_usable region to the buddy allocator
 *
 * Each region is cut into the largest naturally aligned blocks that fit
 * (a region need not be aligned to any order). Call once, after mem_map is
 * set up. Context: boot.
 */
void buddy_init(void);

/**
 * __buddy_alloc_pages - allocate 2^@order contiguous pages from a zone
 * @gfp: GFP flags: the zone modifiers (gfp_zone()) and __GFP_HIGH
 * @order: 0 .. BUDDY_MAX_ORDER - 1
 *
 * Walks the zonelist from gfp_zone(@gfp) down to ZONE_DMA, first taking
 * a zone only above its low watermark, then above its min watermark
 * (include/kmlab/mmzone.h). In the zone, takes the first block of the
 * smallest non-empty order >= @order and splits it, putting the upper
 * halves back (Knuth TAOCP vol. 1 §2.5, algorithm R). Order 0 without
 * __GFP_DMA is served from a small cache of lowmem single pages first.
 * The head page gets PG_head with private = @order.
 *
 * Return: the head page, or NULL when no zone allowed has a block large
 * enough (no line printed: the caller reports). Context: any.
 */
struct page *__buddy_alloc_pages(gfp_t gfp, unsigned int order);

/**
 * buddy_alloc_pages - allocate 2^@order pages for the kernel (GFP_KERNEL)
 * @order: 0 .. BUDDY_MAX_ORDER - 1
 *
 * __buddy_alloc_pages(GFP_KERNEL, @order): ZONE_NORMAL, then ZONE_DMA.
 * Return: the head page, or NULL. Context: any.
 */
static inline struct page *buddy_alloc_pages(unsigned int order)
{
	return __buddy_alloc_pages(GFP_KERNEL, order);
}

/**
 * buddy_nr_free_blocks - free blocks of @order in all zones together
 * @order: 0 .. BUDDY_MAX_ORDER - 1
 */
unsigned long buddy_nr_free_blocks(unsigned int order);

/**
 * buddy_free_pages - return a block from buddy_alloc_pages()
 * @page: its head page
 * @order: the order it was allocated with
 * @caller: return address of the API caller, for reports
 *
 * Coalesces with its buddy (pfn XOR 2^order) for as long as the buddy is
 * a free block of the same order (Knuth's algorithm S). A page that is
 * not an allocated head of that order (double free, wrong order, a page
 * the allocator never handed out) is reported with
 * kmalloc_report_bad() and left alone.
 * Return: 0 when the block was freed, -EINVAL after a report.
 * Context: any.
 */
int buddy_free_pages(struct page *page, unsigned int order,
		     unsigned long caller);

/**
 * buddy_drain_pcp - give every page of every CPU's order-0 list back
 *
 * For tests that compare the free lists with their initial state, and for
 * out-of-memory retries (pcp_drain_all()). Context: heap_lock held (or no
 * other CPU on the heap).
 */
void buddy_drain_pcp(void);

struct per_cpu_pages;

/**
 * buddy_rmqueue_bulk - take up to @count free single pages from one zone
 * @count: pages wanted, at least 1
 * @list: out: the pages, PG_pcp, linked through buddy_list.next in the
 *        order the free lists gave them, NULL-terminated
 *
 * Linux's rmqueue_bulk(): the GFP_KERNEL zonelist picks the zone with the
 * first page (watermarks checked), the rest come from the same zone.
 * Context: heap_lock held. Return: how many pages were taken (0: none).
 */
unsigned int buddy_rmqueue_bulk(unsigned int count, struct page **list);

/**
 * buddy_free_pcppages_bulk - give the first @count pages of a list back
 * @pcp: a CPU's order-0 list (mm/page_pcp.h)
 * @count: pages, at most; fewer when the list is shorter
 *
 * Linux's free_pcppages_bulk(): each page coalesces on its zone's free
 * lists. Context: heap_lock and @pcp->lock held.
 */
void buddy_free_pcppages_bulk(struct per_cpu_pages *pcp, unsigned int count);

/**
 * buddy_validate - check every free list and the page cache
 *
 * Each block must be PG_buddy with private equal to its list's order,
 * aligned to its order, inside mem_map, not reserved; its buddy must not
 * be free at the same order; the counts must match the lists and the
 * number of PG_buddy pages in mem_map. Each violation is one line starting
 * with "kmalloc: validate:".
 * Return: the number of violations (0: consistent).
 */
int buddy_validate(void);

/**
 * buddy_nr_free_pages - pages on the free lists and in the order-0 cache
 */
unsigned long buddy_nr_free_pages(void);

/** buddy_show - print the number of free blocks of each order */
void buddy_show(void);

/**
 * buddy_kmalloc_large - a kmalloc too big for the slab or SLOB pages
 * @size: bytes, > the backend's largest small object
 *
 * Takes a whole block of get_order(@size) pages, marks its head
 * PG_large_kmalloc with the order in private (tails point to the head),
 * which is how kfree() and ksize() find it again; counts the object and
 * the pages in the statistics.
 * Return: the block's address, or NULL when the order is past
 * BUDDY_MAX_ORDER or no block is free. Context: any.
 */
void *buddy_kmalloc_large(size_t size);

/**
 * buddy_kfree_large - free (or measure) a large kmalloc
 * @p: a pointer that is not in a slab or SLOB page
 * @caller: return address of the API call, for reports
 * @size_only: only find the size (ksize()), free nothing
 * @size: where the block's size in bytes is stored
 *
 * Bad input is reported with kmalloc_report_bad() and changes nothing:
 * outside mem_map or not a large kmalloc ("invalid free"; "double free"
 * when the block is already free), or not the block's first byte
 * ("interior pointer free").
 * Return: 0, or -EINVAL after a report. Context: any.
 */
int buddy_kfree_large(const void *p, unsigned long caller, bool size_only,
		      size_t *size);

/**
 * compound_head - the head page of the block containing @page
 * @page: any page of a multi-page slab or large kmalloc, or a single page
 */
static inline struct page *compound_head(struct page *page)
{
	if (PageTail(page))
		return (struct page *)page->private;
	return page;
}

/**
 * set_compound_tails - mark the tail pages of a 2^@order block
 * @head: the head page
 * @order: order of the block
 */
static inline void set_compound_tails(struct page *head, unsigned int order)
{
	for (unsigned long i = 1; i < (1UL << order); i++) {
		head[i].flags = 1UL << PG_tail;
		head[i].private = (unsigned long)head;
	}
}

/**
 * clear_compound_tails - undo set_compound_tails()
 * @head: the head page
 * @order: order of the block
 */
static inline void clear_compound_tails(struct page *head, unsigned int order)
{
	for (unsigned long i = 1; i < (1UL << order); i++) {
		head[i].flags = 0;
		head[i].private = 0;
	}
}

/**
 * get_order - smallest order whose block holds @size bytes
 * @size: bytes, > 0
 */
static inline unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

/**
 * buddy_walk - backend_walk() for the backends on the buddy allocator
 * @fn: backend_walk()'s callback
 * @arg: its argument
 * @walk_page: the backend's walk of one of its PG_slab or PG_slob pages
 *             (a head page); returns the pages it covered (>= 1)
 *
 * Every usable region, then the highmem pages, pfn by pfn: free buddy
 * blocks and cached order-0 pages are free, alloc_pages() blocks and
 * large kmallocs live, the backend's pages what @walk_page says, any
 * other page held. Context: backend_walk().
 */
void buddy_walk(kmalloc_walk_fn fn, void *arg,
		unsigned long (*walk_page)(struct page *page,
					   kmalloc_walk_fn fn, void *arg));

#endif /* _MM_BUDDY_H */
