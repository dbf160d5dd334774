// SPDX-License-Identifier: GPL-2.0
/*
 * tlsf: two-level segregated fit, O(1) kmalloc and kfree.
 *
 * The algorithm is M. Masmano, I. Ripoll, A. Crespo and J. Real, "TLSF: a
 * new dynamic memory allocator for real-time systems", ECRTS 2004: free
 * blocks sit on segregated lists indexed by two levels of size classes,
 * two levels of bitmaps say which lists are not empty, and a find-first-
 * set instruction on each finds a suitable list in constant time; blocks
 * carry boundary tags, so a freed block merges with both neighbours at
 * once. Written for kmlab from the paper, not from its code.
 *
 * Size classes. A free block of s bytes (header included) is on list
 * (fl, sl): fl is the highest set bit of s (fls(s) - 1 - 7, so that every
 * size below TLSF_SMALL_BLOCK = 256 has fl 0) and sl the next
 * TLSF_SL_INDEX_COUNT_LOG2 = 5 bits below it, 32 classes per power of two
 * ("mapping_insert"); below 256 bytes the classes are exactly 8 bytes
 * apart. A request rounds its size up to the next class boundary first
 * ("mapping_search"), so the head of any non-empty list at or above that
 * class holds it: no list is ever searched (good fit, not best fit; the
 * waste is bounded by the class width, 1/32 of the size). fl_bitmap has
 * bit fl set when sl_bitmap[fl] is not zero, and sl_bitmap[fl] bit sl
 * when list heads[fl * 32 + sl] is not empty.
 *
 * Blocks. Each usable memblock region is one pool, cut into blocks that
 * tile it exactly between two fences:
 *
 *	| fence | hdr payload | hdr links ... ftr | hdr payload | ... | fence |
 *	          allocated     free                allocated
 *
 * Every block starts with an 8-byte header { size | flags, magic }: size
 * is the whole block (a multiple of 8), TLSF_FREE marks a free block,
 * TLSF_PREV_FREE says the block before is free, TLSF_PAGES that
 * alloc_pages() handed the block out. The magic is a constant xor the
 * header's own address xor a hash of its size and kind bits, so stale or
 * copied data, or a rewritten size, does not pass for a header. A free
 * block holds its list links (next, prev) and its list's index right
 * after the header and ends with a footer, a u32 with its size: the
 * paper's "prev_phys" boundary tag, found by a block whose TLSF_PREV_FREE
 * is set. Allocated blocks carry the header only (Knuth's refinement of
 * boundary tags), so the smallest block, TLSF_MIN_BLOCK = 24 bytes, is
 * what a free block needs (8 + 12 + 4 footer) and an allocated one holds
 * 16 bytes. Free blocks are always coalesced: no two are adjacent, so the
 * block before a free block is allocated.
 *
 * Allocation. backend_kmalloc(size): the block is the size rounded to 8
 * plus the header (at least TLSF_MIN_BLOCK). For blocks of
 * TLSF_SMALL_BLOCK and more, the head of the list the block's own size
 * maps to is tried first: the block freed last into that class, taken
 * when it is big enough (one compare; the paper goes straight to the next
 * step, which never takes a block of the request's own class unless the
 * size is a class boundary). Otherwise mapping_search() and the bitmaps
 * find the list, whose head surely fits. The object is carved from the
 * END of that block: the part in front stays free where it is, its node
 * untouched, and changes lists only when its size class changed (for the
 * one large block everything starts from, almost never; class_min[], the
 * classes' lower bounds, tells with one compare); a part in front
 * smaller than TLSF_MIN_BLOCK goes to the object. Power-of-two sizes up
 * to PAGE_SIZE are naturally aligned, page blocks page aligned: the
 * payload goes at the highest aligned address of the block, the tail
 * after it (below the alignment) becomes a free block when it can be one,
 * and when the block found cannot hold the payload at its alignment the
 * search is repeated for the size plus the worst gap (align + 16). Three
 * list heads looked at, at most: O(1).
 *
 * Pages. alloc_pages() blocks come from the same pools as objects (a
 * page-aligned request of PAGE_SIZE << order bytes; the header sits in
 * the last 8 bytes of the page before), not from mm/buddy.c: one pool
 * keeps TLSF's bound on fragmentation over all memory, every page is
 * either free in TLSF or allocated, and the backend needs no other
 * allocator (nor mm/page_alloc.c's buddy fast path).
 *
 * Regions. The largest usable memblock region becomes the pool at boot;
 * the others (with trace modules loaded, a 4 KiB page below them) are
 * added to the lists when an allocation finds nothing, so objects stay
 * together in one area instead of spreading over a hole the size of the
 * modules. Every region is the backend's from boot either way.
 *
 * Debugging. CONFIG_KMALLOC_POISON fills freed payloads with 0x6b and
 * checks it when they are handed out and in validate(); memory never
 * handed out (below each region's fresh mark, which only moves down) is
 * not poisoned, so boot and validate() cost what was used, not all RAM;
 * CONFIG_KMALLOC_REDZONE keeps { requested size, ~requested size } in the
 * block's last 8 bytes and fills the bytes from the end of the object up
 * to that word with 0xcc.
 *
 * Caches. kmem_caches are native (CONFIG_HAVE_NATIVE_KMEM_CACHE): an
 * object of a cache is a block like any other, of the cache's size and
 * alignment, whose header magic is xor-ed with its cache's owner tag (an
 * id with a parity bit, in the low TLSF_OWNER_BITS bits). So the object
 * costs the 8-byte header only, kmem_cache_free() checks the owner with
 * the magic in one compare, and kfree() of a cache object finds its cache
 * from the header (the tag indexes owners[]) and counts it out.
 *
 * Detects: double free, pointers outside the pools, interior pointers, a
 * kmem_cache_free() to the wrong cache (the owner tag), overwritten
 * headers (the object's own and the
 * next block's, which a write past the end reaches first), an overwritten
 * footer of the free block before the object, with redzones a write past
 * the end. Everything is checked before anything is changed; a bad kfree
 * is reported and refused, classified by a walk of the block's region
 * (O(blocks), the bad path only).
 */
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include <kmlab/poison.h>
#include <kmlab/kasan.h>
#include <kmlab/random.h>
#include <kmlab/param.h>
#include "internal.h"
#include "boundary_tag.h"
#include "tlsf.h"
#include "hardening.h"
#include <kmlab/freeptr.h>

#define TLSF_HDR_MAGIC 0x715f4eadu
#define TLSF_FENCE_MAGIC 0x715ff0e5u

#define TAG TLSF_TAG_BYTES
#define FTR TLSF_FTR_BYTES
#define MIN_BLOCK TLSF_MIN_BLOCK
#define SL_LOG2 TLSF_SL_INDEX_COUNT_LOG2
#define SL_COUNT TLSF_SL_INDEX_COUNT
#define FL_COUNT TLSF_FL_INDEX_COUNT

/*
 * Owner tags: the object of a kmem_cache carries its cache's tag xor-ed
 * into its header's magic. A tag is an id (1 .. TLSF_NR_OWNERS - 1) and
 * a parity bit, so that every tag has an even number of set bits and no
 * single bit flipped in a header turns one owner into another (or a
 * kmalloc object, tag 0, into a cache's).
 */
#define TLSF_OWNER_BITS 10
#define TLSF_NR_OWNERS (1u << (TLSF_OWNER_BITS - 1))

/* The largest request: keeps every size sum below 2^31 + 2^26. */
#define TLSF_MAX_REQUEST 0x7fff0000u

#define RZ_WORD BT_RZ_WORD

/* The payload of a free block: its list links and its list's index. */
struct tlsf_free {
	struct tlsf_free *next, *prev;
	u32 index; /* fl * SL_COUNT + sl, so unlinking maps nothing */
};

BUILD_BUG_ON(TAG != BT_TAG_BYTES || FTR != BT_FTR_BYTES);
BUILD_BUG_ON(TAG + sizeof(struct tlsf_free) + FTR > MIN_BLOCK);
BUILD_BUG_ON(TLSF_SMALL_BLOCK / SL_COUNT != 8);

struct tlsf_region {
	unsigned long start, end; /* [start, end): fences at both ends */
	unsigned long fresh; /* [start, fresh): never handed out, no poison */
	/*
	 * Where an object can start: 8-byte aligned, in [obj_lo, end),
	 * obj_lo = start + 2 * TAG (the fence and the first header);
	 * obj_span = (end - obj_lo) / 8. See object_region().
	 */
	unsigned long obj_lo, obj_span;
};

static struct tlsf_region regions[MEMBLOCK_MAX_REGIONS];
static unsigned int nr_regions;
/* Usable regions not in a pool yet: added when the pools are full. */
static struct bt_span pending[MEMBLOCK_MAX_REGIONS];
static unsigned int nr_pending;
static u32 fl_bitmap;
/* sl_bitmap[FL_COUNT] stays 0: a search past the last level finds none. */
static u32 sl_bitmap[FL_COUNT + 1];
static struct tlsf_free *heads[FL_COUNT * SL_COUNT];
/*
 * class_min[i]: the smallest block size that maps to list i, and
 * class_min[FL_COUNT * SL_COUNT] above every size. A free block that
 * shrinks (a split) or grows (a merge) stays on list i while
 * class_min[i] <= size < class_min[i + 1]: one load and compare where
 * mapping_index() takes a bit scan and two shifts. Set at init.
 */
static u32 class_min[FL_COUNT * SL_COUNT + 1];
static unsigned long nr_free;
static size_t used_bytes; /* allocated blocks, headers included */
static size_t peak_used_bytes;
/*
 * A native cache (kmem_cache.priv): its owner tag and what each of its
 * allocations would otherwise work out again, the block size and the two
 * lists it maps to.
 */
struct tlsf_cache {
	struct kmem_cache *s; /* NULL: the id is free */
	u32 tag;
	size_t need; /* block bytes of an object, header included */
	unsigned int index; /* the list need maps to (mapping_index) */
	unsigned int search; /* the good-fit list (mapping_search_index) */
};

/* The live caches by owner id (0 unused: the tag of kmalloc objects). */
static struct tlsf_cache owners[TLSF_NR_OWNERS];

const struct backend_info backend_info = BT_BACKEND_INFO("tlsf");

/* ------------------------------------------------------------------ */
/* Tags (mm/boundary_tag.h, with TLSF's flags and seeds) */

static inline size_t tag_size(const struct bt_tag *t)
{
	return bt_size(t, TLSF_FLAGS);
}

/*
 * What a header's magic covers besides its address: the size and the
 * free and page-block bits (not TLSF_PREV_FREE, which the neighbours flip;
 * the footer check covers it).
 */
static inline u32 hdr_magic(const struct bt_tag *t)
{
	return bt_magic(t, TLSF_HDR_MAGIC, TLSF_PREV_FREE);
}

/* The fences at both ends of a region carry no size of their own. */
static inline u32 fence_magic(const struct bt_tag *t)
{
	return bt_sizeless_magic(t, TLSF_FENCE_MAGIC);
}

/* Write the header of block @b, owned by the cache of @tag (0: none). */
static inline void set_hdr_owned(unsigned long b, size_t size, u32 flags,
				 u32 tag)
{
	struct bt_tag *h = hdr_at(b);

	h->size_flags = size | flags;
	h->magic = hdr_magic(h) ^ tag;
}

static inline void set_hdr(unsigned long b, size_t size, u32 flags)
{
	set_hdr_owned(b, size, flags, 0);
}

/* The owner tag in the header at @h: 0 for a kmalloc object or free block. */
static inline u32 hdr_owner(const struct bt_tag *h)
{
	return h->magic ^ hdr_magic(h);
}

/* The live cache whose tag is @tag, or NULL. */
static inline struct kmem_cache *owner_cache(u32 tag)
{
	if (tag >= 2 * TLSF_NR_OWNERS || __builtin_parity(tag))
		return NULL;
	return owners[tag >> 1].s;
}

/*
 * Is @h a header: its magic right for its address, size and kind, with
 * no owner or (an allocated object's) a live cache's?
 */
static inline bool hdr_ok(const struct bt_tag *h)
{
	u32 tag = hdr_owner(h);

	return !tag || (!(h->size_flags & (TLSF_FREE | TLSF_PAGES)) &&
			owner_cache(tag));
}

/* A free block's node is its payload. */
static inline struct tlsf_free *node_of(unsigned long b)
{
	return bt_payload(b);
}

static inline size_t node_size(const struct tlsf_free *n)
{
	return tag_size(hdr_at(bt_block_of(n)));
}

/* ------------------------------------------------------------------ */
/* Size classes and the segregated lists */

static __always_inline unsigned int fls_index(u32 x)
{
	return 31 - __builtin_clz(x); /* x != 0 */
}

/*
 * The list of a free block of @size bytes, as one index fl * SL_COUNT +
 * sl: below TLSF_SMALL_BLOCK fl is 0 and sl is @size / 8; above, fl is
 * the highest set bit f minus 7 and sl the next SL_LOG2 bits, which
 * (size >> (f - SL_LOG2)) holds with the top bit (SL_COUNT) set, so the
 * index is (f - 8) * SL_COUNT + (size >> (f - SL_LOG2)).
 */
static __always_inline unsigned int mapping_index(size_t size)
{
	unsigned int f;

	if (size < TLSF_SMALL_BLOCK)
		return size >> 3;
	f = fls_index(size);
	return ((f - TLSF_FL_INDEX_SHIFT) << SL_LOG2) + (size >> (f - SL_LOG2));
}

/*
 * Round @size up to the next class boundary, then map it: the class
 * @size maps to, or the next one (index + 1, which is also right across
 * a power of two) when @size is above its class's lower bound. One bit
 * scan, where rounding first and mapping the sum takes two.
 */
static __always_inline unsigned int mapping_search_index(size_t size)
{
	unsigned int f, shift;

	if (size < TLSF_SMALL_BLOCK)
		return size >> 3;
	f = fls_index(size);
	shift = f - SL_LOG2;
	return ((f - TLSF_FL_INDEX_SHIFT) << SL_LOG2) + (size >> shift) +
	       !!(size & ((1u << shift) - 1));
}

void tlsf_mapping_insert(size_t size, unsigned int *fl, unsigned int *sl)
{
	unsigned int i = mapping_index(size);

	*fl = i / SL_COUNT;
	*sl = i % SL_COUNT;
}

void tlsf_mapping_search(size_t size, unsigned int *fl, unsigned int *sl)
{
	unsigned int i = mapping_search_index(size);

	*fl = i / SL_COUNT;
	*sl = i % SL_COUNT;
}

/* The head of the first non-empty list at or above index @i, or NULL. */
static __always_inline struct tlsf_free *find_suitable(unsigned int i)
{
	unsigned int fl = i / SL_COUNT;
	u32 sm, fm;

	/*
	 * No range check: any u32 size maps at most to level FL_COUNT
	 * (sizes of 2^31 and more, which no request reaches), whose
	 * sl_bitmap word is always 0, and fl_bitmap has no bit there.
	 */
	sm = sl_bitmap[fl] & (~0u << (i % SL_COUNT));
	if (!sm) {
		fm = fl_bitmap & (~0u << (fl + 1)); /* fl + 1 <= 26 */
		if (!fm)
			return NULL;
		fl = __builtin_ctz(fm);
		sm = sl_bitmap[fl];
	}
	return heads[fl * SL_COUNT + __builtin_ctz(sm)];
}

/*
 * A free block's links, stored through <kmlab/freeptr.h>: encoded with
 * CONFIG_SLAB_FREELIST_HARDENED, plain pointers without.
 */
static __always_inline struct tlsf_free *node_next(const struct tlsf_free *n)
{
	return freeptr_load(&n->next);
}

static __always_inline struct tlsf_free *node_prev(const struct tlsf_free *n)
{
	return freeptr_load(&n->prev);
}

static __always_inline void set_next(struct tlsf_free *n, struct tlsf_free *v)
{
	freeptr_store(&n->next, v);
}

static __always_inline void set_prev(struct tlsf_free *n, struct tlsf_free *v)
{
	freeptr_store(&n->prev, v);
}

static bool plausible_node(const struct tlsf_free *n);
static void relist_free_blocks(const struct tlsf_free *n);

/*
 * CONFIG_SLAB_FREELIST_HARDENED: before @n is unlinked, are its index and
 * its links those of a listed free block (each neighbour a free block
 * header that links back to @n, or @n its list's head)? glibc's "safe
 * unlinking" check, on decoded links. Without the option: true.
 */
static __always_inline bool links_ok(const struct tlsf_free *n)
{
	struct tlsf_free *next, *prev;

	if (!IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		return true;
	if (n->index >= FL_COUNT * SL_COUNT)
		return false;
	next = node_next(n);
	prev = node_prev(n);
	if (next && (!plausible_node(next) || node_prev(next) != n))
		return false;
	if (!prev)
		return heads[n->index] == n;
	return plausible_node(prev) && node_next(prev) == n;
}

/* Check @n's links before they are followed; relist when forged. */
static __always_inline void check_links(const struct tlsf_free *n)
{
	if (unlikely(!links_ok(n)))
		relist_free_blocks(n);
}

static __always_inline void list_insert(struct tlsf_free *n, unsigned int i)
{
	struct tlsf_free *first = heads[i];

	set_next(n, first);
	set_prev(n, NULL);
	n->index = i;
	heads[i] = n;
	nr_free++;
	if (first) {
		set_prev(first, n);
		return;
	}
	fl_bitmap |= 1u << (i / SL_COUNT);
	sl_bitmap[i / SL_COUNT] |= 1u << (i % SL_COUNT);
}

/* Unlink @n, whose links have been checked (check_links()). */
static __always_inline void list_unlink(struct tlsf_free *n)
{
	struct tlsf_free *next, *prev;
	unsigned int i;

	next = node_next(n);
	prev = node_prev(n);
	i = n->index;
	if (next)
		set_prev(next, prev);
	if (prev) {
		set_next(prev, next);
	} else {
		heads[i] = next;
		if (!next) {
			sl_bitmap[i / SL_COUNT] &= ~(1u << (i % SL_COUNT));
			if (!sl_bitmap[i / SL_COUNT])
				fl_bitmap &= ~(1u << (i / SL_COUNT));
		}
	}
	nr_free--;
}

static __always_inline void list_remove(struct tlsf_free *n)
{
	check_links(n);
	list_unlink(n);
}

/* Make [b, b + size) a free block's tags (the block before is allocated). */
static __always_inline void set_free_tags(unsigned long b, size_t size)
{
	set_hdr(b, size, TLSF_FREE);
	*footer_at(b + size) = size;
	hdr_at(b + size)->size_flags |= TLSF_PREV_FREE;
}

/* Make [b, b + size) a free block and put it on its list. */
static __always_inline void add_free(unsigned long b, size_t size)
{
	set_free_tags(b, size);
	list_insert(node_of(b), mapping_index(size));
}

/*
 * The free block of node @old grows to [@nb, @nb + @size) (a merge). When
 * the new size is still in the old one's class, the new node takes the
 * old one's place on its list: no bitmap changes. Only release() merges,
 * and it has checked @old's links already.
 */
static __always_inline void move_free(struct tlsf_free *old, unsigned long nb,
				      size_t size)
{
	unsigned int i = old->index;
	struct tlsf_free *n = node_of(nb), *next, *prev;

	if (size >= class_min[i + 1]) {
		list_unlink(old);
		add_free(nb, size);
		return;
	}
	next = node_next(old);
	prev = node_prev(old);
	set_free_tags(nb, size);
	if (n == old)
		return;
	set_next(n, next);
	set_prev(n, prev);
	n->index = i;
	if (next)
		set_prev(next, n);
	if (prev)
		set_next(prev, n);
	else
		heads[i] = n;
}

/* ------------------------------------------------------------------ */
/* Poison and redzones */

static inline void poison(unsigned long from, unsigned long to)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		memset((void *)from, POISON_FREE, to - from);
}

/* A free block's poisoned bytes: all but the header, links and footer. */
static inline unsigned long poison_start(unsigned long b)
{
	return b + TAG + sizeof(struct tlsf_free);
}

/* The report names the first byte written after free. */
static __always_inline void check_poison(unsigned long from, unsigned long to,
					 unsigned long caller)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON) && from < to)
		check_bytes_and_report("write after free", NULL, caller,
				       (void *)from, POISON_FREE, to - from);
}

static __always_inline struct tlsf_region *region_of(unsigned long a);

/*
 * Poison when [@ab, @ab + @need) is carved out of free block [@b, @end):
 * what is handed out was poisoned, except the block's own header and
 * node and memory never handed out before (below the region's fresh
 * mark: it is not poisoned at boot, so that boot and validate() cost what
 * was used, not all of RAM). A tail that leaves fresh memory is poisoned.
 */
static __noinline void poison_take(unsigned long b, unsigned long ab,
				   size_t need, unsigned long end,
				   unsigned long caller)
{
	struct tlsf_region *r = region_of(ab);
	unsigned long fresh = r->fresh;

	check_poison(max(max(ab + TAG, poison_start(b)), fresh),
		     min(ab + need, end - FTR), caller);
	if (ab < fresh) {
		if (ab + need < min(end, fresh))
			poison(ab + need, min(end, fresh));
		r->fresh = ab;
	}
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
		return bt_rz_size((unsigned long)h + TAG, block_end(h));
	return tag_size(h) - TAG;
}

/* ------------------------------------------------------------------ */
/* Allocation */

/* Block bytes for @size bytes of payload, header included. */
static inline size_t block_bytes(size_t size)
{
	return max((size_t)MIN_BLOCK, TAG + ALIGN(size, 8) + RZ_WORD);
}

/*
 * Where an allocated block of @need bytes goes in the free block at @b of
 * @size bytes when its payload must be aligned to @align (> 8): as high
 * as the alignment allows, so that the free part in front keeps its
 * place. The part in front is 0 or at least MIN_BLOCK (a free block);
 * the tail after the object is what the alignment leaves (< @align).
 * Return: the block's start, or 0 when it does not fit.
 */
static __always_inline unsigned long place_aligned(unsigned long b, size_t size,
						   size_t need, size_t align)
{
	unsigned long ab, front;

	if (!size || size < need)
		return 0;
	ab = ((b + size - need + TAG) & ~(align - 1)) - TAG;
	front = ab - b;
	if (ab < b || (front && front < MIN_BLOCK))
		return 0;
	return ab;
}

/*
 * Carve the allocated block [@ab, @ab + @need) out of free block @n. The
 * part in front (0, or at least MIN_BLOCK) stays free in @n's place,
 * moving to another list only when its size class changed; a tail below
 * MIN_BLOCK goes to the object, a larger one becomes a free block. Only
 * an aligned placement (@aligned, a constant) leaves a tail: otherwise
 * the block ends where @n does, and the tail code compiles to nothing.
 * Return: the allocated block's header.
 */
static __always_inline struct bt_tag *take(struct tlsf_free *n,
					   unsigned long ab, size_t need,
					   u32 flags, u32 tag,
					   unsigned long caller, bool aligned)
{
	unsigned long b = bt_block_of(n), end = b + node_size(n);
	unsigned long front = ab - b, tail = aligned ? end - (ab + need) : 0;

	if (tail < MIN_BLOCK) {
		need += tail; /* too small for a free block: absorb it */
		tail = 0;
	}
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		poison_take(b, ab, need, end, caller);
	if (front) {
		if (front < class_min[n->index]) {
			list_remove(n);
			list_insert(n, mapping_index(front));
		}
		set_hdr(b, front, TLSF_FREE);
		*footer_at(ab) = front;
		flags |= TLSF_PREV_FREE;
	} else {
		list_remove(n);
	}
	if (unlikely(tail))
		add_free(ab + need, tail);
	else
		hdr_at(end)->size_flags &= ~TLSF_PREV_FREE;
	set_hdr_owned(ab, need, flags, tag);
	used_bytes += need;
	if (used_bytes > peak_used_bytes)
		peak_used_bytes = used_bytes;
	/*
	 * kstat_alloc() without the peaks (backend_sync_stats() folds them),
	 * from @need rather than the header, whose stores the counters'
	 * could alias; red zones know the usable size, set by the caller.
	 */
	kmalloc_stats.nr_allocs++;
	if (!IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		kmalloc_stats.live_bytes += need - TAG;
	return hdr_at(ab);
}

/* Where @need bytes at @align go in free block @n (0: nowhere). */
static __always_inline unsigned long place_node(const struct tlsf_free *n,
						size_t need, size_t align)
{
	return n ? place_aligned(bt_block_of(n), node_size(n), need, align) : 0;
}

/*
 * A free block for @need bytes with the payload at @align > 8: the head
 * of the request's own class, else of the first class whose blocks are
 * all big enough, else of the first class whose blocks all have room for
 * the worst alignment gap (align + 16). Return: the block's start or 0.
 */
static __always_inline unsigned long
find_aligned(size_t need, unsigned int i, size_t align, struct tlsf_free **np)
{
	struct tlsf_free *n = heads[i];
	unsigned long ab = place_node(n, need, align);

	if (likely(ab))
		goto out;
	if (need >= TLSF_SMALL_BLOCK) {
		/* (below, the own class is the first whose blocks all fit) */
		n = find_suitable(mapping_search_index(need));
		ab = place_node(n, need, align);
	}
	if (!ab) {
		n = find_suitable(
			mapping_search_index(need + align + MIN_BLOCK - TAG));
		ab = place_node(n, need, align);
	}
out:
	*np = n;
	return ab;
}

/*
 * CONFIG_SLAB_FREELIST_RANDOM: the choice among equally good blocks. Good
 * fit takes the head of a list whose every block holds the request (the
 * search rounded it up to the list's class, or, aligned, the head's
 * placement worked), so the policy does not mind which of the list's
 * blocks is taken: one of the first TLSF_RANDOM_FIT that hold it is,
 * uniformly at random (a taus113 generator seeded per boot), instead of
 * the one freed last. So an attacker who frees a block cannot count on
 * the next allocation of its class reclaiming it, nor on the order in
 * which a run of frees is handed out again. Bounded: at most
 * TLSF_RANDOM_FIT - 1 links followed (each checked as links_ok() checks
 * a neighbour under CONFIG_SLAB_FREELIST_HARDENED).
 */
static struct rnd_state fit_rnd;

#ifdef CONFIG_SLAB_FREELIST_RANDOM
/*
 * Built in, the choice is made while tlsf.random_fit= is 1 (its default
 * CONFIG_TLSF_RANDOM_FIT_DEFAULT is 0: the white-box suites of TLSF and
 * the generic ones expect a freed block back at once, as the quarantine
 * is off until it has a size).
 */
static bool random_fit_on = CONFIG_TLSF_RANDOM_FIT_DEFAULT;
kernel_param(
	"tlsf.random_fit", random_fit_on, bool,
	"take one of the first equally good blocks at random (1) or the one freed last (0)");
#define random_fit_wanted() unlikely(random_fit_on)
#else
#define random_fit_wanted() false
#endif

void tlsf_random_fit_seed(u64 seed)
{
	prandom_seed_state(&fit_rnd, seed);
}

bool tlsf_random_fit_set(bool on)
{
#ifdef CONFIG_SLAB_FREELIST_RANDOM
	bool was = random_fit_on;

	random_fit_on = on;
	return was;
#else
	return false;
#endif
}

/*
 * One of the first TLSF_RANDOM_FIT blocks of @n's list that hold @need
 * bytes at @align (@n does), its block's start in *@ab (aligned only).
 */
static __noinline struct tlsf_free *random_fit(struct tlsf_free *n, size_t need,
					       size_t align, unsigned long *ab)
{
	struct tlsf_free *c[TLSF_RANDOM_FIT];
	unsigned long at[TLSF_RANDOM_FIT];
	unsigned int k = 0, r;

	for (unsigned int i = 0; n && i < TLSF_RANDOM_FIT; i++) {
		unsigned long a = align > 8 ? place_node(n, need, align) : 0;

		if (align <= 8 || a) {
			c[k] = n;
			at[k++] = a;
		}
		if (i == TLSF_RANDOM_FIT - 1)
			break; /* the last candidate: its link is not needed */
		n = node_next(n);
		if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) && n &&
		    !plausible_node(n))
			break; /* left for check_links() to report */
	}
	r = k > 1 ? prandom_u32_below(&fit_rnd, k) : 0;
	*ab = at[r];
	return c[r];
}

/* tlsf_alloc_block()'s @search when the caller has not worked it out. */
#define SEARCH_LATER (~0u)

/*
 * The allocation of @size bytes, a block of @need bytes (block_bytes())
 * whose own list is @i and good-fit list @search (or SEARCH_LATER), at
 * @align, of kind @flags, owned by the cache of @tag (0: none). @align
 * is a constant at every call site but a kmem_cache's, so the 8-byte
 * case compiles without the alignment arithmetic.
 */
static __always_inline unsigned long
tlsf_alloc_block(size_t size, size_t need, unsigned int i, unsigned int search,
		 size_t align, u32 flags, u32 tag, unsigned long caller)
{
	struct tlsf_free *n;
	struct bt_tag *h;
	unsigned long ab, front;

	if (align > 8) {
		ab = find_aligned(need, i, align, &n);
		if (unlikely(!ab))
			return 0;
		if (random_fit_wanted())
			n = random_fit(n, need, align, &ab);
		h = take(n, ab, need, flags, tag, caller, true);
		goto out;
	}
	if (need >= TLSF_SMALL_BLOCK && !random_fit_wanted()) {
		/*
		 * The last block freed into the request's own class, if it
		 * is big enough; else good fit: the head of the first list
		 * whose every block is (below TLSF_SMALL_BLOCK the two are
		 * the same list).
		 */
		n = heads[i];
		if (n && node_size(n) >= need)
			goto fits;
		i = search == SEARCH_LATER ? mapping_search_index(need) :
					     search;
	}
	if (need >= TLSF_SMALL_BLOCK && random_fit_wanted())
		i = search == SEARCH_LATER ? mapping_search_index(need) :
					     search;
	n = find_suitable(i);
	if (unlikely(!n))
		return 0;
	if (random_fit_wanted())
		n = random_fit(n, need, 8, &ab);
fits:
	/* At the end of the block; a part in front too small goes with it. */
	front = node_size(n) - need;
	if (front < MIN_BLOCK) {
		need += front;
		front = 0;
	}
	ab = bt_block_of(n) + front;
	h = take(n, ab, need, flags, tag, caller, false);
out:
	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE)) {
		bt_set_redzone(ab + TAG, size, block_end(h));
		kmalloc_stats.live_bytes += usable(h);
	}
	return ab + TAG;
}

/* tlsf_alloc_block() for @size bytes at @align. */
static __always_inline unsigned long
tlsf_alloc(size_t size, size_t align, u32 flags, u32 tag, unsigned long caller)
{
	size_t need = block_bytes(size);

	if (unlikely(size > TLSF_MAX_REQUEST))
		return 0;
	return tlsf_alloc_block(size, need, mapping_index(need), SEARCH_LATER,
				align, flags, tag, caller);
}

/* Put the regions held back at boot on the lists. Return: any added. */
static __noinline bool add_pending_regions(void);

/* tlsf_alloc() again once the regions held back are on the lists. */
static __noinline unsigned long tlsf_alloc_retry(size_t size, size_t align,
						 u32 flags, u32 tag,
						 unsigned long caller)
{
	if (!add_pending_regions())
		return 0;
	return tlsf_alloc(size, align, flags, tag, caller);
}

void *backend_kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	unsigned long a;

	if (!(size & (size - 1)) && size - 9 < PAGE_SIZE - 8) {
		/* Power-of-two sizes 16 .. PAGE_SIZE: naturally aligned. */
		a = tlsf_alloc(size, size, 0, 0, caller);
		if (unlikely(!a))
			a = tlsf_alloc_retry(size, size, 0, 0, caller);
	} else {
		a = tlsf_alloc(size, 8, 0, 0, caller);
		if (unlikely(!a))
			a = tlsf_alloc_retry(size, 8, 0, 0, caller);
	}
	return (void *)a;
}

void *backend_alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long a = tlsf_alloc(PAGE_SIZE << order, PAGE_SIZE, TLSF_PAGES,
				     0, _RET_IP_);

	if (unlikely(!a))
		a = tlsf_alloc_retry(PAGE_SIZE << order, PAGE_SIZE, TLSF_PAGES,
				     0, _RET_IP_);
	return bt_page_block_taken(a, order);
}

/* ------------------------------------------------------------------ */
/* Freeing */

/*
 * Free the allocated block at @b, whose header holds @hflags, and merge
 * it with whichever neighbours are free (the header after it; the footer
 * before it when its TLSF_PREV_FREE is set). With poisoning, only the
 * bytes that change role are poisoned: the block itself and the tags that
 * end up inside the merged block.
 */
static __always_inline void release(unsigned long b, u32 hflags)
{
	size_t size = hflags & ~TLSF_FLAGS, merged = size;
	struct bt_tag *nh = hdr_at(b + size);
	bool next_free = nh->size_flags & TLSF_FREE;

	/*
	 * CONFIG_SLAB_FREELIST_HARDENED: check the neighbours' links before
	 * anything changes, so that relist_free_blocks() walks a heap in
	 * which every block is what its tags say; once only: the unlinks
	 * and moves below do not check them again.
	 */
	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED)) {
		if (next_free)
			check_links(node_of(b + size));
		if (hflags & TLSF_PREV_FREE)
			check_links(node_of(b - *footer_at(b)));
	}
	poison(b + TAG, b + size);
	if (hflags & TLSF_PREV_FREE) {
		unsigned long pb = b - *footer_at(b);
		struct tlsf_free *pn = node_of(pb);

		/*
		 * Mark the header free: merged, it lies inside the block
		 * before, and a later kfree() of the same pointer must find
		 * a free header there (or poison), never an allocated one.
		 * The free bit alone does it: the magic covers that bit, so
		 * the header no longer passes as any live block's (a flipped
		 * bit always changes the magic), and whatever its magic then
		 * says, a free bit is refused; the bad path classifies the
		 * pointer by walking the region, where it lies inside the
		 * free block. (Otherwise the free block's tags are written
		 * at @b.)
		 */
		hdr_at(b)->size_flags = hflags | TLSF_FREE;
		if (next_free) {
			merged += tag_size(nh);
			list_unlink(node_of(b + size));
			poison(b + size,
			       (unsigned long)(node_of(b + size) + 1));
		}
		poison(b - FTR, b + TAG);
		move_free(pn, pb, merged + (b - pb));
		return;
	}
	if (next_free) {
		merged += tag_size(nh);
		move_free(node_of(b + size), b, merged);
		poison(b + size, (unsigned long)(node_of(b + size) + 1));
		return;
	}
	add_free(b, size);
}

static __noinline struct tlsf_region *region_of_slow(unsigned long a)
{
	for (unsigned int i = 1; i < nr_regions; i++)
		if (a - regions[i].start < regions[i].end - regions[i].start)
			return &regions[i];
	return NULL;
}

/* The region holding address @a, or NULL; the first one is tried inline. */
static __always_inline struct tlsf_region *region_of(unsigned long a)
{
	if (likely(a - regions[0].start < regions[0].end - regions[0].start))
		return &regions[0];
	return region_of_slow(a);
}

/* Rotate @x right by 3 bits (one ror instruction). */
static __always_inline u32 ror3(u32 x)
{
	return x >> 3 | x << 29;
}

/*
 * Can @a be an object of region @r: 8-byte aligned and in [obj_lo,
 * end)? One compare for the three checks: a - obj_lo rotated right by 3
 * is below obj_span only when it was a multiple of 8 (else its low bits
 * land in the top three) and a was not below obj_lo (else the
 * difference wrapped to at least 2^32 - obj_lo, which rotated stays
 * above any region's span below 4 GiB).
 */
static __always_inline bool object_in(const struct tlsf_region *r,
				      unsigned long a)
{
	return ror3(a - r->obj_lo) < r->obj_span;
}

static __noinline struct tlsf_region *object_region_slow(unsigned long a)
{
	for (unsigned int i = 1; i < nr_regions; i++)
		if (object_in(&regions[i], a))
			return &regions[i];
	return NULL;
}

/*
 * The region in which @a can be an object (object_in()), or NULL; the
 * first region is tried inline.
 */
static __always_inline struct tlsf_region *object_region(unsigned long a)
{
	if (likely(object_in(&regions[0], a)))
		return &regions[0];
	return object_region_slow(a);
}

/* TLSF's tags, for the helpers of mm/boundary_tag.h. */
static const struct bt_layout tlsf_layout = {
	.min_block = MIN_BLOCK,
	.flags = TLSF_FLAGS,
	.free_flags = TLSF_FREE,
	.prev_free = TLSF_PREV_FREE,
	.hdr_seed = TLSF_HDR_MAGIC,
	.hdr_ok = hdr_ok,
};

/*
 * With TLSF_PREV_FREE in @h, a block of region @r: is the free block
 * before it intact?
 */
static __always_inline bool prev_footer_ok(const struct bt_tag *h,
					   const struct tlsf_region *r)
{
	return bt_prev_footer_ok(h, r->start, &tlsf_layout);
}

/*
 * Report what is wrong with @p, which the fast checks of kfree() (@want
 * 0), free_pages() (TLSF_PAGES) or, with @ksize, ksize() refused: one
 * report (mm/boundary_tag.h's classification). Return: -EINVAL.
 */
static __noinline int tlsf_bad(const void *p, unsigned long caller, u32 want,
			       bool ksize)
{
	struct tlsf_region *r = region_of((unsigned long)p);
	struct bt_tag *h = bt_bad_block(p, caller, r ? r->start : 0,
					r ? r->end : 0, &tlsf_layout);

	if (!h)
		return -EINVAL;
	bt_report_bad_block(p, caller, h->size_flags & TLSF_FREE,
			    (unsigned long)h + TAG, h->size_flags & TLSF_PAGES,
			    want, prev_footer_ok(h, r), ksize);
	return -EINVAL;
}

/*
 * The checks every free and ksize makes before believing a header: of
 * kind @want, owned by the cache of @tag (0: a kmalloc object).
 */
static __always_inline struct bt_tag *live_header(const void *p, u32 want,
						  u32 tag)
{
	unsigned long a = (unsigned long)p;
	struct bt_tag *h = hdr_at(a - TAG), *nh;
	struct tlsf_region *r = object_region(a);

	if (unlikely(!r))
		return NULL;
	/*
	 * The magic covers the address, the size and the kind: a header
	 * that matches was written by set_hdr_owned() for a block of this
	 * size at this address, inside the region (any bit of it flipped
	 * changes the magic), so the size needs no range check of its own.
	 */
	if (unlikely(h->magic != (hdr_magic(h) ^ tag) ||
		     (h->size_flags & (TLSF_FREE | TLSF_PAGES)) != want))
		return NULL;
	/*
	 * The neighbours release() will read: a header (its owner, in the
	 * low bits, is not checked here), a free footer.
	 */
	nh = hdr_at((unsigned long)h + tag_size(h));
	if (unlikely(hdr_owner(nh) >= 2 * TLSF_NR_OWNERS ||
		     !prev_footer_ok(h, r)))
		return NULL;
	return h;
}

/* Free the live block at @h, object @p. */
static __always_inline void tlsf_free_header(const void *p, struct bt_tag *h,
					     unsigned long caller)
{
	u32 hflags = h->size_flags;
	size_t bytes;

	if (IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		bt_check_redzone(p, block_end(h), caller);
	bytes = usable(h);
	/*
	 * The counters after the lists: their stores could alias the tags,
	 * which release() would then have to load again.
	 */
	release((unsigned long)h, hflags);
	used_bytes -= hflags & ~TLSF_FLAGS;
	kstat_free(bytes);
}

/*
 * The header of @p when it is a cache's object, for kfree() and ksize(),
 * which cannot know the cache: its tag names a live cache (*@sp) and the
 * header passes live_header() with it. Return: the header, or NULL.
 */
static __noinline struct bt_tag *owned_header(const void *p,
					      struct kmem_cache **sp)
{
	unsigned long a = (unsigned long)p;

	if (!object_region(a))
		return NULL;
	*sp = owner_cache(hdr_owner(hdr_at(a - TAG)));
	if (!*sp)
		return NULL;
	return live_header(p, 0, hdr_owner(hdr_at(a - TAG)));
}

/* kfree() of a cache's object (or of bad input). */
static __noinline int tlsf_kfree_owned(const void *p, unsigned long caller)
{
	struct kmem_cache *s;
	struct bt_tag *h = owned_header(p, &s);

	if (!h)
		return tlsf_bad(p, caller, 0, false);
	tlsf_free_header(p, h, caller);
	s->live--;
	return 0;
}

int backend_kfree(const void *p, unsigned long caller)
{
	struct bt_tag *h = live_header(p, 0, 0);

	if (unlikely(!h))
		return tlsf_kfree_owned(p, caller);
	tlsf_free_header(p, h, caller);
	return 0;
}

/* The header of a live kmalloc or cache object @p, or NULL. */
static struct bt_tag *object_header(const void *p)
{
	struct bt_tag *h = live_header(p, 0, 0);
	struct kmem_cache *s;

	return h ? h : owned_header(p, &s);
}

size_t backend_ksize(const void *p, unsigned long caller)
{
	struct bt_tag *h = object_header(p);

	if (likely(h))
		return usable(h);
	tlsf_bad(p, caller, 0, true);
	return 0;
}

void backend_shrink(const void *p, size_t new_size)
{
	struct bt_tag *h =
		IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? object_header(p) : NULL;

	if (h) /* only red zones know the requested size */
		bt_shrink_redzone(p, new_size, usable(h), block_end(h));
}

int backend_free_pages(void *addr, unsigned int order, unsigned long caller)
{
	struct bt_tag *h = live_header(addr, TLSF_PAGES, 0);

	if (!h)
		return tlsf_bad(addr, caller, TLSF_PAGES, false);
	if (!bt_page_block_freed(addr, order, usable(h), caller))
		return -EINVAL;
	tlsf_free_header(addr, h, caller);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Native kmem_caches: objects are blocks tagged with their cache */

static inline u32 cache_tag(const struct kmem_cache *s)
{
	return ((const struct tlsf_cache *)s->priv)->tag;
}

int backend_cache_create(struct kmem_cache *s)
{
	if (s->size > TLSF_MAX_REQUEST)
		return -EINVAL;
	for (u32 id = 1; id < TLSF_NR_OWNERS; id++) {
		struct tlsf_cache *c = &owners[id];

		if (c->s)
			continue;
		c->s = s;
		c->tag = id << 1 | __builtin_parity(id);
		c->need = block_bytes(s->size);
		c->index = mapping_index(c->need);
		c->search = mapping_search_index(c->need);
		s->priv = c;
		return 0;
	}
	return -ENOMEM;
}

void *backend_cache_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	const struct tlsf_cache *c = s->priv;
	unsigned long a;

	if (likely(s->align <= 8))
		a = tlsf_alloc_block(s->size, c->need, c->index, c->search, 8,
				     0, c->tag, caller);
	else
		a = tlsf_alloc_block(s->size, c->need, c->index, c->search,
				     s->align, 0, c->tag, caller);
	if (unlikely(!a))
		a = tlsf_alloc_retry(s->size, s->align, 0, c->tag, caller);
	if (a && s->ctor) {
		/* CONFIG_KASAN: the constructor is the caller's code. */
		kasan_unpoison((void *)a, s->object_size);
		s->ctor((void *)a);
	}
	return (void *)a;
}

/*
 * kmem_cache_free() of @p, which does not carry @s's tag: another live
 * cache's object or a kmalloc object is freed to the wrong cache; the
 * rest is classified as for kfree().
 */
static __noinline int tlsf_cache_free_bad(struct kmem_cache *s, const void *p,
					  unsigned long caller)
{
	struct kmem_cache *owner;

	if (live_header(p, 0, 0) || owned_header(p, &owner)) {
		kmalloc_report_bad("free to the wrong cache", p, caller);
		return -EINVAL;
	}
	return tlsf_bad(p, caller, 0, false);
}

int backend_cache_free(struct kmem_cache *s, const void *p,
		       unsigned long caller)
{
	struct bt_tag *h = live_header(p, 0, cache_tag(s));

	if (unlikely(!h))
		return tlsf_cache_free_bad(s, p, caller);
	tlsf_free_header(p, h, caller);
	return 0;
}

unsigned long backend_cache_live(struct kmem_cache *s)
{
	return s->live; /* kfree() of its objects counts too */
}

void backend_cache_destroy(struct kmem_cache *s)
{
	((struct tlsf_cache *)s->priv)->s = NULL;
}

/*
 * A TLSF cache is an owner tag on blocks of the one pool: it holds no
 * memory of its own, and a freed block merges with its neighbours at once.
 */
int backend_cache_shrink(struct kmem_cache *s)
{
	return 0;
}

/* ------------------------------------------------------------------ */
/* Setup, statistics, validate, show */

/* Make [@start, @end) a pool: two fences and one free block between. */
static void add_region(unsigned long start, unsigned long end)
{
	struct tlsf_region *r = &regions[nr_regions++];
	struct bt_tag *f = hdr_at(start);

	r->start = start;
	r->end = end;
	r->fresh = end;
	r->obj_lo = start + 2 * TAG;
	r->obj_span = (end - r->obj_lo) / 8;
	/* Fences: an allocated tag in front, a header at the end. */
	f->size_flags = TAG;
	f->magic = fence_magic(f);
	set_hdr(end - TAG, TAG, 0);
	add_free(start + TAG, end - start - 2 * TAG);
}

static bool add_pending_regions(void)
{
	return bt_add_spans(pending, &nr_pending, add_region);
}

/* class_min[]: list i's lower bound, the inverse of mapping_index(). */
static void init_class_min(void)
{
	for (unsigned int i = 0; i < FL_COUNT * SL_COUNT; i++) {
		unsigned int fl = i / SL_COUNT, sl = i % SL_COUNT;
		/* Above fl 0 the highest set bit f is fl + 7. */
		unsigned int shift = fl + TLSF_FL_INDEX_SHIFT - 1 - SL_LOG2;

		if (!fl)
			class_min[i] = sl * (TLSF_SMALL_BLOCK / SL_COUNT);
		else
			class_min[i] = (SL_COUNT + sl) << shift;
	}
	class_min[FL_COUNT * SL_COUNT] = ~0u;
}

/* The largest region is the pool; the others wait until it is full. */
int kmalloc_backend_init(void)
{
	init_class_min();
	tlsf_random_fit_seed(get_random_u64());
	/* Sizes are u32 with flags in the low 3 bits. */
	return bt_init_heap(pending, ARRAY_SIZE(pending), 0xfffff000u,
			    MIN_BLOCK + 2 * TAG, &nr_pending, add_region);
}

void backend_sync_stats(struct kmalloc_stats *st)
{
	kstat_sync_used_bytes(st, used_bytes, &peak_used_bytes);
	kstat_update_peaks(st);
}

void tlsf_get_info(struct bt_heap_info *info)
{
	*info = (struct bt_heap_info){ .nr_pools = nr_regions,
				       .nr_pending = nr_pending };
	for (unsigned int fl = 0; fl < FL_COUNT; fl++)
		for (unsigned int sl = 0; sl < SL_COUNT; sl++)
			for (struct tlsf_free *n = heads[fl * SL_COUNT + sl]; n;
			     n = node_next(n)) {
				info->nr_free++;
				info->free_bytes += node_size(n);
				info->largest_free =
					max(info->largest_free, node_size(n));
			}
}

int backend_free_space(unsigned long *largest, unsigned long *total)
{
	return bt_free_space(tlsf_get_info, pending, nr_pending, largest,
			     total);
}

size_t tlsf_block_at(const void *hdr, bool *allocated)
{
	const struct bt_tag *h = hdr;
	unsigned long b = (unsigned long)hdr;
	const struct tlsf_region *r = region_of(b);

	if (!r || !hdr_ok(h) || tag_size(h) < MIN_BLOCK ||
	    tag_size(h) > r->end - TAG - b)
		return 0;
	*allocated = !(h->size_flags & TLSF_FREE);
	return tag_size(h);
}

void *tlsf_list_head(unsigned int fl, unsigned int sl)
{
	struct tlsf_free *n = heads[fl * SL_COUNT + sl];

	return n ? (void *)bt_block_of(n) : NULL;
}

void tlsf_get_lists(struct tlsf_lists *l)
{
	*l = (struct tlsf_lists){ &fl_bitmap, sl_bitmap, class_min, &nr_free };
}

void tlsf_set_header(void *hdr, size_t size, u32 flags)
{
	set_hdr((unsigned long)hdr, size, flags);
}

/*
 * What the list pass learns about each list, for the block walk to
 * compare: how many free blocks of the list's class the walk must find,
 * and the sum of their addresses (so a block on no list, or another
 * block's place taken, does not go unnoticed).
 */
static struct {
	unsigned long count;
	unsigned long sum;
} list_seen[FL_COUNT][SL_COUNT];

/* Is @n a free block header inside some region? */
static bool plausible_node(const struct tlsf_free *n)
{
	unsigned long b = (unsigned long)n - TAG;
	struct tlsf_region *r = region_of(b);
	const struct bt_tag *h = hdr_at(b);

	return r && !(b & 7) && b >= r->start + TAG && b < r->end - TAG &&
	       h->magic == hdr_magic(h) &&
	       (h->size_flags & TLSF_FLAGS) == TLSF_FREE &&
	       tag_size(h) >= MIN_BLOCK && tag_size(h) <= r->end - TAG - b;
}

/*
 * CONFIG_SLAB_FREELIST_HARDENED: @n's links failed links_ok(). Report it,
 * then build every list again from the blocks themselves (each region
 * walked by its boundary tags, whose magic is checked), so that no forged
 * link is ever followed and every intact free block is listed again. A
 * region whose walk meets a broken header keeps its blocks after it out
 * of the lists (leaked, never handed out). The report names the function
 * that was unlinking.
 */
static size_t relist(void);

static __noinline void relist_free_blocks(const struct tlsf_free *n)
{
	freeptr_report_forged(n, _RET_IP_);
	relist();
}

void tlsf_rebuild_free_lists(void)
{
	used_bytes = relist();
}

/* List every free block the tag walks reach. Return: allocated bytes. */
static size_t relist(void)
{
	size_t used = 0;

	memset(heads, 0, sizeof(heads));
	memset(sl_bitmap, 0, sizeof(sl_bitmap));
	fl_bitmap = 0;
	nr_free = 0;
	for (unsigned int i = 0; i < nr_regions; i++) {
		unsigned long b = regions[i].start + TAG;
		unsigned long end = regions[i].end - TAG;

		while (b < end) {
			struct bt_tag *h = hdr_at(b);
			size_t size = tag_size(h);

			if (!hdr_ok(h) || size < MIN_BLOCK || size > end - b)
				break;
			if (h->size_flags & TLSF_FREE)
				list_insert(node_of(b), mapping_index(size));
			else
				used += size;
			b += size;
		}
	}
	return used;
}

/* Bitmaps against the lists, links, classes. Return: violations. */
static int validate_lists(unsigned long *listed)
{
	int errors = 0;

	if (fl_bitmap >> FL_COUNT)
		errors += kmalloc_validate_fail(
			"fl_bitmap %#x has bits above level %u", fl_bitmap,
			FL_COUNT - 1);
	for (unsigned int fl = 0; fl < FL_COUNT; fl++) {
		if (!(fl_bitmap & (1u << fl)) != !sl_bitmap[fl])
			errors += kmalloc_validate_fail(
				"fl_bitmap bit %u is %s, sl_bitmap[%u] is %#x",
				fl, fl_bitmap & (1u << fl) ? "set" : "clear",
				fl, sl_bitmap[fl]);
		for (unsigned int sl = 0; sl < SL_COUNT; sl++) {
			struct tlsf_free *prev = NULL;
			unsigned long count = 0, sum = 0;
			unsigned int c = fl * SL_COUNT + sl;

			struct tlsf_free *head = heads[c];

			/* The bounds splits and merges test (class_min[]). */
			if (mapping_index(class_min[c]) != c ||
			    mapping_index(class_min[c + 1] - 1) != c)
				errors += kmalloc_validate_fail(
					"class_min[%u] = %#x does not bound list [%u][%u]",
					c, class_min[c], fl, sl);

			if (!(sl_bitmap[fl] & (1u << sl)) != !head)
				errors += kmalloc_validate_fail(
					"sl_bitmap[%u] bit %u is %s, list %s",
					fl, sl,
					sl_bitmap[fl] & (1u << sl) ? "set" :
								     "clear",
					head ? "not empty" : "empty");
			for (struct tlsf_free *n = head; n;
			     prev = n, n = node_next(n)) {
				unsigned int i = mapping_index(node_size(n));

				if (!plausible_node(n) ||
				    node_prev(n) != prev ||
				    ++*listed > nr_free) {
					errors += kmalloc_validate_fail(
						"list [%u][%u] broken at %p",
						fl, sl, n);
					break;
				}
				if (i != fl * SL_COUNT + sl || n->index != i)
					errors += kmalloc_validate_fail(
						"free block %#lx of %zu bytes on list [%u][%u] (index %u), belongs on [%u][%u]",
						bt_block_of(n), node_size(n),
						fl, sl, n->index, i / SL_COUNT,
						i % SL_COUNT);
				count++;
				sum += bt_block_of(n);
			}
			list_seen[fl][sl].count = count;
			list_seen[fl][sl].sum = sum;
		}
	}
	return errors;
}

static int validate_block(unsigned long b, const struct bt_tag *h,
			  bool prev_free, unsigned long fresh,
			  unsigned long *live, unsigned long *bytes,
			  size_t *used)
{
	size_t size = tag_size(h);
	bool is_free = h->size_flags & TLSF_FREE;
	unsigned long from;
	unsigned int i;
	int errors = 0;

	if (!(h->size_flags & TLSF_PREV_FREE) != !prev_free)
		errors += kmalloc_validate_fail(
			"block %#lx: previous-free bit %s, the block before is %s",
			b, h->size_flags & TLSF_PREV_FREE ? "set" : "clear",
			prev_free ? "free" : "allocated");
	if (!is_free) {
		(*live)++;
		*bytes += usable(h);
		*used += size;
		if ((h->size_flags & TLSF_PAGES) &&
		    !PageHead(virt_to_page((void *)(b + TAG))))
			errors += kmalloc_validate_fail(
				"page block %#lx: not PG_head", b + TAG);
		if (IS_ENABLED(CONFIG_KMALLOC_REDZONE) &&
		    !bt_redzone_intact((void *)(b + TAG), block_end(h)))
			errors += kmalloc_validate_fail(
				"object %#lx: redzone overwritten", b + TAG);
		return errors;
	}
	if (prev_free)
		errors += kmalloc_validate_fail(
			"free blocks before %#lx and at it not coalesced", b);
	if (h->size_flags & TLSF_PAGES)
		errors += kmalloc_validate_fail(
			"free block %#lx has the page-block bit", b);
	if (*footer_at(b + size) != size)
		errors += kmalloc_validate_fail(
			"free block %#lx: footer %#x, size %#zx", b,
			*footer_at(b + size), size);
	i = mapping_index(size);
	list_seen[i / SL_COUNT][i % SL_COUNT].count--;
	list_seen[i / SL_COUNT][i % SL_COUNT].sum -= b;
	from = max(poison_start(b), fresh);
	if (IS_ENABLED(CONFIG_KMALLOC_POISON) && !kmalloc_validating_op &&
	    from < b + size - FTR &&
	    memchr_inv((void *)from, POISON_FREE, b + size - FTR - from))
		errors += kmalloc_validate_fail(
			"free block %#lx written after free", b);
	return errors;
}

int backend_validate(void)
{
	unsigned long live = 0, bytes = 0, listed = 0;
	size_t used = 0;
	int errors = validate_lists(&listed);

	for (unsigned int i = 0; i < nr_regions; i++) {
		struct tlsf_region *r = &regions[i];
		unsigned long b = r->start + TAG, end = r->end - TAG;
		struct bt_tag *f = hdr_at(r->start), *e = hdr_at(end);
		bool prev_free = false;

		if (f->size_flags != TAG || f->magic != fence_magic(f) ||
		    (e->size_flags & ~TLSF_PREV_FREE) != TAG ||
		    e->magic != hdr_magic(e))
			errors += kmalloc_validate_fail(
				"region %u: fence overwritten", i);
		while (b < end) {
			struct bt_tag *h = hdr_at(b);
			size_t size = tag_size(h);

			if (!hdr_ok(h) || size < MIN_BLOCK || size > end - b) {
				errors += kmalloc_validate_fail(
					"block %#lx: corrupted header %#x/%#x",
					b, h->size_flags, h->magic);
				prev_free = false;
				break;
			}
			errors += validate_block(b, h, prev_free, r->fresh,
						 &live, &bytes, &used);
			prev_free = h->size_flags & TLSF_FREE;
			b += size;
		}
		if (b == end && !(e->size_flags & TLSF_PREV_FREE) != !prev_free)
			errors += kmalloc_validate_fail(
				"region %u: end fence's previous-free bit wrong",
				i);
	}
	for (unsigned int fl = 0; fl < FL_COUNT; fl++)
		for (unsigned int sl = 0; sl < SL_COUNT; sl++)
			if (list_seen[fl][sl].count || list_seen[fl][sl].sum)
				errors += kmalloc_validate_fail(
					"list [%u][%u] and the free blocks of its class differ (%ld blocks)",
					fl, sl, (long)list_seen[fl][sl].count);
	if (listed != nr_free)
		errors += kmalloc_validate_fail(
			"lists hold %lu blocks, count %lu", listed, nr_free);
	if (!errors)
		errors += bt_validate_totals(live, bytes, used, used_bytes);
	return errors;
}

void backend_show(void)
{
	struct bt_heap_info info;

	tlsf_get_info(&info);
	pr_info("tlsf: %lu free blocks, %zu KiB free, largest %zu KiB, %zu KiB in allocated blocks\n",
		info.nr_free, info.free_bytes >> 10, info.largest_free >> 10,
		used_bytes >> 10);
	pr_info("# fl  block sizes       sl_bitmap\n");
	for (unsigned int fl = 0; fl < FL_COUNT; fl++)
		if (sl_bitmap[fl])
			pr_info("tlsf %2u >= %-10lu %08x\n", fl,
				fl ? 1UL << (fl + TLSF_FL_INDEX_SHIFT - 1) :
				     0UL,
				sl_bitmap[fl]);
}

/* The block at @b for bt_walk_heap(): the payload follows the header. */
static bool view_block(unsigned long b, struct bt_block_view *v)
{
	const struct bt_tag *h = hdr_at(b);
	bool ok = hdr_ok(h) && tag_size(h) >= MIN_BLOCK;

	*v = (struct bt_block_view){ tag_size(h), h->size_flags & TLSF_FREE,
				     b + TAG, 0 };
	if (ok && !v->is_free)
		v->usable = usable(h);
	return ok;
}

void backend_walk(kmalloc_walk_fn fn, void *arg)
{
	struct bt_span pools[MEMBLOCK_MAX_REGIONS];

	for (unsigned int i = 0; i < nr_regions; i++)
		pools[i] = (struct bt_span){ regions[i].start, regions[i].end };
	bt_walk_heap(pools, nr_regions, pending, nr_pending, view_block, fn,
		     arg);
}
