// SPDX-License-Identifier: GPL-2.0
/*
 * bump: the simplest heap. A cursor moves forward through each usable
 * memblock region; kfree() records the free in the statistics but the
 * memory is never used again.
 *
 * Layout. Every region is a sequence of blocks from its start up to its
 * cursor, each an 8-byte header followed by its payload:
 *
 *	| hdr | object ... | hdr | pad | hdr | object ... |   cursor ->
 *
 * struct bump_hdr { magic, size } (mm/bump_fast.h) where magic says what
 * follows: BUMP_LIVE (a kmalloc object), BUMP_FREED (a freed one),
 * BUMP_PAGES / BUMP_PAGES_FREED (a page block from alloc_pages), and size
 * is the payload in bytes, a multiple of 8; or a one-word padding block,
 * BUMP_PAD | the bytes to the next header. When an
 * object needs more than 8-byte alignment (power-of-two sizes up to
 * PAGE_SIZE are naturally aligned; page blocks are page aligned) the gap is
 * itself a BUMP_PAD block, so a region can always be walked from its start:
 * that walk is how validate() checks every header and how a bad kfree() is
 * classified (interior pointer or overwritten header).
 *
 * Costs. kmalloc is a few adds and compares on the current region, inline
 * in kmalloc() (mm/bump_fast.h; the slow path here tries every region's
 * remaining tail, first fit); kfree is a range check and one header check,
 * also inline; ksize reads the header. Statistics: two additions per
 * operation, the peaks updated before each free (mm/bump_fast.h). Overhead: 8
 * bytes per object plus padding to the alignment. Nothing is ever reused,
 * so a long-running workload runs out of memory; bump is a baseline for
 * speed and a tool for finding use-after-free (with CONFIG_KMALLOC_POISON
 * freed objects keep their 0x6b poison forever and validate() checks it).
 *
 * Detects: double free (header says BUMP_FREED), pointers outside what was
 * handed out (range check), interior pointers and overwritten headers (by
 * walking the region), use after free (poison), writes past the end (with
 * CONFIG_KMALLOC_REDZONE: 8 to 15 bytes of 0xcc after each object, and
 * the header keeps the requested size).
 */
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include "internal.h"
#include "bump_fast.h"

#define POISON_FREE 0x6b
#define REDZONE_BYTE 0xcc
/* CONFIG_KMALLOC_REDZONE: 0xcc from the requested size to 8 bytes past it. */
#define RZ_BYTES (IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 8u : 0u)

struct bump_region {
	unsigned long start, end; /* bytes, [start, end) */
	unsigned long cur;	  /* next free byte */
};

static struct bump_region regions[MEMBLOCK_MAX_REGIONS];
static unsigned int nr_regions;

/* The region kmalloc tries first, and copies of its start, cursor, end. */
static struct bump_region *current_region;
unsigned long bump_start, bump_cursor, bump_limit;

const struct backend_info backend_info = {
	.name = "bump",
	.detects = KMALLOC_DETECTS_DOUBLE_FREE | KMALLOC_DETECTS_FOREIGN |
		   KMALLOC_DETECTS_INTERIOR | KMALLOC_DETECTS_BAD_HEADER |
		   (IS_ENABLED(CONFIG_KMALLOC_REDZONE) ?
			    KMALLOC_DETECTS_OVERFLOW : 0),
	.header_bytes = sizeof(struct bump_hdr),
	.reuses_memory = false,
};

int kmalloc_backend_init(void)
{
	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *r = &memblock_usable.regions[i];

		regions[nr_regions].start = r->base;
		regions[nr_regions].end = r->base + r->size;
		regions[nr_regions].cur = r->base;
		nr_regions++;
	}
	if (!nr_regions)
		return -ENOMEM;
	current_region = &regions[0];
	bump_start = bump_cursor = current_region->start;
	bump_limit = current_region->end;
	return 0;
}

static inline struct bump_hdr *hdr_of(const void *p)
{
	return (struct bump_hdr *)p - 1;
}

/* Alignment of an object: natural for power-of-two sizes up to a page. */
static inline unsigned long bump_align(size_t size)
{
	if (size & (size - 1) || size > PAGE_SIZE || size < 8)
		return 8;
	return size;
}

/*
 * Carve a block with payload @bytes at @align from region @r, whose cursor
 * is @cur; the alignment gap becomes a BUMP_PAD block. Return: the payload
 * address, or 0 when it does not fit.
 */
static inline unsigned long carve(unsigned long cur, unsigned long end,
				  size_t bytes, unsigned long align,
				  unsigned long *new_cur)
{
	unsigned long p = ALIGN(cur + sizeof(struct bump_hdr), align);

	if (unlikely(p < cur || p > end || end - p < bytes))
		return 0;
	if (unlikely(p - sizeof(struct bump_hdr) != cur)) {
		*(u32 *)cur = BUMP_PAD | (p - sizeof(struct bump_hdr) - cur);
	}
	*new_cur = p + bytes;
	return p;
}

/* Slow path: the current region is full; first fit over all the tails. */
static __noinline unsigned long bump_refill(size_t bytes, unsigned long align)
{
	current_region->cur = bump_cursor;
	for (unsigned int i = 0; i < nr_regions; i++) {
		struct bump_region *r = &regions[i];
		unsigned long p, new_cur;

		p = carve(r->cur, r->end, bytes, align, &new_cur);
		if (!p)
			continue;
		current_region = r;
		bump_cursor = r->cur = new_cur;
		bump_start = r->start;
		bump_limit = r->end;
		return p;
	}
	return 0;
}

/*
 * Payload bytes of the block at @h. With redzones an object's header holds
 * the requested size (what ksize() returns), and 8 bytes of red zone
 * follow the object rounded up to 8.
 */
static inline size_t payload_len(const struct bump_hdr *h)
{
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE) &&
	    (h->magic == BUMP_LIVE || h->magic == BUMP_FREED))
		return ALIGN(h->size, 8) + RZ_BYTES;
	return h->size;
}

void *backend_kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	size_t bytes = ALIGN(size, 8) + RZ_BYTES;
	size_t usable = IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? size : bytes;
	unsigned long align = bump_align(size);
	unsigned long p, new_cur;

	p = carve(bump_cursor, bump_limit, bytes, align, &new_cur);
	if (likely(p))
		bump_cursor = new_cur;
	else if (!(p = bump_refill(bytes, align)))
		return NULL;
	hdr_of((void *)p)->magic = BUMP_LIVE;
	hdr_of((void *)p)->size = usable;
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		memset((void *)(p + size), REDZONE_BYTE, bytes - size);
	kmalloc_stats.nr_allocs++;
	kmalloc_stats.live_bytes += usable;
	return (void *)p;
}

static inline bool is_pad(const struct bump_hdr *h)
{
	return (h->magic & BUMP_PAD_MASK) == BUMP_PAD;
}

/* Where the block after @h starts (its header). */
static inline unsigned long block_end(const struct bump_hdr *h)
{
	if (is_pad(h))
		return (unsigned long)h + (h->magic & ~BUMP_PAD_MASK);
	return (unsigned long)(h + 1) + payload_len(h);
}

static struct bump_region *region_of(unsigned long p)
{
	current_region->cur = bump_cursor;
	for (unsigned int i = 0; i < nr_regions; i++)
		if (p - regions[i].start < regions[i].cur - regions[i].start)
			return &regions[i];
	return NULL;
}

/*
 * Find the block of @r whose payload contains @p by walking the region.
 * Return: its header, or NULL when the walk meets a corrupted header
 * first (*@bad is then set to that header).
 */
static struct bump_hdr *walk_to(struct bump_region *r, unsigned long p,
				struct bump_hdr **bad)
{
	unsigned long h = r->start;

	*bad = NULL;
	while (h < r->cur) {
		struct bump_hdr *hd = (struct bump_hdr *)h;
		unsigned long next = block_end(hd);

		if ((hd->magic != BUMP_LIVE && hd->magic != BUMP_FREED &&
		     !is_pad(hd) && hd->magic != BUMP_PAGES &&
		     hd->magic != BUMP_PAGES_FREED) ||
		    (next & 7) || next > r->cur || next <= h) {
			*bad = hd;
			return NULL;
		}
		if (p < next)
			return hd;
		h = next;
	}
	return NULL;
}

/* Work out what was wrong with @p and report it. Return: -EINVAL. */
static __noinline int bump_bad(const void *p, unsigned long caller,
			       u32 want_magic)
{
	unsigned long a = (unsigned long)p;
	struct bump_region *r = region_of(a);
	struct bump_hdr *h, *bad;

	if (!r || (a & 7)) {
		kmalloc_report_bad("invalid free", p, caller);
		return -EINVAL;
	}
	h = walk_to(r, a, &bad);
	if (!h) {
		kmalloc_report_bad("corrupted header", bad ? (void *)(bad + 1) : p,
				   caller);
		return -EINVAL;
	}
	if ((unsigned long)(h + 1) != a || is_pad(h))
		kmalloc_report_bad("interior pointer free", p, caller);
	else if (h->magic == BUMP_FREED || h->magic == BUMP_PAGES_FREED)
		kmalloc_report_bad("double free", p, caller);
	else if (h->magic != want_magic)
		kmalloc_report_bad("invalid free", p, caller); /* wrong API */
	else
		kmalloc_report_bad("corrupted header", p, caller);
	return -EINVAL;
}

/* Is there a header of a block handed out before @a, inside a region? */
static inline bool bump_owns(unsigned long a)
{
	const unsigned long hdr = sizeof(struct bump_hdr);

	/* Fast: the current region. */
	if (a - current_region->start - hdr < bump_cursor - current_region->start)
		return true;
	current_region->cur = bump_cursor;
	for (unsigned int i = 0; i < nr_regions; i++)
		if (a - regions[i].start - hdr < regions[i].cur - regions[i].start)
			return true;
	return false;
}

static void poison(void *p, size_t bytes)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		memset(p, POISON_FREE, bytes);
}

static bool redzone_intact(const struct bump_hdr *h)
{
	const char *p = (const char *)(h + 1);

	return !memchr_inv(p + h->size, REDZONE_BYTE, payload_len(h) - h->size);
}

int backend_kfree(const void *p, unsigned long caller)
{
	unsigned long a = (unsigned long)p;
	struct bump_hdr *h = hdr_of(p);

	if (unlikely((a & 7) || !bump_owns(a) || h->magic != BUMP_LIVE))
		return bump_bad(p, caller, BUMP_LIVE);
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE) && !redzone_intact(h)) {
		/* Reported and repaired; the object is still freed. */
		kmalloc_report_bad("redzone overwritten", p, caller);
		memset((char *)p + h->size, REDZONE_BYTE,
		       payload_len(h) - h->size);
	}
	bump_note_peaks();
	h->magic = BUMP_FREED;
	kstat_free(h->size);
	poison((void *)p, payload_len(h));
	return 0;
}

size_t backend_ksize(const void *p)
{
	unsigned long a = (unsigned long)p;
	struct bump_hdr *h = hdr_of(p);

	if (unlikely((a & 7) || !bump_owns(a) || h->magic != BUMP_LIVE)) {
		bump_bad(p, _RET_IP_, BUMP_LIVE);
		return 0;
	}
	return h->size;
}

void *backend_alloc_pages(gfp_t gfp, unsigned int order)
{
	size_t bytes = PAGE_SIZE << order;
	unsigned long p, new_cur;
	struct page *page;

	p = carve(bump_cursor, bump_limit, bytes, PAGE_SIZE, &new_cur);
	if (p)
		bump_cursor = new_cur;
	else if (!(p = bump_refill(bytes, PAGE_SIZE)))
		return NULL;
	hdr_of((void *)p)->magic = BUMP_PAGES;
	hdr_of((void *)p)->size = bytes;
	page = virt_to_page((void *)p);
	page_set_flag(page, PG_head);
	page->private = order;
	kmalloc_stats.nr_allocs++;
	kmalloc_stats.live_bytes += bytes;
	return (void *)p;
}

int backend_free_pages(void *addr, unsigned int order, unsigned long caller)
{
	struct page *page = virt_to_page(addr);
	struct bump_hdr *h = hdr_of(addr);

	if (!bump_owns((unsigned long)addr) || h->magic != BUMP_PAGES)
		return bump_bad(addr, caller, BUMP_PAGES);
	if (!PageHead(page) || page->private != order ||
	    h->size != PAGE_SIZE << order) {
		kmalloc_report_bad("wrong order page free", addr, caller);
		return -EINVAL;
	}
	page_clear_flag(page, PG_head);
	bump_note_peaks();
	h->magic = BUMP_PAGES_FREED;
	kstat_free(h->size);
	poison(addr, h->size);
	return 0;
}

int backend_free_space(unsigned long *largest, unsigned long *total)
{
	current_region->cur = bump_cursor;
	*largest = *total = 0;
	for (unsigned int i = 0; i < nr_regions; i++) {
		unsigned long tail = regions[i].end - regions[i].cur;

		*largest = max(*largest, tail);
		*total += tail;
	}
	return 0;
}

void backend_sync_stats(struct kmalloc_stats *st)
{
	unsigned long pages = 0;

	current_region->cur = bump_cursor;
	for (unsigned int i = 0; i < nr_regions; i++)
		pages += PFN_UP(regions[i].cur - regions[i].start);
	bump_note_peaks();
	/* Monotonic: the cursor never moves back. */
	st->pages_held = pages;
	st->peak_pages_held = max(st->peak_pages_held, pages);
}

int backend_validate(void)
{
	unsigned long live_bytes = 0, live = 0;
	int errors = 0;

	current_region->cur = bump_cursor;
	for (unsigned int i = 0; i < nr_regions; i++) {
		struct bump_region *r = &regions[i];
		unsigned long h = r->start;

		if (r->cur < r->start || r->cur > r->end || (r->cur & 7))
			errors += kmalloc_validate_fail(
				"region %u: cursor %#lx outside [%#lx, %#lx)",
				i, r->cur, r->start, r->end);
		while (h < r->cur) {
			struct bump_hdr *hd = (struct bump_hdr *)h;
			unsigned long next = block_end(hd);

			if ((next & 7) || next > r->cur || next <= h) {
				errors += kmalloc_validate_fail(
					"block %#lx: size %u runs past the cursor %#lx",
					h, hd->size, r->cur);
				break;
			}
			if (is_pad(hd)) {
				h = next;
				continue;
			}
			switch (hd->magic) {
			case BUMP_LIVE:
				live++;
				live_bytes += hd->size;
				if (IS_ENABLED(CONFIG_KMALLOC_REDZONE) &&
				    !redzone_intact(hd))
					errors += kmalloc_validate_fail(
						"object %#lx: redzone overwritten",
						(unsigned long)(hd + 1));
				break;
			case BUMP_PAGES:
				live++;
				live_bytes += hd->size;
				if (!PageHead(virt_to_page(hd + 1)))
					errors += kmalloc_validate_fail(
						"page block %#lx: struct page not PG_head",
						(unsigned long)(hd + 1));
				break;
			case BUMP_FREED:
			case BUMP_PAGES_FREED:
				if (IS_ENABLED(CONFIG_KMALLOC_POISON) &&
				    memchr_inv(hd + 1, POISON_FREE, payload_len(hd)))
					errors += kmalloc_validate_fail(
						"freed object %#lx written after free (poison)",
						(unsigned long)(hd + 1));
				break;
			default:
				errors += kmalloc_validate_fail(
					"block %#lx: bad magic %#x", h, hd->magic);
				h = r->cur; /* cannot walk further */
				continue;
			}
			h = next;
		}
	}
	if (!errors && (live != kmalloc_stats.nr_allocs - kmalloc_stats.nr_frees ||
			live_bytes != kmalloc_stats.live_bytes))
		errors += kmalloc_validate_fail(
			"heap holds %lu objects / %lu bytes, statistics say %lu / %lu",
			live, live_bytes,
			kmalloc_stats.nr_allocs - kmalloc_stats.nr_frees,
			kmalloc_stats.live_bytes);
	return errors;
}

void backend_show(void)
{
	current_region->cur = bump_cursor;
	pr_info("# bump region  start      end        cursor     used KiB  free KiB\n");
	for (unsigned int i = 0; i < nr_regions; i++) {
		struct bump_region *r = &regions[i];

		pr_info("bump %2u        %#010lx %#010lx %#010lx %8lu %9lu%s\n", i,
			r->start, r->end, r->cur, (r->cur - r->start) >> 10,
			(r->end - r->cur) >> 10,
			r == current_region ? "  <- current" : "");
	}
}
