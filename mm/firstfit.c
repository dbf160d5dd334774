// SPDX-License-Identifier: GPL-2.0
/*
 * firstfit: address-ordered first fit with boundary tags and a tree index.
 *
 * Blocks. Each usable memblock region is one arena, cut into blocks that
 * tile it exactly between two fences:
 *
 *	| fence | hdr payload | hdr node ... ftr | hdr payload | ... | fence |
 *	          allocated     free               allocated
 *
 * Every block starts with a header, struct bt_tag { size | flags, magic }:
 * size is the whole block in bytes (a multiple of 8, header included),
 * FF_ALLOC marks an allocated block, FF_PAGES one that alloc_pages()
 * handed out, FF_PREV_FREE says the block before is free. The magic is a
 * constant xor the tag's own address xor a hash of its size and kind bits,
 * so a tag copied elsewhere, stale user data or a rewritten size does not
 * pass for one. Only a free block ends with a footer,
 * a u32 holding its size. The fences are allocated tags that stop
 * coalescing at the region's edges. This is Knuth's boundary-tag method
 * with his refinement (TAOCP vol. 1, 2.5, algorithm C and exercise 19):
 * a freed block finds its next neighbour through the header after it and,
 * when its own FF_PREV_FREE is set, its previous one through the footer
 * before it, and merges with whichever is free in O(1); allocated blocks
 * carry 8 bytes of header and nothing else.
 *
 * Free blocks. The payload of a free block holds struct ff_free: links of
 * the doubly linked, address-ordered free list and a treap node. The list
 * is the classic structure (plain first fit walks it, O(free blocks)).
 * With CONFIG_FIRSTFIT_TREE_INDEX the same blocks also form a treap keyed
 * by address with subtree maxima, Stephenson's "fast fits" (SOSP 1983),
 * in its own file, mm/firstfit_tree.c, behind the ff_index_*() calls of
 * mm/firstfit.h (stubs without the option): it finds the lowest-addressed
 * block that fits in O(log n) expected. Both searches apply the same
 * predicate, ff_fit(), to blocks in the same (address) order, so they
 * choose the same block; with
 * CONFIG_KMALLOC_CHECK_EVERY_OP every allocation runs both and compares,
 * and mm/firstfit_test.c compares them on a seeded random sequence.
 *
 * Allocation. The chosen block is split: an alignment gap in front of at
 * least FIRSTFIT_MIN_BLOCK bytes stays free, a smaller one stays at the
 * front of the allocated block behind an inner tag (see set_inner()), the
 * object follows, and a remainder of at least FIRSTFIT_MIN_BLOCK becomes a
 * new free block. Power-of-two sizes up to PAGE_SIZE are naturally
 * aligned; alloc_pages() blocks are page aligned (the header sits at the
 * end of the page before), so pages come from the same free memory as
 * objects.
 *
 * Debugging. CONFIG_KMALLOC_POISON fills free payloads with 0x6b and
 * checks it on reuse and in validate(); CONFIG_KMALLOC_REDZONE keeps the
 * requested size in the block's last 8 bytes and fills the bytes between
 * the object and that word (at least 8) with 0xcc.
 *
 * Detects: double free, pointers outside the heap, interior pointers,
 * overwritten headers (the object's own and the next block's, which a
 * write past the end reaches first) and overwritten footers of the free
 * block before the object, with redzones a write past the end. Everything
 * is checked before anything is changed; a bad kfree is reported and
 * refused.
 */
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include <kmlab/poison.h>
#include "internal.h"
#include "firstfit.h"
#include "hardening.h"

struct ff_region {
	unsigned long start, end; /* [start, end): fences at both ends */
};

/*
 * A memblock region larger than FF_REGION_MAX is cut into arenas of at
 * most that size, so that a block size always fits below the flag bits
 * of its tag. 4 GiB of address space adds at most four cuts.
 */
#define FF_REGION_MAX (1UL << 30)
#define FF_MAX_REGIONS (MEMBLOCK_MAX_REGIONS + 4)

/* The pools, in address order (validate() walks them with the list). */
static struct ff_region regions[FF_MAX_REGIONS];
/* Usable arenas not in a pool yet: added when the pools are full. */
static struct bt_span pending[FF_MAX_REGIONS];
static unsigned int nr_pending;
static unsigned int nr_regions;
/* Its links are free pointers too: set by kmalloc_backend_init(). */
static struct ff_free free_head;
static unsigned long nr_free;
static size_t used_bytes; /* allocated blocks, headers included */

const struct backend_info backend_info = BT_BACKEND_INFO("firstfit");

/* ------------------------------------------------------------------ */
/* Fitting */

/*
 * Inner tags. An object whose alignment gap is too small to be a free
 * block keeps the gap at the front of its block: the block's header (at
 * its start) has FF_INNER, and an inner tag { lead | FF_INNER, magic } sits
 * right before the object, where kfree() looks, saying how far back the
 * header is. A copy of the inner tag follows the header, so the lead is
 * also found from the block's start (for a lead of 8 they are the same).
 */
static inline u32 inr_magic(const struct bt_tag *t)
{
	return bt_magic(t, FF_INR_MAGIC, FF_PREV_FREE);
}

static void set_inner(unsigned long b, size_t lead)
{
	struct bt_tag *t = hdr_at(b + lead), *c = hdr_at(b + TAG);

	t->size_flags = lead | FF_INNER;
	t->magic = inr_magic(t);
	c->size_flags = lead | FF_INNER;
	c->magic = inr_magic(c);
}

/* Bytes between the allocated block at @h and its payload's tag. */
static inline size_t lead_of(const struct bt_tag *h)
{
	if (likely(!(h->size_flags & FF_INNER)))
		return 0;
	return tag_size(hdr_at((unsigned long)h + TAG));
}

static inline unsigned long payload_of(const struct bt_tag *h)
{
	return (unsigned long)h + TAG + lead_of(h);
}

/* Are both inner tags of the FF_INNER block at @h intact? */
static bool inner_ok(const struct bt_tag *h)
{
	const struct bt_tag *c = hdr_at((unsigned long)h + TAG), *t;
	size_t lead = tag_size(c);

	if (c->magic != inr_magic(c) || c->size_flags != (lead | FF_INNER) ||
	    lead < TAG || lead >= MIN_BLOCK)
		return false;
	t = hdr_at((unsigned long)h + lead);
	return t->magic == inr_magic(t) && t->size_flags == c->size_flags;
}

/* ------------------------------------------------------------------ */
/* Free pointers: the links of the free list and the treap */

static struct ff_region *region_of(unsigned long a);
static bool hdr_ok(const struct bt_tag *h);
static bool view_block(unsigned long b, struct bt_block_view *v);

const struct ff_free *ff_forged;
unsigned long ff_heap_lo, ff_heap_span;

bool ff_node_ok(const struct ff_free *n)
{
	unsigned long b = (unsigned long)n - TAG;
	struct ff_region *r = region_of(b);
	const struct bt_tag *h = hdr_at(b);

	return r && !(b & 7) && b >= r->start + TAG && hdr_ok(h) &&
	       !(h->size_flags & FF_KIND) && tag_size(h) >= MIN_BLOCK &&
	       tag_size(h) <= r->end - TAG - b;
}

/*
 * The list entry after @n, checked: the head when @n's link is forged
 * (the walk ends there; the operation's end rebuilds the list).
 */
static __always_inline struct ff_free *list_next(const struct ff_free *n)
{
	struct ff_free *v = ff_get(n, next);

	if (!IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) || v == &free_head)
		return v;
	v = ff_follow(n, v);
	return v ? v : &free_head;
}

/*
 * @n's list neighbours, in *@next and *@prev. With
 * CONFIG_SLAB_FREELIST_HARDENED they are checked before @n is unlinked or
 * linked after: each the head or a free block's node, each linking back
 * to @n (glibc's "safe unlinking", on decoded links). Return: whether the
 * caller may write through them.
 */
static __always_inline bool list_links(struct ff_free *n, struct ff_free **next,
				       struct ff_free **prev)
{
	*next = ff_get(n, next);
	*prev = ff_get(n, prev);
	if (!IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		return true;
	if (ff_links_forged())
		return false;
	if ((*next == &free_head || ff_node_ok(*next)) &&
	    (*prev == &free_head || ff_node_ok(*prev)) &&
	    ff_get(*next, prev) == n && ff_get(*prev, next) == n)
		return true;
	ff_link_forged(n);
	return false;
}

/*
 * CONFIG_SLAB_FREELIST_HARDENED: a link failed its check during this
 * operation, which has left the list and the treap alone since and has
 * finished with the boundary tags. Report the node that held it, then
 * build the list and the treap again from the tags (each region walked
 * block by block, each header's magic checked), so that no forged link
 * is followed and every intact free block is found again. A region whose
 * walk meets a broken header keeps the blocks after it out (leaked, never
 * handed out). The report names the function that found it.
 */
static void relist(void);

static __noinline void ff_rebuild(void)
{
	freeptr_report_forged(ff_forged, _RET_IP_);
	relist();
}

void firstfit_rebuild_free_lists(void)
{
	relist();
}

/* bt_walk_pool()'s callback for relist(): link each free block after *@arg. */
static void relist_range(unsigned long start, unsigned long end,
			 enum kmalloc_range kind, void *arg)
{
	struct ff_free **last = arg, *n = (struct ff_free *)start;

	if (kind != KMALLOC_RANGE_FREE)
		return;
	ff_set(*last, next, n);
	ff_set(n, prev, *last);
	*last = n;
	nr_free++;
	ff_index_insert(n);
}

static void relist(void)
{
	struct ff_free *last = &free_head;

	ff_forged = NULL;
	nr_free = 0;
	ff_index_reset();
	for (unsigned int i = 0; i < nr_regions; i++)
		bt_walk_pool(regions[i].start, regions[i].end, view_block,
			     relist_range, &last);
	ff_set(last, next, &free_head);
	ff_set(&free_head, prev, last);
}

/* At the end of every operation: rebuild when a link failed its check. */
static __always_inline void ff_settle(void)
{
	if (ff_links_forged())
		ff_rebuild();
}

/* ------------------------------------------------------------------ */
/* The treap index (Seidel & Aragon 1996) with subtree maxima (Stephenson) */

/* The free list entry after which a free block at @b belongs. */
static struct ff_free *list_pred(unsigned long b)
{
	struct ff_free *p, *n;

	if (IS_ENABLED(CONFIG_FIRSTFIT_TREE_INDEX)) {
		p = ff_index_pred(b + TAG);
		return p ? p : &free_head;
	}
	p = &free_head;
	while ((n = list_next(p)) != &free_head && block_of(n) < b)
		p = n;
	return p;
}

/* ------------------------------------------------------------------ */
/* Free blocks: list + index */

static void poison_free_block(unsigned long b, size_t size)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		memset(node_of(b) + 1, POISON_FREE,
		       size - TAG - sizeof(struct ff_free) - FTR);
}

/* Make [b, b + size) a free block after list entry @pred. */
static void add_free(unsigned long b, size_t size, struct ff_free *pred)
{
	struct ff_free *n = node_of(b), *next, *prev;

	set_free_tags(b, size);
	if (!list_links(pred, &next, &prev))
		return;
	ff_set(n, prev, pred);
	ff_set(n, next, next);
	ff_set(next, prev, n);
	ff_set(pred, next, n);
	nr_free++;
	ff_index_insert(n);
}

static void del_free(struct ff_free *n)
{
	struct ff_free *next, *prev;

	if (!list_links(n, &next, &prev))
		return;
	ff_index_delete(n);
	ff_set(prev, next, next);
	ff_set(next, prev, prev);
	nr_free--;
}

/*
 * The free block of node @old becomes [@nb, @nb + @size), with no other
 * free block in between, so it keeps its place in the list and the tree:
 * O(1) plus the walk up that fixes the maxima.
 */
static struct ff_free *move_free(struct ff_free *old, unsigned long nb,
				 size_t size)
{
	struct ff_free *n = node_of(nb), *next, *prev;
	u32 old_size = node_size(old);
	bool ok = list_links(old, &next, &prev);

	set_free_tags(nb, size);
	if (!ok)
		return n;
	ff_set(n, next, next);
	ff_set(n, prev, prev);
	ff_set(next, prev, n);
	ff_set(prev, next, n);
	ff_index_replace(old, n, old_size);
	return n;
}

/*
 * The placement rule both searches implement: the lowest-addressed free
 * block that fits, except that a block which fits only after its
 * alignment gap is worked out (at least min_need() bytes but below
 * sure_need(): a "marginal" block) is tried only among the first
 * FIRSTFIT_ALIGN_TRIES marginal blocks in address order; later ones are
 * passed over for the first block of at least sure_need() bytes. That
 * bounds an aligned search at FIRSTFIT_ALIGN_TRIES paths of the tree.
 * For 8-byte alignment no block is marginal: plain first fit.
 */
static struct ff_free *find_list(size_t bytes, size_t align)
{
	size_t need = min_need(bytes), sure = sure_need(bytes, align);
	unsigned int tries = 0;

	for (struct ff_free *n = list_next(&free_head); n != &free_head;
	     n = list_next(n)) {
		size_t size = node_size(n);

		if (size < need)
			continue;
		if (size >= sure)
			return n;
		if (tries++ < FIRSTFIT_ALIGN_TRIES &&
		    ff_fit(block_of(n), size, bytes, align))
			return n;
	}
	return NULL;
}

static struct ff_free *find_free_once(size_t bytes, size_t align)
{
	struct ff_free *n;

	if (!IS_ENABLED(CONFIG_FIRSTFIT_TREE_INDEX))
		return find_list(bytes, align);
	n = ff_index_find(bytes, align);
	if (IS_ENABLED(CONFIG_KMALLOC_CHECK_EVERY_OP) &&
	    n != find_list(bytes, align))
		kmalloc_validate_fail(
			"tree chose %p, list walk %p for %zu bytes", n,
			find_list(bytes, align), bytes);
	return n;
}

/* The free block for @bytes at @align; after a forged link, searched again. */
static __always_inline struct ff_free *find_free(size_t bytes, size_t align)
{
	struct ff_free *n = find_free_once(bytes, align);

	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) && n && !ff_node_ok(n))
		ff_link_forged(n);
	if (unlikely(ff_links_forged())) {
		ff_rebuild();
		n = find_free_once(bytes, align);
	}
	return n;
}

void *firstfit_choose_list(size_t size, size_t align)
{
	struct ff_free *n = find_list(ALIGN(size, 8), align);

	return n ? (void *)block_of(n) : NULL;
}

void *firstfit_choose_tree(size_t size, size_t align)
{
	struct ff_free *n = ff_index_find(ALIGN(size, 8), align);

	return n ? (void *)block_of(n) : NULL;
}

/* ------------------------------------------------------------------ */
/* Allocation */

/* The report names the first byte written after free. */
static void check_poison(unsigned long from, unsigned long to)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		check_bytes_and_report("write after free", NULL, 0,
				       (void *)from, POISON_FREE, to - from);
}

/*
 * Carve an allocated block with payload @bytes (multiple of 8) at @align
 * out of free block @n. Return: the payload address.
 */
static __always_inline unsigned long ff_take(struct ff_free *n, size_t bytes,
					     size_t align, u32 flags)
{
	unsigned long b = block_of(n), end = b + node_size(n);
	unsigned long a = ff_fit(b, node_size(n), bytes, align);
	unsigned long ab = a - TAG; /* the allocated block */
	size_t asize = block_bytes(bytes);

	if (end - (ab + asize) < MIN_BLOCK)
		asize = end - ab; /* the remainder is too small: absorb it */
	/* What is handed out was poisoned, except n's own tag and node. */
	check_poison(max(ab, (unsigned long)(n + 1)),
		     min(ab + asize, end - FTR));
	/* (a remainder's payload was free, so it is still poisoned) */
	if (ab != b && ab - b < MIN_BLOCK) {
		/*
		 * A gap too small to be a free block stays at the front of
		 * the allocated block (FF_INNER): unlink @n first, the new
		 * tags cover its node. The block before @n is allocated.
		 */
		if (ab + asize < end) {
			move_free(n, ab + asize, end - (ab + asize));
		} else {
			del_free(n);
			next_sees_used(end);
		}
		asize += ab - b;
		set_hdr(b, asize, FF_ALLOC | FF_INNER | flags);
		set_inner(b, ab - b);
		used_bytes += asize;
		return a;
	} else if (ab != b) {
		/* The gap in front stays free, in place: shrink it. */
		set_free_tags(b, ab - b);
		ff_index_resized(n, end - b);
		if (ab + asize < end)
			add_free(ab + asize, end - (ab + asize), n);
		else
			next_sees_used(end);
		flags |= FF_PREV_FREE;
	} else if (ab + asize < end) {
		/* The remainder takes the block's place in list and tree. */
		move_free(n, ab + asize, end - (ab + asize));
	} else {
		del_free(n);
		next_sees_used(end);
	}
	set_hdr(ab, asize, FF_ALLOC | flags);
	used_bytes += asize;
	return a;
}

/* The address right after the block at @h. */
static inline unsigned long block_end(const struct bt_tag *h)
{
	return (unsigned long)h + tag_size(h);
}

/* Usable bytes of the allocated block at @h. */
static inline size_t usable(const struct bt_tag *h)
{
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		return bt_rz_size((unsigned long)h + TAG + lead_of(h),
				  block_end(h));
	return tag_size(h) - TAG - lead_of(h);
}

static size_t peak_used_bytes;

static inline void note_used_peak(void)
{
	if (used_bytes > peak_used_bytes)
		peak_used_bytes = used_bytes;
}

static __noinline bool add_pending_regions(void);

/*
 * Inlined into each caller, so that the 8-byte aligned ones (cache
 * objects, sizes that are no power of two) lose the alignment work.
 */
static __always_inline unsigned long ff_alloc(size_t size, size_t align,
					      u32 flags)
{
	size_t bytes = ALIGN(size, 8);
	struct ff_free *n = find_free(bytes, align);
	struct bt_tag *h;
	unsigned long a;

	if (unlikely(!n) && add_pending_regions())
		n = find_free(bytes, align);
	if (!n)
		return 0;
	a = ff_take(n, bytes, align, flags);
	ff_settle();
	h = hdr_at(a - TAG);
	if (h->size_flags &
	    FF_INNER) /* an inner tag: lead back to the header */
		h = hdr_at(a - TAG - tag_size(h));
	note_used_peak();
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		bt_set_redzone(a, size, block_end(h));
	kstat_alloc(usable(h));
	return a;
}

void *backend_kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	size_t align = 8;

	if (!(size & (size - 1)) && size <= PAGE_SIZE && size > 8)
		align = size;
	return (void *)ff_alloc(size, align, 0);
}

void *backend_kmalloc_minalign(size_t size, gfp_t gfp, unsigned long caller)
{
	return (void *)ff_alloc(size, 8, 0);
}

void *backend_alloc_pages(gfp_t gfp, unsigned int order)
{
	return bt_page_block_taken(
		ff_alloc(PAGE_SIZE << order, PAGE_SIZE, FF_PAGES), order);
}

/* ------------------------------------------------------------------ */
/* Freeing */

static inline void poison(unsigned long from, unsigned long to)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		memset((void *)from, POISON_FREE, to - from);
}

/*
 * Free the allocated block at @b and coalesce it with whichever neighbours
 * are free (boundary tags: the header after @b; when @b's FF_PREV_FREE is
 * set, the footer before it).
 * With poisoning, only the bytes that change role are poisoned (the block
 * itself and the tags and node that end up inside the merged block), then
 * the merged block's tags and node are written: O(block), not O(merged).
 */
static void ff_release(unsigned long b)
{
	u32 hflags = hdr_at(b)->size_flags;
	size_t size = hflags & ~FF_FLAGS, merged = size;
	struct bt_tag *nh = hdr_at(b + size); /* next header */
	bool prev_free = hflags & FF_PREV_FREE;
	bool next_free = !(nh->size_flags & FF_ALLOC);

	used_bytes -= size;
	/*
	 * Clear the allocated bit in the block's header first: once merged it
	 * lies inside another block, and a later kfree() of the same pointer
	 * must find a free block there, never an allocated one.
	 */
	set_hdr(b, size, 0);
	if (next_free) {
		struct ff_free *nn = node_of(b + size);

		merged += tag_size(nh);
		if (!prev_free) {
			/* The merged block takes the next one's place. */
			poison(b, b + size);
			move_free(nn, b, merged);
			poison(b + size, (unsigned long)(nn + 1));
			return;
		}
		del_free(nn);
		poison(b + size, (unsigned long)(nn + 1));
	}
	poison(b, b + size);
	if (prev_free) {
		unsigned long pb = b - *footer_at(b);

		poison(b - FTR, b);
		set_free_tags(pb, merged + (b - pb));
		ff_index_resized(node_of(pb), b - pb);
		return;
	}
	add_free(b, merged, list_pred(b));
}

static struct ff_region *region_of(unsigned long a)
{
	for (unsigned int i = 0; i < nr_regions; i++)
		if (a - regions[i].start < regions[i].end - regions[i].start)
			return &regions[i];
	return NULL;
}

static bool hdr_ok(const struct bt_tag *h)
{
	return h->magic == hdr_magic(h);
}

static const struct bt_layout ff_layout = {
	.hdr_ok = hdr_ok,
	.flags = FF_FLAGS,
	.prev_free = FF_PREV_FREE,
	.free_flags = 0,
	.hdr_seed = FF_HDR_MAGIC,
	.min_block = MIN_BLOCK,
};

/* Is the free block before @h (of region @r) intact, if there is one? */
static inline bool prev_footer_ok(const struct bt_tag *h,
				  const struct ff_region *r)
{
	return bt_prev_footer_ok(h, r->start, &ff_layout);
}

/*
 * Walk @r's blocks to the one containing @a. Return: its header, or NULL
 * when a broken tag stops the walk first (*@bad is set to it).
 */
static struct bt_tag *walk_to(struct ff_region *r, unsigned long a,
			      struct bt_tag **bad)
{
	return bt_walk_to(r->start, r->end, a, bad, &ff_layout);
}

/*
 * Classify and report a pointer the fast checks refused, passed to kfree()
 * (@want 0), free_pages() (FF_PAGES) or, with @ksize, ksize(). Return:
 * -EINVAL.
 */
static __noinline int ff_bad(const void *p, unsigned long caller, u32 want,
			     bool ksize)
{
	unsigned long a = (unsigned long)p;
	struct ff_region *r = region_of(a);
	struct bt_tag *h = bt_bad_block(p, caller, r ? r->start : 0,
					r ? r->end : 0, &ff_layout);

	if (!h)
		return -EINVAL;
	/* (FF_INNER is an allocated block's: a free one has no kind bits) */
	if ((h->size_flags & FF_INNER) && !inner_ok(h) &&
	    a - (unsigned long)h <= MIN_BLOCK)
		kmalloc_report_bad("corrupted header", p, caller);
	else
		bt_report_bad_block(p, caller, !(h->size_flags & FF_ALLOC),
				    payload_of(h), h->size_flags & FF_PAGES,
				    want, prev_footer_ok(h, r), ksize);
	return -EINVAL;
}

bool backend_in_free_block(const void *p)
{
	unsigned long a = (unsigned long)p;
	struct ff_region *r = region_of(a);
	struct bt_tag *h, *bad;

	if (!r || a < r->start + TAG)
		return false;
	h = walk_to(r, a, &bad);
	return h && !(h->size_flags & FF_ALLOC);
}

static inline bool ff_owns(unsigned long a)
{
	/* Room for a header before @a inside one region. */
	struct ff_region *r = region_of(a);

	return r && a >= r->start + 2 * TAG;
}

/* The checks every free and ksize makes before believing a header. */
static inline struct bt_tag *ff_live_header(const void *p, u32 want)
{
	unsigned long a = (unsigned long)p;
	struct bt_tag *h = hdr_at(a - TAG), *nh;
	struct ff_region *r;
	u32 inner = 0;

	if (unlikely((a & 7) || !ff_owns(a)))
		return NULL;
	if (unlikely(h->magic == inr_magic(h))) {
		/* An inner tag: the block starts up to MIN_BLOCK earlier. */
		struct bt_tag *t = h;

		if (t->size_flags != (tag_size(t) | FF_INNER) ||
		    tag_size(t) < TAG || tag_size(t) >= MIN_BLOCK ||
		    !ff_owns(a - tag_size(t)))
			return NULL;
		h = hdr_at(a - TAG - tag_size(t));
		if (h->magic != hdr_magic(h) || lead_of(h) != tag_size(t))
			return NULL;
		inner = FF_INNER;
	}
	if (unlikely(h->magic != hdr_magic(h) ||
		     (h->size_flags & FF_KIND) != (FF_ALLOC | inner | want)))
		return NULL;
	r = region_of(a);
	if (unlikely(tag_size(h) < MIN_BLOCK ||
		     tag_size(h) > r->end - TAG - (unsigned long)h))
		return NULL;
	/* The neighbours ff_release() will read: a header, a free footer. */
	nh = hdr_at((unsigned long)h + tag_size(h));
	if (unlikely(nh->magic != hdr_magic(nh) || !prev_footer_ok(h, r)))
		return NULL;
	return h;
}

static int ff_free_block(const void *p, unsigned long caller, u32 want)
{
	struct bt_tag *h = ff_live_header(p, want);

	if (unlikely(!h))
		return ff_bad(p, caller, want, false);
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		bt_check_redzone(p, block_end(h), caller);
	kstat_free(usable(h));
	ff_release((unsigned long)h);
	ff_settle();
	return 0;
}

int backend_kfree(const void *p, unsigned long caller)
{
	return ff_free_block(p, caller, 0);
}

size_t backend_ksize(const void *p, unsigned long caller)
{
	struct bt_tag *h = ff_live_header(p, 0);

	if (unlikely(!h)) {
		ff_bad(p, caller, 0, true);
		return 0;
	}
	return usable(h);
}

void backend_shrink(const void *p, size_t new_size)
{
	struct bt_tag *h;

	if (!IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		return;
	h = ff_live_header(p, 0);
	if (!h)
		return;
	bt_shrink_redzone(p, new_size, usable(h), block_end(h));
}

int backend_free_pages(void *addr, unsigned int order, unsigned long caller)
{
	struct bt_tag *h = ff_live_header(addr, FF_PAGES);

	if (!h)
		return ff_bad(addr, caller, FF_PAGES, false);
	if (!bt_page_block_freed(addr, order, usable(h), caller))
		return -EINVAL;
	return ff_free_block(addr, caller, FF_PAGES);
}

/* ------------------------------------------------------------------ */
/* Setup, statistics, validate, show */

/* Make [start, end) an arena: two fences and one free block between. */
static void add_region(unsigned long start, unsigned long end)
{
	unsigned int i = nr_regions++;
	struct ff_region *r;
	struct bt_tag *f;

	while (i && regions[i - 1].start > start) { /* keep address order */
		regions[i] = regions[i - 1];
		i--;
	}
	r = &regions[i];
	r->start = start;
	r->end = end;
	if (!ff_heap_span || start < ff_heap_lo) {
		ff_heap_span += ff_heap_span ? ff_heap_lo - start : 0;
		ff_heap_lo = start;
	}
	ff_heap_span = max(ff_heap_span, end - ff_heap_lo);
	/* Fences: an allocated footer in front, header at the end. */
	f = hdr_at(r->start);
	f->size_flags = TAG | FF_ALLOC;
	f->magic = ftr_magic(f);
	set_hdr(r->end - TAG, TAG, FF_ALLOC);
	add_free(r->start + TAG, r->end - r->start - 2 * TAG,
		 list_pred(r->start + TAG));
	poison_free_block(r->start + TAG, r->end - r->start - 2 * TAG);
}

/* Put the arenas held back at boot in the pools. Return: any added. */
static __noinline bool add_pending_regions(void)
{
	return bt_add_spans(pending, &nr_pending, add_region);
}

/*
 * The largest arena is the pool at boot; the others (a page below the
 * trace modules) wait until it is full, so that first fit does not fill
 * them first and spread the objects over both sides of the modules.
 */
int kmalloc_backend_init(void)
{
	ff_set(&free_head, next, &free_head);
	ff_set(&free_head, prev, &free_head);
	return bt_init_heap(pending, ARRAY_SIZE(pending), FF_REGION_MAX,
			    MIN_BLOCK + 2 * TAG, &nr_pending, add_region);
}

void backend_sync_stats(struct kmalloc_stats *st)
{
	kstat_sync_used_bytes(st, used_bytes, &peak_used_bytes);
}

unsigned long *firstfit_nr_free_for_test(void)
{
	return &nr_free;
}

void firstfit_get_info(struct bt_heap_info *info)
{
	const struct ff_free *pending = ff_walk_begin();

	*info = (struct bt_heap_info){ .nr_free = nr_free,
				       .nr_pools = nr_regions,
				       .nr_pending = nr_pending };
	for (struct ff_free *n = list_next(&free_head); n != &free_head;
	     n = list_next(n)) {
		info->free_bytes += node_size(n);
		info->largest_free =
			max(info->largest_free, (size_t)node_size(n));
	}
	ff_walk_end(pending);
}

int backend_free_space(unsigned long *largest, unsigned long *total)
{
	return bt_free_space(firstfit_get_info, pending, nr_pending, largest,
			     total);
}

size_t firstfit_block_at(const void *hdr, bool *allocated)
{
	const struct bt_tag *h = hdr;
	struct ff_region *r = region_of((unsigned long)hdr);

	if (r && h->magic == inr_magic(h)) /* an inner tag: go to the header */
		h = hdr_at((unsigned long)h - tag_size(h));
	if (!r || h->magic != hdr_magic(h) || tag_size(h) < MIN_BLOCK)
		return 0;
	*allocated = h->size_flags & FF_ALLOC;
	return tag_size(h);
}

size_t firstfit_inner_gap(const void *p)
{
	const struct bt_tag *t = hdr_at((unsigned long)p - TAG);

	return t->magic == inr_magic(t) ? tag_size(t) : 0;
}

static int validate_block(unsigned long b, struct bt_tag *h,
			  struct ff_free **expect, unsigned long *live,
			  unsigned long *bytes, size_t *used)
{
	size_t size = tag_size(h);
	bool is_free = !(h->size_flags & FF_ALLOC);
	int errors = 0;

	if (!(hdr_at(b + size)->size_flags & FF_PREV_FREE) != !is_free)
		errors += kmalloc_validate_fail(
			"block %#lx: next header's previous-free bit %s", b,
			is_free ? "clear" : "set");
	if (is_free && *footer_at(b + size) != h->size_flags)
		errors += kmalloc_validate_fail(
			"free block %#lx: footer %#x does not match header %#x",
			b, *footer_at(b + size), h->size_flags);
	if (h->size_flags & FF_ALLOC) {
		(*live)++;
		*bytes += usable(h);
		*used += size;
		if ((h->size_flags & FF_INNER) && !inner_ok(h)) {
			errors += kmalloc_validate_fail(
				"block %#lx: inner tag broken", b);
			return errors;
		}
		if ((h->size_flags & FF_PAGES) &&
		    !PageHead(virt_to_page((void *)payload_of(h))))
			errors += kmalloc_validate_fail(
				"page block %#lx: not PG_head", payload_of(h));
		if (IS_ENABLED(CONFIG_KMALLOC_REDZONE) &&
		    !bt_redzone_intact((void *)payload_of(h), block_end(h)))
			errors += kmalloc_validate_fail(
				"object %#lx: redzone overwritten",
				payload_of(h));
		return errors;
	}
	if (node_of(b) != *expect)
		errors += kmalloc_validate_fail(
			"free block %#lx: free list has %p here", b, *expect);
	else
		*expect = ff_get(*expect, next);
	if (!(hdr_at(b + size)->size_flags & FF_ALLOC))
		errors += kmalloc_validate_fail(
			"free blocks %#lx and %#lx not coalesced", b, b + size);
	if (IS_ENABLED(CONFIG_KMALLOC_POISON) && !kmalloc_validating_op &&
	    memchr_inv(node_of(b) + 1, POISON_FREE,
		       size - TAG - sizeof(struct ff_free) - FTR))
		errors += kmalloc_validate_fail(
			"free block %#lx written after free", b);
	return errors;
}

int backend_validate(void)
{
	struct ff_free *expect = ff_get(&free_head, next), *prev = &free_head;
	unsigned long live = 0, bytes = 0, n = 0;
	size_t used = 0;
	int errors = 0;

	for (struct ff_free *it = expect; it != &free_head;
	     it = ff_get(it, next)) {
		if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) &&
		    !ff_node_ok(it))
			return errors +
			       kmalloc_validate_fail(
				       "free list link forged after %p", prev);
		if (ff_get(it, prev) != prev ||
		    (prev != &free_head && it <= prev))
			return errors + kmalloc_validate_fail(
						"free list broken at %p", it);
		prev = it;
		if (++n > nr_free)
			return kmalloc_validate_fail(
				"free list longer than %lu", nr_free);
	}
	if (n != nr_free)
		errors += kmalloc_validate_fail(
			"free list has %lu blocks, count %lu", n, nr_free);
	for (unsigned int i = 0; i < nr_regions; i++) {
		struct ff_region *r = &regions[i];
		unsigned long b = r->start + TAG, end = r->end - TAG;
		struct bt_tag *f = hdr_at(r->start), *e = hdr_at(end);

		if (f->size_flags != (TAG | FF_ALLOC) ||
		    f->magic != ftr_magic(f) ||
		    (e->size_flags & ~FF_PREV_FREE) != (TAG | FF_ALLOC) ||
		    e->magic != hdr_magic(e))
			errors += kmalloc_validate_fail(
				"region %u: fence overwritten", i);
		if (hdr_at(b)->size_flags & FF_PREV_FREE)
			errors += kmalloc_validate_fail(
				"block %#lx: previous-free bit set after the fence",
				b);
		while (b < end) {
			struct bt_tag *h = hdr_at(b);
			size_t size = tag_size(h);

			if (h->magic != hdr_magic(h) || size < MIN_BLOCK ||
			    size > end - b) {
				errors += kmalloc_validate_fail(
					"block %#lx: corrupted header %#x/%#x",
					b, h->size_flags, h->magic);
				break;
			}
			errors += validate_block(b, h, &expect, &live, &bytes,
						 &used);
			b += size;
		}
	}
	if (expect != &free_head)
		errors += kmalloc_validate_fail(
			"free list block %p not in any region", expect);
	errors += ff_index_validate(&free_head);
	if (!errors)
		errors += bt_validate_totals(live, bytes, used, used_bytes);
	return errors;
}

void backend_show(void)
{
	struct bt_heap_info info;
	unsigned long hist[32] = { 0 };
	const struct ff_free *pending;

	firstfit_get_info(&info);
	pr_info("firstfit: %lu free blocks, %zu KiB free, largest %zu KiB, %zu KiB in allocated blocks, index %s\n",
		info.nr_free, info.free_bytes >> 10, info.largest_free >> 10,
		used_bytes >> 10,
		IS_ENABLED(CONFIG_FIRSTFIT_TREE_INDEX) ? "treap" :
							 "none (list walk)");
	pending = ff_walk_begin();
	for (struct ff_free *n = list_next(&free_head); n != &free_head;
	     n = list_next(n))
		hist[31 - __builtin_clz(node_size(n))]++;
	ff_walk_end(pending);
	pr_info("# free block size   count\n");
	for (int i = 0; i < 32; i++)
		if (hist[i])
			pr_info("firstfit >= %-10lu %6lu\n", 1UL << i, hist[i]);
}

/* The block at @b for bt_walk_heap(). */
static bool view_block(unsigned long b, struct bt_block_view *v)
{
	struct bt_tag *h = hdr_at(b);

	if (h->magic != hdr_magic(h) || tag_size(h) < MIN_BLOCK)
		return false;
	v->size = tag_size(h);
	v->is_free = !(h->size_flags & FF_ALLOC);
	v->payload = payload_of(h);
	v->usable = v->is_free ? 0 : usable(h);
	return true;
}

void backend_walk(kmalloc_walk_fn fn, void *arg)
{
	/* A pool is laid out as a struct bt_span. */
	BUILD_BUG_ON(sizeof(struct ff_region) != sizeof(struct bt_span) ||
		     offsetof(struct ff_region, end) !=
			     offsetof(struct bt_span, end));
	bt_walk_heap((const struct bt_span *)regions, nr_regions, pending,
		     nr_pending, view_block, fn, arg);
}
