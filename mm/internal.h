/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The backend core contract: what every heap backend implements.
 *
 * Exactly one backend is compiled in (Kconfig choice "Heap allocator"), so
 * mm/kmalloc.c calls these functions directly: no function pointers, and
 * the hot path is kmalloc() -> backend_kmalloc(), kfree() -> backend_kfree().
 * mm/kmalloc.c does everything generic once: size 0, NULL and ZERO_SIZE_PTR,
 * sizes above KMALLOC_MAX_SIZE, __GFP_ZERO, the out-of-memory line,
 * overflow checks, krealloc, kstrdup, kmem_cache emulation, the failed
 * allocation count, CONFIG_KMALLOC_CHECK_EVERY_OP.
 *
 * A backend:
 *  - takes every region of memblock_usable in kmalloc_backend_init(), which
 *    runs after mem_map is carved (so the regions already exclude it);
 *  - gets sizes 1 .. KMALLOC_MAX_SIZE only (never 0, never larger), and
 *    must not overflow when adding its overheads to them;
 *  - returns objects aligned to ARCH_KMALLOC_MINALIGN and, for power-of-two
 *    sizes up to PAGE_SIZE, naturally aligned;
 *  - gets pointers other than NULL/ZERO_SIZE_PTR in backend_kfree() and
 *    backend_ksize(); anything it cannot vouch for it reports with
 *    kmalloc_report_bad() and refuses (returns -EINVAL), never crashing and
 *    never damaging its structures;
 *  - keeps kmalloc_stats up to date with the kstat_*() helpers below
 *    (live objects and bytes count usable bytes, as ksize() returns them;
 *    page blocks count as one object of PAGE_SIZE << order bytes);
 *  - describes itself in backend_info (name, what kfree detects, header
 *    bytes), which tests and Documentation/mm/allocators.rst rely on.
 *
 * Locking (CONFIG_SMP): every backend_*() function below runs with
 * heap_lock held, taken by mm/kmalloc.c and mm/page_alloc.c around each
 * API call, so a backend needs no lock of its own: one lock per heap, as
 * Linux's SLOB had slob_lock (Documentation/core-api/smp.rst, "The heap
 * lock"). Without CONFIG_SMP the lock compiles to nothing.
 */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/gfp.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/spinlock.h>

/* --- What a backend's kfree can detect (backend_info.detects) --------- */
#define KMALLOC_DETECTS_DOUBLE_FREE 0x01u /* kfree(p) twice */
#define KMALLOC_DETECTS_FOREIGN 0x02u /* a pointer never handed out */
#define KMALLOC_DETECTS_INTERIOR 0x04u /* a pointer inside an object */
#define KMALLOC_DETECTS_BAD_HEADER 0x08u /* header before p overwritten */
#define KMALLOC_DETECTS_OVERFLOW 0x10u /* write past the end (redzone) */
#define KMALLOC_DETECTS_WRONG_CACHE 0x20u /* kmem_cache_free to another */
/* Overflows are caught only where CONFIG_KMALLOC_REDZONE adds redzones. */
#define KMALLOC_DETECTS_REDZONE_OVERFLOW \
	(IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? KMALLOC_DETECTS_OVERFLOW : 0)
/*
 * What a backend that knows every object it handed out catches, header
 * or not: bump and buddy+slab as they are, the boundary-tag backends with
 * KMALLOC_DETECTS_BAD_HEADER added.
 */
#define KMALLOC_DETECTS_OWNED                                     \
	(KMALLOC_DETECTS_DOUBLE_FREE | KMALLOC_DETECTS_FOREIGN |  \
	 KMALLOC_DETECTS_WRONG_CACHE | KMALLOC_DETECTS_INTERIOR | \
	 KMALLOC_DETECTS_REDZONE_OVERFLOW)

/**
 * struct backend_info - static description of the compiled-in backend
 * @name: short name: "bump", "firstfit", "buddy+slab", "slob", "tlsf"
 * @detects: KMALLOC_DETECTS_* bits for the current configuration
 * @header_bytes: bytes of metadata immediately before every kmalloc object
 *                that a header-corruption test may overwrite (and must
 *                restore), 0 when objects have no header
 * @reuses_memory: false when kfree never makes memory available again
 *                 (bump): tests that rely on reuse skip
 */
struct backend_info {
	const char *name;
	unsigned int detects;
	unsigned int header_bytes;
	bool reuses_memory;
};

/* Each backend defines this, const. */
extern const struct backend_info backend_info;

/* --- The core: every backend implements all of these ------------------ */

/**
 * kmalloc_backend_init - take over memblock_usable
 *
 * Called once by mm_init() after mem_map is carved. Context: boot.
 * Return: 0, or a negative errno (mm_init() then panics: no heap).
 */
int kmalloc_backend_init(void);

/**
 * backend_kmalloc - allocate @size bytes
 * @size: bytes, 1 .. KMALLOC_MAX_SIZE
 * @gfp: GFP flags (the backend may ignore __GFP_ZERO: kmalloc.c zeroes)
 * @caller: return address of the kmalloc() caller, for reports
 * Return: the object, or NULL when out of memory (no message: kmalloc.c
 * prints it and counts the failure).
 */
void *backend_kmalloc(size_t size, gfp_t gfp, unsigned long caller);

/**
 * backend_kmalloc_minalign - allocate @size bytes, 8-byte aligned only
 * @size: bytes, 1 .. KMALLOC_MAX_SIZE
 * @gfp: as backend_kmalloc()
 * @caller: as backend_kmalloc()
 *
 * As backend_kmalloc(), without the natural alignment of power-of-two
 * sizes: the block is ARCH_KMALLOC_MINALIGN aligned, freed with
 * backend_kfree(). Defined by the backends that select
 * CONFIG_HAVE_KMALLOC_MINALIGN; mm/kmalloc.c's kmem_cache emulation uses
 * it for caches aligned to ARCH_KMALLOC_MINALIGN, whose object sits after
 * an owner tag anyway. Context: as backend_kmalloc().
 * Return: the block, or NULL when out of memory (no message).
 */
void *backend_kmalloc_minalign(size_t size, gfp_t gfp, unsigned long caller);

/**
 * backend_kfree - free an object
 * @p: not NULL, not ZERO_SIZE_PTR, otherwise anything
 * @caller: return address of the kfree() caller, for reports
 * Return: 0 when freed, -EINVAL after kmalloc_report_bad() when @p was not
 * a live object this backend can free (the object and heap are untouched).
 * One exception: an overwritten redzone is reported, repaired, and the
 * object freed (0), as Linux's SLUB does.
 */
int backend_kfree(const void *p, unsigned long caller);

/**
 * backend_ksize - usable size of a live object
 * @p: not NULL, not ZERO_SIZE_PTR
 * @caller: return address of the caller of ksize() (or krealloc()), for
 *          reports
 * Return: bytes usable at @p; 0 (after kmalloc_report_bad()) when @p is not
 * a live object as far as the backend can tell.
 */
size_t backend_ksize(const void *p, unsigned long caller);

/**
 * backend_shrink - a live object keeps only its first @new_size bytes
 * @p: a live object (backend_ksize() has just vouched for it)
 * @new_size: bytes, 1 .. backend_ksize(@p)
 *
 * krealloc() shrinking in place calls it. A backend whose ksize() returns
 * the requested size exactly (CONFIG_KMALLOC_REDZONE on bump and
 * first-fit) records @new_size, moves the red zone to right after it and
 * updates live_bytes, as SLUB debug and KASAN do; the others do nothing.
 */
void backend_shrink(const void *p, size_t new_size);

/**
 * backend_alloc_pages - allocate 2^@order contiguous pages
 * @gfp: GFP flags
 * @order: 0 .. MAX_ORDER - 1
 *
 * The block is page aligned; its first struct page is marked so that
 * backend_free_pages() can check @order (PG_head + private, or PG_buddy
 * bookkeeping for buddy). Return: the address or NULL (no message).
 */
void *backend_alloc_pages(gfp_t gfp, unsigned int order);

/**
 * backend_free_pages - free a block from backend_alloc_pages()
 * @addr: the block's address (not NULL)
 * @order: the order it was allocated with
 * @caller: return address of the caller, for reports
 * Return: 0, or -EINVAL after kmalloc_report_bad() (wrong order, not a page
 * block, already free).
 */
int backend_free_pages(void *addr, unsigned int order, unsigned long caller);

/**
 * backend_validate - check every invariant of the backend's structures
 *
 * Each violation is printed by kmalloc_validate_fail(). Context: any.
 * Return: the number of violations (0 when consistent).
 */
int backend_validate(void);

/**
 * backend_show - print the backend's state as a table (kmalloc_show())
 */
void backend_show(void);

/**
 * backend_free_space - how the backend's free memory is split up
 * @largest: out: bytes in the largest free block (the largest request,
 *           headers ignored, that could be served without taking pages
 *           the backend does not hold yet)
 * @total: out: bytes in all free blocks together (free pages of a buddy
 *         allocator, free list bytes of first-fit/SLOB, the untouched
 *         tails for bump)
 *
 * For make compare's external fragmentation figure (lib/kbench/metrics.c
 * and the kmalloc suite call it). Every backend implements it: there is
 * no fallback, a kernel without it does not link. Context: any; reads
 * only. Return: 0, or a negative errno when the backend cannot tell (the
 * figure is then printed as null).
 */
int backend_free_space(unsigned long *largest, unsigned long *total);

/**
 * backend_sync_stats - bring statistics the backend keeps lazily up to date
 * @st: kmalloc_stats, about to be copied out by kmalloc_get_stats()
 *
 * For example bump derives pages_held from its cursor here instead of on
 * every allocation. May do nothing.
 */
void backend_sync_stats(struct kmalloc_stats *st);

/**
 * backend_in_free_block - does @p lie in memory this backend has freed?
 * @p: any address
 *
 * For the kmem_cache emulation, which names a kmem_cache_free() of an
 * object freed already a double free: every backend without
 * CONFIG_HAVE_NATIVE_KMEM_CACHE implements it (mm/kmalloc.c calls it only
 * then, under IS_ENABLED()). Reads only, reports nothing.
 * Context: bad input only (may walk a region). Return: true when it does.
 */
bool backend_in_free_block(const void *p);

/**
 * enum kmalloc_range - what a range that backend_walk() reports is
 * @KMALLOC_RANGE_LIVE: an object or page block handed out and not freed,
 *                      as many bytes as ksize() (a page block: all of it)
 * @KMALLOC_RANGE_FREE: memory the backend can hand out again: a free
 *                      block's payload, a free slab object or SLOB unit,
 *                      a free buddy block, bump's untouched middle, an
 *                      arena held back until the heap is full
 * @KMALLOC_RANGE_METADATA: the backend's own bytes inside the heap:
 *                          headers, footers, fences, bump's metadata
 *                          words, redzones
 * @KMALLOC_RANGE_HELD: held, but neither live, free nor metadata: bump's
 *                      freed and padding blocks (never reused), a slab's
 *                      tail that no object fits in, the rest of an
 *                      object's stride, memory too short to be an arena
 */
enum kmalloc_range {
	KMALLOC_RANGE_LIVE,
	KMALLOC_RANGE_FREE,
	KMALLOC_RANGE_METADATA,
	KMALLOC_RANGE_HELD,
};

/**
 * typedef kmalloc_walk_fn - backend_walk()'s callback, once per range
 * @start: first byte of the range
 * @end: first byte past it (> @start)
 * @kind: what the bytes are
 * @arg: backend_walk()'s @arg
 *
 * Context: inside backend_walk(), heap_lock held: must not allocate.
 */
typedef void (*kmalloc_walk_fn)(unsigned long start, unsigned long end,
				enum kmalloc_range kind, void *arg);

/**
 * backend_walk - report what every byte of the heap is, in address order
 * @fn: called once per range, ranges in ascending address order, none
 *      empty, none overlapping
 * @arg: passed to @fn
 *
 * The ranges tile memblock_usable exactly (and, for the backends on
 * mm/buddy.c with CONFIG_HIGHMEM, the highmem pages after it); adjacent
 * ranges may have the same kind. What a backend cannot trust (a header
 * that fails its check) is reported as held up to the end of its arena
 * or page, without reading further. Every backend implements it, at the
 * end of its file (Python's Heap.heap_map(), the walk suite). Reads only.
 * Context: heap_lock held (or no other CPU running).
 */
void backend_walk(kmalloc_walk_fn fn, void *arg);

/**
 * walk_report - call a backend_walk() callback for a range unless empty
 * @fn: backend_walk()'s @fn
 * @arg: backend_walk()'s @arg
 * @start: first byte
 * @end: first byte past the range (nothing is reported when <= @start)
 * @kind: what the bytes are
 */
static inline void walk_report(kmalloc_walk_fn fn, void *arg,
			       unsigned long start, unsigned long end,
			       enum kmalloc_range kind)
{
	if (start < end)
		fn(start, end, kind, arg);
}

/* --- Optional native kmem_cache (CONFIG_HAVE_NATIVE_KMEM_CACHE) -------- */

/**
 * struct kmem_cache - a cache of equally sized objects
 * @name: from kmem_cache_create()
 * @object_size: bytes the user asked for
 * @size: bytes per object after alignment; for the generic emulation
 *        the block it allocates, the lead with the owner tag included
 *        (mm/kmalloc.c)
 * @align: alignment, bytes (>= ARCH_KMALLOC_MINALIGN)
 * @flags: slab_flags_t from kmem_cache_create()
 * @ctor: constructor or NULL
 * @live: objects allocated from this cache and not freed (with
 *        kmem_cache_free() or kfree(): the emulation and SLOB find the
 *        owner of a kfree()d object; buddy+slab counts its own, see
 *        backend_cache_live())
 * @list: link on the list of all caches (kmalloc_show())
 * @priv: the native backend's own cache structure, or NULL
 * @magic: KMEM_CACHE_MAGIC while the cache is live; kmem_cache_destroy()
 *         clears it before freeing the structure (so an owner tag's cache
 *         is checked in O(1) on every kfree())
 */
struct kmem_cache {
	const char *name;
	size_t object_size;
	size_t size;
	size_t align;
	slab_flags_t flags;
	void (*ctor)(void *);
	unsigned long live;
	struct list_head list;
	void *priv;
	unsigned long magic;
};

#define KMEM_CACHE_MAGIC 0x5ca1ab1eUL

/*
 * A backend with native caches (CONFIG_HAVE_NATIVE_KMEM_CACHE) implements
 * these, the others need not (mm/kmalloc.c calls them only under
 * IS_ENABLED(), so the calls are compiled out); mm/kmalloc.c fills in the
 * generic fields of @s (size and align already computed) and keeps the
 * list of caches and @s->live. The constructor is the backend's to call.
 */
/* Return: 0, or -ENOMEM (creation fails, kmem_cache_create() returns NULL). */
int backend_cache_create(struct kmem_cache *s);
/* Return: the object or NULL (no message). */
void *backend_cache_alloc(struct kmem_cache *s, gfp_t gfp,
			  unsigned long caller);
/* Return: 0, or -EINVAL after kmalloc_report_bad(). */
int backend_cache_free(struct kmem_cache *s, const void *p,
		       unsigned long caller);
/*
 * Return: objects of @s allocated and not freed, whether with
 * kmem_cache_free() or kfree(); kmem_cache_destroy() refuses while it is
 * not 0. A backend that sees @s on every free returns @s->live.
 */
unsigned long backend_cache_live(struct kmem_cache *s);
/* Called when backend_cache_live() is 0; releases what the cache holds. */
void backend_cache_destroy(struct kmem_cache *s);
/*
 * kmem_cache_shrink(): release what @s holds and no object uses.
 * Return: 0 if @s holds no memory any more, 1 if some remains.
 */
int backend_cache_shrink(struct kmem_cache *s);

/* --- The heap lock ------------------------------------------------------ */

/*
 * heap_lock: the one lock of the heap (mm/kmalloc.c defines it). It
 * covers the backend's structures, kmalloc_stats, the list of kmem_caches
 * and every count mm/kmalloc.c and mm/page_alloc.c keep. It is taken with
 * interrupts off, so an inter-processor call may allocate.
 */
extern spinlock_t heap_lock;

/**
 * heap_lock_irqsave - disable interrupts and take heap_lock (CONFIG_SMP)
 *
 * Without CONFIG_SMP it does nothing at all, not even disable interrupts:
 * the uniprocessor kernel runs the instructions it ran before locks
 * existed (no allocation happens in an interrupt handler there).
 * Context: any; not with heap_lock held (no nesting). Return: the saved
 * EFLAGS, for heap_unlock_irqrestore().
 */
static __always_inline unsigned long heap_lock_irqsave(void)
{
	unsigned long flags = 0;

	if (IS_ENABLED(CONFIG_SMP))
		spin_lock_irqsave(&heap_lock, flags);
	return flags;
}

/**
 * heap_unlock_irqrestore - release heap_lock and restore interrupts
 * @flags: what heap_lock_irqsave() returned
 *
 * Context: heap_lock held by this CPU (CONFIG_SMP).
 */
static __always_inline void heap_unlock_irqrestore(unsigned long flags)
{
	if (IS_ENABLED(CONFIG_SMP))
		spin_unlock_irqrestore(&heap_lock, flags);
}

/* --- Reporting and statistics helpers for backends -------------------- */

/**
 * kmalloc_report_bad - report bad input, in the one greppable format
 * @what: "double free", "invalid free", "interior pointer free",
 *        "corrupted header", "redzone overwritten", "bad page free" ...
 * @p: the pointer passed in
 * @caller: return address of the API caller (0 if unknown)
 *
 * Prints "kmalloc: <what> of 0x%08lx (caller %pS)" at KERN_ERR and counts
 * it in kmalloc_stats.bad_input. Context: any. Never fails.
 */
void kmalloc_report_bad(const char *what, const void *p, unsigned long caller);

/*
 * While non-zero, kmalloc_report_bad() neither prints nor counts:
 * mm/kmalloc.c asks the backend the size of an object it is about to
 * free (CONFIG_KASAN) without reporting a bad pointer twice.
 */
extern unsigned int kmalloc_report_quiet;

/**
 * kmalloc_validate_fail - print one validate() violation
 * @fmt: printf format, without trailing newline
 *
 * Prints "kmalloc: validate: <message>". Return: 1, so backends can write
 * errors += kmalloc_validate_fail(...).
 */
__printf(1, 2) int kmalloc_validate_fail(const char *fmt, ...);

/**
 * kmalloc_validating_op - is this validate() the walk after one operation?
 *
 * True while CONFIG_KMALLOC_CHECK_EVERY_OP's walk after a kmalloc, kfree
 * or kmem_cache operation runs backend_validate(). That walk checks every
 * block's structure, tags and redzones, but not the poison of every free
 * byte, which would make each operation O(bytes of free memory): a
 * backend skips such scans when this is true. Poison is still checked when
 * the memory is handed out again (as Linux checks a free page's poison
 * when it allocates it) and by kmalloc_validate(). Context: any; written
 * only by mm/kmalloc.c.
 */
extern bool kmalloc_validating_op;

/**
 * check_bytes_and_report - check a poison or redzone fill, report and repair
 * @what: the report's words: "redzone overwritten", "write after free" ...
 * @obj: the object the report names; NULL names the first byte that differs
 * @caller: return address of the API caller (0 if unknown)
 * @start: first byte of the fill
 * @value: what every byte holds while intact (<kmlab/poison.h>)
 * @bytes: length of the fill, bytes (0 is intact)
 *
 * As Linux's SLUB check_bytes_and_report(): when a byte differs, one
 * kmalloc_report_bad() line, then the fill is restored from the first
 * differing byte on, so the next check of it passes. Context: any.
 * Return: true when intact, false after a report.
 */
bool check_bytes_and_report(const char *what, const void *obj,
			    unsigned long caller, void *start, u8 value,
			    size_t bytes);

/*
 * The live statistics. Backends update them with the helpers below, or
 * keep cheaper counts of their own that backend_sync_stats() folds in
 * (bump: derived from its cursors, peaks brought up to date before each
 * free; buddy+slab: per-cache counters).
 */
extern struct kmalloc_stats kmalloc_stats;

/**
 * kstat_update_peaks - raise the live peaks to the current live figures
 * @st: the statistics (&kmalloc_stats)
 *
 * peak_live_bytes to live_bytes and peak_live_objects to nr_allocs -
 * nr_frees, where those are higher. For backends that fold counts of
 * their own into @st (backend_sync_stats()) and for kstat_alloc().
 * Context: any.
 */
static __always_inline void kstat_update_peaks(struct kmalloc_stats *st)
{
	unsigned long live = st->nr_allocs - st->nr_frees;

	if (st->live_bytes > st->peak_live_bytes)
		st->peak_live_bytes = st->live_bytes;
	if (live > st->peak_live_objects)
		st->peak_live_objects = live;
}

/*
 * An allocation of @bytes usable bytes succeeded. live_objects is kept as
 * nr_allocs - nr_frees (kmalloc_get_stats() fills it in), so the hot path
 * touches only counters it must.
 */
static __always_inline void kstat_alloc(size_t bytes)
{
	struct kmalloc_stats *st = &kmalloc_stats;

	st->nr_allocs++;
	st->live_bytes += bytes;
	kstat_update_peaks(st);
}

/* A free of an object with @bytes usable bytes succeeded. */
static __always_inline void kstat_free(size_t bytes)
{
	kmalloc_stats.nr_frees++;
	kmalloc_stats.live_bytes -= bytes;
}

/*
 * pages_held with CONFIG_SMP: the order-0 lists of mm/page_pcp.c change
 * it without heap_lock, so every update is atomic, and so is the peak's.
 */
static __always_inline void kstat_pages_atomic(struct kmalloc_stats *st,
					       long delta)
{
	unsigned long held =
		__atomic_add_fetch(&st->pages_held, delta, __ATOMIC_RELAXED);
	unsigned long peak =
		__atomic_load_n(&st->peak_pages_held, __ATOMIC_RELAXED);

	while (held > peak && !__atomic_compare_exchange_n(
				      &st->peak_pages_held, &peak, held, true,
				      __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

/* The backend took (@delta > 0) or gave back (@delta < 0) pages. */
static __always_inline void kstat_pages(long delta)
{
	struct kmalloc_stats *st = &kmalloc_stats;

	if (IS_ENABLED(CONFIG_SMP)) {
		kstat_pages_atomic(st, delta);
		return;
	}
	st->pages_held += delta;
	if (__builtin_constant_p(delta) && delta < 0)
		return; /* no new peak */
	if (st->pages_held > st->peak_pages_held)
		st->peak_pages_held = st->pages_held;
}

/**
 * kstat_sync_used_bytes - pages_held and its peak from the bytes in blocks
 * @st: the statistics (backend_sync_stats()'s argument)
 * @used: bytes the backend's allocated blocks take now, headers included
 * @peak: in/out: the most @used has been since the last call (the
 *        backend raises it on every allocation); set to @used
 *
 * For backends that carve objects and page blocks out of one pool
 * (first-fit, TLSF): pages held is that pool's use in pages, rounded up.
 * Context: any.
 */
static inline void kstat_sync_used_bytes(struct kmalloc_stats *st, size_t used,
					 size_t *peak)
{
	st->pages_held = DIV_ROUND_UP(used, PAGE_SIZE);
	st->peak_pages_held =
		max(st->peak_pages_held,
		    (unsigned long)DIV_ROUND_UP(*peak, PAGE_SIZE));
	*peak = used; /* the peak since the last sync */
}

/* Bytes and pages of an order, for page blocks. */
static inline size_t order_to_bytes(unsigned int order)
{
	return PAGE_SIZE << order;
}

/*
 * How many times fewer operations a test's loops do when
 * CONFIG_KMALLOC_CHECK_EVERY_OP validates the whole heap after each one.
 */
#define KMALLOC_CHECK_OPS_DIV 50

/**
 * KMALLOC_TEST_OPS - the operation count of a test loop in this config
 * @n: the count without CONFIG_KMALLOC_CHECK_EVERY_OP (a constant)
 *
 * CONFIG_KMALLOC_CHECK_EVERY_OP makes every operation a walk of the whole
 * heap (O(blocks) or O(pages), O(bytes) with poisoning), so a stress loop
 * of @n operations would take minutes where it takes a second. Linux's
 * tests cut their loops the same way under slow debug options. The loop
 * still meets the same code, and every one of its operations is checked.
 *
 * Return: @n, or @n / KMALLOC_CHECK_OPS_DIV (at least 1) with
 * CONFIG_KMALLOC_CHECK_EVERY_OP. Context: a constant expression.
 */
#define KMALLOC_TEST_OPS(n)                           \
	(IS_ENABLED(CONFIG_KMALLOC_CHECK_EVERY_OP) ?  \
		 ((n) / KMALLOC_CHECK_OPS_DIV ?: 1) : \
		 (n))

/**
 * kmalloc_stats_now - the statistics as a value, for tests
 *
 * Return: what kmalloc_get_stats() fills in, right now. Context: any.
 */
static inline struct kmalloc_stats kmalloc_stats_now(void)
{
	struct kmalloc_stats st;

	kmalloc_get_stats(&st);
	return st;
}

#endif /* _MM_INTERNAL_H */
