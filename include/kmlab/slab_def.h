/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The buddy+slab backend's cache structure and its inline kmalloc/kfree
 * fast paths, for <kmlab/slab.h> (as Linux's include/linux/slub_def.h
 * shows SLUB's struct kmem_cache). Nothing but mm/slab.c, its tests and
 * the two inline functions below may touch these fields.
 *
 * The backend is chosen at compile time, so kmalloc() and kfree() need
 * not call into mm/slab.c at all on the common path:
 *
 *  - kmalloc looks the size class up (a constant for a constant size, one
 *    table load otherwise), pops the current slab's free list and counts
 *    the allocation in the cache;
 *  - kfree finds the struct page by pfn, checks that the pointer is an
 *    object boundary of a slab head page (one multiply, Lemire et al.'s
 *    divisibility test) and not the head of its free list (a double free),
 *    and pushes it, unless the slab changes lists.
 *
 * Everything else (no current object, __GFP_ZERO, a slab changing lists,
 * tail pages of two-page slabs, large kmallocs, any bad input) goes out of
 * line to kmalloc_slow()/kfree_slow() and so to backend_kmalloc() and
 * backend_kfree() in mm/slab.c, which do the full checks and reports.
 * Statistics cost one increment per operation: each cache counts its own
 * allocations and frees, folded into kmalloc_stats when someone reads the
 * statistics (Documentation/mm/buddy-slab-slob.rst, "Statistics").
 */
#ifndef _KMLAB_SLAB_DEF_H
#define _KMLAB_SLAB_DEF_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/list.h>
#include <kmlab/mm.h>
#include <kmlab/freeptr.h>
#include <kmlab/spinlock.h>

/* kmalloc size classes: 8 .. KMALLOC_MAX_CACHE_SIZE bytes. */
#define NR_KMALLOC_CACHES 16
#define KMALLOC_MAX_CACHE_SIZE 2048

/* Objects a CPU keeps per cache at most (mm/slab_cpu.c). */
#define SLAB_CPU_LIMIT 16

/**
 * struct slab_cpu_array - one CPU's cache of free objects of a slab cache
 * @lock: taken by its CPU on every use, and by a drain from another CPU
 *        (so uncontended but for drains, as Linux's per_cpu_pages lock)
 * @avail: objects in @entry, the last one freed on top
 * @nr_allocs: allocations this CPU served since the last fold
 * @nr_frees: frees this CPU served since the last fold
 * @entry: the free objects (each still counted as in use by its slab)
 */
struct slab_cpu_array {
	spinlock_t lock;
	unsigned int avail;
	unsigned long nr_allocs, nr_frees;
	void *entry[SLAB_CPU_LIMIT];
};

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
 * @mergeable: later kmem_caches may become aliases of this one (no
 *             constructor, no debug flags, not the backend's own cache)
 * @div_magic: ceil(2^32 / @size): an offset below PAGE_SIZE is a multiple
 *             of @size exactly when (u32)(offset * @div_magic) < @div_magic
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
 * @refcount: kmem_caches using this cache: its creator and the aliases
 *            merged into it (kmalloc caches: the aliases only)
 * @cpu_array: each CPU's cache of free objects (CONFIG_SLAB_CPU_CACHE)
 * @slab_mask: ~(slab bytes - 1), the address bits every object of one slab
 *             shares (a slab is a buddy block aligned to its size), for
 *             slab_freeptr_valid() (CONFIG_SLAB_FREELIST_HARDENED)
 * @random_seq: the order a new slab links its objects in, as their byte
 *              offsets (SLUB's random_seq; CONFIG_SLAB_FREELIST_RANDOM),
 *              NULL until the cache sets up its first slab, and for
 *              good when the pool of sequences is full (each new slab
 *              then draws a permutation of its own)
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
	unsigned short order;
	bool mergeable; /* with @order in one word: slab_cache_cache fits */
	unsigned int div_magic;
	unsigned int slab_used;
	void (*ctor)(void *);
	const char *name;
	struct kmem_cache *owner;
	struct list_head partial, full, empty;
	unsigned int nr_partial, nr_full, nr_empty, nr_slabs;
	struct list_head list;
	unsigned long synced_allocs, synced_frees;
	unsigned int refcount;
#ifdef CONFIG_SLAB_CPU_CACHE
	struct slab_cpu_array cpu_array[CONFIG_NR_CPUS];
#endif
#ifdef CONFIG_SLAB_FREELIST_HARDENED
	unsigned long slab_mask;
#endif
#ifdef CONFIG_SLAB_FREELIST_RANDOM
	const u16 *random_seq;
#endif
};

extern struct slab_cache kmalloc_caches[NR_KMALLOC_CACHES];

/* (size - 1) >> 3 -> the kmalloc cache serving that size. */
extern struct slab_cache *kmalloc_cache_of[KMALLOC_MAX_CACHE_SIZE >> 3];

/**
 * kmalloc_index - the kmalloc size class of a size, at compile time
 * @size: 1 .. KMALLOC_MAX_CACHE_SIZE bytes
 *
 * Must agree with kmalloc_sizes[] in mm/slab.c (the slab suite checks it
 * against kmalloc_cache_of[]). Return: the index into kmalloc_caches[].
 */
static __always_inline unsigned int kmalloc_index(size_t size)
{
	return size <= 8    ? 0 :
	       size <= 16   ? 1 :
	       size <= 24   ? 2 :
	       size <= 32   ? 3 :
	       size <= 48   ? 4 :
	       size <= 64   ? 5 :
	       size <= 96   ? 6 :
	       size <= 128  ? 7 :
	       size <= 192  ? 8 :
	       size <= 256  ? 9 :
	       size <= 384  ? 10 :
	       size <= 512  ? 11 :
	       size <= 768  ? 12 :
	       size <= 1024 ? 13 :
	       size <= 1536 ? 14 :
			      15;
}

/**
 * slab_get_freepointer - the free pointer of a free object, decoded
 * @c: the object's cache
 * @obj: the free object
 *
 * The word at @c->offset in @obj, keyed with @obj's own address (with
 * offset 0, the kmalloc caches', the word's address too, as SLUB keys
 * it): the fast paths hold @obj in a register anyway, so the key costs
 * no address computation. Nothing is checked: see slab_freeptr_valid().
 * Context: the cache's. Return: the next free object, NULL at the end, or
 * an unpredictable value when the word was overwritten.
 */
static __always_inline void *slab_get_freepointer(const struct slab_cache *c,
						  const void *obj)
{
	return freeptr_decode(*(unsigned long *)((char *)obj + c->offset), obj);
}

/**
 * slab_set_freepointer - store the free pointer of a free object
 * @c: the object's cache
 * @obj: the free object
 * @next: the next free object, or NULL
 *
 * Encoded as slab_get_freepointer() decodes it. Context: the cache's.
 */
static __always_inline void slab_set_freepointer(const struct slab_cache *c,
						 void *obj, const void *next)
{
	*(unsigned long *)((char *)obj + c->offset) = freeptr_encode(next, obj);
}

/**
 * slab_freeptr_valid - may a decoded free pointer be followed
 * @c: the slab's cache
 * @obj: the free object whose link it is
 * @next: the link, as slab_get_freepointer() returned it
 *
 * Without CONFIG_SLAB_FREELIST_HARDENED every pointer passes (the check
 * compiles away). With it, @next must be NULL or in the same slab as @obj:
 * a slab is a buddy block, aligned to its size, so both addresses agree
 * in the bits of @c->slab_mask (an xor and a test against the cache's
 * precomputed mask, where the shift by the cache's order needed a load,
 * an add and a shift). A forged link decodes to an
 * unpredictable value, which passes with probability slab bytes / 2^32
 * (2^-19 for a two-page slab). Context: any.
 * Return: true when @next may be followed.
 */
static __always_inline bool slab_freeptr_valid(const struct slab_cache *c,
					       const void *obj,
					       const void *next)
{
#ifdef CONFIG_SLAB_FREELIST_HARDENED
	/* NULL first: most pops in the traces take a slab's last free object. */
	if (!next)
		return true;
	return likely(
		!(((unsigned long)next ^ (unsigned long)obj) & c->slab_mask));
#else
	return true;
#endif
}

/**
 * slab_kmalloc_forged - the inline kmalloc() popped a forged free pointer
 * @obj: the object popped, whose stored link failed slab_freeptr_valid()
 *
 * Reports it ("kmalloc: free pointer corrupted of 0x...", naming the
 * caller of kmalloc()) and gives up the rest of its slab's free list, as
 * the out-of-line allocation does (mm/slab.c). Context: kmalloc() only.
 */
void slab_kmalloc_forged(void *obj);

/**
 * slab_kmalloc_inline - kmalloc fast path of buddy+slab
 * @size: bytes, any value
 * @objp: out: the object, when true is returned
 *
 * Pops the current slab of @size's kmalloc cache; a forged free pointer
 * is reported (slab_kmalloc_forged()) and the object still handed out, as
 * it was free. Context: kmalloc() only.
 * Return: true when *@objp was set; false when @size is 0 or above
 * KMALLOC_MAX_CACHE_SIZE or the current slab has no free object: then
 * kmalloc() calls kmalloc_slow().
 */
static __always_inline bool slab_kmalloc_inline(size_t size, void **objp)
{
	struct slab_cache *c;
	struct page *page;
	void **obj, *next;

	/* One compare for 0 and for sizes above the size classes. */
	if (unlikely(size - 1 >= KMALLOC_MAX_CACHE_SIZE))
		return false;
	if (__builtin_constant_p(size))
		c = &kmalloc_caches[kmalloc_index(size)];
	else
		c = kmalloc_cache_of[(size - 1) >> 3];
	page = c->cpu_slab;
	obj = page->freelist;
	if (unlikely(!obj))
		return false;
	/* kmalloc caches have no constructor: the free pointer is at 0. */
	next = freeptr_decode_inplace(*(unsigned long *)obj, (void **)&obj);
	page->freelist = next;
	page->inuse++;
	c->nr_allocs++;
	/*
	 * A forged link: reported, and the rest of the slab's free list given
	 * up, out of line; @obj itself was free. Popping first leaves no
	 * register busy with @page for the check.
	 */
	if (unlikely(!slab_freeptr_valid(c, obj, next)))
		slab_kmalloc_forged(obj);
	*objp = obj;
	return true;
}

/**
 * slab_free_fast - push an object back on its slab's free list
 * @page: the slab's head page (PG_slab)
 * @off: offset of @p from the start of the slab, bytes
 * @p: the pointer being freed
 * @owner: the cache @p must belong to (kmem_cache_free()), or NULL for any
 *         (kfree())
 *
 * Frees @p when it is an object boundary of the slab (of @owner, if
 * given), not the head of the slab's free list (the double free that is
 * always caught), and the slab stays on its list (it was not full, @p is
 * not its last object, or it is the current slab, which is on no list):
 * one multiply tests the boundary (Lemire et al.'s
 * divisibility test). Context: kfree() and mm/slab.c's kmem_cache_free().
 * Return: true when freed; false for anything else (a slab changing
 * lists, another cache's object, bad input): the caller then takes the
 * full path, which checks and reports.
 */
static __always_inline bool slab_free_fast(struct page *page, unsigned long off,
					   const void *p,
					   const struct slab_cache *owner)
{
	struct slab_cache *c = (struct slab_cache *)page->slab_cache;
	void *prior;

	if (owner && unlikely(c != owner))
		return false;
	if (unlikely(off >= c->slab_used ||
		     (u32)(off * c->div_magic) >= c->div_magic))
		return false;
	prior = page->freelist;
	/*
	 * The head of the free list is a double free; a full slab (no free
	 * object) or a last object changes the slab's list, unless it is the
	 * current slab (on no list): full path.
	 */
	if (unlikely(p == prior))
		return false;
	if (unlikely(!prior || page->inuse == 1) && page != c->cpu_slab)
		return false;
	slab_set_freepointer(c, (void *)p, prior);
	page->freelist = (void *)p;
	page->inuse--;
	c->nr_frees++;
	return true;
}

/**
 * slab_free_inline - the inline free fast path of buddy+slab
 * @p: any pointer, NULL and ZERO_SIZE_PTR included
 * @owner: the cache @p must belong to (kmem_cache_free()), or NULL for any
 *         (kfree())
 *
 * slab_free_fast() when @p lies in a slab head page. NULL and
 * ZERO_SIZE_PTR lie in pfn 0, which is below mem_map or PG_reserved (page
 * 0 is never usable memory), so they fail the first or second test.
 * Context: kfree() and kmem_cache_free() only.
 * Return: true when freed; false for anything else (tail pages of
 * multi-page slabs, large kmallocs, NULL, what slab_free_fast() refuses):
 * the caller then takes the out-of-line path, which checks and reports.
 */
static __always_inline bool slab_free_inline(const void *p,
					     const struct slab_cache *owner)
{
	unsigned long idx = ((unsigned long)p >> PAGE_SHIFT) - mem_map_base_pfn;
	struct page *page;

	if (unlikely(idx >= mem_map_nr))
		return false;
	page = &mem_map[idx];
	if (unlikely(!PageSlab(page)))
		return false;
	/* A slab's head page: the slab starts at p's page. */
	return slab_free_fast(page, (unsigned long)p & ~PAGE_MASK, p, owner);
}

/**
 * slab_kfree_inline - kfree fast path of buddy+slab
 * @p: any pointer, NULL and ZERO_SIZE_PTR included
 *
 * slab_free_inline() of an object of any cache. Context: kfree() only.
 * Return: as slab_free_inline(); on false kfree() calls kfree_slow().
 */
static __always_inline bool slab_kfree_inline(const void *p)
{
	return slab_free_inline(p, NULL);
}

/**
 * backend_kmalloc_inline - kmalloc()'s inline fast path (the contract name)
 * @size: bytes, any value
 * @objp: out: the object, when true is returned
 *
 * slab_kmalloc_inline() under the name <kmlab/slab.h> calls.
 * Return: as slab_kmalloc_inline().
 */
static __always_inline bool backend_kmalloc_inline(size_t size, void **objp)
{
	return slab_kmalloc_inline(size, objp);
}

/**
 * backend_cache_free_inline - kmem_cache_free()'s inline fast path
 * @priv: the kmem_cache's priv, its struct slab_cache
 * @p: any pointer, NULL included
 *
 * slab_free_inline() of an object of @priv's cache: mm/kmalloc.c's
 * kmem_cache_free() tries it before it calls backend_cache_free(), whose
 * prologue and argument copies cost as much as the push itself. Context:
 * kmem_cache_free() only.
 * Return: as slab_free_inline(); on false kmem_cache_free() takes
 * backend_cache_free(), which checks and reports.
 */
static __always_inline bool backend_cache_free_inline(const void *priv,
						      const void *p)
{
	return slab_free_inline(p, priv);
}

/**
 * backend_kfree_inline - kfree()'s inline fast path (the contract name)
 * @p: any pointer
 *
 * slab_kfree_inline() under the name <kmlab/slab.h> calls.
 * Return: as slab_kfree_inline().
 */
static __always_inline bool backend_kfree_inline(const void *p)
{
	return slab_kfree_inline(p);
}

#endif /* _KMLAB_SLAB_DEF_H */
