// SPDX-License-Identifier: GPL-2.0
/*
 * The kmalloc API, written once on top of whichever backend Kconfig chose.
 *
 * Layering (Documentation/mm/allocators.rst):
 *
 *	kmalloc, kfree, ksize, krealloc, kmem_cache_*   this file
 *	alloc_pages, free_pages ...                      mm/page_alloc.c
 *	backend_kmalloc, backend_kfree ...               mm/bump.c, mm/firstfit.c,
 *	                                                 buddy+slab, SLOB
 *	kmalloc_report_bad, kmalloc_stats, kstat_*()     mm/report.c, internal.h
 *	mem_map (struct page per usable page), mm_init() mm/mm_init.c
 *	memblock_usable                                  mm/memblock.c
 *
 * This file owns everything that is the same for every backend: size 0 and
 * ZERO_SIZE_PTR, NULL, sizes above KMALLOC_MAX_SIZE, __GFP_ZERO and
 * init_on_alloc=/init_on_free= (<kmlab/init_on.h>), the delayed-reuse
 * quarantine's place in kfree() (mm/quarantine.c), the single
 * out-of-memory line and the failed-allocation count, the overflow check of
 * kmalloc_array, krealloc, kstrdup, the kmem_cache emulation used when the
 * backend has no native caches, the statistics API, and the "validate
 * after every operation" debug mode. What the backends call back into
 * (reports, kmalloc_stats) is in mm/report.c, boot-time setup in
 * mm/mm_init.c, so calls only go down.
 *
 * The hot path is kmalloc() -> backend_kmalloc() and kfree() ->
 * backend_kfree(): one range check before each call, everything else is
 * behind unlikely() branches.
 *
 * CONFIG_KFENCE (mm/kfence.c) sits in front of the backend: kmalloc() and
 * kmem_cache_alloc() give it one allocation in kfence.sample_interval
 * first, and kfree(), ksize(), krealloc() and kmem_cache_free() send its
 * objects back to it (is_kfence_address(): one range check), so no
 * backend knows about it. The inline fast paths of <kmlab/slab.h> are off
 * with it (mm/Kconfig), as they would bypass the sampling.
 *
 * Locking (CONFIG_SMP): each API function takes heap_lock (mm/internal.h)
 * once, at its entry, with interrupts off, and calls only the unlocked
 * __ helpers below it, which expect the lock held: so a backend runs with
 * the lock held, and kmalloc_stats, the kmem_cache list and the counts of
 * this file change under it. A kmem_cache constructor runs under it too
 * and must not allocate. Without CONFIG_SMP no lock code is compiled in,
 * and the inline fast paths of <kmlab/slab.h> (which bypass this file) are
 * used only then (mm/Kconfig). With CONFIG_SLAB_CPU_CACHE, kmalloc(),
 * kfree(), kmem_cache_alloc() and kmem_cache_free() first try buddy+slab's
 * per-CPU caches (mm/slab_cpu.c), which take no shared lock.
 */
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/list.h>
#include <kmlab/errno.h>
#include <kmlab/kasan.h>
#include <kmlab/kfence.h>
#include <kmlab/init_on.h>
#include "internal.h"
#include "slab_cpu.h"
#include "hardening.h"
#include "quarantine.h"

static LIST_HEAD(kmem_caches);

DEFINE_SPINLOCK(heap_lock);

/* ------------------------------------------------------------------ */
/* Statistics */

/*
 * The statistics as the API's callers see them: an object waiting in the
 * quarantine (CONFIG_KMALLOC_QUARANTINE) is freed for them, though the
 * backend, whose validate() checks its own count, still holds it.
 */
static void __kmalloc_get_stats(struct kmalloc_stats *st)
{
	backend_sync_stats(&kmalloc_stats);
	kmalloc_stats.live_objects =
		kmalloc_stats.nr_allocs - kmalloc_stats.nr_frees;
	*st = kmalloc_stats;
	kfence_add_stats(st);
	if (IS_ENABLED(CONFIG_KMALLOC_QUARANTINE)) {
		unsigned long objects, bytes;

		quarantine_usage(&objects, &bytes);
		st->nr_frees += objects;
		st->live_objects -= objects;
		st->live_bytes -= bytes;
	}
}

void kmalloc_get_stats(struct kmalloc_stats *st)
{
	unsigned long flags = heap_lock_irqsave();

	__kmalloc_get_stats(st);
	heap_unlock_irqrestore(flags);
}

void kmalloc_reset_peaks(void)
{
	struct kmalloc_stats *st = &kmalloc_stats;
	unsigned long flags = heap_lock_irqsave();

	backend_sync_stats(st);
	st->peak_live_objects = st->nr_allocs - st->nr_frees;
	st->peak_live_bytes = st->live_bytes;
	st->peak_pages_held = st->pages_held;
	heap_unlock_irqrestore(flags);
}

int kmalloc_validate(void)
{
	unsigned long flags = heap_lock_irqsave();
	int errors = backend_validate();

	if (IS_ENABLED(CONFIG_KMALLOC_QUARANTINE))
		errors += quarantine_validate();

	heap_unlock_irqrestore(flags);
	return errors;
}

int kmalloc_free_space(unsigned long *largest, unsigned long *total)
{
	unsigned long flags = heap_lock_irqsave();
	int ret = backend_free_space(largest, total);

	heap_unlock_irqrestore(flags);
	return ret;
}

const char *kmalloc_backend_name(void)
{
	return backend_info.name;
}

/*
 * Objects of @s allocated and not freed, by kmem_cache_free() or kfree().
 * buddy+slab counts them itself (its inline kfree() cannot see @s).
 */
static unsigned long kmem_cache_live(struct kmem_cache *s)
{
	if (IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE))
		return backend_cache_live(s);
	return s->live;
}

void kmalloc_show(void)
{
	unsigned long flags = heap_lock_irqsave();
	struct kmalloc_stats st;
	struct kmem_cache *s;

	__kmalloc_get_stats(&st);
	pr_info("kmalloc: backend %s\n", backend_info.name);
	pr_info("kmalloc: live %lu objects %lu bytes (peak %lu / %lu), pages held %lu (peak %lu)\n",
		st.live_objects, st.live_bytes, st.peak_live_objects,
		st.peak_live_bytes, st.pages_held, st.peak_pages_held);
	pr_info("kmalloc: allocs %lu frees %lu failed %lu bad input %lu\n",
		st.nr_allocs, st.nr_frees, st.failed_allocs, st.bad_input);
	backend_show();
	if (!list_empty(&kmem_caches))
		pr_info("# name                 objsize   size  align   live\n");
	list_for_each_entry(s, &kmem_caches, list)
		pr_info("%-22s %7zu %6zu %6zu %6lu\n", s->name, s->object_size,
			s->size, s->align, kmem_cache_live(s));
	heap_unlock_irqrestore(flags);
}

/*
 * CONFIG_KMALLOC_CHECK_EVERY_OP: validate after each operation, all but
 * the O(bytes) poison scans of free memory (see kmalloc_validating_op).
 */
static void check_op(const char *op, unsigned long caller)
{
	int errors;

	kmalloc_validating_op = true;
	errors = backend_validate();
	kmalloc_validating_op = false;
	if (errors)
		pr_err("kmalloc: validate: %d violations after %s (caller %pS)\n",
		       errors, op, (void *)caller);
}

/* ------------------------------------------------------------------ */
/* kmalloc and friends */

static __noinline void *kmalloc_failed(size_t size, gfp_t gfp,
				       unsigned long caller)
{
	kmalloc_stats.failed_allocs++;
	if (!(gfp & __GFP_NOWARN))
		pr_warn("kmalloc: out of memory: size %zu, gfp %#x (caller %pS)\n",
			size, gfp, (void *)caller);
	return NULL;
}

/*
 * The rare cases after a successful backend call: zeroing (__GFP_ZERO,
 * which init_on_alloc_gfp() adds for init_on_alloc=1), checking.
 */
static __noinline void *kmalloc_finish(void *p, gfp_t gfp, unsigned long caller)
{
	if (gfp & __GFP_ZERO)
		memset(p, 0, backend_ksize(p, caller));
	if (IS_ENABLED(CONFIG_KMALLOC_CHECK_EVERY_OP))
		check_op("kmalloc", caller);
	return p;
}

/*
 * @gfp for an object of cache @s (NULL: kmalloc), with __GFP_ZERO added
 * for init_on_alloc=1 unless @s has a constructor (Linux keeps a
 * constructed object's state; kfence_guarded_alloc() does the same).
 * Without CONFIG_INIT_ON_ALLOC_FREE, @gfp itself.
 */
static __always_inline gfp_t init_on_alloc_gfp(const struct kmem_cache *s,
					       gfp_t gfp)
{
	if (want_init_on_alloc(0) && !(s && s->ctor))
		return gfp | __GFP_ZERO;
	return gfp;
}

/* The alignment kmalloc() promises for @size bytes (<kmlab/slab.h>). */
static __always_inline size_t kmalloc_align(size_t size)
{
	if (size <= PAGE_SIZE && !(size & (size - 1)))
		return max(size, (size_t)ARCH_KMALLOC_MINALIGN);
	return ARCH_KMALLOC_MINALIGN;
}

/* kmalloc() for @caller. Context: heap_lock held. */
static __always_inline void *__kmalloc(size_t size, gfp_t gfp,
				       unsigned long caller)
{
	void *p;

	/* One compare catches both 0 and > KMALLOC_MAX_SIZE. */
	if (unlikely(size - 1 >= KMALLOC_MAX_SIZE)) {
		if (!size)
			return ZERO_SIZE_PTR;
		return kmalloc_failed(size, gfp, caller);
	}
	p = kfence_alloc(NULL, size, kmalloc_align(size),
			 init_on_alloc_gfp(NULL, gfp), caller);
	if (unlikely(p)) /* KFENCE zeroed it already */
		return kmalloc_finish(p, gfp & ~__GFP_ZERO, caller);
	p = backend_kmalloc(size, gfp, caller);
	if (unlikely(!p))
		return kmalloc_failed(size, gfp, caller);
	kasan_unpoison(p, size);
	if (unlikely(want_init_on_alloc(gfp) ||
		     IS_ENABLED(CONFIG_KMALLOC_CHECK_EVERY_OP)))
		return kmalloc_finish(p, init_on_alloc_gfp(NULL, gfp), caller);
	return p;
}

/*
 * May buddy+slab's per-CPU object caches (mm/slab_cpu.c, SMP only) serve
 * an allocation with @gfp, or the free of @p? Not what the locked path
 * must see: an allocation KFENCE may sample or init_on_alloc= must zero,
 * a free init_on_free= must zero, the quarantine must delay or KFENCE
 * owns. Without CONFIG_SLAB_CPU_CACHE the slab_cpu_*() stubs are false
 * and these tests compile away with them.
 */
static __always_inline bool cpu_cache_may_alloc(gfp_t gfp)
{
#ifdef CONFIG_KFENCE
	if (kfence_sample_interval)
		return false;
#endif
	return !want_init_on_alloc(gfp);
}

static __always_inline bool cpu_cache_may_free(const void *p)
{
	return !want_init_on_free() && !quarantine_active() &&
	       !is_kfence_address(p);
}

/*
 * The out-of-line paths behind an inline kmalloc()/kfree() in
 * <kmlab/slab.h> (bump, buddy+slab): called from the caller's own code,
 * so _RET_IP_ is still the API caller for reports.
 */
static __always_inline void *kmalloc_locked(size_t size, gfp_t gfp,
					    unsigned long caller)
{
	unsigned long flags = heap_lock_irqsave();
	void *p = __kmalloc(size, gfp, caller);

	heap_unlock_irqrestore(flags);
	return p;
}

__noinline void *kmalloc_slow(size_t size, gfp_t gfp)
{
	return kmalloc_locked(size, gfp, _RET_IP_);
}

#ifndef CONFIG_HAVE_KMALLOC_INLINE /* otherwise inline in <kmlab/slab.h> */
void *kmalloc(size_t size, gfp_t gfp)
{
	void *p;

	if (cpu_cache_may_alloc(gfp) &&
	    slab_cpu_kmalloc(size, gfp, &p, _RET_IP_))
		return p;
	return kmalloc_locked(size, gfp, _RET_IP_);
}
#endif

/*
 * Emulated caches (backends without native ones: bump, first-fit). Each
 * object sits in a block of its own from backend_kmalloc() (or, aligned
 * and above a page, backend_alloc_pages()) after a lead of s->align bytes
 * whose last 8 are an owner tag: the cache and a check word tied to the
 * object's address. So the owner of an object is known from the object:
 * kfree() and ksize() take cache objects, and kmem_cache_free() knows a
 * foreign one. kfree() looks for a tag only while some emulated cache
 * object is live (emulated_live), and believes one only when its check
 * word matches and its cache is live (KMEM_CACHE_MAGIC: O(1), kfree()
 * is a hot path; the list of live caches would cost O(caches)).
 */
struct cache_tag {
	unsigned long cache; /* struct kmem_cache * */
	unsigned long check; /* CACHE_TAG_MAGIC ^ cache ^ object address */
};

#define CACHE_TAG_MAGIC 0xcac4e7a9UL

static unsigned long emulated_live;

static inline size_t emulated_lead(const struct kmem_cache *s)
{
	return s->align; /* >= ARCH_KMALLOC_MINALIGN = sizeof(struct cache_tag) */
}

/*
 * Aligned objects whose block (lead included) is larger than a page come
 * from backend_alloc_pages() (page aligned); the others from kmalloc,
 * with a power-of-two block size when aligned (naturally aligned). The
 * blocks of caches aligned to ARCH_KMALLOC_MINALIGN come from
 * backend_kmalloc_minalign() where the backend has it
 * (CONFIG_HAVE_KMALLOC_MINALIGN): a block that is a power of two only by
 * chance needs no natural alignment, whose gaps cost the first-fit
 * search and the heap's extent.
 */
static bool emulated_uses_pages(const struct kmem_cache *s)
{
	return s->align > ARCH_KMALLOC_MINALIGN && s->size > PAGE_SIZE;
}

static unsigned int size_to_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* The cache whose tag is in front of @p, or NULL. Reads only. */
static struct kmem_cache *cache_of(const void *p)
{
	const struct cache_tag *t = (const struct cache_tag *)p - 1;
	struct kmem_cache *s;

	if (((unsigned long)p & (ARCH_KMALLOC_MINALIGN - 1)) ||
	    !virt_addr_valid(t))
		return NULL;
	if (t->check != (CACHE_TAG_MAGIC ^ t->cache ^ (unsigned long)p))
		return NULL;
	s = (struct kmem_cache *)t->cache;
	if (!virt_addr_valid(s) || !virt_addr_valid(s + 1) ||
	    s->magic != KMEM_CACHE_MAGIC)
		return NULL;
	return s;
}

/*
 * kfree() and ksize(): the owner of @p if it is an emulated cache object
 * (never with native caches: the backend knows its own objects).
 */
static __always_inline struct kmem_cache *emulated_owner(const void *p)
{
	if (IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE) || likely(!emulated_live))
		return NULL;
	return cache_of(p);
}

/*
 * The usable bytes of @p, asked quietly: 0 when the backend does not
 * vouch for it as a live object (the free that follows reports it).
 */
static __noinline size_t ksize_quiet(const void *p)
{
	size_t size;

	kmalloc_report_quiet++;
	size = backend_ksize(p, 0);
	kmalloc_report_quiet--;
	return size;
}

/*
 * What the backend counts in live_bytes for @block, the block of an
 * object of emulated cache @s, asked quietly: 0 when the block is not live
 * (a freed block may keep its tag; the free that follows reports that).
 */
static size_t emulated_block_bytes(struct kmem_cache *s, const void *block)
{
	unsigned int order;

	if (!emulated_uses_pages(s))
		return ksize_quiet(block);
	order = size_to_order(s->size);
	return page_block_is_live(block, order) ? order_to_bytes(order) : 0;
}

/*
 * init_on_free=1 on an emulated cache's object @p, whose tag names @s:
 * zeroed when its block is live. Caches with a constructor keep their
 * objects' state, as in Linux.
 */
static __noinline void emulated_init_on_free(struct kmem_cache *s,
					     const void *p, const void *block)
{
	if (!s->ctor && emulated_block_bytes(s, block))
		memset((void *)p, 0, s->object_size);
}

/*
 * Native kmem_caches with a constructor: kfree() cannot see an object's
 * cache on those backends, so init_on_free leaves kfree()d objects alone
 * while one exists (kmem_cache_free() sees the cache and zeroes the
 * objects of the others).
 */
static unsigned int nr_native_ctor_caches;

/* Does @s count in nr_native_ctor_caches (while it exists)? */
static bool native_ctor_cache(const struct kmem_cache *s)
{
	return IS_ENABLED(CONFIG_INIT_ON_ALLOC_FREE) &&
	       IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE) && s->ctor;
}

/*
 * init_on_free=1: zero the usable bytes of @p before the backend frees
 * it, when the backend vouches for it (a bad free writes nothing).
 */
static __noinline void kfree_init_on_free(const void *p)
{
	size_t size;

	if (IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE) && nr_native_ctor_caches)
		return;
	size = ksize_quiet(p);
	if (size)
		memset((void *)p, 0, size);
}

/*
 * Free the block of object @p of cache @s, as it is (init_on_free= done
 * or not wanted). The tag's check word is cleared first, so that a second
 * free of @p finds no tag and is reported as a double free of @p, not of
 * the block in front of it (a backend that leaves freed memory as it is,
 * bump, would otherwise take the tag again). Return: 0 or -EINVAL.
 */
static __always_inline int
emulated_free_block(struct kmem_cache *s, const void *p, unsigned long caller)
{
	struct cache_tag *t = (struct cache_tag *)p - 1;
	unsigned long check = t->check;
	void *block = (char *)p - emulated_lead(s);
	int ret;

	t->check = 0;
	if (emulated_uses_pages(s))
		ret = backend_free_pages(block, size_to_order(s->size), caller);
	else
		ret = backend_kfree(block, caller);
	if (ret) {
		t->check = check;
		return ret;
	}
	kasan_poison(p, s->object_size);
	s->live--;
	emulated_live--;
	return 0;
}

/* Free the block of object @p of cache @s. Return: 0 or -EINVAL. */
static __always_inline int emulated_free(struct kmem_cache *s, const void *p,
					 unsigned long caller)
{
	if (want_init_on_free())
		emulated_init_on_free(s, p, (char *)p - emulated_lead(s));
	return emulated_free_block(s, p, caller);
}

/* ------------------------------------------------------------------ */
/* The delayed-reuse quarantine (CONFIG_KMALLOC_QUARANTINE) */

static __always_inline void kfree_now(const void *p, unsigned long caller);
static __always_inline void kfree_backend(const void *p, unsigned long caller);

/*
 * An object leaves the quarantine: freed for real, in the name of the
 * free that put it there. init_on_free= zeroed it when it went in, so it
 * goes back as it is, unless a write after free hit its mark: that is
 * reported, and the object freed all the same through the whole path
 * (zeroed again).
 */
static __noinline void quarantine_release(const struct quarantine_entry *e)
{
	if (e->written) {
		kmalloc_report_bad("write after free", e->p, e->caller);
		if (e->s)
			emulated_free(e->s, e->p, e->caller);
		else
			kfree_now(e->p, e->caller);
	} else if (e->s) {
		emulated_free_block(e->s, e->p, e->caller);
	} else {
		kfree_backend(e->p, e->caller);
	}
}

/* Free for real the oldest objects: while over a limit, or (@all) all. */
static void quarantine_drain(bool all)
{
	struct quarantine_entry e;

	while (quarantine_take(&e, all))
		quarantine_release(&e);
}

#ifdef CONFIG_KMALLOC_QUARANTINE
void kmalloc_quarantine_flush(void)
{
	unsigned long flags = heap_lock_irqsave();

	quarantine_drain(true);
	heap_unlock_irqrestore(flags);
}
#endif

/*
 * kfree() of @p, or kmem_cache_free() of an emulated cache's, whose tag
 * names @s (NULL for any other object), with the quarantine active: @p
 * waits in it instead of going back to the backend (which counts it live
 * until it leaves: kmalloc_get_stats() counts it freed, as its caller
 * does). Return: true when
 * done (put in, or reported as a double free of a waiting object); false
 * when the backend does not vouch for @p: the normal path reports it.
 */
static __noinline bool quarantine_free(struct kmem_cache *s, const void *p,
				       unsigned long caller)
{
	struct quarantine_entry e = { .p = p, .s = s, .caller = caller };
	const void *block = s ? (const char *)p - emulated_lead(s) : p;

	if (quarantine_holds(p)) {
		kmalloc_report_bad("double free", p, caller);
		return true;
	}
	e.bytes = s ? emulated_block_bytes(s, block) : ksize_quiet(p);
	if (!e.bytes)
		return false;
	if (want_init_on_free() && s)
		emulated_init_on_free(s, p, block);
	else if (want_init_on_free())
		kfree_init_on_free(p);
	quarantine_put(&e);
	quarantine_drain(false);
	return true;
}

/*
 * kmem_cache_free() on an emulated cache: only @s's own objects. Another
 * cache's object, or one with no tag (a kmalloc object), is a free to the
 * wrong cache; a freed object of @s whose tag is gone a double free.
 */
static __noinline void emulated_cache_free_bad(struct kmem_cache *s,
					       const void *p,
					       unsigned long caller)
{
	struct kmem_cache *owner = cache_of(p);
	const char *what = "free to the wrong cache";

	/* Never @s: cache_of() checks all the fast path did, and more. */
	if (!owner && !virt_addr_valid(p))
		what = "invalid free";
	else if (!owner && backend_in_free_block((char *)p - emulated_lead(s)))
		what = "double free";
	kmalloc_report_bad(what, p, caller);
}

/*
 * The common case first: @p carries @s's tag. @s is the caller's cache,
 * live by contract, so its tag needs no further check.
 */
static __always_inline void
emulated_cache_free(struct kmem_cache *s, const void *p, unsigned long caller)
{
	const struct cache_tag *t = (const struct cache_tag *)p - 1;

	if (likely(!((unsigned long)p & (ARCH_KMALLOC_MINALIGN - 1)) &&
		   virt_addr_valid(t) && t->cache == (unsigned long)s &&
		   t->check ==
			   (CACHE_TAG_MAGIC ^ t->cache ^ (unsigned long)p))) {
		if (!quarantine_active() || !quarantine_free(s, p, caller))
			emulated_free(s, p, caller);
	} else {
		emulated_cache_free_bad(s, p, caller);
	}
}

/*
 * An object of emulated cache @s: its own block with the owner tag in
 * front, constructed and (__GFP_ZERO) zeroed. The backend directly, so
 * that a failure prints the object size and the caller of
 * kmem_cache_alloc(), as the native caches do. Return: it, or NULL.
 */
static __always_inline void *
emulated_cache_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	struct cache_tag *t;
	void *p;

	if (emulated_uses_pages(s)) {
		unsigned int order = size_to_order(s->size);

		p = order < MAX_ORDER ? backend_alloc_pages(gfp, order) : NULL;
	} else if (IS_ENABLED(CONFIG_HAVE_KMALLOC_MINALIGN) &&
		   s->align == ARCH_KMALLOC_MINALIGN) {
		/* No natural alignment for a block that needs none. */
		p = backend_kmalloc_minalign(s->size, gfp, caller);
	} else {
		p = backend_kmalloc(s->size, gfp, caller);
	}
	if (unlikely(!p))
		return NULL;
	p = (char *)p + emulated_lead(s);
	t = (struct cache_tag *)p - 1;
	t->cache = (unsigned long)s;
	t->check = CACHE_TAG_MAGIC ^ t->cache ^ (unsigned long)p;
	emulated_live++;
	kasan_unpoison(p, s->object_size);
	if (s->ctor)
		s->ctor(p);
	if (init_on_alloc_gfp(s, gfp) & __GFP_ZERO)
		memset(p, 0, s->object_size);
	return p;
}

/* An object of native cache @s (the backend calls the constructor). */
static __always_inline void *native_cache_alloc(struct kmem_cache *s, gfp_t gfp,
						unsigned long caller)
{
	void *p = backend_cache_alloc(s, gfp, caller);

	if (likely(p))
		kasan_unpoison(p, s->object_size);
	if (likely(p) && (init_on_alloc_gfp(s, gfp) & __GFP_ZERO))
		memset(p, 0, s->object_size);
	return p;
}

/*
 * kfree() of @p, not NULL, a kmalloc object (no emulated cache's tag), as
 * it is: the backend's free and KASAN's poisoning.
 */
static __always_inline void kfree_backend(const void *p, unsigned long caller)
{
	if (IS_ENABLED(CONFIG_KASAN)) {
		/* Asked quietly: a bad pointer is reported by the free. */
		size_t size = ksize_quiet(p);

		if (!backend_kfree(p, caller))
			kasan_poison(p, size);
	} else {
		backend_kfree(p, caller);
	}
}

/* kfree() of @p, not NULL: the free itself, without the quarantine. */
static __always_inline void kfree_now(const void *p, unsigned long caller)
{
	struct kmem_cache *s = emulated_owner(p);

	if (unlikely(s)) {
		emulated_free(s, p, caller);
		return;
	}
	if (want_init_on_free())
		kfree_init_on_free(p);
	kfree_backend(p, caller);
}

/* kfree() for @caller. Context: heap_lock held. */
static __always_inline void __kfree(const void *p, unsigned long caller)
{
	if (unlikely(ZERO_OR_NULL_PTR(p)))
		return;
	if (unlikely(is_kfence_address(p)))
		kfence_free(p, NULL, caller); /* never quarantined */
	else if (!quarantine_active() ||
		 !quarantine_free(emulated_owner(p), p, caller))
		kfree_now(p, caller);
	if (IS_ENABLED(CONFIG_KMALLOC_CHECK_EVERY_OP))
		check_op("kfree", caller);
}

static __always_inline void kfree_locked(const void *p, unsigned long caller)
{
	unsigned long flags = heap_lock_irqsave();

	__kfree(p, caller);
	heap_unlock_irqrestore(flags);
}

__noinline void kfree_slow(const void *p)
{
	kfree_locked(p, _RET_IP_);
}

#ifndef CONFIG_HAVE_KFREE_INLINE /* otherwise inline in <kmlab/slab.h> */
void kfree(const void *p)
{
	if (cpu_cache_may_free(p) && slab_cpu_kfree(p, _RET_IP_))
		return;
	kfree_locked(p, _RET_IP_);
}
#endif

/*
 * ksize() of @p for @caller; an emulated cache object has its object size.
 * Context: heap_lock held.
 */
static size_t __ksize(const void *p, unsigned long caller)
{
	struct kmem_cache *s;

	if (unlikely(is_kfence_address(p)))
		return kfence_ksize(p, caller);
	if (quarantine_active() && quarantine_holds(p)) {
		kmalloc_report_bad("ksize of a free object", p, caller);
		return 0;
	}
	s = emulated_owner(p);
	if (unlikely(s))
		return s->object_size;
	return backend_ksize(p, caller);
}

size_t ksize(const void *p)
{
	size_t size;

	unsigned long flags;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	flags = heap_lock_irqsave();
	size = __ksize(p, _RET_IP_);
	heap_unlock_irqrestore(flags);
	/* The caller may use all of it now, as Linux's ksize() allows. */
	kasan_unpoison(p, size);
	return size;
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc_locked(bytes, gfp, _RET_IP_);
}

/* krealloc() for @caller. Context: heap_lock held. */
static void *__krealloc(const void *p, size_t new_size, gfp_t gfp,
			unsigned long caller)
{
	size_t old;
	void *n;

	if (ZERO_OR_NULL_PTR(p))
		return __kmalloc(new_size, gfp, caller);
	if (!new_size) {
		__kfree(p, caller);
		return ZERO_SIZE_PTR;
	}
	old = __ksize(p, caller);
	if (!old)
		return NULL; /* reported by the backend */
	if (new_size <= old) {
		/*
		 * Keep the spare bytes zeroed, as Linux does: a later
		 * __GFP_ZERO krealloc that grows in place hands them out,
		 * and init_on_free=1 means what is given up is cleared.
		 */
		if (want_init_on_alloc(gfp) || want_init_on_free())
			memset((char *)p + new_size, 0, old - new_size);
		if (new_size < old && !is_kfence_address(p) &&
		    !emulated_owner(p))
			backend_shrink(p, new_size);
		kasan_unpoison(p, new_size);
		kasan_poison((char *)p + new_size, old - new_size);
		return (void *)p;
	}
	n = __kmalloc(new_size, gfp, caller);
	if (!n)
		return NULL;
	memcpy(n, p, old);
	__kfree(p, caller);
	return n;
}

void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	unsigned long flags = heap_lock_irqsave();
	void *n = __krealloc(p, new_size, gfp, _RET_IP_);

	heap_unlock_irqrestore(flags);
	return n;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = kmalloc_locked(len, gfp & ~__GFP_ZERO, _RET_IP_);
	if (p)
		memcpy(p, s, len);
	return p;
}

/* ------------------------------------------------------------------ */
/* kmem_cache: native when the backend has it, emulated with kmalloc. */

static bool is_power_of_2(size_t n)
{
	return n && !(n & (n - 1));
}

static __maybe_unused size_t roundup_pow_of_two(size_t n)
{
	size_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	unsigned long caller = _RET_IP_;
	struct kmem_cache *s;
	unsigned long irqflags;
	int ret;

	if (!name || !size || size > KMALLOC_MAX_SIZE / 2 ||
	    (align && (!is_power_of_2(align) || align > PAGE_SIZE))) {
		pr_err("kmem_cache_create %s: bad arguments: size %zu, align %zu (caller %pS)\n",
		       name ? name : "(null)", size, align, (void *)caller);
		return NULL;
	}
	irqflags = heap_lock_irqsave();
	s = __kmalloc(sizeof(*s), GFP_KERNEL | __GFP_ZERO, caller);
	if (!s)
		goto out;
	s->name = name;
	s->object_size = size;
	s->flags = flags;
	s->ctor = ctor;
	s->align = max(align, (size_t)ARCH_KMALLOC_MINALIGN);
	if (flags & SLAB_HWCACHE_ALIGN) {
		size_t ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2 && ralign > ARCH_KMALLOC_MINALIGN)
			ralign /= 2;
		s->align = max(s->align, ralign);
	}
	s->size = ALIGN(size, s->align);
	if (!IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE)) {
		/* The emulation's block: the lead with the owner tag, the object. */
		s->size += emulated_lead(s);
		if (s->align > ARCH_KMALLOC_MINALIGN && s->size <= PAGE_SIZE)
			s->size = roundup_pow_of_two(s->size);
	} else {
		ret = backend_cache_create(s);
		if (ret) {
			pr_err("kmem_cache_create %s: %s backend cannot create it: size %zu, align %zu (%d, caller %pS)\n",
			       name, backend_info.name, s->size, s->align, ret,
			       (void *)caller);
			__kfree(s, caller);
			s = NULL;
			goto out;
		}
	}
	s->magic = KMEM_CACHE_MAGIC;
	if (native_ctor_cache(s))
		nr_native_ctor_caches++;
	list_add_tail(&s->list, &kmem_caches);
out:
	heap_unlock_irqrestore(irqflags);
	return s;
}

/* kmem_cache_alloc() for @caller. Context: heap_lock held. */
static void *__kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp,
				unsigned long caller)
{
	void *p = kfence_alloc(s, s->object_size, s->align,
			       init_on_alloc_gfp(s, gfp), caller);

	if (unlikely(p))
		goto out;
	if (IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE))
		p = native_cache_alloc(s, gfp, caller);
	else
		p = emulated_cache_alloc(s, gfp, caller);
	if (unlikely(!p))
		return kmalloc_failed(s->object_size, gfp, caller);
	s->live++;
out:
	if (IS_ENABLED(CONFIG_KMALLOC_CHECK_EVERY_OP))
		check_op("kmem_cache_alloc", caller);
	return p;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	unsigned long flags;
	void *p;

	if (cpu_cache_may_alloc(gfp) &&
	    slab_cpu_cache_alloc(s, gfp, &p, _RET_IP_))
		return p;
	flags = heap_lock_irqsave();
	p = __kmem_cache_alloc(s, gfp, _RET_IP_);
	heap_unlock_irqrestore(flags);
	return p;
}

/*
 * init_on_free=1 on native cache @s: zero @p when the backend vouches for
 * it as a live object. An object of another cache freed to @s is zeroed
 * too and then refused ("free to the wrong cache"): its caller gave it up.
 */
static __noinline void native_init_on_free(struct kmem_cache *s, void *p)
{
	size_t size = ksize_quiet(p);

	if (size)
		memset(p, 0, min(size, s->object_size));
}

/* kmem_cache_free() for @caller. Context: heap_lock held. */
static void __kmem_cache_free(struct kmem_cache *s, void *p,
			      unsigned long caller)
{
	if (unlikely(is_kfence_address(p))) {
		kfence_free(p, s, caller);
	} else if (!IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE)) {
		emulated_cache_free(s, p, caller);
	} else {
		if (want_init_on_free() && !s->ctor)
			native_init_on_free(s, p);
		if (backend_cache_free(s, p, caller))
			return;
		kasan_poison(p, s->object_size);
		s->live--;
	}
	if (IS_ENABLED(CONFIG_KMALLOC_CHECK_EVERY_OP))
		check_op("kmem_cache_free", caller);
}

void kmem_cache_free(struct kmem_cache *s, void *p)
{
	unsigned long flags;

#ifdef CONFIG_HAVE_KFREE_INLINE
	/*
	 * As kfree()'s inline path (init_on_free=1 takes the locked one);
	 * @s->live is the backend's to count.
	 */
	if (!want_init_on_free() &&
	    likely(backend_cache_free_inline(s->priv, p)))
		return;
#endif
	if (!p ||
	    (cpu_cache_may_free(p) && slab_cpu_cache_free(s, p, _RET_IP_)))
		return;
	flags = heap_lock_irqsave();
	__kmem_cache_free(s, p, _RET_IP_);
	heap_unlock_irqrestore(flags);
}

/*
 * Is @s a cache kmem_cache_create() returned and kmem_cache_destroy() has
 * not destroyed? The list of live caches is the registry: a destroyed
 * cache is freed memory, so nothing in it can be trusted. O(caches).
 */
static bool kmem_cache_is_live(const struct kmem_cache *s)
{
	const struct kmem_cache *c;

	list_for_each_entry(c, &kmem_caches, list)
		if (c == s)
			return true;
	return false;
}

/*
 * The start of kmem_cache_destroy() and kmem_cache_shrink(): false after
 * reporting @bad if @s is not live; else true, with the quarantine
 * emptied (objects of @s may wait there). Context: heap_lock held.
 */
static bool kmem_cache_quiesce(struct kmem_cache *s, const char *bad,
			       unsigned long caller)
{
	if (unlikely(!kmem_cache_is_live(s))) {
		kmalloc_report_bad(bad, s, caller);
		return false;
	}
	if (IS_ENABLED(CONFIG_KMALLOC_QUARANTINE))
		quarantine_drain(true);
	return true;
}

/* kmem_cache_destroy() for @caller. Context: heap_lock held. */
static void __kmem_cache_destroy(struct kmem_cache *s, unsigned long caller)
{
	unsigned long live;

	if (!kmem_cache_quiesce(s, "kmem_cache_destroy of a destroyed cache",
				caller))
		return;
	live = kmem_cache_live(s);
	if (!live)
		live = kfence_shutdown_cache(s);
	if (live) {
		pr_err("kmem_cache_destroy %s: %lu objects remain, cache leaked\n",
		       s->name, live);
		return;
	}
	if (IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE))
		backend_cache_destroy(s);
	if (native_ctor_cache(s))
		nr_native_ctor_caches--;
	list_del(&s->list);
	s->magic = 0;
	__kfree(s, caller);
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags;

	if (!s)
		return;
	flags = heap_lock_irqsave();
	__kmem_cache_destroy(s, _RET_IP_);
	heap_unlock_irqrestore(flags);
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long flags = heap_lock_irqsave();
	int ret = -EINVAL;

	if (kmem_cache_quiesce(s, "kmem_cache_shrink of a destroyed cache",
			       _RET_IP_))
		ret = IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE) ?
			      backend_cache_shrink(s) :
			      0;
	heap_unlock_irqrestore(flags);
	return ret;
}
