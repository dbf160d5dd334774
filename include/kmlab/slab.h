/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kmalloc API: kmalloc and friends, kmem_cache, statistics, validate.
 *
 * One API, written once in mm/kmalloc.c, served by exactly one backend
 * chosen in Kconfig ("Heap allocator": bump, first-fit, buddy+slab, SLOB,
 * TLSF).
 * Semantics are Linux's (Documentation/mm/allocators.rst):
 *
 *  - kmalloc(0) returns ZERO_SIZE_PTR; kfree(NULL) and kfree(ZERO_SIZE_PTR)
 *    do nothing.
 *  - Every object is aligned to at least ARCH_KMALLOC_MINALIGN (8) bytes;
 *    power-of-two sizes up to PAGE_SIZE are naturally aligned.
 *  - ksize(p) >= the size that was asked for.
 *  - kcalloc/kmalloc_array return NULL when n * size overflows; sizes
 *    above KMALLOC_MAX_SIZE return NULL.
 *  - Out of memory returns NULL and prints one line
 *    "kmalloc: out of memory: size N, gfp 0x.. (caller sym+0x../0x..)"
 *    unless __GFP_NOWARN; the kernel never panics for it.
 *  - Bad input to kfree (double free, a pointer never handed out, an
 *    interior pointer, a corrupted header, an overwritten redzone) is
 *    detected where the backend can, reported as one greppable line
 *    "kmalloc: <what> of 0x%08lx (caller %pS)", counted in
 *    kmalloc_stats.bad_input, and leaves the heap usable.
 *
 * Locking: with CONFIG_SMP every function here takes the heap's one lock,
 * heap_lock (mm/internal.h), with interrupts off, for the length of the
 * call, so it may be called from any CPU and from an inter-processor
 * call, but not from a kmem_cache constructor (which runs under the
 * lock). Without CONFIG_SMP no lock is compiled in: one CPU, and no
 * allocation from interrupts. Documentation/core-api/smp.rst.
 */
#ifndef _KMLAB_SLAB_H
#define _KMLAB_SLAB_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/gfp.h>
#include <kmlab/init_on.h>

/* Minimum alignment of every kmalloc object, bytes. */
#define ARCH_KMALLOC_MINALIGN 8

/* Largest size kmalloc accepts, bytes; anything above returns NULL. */
#define KMALLOC_MAX_SIZE ((size_t)SIZE_MAX >> 1)

/*
 * kmalloc(0) returns ZERO_SIZE_PTR: not NULL (so it is not mistaken for a
 * failure), but faults when dereferenced (page 0 is not mapped).
 */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/* kmem_cache_create() flags, Linux's names. */
typedef unsigned int slab_flags_t;
/* Align objects to a cache line (64 bytes) when they are larger than half. */
#define SLAB_HWCACHE_ALIGN ((slab_flags_t)0x00002000u)
/* Poison free objects (0x6b), where the backend supports it. */
#define SLAB_POISON ((slab_flags_t)0x00000800u)
/* Red zones around objects, where the backend supports it. */
#define SLAB_RED_ZONE ((slab_flags_t)0x00000400u)

/* Cache line size used by SLAB_HWCACHE_ALIGN, bytes. */
#define L1_CACHE_BYTES 64

struct kmem_cache;

/**
 * kmalloc_slow - the out-of-line kmalloc
 * @size: bytes, as for kmalloc()
 * @gfp: GFP flags, as for kmalloc()
 *
 * What kmalloc() calls when its inline fast path (if the backend has one)
 * cannot serve the request: every size, every flag, every error. Reports
 * name its caller, the caller of kmalloc(). Context: as kmalloc().
 * Return: as kmalloc().
 */
void *kmalloc_slow(size_t size, gfp_t gfp);

/**
 * kfree_slow - the out-of-line kfree
 * @p: as for kfree()
 *
 * What kfree() calls when its inline fast path (if the backend has one)
 * cannot free @p: NULL, every case the backend's full path handles, every
 * bad input (reports name the caller of kfree()). Context: as kfree().
 */
void kfree_slow(const void *p);

/*
 * The one switch on the backend choice: the header of a backend with
 * inline fast paths (CONFIG_HAVE_KMALLOC_INLINE, CONFIG_HAVE_KFREE_INLINE
 * in mm/Kconfig), as Linux's slab.h includes slub_def.h. It defines
 * backend_kmalloc_inline() and backend_kfree_inline() where its Kconfig
 * entry selects them.
 */
#if defined(CONFIG_KMALLOC_BUMP)
#include <kmlab/bump.h>
#elif defined(CONFIG_KMALLOC_BUDDY_SLAB)
#include <kmlab/slab_def.h>
#endif

/**
 * kmalloc - allocate memory
 * @size: bytes; 0 returns ZERO_SIZE_PTR
 * @gfp: GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, optionally | __GFP_ZERO (zero
 *       the object) and | __GFP_NOWARN (no line on failure)
 *
 * Context: any (kmlab never sleeps in the allocator); takes heap_lock with
 * interrupts off (CONFIG_SMP), so not from a kmem_cache constructor.
 * Return: an object of at least @size bytes, aligned to at least
 * ARCH_KMALLOC_MINALIGN, naturally aligned when @size is a power of two up
 * to PAGE_SIZE; ZERO_SIZE_PTR for @size 0; NULL when out of memory or when
 * @size > KMALLOC_MAX_SIZE (counted in kmalloc_stats.failed_allocs).
 */
#ifdef CONFIG_HAVE_KMALLOC_INLINE
/*
 * Linux's kmalloc() is inline too: the common case is a few instructions
 * in the caller, with constant sizes and flags folded at compile time.
 */
static __always_inline void *kmalloc(size_t size, gfp_t gfp)
{
	void *p;

	/* __GFP_ZERO and init_on_alloc=1 take the out-of-line path. */
	if (!want_init_on_alloc(gfp) &&
	    likely(backend_kmalloc_inline(size, &p)))
		return p;
	return kmalloc_slow(size, gfp);
}
#else
void *kmalloc(size_t size, gfp_t gfp);
#endif

/**
 * kzalloc - allocate zeroed memory: kmalloc(@size, @gfp | __GFP_ZERO)
 * @size: bytes
 * @gfp: GFP flags, as for kmalloc()
 * Return: as kmalloc().
 */
static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/**
 * kmalloc_array - allocate an array of @n elements of @size bytes
 * @n: number of elements
 * @size: bytes per element
 * @gfp: GFP flags, as for kmalloc()
 * Context: any; takes heap_lock (CONFIG_SMP), as kmalloc().
 * Return: as kmalloc() for @n * @size bytes; NULL (no warning line) when
 * the product overflows size_t.
 */
void *kmalloc_array(size_t n, size_t size, gfp_t gfp);

/**
 * kcalloc - allocate a zeroed array: kmalloc_array(@n, @size, @gfp | __GFP_ZERO)
 * @n: number of elements
 * @size: bytes per element
 * @gfp: GFP flags
 * Return: as kmalloc_array().
 */
static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

/**
 * krealloc - resize an object, keeping its contents
 * @p: object from kmalloc(), or NULL / ZERO_SIZE_PTR (then like kmalloc())
 * @new_size: bytes; 0 frees @p and returns ZERO_SIZE_PTR
 * @gfp: GFP flags; with __GFP_ZERO the bytes past the old size are zeroed
 *       (an in-place shrink zeroes the bytes it gives up, up to ksize(@p),
 *       so pass __GFP_ZERO on every krealloc of the object, as in Linux)
 *
 * Returns @p itself when ksize(@p) already covers @new_size.
 * Context: any; takes heap_lock (CONFIG_SMP), as kmalloc().
 * Return: the resized object (contents up to min(old, new) size kept), or
 * NULL on failure, in which case @p is left untouched and still valid.
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);

/**
 * kfree - free an object from kmalloc() (or kmem_cache_alloc())
 * @p: the object; NULL and ZERO_SIZE_PTR are ignored
 *
 * Bad pointers are reported ("kmalloc: double free of 0x...") and counted,
 * never acted on, as far as the backend can tell (see the table in
 * Documentation/mm/allocators.rst). Context: any; takes heap_lock
 * (CONFIG_SMP), as kmalloc(); an object may be freed on another CPU than
 * the one that allocated it.
 */
#ifdef CONFIG_HAVE_KFREE_INLINE
static __always_inline void kfree(const void *p)
{
	/* kfree(NULL) known at compile time: nothing to do. */
	if (__builtin_constant_p(ZERO_OR_NULL_PTR(p)) && ZERO_OR_NULL_PTR(p))
		return;
	if (!want_init_on_free() && likely(backend_kfree_inline(p)))
		return;
	kfree_slow(p);
}
#else
void kfree(const void *p);
#endif

/**
 * ksize - usable size of an object
 * @p: object from kmalloc(); NULL or ZERO_SIZE_PTR give 0
 * Context: any; takes heap_lock (CONFIG_SMP), as kmalloc().
 * Return: bytes usable at @p, >= the size that was asked for.
 */
size_t ksize(const void *p);

/**
 * kstrdup - duplicate a string into a new kmalloc() object
 * @s: NUL-terminated string, or NULL (then NULL is returned)
 * @gfp: GFP flags
 * Context: any; takes heap_lock (CONFIG_SMP), as kmalloc().
 * Return: the copy, or NULL when out of memory.
 */
char *kstrdup(const char *s, gfp_t gfp);

/**
 * kmem_cache_create - create a cache of equally sized objects
 * @name: name shown by kmalloc_show(); the string must outlive the cache
 * @size: object size, bytes (> 0)
 * @align: minimum alignment, bytes, 0 or a power of two up to PAGE_SIZE
 * @flags: SLAB_HWCACHE_ALIGN, SLAB_POISON, SLAB_RED_ZONE
 * @ctor: called on each object when it is handed out for the first time
 *        (backends that recycle objects natively call it when the object
 *        is created in a new slab), or NULL
 *
 * Backends without native caches emulate them with kmalloc (mm/kmalloc.c).
 * Context: any; takes heap_lock (CONFIG_SMP), as kmalloc().
 * Return: the cache, or NULL when out of memory or on bad arguments.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, slab_flags_t flags,
				     void (*ctor)(void *));

/**
 * kmem_cache_alloc - allocate an object from a cache
 * @s: the cache
 * @gfp: GFP flags (__GFP_ZERO zeroes the object after the constructor)
 * Context: any; takes heap_lock (CONFIG_SMP), as kmalloc().
 * Return: the object, or NULL when out of memory.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);

/**
 * kmem_cache_zalloc - kmem_cache_alloc(@s, @gfp | __GFP_ZERO)
 * @s: the cache
 * @gfp: GFP flags
 * Return: as kmem_cache_alloc().
 */
static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

/**
 * kmem_cache_free - return an object to its cache
 * @s: the cache the object came from
 * @p: the object; NULL is ignored
 *
 * Context: any; takes heap_lock (CONFIG_SMP), as kmalloc().
 */
void kmem_cache_free(struct kmem_cache *s, void *p);

/**
 * kmem_cache_destroy - destroy a cache
 * @s: the cache, or NULL
 *
 * Objects still allocated are reported ("kmem_cache_destroy <name>: N
 * objects remain") and leaked rather than freed under their owner. A
 * cache that is not live (destroyed already, or never created) is
 * reported ("kmalloc: kmem_cache_destroy of a destroyed cache of 0x...")
 * and counted as bad input; nothing is touched. O(live caches).
 * Context: any; takes heap_lock (CONFIG_SMP), as kmalloc().
 */
void kmem_cache_destroy(struct kmem_cache *s);

/**
 * kmem_cache_shrink - give a cache's unused memory back
 * @s: the cache
 *
 * As Linux's (mm/slab_common.c): buddy+slab empties every CPU's per-CPU
 * array of @s (mm/slab_cpu.c; no inter-processor call: the arrays are
 * locked from here) and gives every empty slab, the current one
 * included, back to the page allocator; the quarantine is emptied first
 * (CONFIG_KMALLOC_QUARANTINE), as by kmem_cache_destroy(). A cache merged
 * with others shrinks the slabs they share. SLOB and TLSF caches hold no
 * memory of their own, nor does the emulation of the other backends: for
 * them it only empties the quarantine. The same drain as
 * kmem_cache_destroy(). O(CPUs + empty slabs).
 *
 * Return: as Linux: 0 if @s holds no slab any more, 1 if slabs with
 * objects in use remain; -EINVAL, after a report ("kmalloc:
 * kmem_cache_shrink of a destroyed cache of 0x..."), if @s is not a live
 * cache. Context: any; takes heap_lock, then each CPU's array lock.
 */
int kmem_cache_shrink(struct kmem_cache *s);

/**
 * struct kmalloc_stats - allocator statistics (kmalloc_get_stats())
 * @live_objects: kmalloc objects, cache objects and page blocks allocated
 *                and not yet freed
 * @live_bytes: their usable bytes (ksize); a page block counts its usable
 *              size, at least PAGE_SIZE << order
 * @peak_live_objects: maximum of @live_objects since boot or the last
 *                     kmalloc_reset_peaks()
 * @peak_live_bytes: maximum of @live_bytes, likewise
 * @pages_held: pages the backend holds for its users, metadata and
 *              fragmentation included (per backend, see allocators.rst)
 * @peak_pages_held: maximum of @pages_held, likewise
 * @failed_allocs: allocations that returned NULL (out of memory, too big)
 * @bad_input: bad frees reported by kmalloc_report_bad()
 * @nr_allocs: successful allocations since boot
 * @nr_frees: successful frees since boot
 */
struct kmalloc_stats {
	unsigned long live_objects;
	unsigned long live_bytes;
	unsigned long peak_live_objects;
	unsigned long peak_live_bytes;
	unsigned long pages_held;
	unsigned long peak_pages_held;
	unsigned long failed_allocs;
	unsigned long bad_input;
	unsigned long nr_allocs;
	unsigned long nr_frees;
};

/**
 * kmalloc_get_stats - copy the current statistics
 * @st: where to copy them
 *
 * Context: any; takes heap_lock (CONFIG_SMP), so the copy is one
 * consistent snapshot even while other CPUs allocate.
 */
void kmalloc_get_stats(struct kmalloc_stats *st);

/**
 * kmalloc_reset_peaks - set every peak_* statistic to its current value
 *
 * For measuring the peak of one workload (the random stress test does).
 * Context: any; takes heap_lock (CONFIG_SMP).
 */
void kmalloc_reset_peaks(void);

/**
 * kmalloc_validate - walk the backend's structures and check every invariant
 *
 * Each violation is printed as one line starting with "kmalloc: validate:".
 * Context: any; takes heap_lock (CONFIG_SMP) for the whole walk, so other
 * CPUs' allocations wait and the walk sees a consistent heap.
 * Return: 0 when the heap is consistent, otherwise the number of
 * violations found.
 */
int kmalloc_validate(void);

/**
 * kmalloc_free_space - how the heap's free memory is split up
 * @largest: out: bytes in the largest free block (the largest request,
 *           headers ignored, the heap could serve without taking memory
 *           it does not hold yet)
 * @total: out: bytes in all free blocks together
 *
 * For external fragmentation figures (make compare's largest/free, from
 * lib/kbench). Context: any; reads only, under heap_lock (CONFIG_SMP).
 * Return: 0, or a negative errno
 * when the backend cannot tell (@largest and @total are then undefined).
 */
int kmalloc_free_space(unsigned long *largest, unsigned long *total);

/**
 * kmalloc_show - print a slabinfo-like table of the backend's state
 *
 * Also printed at boot with the "slabinfo=1" command line option.
 * Context: any; prints under heap_lock (CONFIG_SMP).
 */
void kmalloc_show(void);

/**
 * kmalloc_backend_name - the compiled-in backend
 * Return: "bump", "firstfit", "buddy+slab", "slob" or "tlsf".
 */
const char *kmalloc_backend_name(void);

#endif /* _KMLAB_SLAB_H */
