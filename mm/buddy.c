// SPDX-License-Identifier: GPL-2.0
/*
 * A binary buddy page allocator over all usable memory.
 *
 * Source: K. C. Knowlton, "A fast storage allocator", CACM 8(10), 1965;
 * D. E. Knuth, TAOCP vol. 1, §2.5 ("the buddy system", algorithms R and S).
 *
 * Data structures
 *   mem_map (include/kmlab/mm.h) has one struct page per page frame from
 *   the lowest to the highest usable pfn. A free block of 2^order pages is
 *   represented by its first ("head") page: PG_buddy set, private = order,
 *   buddy_list linked on zone->free_area[order].free_list of its zone
 *   (include/kmlab/mmzone.h: ZONE_DMA, ZONE_NORMAL, ZONE_HIGHMEM; each zone
 *   has its own free lists and free page count). The other pages
 *   of a free block carry no flags. A block handed out has PG_head and
 *   private = order on its head page, so a free with the wrong order or a
 *   second free of the same block is caught.
 *
 *   Blocks are naturally aligned: the block of order k at pfn p has
 *   p % 2^k == 0 and its buddy is the block at p ^ 2^k. Blocks never cross
 *   a memblock_usable region: at boot each region is cut into the largest
 *   aligned blocks that fit, so a buddy outside usable memory is never
 *   PG_buddy (its pages are PG_reserved or belong to another region's
 *   blocks of a different order) and coalescing stops there by itself.
 *   Regions are cut at zone boundaries too, and a buddy in another zone
 *   is never merged with (Linux's page_is_buddy() checks the zone).
 *
 * Allocation walks the zonelist, from the zone the GFP flags prefer
 * (gfp_zone()) down to ZONE_DMA, first taking a zone only while it stays
 * above its low watermark, then above min (mm/mmzone.c). In the zone
 * (algorithm R): the first block of the smallest non-empty
 * order >= the request is split in halves until it has the requested
 * order; upper halves go back on the free lists. Free (algorithm S): while
 * the buddy is a free block of the same order, unlink it and merge. Both
 * are O(BUDDY_MAX_ORDER). With CONFIG_SHUFFLE_PAGE_ALLOCATOR the blocks
 * of SHUFFLE_ORDER and above are chosen at random instead (mm/shuffle.c).
 *
 * The order-0 page lists
 *   Single pages are freed onto and allocated from per-CPU lists first
 *   (mm/page_pcp.c, Linux's per_cpu_pages); this file fills a list with
 *   a batch (buddy_rmqueue_bulk()) and takes a batch back
 *   (buddy_free_pcppages_bulk()). The lists are refilled from the
 *   GFP_KERNEL zonelist (ZONE_NORMAL, then ZONE_DMA) and hold lowmem pages
 *   only: a __GFP_DMA or __GFP_HIGHMEM request bypasses them, a freed
 *   highmem page goes to its free list.
 *
 * Large kmallocs
 *   buddy+slab and SLOB both serve a kmalloc too big for their pages with
 *   a whole block (buddy_kmalloc_large()): head page PG_large_kmalloc,
 *   private = order, tails pointing to the head, so kfree() and ksize()
 *   find the order from any pointer (buddy_kfree_large()).
 *
 * Locking: heap_lock (mm/internal.h) covers the free lists of every zone,
 * as Linux's zone->lock does; the per-CPU lists have their own locks,
 * always taken after it (mm/page_pcp.c).
 */
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include <kmlab/highmem.h>
#include "buddy.h"
#include "buddy_fast.h"
#include "internal.h"
#include "page_pcp.h"
#include "shuffle.h"

unsigned long buddy_lowmem_nr;
struct buddy_page_stats buddy_page_stats;

/*
 * Put the free block at @page of @order on @zone's free list: at its
 * head, or at its tail when @tail (CONFIG_SHUFFLE_PAGE_ALLOCATOR).
 */
static inline void add_to_free_list(struct zone *zone, struct page *page,
				    unsigned int order, bool tail)
{
	struct list_head *list = &zone->free_area[order].free_list;

	page->flags = 1UL << PG_buddy;
	page->private = order;
	if (tail)
		list_add_tail(&page->buddy_list, list);
	else
		list_add(&page->buddy_list, list);
	zone->free_area[order].nr_free++;
	zone->nr_free_pages += 1UL << order;
}

static inline void del_from_free_list(struct zone *zone, struct page *page,
				      unsigned int order)
{
	list_del(&page->buddy_list);
	page->flags = 0;
	page->private = 0;
	zone->free_area[order].nr_free--;
	zone->nr_free_pages -= 1UL << order;
}

/* Knuth's algorithm S: free and coalesce. @page has no flags yet. */
static void __free_one_block(struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(page);
	unsigned long pfn = page_to_pfn(page);

	while (order < BUDDY_MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);

		if (!page_is_buddy(zone, buddy_pfn, order))
			break;
		del_from_free_list(zone, pfn_to_page(buddy_pfn), order);
		pfn &= ~(1UL << order);
		order++;
	}
	add_to_free_list(zone, pfn_to_page(pfn), order,
			 is_shuffle_order(order) && shuffle_pick_tail());
}

/* Knuth's algorithm R: take a block of @order from @zone's free lists. */
static struct page *__rmqueue(struct zone *zone, unsigned int order)
{
	unsigned int cur;
	struct page *page;

	for (cur = order; cur < BUDDY_MAX_ORDER; cur++)
		if (!list_empty(&zone->free_area[cur].free_list))
			break;
	if (cur == BUDDY_MAX_ORDER)
		return NULL;
	page = list_first_entry(&zone->free_area[cur].free_list, struct page,
				buddy_list);
	del_from_free_list(zone, page, cur);
	/*
	 * Split: the upper half of each level goes back as a free block
	 * (with the shuffle, above SHUFFLE_ORDER, a random half).
	 */
	while (cur > order) {
		cur--;
		if (is_shuffle_order(cur) && shuffle_pick_tail()) {
			add_to_free_list(zone, page, cur, false);
			page += 1UL << cur;
		} else {
			add_to_free_list(zone, page + (1UL << cur), cur, false);
		}
	}
	return page;
}

/*
 * Linux's get_page_from_freelist() twice over: the zonelist from
 * gfp_zone(@gfp) down to ZONE_DMA, zones above their low watermark first,
 * then above min (the slow path, where Linux would have reclaimed).
 */
static struct page *rmqueue_zonelist(gfp_t gfp, unsigned int order)
{
	int preferred = gfp_zone(gfp);

	for (int mark = WMARK_LOW; mark >= WMARK_MIN; mark--) {
		for (int t = preferred; t >= 0; t--) {
			struct zone *zone = &node_zones[t];
			struct page *page;

			if (!zone_watermark_ok(zone, order,
					       zone->_watermark[mark], gfp))
				continue;
			page = __rmqueue(zone, order);
			if (!page)
				continue;
			zone->pgalloc++;
			if (t != preferred)
				zone->pgalloc_fallback++;
			return page;
		}
	}
	return NULL;
}

unsigned int buddy_rmqueue_bulk(unsigned int count, struct page **list)
{
	struct page *page = rmqueue_zonelist(GFP_KERNEL, 0);
	struct zone *zone = page ? page_zone(page) : NULL;
	unsigned int i = 0;

	/* Linked in the order __rmqueue() hands them out (by address). */
	for (; page; page = __rmqueue(zone, 0)) {
		if (i) {
			zone->pgalloc++;
			if (zone_idx(zone) != ZONE_NORMAL)
				zone->pgalloc_fallback++;
		}
		page->flags = 1UL << PG_pcp;
		page->buddy_list.prev = NULL;
		*list = page;
		list = (struct page **)&page->buddy_list.next;
		if (++i == count)
			break;
	}
	*list = NULL;
	return i;
}

void buddy_free_pcppages_bulk(struct per_cpu_pages *pcp, unsigned int count)
{
	while (count-- && pcp->head) {
		struct page *page = pcp_pop(pcp);

		page->flags = 0;
		__free_one_block(page, 0);
	}
}

void buddy_drain_pcp(void)
{
	pcp_drain_all();
}

struct page *__buddy_alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;

	if (likely(order == 0 && !(gfp & (__GFP_DMA | __GFP_HIGHMEM)))) {
		page = pcp_alloc_page();
		if (unlikely(!page))
			return NULL;
	} else {
		if (unlikely(order >= BUDDY_MAX_ORDER))
			return NULL;
		page = rmqueue_zonelist(gfp, order);
		if (!page) {
			/* Cached single pages may be what blocks a merge. */
			buddy_drain_pcp();
			page = rmqueue_zonelist(gfp, order);
			if (!page)
				return NULL;
		}
	}
	page->flags = 1UL << PG_head;
	page->private = order;
	return page;
}

int buddy_free_pages(struct page *page, unsigned int order,
		     unsigned long caller)
{
	if (unlikely(page->flags != 1UL << PG_head || page->private != order)) {
		const char *what = "bad page free";

		if (PageBuddy(page) || PagePcp(page))
			what = "double free";
		else if (PageLargeKmalloc(page))
			what = "free_pages of a kmalloc object";
		else if (PageSlab(page) || PageSlob(page))
			what = "free_pages of a slab page";
		else if (PageHead(page))
			what = "page free with wrong order";
		else if (PageTail(page) || page->flags == 0)
			what = "interior pointer free";
		kmalloc_report_bad(what, page_address(page), caller);
		return -EINVAL;
	}
	if (likely(order == 0 && !PageHighMem(page))) {
		/*
		 * The fast path may be freeing this page at the same moment
		 * (it claims it without heap_lock): claim it the same way, so
		 * that only one of the two frees lists it.
		 */
		if (unlikely(!pcp_claim_page(page))) {
			kmalloc_report_bad("double free", page_address(page),
					   caller);
			return -EINVAL;
		}
		pcp_free_page(page);
		return 0;
	}
	page->private = 0;
	page->flags = 0;
	__free_one_block(page, order);
	return 0;
}

/* Largest order of an aligned block starting at @pfn that ends by @end. */
static unsigned int max_block_order(unsigned long pfn, unsigned long end)
{
	unsigned int order = BUDDY_MAX_ORDER - 1;

	while (order &&
	       ((pfn & ((1UL << order) - 1)) || pfn + (1UL << order) > end))
		order--;
	return order;
}

/* Cut pfns @pfn .. @end - 1 into aligned blocks within their zones. */
static void add_free_range(unsigned long pfn, unsigned long end)
{
	while (pfn < end) {
		struct zone *zone = &node_zones[pfn_zone_idx(pfn)];
		unsigned int order =
			max_block_order(pfn, min(end, zone_end_pfn(zone)));

		if (!pfn_valid(pfn) || !pfn_valid(pfn + (1UL << order) - 1)) {
			pr_err("buddy: pfn %#lx outside mem_map, region dropped\n",
			       pfn);
			break;
		}
		for (unsigned long j = 0; j < (1UL << order); j++)
			pfn_to_page(pfn + j)->flags = 0;
		add_to_free_list(zone, pfn_to_page(pfn), order, false);
		pfn += 1UL << order;
	}
}

void buddy_init(void)
{
	zones_init();
	page_pcp_init();
	buddy_lowmem_nr = mem_map_nr;

	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *r = &memblock_usable.regions[i];

		add_free_range(PFN_UP(r->base), PFN_DOWN(r->base + r->size));
	}
#ifdef CONFIG_HIGHMEM
	/* memblock reserves highmem (no boot allocation may land there). */
	if (highend_pfn > highstart_pfn) {
		add_free_range(highstart_pfn, highend_pfn);
		buddy_lowmem_nr = highstart_pfn - mem_map_base_pfn;
	}
#endif
	shuffle_free_memory();
}

unsigned long buddy_nr_free_pages(void)
{
	unsigned long n = pcp_count();

	for (int t = 0; t < MAX_NR_ZONES; t++)
		n += node_zones[t].nr_free_pages;
	return n;
}

unsigned long buddy_nr_free_blocks(unsigned int order)
{
	unsigned long n = 0;

	for (int t = 0; t < MAX_NR_ZONES; t++)
		n += node_zones[t].free_area[order].nr_free;
	return n;
}

#define bad(fmt, ...) \
	(errors += kmalloc_validate_fail("buddy: " fmt, ##__VA_ARGS__))

/* The free lists of one zone: each block, and the counts. */
static int validate_zone(struct zone *zone)
{
	unsigned long pages = 0;
	int errors = 0;

	for (unsigned int o = 0; o < BUDDY_MAX_ORDER; o++) {
		unsigned long n = 0;
		struct page *page;

		list_for_each_entry(page, &zone->free_area[o].free_list,
				    buddy_list) {
			unsigned long pfn = page_to_pfn(page);

			if (++n > mem_map_nr) {
				bad("order %u free list loops", o);
				break;
			}
			if (page < mem_map || page >= mem_map + mem_map_nr) {
				bad("order %u block %p outside mem_map", o,
				    page);
				break;
			}
			if (page->flags != 1UL << PG_buddy)
				bad("pfn %#lx on order %u list has flags %#lx",
				    pfn, o, page->flags);
			if (page->private != o)
				bad("pfn %#lx on order %u list has order %lu",
				    pfn, o, page->private);
			if (pfn & ((1UL << o) - 1))
				bad("pfn %#lx not aligned to order %u", pfn, o);
			if (!pfn_valid(pfn + (1UL << o) - 1))
				bad("pfn %#lx order %u ends outside mem_map",
				    pfn, o);
			if (pfn < zone->zone_start_pfn ||
			    pfn + (1UL << o) > zone_end_pfn(zone))
				bad("pfn %#lx order %u outside zone %s", pfn, o,
				    zone->name);
			if (o < BUDDY_MAX_ORDER - 1 &&
			    page_is_buddy(zone, pfn ^ (1UL << o), o))
				bad("pfn %#lx and its buddy %#lx both free at order %u",
				    pfn, pfn ^ (1UL << o), o);
			pages += 1UL << o;
		}
		if (n != zone->free_area[o].nr_free)
			bad("zone %s order %u: %lu blocks listed, nr_free %lu",
			    zone->name, o, n, zone->free_area[o].nr_free);
	}
	if (pages != zone->nr_free_pages)
		bad("zone %s: %lu pages listed, nr_free_pages %lu", zone->name,
		    pages, zone->nr_free_pages);
	return errors;
}

int buddy_validate(void)
{
	unsigned long nr_buddy = 0, nr_pcp = 0, pcp_flags;
	int errors = 0;

	for (int t = 0; t < MAX_NR_ZONES; t++)
		errors += validate_zone(&node_zones[t]);
	pcp_flags = pcp_lock_all();
	errors += pcp_validate();
	for (unsigned long i = 0; i < mem_map_nr; i++) {
		if (PageBuddy(&mem_map[i])) {
			nr_buddy++;
			if (PageReserved(&mem_map[i]))
				bad("reserved pfn %#lx is free",
				    mem_map_base_pfn + i);
		}
		if (PagePcp(&mem_map[i]))
			nr_pcp++;
	}
	{
		unsigned long listed = 0;

		for (unsigned int o = 0; o < BUDDY_MAX_ORDER; o++)
			listed += buddy_nr_free_blocks(o);
		if (nr_buddy != listed)
			bad("%lu PG_buddy pages in mem_map, %lu blocks listed",
			    nr_buddy, listed);
	}
	if (nr_pcp != pcp_count())
		bad("%lu PG_pcp pages in mem_map, %u on the CPUs' lists",
		    nr_pcp, pcp_count());
	pcp_unlock_all(pcp_flags);
	return errors;
}

void buddy_show(void)
{
	pr_info("buddy: free blocks per order (order:count), %u cached pages\n",
		pcp_count());
	for (unsigned int o = 0; o < BUDDY_MAX_ORDER; o++)
		pr_info("buddy:   %2u: %lu\n", o, buddy_nr_free_blocks(o));
	pr_info("buddy: %lu free pages\n", buddy_nr_free_pages());
}

/*
 * alloc_pages() and free_pages() for the backends built on the buddy
 * allocator (buddy+slab and SLOB): a page block is one live object of
 * PAGE_SIZE << order bytes and 2^order held pages. The common order-0
 * case never gets here (mm/buddy_fast.h). Objects and bytes are counted
 * in buddy_page_stats and folded in by buddy_sync_stats(); pages_held is
 * exact.
 */
void *backend_alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = __buddy_alloc_pages(gfp, order);

	if (unlikely(!page))
		return NULL;
	buddy_page_stats.nr_allocs++;
	buddy_page_stats.extra_pages += (1L << order) - 1;
	kstat_pages(1L << order);
	return page_address(page);
}

/*
 * mm/page_alloc.c has checked that @addr is a page-aligned address inside
 * mem_map and that @order is below MAX_ORDER; buddy_free_pages() checks
 * that it is an allocated block of that order.
 */
int backend_free_pages(void *addr, unsigned int order, unsigned long caller)
{
	if (unlikely(buddy_free_pages(virt_to_page(addr), order, caller)))
		return -EINVAL;
	buddy_page_stats.nr_frees++;
	buddy_page_stats.extra_pages -= (1L << order) - 1;
	kstat_pages(-(1L << order));
	return 0;
}

void buddy_sync_stats(void)
{
	struct kmalloc_stats *st = &kmalloc_stats;
	struct buddy_page_stats *ps = &buddy_page_stats;

	pcp_fold_stats(&ps->nr_allocs, &ps->nr_frees);

	st->nr_allocs += ps->nr_allocs;
	st->nr_frees += ps->nr_frees;
	st->live_bytes +=
		(ps->nr_allocs - ps->nr_frees + ps->extra_pages) * PAGE_SIZE;
	ps->nr_allocs = 0;
	ps->nr_frees = 0;
	ps->extra_pages = 0;
}

int backend_free_space(unsigned long *largest, unsigned long *total)
{
	unsigned long pages = buddy_nr_free_pages();
	int o;

	*total = pages * PAGE_SIZE;
	*largest = pcp_count() ? PAGE_SIZE : 0;
	for (o = BUDDY_MAX_ORDER - 1; o >= 0; o--) {
		if (buddy_nr_free_blocks(o)) {
			*largest = PAGE_SIZE << o;
			break;
		}
	}
	return 0;
}

/* --- Large kmalloc (slab and SLOB): whole buddy blocks ---------------- */

void *buddy_kmalloc_large(size_t size)
{
	unsigned int order = get_order(size);
	struct page *page;

	if (order >= BUDDY_MAX_ORDER)
		return NULL;
	page = buddy_alloc_pages(order);
	if (!page)
		return NULL;
	page_set_flag(page, PG_large_kmalloc);
	page->large_cache = NULL;
	if (order)
		set_compound_tails(page, order);
	kstat_alloc(order_to_bytes(order));
	kstat_pages(1L << order);
	return page_address(page);
}

int buddy_kfree_large(const void *p, unsigned long caller, bool size_only,
		      size_t *size)
{
	struct page *page, *head;
	unsigned int order;

	if (!virt_addr_valid(p)) {
		kmalloc_report_bad("invalid free", p, caller);
		return -EINVAL;
	}
	page = virt_to_page(p);
	head = compound_head(page);
	if (!PageLargeKmalloc(head)) {
		kmalloc_report_bad(!(PageBuddy(head) || PagePcp(head)) ?
					   "invalid free" :
				   size_only ? "ksize of a free object" :
					       "double free",
				   p, caller);
		return -EINVAL;
	}
	if (p != page_address(head)) {
		kmalloc_report_bad("interior pointer free", p, caller);
		return -EINVAL;
	}
	order = head->private;
	*size = order_to_bytes(order);
	if (size_only)
		return 0;
	if (order)
		clear_compound_tails(head, order);
	page_clear_flag(head, PG_large_kmalloc);
	buddy_free_pages(head, order, caller);
	kstat_free(order_to_bytes(order));
	kstat_pages(-(1L << order));
	return 0;
}

/* Pfns @pfn .. @end - 1 for buddy_walk(). */
static void walk_pfns(unsigned long pfn, unsigned long end, kmalloc_walk_fn fn,
		      void *arg,
		      unsigned long (*walk_page)(struct page *page,
						 kmalloc_walk_fn fn, void *arg))
{
	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);
		enum kmalloc_range kind = KMALLOC_RANGE_HELD;
		unsigned long n = 1;

		if (PageSlab(page) || PageSlob(page)) {
			n = walk_page(page, fn, arg);
		} else {
			if (PageBuddy(page) || PagePcp(page))
				kind = KMALLOC_RANGE_FREE;
			else if (PageHead(page) || PageLargeKmalloc(page))
				kind = KMALLOC_RANGE_LIVE;
			if (PageBuddy(page) || kind == KMALLOC_RANGE_LIVE)
				n = 1UL << page->private;
			n = min(n, end - pfn);
			fn(PFN_PHYS(pfn), PFN_PHYS(pfn + n), kind, arg);
		}
		pfn += n;
	}
}

void buddy_walk(kmalloc_walk_fn fn, void *arg,
		unsigned long (*walk_page)(struct page *page,
					   kmalloc_walk_fn fn, void *arg))
{
	/* No page moves to or from a list meanwhile. */
	unsigned long flags = pcp_lock_all();

	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *r = &memblock_usable.regions[i];

		walk_pfns(PFN_DOWN(r->base), PFN_DOWN(r->base + r->size), fn,
			  arg, walk_page);
	}
#ifdef CONFIG_HIGHMEM
	walk_pfns(highstart_pfn, highend_pfn, fn, arg, walk_page);
#endif
	pcp_unlock_all(flags);
}
