/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slab allocator's cache structure (mm/slab.c), for mm/slab.c and its
 * white-box tests only.
 */
#ifndef _MM_SLAB_CACHE_H
#define _MM_SLAB_CACHE_H

#include <kmlab/types.h>
#include <kmlab/list.h>
#include <kmlab/mm.h>

/* kmalloc size classes: 8 .. KMALLOC_MAX_CACHE_SIZE bytes. */
#define NR_KMALLOC_CACHES 16
#define KMALLOC_MAX_CACHE_SIZE 2048

/* Largest slab order chosen for small objects (32 KiB). */
#define SLAB_MAX_ORDER 1

/* Empty slabs a cache keeps (besides its current slab) before freeing. */
#define SLAB_MAX_EMPTY 0

/* slab_object_page(): bad input, already reported. */
#define ERR_PAGE ((struct page *)1)

/**
 * struct slab_cache - a slab cache (a kmalloc size class or a kmem_cache)
 * @cpu_slab: the slab allocations come from; on no list; &slab_no_cpu_slab
 *            (a page with an empty free list) when there is none, so the
 *            fast path needs no NULL check
 * @nr_allocs: objects allocated from this cache since it was created
 * @nr_frees: objects freed to this cache since it was created
 * @size: bytes from one object to the next (object, free pointer, redzone,
 *        alignment)
 * @object_size: usable bytes per object (what ksize() returns)
 * @offset: of the free pointer within a free object, bytes
 * @rz_offset: of the redzone within an object, bytes
 * @objects: objects per slab
 * @order: slab size, 2^order pages
 * @recip: ceil(2^SLAB_RECIP_SHIFT / @size), for the object index in kfree
 * @slab_used: @objects * @size, bytes: offsets below it are objects
 * @ctor: constructor, called once per object when its slab is created
 * @name: for kmalloc_show()
 * @owner: the generic kmem_cache, NULL for kmalloc caches
 * @partial: slabs with free and used objects
 * @full: slabs with no free object
 * @empty: slabs with no used object, at most SLAB_MAX_EMPTY
 * @nr_partial: length of @partial
 * @nr_full: length of @full
 * @nr_empty: length of @empty
 * @nr_slabs: slabs held, @cpu_slab included
 * @list: link on the list of named caches
 * @synced_allocs: @nr_allocs already folded into kmalloc_stats
 * @synced_frees: @nr_frees already folded into kmalloc_stats
 */
struct slab_cache {
	struct page *cpu_slab;
	unsigned long nr_allocs;
	unsigned long nr_frees;
	unsigned int size;
	unsigned int object_size;
	unsigned int offset;
	unsigned int rz_offset;
	unsigned int objects;
	unsigned int order;
	unsigned int recip;
	unsigned int slab_used;
	void (*ctor)(void *);
	const char *name;
	struct kmem_cache *owner;
	struct list_head partial, full, empty;
	unsigned int nr_partial, nr_full, nr_empty, nr_slabs;
	struct list_head list;
	unsigned long synced_allocs, synced_frees;
};

extern struct slab_cache kmalloc_caches[NR_KMALLOC_CACHES];

/* (size - 1) >> 3 -> the kmalloc cache serving that size. */
extern struct slab_cache *kmalloc_cache_of[KMALLOC_MAX_CACHE_SIZE >> 3];

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
