/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory zones (mm/mmzone.c), as Linux's include/linux/mmzone.h splits an
 * i386 node: ZONE_DMA below 16 MiB (what ISA DMA reaches), ZONE_NORMAL up
 * to the top of the identity map (MAXMEM), ZONE_HIGHMEM above it. Each
 * zone has its own buddy free lists (mm/buddy.c), free page count and
 * watermarks; gfp_zone() picks the preferred zone of an allocation and the
 * zonelist falls back from it towards ZONE_DMA, never upwards.
 *
 * Only backends built on the buddy allocator (CONFIG_HAVE_BUDDY_PAGE_ALLOC)
 * have zones; Documentation/mm/zones.rst says why the others do not.
 */
#ifndef _KMLAB_MMZONE_H
#define _KMLAB_MMZONE_H

#include <kmlab/types.h>
#include <kmlab/list.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>

/*
 * The buddy allocator's own orders: 0 .. BUDDY_MAX_ORDER - 1 (4 KiB ..
 * 128 MiB). alloc_pages() stops at MAX_ORDER - 1 (4 MiB) as in Linux, but
 * kmalloc() serves larger sizes from blocks above that.
 */
#define BUDDY_MAX_ORDER 16

/* The end of ZONE_DMA: what ISA DMA can address (Linux's MAX_DMA_PFN). */
#define MAX_DMA_ADDRESS (16UL << 20)
#define MAX_DMA_PFN (MAX_DMA_ADDRESS >> PAGE_SHIFT)

enum zone_type { ZONE_DMA, ZONE_NORMAL, ZONE_HIGHMEM, MAX_NR_ZONES };

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

/**
 * struct free_area - the free blocks of one order in one zone
 * @free_list: heads of free blocks (PG_buddy, private = order)
 * @nr_free: number of blocks on @free_list
 */
struct free_area {
	struct list_head free_list;
	unsigned long nr_free;
};

/**
 * struct zone - a range of page frames with its own free lists
 * @name: "DMA", "Normal", "HighMem" (as /proc/zoneinfo prints them)
 * @zone_start_pfn: first pfn of the zone's range
 * @spanned_pages: pages from the first to the last usable pfn (holes too)
 * @present_pages: usable pages (memblock_usable) in the zone
 * @nr_free_pages: pages on the zone's free lists (the order-0 page cache
 *                 is not counted: its pages are not on a free list)
 * @_watermark: WMARK_MIN, WMARK_LOW, WMARK_HIGH, in pages (read them with
 *              min_wmark_pages() and friends)
 * @pgalloc: blocks allocated from this zone (Linux's pgalloc_* events)
 * @pgalloc_fallback: of those, blocks whose preferred zone was a higher one
 *                    (what Linux counts as numa_miss between nodes)
 * @free_area: the buddy free lists, one per order
 */
struct zone {
	const char *name;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long nr_free_pages;
	unsigned long _watermark[NR_WMARK];
	unsigned long pgalloc;
	unsigned long pgalloc_fallback;
	struct free_area free_area[BUDDY_MAX_ORDER];
};

/* The zones of the one node, lowest first (Linux's NODE_DATA(0)->node_zones). */
extern struct zone node_zones[MAX_NR_ZONES];

/* vm.min_free_kbytes: the reserve the watermarks are computed from. */
extern unsigned long min_free_kbytes;

#define min_wmark_pages(z) ((z)->_watermark[WMARK_MIN])
#define low_wmark_pages(z) ((z)->_watermark[WMARK_LOW])
#define high_wmark_pages(z) ((z)->_watermark[WMARK_HIGH])

/**
 * zone_end_pfn - the first pfn past @zone's range
 * @zone: a zone
 */
static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

/**
 * zone_idx - a zone's type
 * @zone: one of node_zones
 */
static inline enum zone_type zone_idx(const struct zone *zone)
{
	return (enum zone_type)(zone - node_zones);
}

/**
 * pfn_zone_idx - the zone type a page frame belongs to
 * @pfn: any page frame number
 *
 * By address alone, as the zone boundaries are fixed at boot: below
 * MAX_DMA_PFN ZONE_DMA, below highmem_start_pfn ZONE_NORMAL, above it
 * ZONE_HIGHMEM.
 */
enum zone_type pfn_zone_idx(unsigned long pfn);

/**
 * page_zone - the zone of a struct page
 * @page: a page of mem_map
 */
static inline struct zone *page_zone(const struct page *page)
{
	return &node_zones[pfn_zone_idx(page_to_pfn(page))];
}

/**
 * gfp_zone - the highest zone an allocation may use
 * @gfp: GFP flags
 *
 * __GFP_DMA: ZONE_DMA; __GFP_HIGHMEM: ZONE_HIGHMEM; neither: ZONE_NORMAL.
 * Both: ZONE_DMA (Linux calls the mix GFP_ZONE_BAD and BUGs; kmlab takes
 * the stricter of the two). The zonelist goes down from there.
 */
static inline enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_HIGHMEM)
		return ZONE_HIGHMEM;
	return ZONE_NORMAL;
}

/**
 * zone_watermark_ok - may @order pages come from @zone?
 * @zone: the zone
 * @order: order of the request
 * @mark: the watermark in pages (min_wmark_pages() ...)
 * @gfp: GFP flags: __GFP_HIGH (GFP_ATOMIC) may dig to half of @mark
 *
 * Linux's __zone_watermark_ok() without the per-order part: the zone must
 * keep more than @mark free pages after the allocation.
 * Return: true when it does. Context: any.
 */
bool zone_watermark_ok(const struct zone *zone, unsigned int order,
		       unsigned long mark, gfp_t gfp);

/**
 * zones_init - set every zone's range and sizes from memblock_usable
 *
 * Called by buddy_init() before it fills the free lists; computes the
 * watermarks from min_free_kbytes. Context: boot.
 */
void zones_init(void);

/**
 * setup_per_zone_wmarks - compute every zone's watermarks
 *
 * Linux's __setup_per_zone_wmarks(): min_free_kbytes split between the
 * lowmem zones by size (highmem: 32..128 pages, 0 when min_free_kbytes
 * is 0), then low = min + gap and
 * high = min + 2 * gap with gap = max(min / 4, present / 1000)
 * (watermark_scale_factor 10). Context: boot, or a test (which restores).
 */
void setup_per_zone_wmarks(void);

/**
 * show_zoneinfo - print each zone as /proc/zoneinfo and /proc/buddyinfo do
 *
 * Printed at boot with the parameter zoneinfo=1. Context: any.
 */
void show_zoneinfo(void);

#endif /* _KMLAB_MMZONE_H */
