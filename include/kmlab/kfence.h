/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KFENCE: sampled guard-page checking in front of every heap backend
 * (mm/kfence.c; Documentation/dev-tools/kfence.rst). One kmalloc() or
 * kmem_cache_alloc() in every kfence.sample_interval is served from a pool
 * of pages separated by guard pages; an out-of-bounds access or a use after
 * free of a sampled object faults at once and is reported with who
 * allocated and who freed it. After Linux's include/linux/kfence.h.
 *
 * Without CONFIG_KFENCE every call below compiles to "not a KFENCE object",
 * so the hooks in mm/kmalloc.c cost nothing.
 */
#ifndef _KMLAB_KFENCE_H
#define _KMLAB_KFENCE_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/gfp.h>

struct kmem_cache;
struct kmalloc_stats;

#ifdef CONFIG_KFENCE

extern unsigned long __kfence_pool_start, __kfence_pool_end;
extern unsigned long kfence_sample_interval;
extern unsigned long kfence_countdown;

/**
 * is_kfence_address - whether @addr is inside the KFENCE pool
 * @addr: any address
 *
 * One range check (Linux's is_kfence_address()). Context: any.
 * Return: true if @addr is a byte of the pool (an object page or a guard
 * page), false otherwise, and always before kfence_init() has run.
 */
static __always_inline bool is_kfence_address(const void *addr)
{
	return (unsigned long)addr - __kfence_pool_start <
	       __kfence_pool_end - __kfence_pool_start;
}

void *__kfence_alloc(struct kmem_cache *s, size_t size, size_t align, gfp_t gfp,
		     unsigned long caller);

/**
 * kfence_alloc - serve this allocation from the KFENCE pool if it is sampled
 * @s: the cache for kmem_cache_alloc(), NULL for kmalloc()
 * @size: requested bytes (at most PAGE_SIZE is ever sampled)
 * @align: the alignment the caller's API promises, bytes (a power of two)
 * @gfp: the caller's flags (__GFP_ZERO is honoured)
 * @caller: the API caller's return address, for reports
 *
 * Counts the allocation down; every kfence.sample_interval-th one (0: none)
 * goes to the pool. Context: the heap API, heap_lock held (CONFIG_SMP).
 * Return: a KFENCE object of @size bytes at @align, or NULL: not sampled,
 * too large, or no free slot; the caller then asks its backend.
 */
static __always_inline void *kfence_alloc(struct kmem_cache *s, size_t size,
					  size_t align, gfp_t gfp,
					  unsigned long caller)
{
	if (likely(!kfence_sample_interval) || likely(--kfence_countdown))
		return NULL;
	kfence_countdown = kfence_sample_interval;
	return __kfence_alloc(s, size, align, gfp, caller);
}

/**
 * kfence_free - free a KFENCE object
 * @addr: an address for which is_kfence_address() holds
 * @s: the cache kmem_cache_free() was given, NULL for kfree()
 * @caller: the API caller's return address, for reports
 *
 * Checks the canary bytes around the object (a write past it that stayed
 * inside its page), then unmaps its page so that any later access faults.
 * A pointer that is not a live object's start (a double free, an interior
 * pointer, a guard page), or a cache that is not the object's, is reported
 * (kmalloc_report_bad(), counted in bad_input) and nothing is freed.
 * Context: the heap API, heap_lock held (CONFIG_SMP).
 */
void kfence_free(const void *addr, struct kmem_cache *s, unsigned long caller);

/**
 * kfence_ksize - the usable size of a KFENCE object
 * @addr: an address for which is_kfence_address() holds
 * @caller: the API caller's return address, for reports
 *
 * Context: the heap API. Return: the bytes requested at allocation (the
 * rest of the page is canary), or 0 after kmalloc_report_bad() when @addr
 * is not a live object's start.
 */
size_t kfence_ksize(const void *addr, unsigned long caller);

/**
 * kfence_handle_page_fault - report a fault on the KFENCE pool
 * @addr: the faulting address (cr2)
 * @write: the access was a write
 * @ip: the faulting instruction
 *
 * Called by the page-fault handler after demand paging declined the fault.
 * A fault on a guard page is an out-of-bounds access of the nearest live
 * object, one on a freed object's page a use after free: reported ("BUG:
 * KFENCE: ..." with the object, its allocation and free callers), counted,
 * and, while a ktest case runs and kfence_disable_current() is not in
 * force, failing that case. Then the page is mapped again and the access
 * goes on, as in Linux. Context: the page-fault handler.
 * Return: true if @addr was in the pool (handled), false otherwise.
 */
bool kfence_handle_page_fault(unsigned long addr, bool write, unsigned long ip);

/**
 * kfence_shutdown_cache - KFENCE's part of kmem_cache_destroy()
 * @s: the cache being destroyed
 *
 * Each live KFENCE object of @s is named on the console (its allocation
 * caller); with none, the freed objects of @s forget it, so that a later
 * report does not read the destroyed cache. Context: the heap API,
 * heap_lock held. Return: the number of live KFENCE objects of @s (the
 * cache must then not be destroyed), 0 otherwise.
 */
unsigned int kfence_shutdown_cache(struct kmem_cache *s);

/**
 * kfence_add_stats - add KFENCE's objects to a copy of the statistics
 * @st: a copy of kmalloc_stats (kmalloc_get_stats())
 *
 * KFENCE keeps its own counts, so that kmalloc_stats and the backend's
 * validate() describe the backend alone; the statistics API adds them:
 * nr_allocs, nr_frees, live_objects and live_bytes (bytes requested).
 * The peaks are the backend's. Context: the heap API, heap_lock held.
 */
void kfence_add_stats(struct kmalloc_stats *st);

/**
 * kfence_set_sample_interval - change kfence.sample_interval at run time
 * @interval: allocations between two samples; 0 stops sampling
 *
 * The next sample is @interval allocations away. Context: any.
 */
void kfence_set_sample_interval(unsigned long interval);

/**
 * kfence_disable_current - count KFENCE reports without failing the case
 *
 * For tests that make a KFENCE report on purpose: until the matching
 * kfence_enable_current() a report is printed and counted
 * (kfence_report_count()) but fails no ktest case. Nests. Context: any.
 */
void kfence_disable_current(void);

/** kfence_enable_current - end kfence_disable_current(). Context: any. */
void kfence_enable_current(void);

/**
 * kfence_report_count - KFENCE reports since boot (faults and bad frees)
 *
 * Context: any. Return: the count.
 */
unsigned long kfence_report_count(void);

#else /* !CONFIG_KFENCE */

static __always_inline bool is_kfence_address(const void *addr)
{
	return false;
}

static __always_inline void *kfence_alloc(struct kmem_cache *s, size_t size,
					  size_t align, gfp_t gfp,
					  unsigned long caller)
{
	return NULL;
}

static inline void kfence_free(const void *addr, struct kmem_cache *s,
			       unsigned long caller)
{
}

static inline size_t kfence_ksize(const void *addr, unsigned long caller)
{
	return 0;
}

static inline bool kfence_handle_page_fault(unsigned long addr, bool write,
					    unsigned long ip)
{
	return false;
}

static inline unsigned int kfence_shutdown_cache(struct kmem_cache *s)
{
	return 0;
}

static inline void kfence_set_sample_interval(unsigned long interval)
{
}

static inline void kfence_add_stats(struct kmalloc_stats *st)
{
}

#endif /* CONFIG_KFENCE */

#endif /* _KMLAB_KFENCE_H */
