/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-CPU object caches of buddy+slab (mm/slab_cpu.c), for
 * mm/kmalloc.c (the lock-free entry points), mm/slab.c (draining and
 * counting) and their tests. Without CONFIG_SLAB_CPU_CACHE every entry
 * point is a stub that never serves, so the callers need no #ifdef.
 */
#ifndef _MM_SLAB_CPU_H
#define _MM_SLAB_CPU_H

#include <kmlab/types.h>
#include <kmlab/slab.h>

struct slab_cache;

#ifdef CONFIG_SLAB_CPU_CACHE
/* Objects that move between a CPU's cache and the slabs at a time. */
#define SLAB_CPU_BATCH 8

/*
 * The "slab_cpu_cache" boot parameter (default true): the per-CPU caches
 * are in front of every cache. Tests flip it with slab_cpu_pause() and
 * slab_cpu_resume().
 */
extern bool slab_cpu_cache;

/**
 * slab_cpu_kmalloc - kmalloc() from this CPU's cache, without heap_lock
 * @size: bytes, any value
 * @gfp: the kmalloc() flags (__GFP_ZERO takes the locked path)
 * @objp: out: the object, when true is returned
 * @caller: the API caller, for reports
 *
 * Context: kmalloc() only. Return: true when *@objp was set; false when
 * the caller must take its locked path (the layer off, __GFP_ZERO, @size 0 or above
 * KMALLOC_MAX_CACHE_SIZE, or no object to be had from the slabs).
 */
bool slab_cpu_kmalloc(size_t size, gfp_t gfp, void **objp,
		      unsigned long caller);

/**
 * slab_cpu_kfree - kfree() into this CPU's cache, without heap_lock
 * @p: any pointer
 * @caller: the API caller, for the report of a double free
 *
 * Context: kfree() only.
 * Return: true when @p was taken (freed, or reported as a double free of
 * the last object freed to this CPU's cache); false for the locked path.
 */
bool slab_cpu_kfree(const void *p, unsigned long caller);

/**
 * slab_cpu_cache_alloc - kmem_cache_alloc() from this CPU's cache
 * @s: the kmem_cache
 * @gfp: the flags (__GFP_ZERO takes the locked path)
 * @objp: out: the object, when true is returned
 * @caller: the API caller, for reports
 *
 * Context: kmem_cache_alloc() only. Return: as slab_cpu_kmalloc().
 */
bool slab_cpu_cache_alloc(struct kmem_cache *s, gfp_t gfp, void **objp,
			  unsigned long caller);

/**
 * slab_cpu_cache_free - kmem_cache_free() into this CPU's cache
 * @s: the kmem_cache @p must belong to
 * @p: any pointer
 * @caller: the API caller, for reports
 *
 * Context: kmem_cache_free() only. Return: as slab_cpu_kfree(); false
 * also for an object of another cache (the locked path reports it).
 */
bool slab_cpu_cache_free(struct kmem_cache *s, const void *p,
			 unsigned long caller);

/**
 * slab_cpu_init - empty every CPU's cache of @c
 * @c: a cache being laid out
 *
 * Context: the cache is not yet visible.
 */
void slab_cpu_init(struct slab_cache *c);

/**
 * slab_cpu_fold - move every CPU's operation counts of @c into the cache
 * @c: the cache
 *
 * Afterwards c->nr_allocs and c->nr_frees count every allocation and free
 * of @c, whichever CPU served it. Context: heap_lock held.
 */
void slab_cpu_fold(struct slab_cache *c);

/**
 * slab_cpu_drain - give every object in every CPU's cache of @c back
 * @c: the cache
 *
 * Also folds the counts (slab_cpu_fold()). Context: heap_lock held;
 * interrupts off.
 * Return: the number of objects given back to their slabs.
 */
unsigned int slab_cpu_drain(struct slab_cache *c);

/**
 * slab_cpu_cached - objects every CPU's cache of @c holds
 * @c: the cache
 *
 * Context: heap_lock held. Return: the count.
 */
unsigned int slab_cpu_cached(const struct slab_cache *c);

/**
 * slab_cpu_holds - is @p a free object in some CPU's cache of @c
 * @c: the cache
 * @p: an object boundary of one of @c's slabs
 *
 * For ksize(), whose object must be live. O(CPUs * SLAB_CPU_LIMIT).
 * Context: heap_lock held. Return: true when an array holds @p.
 */
bool slab_cpu_holds(struct slab_cache *c, const void *p);

/**
 * slab_cpu_pause - drain every CPU's caches and turn the layer off
 *
 * For white-box suites (mm/kfence_pause_test.h) that check where the
 * slabs put each object. Context: process, no other CPU allocating.
 * Return: whether the layer was on, for slab_cpu_resume().
 */
bool slab_cpu_pause(void);

/**
 * slab_cpu_resume - turn the layer back on if it was
 * @was_on: what slab_cpu_pause() returned
 */
void slab_cpu_resume(bool was_on);

/* mm/slab.c, for the layer. Context: heap_lock held. */

/**
 * slab_alloc_bulk - take up to @n objects of @c from its slabs
 * @c: the cache
 * @objs: out: the objects
 * @n: how many, at most
 * @caller: the API caller, for reports
 *
 * As Linux's kmem_cache_alloc_bulk(), but the objects are not counted as
 * allocations (the per-CPU layer counts them when it hands them out).
 * Context: heap_lock held. Return: how many were taken (0 out of memory).
 */
unsigned int slab_alloc_bulk(struct slab_cache *c, void **objs, unsigned int n,
			     unsigned long caller);

/**
 * slab_free_bulk - give @n live objects of @c back to their slabs
 * @c: the cache
 * @objs: the objects (each checked by the layer when it was freed)
 * @n: how many
 *
 * Not counted as frees (the layer counted them). Context: heap_lock held.
 */
void slab_free_bulk(struct slab_cache *c, void **objs, unsigned int n);
#else
static inline bool slab_cpu_kmalloc(size_t size, gfp_t gfp, void **objp,
				    unsigned long caller)
{
	return false;
}

static inline bool slab_cpu_kfree(const void *p, unsigned long caller)
{
	return false;
}

static inline bool slab_cpu_cache_alloc(struct kmem_cache *s, gfp_t gfp,
					void **objp, unsigned long caller)
{
	return false;
}

static inline bool slab_cpu_cache_free(struct kmem_cache *s, const void *p,
				       unsigned long caller)
{
	return false;
}

static inline void slab_cpu_init(struct slab_cache *c)
{
}

static inline void slab_cpu_fold(struct slab_cache *c)
{
}

static inline unsigned int slab_cpu_drain(struct slab_cache *c)
{
	return 0;
}

static inline unsigned int slab_cpu_cached(const struct slab_cache *c)
{
	return 0;
}

static inline bool slab_cpu_holds(struct slab_cache *c, const void *p)
{
	return false;
}

static inline bool slab_cpu_pause(void)
{
	return false;
}

static inline void slab_cpu_resume(bool was_on)
{
}
#endif

/**
 * kmem_cache_drain_cpus - give back every object every CPU's caches hold
 *
 * For white-box suites that inspect a slab right after kfree(): with the
 * per-CPU caches on, the object is in a per-CPU cache until drained.
 * Without CONFIG_SLAB_CPU_CACHE it does nothing. Context: process,
 * takes heap_lock. Return: the number of objects given back.
 */
unsigned int kmem_cache_drain_cpus(void);

#endif /* _MM_SLAB_CPU_H */
