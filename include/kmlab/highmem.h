/* SPDX-License-Identifier: GPL-2.0 */
/*
 * High memory (mm/highmem.c): page frames of ZONE_HIGHMEM have no
 * permanent kernel mapping, so code that touches one maps it for a while,
 * as in Linux's include/linux/highmem.h: kmap()/kunmap() (may be held
 * long, nest in any order) and kmap_local_page()/kunmap_local() (short,
 * strictly nested, Linux's replacement for kmap_atomic()). For a lowmem
 * page both return page_address(), which is all they do without
 * CONFIG_HIGHMEM. Documentation/mm/zones.rst, "High memory".
 */
#ifndef _KMLAB_HIGHMEM_H
#define _KMLAB_HIGHMEM_H

#include <kmlab/mm.h>
#include <kmlab/string.h>

#ifdef CONFIG_HIGHMEM
/*
 * ZONE_HIGHMEM's page frames: highstart_pfn .. highend_pfn - 1 (empty
 * unless highmem= asks for some; arch/i386/kernel/paging.c).
 */
extern unsigned long highstart_pfn, highend_pfn;

/* Slots of kmap_local_page() mappings held at once (Linux's KM_MAX_IDX). */
#define KM_MAX_IDX 16

/**
 * PageHighMem - is @page in ZONE_HIGHMEM (not in the identity map)?
 * @page: a page of mem_map
 */
static inline bool PageHighMem(const struct page *page)
{
	return page_to_pfn(page) >= highstart_pfn;
}

/**
 * kmap - map a page for as long as the caller needs it
 * @page: any page of mem_map
 *
 * A lowmem page: its page_address(). A highmem page: a mapping in the
 * vmalloc area (vmap(), PAGE_KERNEL), shared by every kmap() of the page
 * and counted; kunmap() drops it when the count reaches 0.
 * Context: process (may allocate the vmap area and a page table).
 * Return: the page's kernel address, or NULL when no mapping could be
 * made (out of vmalloc space or memory: reported by vmap()).
 */
void *kmap(struct page *page);

/**
 * kunmap - drop a mapping made by kmap()
 * @page: the page kmap() mapped
 *
 * A highmem page that kmap() does not hold is reported ("kmalloc: kunmap
 * of a page that is not mapped of 0x...") and counted as bad input.
 */
void kunmap(struct page *page);

/**
 * kmap_local_page - map a page for a short, nested use
 * @page: any page of mem_map
 *
 * Like kmap(), but every mapping is its own and the mappings form a
 * stack of at most KM_MAX_IDX: kunmap_local() must undo the last one
 * first. Context: any (kmlab does not migrate tasks).
 * Return: the address, or NULL when the stack is full (reported) or no
 * mapping could be made.
 */
void *kmap_local_page(struct page *page);

/**
 * kunmap_local - undo the last kmap_local_page()
 * @addr: any address inside the mapping it returned
 *
 * An @addr that is not the most recent mapping is reported ("kmalloc:
 * kunmap_local out of order of 0x...") and ignored; a lowmem address does
 * nothing.
 */
void kunmap_local(const void *addr);
#else
static inline bool PageHighMem(const struct page *page)
{
	return false;
}

static inline void *kmap(struct page *page)
{
	return page_address(page);
}

static inline void kunmap(struct page *page)
{
}

static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_local(const void *addr)
{
}
#endif /* CONFIG_HIGHMEM */

/**
 * clear_highpage - zero a page wherever it is
 * @page: any page of mem_map
 *
 * Through kmap_local_page() (see there for when mapping can fail:
 * nothing is zeroed then). Return: true when the page was zeroed.
 */
static inline bool clear_highpage(struct page *page)
{
	void *p = kmap_local_page(page);

	if (!p)
		return false;
	memset(p, 0, PAGE_SIZE);
	kunmap_local(p);
	return true;
}

#endif /* _KMLAB_HIGHMEM_H */
