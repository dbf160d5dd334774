/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page frame array (mem_map) and conversions between page frame
 * numbers, struct page pointers and addresses. Memory is identity mapped
 * (physical address == virtual address), so page_address() is a shift.
 *
 * mem_map covers the pfns from the lowest to the highest usable page
 * (mem_map_base_pfn .. mem_map_base_pfn + mem_map_nr - 1); frames inside
 * that span that are not usable memory are PG_reserved. It is set up by
 * mm_init() (mm/mm_init.c) with memblock_alloc() before the backend.
 */
#ifndef _KMLAB_MM_H
#define _KMLAB_MM_H

#include <kmlab/types.h>
#include <kmlab/page.h>
#include <kmlab/mm_types.h>

extern struct page *mem_map;
extern unsigned long mem_map_base_pfn; /* pfn of mem_map[0] */
extern unsigned long mem_map_nr; /* entries in mem_map */

/**
 * pfn_valid - does @pfn have a struct page?
 * @pfn: page frame number
 * Return: true when @pfn lies inside mem_map (it may still be PG_reserved).
 */
static inline bool pfn_valid(unsigned long pfn)
{
	return pfn - mem_map_base_pfn < mem_map_nr;
}

/**
 * pfn_to_page - struct page of a page frame
 * @pfn: page frame number; must satisfy pfn_valid()
 */
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + (pfn - mem_map_base_pfn);
}

/**
 * page_to_pfn - page frame number of a struct page
 * @page: an element of mem_map
 */
static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map) + mem_map_base_pfn;
}

/**
 * page_address - the (identity mapped) address of a page
 * @page: an element of mem_map
 */
static inline void *page_address(const struct page *page)
{
	return (void *)(page_to_pfn(page) << PAGE_SHIFT);
}

/**
 * virt_addr_valid - is @addr inside a page that has a struct page?
 * @addr: any address
 */
static inline bool virt_addr_valid(const void *addr)
{
	return pfn_valid((unsigned long)addr >> PAGE_SHIFT);
}

/**
 * virt_to_page - struct page of the page containing @addr
 * @addr: an address for which virt_addr_valid() holds
 */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page((unsigned long)addr >> PAGE_SHIFT);
}

/*
 * Orders accepted by alloc_pages(): 0 .. MAX_ORDER - 1 (4 KiB .. 4 MiB),
 * as Linux's MAX_PAGE_ORDER 10 plus one.
 */
#define MAX_ORDER 11

#endif /* _KMLAB_MM_H */
