// SPDX-License-Identifier: GPL-2.0
/*
 * SLOB: a simple list of blocks. The kmalloc backend "slob".
 *
 * The design of Linux's mm/slob.c (Matt Mackall, 2006; removed in 6.4),
 * described from its documentation and rewritten here.
 *
 * Data structures
 *   Memory is handed out in SLOB units of 8 bytes (SLOB_UNIT), which keeps
 *   every block 8-byte aligned; a page holds SLOB_PAGE_UNITS units. A page
 *   that SLOB carves (PG_slob) keeps an address-ordered singly linked list
 *   of its free blocks: each free block starts with a struct slob_free
 *   header (its size in units, the unit offset of the next free block,
 *   encoded and checked on use with CONFIG_SLAB_FREELIST_HARDENED), and
 *   the struct page holds the first free block (slob_free) and the
 *   number of free units (slob_units).
 *
 *   Pages with free space are on one of three lists, chosen by the size
 *   of the request that made or freed them: small (< 256 bytes), medium
 *   (< 1024 bytes) and large (< PAGE_SIZE). Keeping small requests on
 *   their own pages stops them from splintering the space big requests
 *   need. A page whose last free unit is taken leaves its list; a page
 *   that becomes entirely free goes back to the page allocator.
 *
 *   Unlike Linux's SLOB, each list is cut into free-space classes: a page
 *   is on the class list of its largest free block (slob_class() maps a
 *   size to its class, TLSF-like: exact below 8 units, then four classes
 *   per power of two), and a bitmap says which classes hold pages.
 *   slob_largest is exact: a free can only grow it (to the merged
 *   block), an allocation lowers it only when it split the largest
 *   block, and then the page's free blocks are walked again. (An upper
 *   bound kept within the class, walking only when the page changes
 *   class, measured slower: the class's pages then fail more often.)
 *
 * Allocation takes the page of the smallest class that can hold the
 * request (best fit among pages, by class) and first fit inside it (with
 * alignment: a misaligned start splits off a free fragment in front).
 * A page of a class that spans the request, or whose block may be too
 * short once aligned, is tried, at most SLOB_MAX_TRIES of them; then the
 * first class whose every page fits whatever the alignment gives the
 * page (with CONFIG_SLAB_FREELIST_RANDOM, one of its first SLOB_RANDOM_FIT
 * pages at random: slob_pick_page()). No page fits: a new page. O(1) pages examined per allocation,
 * O(free blocks in the page) inside it (and a second walk of the page's
 * free blocks when its largest block was the one used).
 *
 * Linux's SLOB walked its list from the page that last served a request
 * ("next fit" by rotating the list head) and skipped only pages whose
 * free units in total were too few: a page with enough free units in
 * pieces too short for the request was walked into and failed, so with
 * many partly used pages one allocation examined hundreds of them (the fs
 * trace's p99 was 98,304 instructions here, Linux's SLOB had the same
 * weakness). Best fit by class also keeps the large free blocks for large
 * requests, which holds fewer pages.
 *
 * Free inserts the block into its page's free list in address order and
 * merges it with the neighbours that touch it: O(free blocks in the page).
 *
 * kmalloc keeps the requested size in a header unit before the object
 * (size and a check word tied to the address, keyed by a per-boot secret
 * with CONFIG_KMALLOC_HEADER_CHECKSUM); a kmem_cache object's
 * header holds its cache instead of the size (an address, never below
 * PAGE_SIZE), so kfree() frees cache objects too and kmem_cache_free()
 * knows another cache's (Linux's SLOB had no header on cache objects and
 * could not). Power-of-two kmallocs are naturally aligned (the header
 * sits just before the aligned object). Requests of PAGE_SIZE -
 * SLOB_UNIT bytes and more go to the page allocator; their head page is
 * PG_large_kmalloc with private = order, and large_cache for a cache
 * object.
 *
 * The page allocator underneath is the buddy allocator (mm/buddy.c), also
 * compiled in for SLOB, as Linux's SLOB sat on Linux's buddy allocator:
 * alloc_pages() needs blocks of every order from the same memory, and
 * pages SLOB gives back coalesce into large blocks again.
 *
 * Bad input to kfree: a pointer outside SLOB pages and large kmallocs
 * ("invalid free"), a header whose check word does not match ("double
 * free" when the header now lies in a free block, "interior pointer free"
 * when a valid header earlier in the page covers the pointer, else
 * "corrupted header"). kmem_cache_free of an object that lies in a free
 * block is a "double free".
 *
 * No locking: kmlab runs one CPU and never allocates from interrupts.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/kasan.h>
#include <kmlab/errno.h>
#include <kmlab/slab.h>
#include <kmlab/freeptr.h>
#include <kmlab/random.h>
#include <kmlab/param.h>
#include "buddy.h"
#include "buddy_fast.h"
#include "internal.h"
#include "hardening.h"
#include "slob.h"

#define SLOB_END 0xffffu
#define SLOB_MAGIC 0x510b0b1eUL

/*
 * A free block: its size and the next free block, in units. The link is
 * a word of its own (a unit has room), so that CONFIG_SLAB_FREELIST_HARDENED
 * encodes it with the whole 32-bit secret: read and written only through
 * free_next() and set_free_next().
 */
struct slob_free {
	u32 units;
	u32 next; /* unit offset in the page, or SLOB_END */
};

BUILD_BUG_ON(sizeof(struct slob_free) > SLOB_UNIT);

/* The header unit before every object. */
struct slob_header {
	u32 size; /* bytes requested, or the kmem_cache of a cache object */
	u32 check; /* header_check(): SLOB_MAGIC ^ size ^ address, keyed */
};

static inline unsigned int slob_units(size_t bytes)
{
	return (bytes + SLOB_UNIT - 1) / SLOB_UNIT;
}

/* Unit @unit of the page whose first byte is @base. */
static inline struct slob_free *base_unit(char *base, unsigned int unit)
{
	return (struct slob_free *)(base + unit * SLOB_UNIT);
}

static inline struct slob_free *unit_ptr(const struct page *page,
					 unsigned int unit)
{
	return base_unit(page_address(page), unit);
}

static inline unsigned int ptr_unit(const struct page *page, const void *p)
{
	return ((unsigned long)p & ~PAGE_MASK) / SLOB_UNIT;
}

/* The next free block's unit after free block @b (<kmlab/freeptr.h>). */
static __always_inline unsigned int free_next(const struct slob_free *b)
{
	return freeptr_load(&b->next);
}

static __always_inline void set_free_next(struct slob_free *b,
					  unsigned int next)
{
	freeptr_store(&b->next, next);
}

/*
 * Can @next be the link of free block @b at unit @unit? The list is in
 * address order and coalesced, so the next block starts after @b's end
 * (an allocated unit at least in between), inside the page. Checked with
 * CONFIG_SLAB_FREELIST_HARDENED only, where a forged link decodes to a
 * value in that range with a probability below 2^-23.
 */
static __always_inline bool
next_ok(unsigned int unit, const struct slob_free *b, unsigned int next)
{
	return !IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) || next == SLOB_END ||
	       (next > unit + b->units && next < SLOB_PAGE_UNITS);
}

static void slob_relist(struct page *page);

/*
 * CONFIG_SLAB_FREELIST_HARDENED: the link of free block @b (in the page
 * at @base) failed next_ok(). Report it and end the list at @b: the free
 * blocks after it are abandoned (out of the list, never handed out, as a
 * slab abandons the rest of a forged free list), and the page's free
 * units and largest block are counted again from what is left, which may
 * move the page to another class list.
 */
static __noinline void slob_cut_list(char *base, struct slob_free *b)
{
	struct page *page = virt_to_page(base);
	unsigned int units = 0, largest = 0;

	freeptr_report_forged(b, _RET_IP_);
	set_free_next(b, SLOB_END);
	for (struct slob_free *f = page->slob_free; f;) {
		unsigned int next = free_next(f);

		units += f->units;
		largest = max(largest, (unsigned int)f->units);
		f = next == SLOB_END ? NULL : base_unit(base, next);
	}
	page->slob_units = units;
	page->slob_largest = largest;
	slob_relist(page);
}

/*
 * The unit of the free block after @b (at unit @unit of the page at
 * @base), checked before it is followed: a forged link is reported and
 * cut (slob_cut_list()), and SLOB_END returned instead.
 */
static __always_inline unsigned int follow_next(char *base, unsigned int unit,
						struct slob_free *b)
{
	unsigned int next = free_next(b);

	if (likely(next_ok(unit, b, next)))
		return next;
	slob_cut_list(base, b);
	return SLOB_END;
}

unsigned int slob_list_index(size_t size)
{
	if (size < SLOB_BREAK1)
		return SLOB_SMALL;
	if (size < SLOB_BREAK2)
		return SLOB_MEDIUM;
	return SLOB_LARGE;
}

/*
 * The check word of a header at @h holding @size: a constant xor the size
 * xor the header's address, through header_key() (with
 * CONFIG_KMALLOC_HEADER_CHECKSUM keyed by the per-boot secret, as Scudo's
 * chunk header, so that a size rewritten with its check word patched by
 * the xor of the difference no longer passes).
 */
static inline u32 header_check(const struct slob_header *h, u32 size)
{
	return header_key(SLOB_MAGIC ^ size ^ (unsigned long)h);
}

/* The cache of the object after header @h (checked), NULL for kmalloc. */
static inline struct kmem_cache *header_cache(const struct slob_header *h)
{
	return h->size >= PAGE_SIZE ?
		       (struct kmem_cache *)(unsigned long)h->size :
		       NULL;
}

/* Bytes of the object after header @h (checked). */
static inline size_t header_bytes(const struct slob_header *h)
{
	const struct kmem_cache *s = header_cache(h);

	return s ? s->size : h->size;
}

/* Pages of a class that may be too short for a request tried before
 * the first class that surely fits. */
#define SLOB_MAX_TRIES 4

struct slob_list slob_lists[SLOB_NR_LISTS];

static unsigned int slob_class_calc(unsigned int units)
{
	unsigned int e;

	if (units < SLOB_CLASS_EXACT)
		return units;
	e = 31 - __builtin_clz(units); /* 3 .. 9 */
	return SLOB_CLASS_EXACT + (e - 3) * 4 + ((units >> (e - 2)) & 3);
}

/* slob_class_calc() of every block size, filled at init: one load. */
static u8 slob_class_of[SLOB_PAGE_UNITS + 1];

unsigned int slob_class(unsigned int units)
{
	return units <= SLOB_PAGE_UNITS ? slob_class_of[units] :
					  slob_class_calc(units);
}

unsigned int slob_class_min(unsigned int class)
{
	unsigned int e, sub;

	if (class < SLOB_CLASS_EXACT)
		return class;
	e = (class - SLOB_CLASS_EXACT) / 4 + 3;
	sub = (class - SLOB_CLASS_EXACT) % 4;
	return (4 + sub) << (e - 2);
}

/* slob_class_sure() below a page, filled at init. */
static u8 slob_sure_of[SLOB_PAGE_UNITS];

static unsigned int slob_class_sure_calc(unsigned int units)
{
	unsigned int c = slob_class_calc(units);

	return slob_class_min(c) < units ? c + 1 : c;
}

/* The first class whose every page has a free block of @units units. */
static inline unsigned int slob_class_sure(unsigned int units)
{
	return units < SLOB_PAGE_UNITS ? slob_sure_of[units] : SLOB_NR_CLASSES;
}

/* The first class at or above @class that holds a page, or SLOB_NR_CLASSES. */
static inline unsigned int slob_next_class(const struct slob_list *sl,
					   unsigned int class)
{
	u32 mask;

	if (class >= SLOB_NR_CLASSES)
		return SLOB_NR_CLASSES;
	mask = sl->nonempty & (~0u << class);
	return mask ? __builtin_ctz(mask) : SLOB_NR_CLASSES;
}

/*
 * Put @page on the class list of its slob_largest (off every list when
 * it has no free unit). The page is on a list when its slob_list is not
 * empty.
 */
static void slob_relist(struct page *page)
{
	struct slob_list *sl = &slob_lists[page->slob_list_nr];
	unsigned int c = page->slob_largest ? slob_class(page->slob_largest) :
					      SLOB_NR_CLASSES;

	if (!list_empty(&page->slob_list)) {
		if (c == page->slob_class)
			return;
		list_del_init(&page->slob_list);
		if (list_empty(&sl->class[page->slob_class]))
			sl->nonempty &= ~(1u << page->slob_class);
	}
	page->slob_class = c;
	if (c == SLOB_NR_CLASSES)
		return;
	list_add(&page->slob_list, &sl->class[c]);
	sl->nonempty |= 1u << c;
}

/*
 * Units of the largest of the free blocks of the page at @base from unit
 * @unit (a free block's, or SLOB_END) to the end, or @largest if that is
 * larger.
 */
static unsigned int slob_largest_from(char *base, unsigned int unit,
				      unsigned int largest)
{
	while (unit != SLOB_END) {
		struct slob_free *b = base_unit(base, unit);

		if (b->units > largest)
			largest = b->units;
		unit = follow_next(base, unit, b);
	}
	return largest;
}

/*
 * First fit inside one page: @units units whose address plus
 * @align_offset bytes is a multiple of @align. Return: the block or NULL.
 */
static __always_inline void *slob_page_alloc(struct page *page,
					     unsigned int units,
					     unsigned int align,
					     unsigned int align_offset)
{
	struct slob_free *prev = NULL; /* the block that links to cur */
	unsigned int cur_unit, before = 0; /* the largest block before cur */
	char *base = page_address(page); /* once: it costs a division */
	u16 head;

	head = page->slob_free ? ptr_unit(page, page->slob_free) : SLOB_END;
	for (cur_unit = head; cur_unit != SLOB_END;) {
		struct slob_free *cur = base_unit(base, cur_unit);
		unsigned int avail = cur->units, delta = 0;
		unsigned long addr = (unsigned long)cur;

		if (align > SLOB_UNIT)
			delta = (ALIGN(addr + align_offset, align) -
				 align_offset - addr) /
				SLOB_UNIT;
		if (avail >= units + delta) {
			unsigned int next = follow_next(base, cur_unit, cur),
				     rest_next = next;

			if (delta) {
				/* Keep the misaligned front as a free block. */
				struct slob_free *aligned =
					base_unit(base, cur_unit + delta);

				cur->units = delta;
				prev = cur;
				cur = aligned;
				cur_unit += delta;
				avail -= delta;
			}
			if (avail > units) {
				struct slob_free *rest =
					base_unit(base, cur_unit + units);

				rest->units = avail - units;
				set_free_next(rest, next);
				next = cur_unit + units;
			}
			if (prev)
				set_free_next(prev, next);
			else
				page->slob_free = next == SLOB_END ?
							  NULL :
							  base_unit(base, next);
			page->slob_units -= units;
			/*
			 * Only the largest block's split lowers the largest:
			 * the blocks before it were measured on the way, the
			 * pieces left of it are known, the rest is walked.
			 */
			if (avail + delta == page->slob_largest) {
				page->slob_largest = slob_largest_from(
					base, rest_next,
					max(before, max(delta, avail - units)));
				slob_relist(page);
			}
			return cur;
		}
		if (avail > before)
			before = avail;
		prev = cur;
		cur_unit = follow_next(base, cur_unit, cur);
	}
	return NULL;
}

static struct page *slob_new_page(unsigned int list)
{
	struct page *page = buddy_alloc_pages(0);
	struct slob_free *b;

	if (!page)
		return NULL;
	kstat_pages(1);
	page_set_flag(page, PG_slob);
	b = page_address(page);
	b->units = SLOB_PAGE_UNITS;
	set_free_next(b, SLOB_END);
	page->slob_free = b;
	page->slob_units = SLOB_PAGE_UNITS;
	page->slob_largest = SLOB_PAGE_UNITS;
	page->slob_list_nr = list;
	page->slob_class = SLOB_NR_CLASSES;
	INIT_LIST_HEAD(&page->slob_list); /* listed after its first block */
	return page;
}

/*
 * CONFIG_SLAB_FREELIST_RANDOM: the choice among equally good pages. The
 * pages of the first class whose every page holds the request ("sure")
 * are equal under SLOB's policy (best fit by class: any of them is the
 * best fit the classes can tell; inside a page the policy, first fit,
 * names one block, so the page is the only free choice). The policy
 * takes the class's first page, the one relisted there last, so a free
 * that leaves a hole of the request's size has the next allocation of
 * that size reclaim it. With the option, one of the class's first
 * SLOB_RANDOM_FIT pages is taken, uniformly, from a taus113 generator
 * seeded per boot, while slob.random_fit= is 1 (its default): an
 * attacker who frees an object no longer knows which page the next
 * allocation of its size lands in. Bounded: at most SLOB_RANDOM_FIT list
 * links followed (struct page's, outside the heap's free memory).
 */
static struct rnd_state fit_rnd;

/* Never set without the option: slob_random_fit_set() does nothing. */
static bool random_fit_on = IS_ENABLED(CONFIG_SLAB_FREELIST_RANDOM);
#ifdef CONFIG_SLAB_FREELIST_RANDOM
kernel_param(
	"slob.random_fit", random_fit_on, bool,
	"take one of the first pages of the best class at random (1) or the first (0)");
#endif
#define random_fit_wanted() \
	(IS_ENABLED(CONFIG_SLAB_FREELIST_RANDOM) && likely(random_fit_on))

bool slob_random_fit_set(bool on)
{
	bool was = random_fit_wanted();

	if (IS_ENABLED(CONFIG_SLAB_FREELIST_RANDOM))
		random_fit_on = on;
	return was;
}

/* One of the first SLOB_RANDOM_FIT pages of class list @head (not empty). */
static __noinline struct page *slob_pick_page(struct list_head *head)
{
	struct page *c[SLOB_RANDOM_FIT], *page;
	unsigned int k = 1;

	c[0] = list_first_entry(head, struct page, slob_list);
	for (page = list_next_entry(c[0], slob_list);
	     &page->slob_list != head && k < SLOB_RANDOM_FIT;
	     page = list_next_entry(page, slob_list))
		c[k++] = page;
	return c[k > 1 ? prandom_u32_below(&fit_rnd, k) : 0];
}

/*
 * Allocate @size bytes (a multiple of SLOB_UNIT after rounding) such that
 * the block plus @align_offset is @align aligned. Return: block or NULL.
 */
static void *slob_alloc(size_t size, unsigned int align,
			unsigned int align_offset)
{
	unsigned int units = slob_units(size);
	struct slob_list *sl = &slob_lists[slob_list_index(size)];
	/* A misaligned block may lose up to align - SLOB_UNIT bytes. */
	unsigned int sure = slob_class_sure(
		units + (align > SLOB_UNIT ? align / SLOB_UNIT - 1 : 0));
	unsigned int c, tries = 0;
	struct page *page;
	void *b;

	/* Classes that may hold a block too short: a few pages each. */
	for (c = slob_next_class(sl, slob_class(units)); c < sure;
	     c = slob_next_class(sl, c + 1)) {
		list_for_each_entry(page, &sl->class[c], slob_list) {
			if (tries++ == SLOB_MAX_TRIES)
				goto sure;
			if (page->slob_largest < units)
				continue;
			b = slob_page_alloc(page, units, align, align_offset);
			if (b)
				return b;
			if (unlikely(page->slob_class != c))
				goto sure; /* a forged link cut moved it */
		}
	}
sure:
	c = slob_next_class(sl, sure);
	if (c < SLOB_NR_CLASSES) {
		if (random_fit_wanted())
			page = slob_pick_page(&sl->class[c]);
		else
			page = list_first_entry(&sl->class[c], struct page,
						slob_list);
		b = slob_page_alloc(page, units, align, align_offset);
		if (b)
			return b;
	}
	page = slob_new_page(sl - slob_lists);
	if (!page)
		return NULL;
	return slob_page_alloc(page, units, align, align_offset);
}

/* Is @p inside a free block of its page? */
static bool slob_is_free(const struct page *page, const void *p)
{
	unsigned int unit = ptr_unit(page, p), n = 0;
	struct slob_free *b;

	for (b = page->slob_free; b && n++ < SLOB_PAGE_UNITS;) {
		unsigned int bu = ptr_unit(page, b), next = free_next(b);

		if (unit >= bu && unit < bu + b->units)
			return true;
		if (next == SLOB_END || !next_ok(bu, b, next))
			break;
		b = unit_ptr(page, next);
	}
	return false;
}

/* Return @size bytes at @block to its page, coalescing. */
static void slob_free(void *block, size_t size)
{
	struct page *page = virt_to_page(block);
	char *base = (char *)((unsigned long)block & PAGE_MASK);
	unsigned int units = slob_units(size), next;
	unsigned int unit = ptr_unit(page, block);
	struct slob_free *b = block, *prev = NULL, *cur, *merged = b;

	if (page->slob_units + units == SLOB_PAGE_UNITS) {
		/* The page is entirely free: back to the page allocator. */
		page->slob_largest = 0;
		slob_relist(page);
		page->flags = 1UL << PG_head;
		page->private = 0;
		page->slob_free = NULL;
		buddy_free_pages(page, 0, _THIS_IP_);
		kstat_pages(-1);
		return;
	}
	b->units = units;
	if (!page->slob_free) {
		/* The page was full: it gets a list again. */
		set_free_next(b, SLOB_END);
		page->slob_free = b;
		page->slob_units = units;
		page->slob_largest = units;
		page->slob_list_nr = slob_list_index(size);
		slob_relist(page);
		return;
	}
	/* Find the free blocks before and after @block. */
	cur = page->slob_free;
	while (cur && cur < b) {
		next = follow_next(base, ptr_unit(page, cur), cur);
		prev = cur;
		cur = next == SLOB_END ? NULL : base_unit(base, next);
	}
	/* Link after prev (or first), then merge with cur and prev. */
	if (cur && unit + units == ptr_unit(page, cur)) {
		next = follow_next(base, unit + units, cur);
		b->units += cur->units;
	} else {
		next = cur ? ptr_unit(page, cur) : SLOB_END;
	}
	set_free_next(b, next);
	/* After the walk: a forged link's cut counts the list again. */
	page->slob_units += units;
	if (prev) {
		if (ptr_unit(page, prev) + prev->units == unit) {
			prev->units += b->units;
			set_free_next(prev, next);
			merged = prev;
		} else {
			set_free_next(prev, unit);
		}
	} else {
		page->slob_free = b;
	}
	if (merged->units > page->slob_largest) {
		page->slob_largest = merged->units;
		slob_relist(page);
	}
}

/* --- The backend contract (mm/internal.h) ----------------------------- */

void *backend_kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	unsigned int align = ARCH_KMALLOC_MINALIGN;
	struct slob_header *h;

	if (size >= PAGE_SIZE - SLOB_UNIT)
		return buddy_kmalloc_large(size);
	if (!(size & (size - 1)))
		align = max(align, (unsigned int)size);
	h = slob_alloc(size + SLOB_UNIT, align, SLOB_UNIT);
	if (!h)
		return NULL;
	h->size = size;
	h->check = header_check(h, size);
	kstat_alloc(ALIGN(size, SLOB_UNIT));
	return h + 1;
}

/*
 * The header before @p did not check out: say what the pointer most
 * likely is. Walks back through the page for a valid header covering @p.
 */
static void slob_report_bad_header(struct page *page, const void *p, bool ksize,
				   unsigned long caller)
{
	const struct slob_header *h = (const struct slob_header *)p - 1;
	const char *what = "corrupted header";

	if (slob_is_free(page, h)) {
		what = ksize ? "ksize of a free object" : "double free";
	} else {
		const char *base = page_address(page);

		for (const char *q = (const char *)h - SLOB_UNIT; q >= base;
		     q -= SLOB_UNIT) {
			const struct slob_header *hq = (const void *)q;

			if (hq->check == header_check(hq, hq->size) &&
			    !slob_is_free(page, hq)) {
				if ((const char *)p <
				    q + SLOB_UNIT + header_bytes(hq))
					what = "interior pointer free";
				break;
			}
		}
	}
	kmalloc_report_bad(what, p, caller);
}

/*
 * Return: the kmalloc header of @p, ERR_PTR_HEADER after a report (@ksize:
 * for ksize(), which names a freed object so), or NULL when @p is not in
 * a SLOB page.
 */
static struct slob_header *slob_header_of(const void *p, bool ksize,
					  unsigned long caller,
					  struct page **pagep)
{
	struct slob_header *h = (struct slob_header *)p - 1;
	struct page *page;

	if (!virt_addr_valid(p) || !IS_ALIGNED((unsigned long)p, SLOB_UNIT)) {
		kmalloc_report_bad("invalid free", p, caller);
		return NULL;
	}
	page = virt_to_page(p);
	*pagep = page;
	if (!PageSlob(page))
		return NULL; /* large kmalloc or invalid: the caller checks */
	if (((unsigned long)p & ~PAGE_MASK) < SLOB_UNIT) {
		kmalloc_report_bad("invalid free", p, caller);
		return ERR_PTR_HEADER;
	}
	if (h->check != header_check(h, h->size) ||
	    ptr_unit(page, h) + slob_units(header_bytes(h) + SLOB_UNIT) >
		    SLOB_PAGE_UNITS) {
		slob_report_bad_header(page, p, ksize, caller);
		return ERR_PTR_HEADER;
	}
	return h;
}

/* Free the object after header @h (checked): kmalloc's or a cache's. */
static void slob_free_object(struct slob_header *h)
{
	size_t size = header_bytes(h);

	h->check = 0; /* a second free finds no valid header */
	kstat_free(ALIGN(size, SLOB_UNIT));
	slob_free(h, size + SLOB_UNIT);
}

/*
 * Free @p, served by pages: a large kmalloc, or a large object of the
 * cache its head page names. @s: kmem_cache_free() to @s, which takes
 * only its own objects; NULL: kfree(), which takes both and counts a
 * cache object out of its cache. Return: 0 or -EINVAL (reported).
 */
static int slob_free_large(const void *p, struct kmem_cache *s,
			   unsigned long caller)
{
	struct page *head = compound_head(virt_to_page(p));
	struct kmem_cache *owner = PageLargeKmalloc(head) ? head->large_cache :
							    NULL;
	size_t size;

	if (s && owner != s && PageLargeKmalloc(head) &&
	    p == page_address(head)) {
		kmalloc_report_bad("free to the wrong cache", p, caller);
		return -EINVAL;
	}
	if (buddy_kfree_large(p, caller, false, &size))
		return -EINVAL;
	if (owner && !s)
		owner->live--;
	return 0;
}

int backend_kfree(const void *p, unsigned long caller)
{
	struct page *page = NULL;
	struct slob_header *h = slob_header_of(p, false, caller, &page);
	struct kmem_cache *s;

	if (h == ERR_PTR_HEADER || (!h && !page))
		return -EINVAL;
	if (!h)
		return slob_free_large(p, NULL, caller);
	s = header_cache(h);
	slob_free_object(h);
	if (s)
		s->live--; /* kfree() of a cache object */
	return 0;
}

size_t backend_ksize(const void *p, unsigned long caller)
{
	struct page *page = NULL;
	struct slob_header *h = slob_header_of(p, true, caller, &page);
	size_t size = 0;

	if (h == ERR_PTR_HEADER || (!h && !page))
		return 0;
	if (!h)
		return buddy_kfree_large(p, caller, true, &size) ? 0 : size;
	return ALIGN(header_bytes(h), SLOB_UNIT);
}

/* ksize() is the whole units of the request: nothing moves. */
void backend_shrink(const void *p, size_t new_size)
{
}

int kmalloc_backend_init(void)
{
	for (unsigned int u = 0; u <= SLOB_PAGE_UNITS; u++) {
		slob_class_of[u] = slob_class_calc(u);
		if (u < SLOB_PAGE_UNITS)
			slob_sure_of[u] = slob_class_sure_calc(u);
	}
	for (unsigned int l = 0; l < SLOB_NR_LISTS; l++) {
		for (unsigned int c = 0; c < SLOB_NR_CLASSES; c++)
			INIT_LIST_HEAD(&slob_lists[l].class[c]);
		slob_lists[l].nonempty = 0;
	}
	prandom_seed_state(&fit_rnd, get_random_u64());
	buddy_init();
	return 0;
}

/* --- Native kmem_cache: a header that names the cache ------------------ */

/* Objects of @s come from the page allocator: they and their header and
 * alignment gap would not fit a page. */
static inline bool slob_cache_large(const struct kmem_cache *s)
{
	return s->size + max(s->align, (size_t)SLOB_UNIT) > PAGE_SIZE;
}

int backend_cache_create(struct kmem_cache *s)
{
	s->priv = NULL;
	return 0;
}

void *backend_cache_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller)
{
	struct slob_header *h;
	void *b;

	if (slob_cache_large(s)) {
		b = buddy_kmalloc_large(s->size);
		if (!b)
			return NULL;
		virt_to_page(b)->large_cache = s;
	} else {
		h = slob_alloc(s->size + SLOB_UNIT, s->align, SLOB_UNIT);
		if (!h)
			return NULL;
		h->size = (unsigned long)s;
		h->check = header_check(h, h->size);
		kstat_alloc(ALIGN(s->size, SLOB_UNIT));
		b = h + 1;
	}
	/* As Linux's SLOB: the constructor runs on every allocation. */
	if (s->ctor) {
		/* CONFIG_KASAN: the constructor is the caller's code. */
		kasan_unpoison(b, s->object_size);
		s->ctor(b);
	}
	return b;
}

int backend_cache_free(struct kmem_cache *s, const void *p,
		       unsigned long caller)
{
	struct page *page = NULL;
	struct slob_header *h = slob_header_of(p, false, caller, &page);

	if (h == ERR_PTR_HEADER || (!h && !page))
		return -EINVAL;
	if (!h)
		return slob_free_large(p, s, caller);
	if (header_cache(h) != s) {
		kmalloc_report_bad("free to the wrong cache", p, caller);
		return -EINVAL;
	}
	slob_free_object(h);
	return 0;
}

/* kfree() counts a cache object out of its cache: @s->live is exact. */
unsigned long backend_cache_live(struct kmem_cache *s)
{
	return s->live;
}

void backend_cache_destroy(struct kmem_cache *s)
{
}

/*
 * A SLOB cache holds no memory of its own: its objects share the pages
 * of every other allocation, and a page goes back once its last block is
 * free. Linux's SLOB had the same __kmem_cache_shrink(), returning 0.
 */
int backend_cache_shrink(struct kmem_cache *s)
{
	return 0;
}

/* --- validate, show --------------------------------------------------- */

#define bad(fmt, ...) \
	(errors += kmalloc_validate_fail("slob: " fmt, ##__VA_ARGS__))

static int validate_page(struct page *page, bool *on_list)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned int free_units = 0, n = 0, last_end = 0, largest = 0;
	struct slob_free *b = page->slob_free;
	int errors = 0;

	while (b) {
		unsigned int u = ptr_unit(page, b), next;

		if (virt_to_page(b) != page) {
			bad("pfn %#lx: free block %p outside the page", pfn, b);
			break;
		}
		if (++n > SLOB_PAGE_UNITS) {
			bad("pfn %#lx: free list loops", pfn);
			break;
		}
		if (n > 1 && u < last_end)
			bad("pfn %#lx: free block at unit %u not in address order",
			    pfn, u);
		if (n > 1 && u == last_end)
			bad("pfn %#lx: free blocks at unit %u not coalesced",
			    pfn, u);
		if (!b->units || u + b->units > SLOB_PAGE_UNITS)
			bad("pfn %#lx: free block at unit %u has %u units", pfn,
			    u, b->units);
		free_units += b->units;
		largest = max(largest, (unsigned int)b->units);
		last_end = u + b->units;
		next = free_next(b);
		if (next == SLOB_END)
			break;
		if (next >= SLOB_PAGE_UNITS) {
			bad("pfn %#lx: next unit %u out of the page", pfn,
			    next);
			break;
		}
		b = unit_ptr(page, next);
	}
	if (free_units != (unsigned int)page->slob_units)
		bad("pfn %#lx: %u free units listed, slob_units %d", pfn,
		    free_units, page->slob_units);
	if (page->slob_units >= SLOB_PAGE_UNITS)
		bad("pfn %#lx: entirely free but still held", pfn);
	if (largest != page->slob_largest)
		bad("pfn %#lx: largest free block %u units, slob_largest %u",
		    pfn, largest, page->slob_largest);
	*on_list = !list_empty(&page->slob_list);
	if (*on_list != (page->slob_units > 0))
		bad("pfn %#lx: %d free units but %s a list", pfn,
		    page->slob_units, *on_list ? "on" : "not on");
	if (*on_list && page->slob_largest &&
	    page->slob_class != slob_class(page->slob_largest))
		bad("pfn %#lx: on class %u, its largest block is of class %u",
		    pfn, page->slob_class, slob_class(page->slob_largest));
	return errors;
}

int backend_validate(void)
{
	unsigned long pages = 0, listed = 0, on_lists = 0, large = 0;
	int errors = 0;

	for (unsigned int l = 0; l < SLOB_NR_LISTS; l++) {
		for (unsigned int c = 0; c < SLOB_NR_CLASSES; c++) {
			struct list_head *head = &slob_lists[l].class[c];
			struct page *page;

			if (list_empty(head) ==
			    !!(slob_lists[l].nonempty & (1u << c)))
				bad("list %u class %u: bitmap bit %s", l, c,
				    list_empty(head) ? "set, list empty" :
						       "clear, list used");
			list_for_each_entry(page, head, slob_list) {
				if (++listed > mem_map_nr) {
					bad("list %u class %u loops", l, c);
					break;
				}
				if (!PageSlob(page))
					bad("pfn %#lx on list %u is not a SLOB page",
					    page_to_pfn(page), l);
				else if (page->slob_list_nr != l ||
					 page->slob_class != c)
					bad("pfn %#lx on list %u class %u thinks %u/%u",
					    page_to_pfn(page), l, c,
					    page->slob_list_nr,
					    page->slob_class);
			}
		}
	}
	for (unsigned long i = 0; i < mem_map_nr; i++) {
		struct page *page = &mem_map[i];
		bool on_list;

		if (PageSlob(page)) {
			pages++;
			errors += validate_page(page, &on_list);
			on_lists += on_list;
		} else if (PageLargeKmalloc(page)) {
			large += 1UL << page->private;
		}
	}
	if (on_lists != listed)
		bad("%lu pages on the lists, %lu SLOB pages think they are",
		    listed, on_lists);
	if (kmalloc_stats.pages_held < pages + large)
		bad("pages_held %lu < %lu SLOB + %lu large kmalloc pages",
		    kmalloc_stats.pages_held, pages, large);
	return errors + buddy_validate();
}

void slob_count_pages(unsigned long nr[SLOB_NR_LISTS], unsigned long *full)
{
	struct page *page;

	for (unsigned int l = 0; l < SLOB_NR_LISTS; l++) {
		nr[l] = 0;
		for (unsigned int c = 0; c < SLOB_NR_CLASSES; c++)
			list_for_each_entry(page, &slob_lists[l].class[c],
					    slob_list)
				nr[l]++;
	}
	*full = 0;
	for (unsigned long i = 0; i < mem_map_nr; i++)
		if (PageSlob(&mem_map[i]) && !mem_map[i].slob_units)
			(*full)++;
}

void backend_show(void)
{
	static const char *const names[] = { "small", "medium", "large" };
	unsigned long nr[SLOB_NR_LISTS], full;

	slob_count_pages(nr, &full);
	pr_info("slob: list     pages (partially used)\n");
	for (unsigned int l = 0; l < SLOB_NR_LISTS; l++)
		pr_info("slob: %-8s %lu\n", names[l], nr[l]);
	pr_info("slob: full     %lu\n", full);
	buddy_show();
}

void backend_sync_stats(struct kmalloc_stats *st)
{
	/* Page blocks from alloc_pages() are counted lazily (buddy_fast.h). */
	buddy_sync_stats();
	kstat_update_peaks(st);
}

const struct backend_info backend_info = {
	.name = "slob",
	.detects = KMALLOC_DETECTS_DOUBLE_FREE | KMALLOC_DETECTS_FOREIGN |
		   KMALLOC_DETECTS_WRONG_CACHE | KMALLOC_DETECTS_INTERIOR |
		   KMALLOC_DETECTS_BAD_HEADER,
	.header_bytes = sizeof(struct slob_header),
	.reuses_memory = true,
};

/*
 * Allocated blocks from @at to @stop of a SLOB page for walk_slob_page():
 * each a header unit (metadata) and its object's whole units (live). A
 * header that fails its check ends the run. Return: where the blocks end.
 */
static unsigned long walk_blocks(unsigned long at, unsigned long stop,
				 kmalloc_walk_fn fn, void *arg)
{
	while (stop - at > SLOB_UNIT) {
		struct slob_header *h = (struct slob_header *)at;
		size_t bytes;

		if (h->check != header_check(h, h->size))
			break;
		bytes = ALIGN(header_bytes(h), SLOB_UNIT);
		if (!bytes || bytes > stop - at - SLOB_UNIT)
			break;
		fn(at, at + SLOB_UNIT, KMALLOC_RANGE_METADATA, arg);
		fn(at + SLOB_UNIT, at + SLOB_UNIT + bytes, KMALLOC_RANGE_LIVE,
		   arg);
		at += SLOB_UNIT + bytes;
	}
	return at;
}

/*
 * One SLOB page for buddy_walk(): its free blocks (free, their
 * struct slob_free included) in address order, the allocated blocks
 * between them; what a broken header or free list leaves is held.
 * Return: 1 page.
 */
static unsigned long walk_slob_page(struct page *page, kmalloc_walk_fn fn,
				    void *arg)
{
	unsigned long base = (unsigned long)page_address(page);
	unsigned long at = base, end = base + PAGE_SIZE;
	struct slob_free *b = page->slob_free;

	for (unsigned int n = 0; at < end; n++) {
		unsigned long stop = b ? (unsigned long)b : end;

		if (stop < at || stop > end || n > SLOB_PAGE_UNITS ||
		    (b && (!b->units || b->units > (end - stop) / SLOB_UNIT)))
			break;
		walk_report(fn, arg, walk_blocks(at, stop, fn, arg), stop,
			    KMALLOC_RANGE_HELD);
		at = stop;
		if (!b)
			break;
		at += b->units * SLOB_UNIT;
		fn(stop, at, KMALLOC_RANGE_FREE, arg);
		b = free_next(b) == SLOB_END ? NULL :
					       unit_ptr(page, free_next(b));
	}
	walk_report(fn, arg, at, end, KMALLOC_RANGE_HELD);
	return 1;
}

void backend_walk(kmalloc_walk_fn fn, void *arg)
{
	buddy_walk(fn, arg, walk_slob_page);
}
