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
#include <kmlab/slab.h>
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

/*
 * The "slab_nomerge" boot parameter (default !CONFIG_SLAB_MERGE_DEFAULT):
 * read by each kmem_cache_create(); tests may flip it around a create.
 */
extern bool slab_nomerge;

/**
 * slab_merge_allowed - may a new kmem_cache share another cache's slabs
 * @flags: the kmem_cache_create() flags
 * @ctor: its constructor, or NULL
 * @nomerge: the "slab_nomerge" boot parameter's value
 *
 * Pure function of its arguments and of the debug options: false with
 * @nomerge, a constructor, SLAB_POISON or SLAB_RED_ZONE, or when built
 * with CONFIG_KMALLOC_POISON or CONFIG_KMALLOC_REDZONE. Context: any.
 * Return: true when slab_find_mergeable() may look for a cache.
 */
bool slab_merge_allowed(slab_flags_t flags, void (*ctor)(void *), bool nomerge);

/**
 * slab_find_mergeable - the cache a new kmem_cache can be an alias of
 * @size: object stride of the new cache, bytes (kmem_cache's size: the
 *        object size aligned to @align)
 * @align: its alignment, bytes (a power of two)
 * @flags: its kmem_cache_create() flags
 * @ctor: its constructor, or NULL
 * @nomerge: true to refuse every merge ("slab_nomerge")
 *
 * Linux's find_mergeable() rules (mm/slab_common.c), for this backend:
 * slab_merge_allowed() must hold; a candidate is a kmalloc cache or a
 * mergeable kmem_cache whose stride is at least @size, less than
 * sizeof(void *) above it and a multiple of @align. The stride is a
 * multiple of ARCH_KMALLOC_MINALIGN (8 > sizeof(void *)), so in effect
 * the strides are equal and ksize() and the byte statistics are the
 * same as with a cache of its own. kmalloc caches are tried first, then
 * the newest kmem_cache. Context: process, the caches must not change.
 * Return: the cache, or NULL when the new cache needs its own.
 */
struct slab_cache *slab_find_mergeable(unsigned int size, unsigned int align,
				       slab_flags_t flags, void (*ctor)(void *),
				       bool nomerge);

/**
 * slab_freelist_random_seed - restart the generator of slab object orders
 * @seed: any 64-bit value
 *
 * CONFIG_SLAB_FREELIST_RANDOM only. The boot seeds it from
 * get_random_u64() at the first new slab; a test reseeds it to play
 * several boots in one. Context: process, no slab being set up.
 */
void slab_freelist_random_seed(u64 seed);

#endif /* _MM_SLAB_CACHE_H */
