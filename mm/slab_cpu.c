// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU object caches in front of every cache of buddy+slab
 * (CONFIG_SLAB_CPU_CACHE; the boot parameter "slab_cpu_cache=0" turns
 * them off).
 *
 * Source: the magazine layer of Bonwick and Adams, "Magazines and Vmem:
 * Extending the Slab Allocator to Many CPUs and Arbitrary Resources",
 * USENIX 2001, in the shape Linux's mm/slab.c gave it (struct
 * array_cache: one array of free object pointers per CPU and cache, a
 * limit and a batchcount). SLUB's per-CPU slabs were the other choice:
 * they keep objects on their slab's free list, but a free on another CPU
 * than the slab's must then push onto a list its owner pops without a
 * lock (cmpxchg on the free list and a frozen-slab flag), which the slab
 * code here, with its list moves on the first and last free, has no room
 * for. An array of pointers keeps mm/slab.c as it is: the layer only
 * calls it in batches, under heap_lock.
 *
 * Data structures
 *   Each struct slab_cache has one struct slab_cpu_array per possible
 *   CPU: up to SLAB_CPU_LIMIT free objects, the last freed on top, and
 *   the counts of the allocations and frees that CPU served. An object in
 *   an array is free for its user and still in use for its slab (inuse
 *   counts it, it is on no free list).
 *
 * The common path, kmalloc()/kmem_cache_alloc() and kfree()/
 * kmem_cache_free(), takes only this CPU's array lock with interrupts
 * off: pop the top, or push after checking that the pointer is an object
 * boundary of a slab (kfree() finds the cache from the slab's struct
 * page) and not the top of this CPU's array (a double free). An empty
 * array takes SLAB_CPU_BATCH objects from the slabs, a full one gives
 * the oldest SLAB_CPU_BATCH back, each under heap_lock, with the array
 * lock dropped in between: heap_lock is always taken before an array
 * lock, never after. An object freed on another CPU than the one that
 * allocated it simply goes to the freeing CPU's array: no remote list,
 * no shared line on the common path.
 *
 * The array lock is per CPU and uncontended but when another CPU drains
 * the array (as Linux's per_cpu_pages lock since 5.19): draining needs
 * no inter-processor call. slab_cpu_drain() empties every CPU's array
 * of a cache; kmem_cache_destroy(), kmem_cache_shrink() and validate()
 * drain, and the statistics fold the per-CPU counts (slab_cpu_fold()),
 * so both stay exact. Bad input: a pointer that is not an object boundary, or that
 * is the head of its slab's free list, goes to the locked path, which
 * reports it; a double free of the last object freed to this CPU's array
 * is reported here (the same check SLUB makes, and this backend, on the
 * head of a slab's free list); one deeper in an array, or in another
 * CPU's array, is not caught (as in Linux's SLAB without debugging);
 * ksize() of an object in any CPU's array is reported.
 */
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/smp.h>
#include <kmlab/param.h>
#include <kmlab/spinlock.h>
#include "buddy.h"
#include "internal.h"
#include "slab_cache.h"
#include "slab_cpu.h"

bool slab_cpu_cache = true;
kernel_param("slab_cpu_cache", slab_cpu_cache, bool,
	     "0: no per-CPU object caches in front of the slab caches");

bool slab_cpu_pause(void)
{
	bool was_on = slab_cpu_cache;

	kmem_cache_drain_cpus();
	slab_cpu_cache = false;
	return was_on;
}

void slab_cpu_resume(bool was_on)
{
	slab_cpu_cache = was_on;
}

void slab_cpu_init(struct slab_cache *c)
{
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		struct slab_cpu_array *ac = &c->cpu_array[cpu];

		spin_lock_init(&ac->lock);
		ac->avail = 0;
		ac->nr_allocs = 0;
		ac->nr_frees = 0;
	}
}

/* Move @ac's counts into @c. Context: heap_lock and @ac->lock held. */
static void fold_array(struct slab_cache *c, struct slab_cpu_array *ac)
{
	c->nr_allocs += ac->nr_allocs;
	c->nr_frees += ac->nr_frees;
	ac->nr_allocs = 0;
	ac->nr_frees = 0;
}

void slab_cpu_fold(struct slab_cache *c)
{
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		struct slab_cpu_array *ac = &c->cpu_array[cpu];

		spin_lock(&ac->lock);
		fold_array(c, ac);
		spin_unlock(&ac->lock);
	}
}

unsigned int slab_cpu_drain(struct slab_cache *c)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		struct slab_cpu_array *ac = &c->cpu_array[cpu];

		spin_lock(&ac->lock);
		fold_array(c, ac);
		slab_free_bulk(c, ac->entry, ac->avail);
		n += ac->avail;
		ac->avail = 0;
		spin_unlock(&ac->lock);
	}
	return n;
}

unsigned int slab_cpu_cached(const struct slab_cache *c)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		n += c->cpu_array[cpu].avail;
	return n;
}

/* Is @p among @ac's objects? Context: @ac->lock held. */
static bool array_holds(const struct slab_cpu_array *ac, const void *p)
{
	for (unsigned int i = 0; i < ac->avail; i++)
		if (ac->entry[i] == p)
			return true;
	return false;
}

bool slab_cpu_holds(struct slab_cache *c, const void *p)
{
	bool found = false;

	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS && !found; cpu++) {
		struct slab_cpu_array *ac = &c->cpu_array[cpu];

		spin_lock(&ac->lock);
		found = array_holds(ac, p);
		spin_unlock(&ac->lock);
	}
	return found;
}

/*
 * The array of @c was empty: take a batch from the slabs under heap_lock,
 * hand the first object out, keep the others. Context: interrupts off.
 */
static __noinline bool refill_alloc(struct slab_cache *c, void **objp,
				    unsigned long caller)
{
	struct slab_cpu_array *ac;
	void *batch[SLAB_CPU_BATCH];
	unsigned int n;

	spin_lock(&heap_lock);
	n = slab_alloc_bulk(c, batch, SLAB_CPU_BATCH, caller);
	spin_unlock(&heap_lock);
	if (!n)
		return false; /* the locked path reports the failure */
	/* Interrupts stayed off: only a drain touched the array since. */
	ac = &c->cpu_array[smp_processor_id()];
	spin_lock(&ac->lock);
	while (--n)
		ac->entry[ac->avail++] = batch[n];
	ac->nr_allocs++;
	spin_unlock(&ac->lock);
	*objp = batch[0];
	return true;
}

static bool cpu_alloc(struct slab_cache *c, void **objp, unsigned long caller)
{
	unsigned long flags = local_irq_save();
	struct slab_cpu_array *ac = &c->cpu_array[smp_processor_id()];
	bool ok = true;

	spin_lock(&ac->lock);
	if (likely(ac->avail)) {
		*objp = ac->entry[--ac->avail];
		ac->nr_allocs++;
		spin_unlock(&ac->lock);
	} else {
		spin_unlock(&ac->lock);
		ok = refill_alloc(c, objp, caller);
	}
	local_irq_restore(flags);
	return ok;
}

/* The array is full: give its oldest SLAB_CPU_BATCH objects back. */
static __noinline void flush_free(struct slab_cache *c,
				  struct slab_cpu_array *ac)
{
	void *batch[SLAB_CPU_BATCH];
	unsigned int n = min(ac->avail, (unsigned int)SLAB_CPU_BATCH);

	for (unsigned int i = 0; i < n; i++)
		batch[i] = ac->entry[i];
	ac->avail -= n;
	for (unsigned int i = 0; i < ac->avail; i++)
		ac->entry[i] = ac->entry[i + n];
	spin_unlock(&ac->lock);
	spin_lock(&heap_lock);
	slab_free_bulk(c, batch, n);
	spin_unlock(&heap_lock);
	spin_lock(&ac->lock);
}

static __noinline void report_double_free(const void *p, unsigned long caller)
{
	spin_lock(&heap_lock);
	kmalloc_report_bad("double free", p, caller);
	spin_unlock(&heap_lock);
}

/*
 * The cache of the slab object @p, or NULL when @p is not an object
 * boundary of a slab or is the head of its slab's free list: the locked
 * path then checks and reports. A live object's slab cannot go away
 * meanwhile; for bad input the unlocked reads may be stale, and the
 * locked path sees it again.
 */
static struct slab_cache *object_cache(const void *p)
{
	struct slab_cache *c;
	struct page *page;
	unsigned long off;

	if (unlikely(!virt_addr_valid(p)))
		return NULL;
	page = compound_head(virt_to_page(p));
	if (unlikely(!PageSlab(page)))
		return NULL;
	off = (unsigned long)p - (unsigned long)page_address(page);
	c = (struct slab_cache *)page->slab_cache;
	if (unlikely(off >= c->slab_used ||
		     (u32)(off * c->div_magic) >= c->div_magic ||
		     p == page->freelist))
		return NULL;
	return c;
}

static bool cpu_free(struct slab_cache *c, const void *p, unsigned long caller)
{
	unsigned long flags = local_irq_save();
	struct slab_cpu_array *ac = &c->cpu_array[smp_processor_id()];

	spin_lock(&ac->lock);
	/* The last object freed here, freed again: SLUB's check, in O(1). */
	if (unlikely(ac->avail && ac->entry[ac->avail - 1] == p)) {
		spin_unlock(&ac->lock);
		report_double_free(p, caller);
		local_irq_restore(flags);
		return true;
	}
	if (unlikely(ac->avail == SLAB_CPU_LIMIT))
		flush_free(c, ac);
	ac->entry[ac->avail++] = (void *)p;
	ac->nr_frees++;
	spin_unlock(&ac->lock);
	local_irq_restore(flags);
	return true;
}

bool slab_cpu_kmalloc(size_t size, gfp_t gfp, void **objp, unsigned long caller)
{
	if (!slab_cpu_cache || (gfp & __GFP_ZERO) ||
	    size - 1 >= KMALLOC_MAX_CACHE_SIZE)
		return false;
	return cpu_alloc(kmalloc_cache_of[(size - 1) >> 3], objp, caller);
}

bool slab_cpu_kfree(const void *p, unsigned long caller)
{
	struct slab_cache *c;

	if (!slab_cpu_cache)
		return false;
	c = object_cache(p);
	return c && cpu_free(c, p, caller);
}

bool slab_cpu_cache_alloc(struct kmem_cache *s, gfp_t gfp, void **objp,
			  unsigned long caller)
{
	return slab_cpu_cache && !(gfp & __GFP_ZERO) &&
	       cpu_alloc(s->priv, objp, caller);
}

bool slab_cpu_cache_free(struct kmem_cache *s, const void *p,
			 unsigned long caller)
{
	struct slab_cache *c;

	if (!slab_cpu_cache)
		return false;
	c = object_cache(p);
	return c && c == s->priv && cpu_free(c, p, caller);
}
