// SPDX-License-Identifier: GPL-2.0
/*
 * The slab allocator: caches of equally sized objects on top of the buddy
 * page allocator (mm/buddy.c). The kmalloc backend "buddy+slab".
 *
 * Sources: J. Bonwick, "The Slab Allocator: An Object-Caching Kernel Memory
 * Allocator", USENIX Summer 1994; the shape of Linux's mm/slub.c (slab
 * metadata in struct page, no per-slab header, a "current" slab per cache).
 *
 * Data structures
 *   A slab is a block of 2^order pages from the buddy allocator, cut into
 *   objects of c->size bytes from its first byte. Its metadata lives in the
 *   head page's struct page (PG_slab): slab_cache, freelist (first free
 *   object), inuse and objects. Free objects are linked through themselves:
 *   the word at c->offset of a free object points to the next free object
 *   (offset 0, or just past the object when the cache has a constructor,
 *   so constructed state survives a free). Tail pages of a multi-page slab
 *   are PG_tail and point to the head (compound_head()).
 *
 *   Each cache (struct slab_cache) has one current slab (cpu_slab, on no
 *   list) that allocations pop from, and three lists of the others:
 *   full (inuse == objects), partial (0 < inuse < objects) and empty
 *   (inuse == 0). A slab leaves the full list on its first free; a slab
 *   that becomes empty goes to the empty list, and past SLAB_MAX_EMPTY
 *   empty slabs per cache the oldest is returned to the buddy allocator.
 *   When the current slab runs out it goes on the full list and the first
 *   partial slab (else an empty one, else a new one) becomes current.
 *
 * kmalloc
 *   Sizes up to KMALLOC_MAX_CACHE_SIZE go to the smallest of the kmalloc
 *   size classes that fits, found with one lookup in a byte table indexed
 *   by (size - 1) >> 3. Power-of-two classes are naturally aligned (objects
 *   start at multiples of their size in a page-aligned slab); the others
 *   (24, 48, 96, 192, 384, 768, 1536) exist to cut internal fragmentation.
 *   Larger sizes get 2^order pages straight from the buddy allocator; the
 *   head page is PG_large_kmalloc with private = order, which is how kfree
 *   and ksize find them.
 *
 * Costs: kmalloc and kfree are O(1) on the fast path (a table lookup and a
 * list pop or push; list moves only when a slab changes state). Per-object
 * overhead is the rounding up to the size class; per-slab overhead is the
 * tail that no whole object fits in, and the struct page (shared with every
 * other backend).
 *
 * Bad input to kfree, each reported with kmalloc_report_bad() and refused:
 * a pointer outside mem_map or in a page that is neither a slab nor a large
 * kmalloc ("invalid free"), a pointer that is not at an object boundary
 * ("interior pointer free"), and a double free when the object is the head
 * of its slab's free list (always) or anywhere on it (CONFIG_KMALLOC_POISON:
 * a freed object is filled with POISON_FREE, and an object that is still
 * entirely poisoned is looked up on its slab's free list). With
 * CONFIG_KMALLOC_REDZONE each object is followed by a redzone of
 * REDZONE_BYTES of 0xcc that kfree checks ("redzone overwritten": reported,
 * repaired, and the object is freed).
 *
 * Merging (CONFIG_SLAB_MERGE_DEFAULT, boot parameter "slab_nomerge"), as
 * Linux's mm/slab_common.c: a kmem_cache with no constructor and no debug
 * flags whose stride equals a kmalloc class's or an earlier such cache's
 * gets no struct slab_cache of its own; its kmem_cache's priv points to
 * that cache, whose refcount counts the kmem_caches using it. Objects of
 * all of them share slabs, so the trace replays hold fewer partly used
 * slabs. kmem_cache_destroy() of one of them drops a reference; the last
 * one frees the cache (kmalloc caches are never freed). A free to the
 * wrong cache is still refused unless both caches are the same
 * underlying cache (siblings, or a kmalloc cache and its alias).
 *
 * Locking: everything here runs under heap_lock (mm/kmalloc.c takes it).
 * With CONFIG_SLAB_CPU_CACHE, mm/slab_cpu.c keeps per-CPU arrays of free
 * objects in front of every cache and comes here in batches
 * (slab_alloc_bulk(), slab_free_bulk()); the statistics fold its counts
 * and validate() drains it first.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/kasan.h>
#include <kmlab/errno.h>
#include <kmlab/param.h>
#include <kmlab/slab.h>
#include "buddy.h"
#include "buddy_fast.h"
#include <kmlab/poison.h>
#include "internal.h"
#include "slab_cache.h"
#include "slab_cpu.h"
#include "hardening.h"
#include <kmlab/freeptr.h>
#include <kmlab/random.h>

#define REDZONE_BYTES 8

/* The kmalloc size classes, bytes. */
static const unsigned short kmalloc_sizes[NR_KMALLOC_CACHES] = {
	8,   16,  24,  32,  48,	 64,   96,   128,
	192, 256, 384, 512, 768, 1024, 1536, 2048
};

static const char *const kmalloc_names[NR_KMALLOC_CACHES] = {
	"kmalloc-8",   "kmalloc-16",   "kmalloc-24",   "kmalloc-32",
	"kmalloc-48",  "kmalloc-64",   "kmalloc-96",   "kmalloc-128",
	"kmalloc-192", "kmalloc-256",  "kmalloc-384",  "kmalloc-512",
	"kmalloc-768", "kmalloc-1024", "kmalloc-1536", "kmalloc-2048",
};

struct slab_cache kmalloc_caches[NR_KMALLOC_CACHES];

/* (size - 1) >> 3 -> the kmalloc cache: one load on the fast path. */
struct slab_cache *kmalloc_cache_of[KMALLOC_MAX_CACHE_SIZE >> 3];

/* Every cache without a current slab points here: its free list is empty. */
struct page slab_no_cpu_slab;

/* Where the backend's own struct slab_cache objects come from. */
static struct slab_cache slab_cache_cache;

/* Every cache but the kmalloc ones, for validate and show. */
static LIST_HEAD(slab_caches);

/* Boot parameter: true gives every kmem_cache its own slabs. */
bool slab_nomerge = !IS_ENABLED(CONFIG_SLAB_MERGE_DEFAULT);
kernel_param("slab_nomerge", slab_nomerge, bool,
	     "1: no kmem_cache shares another cache's slabs (buddy+slab)");

/* kmem_cache_create() flags that keep a cache apart (Linux's NEVER_MERGE). */
#define SLAB_NEVER_MERGE (SLAB_POISON | SLAB_RED_ZONE)

static inline struct slab_cache *page_slab_cache(const struct page *page)
{
	return (struct slab_cache *)page->slab_cache;
}

static inline void **free_pointer(const struct slab_cache *c, void *obj)
{
	return (void **)((char *)obj + c->offset);
}

static inline size_t slab_bytes(const struct slab_cache *c)
{
	return PAGE_SIZE << c->order;
}

/*
 * The most objects a slab holds: a slab of an order up to SLAB_MAX_ORDER
 * divided by the smallest stride (slab_cache_init() aligns every stride
 * to ARCH_KMALLOC_MINALIGN); a larger order holds one object. It fits
 * struct page's u16 objects, so no cache needs a clamp, and the
 * shuffle's sequences need no check (walk_slab() checks a struct page).
 */
#define SLAB_MAX_OBJECTS ((PAGE_SIZE << SLAB_MAX_ORDER) / ARCH_KMALLOC_MINALIGN)
BUILD_BUG_ON(SLAB_MAX_OBJECTS > 0xffff);

static inline bool is_kmalloc_cache(const struct slab_cache *c)
{
	return c >= kmalloc_caches && c < kmalloc_caches + NR_KMALLOC_CACHES;
}

static inline bool has_cpu_slab(const struct slab_cache *c)
{
	return c->cpu_slab != &slab_no_cpu_slab;
}

/*
 * Statistics: the fast paths only count c->nr_allocs and c->nr_frees.
 * fold_cache_stats() adds what changed since the last fold to
 * kmalloc_stats (objects, and bytes as object_size each), then the peaks
 * are brought up to date. Called from backend_sync_stats() (every
 * kmalloc_get_stats()) and whenever a cache takes a slab, so the peaks
 * are exact at those points and otherwise lag by less than one slab of
 * objects per cache.
 */
static void fold_cache_stats(struct slab_cache *c)
{
	struct kmalloc_stats *st = &kmalloc_stats;
	unsigned long da, df;

	slab_cpu_fold(c);
	da = c->nr_allocs - c->synced_allocs;
	df = c->nr_frees - c->synced_frees;

	st->nr_allocs += da;
	st->nr_frees += df;
	st->live_bytes += (da - df) * c->object_size;
	c->synced_allocs = c->nr_allocs;
	c->synced_frees = c->nr_frees;
}

/* Debug helpers: poison and redzone. */
static inline bool cache_poisons(const struct slab_cache *c)
{
	return IS_ENABLED(CONFIG_KMALLOC_POISON) && !c->ctor;
}

static inline bool cache_redzones(const struct slab_cache *c)
{
	return IS_ENABLED(CONFIG_KMALLOC_REDZONE);
}

/* First byte of the redzone after @obj, and its length. */
static inline u8 *redzone_start(const struct slab_cache *c, void *obj)
{
	return (u8 *)obj + c->rz_offset;
}

static void poison_object(const struct slab_cache *c, void *obj)
{
	memset(obj, POISON_FREE, c->object_size);
}

/*
 * The bytes of a poisoned object before its poison: the free pointer, at
 * offset 0 in every cache that poisons (only a constructor moves it, and
 * a cache with one does not poison).
 */
#define POISON_SKIP sizeof(void *)

static bool object_is_poisoned(const struct slab_cache *c, void *obj)
{
	return !memchr_inv((u8 *)obj + POISON_SKIP, POISON_FREE,
			   c->object_size - POISON_SKIP);
}

/*
 * @obj was popped off its slab through a free pointer that failed
 * slab_freeptr_valid(): report it and hand out no more of the slab's free
 * list (what it linked to stays allocated, as leaked objects, so that the
 * slab's counts add up). The slab is found again from @obj, so that the
 * fast path need not keep it in a register.
 */
static __noinline void slab_freeptr_forged(void *obj, unsigned long caller)
{
	struct page *page = compound_head(virt_to_page(obj));

	freeptr_report_forged(obj, caller);
	page->freelist = NULL;
	page->inuse = page->objects;
}

#ifdef CONFIG_SLAB_FREELIST_HARDENED
void __noinline slab_kmalloc_forged(void *obj)
{
	slab_freeptr_forged(obj, _RET_IP_);
}
#endif

/*
 * Pop @obj, the head of @page's free list: its stored link, decoded,
 * becomes the head, then is checked (CONFIG_SLAB_FREELIST_HARDENED).
 * Popping before the check leaves no register busy with @page. Return:
 * @obj, from the register the decode swapped it back in, so that the
 * caller needs no copy of it.
 */
static __always_inline void *slab_pop(struct slab_cache *c, struct page *page,
				      void *obj, unsigned long caller)
{
	void *next = freeptr_decode_inplace(
		*(unsigned long *)((char *)obj + c->offset), &obj);

	page->freelist = next;
	page->inuse++;
	if (unlikely(!slab_freeptr_valid(c, obj, next)))
		slab_freeptr_forged(obj, caller);
	return obj;
}

static bool object_on_freelist(const struct page *page,
			       const struct slab_cache *c, void *obj)
{
	unsigned int n = 0;
	void *next;

	for (void *p = page->freelist; p && n < page->objects; n++) {
		if (p == obj)
			return true;
		next = slab_get_freepointer(c, p);
		if (!slab_freeptr_valid(c, p, next))
			break;
		p = next;
	}
	return false;
}

/* Encode the links of a free list built with plain pointers. */
static void encode_freelist(const struct slab_cache *c, struct page *page)
{
	for (void *p = page->freelist, *next; p; p = next) {
		next = *free_pointer(c, p);
		slab_set_freepointer(c, p, next);
	}
}

#ifdef CONFIG_SLAB_FREELIST_RANDOM
/*
 * CONFIG_SLAB_FREELIST_RANDOM, as Linux's SLUB (mm/slub.c,
 * init_cache_random_seq() and shuffle_freelist()): each cache has a
 * random permutation of its objects, stored as their byte offsets in the
 * slab (c->random_seq, SLUB's s->random_seq), drawn the first time the
 * cache sets up a slab; each new slab links its objects in that order from
 * a random start. Setting up a slab costs one random number and, per
 * object, a load and an add more than linking in address order. The
 * sequences live in a static pool keyed by (objects, size), so caches of
 * one layout share one; a layout that no longer fits gets a permutation of
 * its own per slab, drawn in the scratch area. The generator is taus113,
 * seeded from get_random_u64() at the first new slab (random.seed=
 * repeats it).
 */
static struct rnd_state slab_rnd;
static bool slab_rnd_seeded;
static u16 seq_pool[8 * SLAB_MAX_OBJECTS], seq_scratch[SLAB_MAX_OBJECTS];
static unsigned int seq_pool_used;
static struct {
	u16 objects, size;
	u16 *seq;
} seqs[128];
static unsigned int nr_seqs;

void slab_freelist_random_seed(u64 seed)
{
	struct slab_cache *c;

	prandom_seed_state(&slab_rnd, seed);
	slab_rnd_seeded = true;
	nr_seqs = 0;
	seq_pool_used = 0;
	/* Every cache draws its sequence again from the new generator. */
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++)
		kmalloc_caches[i].random_seq = NULL;
	list_for_each_entry(c, &slab_caches, list)
		c->random_seq = NULL;
}

/*
 * A new Fisher-Yates permutation (Knuth's algorithm P) of @n objects of
 * @size bytes in @seq, as byte offsets.
 */
static void random_permutation(u16 *seq, unsigned int n, unsigned int size)
{
	/* A slab of more than one object is at most SLAB_MAX_ORDER's. */
	BUILD_BUG_ON((PAGE_SIZE << SLAB_MAX_ORDER) > 0x10000);
	for (unsigned int i = 0; i < n; i++)
		seq[i] = i * size;
	for (unsigned int i = n - 1; i > 0; i--) {
		unsigned int j = prandom_u32_below(&slab_rnd, i + 1);
		u16 t = seq[i];

		seq[i] = seq[j];
		seq[j] = t;
	}
}

/* @c's sequence: from the pool, drawn on first use; kept in c->random_seq. */
static const u16 *random_seq_of(struct slab_cache *c)
{
	unsigned int n = c->objects, size = c->size;
	u16 *seq;

	if (!slab_rnd_seeded)
		slab_freelist_random_seed(get_random_u64());
	for (unsigned int i = 0; i < nr_seqs; i++)
		if (seqs[i].objects == n && seqs[i].size == size)
			return c->random_seq = seqs[i].seq;
	if (nr_seqs == ARRAY_SIZE(seqs) ||
	    seq_pool_used + n > ARRAY_SIZE(seq_pool)) {
		random_permutation(seq_scratch, n, size);
		return seq_scratch;
	}
	seq = seq_pool + seq_pool_used;
	seq_pool_used += n;
	random_permutation(seq, n, size);
	seqs[nr_seqs].objects = n;
	seqs[nr_seqs].size = size;
	seqs[nr_seqs++].seq = seq;
	return c->random_seq = seq;
}

/*
 * Link the objects at @base + each of the @n offsets at @seq after the
 * free object @prev, each through its free pointer at @offset; return the
 * last one.
 */
static __always_inline char *link_objects(char *prev, char *base,
					  const u16 *seq, unsigned int n,
					  unsigned int offset)
{
	for (const u16 *end = seq + n; seq < end; seq++) {
		char *obj = base + *seq;

		*(unsigned long *)(prev + offset) = freeptr_encode(obj, prev);
		prev = obj;
	}
	return prev;
}

/* Link @page's objects in the order of @c's sequence from a random start. */
static void shuffle_freelist(struct slab_cache *c, struct page *page)
{
	char *base = page_address(page);
	unsigned int n = c->objects, start;
	const u16 *seq;
	char *prev;

	seq = c->random_seq ?: random_seq_of(c);
	start = prandom_u32_below(&slab_rnd, n);
	page->freelist = base + seq[start];
	prev = link_objects(page->freelist, base, seq + start + 1,
			    n - start - 1, c->offset);
	prev = link_objects(prev, base, seq, start, c->offset);
	slab_set_freepointer(c, prev, NULL);
}
#else
static inline void shuffle_freelist(struct slab_cache *c, struct page *page)
{
}
#endif

/*
 * Set up a fresh slab: ctor, poison, redzones, and the free list in
 * address order (CONFIG_SLAB_FREELIST_RANDOM: in a random order).
 */
static struct page *new_slab(struct slab_cache *c)
{
	struct page *page = buddy_alloc_pages(c->order);
	char *base, *obj;
	void **prevp;

	if (unlikely(!page))
		return NULL;
	kstat_pages(1L << c->order);
	page_set_flag(page, PG_slab);
	if (c->order)
		set_compound_tails(page, c->order);
	page->slab_cache = (struct kmem_cache *)c;
	page->inuse = 0;
	page->objects = c->objects;
	base = page_address(page);
	if (!c->ctor && !c->offset && !cache_poisons(c) && !cache_redzones(c)) {
		/* The common case: link each object to the next, in order. */
		char *last = base + (c->objects - 1) * c->size;
		unsigned int size = c->size;

		if (IS_ENABLED(CONFIG_SLAB_FREELIST_RANDOM)) {
			shuffle_freelist(c, page);
			c->nr_slabs++;
			return page;
		}
		for (obj = base; obj < last; obj += size)
			*(unsigned long *)obj = freeptr_encode(obj + size, obj);
		*(unsigned long *)last = freeptr_encode(NULL, last);
		page->freelist = base;
		c->nr_slabs++;
		return page;
	}
	prevp = &page->freelist;
	for (unsigned int i = 0; i < c->objects; i++) {
		obj = base + i * c->size;
		if (c->ctor) {
			/* CONFIG_KASAN: the constructor is the caller's code. */
			kasan_unpoison(obj, c->object_size);
			c->ctor(obj);
			kasan_poison(obj, c->object_size);
		} else if (cache_poisons(c))
			poison_object(c, obj);
		if (cache_redzones(c))
			memset(redzone_start(c, obj), SLUB_RED_ACTIVE,
			       c->size - c->rz_offset);
		*prevp = obj;
		prevp = free_pointer(c, obj);
	}
	*prevp = NULL;
	if (IS_ENABLED(CONFIG_SLAB_FREELIST_RANDOM))
		shuffle_freelist(c, page);
	else if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		encode_freelist(c, page);
	c->nr_slabs++;
	return page;
}

static void discard_slab(struct slab_cache *c, struct page *page)
{
	if (c->order)
		clear_compound_tails(page, c->order);
	page->flags = 1UL << PG_head;
	page->private = c->order;
	page->freelist = NULL;
	page->inuse = page->objects = 0;
	buddy_free_pages(page, c->order, _THIS_IP_);
	kstat_pages(-(1L << c->order));
	c->nr_slabs--;
}

/*
 * The current slab is exhausted (or there is none): retire it to the full
 * list and make the first partial, else empty, else a new slab current.
 */
static struct page *refill_cpu_slab(struct slab_cache *c)
{
	struct page *page = c->cpu_slab;

	fold_cache_stats(c);
	kstat_update_peaks(&kmalloc_stats);
	if (page != &slab_no_cpu_slab) {
		list_add(&page->slab_list, &c->full);
		c->nr_full++;
		c->cpu_slab = &slab_no_cpu_slab;
	}
	if (!list_empty(&c->partial)) {
		page = list_first_entry(&c->partial, struct page, slab_list);
		list_del(&page->slab_list);
		c->nr_partial--;
	} else if (!list_empty(&c->empty)) {
		page = list_first_entry(&c->empty, struct page, slab_list);
		list_del(&page->slab_list);
		c->nr_empty--;
	} else {
		page = new_slab(c);
		if (!page)
			return NULL;
	}
	c->cpu_slab = page;
	return page;
}

static __noinline void *__slab_alloc_slow(struct slab_cache *c,
					  unsigned long caller)
{
	struct page *page = refill_cpu_slab(c);

	if (unlikely(!page))
		return NULL;
	return slab_pop(c, page, page->freelist, caller);
}

/* Debug checks on a freshly popped object: poison intact, fresh redzone. */
static void slab_alloc_debug(struct slab_cache *c, void *obj,
			     unsigned long caller)
{
	if (cache_poisons(c)) {
		check_bytes_and_report("poison overwritten (use after free)",
				       obj, caller, (u8 *)obj + POISON_SKIP,
				       POISON_FREE,
				       c->object_size - POISON_SKIP);
		memset(obj, 0, c->object_size);
	}
}

/**
 * slab_alloc - allocate one object from a cache
 * @c: the cache
 * @caller: return address of the API caller, for reports
 *
 * Fast path: pop the current slab's free list. Return: the object or
 * NULL when the buddy allocator has no pages left.
 */
static __always_inline void *slab_alloc(struct slab_cache *c,
					unsigned long caller)
{
	struct page *page = c->cpu_slab;
	void *obj;

	obj = page->freelist;
	if (likely(obj)) {
		obj = slab_pop(c, page, obj, caller);
	} else {
		obj = __slab_alloc_slow(c, caller);
		if (unlikely(!obj))
			return NULL;
	}
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		slab_alloc_debug(c, obj, caller);
	c->nr_allocs++;
	return obj;
}

#ifdef CONFIG_SLAB_CPU_CACHE
unsigned int slab_alloc_bulk(struct slab_cache *c, void **objs, unsigned int n,
			     unsigned long caller)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		objs[i] = slab_alloc(c, caller);
		if (!objs[i])
			break;
	}
	c->nr_allocs -= i;
	return i;
}
#endif

/* A slab changed state on a free: move it between the lists. */
static void slab_free_transition(struct slab_cache *c, struct page *page)
{
	if (page == c->cpu_slab)
		return;
	if (page->inuse == page->objects - 1) {
		/* It was full. */
		list_del(&page->slab_list);
		c->nr_full--;
		if (page->inuse) {
			list_add(&page->slab_list, &c->partial);
			c->nr_partial++;
			return;
		}
	} else {
		/* It was partial and is now empty. */
		list_del(&page->slab_list);
		c->nr_partial--;
	}
	list_add(&page->slab_list, &c->empty);
	if (++c->nr_empty > SLAB_MAX_EMPTY) {
		struct page *old =
			list_entry(c->empty.prev, struct page, slab_list);

		list_del(&old->slab_list);
		c->nr_empty--;
		discard_slab(c, old);
	}
}

/* Full check of a pointer about to be freed; 0 when it may be freed. */
static int slab_free_debug(struct slab_cache *c, struct page *page, void *obj,
			   unsigned long caller)
{
	if (cache_redzones(c)) {
		u8 *rz = redzone_start(c, obj);
		size_t len = c->size - c->rz_offset;

		check_bytes_and_report("redzone overwritten", obj, caller, rz,
				       SLUB_RED_ACTIVE, len);
	}
	if (cache_poisons(c) && object_is_poisoned(c, obj) &&
	    object_on_freelist(page, c, obj)) {
		kmalloc_report_bad("double free", obj, caller);
		return -EINVAL;
	}
	if (cache_poisons(c))
		poison_object(c, obj);
	return 0;
}

/*
 * Find the slab of @p and check that @p is a live object boundary; @ksize
 * says it is for ksize(), whose freed object is no double free.
 * Return: the slab's head page, ERR_PAGE after a report, or NULL when @p
 * is not in a slab.
 */
static __always_inline struct page *slab_object_page(const void *p, bool ksize,
						     unsigned long caller)
{
	struct page *page;
	struct slab_cache *c;
	unsigned long off;

	if (unlikely(!virt_addr_valid(p)))
		goto invalid;
	page = virt_to_page(p);
	if (unlikely(!PageSlab(page))) {
		page = compound_head(page);
		if (!PageSlab(page))
			return NULL; /* the caller decides: large or invalid */
	}
	c = page_slab_cache(page);
	off = (unsigned long)p - (unsigned long)page_address(page);
	if (unlikely(off % c->size || off >= c->objects * c->size)) {
		kmalloc_report_bad("interior pointer free", p, caller);
		return ERR_PAGE;
	}
	if (unlikely(p == page->freelist)) {
		kmalloc_report_bad(ksize ? "ksize of a free object" :
					   "double free",
				   p, caller);
		return ERR_PAGE;
	}
	return page;
invalid:
	kmalloc_report_bad("invalid free", p, caller);
	return ERR_PAGE;
}

static __always_inline void slab_free(struct slab_cache *c, struct page *page,
				      void *obj, unsigned long caller)
{
	if ((IS_ENABLED(CONFIG_KMALLOC_POISON) ||
	     IS_ENABLED(CONFIG_KMALLOC_REDZONE)) &&
	    slab_free_debug(c, page, obj, caller))
		return;
	slab_set_freepointer(c, obj, page->freelist);
	page->freelist = obj;
	page->inuse--;
	if (unlikely(page->inuse == 0 || page->inuse == page->objects - 1))
		slab_free_transition(c, page);
	c->nr_frees++;
}

#ifdef CONFIG_SLAB_CPU_CACHE
void slab_free_bulk(struct slab_cache *c, void **objs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		slab_free(c, compound_head(virt_to_page(objs[i])), objs[i],
			  _RET_IP_);
	c->nr_frees -= n;
}
#endif

/*
 * The free paths of kfree_slow() and kmem_cache_free() without debug
 * options: slab_free_fast() (the cache checked in one compare), tail
 * pages of multi-page slabs included, a free into the current slab
 * (on no list whatever it holds: a one-object slab going empty and full
 * again, as names_cache-like 4 KiB objects do in the build trace) and the
 * first free into a full slab, which only moves the slab from the full
 * to the partial list. Through slab_object_page() and
 * slab_free_transition() such frees cost 94 to 99 instructions. Return: true when freed; false for everything the
 * full path must see (a slab becoming empty, bad input, another cache).
 */
static __always_inline bool slab_free_quick(const void *p,
					    struct slab_cache *owner)
{
	unsigned long idx = ((unsigned long)p >> PAGE_SHIFT) - mem_map_base_pfn;
	unsigned long off = (unsigned long)p & ~PAGE_MASK;
	struct slab_cache *c;
	struct page *page;

	if (IS_ENABLED(CONFIG_KMALLOC_POISON) ||
	    IS_ENABLED(CONFIG_KMALLOC_REDZONE) || unlikely(idx >= mem_map_nr))
		return false;
	page = &mem_map[idx];
	if (unlikely(PageTail(page))) {
		struct page *head = compound_head(page);

		off += (unsigned long)(page - head) << PAGE_SHIFT;
		page = head;
	}
	if (unlikely(!PageSlab(page)))
		return false;
	if (likely(slab_free_fast(page, off, p, owner)))
		return true;
	c = page_slab_cache(page);
	if ((owner && c != owner) || p == page->freelist ||
	    off >= c->slab_used || (u32)(off * c->div_magic) >= c->div_magic)
		return false;
	/* A full slab of more than one object only moves to the partial list. */
	if (page->freelist || page->inuse < 2)
		return false;
	slab_set_freepointer(c, (void *)p, NULL);
	page->freelist = (void *)p;
	page->inuse--;
	c->nr_frees++;
	list_move(&page->slab_list, &c->partial);
	c->nr_full--;
	c->nr_partial++;
	return true;
}

/* --- The backend contract (mm/internal.h) ----------------------------- */

void *backend_kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	if (likely(size <= KMALLOC_MAX_CACHE_SIZE))
		return slab_alloc(kmalloc_cache_of[(size - 1) >> 3], caller);
	return buddy_kmalloc_large(size);
}

int backend_kfree(const void *p, unsigned long caller)
{
	struct page *page;
	size_t size;

	if (likely(slab_free_quick(p, NULL)))
		return 0;
	page = slab_object_page(p, false, caller);
	if (likely(page && page != ERR_PAGE)) {
		slab_free(page_slab_cache(page), page, (void *)p, caller);
		return 0;
	}
	if (page == ERR_PAGE)
		return -EINVAL;
	return buddy_kfree_large(p, caller, false, &size);
}

size_t backend_ksize(const void *p, unsigned long caller)
{
	struct page *page = slab_object_page(p, true, caller);
	size_t size = 0;

	if (page && page != ERR_PAGE) {
		if (unlikely(slab_cpu_holds(page_slab_cache(page), p))) {
			kmalloc_report_bad("ksize of a free object", p, caller);
			return 0;
		}
		return page_slab_cache(page)->object_size;
	}
	if (page == ERR_PAGE)
		return 0;
	if (buddy_kfree_large(p, caller, true, &size))
		return 0;
	return size;
}

/* ksize() is the size class's: nothing moves. */
void backend_shrink(const void *p, size_t new_size)
{
}

/*
 * Choose the slab order: the smallest order up to SLAB_MAX_ORDER that
 * wastes at most 1/8 of the slab, else the least wasteful one; objects
 * too large for that get a slab of exactly one object.
 */
static unsigned int calculate_order(unsigned int size)
{
	unsigned int best = 0, best_waste = ~0u;

	if (size > (PAGE_SIZE << SLAB_MAX_ORDER))
		return get_order(size);
	for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
		unsigned int bytes = PAGE_SIZE << order;
		unsigned int waste;

		if (bytes < size)
			continue;
		waste = bytes % size;
		if (waste * 8 <= bytes)
			return order;
		/* Compare waste as a fraction of the slab. */
		if ((unsigned long long)waste * (PAGE_SIZE << SLAB_MAX_ORDER) /
			    bytes <
		    best_waste) {
			best_waste = (unsigned long long)waste *
				     (PAGE_SIZE << SLAB_MAX_ORDER) / bytes;
			best = order;
		}
	}
	return best;
}

/*
 * Lay out a cache: @object_size usable bytes per object, @align bytes.
 * Return: 0, or -EINVAL when the object cannot fit a slab.
 */
static int slab_cache_init(struct slab_cache *c, const char *name,
			   unsigned int object_size, unsigned int align,
			   void (*ctor)(void *), struct kmem_cache *owner)
{
	unsigned int size = ALIGN(object_size, sizeof(void *));

	memset(c, 0, sizeof(*c));
	slab_cpu_init(c);
	c->name = name;
	c->object_size = object_size;
	c->ctor = ctor;
	c->owner = owner;
	c->offset = 0;
	if (ctor) {
		/* Keep the free pointer out of constructed state. */
		c->offset = size;
		size += sizeof(void *);
	}
	c->rz_offset = size;
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		size += REDZONE_BYTES;
	if (align < ARCH_KMALLOC_MINALIGN)
		align = ARCH_KMALLOC_MINALIGN;
	c->size = ALIGN(size, align);
	c->order = calculate_order(c->size);
	if (c->order >= MAX_ORDER)
		return -EINVAL;
	c->objects = slab_bytes(c) / c->size; /* <= SLAB_MAX_OBJECTS */
	/* ceil(2^32 / size), for the fast path's divisibility test. */
	c->div_magic = 0xffffffffu / c->size + 1;
	c->slab_used = c->objects * c->size;
#ifdef CONFIG_SLAB_FREELIST_HARDENED
	c->slab_mask = ~(slab_bytes(c) - 1);
#endif
	c->cpu_slab = &slab_no_cpu_slab;
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	INIT_LIST_HEAD(&c->empty);
	return 0;
}

int kmalloc_backend_init(void)
{
	unsigned int i, cls = 0;

	buddy_init();
	for (i = 0; i < NR_KMALLOC_CACHES; i++) {
		unsigned int size = kmalloc_sizes[i];
		/* Power-of-two sizes are naturally aligned. */
		unsigned int align =
			(size & (size - 1)) ? ARCH_KMALLOC_MINALIGN : size;

		if (slab_cache_init(&kmalloc_caches[i], kmalloc_names[i], size,
				    align, NULL, NULL))
			return -EINVAL;
		kmalloc_caches[i].mergeable = true;
	}
	for (i = 0; i < ARRAY_SIZE(kmalloc_cache_of); i++) {
		while ((i + 1) * 8 > kmalloc_sizes[cls])
			cls++;
		kmalloc_cache_of[i] = &kmalloc_caches[cls];
	}
	slab_cache_init(&slab_cache_cache, "slab_cache",
			sizeof(struct slab_cache), ARCH_KMALLOC_MINALIGN, NULL,
			NULL);
	list_add_tail(&slab_cache_cache.list, &slab_caches);
	return 0;
}

/* --- Native kmem_cache ------------------------------------------------ */

bool slab_merge_allowed(slab_flags_t flags, void (*ctor)(void *), bool nomerge)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON) ||
	    IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		return false;
	return !nomerge && !ctor && !(flags & SLAB_NEVER_MERGE);
}

/* Linux's rule: big enough, less than a pointer to spare, aligned. */
static bool merge_fits(const struct slab_cache *c, unsigned int size,
		       unsigned int align)
{
	return c->mergeable && c->size >= size &&
	       c->size - size < sizeof(void *) && !(c->size & (align - 1));
}

struct slab_cache *slab_find_mergeable(unsigned int size, unsigned int align,
				       slab_flags_t flags, void (*ctor)(void *),
				       bool nomerge)
{
	struct slab_cache *c, *found = NULL;

	if (!slab_merge_allowed(flags, ctor, nomerge))
		return NULL;
	if (align < ARCH_KMALLOC_MINALIGN)
		align = ARCH_KMALLOC_MINALIGN;
	size = ALIGN(ALIGN(size, ARCH_KMALLOC_MINALIGN), align);
	if (size <= KMALLOC_MAX_CACHE_SIZE) {
		c = kmalloc_cache_of[(size - 1) >> 3];
		if (merge_fits(c, size, align))
			return c;
	}
	/* The newest fitting one, as Linux walks its list backwards. */
	list_for_each_entry(c, &slab_caches, list)
		if (merge_fits(c, size, align))
			found = c;
	return found;
}

static void backend_cache_free_meta(struct slab_cache *c)
{
	slab_free(&slab_cache_cache, virt_to_page(c), c, _RET_IP_);
}

int backend_cache_create(struct kmem_cache *s)
{
	struct slab_cache *c = slab_find_mergeable(s->size, s->align, s->flags,
						   s->ctor, slab_nomerge);

	if (c) {
		c->refcount++;
		s->priv = c;
		return 0;
	}
	c = slab_alloc(&slab_cache_cache, _RET_IP_);
	if (!c)
		return -ENOMEM;
	/* The struct slab_cache is the backend's metadata, not a user object. */
	if (slab_cache_init(c, s->name, s->size, s->align, s->ctor, s)) {
		backend_cache_free_meta(c);
		return -EINVAL;
	}
	c->refcount = 1;
	c->mergeable = slab_merge_allowed(s->flags, s->ctor, false);
	list_add_tail(&c->list, &slab_caches);
	s->priv = c;
	return 0;
}

void *backend_cache_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	return slab_alloc(s->priv, caller);
}

/* kmem_cache_free() of anything slab_free_fast() does not take. */
static __noinline int cache_free_slow(struct kmem_cache *s, const void *p,
				      unsigned long caller)
{
	struct page *page = slab_object_page(p, false, caller);

	if (unlikely(!page || page == ERR_PAGE)) {
		/* Not in a slab: a large kmalloc is still the wrong cache. */
		if (!page)
			kmalloc_report_bad(PageLargeKmalloc(compound_head(
						   virt_to_page(p))) ?
						   "free to the wrong cache" :
						   "invalid free",
					   p, caller);
		return -EINVAL;
	}
	if (unlikely(page_slab_cache(page) != s->priv)) {
		kmalloc_report_bad("free to the wrong cache", p, caller);
		return -EINVAL;
	}
	slab_free(s->priv, page, (void *)p, caller);
	return 0;
}

int backend_cache_free(struct kmem_cache *s, const void *p,
		       unsigned long caller)
{
	if (likely(slab_free_quick(p, s->priv)))
		return 0;
	return cache_free_slow(s, p, caller);
}

/*
 * kfree() of a cache object may take the inline fast path, which never
 * sees the kmem_cache: count from the slab cache's own counters. A cache
 * shared by several kmem_caches (aliases, without slab_nomerge) cannot
 * tell whose objects are whose, so, as in Linux, only the last of them
 * is checked, and an alias of a kmalloc cache (never destroyed) never.
 */
unsigned long backend_cache_live(struct kmem_cache *s)
{
	struct slab_cache *c = s->priv;

	if (is_kmalloc_cache(c) || c->refcount > 1)
		return 0;
	slab_cpu_fold(c);
	return c->nr_allocs - c->nr_frees;
}

/*
 * Drain every CPU's array of @c, then give the empty slabs, the current
 * one included, back to the buddy allocator (the empty list is short:
 * slab_free_transition() keeps at most SLAB_MAX_EMPTY). As Linux's
 * __kmem_cache_shrink(). Return: 0 if @c has no slab left, 1 if some
 * hold objects. Context: heap_lock held.
 */
static int shrink_cache(struct slab_cache *c)
{
	struct page *page, *n;

	slab_cpu_drain(c);
	if (has_cpu_slab(c) && !c->cpu_slab->inuse) {
		discard_slab(c, c->cpu_slab);
		c->cpu_slab = &slab_no_cpu_slab;
	}
	list_for_each_entry_safe(page, n, &c->empty, slab_list) {
		list_del(&page->slab_list);
		discard_slab(c, page);
	}
	c->nr_empty = 0;
	return c->nr_slabs != 0;
}

int backend_cache_shrink(struct kmem_cache *s)
{
	return shrink_cache(s->priv);
}

void backend_cache_destroy(struct kmem_cache *s)
{
	struct slab_cache *c = s->priv;
	struct page *page, *n;

	s->priv = NULL;
	if (is_kmalloc_cache(c)) {
		c->refcount--; /* an alias: kmalloc caches stay */
		return;
	}
	if (--c->refcount) {
		/*
		 * Aliases remain: keep the slabs. The creator's name need
		 * not outlive it; slabinfo's stride column tells them apart.
		 */
		if (c->owner == s) {
			c->name = ":merged";
			c->owner = NULL;
		}
		return;
	}
	shrink_cache(c);
	if (has_cpu_slab(c))
		discard_slab(c, c->cpu_slab);
	list_for_each_entry_safe(page, n, &c->partial, slab_list)
		discard_slab(c, page);
	list_for_each_entry_safe(page, n, &c->full, slab_list)
		discard_slab(c, page);
	list_del(&c->list);
	fold_cache_stats(c);
	backend_cache_free_meta(c);
}

/* --- Introspection: validate, show, tests ----------------------------- */

struct slab_cache *slab_kmalloc_cache(size_t size)
{
	return kmalloc_cache_of[(size - 1) >> 3];
}

static unsigned int slab_state(const struct page *page)
{
	return page->inuse == 0 ? 2 : page->inuse == page->objects ? 0 : 1;
}

void slab_count_states(const struct slab_cache *c, unsigned int *full,
		       unsigned int *partial, unsigned int *empty)
{
	unsigned int n[3] = { 0, 0, 0 };
	const struct list_head *lists[3] = { &c->full, &c->partial, &c->empty };
	struct page *page;

	for (int i = 0; i < 3; i++)
		list_for_each_entry(page, lists[i], slab_list)
			n[slab_state(page)]++;
	if (has_cpu_slab(c))
		n[slab_state(c->cpu_slab)]++;
	*full = n[0];
	*partial = n[1];
	*empty = n[2];
}

#define bad(fmt, ...) \
	(errors +=    \
	 kmalloc_validate_fail("slab %s: " fmt, c->name, ##__VA_ARGS__))

static int validate_slab(const struct slab_cache *c, struct page *page,
			 int want_state)
{
	unsigned long pfn = page_to_pfn(page);
	char *base = page_address(page);
	unsigned int nfree = 0;
	int errors = 0;

	if (!PageSlab(page) || page_slab_cache(page) != c) {
		bad("pfn %#lx: flags %#lx, cache %p", pfn, page->flags,
		    page->slab_cache);
		return errors;
	}
	if (page->objects != c->objects || page->inuse > page->objects)
		bad("pfn %#lx: inuse %u objects %u", pfn, page->inuse,
		    page->objects);
	if (want_state >= 0 && slab_state(page) != want_state)
		bad("pfn %#lx: inuse %u/%u on the wrong list", pfn, page->inuse,
		    page->objects);
	for (char *p = page->freelist; p; p = slab_get_freepointer(c, p)) {
		unsigned long off = p - base;

		if (off >= c->objects * c->size || off % c->size) {
			bad("pfn %#lx: free pointer %p not an object", pfn, p);
			break;
		}
		if (++nfree > page->objects) {
			bad("pfn %#lx: free list loops", pfn);
			break;
		}
		if (cache_poisons(c) && !object_is_poisoned(c, p))
			bad("pfn %#lx: free object %p poison overwritten", pfn,
			    p);
	}
	if (nfree + page->inuse != page->objects)
		bad("pfn %#lx: %u free + %u in use != %u objects", pfn, nfree,
		    page->inuse, page->objects);
	if (cache_redzones(c)) {
		for (unsigned int i = 0; i < c->objects; i++) {
			char *obj = base + i * c->size;

			if (memchr_inv(redzone_start(c, obj), SLUB_RED_ACTIVE,
				       c->size - c->rz_offset))
				bad("object %p: redzone overwritten", obj);
		}
	}
	return errors;
}

static int validate_list(const struct slab_cache *c,
			 const struct list_head *head, unsigned int nr,
			 int state, unsigned long *nr_pages)
{
	struct page *page;
	unsigned int n = 0;
	int errors = 0;

	list_for_each_entry(page, head, slab_list) {
		if (++n > mem_map_nr) {
			bad("list loops");
			break;
		}
		errors += validate_slab(c, page, state);
		*nr_pages += 1UL << c->order;
	}
	if (n != nr)
		bad("%u slabs listed, count %u (state %d)", n, nr, state);
	return errors;
}

static int validate_cache(const struct slab_cache *c, unsigned long *nr_pages)
{
	int errors = 0;

	errors += validate_list(c, &c->full, c->nr_full, 0, nr_pages);
	errors += validate_list(c, &c->partial, c->nr_partial, 1, nr_pages);
	errors += validate_list(c, &c->empty, c->nr_empty, 2, nr_pages);
	if (has_cpu_slab(c)) {
		errors += validate_slab(c, c->cpu_slab, -1);
		*nr_pages += 1UL << c->order;
	}
	if (c->nr_empty > SLAB_MAX_EMPTY)
		bad("%u empty slabs kept, limit %u", c->nr_empty,
		    SLAB_MAX_EMPTY);
	if (c->nr_slabs !=
	    c->nr_full + c->nr_partial + c->nr_empty + has_cpu_slab(c))
		bad("nr_slabs %u does not match the lists", c->nr_slabs);
	/* A kmem_cache's own cache lives while a kmem_cache uses it. */
	if (c != &slab_cache_cache && !is_kmalloc_cache(c) && !c->refcount)
		bad("no kmem_cache refers to it");
	if (c->refcount > 1 && !c->mergeable)
		bad("%u references to a cache that may not merge", c->refcount);
	return errors;
}

/* Empty every CPU's array of every cache. Context: heap_lock held. */
static unsigned int drain_all_caches(void)
{
	struct slab_cache *c;
	unsigned int n = 0;

	if (!IS_ENABLED(CONFIG_SLAB_CPU_CACHE))
		return 0;
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++)
		n += slab_cpu_drain(&kmalloc_caches[i]);
	list_for_each_entry(c, &slab_caches, list)
		n += slab_cpu_drain(c);
	return n;
}

unsigned int kmem_cache_drain_cpus(void)
{
	unsigned long flags = heap_lock_irqsave();
	unsigned int n = drain_all_caches();

	heap_unlock_irqrestore(flags);
	return n;
}

int backend_validate(void)
{
	unsigned long slab_pages = 0, mapped = 0, large = 0;
	const struct slab_cache *c;
	int errors = 0;

	/* Objects in per-CPU arrays are in use for their slabs: drain. */
	drain_all_caches();

	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++)
		errors += validate_cache(&kmalloc_caches[i], &slab_pages);
	list_for_each_entry(c, &slab_caches, list)
		errors += validate_cache(c, &slab_pages);
	for (unsigned long i = 0; i < mem_map_nr; i++) {
		const struct page *page = &mem_map[i];

		if (PageSlab(page))
			mapped += 1UL << page_slab_cache(page)->order;
		else if (PageLargeKmalloc(page))
			large += 1UL << page->private;
	}
	c = &kmalloc_caches[0];
	if (mapped != slab_pages)
		bad("%lu pages in PG_slab slabs, %lu on cache lists", mapped,
		    slab_pages);
	if (kmalloc_stats.pages_held < slab_pages + large)
		bad("pages_held %lu < %lu slab + %lu large kmalloc pages",
		    kmalloc_stats.pages_held, slab_pages, large);
	return errors + buddy_validate();
}

static void show_cache(const struct slab_cache *c)
{
	unsigned int full, partial, empty;

	slab_count_states(c, &full, &partial, &empty);
	pr_info("%-18s %6u %6u %5u %5u %6u %7u %5u %4u\n", c->name,
		c->object_size, c->size, c->objects, c->order, full, partial,
		empty, c->refcount);
}

void backend_show(void)
{
	const struct slab_cache *c;

	pr_info("slabinfo: buddy+slab\n");
	pr_info("%-18s %6s %6s %5s %5s %6s %7s %5s %4s\n", "# name", "objsz",
		"stride", "objs", "order", "full", "partial", "empty", "refs");
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++)
		show_cache(&kmalloc_caches[i]);
	list_for_each_entry(c, &slab_caches, list)
		show_cache(c);
	buddy_show();
}

void backend_sync_stats(struct kmalloc_stats *st)
{
	struct slab_cache *c;

	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++)
		fold_cache_stats(&kmalloc_caches[i]);
	list_for_each_entry(c, &slab_caches, list)
		fold_cache_stats(c);
	buddy_sync_stats();
	kstat_update_peaks(&kmalloc_stats);
}

const struct backend_info backend_info = {
	.name = "buddy+slab",
	.detects = KMALLOC_DETECTS_OWNED,
	.header_bytes = 0,
	.reuses_memory = true,
};

/*
 * One slab for buddy_walk(): each object is free (on the slab's free
 * list, its whole stride) or live (its object_size bytes; the rest of the
 * stride is metadata when it holds the free pointer or a redzone, else
 * held), then the tail no object fits in (held). A free pointer that
 * leaves the slab ends the free list there. Return: the slab's pages.
 */
static unsigned long walk_slab(struct page *page, kmalloc_walk_fn fn, void *arg)
{
	struct slab_cache *c = page_slab_cache(page);
	unsigned long base = (unsigned long)page_address(page);
	u32 is_free[SLAB_MAX_OBJECTS / 32] = { 0 };
	/* Only a damaged struct page has more (validate() reports it). */
	bool bitmap = page->objects <= SLAB_MAX_OBJECTS;
	enum kmalloc_range rest = KMALLOC_RANGE_HELD;
	unsigned int n = 0;
	void *next;

	if (c->offset >= c->object_size || cache_redzones(c))
		rest = KMALLOC_RANGE_METADATA;
	for (void *p = page->freelist; bitmap && p && n++ < page->objects;
	     p = next) {
		unsigned long off = (unsigned long)p - base;

		if (off >= page->objects * c->size || off % c->size)
			break;
		is_free[off / c->size / 32] |= 1u << (off / c->size % 32);
		next = slab_get_freepointer(c, p);
		if (!slab_freeptr_valid(c, p, next))
			break;
	}
	for (unsigned int i = 0; i < page->objects; i++) {
		unsigned long obj = base + i * c->size;

		if (bitmap ? is_free[i / 32] & (1u << (i % 32)) :
			     object_on_freelist(page, c, (void *)obj)) {
			fn(obj, obj + c->size, KMALLOC_RANGE_FREE, arg);
			continue;
		}
		fn(obj, obj + c->object_size, KMALLOC_RANGE_LIVE, arg);
		walk_report(fn, arg, obj + c->object_size, obj + c->size, rest);
	}
	walk_report(fn, arg, base + page->objects * c->size,
		    base + slab_bytes(c), KMALLOC_RANGE_HELD);
	return 1UL << c->order;
}

void backend_walk(kmalloc_walk_fn fn, void *arg)
{
	buddy_walk(fn, arg, walk_slab);
}
