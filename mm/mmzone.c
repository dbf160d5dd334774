// SPDX-License-Identifier: GPL-2.0
/*
 * Memory zones: ranges, sizes, watermarks and the zoneinfo table.
 *
 * Source: Linux's mm/mm_init.c (free_area_init(), zone ranges),
 * mm/page_alloc.c (__setup_per_zone_wmarks(), __zone_watermark_ok(),
 * /proc/zoneinfo from mm/vmstat.c), and Gorman, "Understanding the Linux
 * Virtual Memory Manager", chapter 2 ("Describing Physical Memory").
 *
 * An i386 node has three zones, fixed by address: ZONE_DMA holds the page
 * frames below 16 MiB, which ISA DMA reaches; ZONE_NORMAL those up to the
 * top of the kernel's identity map (MAXMEM on arch/i386); ZONE_HIGHMEM
 * the frames above it, which the kernel can only reach through a
 * temporary mapping (kmap(), mm/highmem.c). kmlab identity-maps every
 * frame below MAXMEM and reserves the RAM above it
 * (Documentation/mm/virtual-layout.rst), so ZONE_HIGHMEM is empty unless
 * highmem=SIZE (CONFIG_HIGHMEM) takes the top of RAM out of the identity
 * map for it (arch/i386/kernel/paging.c, reserve_highmem()); memblock
 * reserves that range and the buddy allocator adds it to ZONE_HIGHMEM.
 * ARCH=host has no MAXMEM: everything above 16 MiB is ZONE_NORMAL.
 *
 * The buddy allocator (mm/buddy.c) keeps one set of free lists per zone,
 * cuts memory at the zone boundaries and never coalesces across one.
 * mm/buddy.c walks the zonelist: from gfp_zone() down to ZONE_DMA, first
 * taking only zones above their low watermark, then those above min
 * (Linux's fast and slow paths without the reclaim between them).
 *
 * min_free_kbytes defaults to 0, not to Linux's sqrt(16 * lowmem KiB):
 * kmlab never reclaims, so a min reserve would only make allocations fail
 * earlier than the backends' own limits, and every backend would no
 * longer get the same memory. The low and high watermarks still get
 * Linux's scale-factor gap, so the zonelist prefers a zone well above low.
 */
#include <kmlab/mmzone.h>
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/param.h>
#include <kmlab/init.h>
#include <kmlab/string.h>
#include "internal.h"
#include <kmlab/highmem.h>
#ifdef CONFIG_HIGHMEM
#define HIGHMEM_START_PFN highstart_pfn
#elif defined(CONFIG_MMU)
#include <asm/pgtable.h>
#define HIGHMEM_START_PFN (MAXMEM >> PAGE_SHIFT)
#else
#define HIGHMEM_START_PFN (~0UL)
#endif

struct zone node_zones[MAX_NR_ZONES];

unsigned long min_free_kbytes;
kernel_param(
	"min_free_kbytes", min_free_kbytes, ulong,
	"reserve in KiB the zone watermarks are computed from (vm.min_free_kbytes)");

static bool zoneinfo;
kernel_param("zoneinfo", zoneinfo, bool,
	     "print every zone as /proc/zoneinfo does, at boot");

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal",
						      "HighMem" };

enum zone_type pfn_zone_idx(unsigned long pfn)
{
	if (pfn < MAX_DMA_PFN)
		return ZONE_DMA;
	if (pfn < HIGHMEM_START_PFN)
		return ZONE_NORMAL;
	return ZONE_HIGHMEM;
}

bool zone_watermark_ok(const struct zone *zone, unsigned int order,
		       unsigned long mark, gfp_t gfp)
{
	unsigned long need = 1UL << order;

	if (gfp & __GFP_HIGH)
		mark -= mark / 2;
	return zone->nr_free_pages >= need &&
	       zone->nr_free_pages - need >= mark;
}

/* The boundaries of zone @t: [*lo, *hi) in pfns. */
static void zone_range(enum zone_type t, unsigned long *lo, unsigned long *hi)
{
	const unsigned long start[MAX_NR_ZONES + 1] = { 0, MAX_DMA_PFN,
							HIGHMEM_START_PFN,
							~0UL };

	*lo = start[t];
	*hi = start[t + 1];
}

void setup_per_zone_wmarks(void)
{
	unsigned long pages_min = min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;

	for (int t = 0; t < ZONE_HIGHMEM; t++)
		lowmem_pages += node_zones[t].present_pages;
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &node_zones[t];
		unsigned long min, gap;

		if (t == ZONE_HIGHMEM)
			min = pages_min ?
				      min(max(z->present_pages / 1024, 32UL),
					  128UL) :
				      0;
		else
			min = lowmem_pages ?
				      (unsigned long long)pages_min *
					      z->present_pages / lowmem_pages :
				      0;
		if (!z->present_pages)
			min = 0;
		gap = max(min / 4, z->present_pages * 10 / 10000);
		z->_watermark[WMARK_MIN] = min;
		z->_watermark[WMARK_LOW] = min + gap;
		z->_watermark[WMARK_HIGH] = min + 2 * gap;
	}
}

void zones_init(void)
{
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &node_zones[t];
		unsigned long zlo, zhi, first = ~0UL, last = 0;

		memset(z, 0, sizeof(*z));
		z->name = zone_names[t];
		for (unsigned int o = 0; o < BUDDY_MAX_ORDER; o++)
			INIT_LIST_HEAD(&z->free_area[o].free_list);
		zone_range(t, &zlo, &zhi);
		for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
			const struct memblock_region *r =
				&memblock_usable.regions[i];
			unsigned long lo = max(PFN_UP(r->base), zlo);
			unsigned long hi =
				min(PFN_DOWN(r->base + r->size), zhi);

			if (lo >= hi)
				continue;
			z->present_pages += hi - lo;
			first = min(first, lo);
			last = max(last, hi);
		}
#ifdef CONFIG_HIGHMEM
		/* memblock reserves highmem: the buddy allocator takes it. */
		if (t == ZONE_HIGHMEM && highend_pfn > highstart_pfn) {
			z->present_pages = highend_pfn - highstart_pfn;
			first = highstart_pfn;
			last = highend_pfn;
		}
#endif
		z->zone_start_pfn = z->present_pages ? first : zlo;
		z->spanned_pages = z->present_pages ? last - first : 0;
	}
	setup_per_zone_wmarks();
}

void show_zoneinfo(void)
{
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		const struct zone *z = &node_zones[t];
		char line[16 * BUDDY_MAX_ORDER], *s = line;

		pr_info("Node 0, zone %8s\n", z->name);
		pr_info("  pages free     %lu\n", z->nr_free_pages);
		pr_info("        min      %lu\n", min_wmark_pages(z));
		pr_info("        low      %lu\n", low_wmark_pages(z));
		pr_info("        high     %lu\n", high_wmark_pages(z));
		pr_info("        spanned  %lu\n", z->spanned_pages);
		pr_info("        present  %lu\n", z->present_pages);
		pr_info("  start_pfn:           %lu\n", z->zone_start_pfn);
		pr_info("  pgalloc              %lu\n", z->pgalloc);
		pr_info("  pgalloc_fallback     %lu\n", z->pgalloc_fallback);
		for (unsigned int o = 0; o < BUDDY_MAX_ORDER; o++)
			s += snprintf(s, line + sizeof(line) - s, " %6lu",
				      z->free_area[o].nr_free);
		pr_info("Node 0, zone %8s%s\n", z->name, line);
	}
}

static int __init zoneinfo_show_at_boot(void)
{
	if (zoneinfo)
		show_zoneinfo();
	return 0;
}
late_initcall(zoneinfo_show_at_boot);
