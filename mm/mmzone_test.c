// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the zones (mm/mmzone.c) and of the buddy allocator's
 * zonelist (mm/buddy.c), built with buddy+slab and SLOB: the i386 zone
 * ranges, GFP_DMA, the fallback from ZONE_NORMAL (and ZONE_HIGHMEM) down
 * to ZONE_DMA and never up, the watermark check and Linux's watermark
 * split, per-zone free counts, and no free block across a zone boundary.
 */
#include <ktest.h>
#include <kmlab/memblock.h>
#include <kmlab/mmzone.h>
#include <kmlab/highmem.h>
#include "buddy.h"
#include "internal.h"

/* Every case that moves watermarks leaves them as boot computed them. */
static void zone_test_exit(struct ktest *test)
{
	min_free_kbytes = 0;
	setup_per_zone_wmarks();
}

/* Each usable pfn counted in its zone, one by one, against the zones. */
static void zone_ranges_are_i386s(struct ktest *test)
{
	unsigned long present[MAX_NR_ZONES] = { 0 }, top = 0;

	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *r = &memblock_usable.regions[i];

		for (unsigned long pfn = PFN_UP(r->base);
		     pfn < PFN_DOWN(r->base + r->size); pfn++)
			present[pfn < (16UL << 20) / PAGE_SIZE ? ZONE_DMA :
								 ZONE_NORMAL]++;
	}
	for (unsigned int i = 0; i < memblock_memory.cnt; i++)
		top = max(top, (unsigned long)PFN_DOWN(
				       memblock_memory.regions[i].base +
				       memblock_memory.regions[i].size));
#ifdef CONFIG_HIGHMEM
	/* highmem= RAM is reserved in memblock, ZONE_HIGHMEM's alone. */
	present[ZONE_HIGHMEM] = highend_pfn - highstart_pfn;
	if (present[ZONE_HIGHMEM])
		KTEST_EXPECT_EQ(test, mem_map_base_pfn + mem_map_nr,
				highend_pfn);
#endif
	/* mem_map ends at the end of RAM at the latest. */
	KTEST_EXPECT_LE(test, mem_map_base_pfn + mem_map_nr, top);
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		const struct zone *z = &node_zones[t];

		KTEST_EXPECT_EQ_MSG(test, z->present_pages, present[t],
				    "zone %s", z->name);
		KTEST_EXPECT_GE(test, z->spanned_pages, z->present_pages);
	}
	KTEST_EXPECT_STREQ(test, node_zones[ZONE_DMA].name, "DMA");
	KTEST_EXPECT_STREQ(test, node_zones[ZONE_NORMAL].name, "Normal");
	KTEST_EXPECT_STREQ(test, node_zones[ZONE_HIGHMEM].name, "HighMem");
	KTEST_EXPECT_LE(test, zone_end_pfn(&node_zones[ZONE_DMA]), 4096UL);
	KTEST_EXPECT_EQ(test, pfn_zone_idx(4095), ZONE_DMA);
	KTEST_EXPECT_EQ(test, pfn_zone_idx(4096), ZONE_NORMAL);
#ifdef CONFIG_HIGHMEM
	/*
	 * Linux i386 puts highmem at MAXMEM (896 MiB); kmlab at 3.5 GiB, or
	 * where highmem= asks.
	 */
	if (highend_pfn == highstart_pfn)
		KTEST_EXPECT_EQ(test, pfn_zone_idx(0xe0000 - 1), ZONE_NORMAL);
	KTEST_EXPECT_EQ(test, pfn_zone_idx(0xe0000), ZONE_HIGHMEM);
	KTEST_EXPECT_EQ(test, pfn_zone_idx(highstart_pfn - 1), ZONE_NORMAL);
	KTEST_EXPECT_EQ(test, pfn_zone_idx(highstart_pfn), ZONE_HIGHMEM);
#endif
}

/* No free block of ZONE_DMA reaches past 16 MiB, none of Normal below. */
static void zone_no_block_crosses_a_boundary(struct ktest *test)
{
	buddy_drain_pcp();
	for (int t = 0; t < MAX_NR_ZONES; t++) {
		struct zone *z = &node_zones[t];

		for (unsigned int o = 0; o < BUDDY_MAX_ORDER; o++) {
			struct page *page;

			list_for_each_entry(page, &z->free_area[o].free_list,
					    buddy_list) {
				unsigned long pfn = page_to_pfn(page);

				KTEST_EXPECT_EQ(test, pfn_zone_idx(pfn), t);
				KTEST_EXPECT_EQ(
					test,
					pfn_zone_idx(pfn + (1UL << o) - 1), t);
			}
		}
	}
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

/* GFP_DMA: a block below 16 MiB, counted in ZONE_DMA's free pages. */
static void zone_gfp_dma_is_below_16m(struct ktest *test)
{
	struct zone *dma = &node_zones[ZONE_DMA];
	unsigned long free0, alloc0;
	struct page *page;

	if (!dma->present_pages) {
		KTEST_EXPECT_NULL(test, alloc_pages(GFP_DMA | __GFP_NOWARN, 0));
		ktest_skip(test, "no RAM below 16 MiB (ARCH=host)");
	}
	for (unsigned int order = 0; order <= 2; order++) {
		buddy_drain_pcp();
		free0 = dma->nr_free_pages;
		alloc0 = dma->pgalloc;
		page = alloc_pages(GFP_DMA, order);
		KTEST_ASSERT_NOT_NULL(test, page);
		KTEST_EXPECT_LT(test, page_to_pfn(page) + (1UL << order) - 1,
				(16UL << 20) / PAGE_SIZE);
		KTEST_EXPECT_EQ(test, dma->nr_free_pages,
				free0 - (1UL << order));
		KTEST_EXPECT_EQ(test, dma->pgalloc, alloc0 + 1);
		__free_pages(page, order);
		buddy_drain_pcp();
		KTEST_EXPECT_EQ(test, dma->nr_free_pages, free0);
	}
}

/* GFP_KERNEL prefers ZONE_NORMAL while it is above its low watermark. */
static void zone_gfp_kernel_prefers_normal(struct ktest *test)
{
	struct zone *normal = &node_zones[ZONE_NORMAL];
	unsigned long alloc0 = normal->pgalloc, fb0 = normal->pgalloc_fallback;
	struct page *page;

	if (normal->nr_free_pages < low_wmark_pages(normal) + 64)
		ktest_skip(test, "ZONE_NORMAL is (nearly) empty");
	page = alloc_pages(GFP_KERNEL, 2);
	KTEST_ASSERT_NOT_NULL(test, page);
	KTEST_EXPECT_EQ(test, pfn_zone_idx(page_to_pfn(page)), ZONE_NORMAL);
	KTEST_EXPECT_EQ(test, normal->pgalloc, alloc0 + 1);
	KTEST_EXPECT_EQ(test, normal->pgalloc_fallback, fb0);
	__free_pages(page, 2);
}

/* An order-1 block for @gfp comes from zone @t (and is freed again). */
static void expect_block_from(struct ktest *test, gfp_t gfp, enum zone_type t)
{
	struct page *page = alloc_pages(gfp, 1);

	KTEST_EXPECT_NOT_NULL(test, page);
	if (!page)
		return;
	KTEST_EXPECT_EQ_MSG(test, pfn_zone_idx(page_to_pfn(page)), t, "gfp %#x",
			    gfp);
	__free_pages(page, 1);
}

/*
 * With ZONE_NORMAL (and ZONE_HIGHMEM) held above their free pages by their
 * watermarks, GFP_KERNEL
 * and GFP_HIGHUSER fall back to ZONE_DMA (counted as fallbacks there) and
 * GFP_ATOMIC, allowed half of min, still gets ZONE_NORMAL; with ZONE_DMA
 * held, GFP_DMA fails although ZONE_NORMAL has memory.
 */
static void zone_zonelist_falls_back_down_only(struct ktest *test)
{
	struct zone *dma = &node_zones[ZONE_DMA];
	struct zone *normal = &node_zones[ZONE_NORMAL];
	unsigned long fb0 = dma->pgalloc_fallback;

	if (!dma->present_pages || !normal->present_pages)
		ktest_skip(test, "needs RAM below and above 16 MiB");
	for (int m = 0; m < NR_WMARK; m++) {
		normal->_watermark[m] = normal->nr_free_pages;
		node_zones[ZONE_HIGHMEM]._watermark[m] =
			node_zones[ZONE_HIGHMEM].nr_free_pages;
	}
	expect_block_from(test, GFP_KERNEL, ZONE_DMA);
	expect_block_from(test, GFP_HIGHUSER, ZONE_DMA);
	KTEST_EXPECT_EQ(test, dma->pgalloc_fallback, fb0 + 2);
	expect_block_from(test, GFP_ATOMIC, ZONE_NORMAL);
	setup_per_zone_wmarks();

	buddy_drain_pcp();
	for (int m = 0; m < NR_WMARK; m++)
		dma->_watermark[m] = dma->nr_free_pages;
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_DMA | __GFP_NOWARN, 1));
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_DMA | __GFP_NOWARN, 0));
	setup_per_zone_wmarks();
}

/* Linux's __zone_watermark_ok(): more than @mark pages must stay free. */
static void zone_watermark_check(struct ktest *test)
{
	struct zone z = { .nr_free_pages = 100 };

	KTEST_EXPECT_TRUE(test, zone_watermark_ok(&z, 0, 99, GFP_KERNEL));
	KTEST_EXPECT_FALSE(test, zone_watermark_ok(&z, 0, 100, GFP_KERNEL));
	KTEST_EXPECT_TRUE(test, zone_watermark_ok(&z, 2, 96, GFP_KERNEL));
	KTEST_EXPECT_FALSE(test, zone_watermark_ok(&z, 2, 97, GFP_KERNEL));
	/* __GFP_HIGH (GFP_ATOMIC) goes down to half of the mark. */
	KTEST_EXPECT_TRUE(test, zone_watermark_ok(&z, 0, 198, GFP_ATOMIC));
	KTEST_EXPECT_FALSE(test, zone_watermark_ok(&z, 0, 200, GFP_ATOMIC));
	/* More than the zone has: never, whatever the mark. */
	KTEST_EXPECT_FALSE(test, zone_watermark_ok(&z, 7, 0, GFP_ATOMIC));
}

/*
 * min_free_kbytes is split between the lowmem zones by their size; low
 * and high add max(min / 4, present / 1000) once and twice.
 */
static void zone_watermarks_split_min_free_kbytes(struct ktest *test)
{
	unsigned long lowmem = node_zones[ZONE_DMA].present_pages +
			       node_zones[ZONE_NORMAL].present_pages;
	unsigned long sum = 0;

	min_free_kbytes = 4096; /* 1024 pages */
	setup_per_zone_wmarks();
	for (int t = ZONE_DMA; t <= ZONE_NORMAL; t++) {
		struct zone *z = &node_zones[t];
		unsigned long min = min_wmark_pages(z);
		unsigned long gap = low_wmark_pages(z) - min;

		KTEST_EXPECT_EQ_MSG(
			test, min,
			(unsigned long)(1024ULL * z->present_pages / lowmem),
			"zone %s", z->name);
		KTEST_EXPECT_EQ(test, gap,
				max(min / 4, z->present_pages / 1000));
		KTEST_EXPECT_EQ(test, high_wmark_pages(z), min + 2 * gap);
		sum += min;
	}
	/* Rounding down loses at most one page per zone. */
	KTEST_EXPECT_LE(test, sum, 1024UL);
	KTEST_EXPECT_GE(test, sum, 1022UL);
	/* Highmem: 32 to 128 pages, whatever min_free_kbytes says. */
	if (node_zones[ZONE_HIGHMEM].present_pages)
		KTEST_EXPECT_EQ(
			test, min_wmark_pages(&node_zones[ZONE_HIGHMEM]),
			min(max(node_zones[ZONE_HIGHMEM].present_pages / 1024,
				32UL),
			    128UL));
	else
		KTEST_EXPECT_EQ(
			test, min_wmark_pages(&node_zones[ZONE_HIGHMEM]), 0UL);
}

static struct ktest_case zone_cases[] = {
	KTEST_CASE(zone_ranges_are_i386s),
	KTEST_CASE(zone_no_block_crosses_a_boundary),
	KTEST_CASE(zone_gfp_dma_is_below_16m),
	KTEST_CASE(zone_gfp_kernel_prefers_normal),
	KTEST_CASE(zone_zonelist_falls_back_down_only),
	KTEST_CASE(zone_watermark_check),
	KTEST_CASE(zone_watermarks_split_min_free_kbytes),
	{}
};

static struct ktest_suite zone_suite = {
	.name = "mmzone",
	.cases = zone_cases,
	.exit = zone_test_exit,
};
KTEST_SUITE(zone_suite);
