// SPDX-License-Identifier: GPL-2.0
/*
 * bump: the simplest heap. A cursor moves forward through each usable
 * memblock region; kfree() records the free in the statistics but the
 * memory is never used again.
 *
 * Layout. Objects carry no header. Each region is filled from both ends:
 * blocks from its start upwards, one metadata word per block from its end
 * downwards (musl mallocng's idea: metadata away from user memory, so a
 * write past an object cannot damage it):
 *
 *	| obj 0 | obj 1 | pad | obj 3 ... cur ->   free   <- meta | m3 m2 m1 m0 |
 *
 * Metadata word k (struct bump_meta, at end - 4 * (k + 1)) holds the
 * address of block k, a multiple of 8, or'ed with BUMP_M_FREED (freed),
 * BUMP_M_PAD (an alignment gap, never handed out) or BUMP_M_PAGES (a page
 * block from alloc_pages). Blocks tile the region: block k ends where
 * block k + 1 starts (the last one at the cursor), so no size is stored:
 * ksize() is the distance to the next block's address. With
 * CONFIG_KMALLOC_REDZONE each word is followed by the requested size,
 * which ksize() then returns, and 8 to 15 bytes of 0xcc follow each
 * object.
 *
 * Costs. kmalloc of 1 .. PAGE_SIZE bytes is inline in the caller
 * (<kmlab/bump.h>): a cursor bump, an end check against the metadata
 * cursor, one store. A power-of-two size the cursor is not aligned to,
 * larger sizes and a full region come here (bump_carve(): a padding
 * block first when needed; then first fit over every region's free
 * middle). kfree and ksize find the block by binary search over the
 * region's metadata words (sorted by address because the cursor only
 * moves forward): O(log n); first they try the words next to the one the
 * last lookup found and the newest word, which makes frees in allocation
 * order, in reverse order and right after the allocation O(1). Statistics cost nothing per allocation:
 * objects = metadata words - padding blocks, live bytes = bytes below the
 * cursors - bytes in padding, freed and (redzone) red-zone space; frees
 * and peaks are brought up to date at each kfree. Overhead: 4 bytes of
 * metadata per object (8 with redzones) plus rounding to 8; power-of-two
 * objects of one size pack with no gaps.
 *
 * Nothing is ever reused, so a long-running workload runs out of memory;
 * bump is a baseline for speed and a tool for finding use-after-free (with
 * CONFIG_KMALLOC_POISON freed objects keep their 0x6b poison forever and
 * validate() checks it).
 *
 * Detects: double free (BUMP_M_FREED), pointers outside what was handed
 * out (range check), interior pointers (the search lands inside a block),
 * use after free (poison), writes past the end (CONFIG_KMALLOC_REDZONE).
 * There is no header to overwrite.
 */
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include <kmlab/poison.h>
#include "internal.h"

/* CONFIG_KMALLOC_REDZONE: 0xcc from the requested size to 8 bytes past it. */
#define RZ_BYTES (IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 8u : 0u)

#define BUMP_M_FREED 0x1u
#define BUMP_M_PAD 0x2u
#define BUMP_M_PAGES 0x4u
#define BUMP_M_FLAGS 0x7u

/**
 * struct bump_meta - the metadata of one block
 * @addr: the block's address | BUMP_M_* flags
 * @req: with CONFIG_KMALLOC_REDZONE one word, the requested size, what
 *       ksize() returns (req_of()); otherwise none, and the word stays 4
 *       bytes
 */
struct bump_meta {
	u32 addr;
	u32 req[IS_ENABLED(CONFIG_KMALLOC_REDZONE)];
};

/* The requested size of word @m's object; CONFIG_KMALLOC_REDZONE only. */
static inline u32 req_of(const struct bump_meta *m)
{
	return m->req[0];
}

static inline void set_req(struct bump_meta *m, u32 req)
{
	m->req[0] = req;
}

struct bump_region {
	unsigned long start, end; /* bytes, [start, end); end is 8-aligned */
	unsigned long cur; /* next free byte for blocks */
	unsigned long meta; /* lowest metadata word; end when empty */
};

static struct bump_region regions[MEMBLOCK_MAX_REGIONS];
static unsigned int nr_regions;

/* The region kmalloc tries first; its cursors live in bump_cursor/bump_meta. */
static struct bump_region *current_region;
unsigned long bump_cursor, bump_meta;

/* Counters kept off the fast path (the statistics derive from them). */
static unsigned long hidden_bytes; /* below the cursors but not live */
static unsigned long nr_pads; /* padding blocks */

const struct backend_info backend_info = {
	.name = "bump",
	.detects = KMALLOC_DETECTS_OWNED,
	.header_bytes = 0,
	.reuses_memory = false,
};

/* Copy the current region's cursors back into its struct. */
static inline void save_current(void)
{
	current_region->cur = bump_cursor;
	current_region->meta = bump_meta;
}

static inline void make_current(struct bump_region *r)
{
	current_region = r;
	bump_cursor = r->cur;
	bump_meta = r->meta;
}

static void sum_others(void);

/*
 * The word of the last block lookup() or kfree() found, and its region: a
 * free in allocation order wants the word below it (the next block), one
 * in reverse order the word above it. Starts at the first region's end.
 */
static struct bump_meta *hint;
static struct bump_region *hint_region;

int kmalloc_backend_init(void)
{
	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *mr = &memblock_usable.regions[i];
		struct bump_region *r = &regions[nr_regions];

		r->start = ALIGN(mr->base, PAGE_SIZE);
		r->end = (mr->base + mr->size) & ~7UL;
		if (r->end <= r->start + PAGE_SIZE)
			continue;
		r->cur = r->start;
		r->meta = r->end;
		nr_regions++;
	}
	if (!nr_regions)
		return -ENOMEM;
	make_current(&regions[0]);
	sum_others();
	hint_region = &regions[0];
	hint = (struct bump_meta *)regions[0].end;
	return 0;
}

static inline unsigned long meta_addr(const struct bump_meta *m)
{
	return m->addr & ~BUMP_M_FLAGS;
}

/* Blocks in region @r (its cursors saved). */
static inline unsigned long nr_blocks(const struct bump_region *r)
{
	return (r->end - r->meta) / sizeof(struct bump_meta);
}

/* Where the block of metadata word @m of region @r ends. */
static inline unsigned long block_end(const struct bump_region *r,
				      const struct bump_meta *m)
{
	return m == (struct bump_meta *)r->meta ? r->cur : meta_addr(m - 1);
}

/* Bytes ksize() reports for the live object of word @m. */
static inline size_t usable(const struct bump_region *r,
			    const struct bump_meta *m)
{
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE) && !(m->addr & BUMP_M_PAGES))
		return req_of(m);
	return block_end(r, m) - meta_addr(m);
}

/*
 * Bytes below the cursors and blocks of every region but the current one,
 * which only change when another region becomes current (sum_others()).
 */
static unsigned long other_bytes, other_blocks;

static void sum_others(void)
{
	other_bytes = other_blocks = 0;
	for (unsigned int i = 0; i < nr_regions; i++) {
		if (&regions[i] == current_region)
			continue;
		other_bytes += regions[i].cur - regions[i].start;
		other_blocks += nr_blocks(&regions[i]);
	}
}

/*
 * Derive the live statistics from the cursors and bring the peaks up to
 * date. Live memory only falls at a free, so calling this before every
 * free and whenever the statistics are read keeps the peaks exact.
 */
static void bump_update_stats(void)
{
	struct kmalloc_stats *st = &kmalloc_stats;
	unsigned long bytes, blocks;

	bytes = other_bytes + (bump_cursor - current_region->start);
	blocks = other_blocks +
		 (current_region->end - bump_meta) / sizeof(struct bump_meta);
	st->nr_allocs = blocks - nr_pads;
	st->live_bytes = bytes - hidden_bytes;
	kstat_update_peaks(st);
}

/* Append the word for a block at @addr | @flags to region @r. */
static inline struct bump_meta *push_meta(struct bump_region *r,
					  unsigned long addr, u32 flags)
{
	struct bump_meta *m = (struct bump_meta *)r->meta - 1;

	m->addr = addr | flags;
	r->meta = (unsigned long)m;
	return m;
}

/*
 * Carve a block of @bytes at @align from region @r (cursors saved), a
 * padding block in front of it when the cursor is not aligned. Return:
 * its metadata word, or NULL when it does not fit.
 */
static struct bump_meta *bump_carve(struct bump_region *r, size_t bytes,
				    unsigned long align, u32 flags)
{
	unsigned long p = ALIGN(r->cur, align);
	unsigned long words = p != r->cur ? 2 : 1;
	unsigned long meta = r->meta - words * sizeof(struct bump_meta);
	struct bump_meta *m;

	if (p < r->cur || meta > r->meta || p > meta || meta - p < bytes)
		return NULL;
	if (p != r->cur) {
		push_meta(r, r->cur, BUMP_M_PAD);
		hidden_bytes += p - r->cur;
		nr_pads++;
	}
	m = push_meta(r, p, flags);
	r->cur = p + bytes;
	return m;
}

/* Carve from the current region, else first fit over every region. */
static struct bump_meta *bump_alloc_block(size_t bytes, unsigned long align,
					  u32 flags)
{
	struct bump_meta *m;

	save_current();
	m = bump_carve(current_region, bytes, align, flags);
	if (likely(m))
		goto out;
	for (unsigned int i = 0; i < nr_regions; i++) {
		m = bump_carve(&regions[i], bytes, align, flags);
		if (m) {
			current_region = &regions[i];
			sum_others();
			break;
		}
	}
out:
	make_current(current_region);
	return m;
}

/* Alignment of an object: natural for power-of-two sizes up to a page. */
static inline unsigned long bump_align(size_t size)
{
	if (size & (size - 1) || size > PAGE_SIZE || size < 8)
		return 8;
	return size;
}

void *backend_kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	size_t bytes = ALIGN(size, 8) + RZ_BYTES;
	struct bump_meta *m;
	unsigned long p;

	if (bytes < size)
		return NULL;
	m = bump_alloc_block(bytes, bump_align(size), 0);
	if (!m)
		return NULL;
	p = meta_addr(m);
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE)) {
		set_req(m, size);
		hidden_bytes += bytes - size;
		memset((void *)(p + size), SLUB_RED_ACTIVE, bytes - size);
	}
	return (void *)p;
}

static struct bump_region *region_of(unsigned long p)
{
	save_current();
	for (unsigned int i = 0; i < nr_regions; i++)
		if (p - regions[i].start < regions[i].cur - regions[i].start)
			return &regions[i];
	return NULL;
}

/*
 * The metadata word of the block of region @r that contains @p (which is
 * below the region's cursor): binary search over the words, whose
 * addresses fall as the words' own addresses rise.
 */
static struct bump_meta *find_block(const struct bump_region *r,
				    unsigned long p)
{
	struct bump_meta *a = (struct bump_meta *)r->meta;
	unsigned long n = nr_blocks(r);

	/* The first word (lowest index) whose block starts at or below @p. */
	while (n) {
		unsigned long half = n / 2;

		if (meta_addr(&a[half]) > p) {
			a += half + 1;
			n -= half + 1;
		} else {
			n = half;
		}
	}
	return a;
}

/*
 * kfree()'s O(1) path: the word of the live object at @a if it is one of
 * those a churn frees next - a neighbour of the hint in region @r or the
 * newest word of the current region (a free right after the allocation).
 * A word equal to @a has no flags: a live object, not padding, freed or
 * pages. Reads only words between a region's metadata cursor and its end
 * (cursors saved). Return: the word, its region in *@rp, or NULL.
 */
static __always_inline struct bump_meta *find_hinted(unsigned long a,
						     struct bump_region **rp)
{
	struct bump_region *r = hint_region;
	struct bump_meta *h = hint;

	*rp = r;
	if ((unsigned long)(h - 1) >= r->meta && h[-1].addr == a)
		return h - 1;
	if ((unsigned long)(h + 1) < r->end && h[1].addr == a)
		return h + 1;
	*rp = current_region;
	if (bump_meta != current_region->end &&
	    ((struct bump_meta *)bump_meta)->addr == a)
		return (struct bump_meta *)bump_meta;
	return NULL;
}

/*
 * Look @p up: its region and word. Reports and returns NULL when @p is
 * not the start of a block of kind @want (0: object, BUMP_M_PAGES); @ksize
 * says the lookup is for ksize(), whose freed object is no double free.
 * O(log n): find_block().
 */
static struct bump_meta *lookup(const void *p, u32 want, bool ksize,
				unsigned long caller, struct bump_region **rp)
{
	unsigned long a = (unsigned long)p;
	struct bump_region *r = region_of(a);
	struct bump_meta *m;

	if (!r || (a & 7)) {
		kmalloc_report_bad("invalid free", p, caller);
		return NULL;
	}
	m = find_block(r, a);
	if (meta_addr(m) != a || (m->addr & BUMP_M_PAD))
		kmalloc_report_bad("interior pointer free", p, caller);
	else if (m->addr & BUMP_M_FREED)
		kmalloc_report_bad(ksize ? "ksize of a free object" :
					   "double free",
				   p, caller);
	else if ((m->addr & BUMP_M_PAGES) != want)
		kmalloc_report_bad(want ? "free_pages of a kmalloc object" :
					  "invalid free", /* a page block */
				   p, caller);
	else {
		*rp = r;
		hint = m;
		hint_region = r;
		return m;
	}
	return NULL;
}

bool backend_in_free_block(const void *p)
{
	struct bump_region *r = region_of((unsigned long)p);
	struct bump_meta *m;

	if (!r)
		return false;
	m = find_block(r, (unsigned long)p);
	return (m->addr & BUMP_M_FREED) && !(m->addr & BUMP_M_PAD);
}

static void poison(void *p, size_t bytes)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		memset(p, POISON_FREE, bytes);
}

/* Mark word @m of region @r freed: statistics, peaks, poison. */
static __always_inline void bump_free_block(struct bump_region *r,
					    struct bump_meta *m)
{
	unsigned long a = meta_addr(m), bytes = block_end(r, m) - a;

	bump_update_stats();
	m->addr |= BUMP_M_FREED;
	hidden_bytes += usable(r, m);
	kmalloc_stats.nr_frees++;
	kmalloc_stats.live_bytes -= usable(r, m);
	poison((void *)a, bytes);
}

/* CONFIG_KMALLOC_REDZONE: the red zone of word @m's object, and its length. */
static inline char *redzone_of(const struct bump_region *r,
			       const struct bump_meta *m, size_t *len)
{
	*len = block_end(r, m) - meta_addr(m) - req_of(m);
	return (char *)meta_addr(m) + req_of(m);
}

static bool redzone_intact(const struct bump_region *r,
			   const struct bump_meta *m)
{
	size_t len;
	char *rz = redzone_of(r, m, &len);

	return !memchr_inv(rz, SLUB_RED_ACTIVE, len);
}

/*
 * Frees in allocation order, in reverse order or right after the
 * allocation find their word in O(1) (find_hinted()), others in O(log n)
 * (lookup()).
 */
int backend_kfree(const void *p, unsigned long caller)
{
	struct bump_region *r;
	struct bump_meta *m;

	save_current();
	m = find_hinted((unsigned long)p, &r);
	if (unlikely(!m)) {
		m = lookup(p, 0, false, caller, &r);
		if (!m)
			return -EINVAL;
	}
	hint = m;
	hint_region = r;
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE)) {
		size_t len;
		char *rz = redzone_of(r, m, &len);

		/* Reported and repaired; the object is still freed. */
		check_bytes_and_report("redzone overwritten", p, caller, rz,
				       SLUB_RED_ACTIVE, len);
	}
	bump_free_block(r, m);
	return 0;
}

size_t backend_ksize(const void *p, unsigned long caller)
{
	struct bump_region *r;
	struct bump_meta *m = lookup(p, 0, true, caller, &r);

	return m ? usable(r, m) : 0;
}

void backend_shrink(const void *p, size_t new_size)
{
	struct bump_region *r;
	struct bump_meta *m;
	size_t len;
	char *rz;

	if (!IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		return;
	m = lookup(p, 0, true, 0, &r);
	if (!m)
		return;
	/* Live bytes fall: bring the peaks up to date first. */
	bump_update_stats();
	hidden_bytes += req_of(m) - new_size;
	set_req(m, new_size);
	rz = redzone_of(r, m, &len);
	memset(rz, SLUB_RED_ACTIVE, len);
}

void *backend_alloc_pages(gfp_t gfp, unsigned int order)
{
	struct bump_meta *m;
	struct page *page;
	void *p;

	m = bump_alloc_block(PAGE_SIZE << order, PAGE_SIZE, BUMP_M_PAGES);
	if (!m)
		return NULL;
	p = (void *)meta_addr(m);
	page = virt_to_page(p);
	page_set_flag(page, PG_head);
	page->private = order;
	return p;
}

int backend_free_pages(void *addr, unsigned int order, unsigned long caller)
{
	struct page *page = virt_to_page(addr);
	struct bump_region *r;
	struct bump_meta *m = lookup(addr, BUMP_M_PAGES, false, caller, &r);

	if (!m)
		return -EINVAL;
	if (!PageHead(page) || page->private != order ||
	    block_end(r, m) - meta_addr(m) != PAGE_SIZE << order) {
		kmalloc_report_bad("wrong order page free", addr, caller);
		return -EINVAL;
	}
	page_clear_flag(page, PG_head);
	bump_free_block(r, m);
	return 0;
}

int backend_free_space(unsigned long *largest, unsigned long *total)
{
	save_current();
	*largest = *total = 0;
	for (unsigned int i = 0; i < nr_regions; i++) {
		unsigned long gap = regions[i].meta - regions[i].cur;

		*largest = max(*largest, gap);
		*total += gap;
	}
	return 0;
}

void backend_sync_stats(struct kmalloc_stats *st)
{
	unsigned long pages = 0;

	bump_update_stats();
	save_current();
	for (unsigned int i = 0; i < nr_regions; i++)
		pages += PFN_UP(regions[i].cur - regions[i].start) +
			 PFN_UP(regions[i].end - regions[i].meta);
	/* Monotonic: the cursors never move back. */
	st->pages_held = pages;
	st->peak_pages_held = max(st->peak_pages_held, pages);
}

/* Check region @r's words and blocks; count what is live. */
static int validate_region(unsigned int i, unsigned long *live,
			   unsigned long *live_bytes, unsigned long *pads)
{
	struct bump_region *r = &regions[i];
	struct bump_meta *m, *top = (struct bump_meta *)r->end;
	unsigned long expect = r->start;
	int errors = 0;

	if (r->cur < r->start || r->cur > r->meta || r->meta > r->end ||
	    (r->cur & 7) || ((r->end - r->meta) % sizeof(*m)))
		return kmalloc_validate_fail(
			"region %u: cursors %#lx, %#lx outside [%#lx, %#lx)", i,
			r->cur, r->meta, r->start, r->end);
	for (m = top - 1; m >= (struct bump_meta *)r->meta; m--) {
		unsigned long a = meta_addr(m), end = block_end(r, m);
		u32 f = m->addr & BUMP_M_FLAGS;

		if (a != expect || end <= a || end > r->cur ||
		    (f & BUMP_M_PAD && f != BUMP_M_PAD)) {
			errors += kmalloc_validate_fail(
				"region %u: block word %#lx at %#lx says %#x, expected %#lx",
				i, (unsigned long)(top - 1 - m),
				(unsigned long)m, m->addr, expect);
			break;
		}
		expect = end;
		if (f == BUMP_M_PAD) {
			(*pads)++;
			continue;
		}
		if (f & BUMP_M_FREED) {
			if (IS_ENABLED(CONFIG_KMALLOC_POISON) &&
			    !kmalloc_validating_op &&
			    memchr_inv((void *)a, POISON_FREE, end - a))
				errors += kmalloc_validate_fail(
					"freed object %#lx written after free (poison)",
					a);
			continue;
		}
		(*live)++;
		*live_bytes += usable(r, m);
		if (f & BUMP_M_PAGES) {
			if (!PageHead(virt_to_page((void *)a)))
				errors += kmalloc_validate_fail(
					"page block %#lx: struct page not PG_head",
					a);
			continue;
		}
		if (IS_ENABLED(CONFIG_KMALLOC_REDZONE) &&
		    (req_of(m) > end - a || !redzone_intact(r, m)))
			errors += kmalloc_validate_fail(
				"object %#lx: redzone overwritten", a);
	}
	return errors;
}

int backend_validate(void)
{
	unsigned long live_bytes = 0, live = 0, pads = 0;
	struct kmalloc_stats *st = &kmalloc_stats;
	int errors = 0;

	save_current();
	for (unsigned int i = 0; i < nr_regions; i++)
		errors += validate_region(i, &live, &live_bytes, &pads);
	if (errors)
		return errors;
	bump_update_stats();
	if (pads != nr_pads || live != st->nr_allocs - st->nr_frees ||
	    live_bytes != st->live_bytes)
		errors += kmalloc_validate_fail(
			"heap holds %lu objects / %lu bytes (%lu pads), statistics say %lu / %lu (%lu)",
			live, live_bytes, pads, st->nr_allocs - st->nr_frees,
			st->live_bytes, nr_pads);
	return errors;
}

void backend_show(void)
{
	save_current();
	pr_info("# bump region  start      end        cursor     meta       blocks  free KiB\n");
	for (unsigned int i = 0; i < nr_regions; i++) {
		struct bump_region *r = &regions[i];

		pr_info("bump %2u        %#010lx %#010lx %#010lx %#010lx %7lu %9lu%s\n",
			i, r->start, r->end, r->cur, r->meta, nr_blocks(r),
			(r->meta - r->cur) >> 10,
			r == current_region ? "  <- current" : "");
	}
}

/*
 * Each region in address order: its blocks (live objects; freed and
 * padding blocks, never reused, are held), the untouched middle (free)
 * and the metadata words at its end. A memblock region too short to be
 * a bump region is held.
 */
void backend_walk(kmalloc_walk_fn fn, void *arg)
{
	unsigned int j = 0;

	save_current();
	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *mr = &memblock_usable.regions[i];
		unsigned long at = mr->base, stop = mr->base + mr->size;
		struct bump_region *r = j < nr_regions ? &regions[j] : NULL;

		if (r && r->start >= at && r->end <= stop) {
			struct bump_meta *m, *top = (struct bump_meta *)r->end;

			walk_report(fn, arg, at, r->start, KMALLOC_RANGE_HELD);
			for (m = top - 1; m >= (struct bump_meta *)r->meta;
			     m--) {
				unsigned long a = meta_addr(m);
				unsigned long end = block_end(r, m);

				if (m->addr & (BUMP_M_PAD | BUMP_M_FREED)) {
					walk_report(fn, arg, a, end,
						    KMALLOC_RANGE_HELD);
					continue;
				}
				walk_report(fn, arg, a, a + usable(r, m),
					    KMALLOC_RANGE_LIVE);
				walk_report(fn, arg, a + usable(r, m), end,
					    KMALLOC_RANGE_METADATA);
			}
			walk_report(fn, arg, r->cur, r->meta,
				    KMALLOC_RANGE_FREE);
			walk_report(fn, arg, r->meta, r->end,
				    KMALLOC_RANGE_METADATA);
			at = r->end;
			j++;
		}
		walk_report(fn, arg, at, stop, KMALLOC_RANGE_HELD);
	}
}
