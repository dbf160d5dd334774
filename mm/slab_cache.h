/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slab allocator's internals (mm/slab.c) for mm/slab.c and its
 * white-box tests only; struct slab_cache and the inline fast paths are in
 * <kmlab/slab_def.h>.
 */
#ifndef _MM_SLAB_CACHE_H
#define _MM_SLAB_CACHE_H

#include <kmlab/types.h>
#include <kmlab/list.h>
#include <kmlab/mm.h>
#include <kmlab/slab_def.h>

/* Largest slab order chosen for small objects (8 KiB). */
#define SLAB_MAX_ORDER 1

/* Empty slabs a cache keeps (besides its current slab) before freeing. */
#define SLAB_MAX_EMPTY 0

/* slab_object_page(): bad input, already reported. */
#define ERR_PAGE ((struct page *)1)

/* The cpu_slab of a cache that has none: no object, on no list. */
extern struct page slab_no_cpu_slab;

/**
 * slab_kmalloc_cache - the kmalloc cache that serves @size bytes
 * @size: 1 .. KMALLOC_MAX_CACHE_SIZE
 */
struct slab_cache *slab_kmalloc_cache(size_t size);

/**
 * slab_count_states - count a cache's slabs by state
 * @c: the cache
 * @full: slabs with every object in use (the current slab included)
 * @partial: slabs with some objects in use
 * @empty: slabs with no object in use
 *
 * Counted from each slab's inuse, not from the list lengths, so a test can
 * compare both.
 */
void slab_count_states(const struct slab_cache *c, unsigned int *full,
		       unsigned int *partial, unsigned int *empty);

#endif /* _MM_SLAB_CACHE_H */
