/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boundary tags, as first-fit (mm/firstfit.c) and TLSF (mm/tlsf.c) lay
 * them out: the parts of the block layout the two backends share, so that
 * each keeps only what its algorithm adds (its flag bits, its free-block
 * node, its search).
 *
 * The technique is Knuth's (TAOCP vol. 1, 2.5, "boundary tag method",
 * with the refinement that allocated blocks carry no footer): every block
 * of a region starts with an 8-byte header, struct bt_tag { size and flag
 * bits, magic }; a free block also ends with a 4-byte footer holding its
 * size, which the block after it reads when its header says the block
 * before is free. So a freed block finds both neighbours in O(1) and
 * merges with them at once.
 *
 * The magic is a seed (one per backend and tag kind) xor the tag's own
 * address xor its size and flag bits multiplied by an odd constant (a
 * bijection), leaving out the bits the neighbours flip (the "previous
 * block is free" bit, which the footer check covers). Stale or copied data
 * or a rewritten size does not pass for a header, and any one bit of the
 * covered ones flipped changes the magic. With CONFIG_KMALLOC_HEADER_CHECKSUM
 * the magic is keyed, as Scudo's chunk header checksum: the same value
 * xor a per-boot secret (mm/hardening.c) through MurmurHash3's 32-bit
 * finalizer (header_key(), mm/hardening.h), so the magic of one size no
 * longer gives that of another by an xor, and a header forged from the
 * source's seeds fails.
 *
 * With CONFIG_KMALLOC_REDZONE an allocated block ends with 8 bytes
 * { requested size, ~requested size } (BT_RZ_WORD), and the bytes from the
 * object's end up to that word hold SLUB_RED_ACTIVE: ksize() is the
 * requested size exactly and kfree() checks the zone, reports a write past
 * the end in the standard words and repairs it.
 *
 * Both take the usable memory as arenas (struct bt_span) and make only
 * the largest their heap at boot; the others join when an allocation
 * finds nothing (bt_init_heap(), bt_add_spans()), so that objects stay
 * together instead of straddling the kernel or the trace modules.
 *
 * Not an API: included by the two backends and their white-box tests.
 */
#ifndef _MM_BOUNDARY_TAG_H
#define _MM_BOUNDARY_TAG_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/string.h>
#include <kmlab/poison.h>
#include <kmlab/mm.h>
#include <kmlab/memblock.h>
#include <kmlab/errno.h>
#include "internal.h"
#include "hardening.h"

/* Bytes of a block's header (before the payload): every block has one. */
#define BT_TAG_BYTES 8
/* Bytes of a free block's footer (its size); allocated blocks have none. */
#define BT_FTR_BYTES 4
/* The odd multiplier that mixes size and flags into the magic. */
#define BT_MAGIC_MIX 0x9e3779b1u
/* Redzone builds keep { requested size, ~requested size } at a block's end. */
#define BT_RZ_WORD (IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 8u : 0u)

/**
 * struct bt_tag - a block's header
 * @size_flags: the block's size in bytes (a multiple of 8, header and
 *              footer included) or-ed with the backend's flag bits
 * @magic: bt_magic() of the tag
 */
struct bt_tag {
	u32 size_flags;
	u32 magic;
};

BUILD_BUG_ON(sizeof(struct bt_tag) != BT_TAG_BYTES);

/**
 * BT_BACKEND_INFO - the backend_info of a boundary-tag backend
 * @backend_name: its name, as make compare's tables show it
 *
 * What its kfree() catches (.detects): double and foreign frees, interior
 * pointers, the wrong cache, an overwritten header (the magic and the
 * neighbours' tags) and, with CONFIG_KMALLOC_REDZONE, a write past the
 * end; the header before each object is BT_TAG_BYTES; freed memory is
 * reused.
 */
#define BT_BACKEND_INFO(backend_name)                                          \
	{                                                                      \
		.name = backend_name,                                          \
		.detects = KMALLOC_DETECTS_OWNED | KMALLOC_DETECTS_BAD_HEADER, \
		.header_bytes = BT_TAG_BYTES, .reuses_memory = true,           \
	}

/**
 * hdr_at - the tag at address @a
 * @a: address of a header (a block's start)
 * Return: @a as a tag. Context: any.
 */
static inline struct bt_tag *hdr_at(unsigned long a)
{
	return (struct bt_tag *)a;
}

/**
 * bt_magic - the magic a tag must hold
 * @t: the tag (its address and size_flags count)
 * @seed: the backend's constant for this kind of tag
 * @unmixed: flag bits the magic leaves out (flipped by the neighbours)
 * Return: @seed ^ address ^ (size_flags & ~@unmixed) * BT_MAGIC_MIX,
 * through header_key() (mm/hardening.h). Context: any.
 */
static inline u32 bt_magic(const struct bt_tag *t, u32 seed, u32 unmixed)
{
	return header_key(seed ^ (u32)(unsigned long)t ^
			  (t->size_flags & ~unmixed) * BT_MAGIC_MIX);
}

/**
 * bt_sizeless_magic - the magic of a tag whose size is fixed (a fence)
 * @t: the tag
 * @seed: the backend's constant for this kind of tag
 * Return: @seed ^ the tag's address, through header_key(). Context: any.
 */
static inline u32 bt_sizeless_magic(const struct bt_tag *t, u32 seed)
{
	return header_key(seed ^ (u32)(unsigned long)t);
}

/**
 * bt_size - the block size a tag holds
 * @t: the tag
 * @flags: every flag bit of the backend's size_flags
 * Return: the size, bytes. Context: any.
 */
static inline size_t bt_size(const struct bt_tag *t, u32 flags)
{
	return t->size_flags & ~flags;
}

/**
 * bt_payload - the bytes after a block's header
 * @b: the block's address (its header)
 * Return: an allocated block's object, or a free block's node. Context: any.
 */
static inline void *bt_payload(unsigned long b)
{
	return (void *)(b + BT_TAG_BYTES);
}

/**
 * bt_block_of - the block whose payload is at @payload
 * @payload: bt_payload() of the block
 * Return: the block's address (its header). Context: any.
 */
static inline unsigned long bt_block_of(const void *payload)
{
	return (unsigned long)payload - BT_TAG_BYTES;
}

/**
 * footer_at - the footer of the free block ending at @end
 * @end: the address right after the block
 * Return: the footer word, the block's size. Context: any.
 */
static inline u32 *footer_at(unsigned long end)
{
	return (u32 *)(end - BT_FTR_BYTES);
}

/**
 * bt_rz_at - the redzone's { size, ~size } words of an allocated block
 * @end: the address right after the block
 * Return: the two words (meaningful with CONFIG_KMALLOC_REDZONE only).
 * Context: any.
 */
static inline u32 *bt_rz_at(unsigned long end)
{
	return (u32 *)(end - BT_RZ_WORD);
}

/**
 * bt_rz_size - the requested size an allocated block's red zone records
 * @p: the object (payload address)
 * @end: the address right after the object's block
 *
 * A write past the end may have hit the { size, ~size } words: the size
 * is capped at the room before them, so ksize() (and init_on_free's
 * memset of what it returns) never reaches the next block's header.
 * Return: the requested size, bytes. Context: any; the block is allocated.
 */
static inline size_t bt_rz_size(unsigned long p, unsigned long end)
{
	size_t room = (unsigned long)bt_rz_at(end) - p;

	return min((size_t)*bt_rz_at(end), room);
}

/**
 * bt_set_redzone - write an object's red zone
 * @p: the object (payload address)
 * @size: its requested size, bytes; @p + @size lies before the words
 * @end: the address right after the object's block
 * Context: any; the block is allocated.
 */
static inline void bt_set_redzone(unsigned long p, size_t size,
				  unsigned long end)
{
	u32 *rz = bt_rz_at(end);

	rz[0] = size;
	rz[1] = ~size;
	memset((void *)(p + size), SLUB_RED_ACTIVE,
	       (unsigned long)rz - (p + size));
}

/**
 * bt_redzone_words_ok - are the { size, ~size } words of a red zone intact?
 * @p: the object
 * @end: the address right after its block
 * Return: true when they agree and the size fits before them. Reads only.
 */
static inline bool bt_redzone_words_ok(const void *p, unsigned long end)
{
	u32 *rz = bt_rz_at(end);

	return rz[0] + rz[1] == 0xffffffffu &&
	       (unsigned long)p + rz[0] <= (unsigned long)rz;
}

/**
 * bt_redzone_of - the fill bytes of a red zone
 * @p: the object
 * @end: the address right after its block
 * @len: set to the number of fill bytes
 * Return: the first fill byte, right after the requested size. The words
 * must be intact (bt_redzone_words_ok()).
 */
static inline void *bt_redzone_of(const void *p, unsigned long end, size_t *len)
{
	unsigned long rz = (unsigned long)bt_rz_at(end);
	unsigned long from = (unsigned long)p + *(u32 *)rz;

	*len = rz - from;
	return (void *)from;
}

/**
 * bt_redzone_intact - is an object's whole red zone intact?
 * @p: the object
 * @end: the address right after its block
 * Return: true when words and fill are. Reads only (for validate()).
 */
static inline bool bt_redzone_intact(const void *p, unsigned long end)
{
	size_t len;
	void *rz;

	if (!bt_redzone_words_ok(p, end))
		return false;
	rz = bt_redzone_of(p, end, &len);
	return !memchr_inv(rz, SLUB_RED_ACTIVE, len);
}

/**
 * bt_check_redzone - check an object's red zone, report and repair it
 * @p: the object being freed
 * @end: the address right after its block
 * @caller: the API caller, for the report
 *
 * Damaged words are reported once ("redzone overwritten") and rewritten
 * for the whole payload; a damaged fill is reported and restored by
 * check_bytes_and_report(). Context: kfree() and friends.
 */
static inline void bt_check_redzone(const void *p, unsigned long end,
				    unsigned long caller)
{
	size_t len;
	void *rz;

	if (!bt_redzone_words_ok(p, end)) {
		kmalloc_report_bad("redzone overwritten", p, caller);
		bt_set_redzone((unsigned long)p,
			       (unsigned long)bt_rz_at(end) - (unsigned long)p,
			       end);
		return;
	}
	rz = bt_redzone_of(p, end, &len);
	check_bytes_and_report("redzone overwritten", p, caller, rz,
			       SLUB_RED_ACTIVE, len);
}

/**
 * bt_shrink_redzone - krealloc() shrank an object in place: move its red zone
 * @p: the object
 * @new_size: its new requested size, bytes (at most @usable)
 * @usable: its usable bytes until now (the old requested size)
 * @end: the address right after its block
 * Context: backend_shrink() with CONFIG_KMALLOC_REDZONE.
 */
static inline void bt_shrink_redzone(const void *p, size_t new_size,
				     size_t usable, unsigned long end)
{
	kmalloc_stats.live_bytes -= usable - new_size;
	bt_set_redzone((unsigned long)p, new_size, end);
}

/**
 * bt_page_block_taken - mark a new page block's first struct page
 * @addr: the block's payload (page aligned), or 0 when the allocation failed
 * @order: its order
 *
 * PG_head and @order in the first struct page, which free_pages() and
 * validate() check (bt_page_block_freed()). Return: @addr as a pointer.
 * Context: backend_alloc_pages().
 */
static inline void *bt_page_block_taken(unsigned long addr, unsigned int order)
{
	struct page *page;

	if (!addr)
		return NULL;
	page = virt_to_page((void *)addr);
	page_set_flag(page, PG_head);
	page->private = order;
	return (void *)addr;
}

/**
 * bt_page_block_freed - check free_pages() of a page block against its page
 * @addr: the block's payload, a live page block of the backend
 * @order: the order free_pages() was given
 * @usable: the block's usable bytes
 * @caller: the API caller, for the report
 *
 * The first struct page must carry PG_head and @order, and the block hold
 * PAGE_SIZE << @order bytes; then PG_head is cleared, and the backend frees
 * the block. Return: true, or false after a "wrong order page free" report
 * (nothing changed). Context: backend_free_pages().
 */
static inline bool bt_page_block_freed(void *addr, unsigned int order,
				       size_t usable, unsigned long caller)
{
	struct page *page = virt_to_page(addr);

	if (!PageHead(page) || page->private != order ||
	    usable < PAGE_SIZE << order) {
		kmalloc_report_bad("wrong order page free", addr, caller);
		return false;
	}
	page_clear_flag(page, PG_head);
	return true;
}

/**
 * struct bt_span - an arena of usable memory, [start, end)
 * @start: its first byte
 * @end: the byte after its last
 */
struct bt_span {
	unsigned long start, end;
};

/**
 * bt_spans_from_memblock - the usable memory as arenas, the largest last
 * @spans: filled in
 * @max: room in @spans
 * @max_len: longest arena, bytes (a longer region is cut into several)
 * @min_len: shortest arena worth a heap, bytes (shorter regions are left)
 *
 * A backend makes the last arena its heap at boot and holds the others
 * back until the heap is full (bt_add_spans()): first fit would fill the
 * lowest ones first (a page left below the trace modules), and either
 * search would spread objects over both sides of what lies between.
 * Context: kmalloc_backend_init(). Return: the number of arenas.
 */
static inline unsigned int bt_spans_from_memblock(struct bt_span *spans,
						  unsigned int max,
						  unsigned long max_len,
						  unsigned long min_len)
{
	unsigned int n = 0, largest = 0;
	struct bt_span t;

	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *mr = &memblock_usable.regions[i];
		unsigned long start = mr->base, left = mr->size;

		while (left >= min_len && n < max) {
			unsigned long len = min(left, max_len);

			spans[n].start = start;
			spans[n].end = start + len;
			if (len > spans[largest].end - spans[largest].start)
				largest = n;
			n++;
			start += len;
			left -= len;
		}
	}
	if (n) {
		t = spans[largest];
		spans[largest] = spans[n - 1];
		spans[n - 1] = t;
	}
	return n;
}

/**
 * bt_init_heap - make the largest usable arena the heap, hold the others
 * @spans: room for the arenas
 * @max: how many fit in @spans
 * @max_len: longest arena, bytes (bt_spans_from_memblock())
 * @min_len: shortest arena worth a heap, bytes
 * @n: out: how many arenas are held back (the first *@n of @spans)
 * @add: the backend's function that makes [start, end) part of its heap
 * Context: kmalloc_backend_init(). Return: 0, or -ENOMEM without memory.
 */
static inline int
bt_init_heap(struct bt_span *spans, unsigned int max, unsigned long max_len,
	     unsigned long min_len, unsigned int *n,
	     void (*add)(unsigned long start, unsigned long end))
{
	*n = bt_spans_from_memblock(spans, max, max_len, min_len);
	if (!*n)
		return -ENOMEM;
	--*n;
	add(spans[*n].start, spans[*n].end);
	return 0;
}

/**
 * bt_add_spans - give the arenas held back to the heap
 * @spans: the arenas
 * @n: in/out: how many are held back (0 after)
 * @add: the backend's function that makes [start, end) part of its heap
 * Return: true when any was added. Context: an allocation that found
 * nothing (the slow path).
 */
static inline bool bt_add_spans(struct bt_span *spans, unsigned int *n,
				void (*add)(unsigned long start,
					    unsigned long end))
{
	bool added = *n;

	while (*n) {
		--*n;
		add(spans[*n].start, spans[*n].end);
	}
	return added;
}

/**
 * struct bt_heap_info - a summary of a boundary-tag heap
 * @nr_free: free blocks on the backend's lists
 * @free_bytes: their total size, header and footer included
 * @largest_free: the largest one, header and footer included
 * @nr_pools: arenas in the heap
 * @nr_pending: arenas held back until the heap is full (bt_add_spans())
 */
struct bt_heap_info {
	unsigned long nr_free;
	size_t free_bytes;
	size_t largest_free;
	unsigned int nr_pools, nr_pending;
};

/**
 * bt_free_space - backend_free_space() of a boundary-tag backend
 * @get_info: the backend's summary of its heap (walks its free blocks)
 * @spans: the arenas held back
 * @n: how many
 * @largest: out: the largest free block, a held-back arena counting as
 *           one free block between two fences
 * @total: out: all free bytes, the held-back arenas' included
 * Context: any; reads only. Return: 0.
 */
static inline int bt_free_space(void (*get_info)(struct bt_heap_info *),
				const struct bt_span *spans, unsigned int n,
				unsigned long *largest, unsigned long *total)
{
	struct bt_heap_info info;

	get_info(&info);
	*largest = info.largest_free;
	*total = info.free_bytes;
	for (unsigned int i = 0; i < n; i++) {
		unsigned long bytes =
			spans[i].end - spans[i].start - 2 * BT_TAG_BYTES;

		*largest = max(*largest, bytes);
		*total += bytes;
	}
	return 0;
}

/**
 * struct bt_layout - how a backend's tags read
 * @hdr_ok: is this a header the backend wrote (its magic)? For the walks
 *          of the bad-input path.
 * @flags: every flag bit of size_flags
 * @prev_free: the flag that says the block before is free
 * @free_flags: the flag bits of a free block's header (the block before
 *              a free block is always allocated)
 * @hdr_seed: the seed of a header's bt_magic()
 * @min_block: the smallest block, bytes
 */
struct bt_layout {
	bool (*hdr_ok)(const struct bt_tag *h);
	u32 flags, prev_free, free_flags, hdr_seed;
	size_t min_block;
};

/**
 * bt_prev_footer_ok - is the free block before a block intact?
 * @h: the header of a block whose neighbours a free will read
 * @start: the start of its region (the first fence)
 * @l: the backend's tags (a compile-time constant, so that this folds)
 *
 * Without @l->prev_free in @h there is nothing to check. With it, the
 * footer before @h must give a size (a multiple of 8, at least a block,
 * not reaching back past the fence) that leads back to a free header of
 * that size with the right magic.
 * Return: true when intact. Context: any (the kfree() fast path).
 */
static __always_inline bool bt_prev_footer_ok(const struct bt_tag *h,
					      unsigned long start,
					      const struct bt_layout *l)
{
	unsigned long b = (unsigned long)h;
	u32 psize = *footer_at(b);
	const struct bt_tag *ph;

	if (!(h->size_flags & l->prev_free))
		return true;
	if (psize < l->min_block || (psize & 7) ||
	    psize > b - (start + BT_TAG_BYTES))
		return false;
	ph = hdr_at(b - psize);
	return ph->size_flags == (psize | l->free_flags) &&
	       ph->magic == bt_magic(ph, l->hdr_seed, l->prev_free);
}

/**
 * bt_report_bad_block - name what is wrong with a refused pointer's block
 * @p: the pointer
 * @caller: the API caller, for the report
 * @is_free: the block holding @p (bt_bad_block()) is free
 * @payload: the block's object address
 * @kind: the block's page-block flag (0 for a kmalloc object)
 * @want: the kind the caller expected (0 from kfree() and ksize())
 * @footer_ok: bt_prev_footer_ok() of the block
 * @ksize: the pointer came from ksize()
 *
 * One report, in the first words that hold: "double free" ("ksize of a
 * free object"), "interior pointer free", "free_pages of a kmalloc
 * object" or "invalid free" (a page block to kfree()), "corrupted
 * footer", else "corrupted header" (a neighbour's header). Context: the
 * bad-input path.
 */
static inline void bt_report_bad_block(const void *p, unsigned long caller,
				       bool is_free, unsigned long payload,
				       u32 kind, u32 want, bool footer_ok,
				       bool ksize)
{
	const char *what = "corrupted header";

	if (is_free)
		what = ksize ? "ksize of a free object" : "double free";
	else if (payload != (unsigned long)p)
		what = "interior pointer free";
	else if (kind != want)
		what = want ? "free_pages of a kmalloc object" :
			      "invalid free"; /* a page block */
	else if (!footer_ok)
		what = "corrupted footer";
	kmalloc_report_bad(what, p, caller);
}

/**
 * bt_walk_to - walk a region's blocks to the one holding an address
 * @start: the region's start (its first fence)
 * @end: the region's end (right after its last fence)
 * @a: the address
 * @bad: set to the broken header that stopped the walk, else NULL
 * @l: the backend's tags
 * Return: the header of the block holding @a, or NULL (past the last
 * block, or stopped by *@bad). Context: the bad-input path: O(blocks).
 */
static inline struct bt_tag *bt_walk_to(unsigned long start, unsigned long end,
					unsigned long a, struct bt_tag **bad,
					const struct bt_layout *l)
{
	unsigned long b = start + BT_TAG_BYTES;

	end -= BT_TAG_BYTES;
	*bad = NULL;
	while (b < end) {
		struct bt_tag *h = hdr_at(b);
		size_t size = bt_size(h, l->flags);

		if (!l->hdr_ok(h) || size < l->min_block || size > end - b) {
			*bad = h;
			return NULL;
		}
		if (a < b + size)
			return h;
		b += size;
	}
	return NULL;
}

/**
 * bt_bad_block - the block a refused pointer lies in, or a report
 * @p: the pointer kfree(), ksize() or free_pages() refused
 * @caller: the API caller, for the report
 * @start: the start of the region holding @p, 0 when none does
 * @end: the region's end
 * @l: the backend's tags
 *
 * The first steps of a backend's classification of bad input: a pointer
 * outside the regions, misaligned or before the first block is an
 * "invalid free"; one whose own header stops the walk a "corrupted
 * header"; one the walk does not reach an "invalid free".
 * Return: the header of the block holding @p (nothing reported: the
 * backend goes on), or NULL after one report. Context: the bad-input path.
 */
static inline struct bt_tag *bt_bad_block(const void *p, unsigned long caller,
					  unsigned long start,
					  unsigned long end,
					  const struct bt_layout *l)
{
	unsigned long a = (unsigned long)p;
	struct bt_tag *h, *bad;

	if (!start || (a & 7) || a < start + 2 * BT_TAG_BYTES) {
		kmalloc_report_bad("invalid free", p, caller);
		return NULL;
	}
	h = bt_walk_to(start, end, a, &bad, l);
	if (!h)
		kmalloc_report_bad(bad == hdr_at(a - BT_TAG_BYTES) ?
					   "corrupted header" :
					   "invalid free",
				   p, caller);
	return h;
}

/**
 * bt_validate_totals - a validate() walk's totals against the statistics
 * @live: allocated blocks the walk found
 * @bytes: their usable bytes
 * @used: their block bytes, headers included
 * @used_bytes: the backend's own count of @used
 *
 * For the end of a backend's validate(), once the walk found the heap
 * consistent. Return: 0, or 1 after one kmalloc_validate_fail() line.
 * Context: validate().
 */
static inline int bt_validate_totals(unsigned long live, unsigned long bytes,
				     size_t used, size_t used_bytes)
{
	if (used == used_bytes && bytes == kmalloc_stats.live_bytes &&
	    live == kmalloc_stats.nr_allocs - kmalloc_stats.nr_frees)
		return 0;
	return kmalloc_validate_fail(
		"heap holds %lu objects / %lu bytes (%zu in blocks), statistics say %lu / %lu (%zu)",
		live, bytes, used,
		kmalloc_stats.nr_allocs - kmalloc_stats.nr_frees,
		kmalloc_stats.live_bytes, used_bytes);
}

/**
 * struct bt_block_view - a block as backend_walk() reports it
 * @size: the block's bytes, header included
 * @is_free: a free block: header, payload (free) and footer
 * @payload: an allocated block's object (bytes before it are metadata:
 *           the header and any inner tags)
 * @usable: an allocated block's ksize(); the bytes after the object up
 *          to the block's end are metadata (the redzone and its word)
 */
struct bt_block_view {
	size_t size;
	bool is_free;
	unsigned long payload;
	size_t usable;
};

/*
 * The backend's reading of the block at its first argument for
 * bt_walk_heap(): false when its header fails the backend's checks.
 */
typedef bool (*bt_view_fn)(unsigned long b, struct bt_block_view *v);

/*
 * One pool: its fences (metadata) and blocks; a broken header ends it.
 * A fence, a header, a free block's payload and its footer are never
 * empty (a block @view accepts is at least the backend's smallest), so
 * they go to @fn directly; walk_report() is for the ranges that can be:
 * an object damaged to no usable bytes, a tail without metadata, the
 * rest of a pool after a broken header.
 */
static inline void bt_walk_pool(unsigned long start, unsigned long end,
				bt_view_fn view, kmalloc_walk_fn fn, void *arg)
{
	unsigned long b = start + BT_TAG_BYTES, stop = end - BT_TAG_BYTES;
	struct bt_block_view v;

	fn(start, b, KMALLOC_RANGE_METADATA, arg);
	while (b < stop && view(b, &v) && v.size <= stop - b) {
		unsigned long e = b + v.size;

		if (v.is_free) {
			fn(b, b + BT_TAG_BYTES, KMALLOC_RANGE_METADATA, arg);
			fn(b + BT_TAG_BYTES, e - BT_FTR_BYTES,
			   KMALLOC_RANGE_FREE, arg);
			fn(e - BT_FTR_BYTES, e, KMALLOC_RANGE_METADATA, arg);
		} else {
			fn(b, v.payload, KMALLOC_RANGE_METADATA, arg);
			walk_report(fn, arg, v.payload, v.payload + v.usable,
				    KMALLOC_RANGE_LIVE);
			walk_report(fn, arg, v.payload + v.usable, e,
				    KMALLOC_RANGE_METADATA);
		}
		b = e;
	}
	walk_report(fn, arg, b, stop, KMALLOC_RANGE_HELD);
	fn(stop, end, KMALLOC_RANGE_METADATA, arg);
}

/* The arena of @spans that starts lowest in [@at, @stop), or NULL. */
static inline const struct bt_span *bt_span_from(const struct bt_span *spans,
						 unsigned int n,
						 unsigned long at,
						 unsigned long stop)
{
	const struct bt_span *best = NULL;

	for (unsigned int i = 0; i < n; i++)
		if (spans[i].start >= at && spans[i].start < stop &&
		    (!best || spans[i].start < best->start))
			best = &spans[i];
	return best;
}

/**
 * bt_walk_heap - backend_walk() over memblock_usable for a boundary-tag heap
 * @pools: the arenas in the heap, in any order
 * @nr_pools: how many
 * @pending: the arenas held back (bt_init_heap()): reported free
 * @nr_pending: how many
 * @view: the backend's reading of one block (struct bt_block_view)
 * @fn: backend_walk()'s callback
 * @arg: its argument
 *
 * Each usable region in address order, its arenas in address order: a
 * pool's fences and blocks (a header @view refuses, or a size past the
 * pool's end, makes the rest of the pool held), a held-back arena free;
 * what lies in no arena (a region shorter than the backend's smallest
 * arena) is held. O(regions * arenas) plus the blocks.
 * Context: backend_walk().
 */
static inline void bt_walk_heap(const struct bt_span *pools,
				unsigned int nr_pools,
				const struct bt_span *pending,
				unsigned int nr_pending, bt_view_fn view,
				kmalloc_walk_fn fn, void *arg)
{
	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *mr = &memblock_usable.regions[i];
		unsigned long at = mr->base, stop = mr->base + mr->size;

		for (;;) {
			const struct bt_span *p, *q;

			p = bt_span_from(pools, nr_pools, at, stop);
			q = bt_span_from(pending, nr_pending, at, stop);
			if (q && (!p || q->start < p->start))
				p = q;
			if (!p)
				break;
			walk_report(fn, arg, at, p->start, KMALLOC_RANGE_HELD);
			if (p == q) /* an arena is never empty */
				fn(p->start, p->end, KMALLOC_RANGE_FREE, arg);
			else
				bt_walk_pool(p->start, p->end, view, fn, arg);
			at = p->end;
		}
		walk_report(fn, arg, at, stop, KMALLOC_RANGE_HELD);
	}
}

#endif /* _MM_BOUNDARY_TAG_H */
