/* SPDX-License-Identifier: GPL-2.0 */
/*
 * First-fit backend internals: the block layout and tag helpers shared by
 * the allocator (mm/firstfit.c), its free-block index (mm/firstfit_tree.c,
 * stubs here without CONFIG_FIRSTFIT_TREE_INDEX) and its white-box tests
 * (mm/firstfit_test.c). Not an API: everything else uses kmalloc().
 */
#ifndef _MM_FIRSTFIT_H
#define _MM_FIRSTFIT_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/freeptr.h>
#include "boundary_tag.h"

/* Bytes of a block's header (before the payload): every block has one. */
#define FIRSTFIT_TAG_BYTES 8
/* Bytes of a free block's footer (its size); allocated blocks have none. */
#define FIRSTFIT_FTR_BYTES 4
/* Smallest block, tags included: a free block holds its index node. */
#define FIRSTFIT_MIN_BLOCK 40
/*
 * Free blocks that fit an aligned request only after its alignment gap is
 * worked out: how many of them (in address order) a search tries before it
 * takes the first block that fits at any alignment (mm/firstfit.c,
 * find_list()). Bounds the tree search at this many paths plus one.
 */
#define FIRSTFIT_ALIGN_TRIES 8

/**
 * firstfit_get_info - summarise the heap (walks the free list)
 * @info: filled in: the free blocks, the pools and the arenas held back
 */
void firstfit_get_info(struct bt_heap_info *info);

/**
 * firstfit_nr_free_for_test - the free-block count validate() checks
 *
 * For mm/firstfit_test.c only, which damages it (and repairs it before
 * anything else runs) to see validate() report it.
 * Return: the address of the backend's count of blocks on the free list.
 */
unsigned long *firstfit_nr_free_for_test(void);

/**
 * firstfit_choose_list - the free block first fit picks, by walking the list
 * @size: payload bytes (> 0)
 * @align: payload alignment, bytes, a power of two >= 8
 * Return: the chosen free block's address (its header), or NULL.
 */
void *firstfit_choose_list(size_t size, size_t align);

/**
 * firstfit_choose_tree - the free block first fit picks, by the tree index
 * @size: payload bytes (> 0)
 * @align: payload alignment, bytes, a power of two >= 8
 * Return: as firstfit_choose_list(); always NULL without
 * CONFIG_FIRSTFIT_TREE_INDEX.
 */
void *firstfit_choose_tree(size_t size, size_t align);

/**
 * firstfit_rebuild_free_lists - build the free list and the treap again
 *
 * From the boundary tags, region by region (a broken header ends a
 * region's walk): what the hardened heap does after a forged link, for
 * the attack suite to repair a heap it let follow one. No report.
 * Context: no other CPU in the heap (a ktest case).
 */
void firstfit_rebuild_free_lists(void);

/**
 * firstfit_block_at - describe the block whose header is at @hdr
 * @hdr: address of a block header
 * @allocated: set to whether the block is allocated
 * Return: the block size in bytes, header (and a free block's footer)
 * included, or 0 when @hdr is not a valid header.
 */
size_t firstfit_block_at(const void *hdr, bool *allocated);

/**
 * firstfit_inner_gap - alignment gap kept inside an object's block
 * @p: a live object
 * Return: the bytes between the block's header and the object's inner tag
 * (the gap was too small to be a free block), 0 when there is none.
 */
size_t firstfit_inner_gap(const void *p);

/* ------------------------------------------------------------------ */
/*
 * Block layout, shared by mm/firstfit.c, its index (mm/firstfit_tree.c)
 * and the tests. mm/firstfit.c's top comment describes it.
 */

#define FF_ALLOC 0x1u
#define FF_PAGES 0x2u
#define FF_INNER 0x4u
#define FF_KIND 0x7u
#define FF_PREV_FREE 0x80000000u /* sizes stay below 1 GiB (init) */
#define FF_FLAGS (FF_KIND | FF_PREV_FREE)
#define FF_HDR_MAGIC 0xf1f7a11cu
#define FF_FTR_MAGIC 0xf1f7f007u
#define FF_INR_MAGIC 0xf1f71a4eu

#define TAG FIRSTFIT_TAG_BYTES
#define FTR FIRSTFIT_FTR_BYTES
#define MIN_BLOCK FIRSTFIT_MIN_BLOCK

#define RZ_WORD BT_RZ_WORD

struct ff_free {
	struct ff_free *next, *prev; /* address-ordered free list */
	struct ff_free *left, *right; /* treap */
	struct ff_free *parent;
	u32 prio; /* treap priority: hash of an address */
	u32 max; /* largest block size in this subtree */
};

BUILD_BUG_ON(TAG + sizeof(struct ff_free) + FTR > MIN_BLOCK);

/*
 * The five links of a free block's node are free pointers, stored and
 * loaded only through <kmlab/freeptr.h>: encoded with the per-boot secret
 * and the link's address under CONFIG_SLAB_FREELIST_HARDENED, plain
 * without. ff_get() decodes without a check; a link that is followed is
 * checked first (ff_node_ok()).
 */
#define ff_get(n, field) freeptr_load(&(n)->field)
#define ff_set(n, field, v) freeptr_store(&(n)->field, (v))

/**
 * ff_node_ok - may a decoded free-list or treap link to @n be followed?
 * @n: the node the link points at (a free block's payload)
 *
 * CONFIG_SLAB_FREELIST_HARDENED's full check, made where a node is
 * unlinked, linked after or handed out: @n is the node of a free block of
 * a region, 8-byte aligned, behind a header with a valid magic, no kind
 * bits and a size inside the region. A forged link decodes to an
 * unpredictable address, which passes with a probability of about the
 * free blocks over 2^32 times the chance that a header's magic matches.
 * Context: any; heap_lock held for the answer to stay true. Reports
 * nothing: the caller does (ff_link_forged()).
 * Return: true when @n may be followed, false when the link is forged.
 */
bool ff_node_ok(const struct ff_free *n);

/* The node reported by ff_link_forged(), NULL when none is pending. */
extern const struct ff_free *ff_forged;

/*
 * A link held by @n failed its check: the list and the index are not
 * touched again until the operation ends, which reports @n (the first
 * one) and builds both again from the boundary tags.
 */
static inline void ff_link_forged(const struct ff_free *n)
{
	if (!ff_forged)
		ff_forged = n;
}

/*
 * A walk that changes nothing (backend_validate(), firstfit_get_info(),
 * backend_show()) follows links through the same checks, which record a
 * forged one in ff_forged for the operation's end. Bracketed by these, it
 * leaves ff_forged as it found it, so that the next kmalloc() or kfree()
 * does not report a link it never followed: ff_walk_begin() returns what
 * was pending and clears it; ff_walk_end(), given that, puts it back and
 * returns the node whose link the walk found forged (NULL when none).
 */
static inline const struct ff_free *ff_walk_begin(void)
{
	const struct ff_free *pending = ff_forged;

	ff_forged = NULL;
	return pending;
}

static inline const struct ff_free *ff_walk_end(const struct ff_free *pending)
{
	const struct ff_free *bad = ff_forged;

	ff_forged = pending;
	return bad;
}

/* Has a link failed its check in this operation? (false without it) */
static __always_inline bool ff_links_forged(void)
{
	return IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) && unlikely(ff_forged);
}

/*
 * Every region lies in [ff_heap_lo, ff_heap_lo + ff_heap_span): the cheap
 * check of a link on the search paths.
 */
extern unsigned long ff_heap_lo, ff_heap_span;

/*
 * A link of @holder followed by a search or a treap update, checked
 * cheaply: 8-byte aligned and inside the heap's span (a forged link
 * passes with a probability of the span over 2^35). Where a node is
 * unlinked, linked after or handed out, ff_node_ok() checks it in full.
 * Return: @v, or NULL when it fails (or is NULL).
 */
static __always_inline struct ff_free *ff_follow(const struct ff_free *holder,
						 struct ff_free *v)
{
	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) && v &&
	    unlikely((unsigned long)v - ff_heap_lo >= ff_heap_span ||
		     ((unsigned long)v & 7))) {
		ff_link_forged(holder);
		return NULL;
	}
	return v;
}
BUILD_BUG_ON(TAG != BT_TAG_BYTES || FTR != BT_FTR_BYTES);

/*
 * What a tag's magic covers besides its address: the size and the kind
 * bits (not FF_PREV_FREE, which the neighbours flip; the footer check
 * covers it). mm/boundary_tag.h says why.
 */
static inline u32 hdr_magic(const struct bt_tag *t)
{
	return bt_magic(t, FF_HDR_MAGIC, FF_PREV_FREE);
}

static inline u32 ftr_magic(const struct bt_tag *t)
{
	return bt_sizeless_magic(t, FF_FTR_MAGIC);
}

static inline size_t tag_size(const struct bt_tag *t)
{
	return bt_size(t, FF_FLAGS);
}

/* Write the header of the block at @b (@flags include FF_PREV_FREE). */
static inline void set_hdr(unsigned long b, size_t size, u32 flags)
{
	struct bt_tag *h = hdr_at(b);

	h->size_flags = size | flags;
	h->magic = hdr_magic(h);
}

/*
 * Make [b, b + size) a free block's tags: a header (the block before a
 * free block is always allocated), the footer, FF_PREV_FREE in the next
 * header.
 */
static inline void set_free_tags(unsigned long b, size_t size)
{
	set_hdr(b, size, 0);
	*footer_at(b + size) = size;
	hdr_at(b + size)->size_flags |= FF_PREV_FREE;
}

/* The block ending at @end is allocated now: clear the next one's bit. */
static inline void next_sees_used(unsigned long end)
{
	hdr_at(end)->size_flags &= ~FF_PREV_FREE;
}

/* A free block's node is its payload. */
static inline struct ff_free *node_of(unsigned long b)
{
	return bt_payload(b);
}

static inline unsigned long block_of(const struct ff_free *n)
{
	return bt_block_of(n);
}

static inline u32 node_size(const struct ff_free *n)
{
	return tag_size(hdr_at(block_of(n)));
}

/* Size of the allocated block for @bytes of payload, header included. */
static inline size_t block_bytes(size_t bytes)
{
	return max((size_t)MIN_BLOCK, TAG + bytes + RZ_WORD);
}

/*
 * Is free block @b the first of its region (after the fence)? The 8 bytes
 * before any other block are the end of an allocated block's payload:
 * user data matching the fence only makes the lead larger (still valid).
 */
static inline bool region_first(unsigned long b)
{
	const struct bt_tag *f = hdr_at(b - TAG);

	return f->size_flags == (TAG | FF_ALLOC) && f->magic == ftr_magic(f);
}

/*
 * Bytes between free block @b's payload and an object placed in it at
 * @align. A gap of at least MIN_BLOCK stays a free block; a smaller one
 * stays in the allocated block (FF_INNER) - except in the first block of
 * a region, whose gap is 0 or at least MIN_BLOCK, which keeps the fence
 * simple. The lead does not depend on the object's size, so a request
 * fits iff block_bytes() <= size - lead.
 */
static inline unsigned long lead_for(unsigned long b, size_t align)
{
	unsigned long payload = b + TAG, a;

	if (align <= 8)
		return 0; /* blocks and tags are multiples of 8 */
	a = ALIGN(payload, align);

	if (a != payload && a - payload < MIN_BLOCK && region_first(b))
		a = ALIGN(payload + MIN_BLOCK, align);
	return a - payload;
}

/*
 * Where an object of @bytes payload (multiple of 8) at @align would go in
 * free block @b of @size bytes. Return: the payload address, or 0 when it
 * does not fit. Both searches use only this predicate.
 */
static inline unsigned long ff_fit(unsigned long b, size_t size, size_t bytes,
				   size_t align)
{
	unsigned long lead = lead_for(b, align);

	return lead + block_bytes(bytes) <= size ? b + TAG + lead : 0;
}

/* Block bytes a request needs at least, header included (for pruning). */
static inline size_t min_need(size_t bytes)
{
	return block_bytes(bytes);
}

/*
 * Free blocks of at least @sure bytes hold an object of @bytes at @align
 * wherever they start: the worst lead is align - 8 (or MIN_BLOCK more in
 * a region's first block, see lead_for()).
 */
static inline size_t sure_need(size_t bytes, size_t align)
{
	return align > 8 ? min_need(bytes) + MIN_BLOCK + align - 8 :
			   min_need(bytes);
}

/* ------------------------------------------------------------------ */
/*
 * The address-ordered index of the free blocks (mm/firstfit_tree.c, with
 * CONFIG_FIRSTFIT_TREE_INDEX); without it these are stubs and first fit
 * walks the free list.
 */
#ifdef CONFIG_FIRSTFIT_TREE_INDEX
/* Free block @n joins the index (its tags and size are set). */
void ff_index_insert(struct ff_free *n);
/* Free block @n leaves the index. */
void ff_index_delete(struct ff_free *n);
/* @n's block size changed from @old_size bytes (its address did not). */
void ff_index_resized(struct ff_free *n, u32 old_size);
/*
 * @new takes @old's place (no free block lies between them); @old_size:
 * @old's block size in bytes.
 */
void ff_index_replace(struct ff_free *old, struct ff_free *new, u32 old_size);
/* The free block right below address @a, or NULL. */
struct ff_free *ff_index_pred(unsigned long a);
/* The free block first fit chooses for @bytes (multiple of 8) at @align. */
struct ff_free *ff_index_find(size_t bytes, size_t align);
/* Empty the index (before it is built again, block by block). */
void ff_index_reset(void);
/*
 * Check the index against the free list at @head (in address order).
 * Return: the number of violations, each printed by kmalloc_validate_fail().
 */
int ff_index_validate(const struct ff_free *head);
#else
static inline void ff_index_insert(struct ff_free *n)
{
}

static inline void ff_index_delete(struct ff_free *n)
{
}

static inline void ff_index_resized(struct ff_free *n, u32 old_size)
{
}

static inline void ff_index_replace(struct ff_free *old, struct ff_free *new,
				    u32 old_size)
{
}

static inline struct ff_free *ff_index_pred(unsigned long a)
{
	return NULL;
}

static inline struct ff_free *ff_index_find(size_t bytes, size_t align)
{
	return NULL;
}

static inline void ff_index_reset(void)
{
}

static inline int ff_index_validate(const struct ff_free *head)
{
	return 0;
}
#endif /* CONFIG_FIRSTFIT_TREE_INDEX */

#endif /* _MM_FIRSTFIT_H */
