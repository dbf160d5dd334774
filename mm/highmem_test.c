// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of high memory (mm/highmem.c, the highmem parts of
 * mm/buddy.c and mm/page_alloc.c). They need ZONE_HIGHMEM pages: boot with
 * highmem=16M (tools/testing/boot/test_boot.py does); without, they skip
 * with that reason. Checked: highmem pages are served only to
 * __GFP_HIGHMEM and are not in the identity map, kmap() and
 * kmap_local_page() map the right frame, kmap() shares and counts, the
 * local mappings nest, bad unmaps are reported, __GFP_ZERO zeroes, a freed
 * highmem page bypasses the order-0 cache.
 */
#include <ktest.h>
#include <kmlab/highmem.h>
#include <kmlab/mmzone.h>
#include <kmlab/pgtable.h>
#include <kmlab/vmalloc.h>
#include "buddy.h"
#include "buddy_fast.h"
#include "internal.h"

static int highmem_test_init(struct ktest *test)
{
	if (highend_pfn == highstart_pfn)
		ktest_skip(test, "no highmem: boot with highmem=16M");
	return 0;
}

/* Unmapped areas wait for a lazy purge: free them before the leak check. */
static void highmem_test_exit(struct ktest *test)
{
	vm_unmap_aliases();
}

static struct page *highmem_page(struct ktest *test, gfp_t gfp)
{
	struct page *page = alloc_pages(GFP_HIGHUSER | gfp, 0);

	KTEST_ASSERT_NOT_NULL(test, page);
	KTEST_EXPECT_TRUE(test, PageHighMem(page));
	KTEST_EXPECT_GE(test, page_to_pfn(page), highstart_pfn);
	KTEST_EXPECT_LT(test, page_to_pfn(page), highend_pfn);
	return page;
}

static phys_addr_t page_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

/* A highmem page has a struct page but no identity mapping. */
static void highmem_page_is_not_mapped(struct ktest *test)
{
	struct page *page = highmem_page(test, 0);
	unsigned long addr;

	KTEST_EXPECT_PTR_EQ(test, page_zone(page), &node_zones[ZONE_HIGHMEM]);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(page_address(page)),
			PHYS_ADDR_MAX);
	__free_page(page);
	/* What returns an address never returns highmem. */
	addr = __get_free_page(GFP_HIGHUSER);
	KTEST_ASSERT_NE(test, addr, 0UL);
	KTEST_EXPECT_FALSE(test, PageHighMem(virt_to_page((void *)addr)));
	KTEST_EXPECT_EQ(test, slow_virt_to_phys((void *)addr),
			(phys_addr_t)addr);
	free_page(addr);
}

/*
 * kmap() maps the page's own frame in the vmalloc area, the same address
 * for every holder; the last kunmap() removes it. kmap_local_page() of the
 * page sees what was written through kmap().
 */
static void highmem_kmap_maps_the_frame(struct ktest *test)
{
	struct page *page = highmem_page(test, 0);
	unsigned int *p, *q, *l;

	p = kmap(page);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_TRUE(test, is_vmalloc_addr(p));
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(p), page_phys(page));
	p[0] = 0x600dcafe;
	p[1023] = 0xfeedface;
	q = kmap(page);
	KTEST_EXPECT_PTR_EQ(test, q, p);
	kunmap(page);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(p), page_phys(page));
	kunmap(page);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(p), PHYS_ADDR_MAX);

	l = kmap_local_page(page);
	KTEST_ASSERT_NOT_NULL(test, l);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(l), page_phys(page));
	KTEST_EXPECT_EQ(test, l[0], 0x600dcafeU);
	KTEST_EXPECT_EQ(test, l[1023], 0xfeedfaceU);
	kunmap_local(l + 5);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(l), PHYS_ADDR_MAX);
	__free_page(page);
}

/* For a lowmem page both are its identity address and map nothing. */
static void highmem_kmap_of_lowmem_is_page_address(struct ktest *test)
{
	struct page *page = alloc_page(GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, page);
	KTEST_EXPECT_FALSE(test, PageHighMem(page));
	KTEST_EXPECT_PTR_EQ(test, kmap(page), page_address(page));
	kunmap(page);
	KTEST_EXPECT_PTR_EQ(test, kmap_local_page(page), page_address(page));
	kunmap_local(page_address(page));
	__free_page(page);
}

/*
 * Local mappings nest: undoing the outer one first is reported and
 * ignored, then both come off in order. kunmap() of a page kmap() does not
 * hold is reported too; the heap stays consistent.
 */
static void highmem_bad_unmaps_are_reported(struct ktest *test)
{
	struct page *a = highmem_page(test, 0), *b = highmem_page(test, 0);
	struct kmalloc_stats st0, st1;
	void *pa, *pb;

	pa = kmap_local_page(a);
	pb = kmap_local_page(b);
	KTEST_ASSERT_NOT_NULL(test, pa);
	KTEST_ASSERT_NOT_NULL(test, pb);
	KTEST_EXPECT_PTR_NE(test, pa, pb);
	kmalloc_get_stats(&st0);
	kunmap_local(pa);
	kunmap(a);
	kmalloc_get_stats(&st1);
	KTEST_EXPECT_EQ(test, st1.bad_input, st0.bad_input + 2);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(pa), page_phys(a));
	kunmap_local(pb);
	kunmap_local(pa);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(pa), PHYS_ADDR_MAX);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(pb), PHYS_ADDR_MAX);
	__free_page(a);
	__free_page(b);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * A freed highmem page goes back to ZONE_HIGHMEM's free lists, not to the
 * order-0 cache (whose pages kmalloc uses unmapped), and __GFP_ZERO
 * zeroes it through a temporary mapping when it is handed out again.
 */
static void highmem_free_and_gfp_zero(struct ktest *test)
{
	struct zone *high = &node_zones[ZONE_HIGHMEM];
	struct page *page = highmem_page(test, 0), *again;
	unsigned long free0 = high->nr_free_pages;
	unsigned char *p;
	unsigned int pcp;

	p = kmap_local_page(page);
	KTEST_ASSERT_NOT_NULL(test, p);
	memset(p, 0x5a, PAGE_SIZE);
	kunmap_local(p);
	pcp = pcp_count(); /* mapping may have taken a page for kmalloc */
	__free_page(page);
	KTEST_EXPECT_FALSE(test, PagePcp(page));
	KTEST_EXPECT_EQ(test, pcp_count(), pcp);
	KTEST_EXPECT_EQ(test, high->nr_free_pages, free0 + 1);

	again = highmem_page(test, __GFP_ZERO);
	/* The free list is LIFO: the same frame comes back. */
	KTEST_EXPECT_PTR_EQ(test, again, page);
	p = kmap_local_page(again);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_NULL(test, memchr_inv(p, 0, PAGE_SIZE));
	kunmap_local(p);
	__free_page(again);
	KTEST_EXPECT_EQ(test, buddy_validate(), 0);
}

static struct ktest_case highmem_cases[] = {
	KTEST_CASE(highmem_page_is_not_mapped),
	KTEST_CASE(highmem_kmap_maps_the_frame),
	KTEST_CASE(highmem_kmap_of_lowmem_is_page_address),
	KTEST_CASE(highmem_bad_unmaps_are_reported),
	KTEST_CASE(highmem_free_and_gfp_zero),
	{}
};

static struct ktest_suite highmem_suite = {
	.name = "highmem",
	.cases = highmem_cases,
	.init = highmem_test_init,
	.exit = highmem_test_exit,
};
KTEST_SUITE(highmem_suite);
