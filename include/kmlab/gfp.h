/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gfp_t allocation flags and the page allocator API (alloc_pages and
 * friends), with Linux's names and meanings. kmlab never sleeps or
 * reclaims, so GFP_KERNEL and GFP_ATOMIC differ only in what they promise
 * the caller (see Documentation/mm/allocators.rst) and in how far below a
 * zone's min watermark __GFP_HIGH may go (Documentation/mm/zones.rst).
 */
#ifndef _KMLAB_GFP_H
#define _KMLAB_GFP_H

#include <kmlab/types.h>

typedef unsigned int gfp_t;

#define __GFP_HIGH 0x01u /* may use emergency reserves (unused) */
#define __GFP_DIRECT_RECLAIM 0x02u /* caller may sleep */
#define __GFP_ZERO 0x04u /* return zeroed memory */
#define __GFP_NOWARN 0x08u /* no warning line on failure */
/* Zone modifiers (include/kmlab/mmzone.h, gfp_zone()). */
#define __GFP_DMA 0x100u /* only ZONE_DMA (below 16 MiB) */
#define __GFP_HIGHMEM 0x200u /* ZONE_HIGHMEM allowed (kmap to access) */

#define GFP_KERNEL (__GFP_DIRECT_RECLAIM)
#define GFP_ATOMIC (__GFP_HIGH)
#define GFP_NOWAIT 0u
#define GFP_DMA __GFP_DMA
#define GFP_HIGHUSER (GFP_KERNEL | __GFP_HIGHMEM)

struct page;

/* Defined in mm/page_alloc.c on top of the selected backend. */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);
void drain_all_pages(void);

#define alloc_page(gfp) alloc_pages(gfp, 0)
#define __free_page(page) __free_pages(page, 0)
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
#define free_page(addr) free_pages(addr, 0)

#endif /* _KMLAB_GFP_H */
