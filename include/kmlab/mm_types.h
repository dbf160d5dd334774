/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct page: one descriptor per page frame of usable memory.
 *
 * mm_init() carves the mem_map array (include/kmlab/mm.h) out of memblock
 * before any backend starts, so every backend has a struct page for every
 * usable page and alloc_pages() returns a real struct page *. Pages that
 * are not usable memory (holes, the kernel image, mem_map itself) are
 * PG_reserved and never handed to the backend.
 *
 * @flags carries PG_* bits; the union is owned by the backend holding the
 * page: the buddy allocator (a free block's list and order), the slab
 * allocator (its cache, free list and counts), SLOB (its page list and
 * free units), or the generic page-block bookkeeping of bump and first-fit
 * (@private = order of a block handed out by alloc_pages).
 */
#ifndef _KMLAB_MM_TYPES_H
#define _KMLAB_MM_TYPES_H

#include <kmlab/types.h>
#include <kmlab/list.h>

struct kmem_cache;

/* Bits in page->flags. */
enum pageflags {
	PG_reserved, /* not usable memory: never allocated */
	PG_buddy, /* buddy: head of a free block, order in private */
	PG_head, /* head of a block from alloc_pages, order in private */
	PG_slab, /* slab: page belongs to a slab (slab fields valid) */
	PG_slob, /* SLOB: page is on a SLOB list (slob fields valid) */
	PG_large_kmalloc, /* head of a kmalloc object served by pages */
	PG_owner_priv_1, /* free for the backend */
	PG_owner_priv_2, /* free for the backend */
	__NR_PAGEFLAGS,
};

/**
 * struct page - page frame descriptor
 * @flags: PG_* bits (enum pageflags)
 * @buddy_list: buddy free list link (PG_buddy)
 * @private: order of a buddy block (PG_buddy) or of an allocated block
 *           (PG_head, PG_large_kmalloc)
 * @large_cache: PG_large_kmalloc: the kmem_cache of a SLOB cache object
 *               served by pages, NULL for a kmalloc object
 * @_refcount: an anonymous page of an address space (mm/memory.c): the
 *             page tables that map it (copy-on-write shares it)
 * @slab_list: slab: link on the cache's full/partial/empty list
 * @slab_cache: slab: the cache this slab belongs to
 * @freelist: slab: first free object, linked through the objects
 * @inuse: slab: objects in use
 * @objects: slab: objects in the slab
 * @slob_list: SLOB: link on the free-space class list of its
 *             small/medium/large list
 * @slob_free: SLOB: first free block in the page
 * @slob_units: SLOB: free units in the page
 * @slob_largest: SLOB: units of the page's largest free block
 * @slob_list_nr: SLOB: SLOB_SMALL, SLOB_MEDIUM or SLOB_LARGE
 * @slob_class: SLOB: the free-space class of @slob_largest
 */
struct page {
	unsigned long flags;
	union {
		struct {
			struct list_head buddy_list;
			unsigned long private;
			union {
				struct kmem_cache *large_cache;
				/* mm/memory.c: mappings of an anonymous page */
				int _refcount;
			};
		};
		struct {
			struct list_head slab_list;
			struct kmem_cache *slab_cache;
			void *freelist;
			unsigned short inuse;
			unsigned short objects;
		};
		struct {
			struct list_head slob_list;
			void *slob_free;
			int slob_units;
			unsigned short slob_largest;
			unsigned char slob_list_nr;
			unsigned char slob_class;
		};
	};
};

static inline bool page_test_flag(const struct page *page, enum pageflags f)
{
	return page->flags & (1UL << f);
}

static inline void page_set_flag(struct page *page, enum pageflags f)
{
	page->flags |= 1UL << f;
}

static inline void page_clear_flag(struct page *page, enum pageflags f)
{
	page->flags &= ~(1UL << f);
}

#define PageReserved(p) page_test_flag(p, PG_reserved)
#define PageBuddy(p) page_test_flag(p, PG_buddy)
#define PageHead(p) page_test_flag(p, PG_head)
#define PageSlab(p) page_test_flag(p, PG_slab)
#define PageSlob(p) page_test_flag(p, PG_slob)
#define PageLargeKmalloc(p) page_test_flag(p, PG_large_kmalloc)

#endif /* _KMLAB_MM_TYPES_H */
