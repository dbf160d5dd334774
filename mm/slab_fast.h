/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slab allocator's kmalloc/kfree fast paths, inline in kmalloc() and
 * kfree() (mm/kmalloc.c includes this through mm/internal.h when the
 * buddy+slab backend is compiled in).
 *
 * The backend is chosen at compile time, so kmalloc() need not call into
 * mm/slab.c at all on the common path: it looks the size class up in a
 * pointer table, pops the current slab's free list and counts the
 * allocation in the cache. kfree() finds the struct page by pfn, checks
 * that the pointer is an object boundary of a slab head page and not the
 * head of its free list (a double free), and pushes it. Everything else
 * (no current slab, a slab changing state, large kmallocs, any bad input,
 * the POISON and REDZONE debug options) goes to backend_kmalloc() and
 * backend_kfree() in mm/slab.c, which do the full checks and reports.
 *
 * Statistics cost one increment per operation: each cache counts its own
 * allocations and frees, and backend_sync_stats() folds them into
 * kmalloc_stats when someone reads the statistics (Documentation/mm/
 * buddy-slab-slob.rst, "Statistics").
 */
#ifndef _MM_SLAB_FAST_H
#define _MM_SLAB_FAST_H

#include <kmlab/mm.h>
#include "slab_cache.h"

/*
 * q = (off * recip) >> SLAB_RECIP_SHIFT with recip = ceil(2^23 / size)
 * is off / size, or one more when off is just below a multiple of size
 * (the error is below off / 2^23 < 1/2048 for off < PAGE_SIZE). The fast
 * path only accepts off == q * size exactly, so a wrong q can only send a
 * good pointer to the exact check in backend_kfree(), never let a bad one
 * through. off * recip < 2^12 * 2^20 fits 32 bits (size >= 8).
 */
#define SLAB_RECIP_SHIFT 23

/* The slab fast paths are bypassed when a debug option needs every op. */
#define SLAB_FAST_PATH \
	(!IS_ENABLED(CONFIG_KMALLOC_POISON) && !IS_ENABLED(CONFIG_KMALLOC_REDZONE))

/* kmalloc() and kfree() use backend_kmalloc_fast() / backend_kfree_fast(). */
#define BACKEND_FAST_PATH SLAB_FAST_PATH

/**
 * backend_kmalloc_fast - kmalloc fast path of buddy+slab
 * @size: bytes, any value
 *
 * Pops the current slab of @size's kmalloc cache. Context: kmalloc() only.
 * Return: the object, or NULL when @size is 0 or above
 * KMALLOC_MAX_CACHE_SIZE or the current slab has no free object: then
 * kmalloc() takes the full path (backend_kmalloc()).
 */
static __always_inline void *backend_kmalloc_fast(size_t size)
{
	struct slab_cache *c;
	struct page *page;
	void **obj;

	/* One compare for 0 and for sizes above the size classes. */
	if (unlikely(size - 1 >= KMALLOC_MAX_CACHE_SIZE))
		return NULL;
	c = kmalloc_cache_of[(size - 1) >> 3];
	page = c->cpu_slab;
	obj = page->freelist;
	if (unlikely(!obj))
		return NULL;
	/* Counted first: @c is then dead, the rest fits in three registers. */
	c->nr_allocs++;
	/* kmalloc caches have no constructor: the free pointer is at 0. */
	page->inuse++;
	page->freelist = *obj;
	return obj;
}

/**
 * backend_kfree_fast - kfree fast path of buddy+slab
 * @p: any pointer but NULL and ZERO_SIZE_PTR
 *
 * Frees @p when it is an object boundary in a slab head page, not the
 * head of that slab's free list (the double free that is always caught),
 * and the slab stays partial (it was not full, @p is not its last object).
 * Context: kfree() only.
 * Return: true when freed; false for anything else (a slab changing
 * lists, tail pages of multi-page slabs, large kmallocs, bad input):
 * kfree() then takes the
 * full path (backend_kfree()), which checks and reports.
 */
static __always_inline bool backend_kfree_fast(const void *p)
{
	unsigned long idx = ((unsigned long)p >> PAGE_SHIFT) - mem_map_base_pfn;
	unsigned long off = (unsigned long)p & ~PAGE_MASK;
	struct slab_cache *c;
	struct page *page;
	unsigned long q;
	void *prior;

	if (unlikely(idx >= mem_map_nr))
		return false;
	page = &mem_map[idx];
	if (unlikely(!PageSlab(page)))
		return false;
	/* A slab's head page: the slab starts at p's page. */
	c = (struct slab_cache *)page->slab_cache;
	q = (off * c->recip) >> SLAB_RECIP_SHIFT;
	if (unlikely(q * c->size != off || off >= c->slab_used))
		return false;
	prior = page->freelist;
	/*
	 * The head of the free list is a double free; a full slab (no free
	 * object) or a last object changes the slab's list: full path.
	 */
	if (unlikely(p == prior || !prior || page->inuse == 1))
		return false;
	*(void **)((char *)p + c->offset) = prior;
	page->freelist = (void *)p;
	page->inuse--;
	c->nr_frees++;
	return true;
}

#endif /* _MM_SLAB_FAST_H */
