/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bump backend's block header and its kmalloc/kfree fast paths,
 * inline in kmalloc() and kfree() (mm/kmalloc.c includes this through
 * mm/internal.h when the bump backend is compiled in).
 *
 * kmalloc(): objects up to PAGE_SIZE are carved from the current region
 * at its cursor: align (8, or the size for powers of two), write the
 * header (and a padding block for an alignment gap), move the cursor,
 * count. kfree(): a pointer inside the current region whose header says
 * BUMP_LIVE becomes BUMP_FREED. Everything else (another region, sizes
 * above PAGE_SIZE, a full region, any bad pointer, CONFIG_KMALLOC_POISON
 * for kfree, CONFIG_KMALLOC_REDZONE for both)
 * goes to backend_kmalloc()/backend_kfree() in mm/bump.c.
 *
 * Statistics cost two additions per kmalloc and per kfree: the peaks are
 * brought up to date before every free and whenever the statistics are
 * read (live memory only falls at a free, so the peaks stay exact).
 */
#ifndef _MM_BUMP_FAST_H
#define _MM_BUMP_FAST_H

#define BUMP_LIVE 0xb0a11c0bu
#define BUMP_FREED 0xb0f4eeedu
/* A padding block: one word, BUMP_PAD | bytes to the next header (< 64 KiB). */
#define BUMP_PAD 0xb0ad0000u
#define BUMP_PAD_MASK 0xffff0000u
#define BUMP_PAGES 0xb0a6e500u
#define BUMP_PAGES_FREED 0xb0a6ef4eu

/**
 * struct bump_hdr - the 8 bytes before every block
 * @magic: BUMP_LIVE, BUMP_FREED, BUMP_PAGES, BUMP_PAGES_FREED, or
 *         BUMP_PAD | gap for an alignment gap (then @size is not written)
 * @size: payload bytes that follow, a multiple of 8
 */
struct bump_hdr {
	u32 magic;
	u32 size;
};

/* The current region: its start, its cursor (next free byte), its end. */
extern unsigned long bump_start, bump_cursor, bump_limit;

/* Bring peak_live_* up to date (before a free, when stats are read). */
static __always_inline void bump_note_peaks(void)
{
	struct kmalloc_stats *st = &kmalloc_stats;
	unsigned long live = st->nr_allocs - st->nr_frees;

	if (st->live_bytes > st->peak_live_bytes)
		st->peak_live_bytes = st->live_bytes;
	if (live > st->peak_live_objects)
		st->peak_live_objects = live;
}

/* CONFIG_KMALLOC_REDZONE objects are laid out by the full path only. */
#define BACKEND_FAST_PATH (!IS_ENABLED(CONFIG_KMALLOC_REDZONE))

/**
 * backend_kmalloc_fast - kmalloc fast path of bump
 * @size: bytes, any value
 * Return: the object, or NULL: kmalloc() then takes the full path.
 */
static __always_inline void *backend_kmalloc_fast(size_t size)
{
	unsigned long cur = bump_cursor, p, bytes;
	struct bump_hdr *h;

	if (unlikely(size - 1 >= PAGE_SIZE))
		return NULL;
	p = cur + sizeof(*h);
	bytes = (size + 7) & ~7UL;
	/* Natural alignment for powers of two above 8. */
	if (!(size & (size - 1))) {
		p = (p + size - 1) & ~(size - 1);
		if (p - sizeof(*h) != cur)
			*(u32 *)cur = BUMP_PAD | (p - sizeof(*h) - cur);
	}
	if (unlikely(p + bytes > bump_limit))
		return NULL;
	h = (struct bump_hdr *)p - 1;
	h->magic = BUMP_LIVE;
	h->size = bytes;
	bump_cursor = p + bytes;
	kmalloc_stats.nr_allocs++;
	kmalloc_stats.live_bytes += bytes;
	return (void *)p;
}

/**
 * backend_kfree_fast - kfree fast path of bump
 * @p: not NULL, not ZERO_SIZE_PTR
 * Return: true when freed, false: kfree() then takes the full path.
 */
static __always_inline bool backend_kfree_fast(const void *p)
{
	unsigned long a = (unsigned long)p;
	struct bump_hdr *h = (struct bump_hdr *)p - 1;

	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		return false;
	if (unlikely((a & 7) ||
		     a - bump_start - sizeof(*h) >= bump_cursor - bump_start ||
		     h->magic != BUMP_LIVE))
		return false;
	bump_note_peaks();
	h->magic = BUMP_FREED;
	kmalloc_stats.nr_frees++;
	kmalloc_stats.live_bytes -= h->size;
	return true;
}

#endif /* _MM_BUMP_FAST_H */
