// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the TLSF backend (mm/tlsf.c): the two-level mapping
 * against values worked out by hand from the paper, the good-fit bound of
 * the search mapping, a freed block found again at the head of its own
 * list, coalescing with the next, the previous and both neighbours,
 * allocated blocks without a footer, naturally aligned objects, page
 * blocks carved from the same free memory, an overwritten footer of a
 * free block reported, refused and caught by validate(), kfree(),
 * ksize(), kmem_cache_free() and free_pages() refusing a block whose
 * neighbours are damaged (each check of the footer before and the header
 * after, through each), and with
 * CONFIG_KMALLOC_POISON a write after free caught by validate() and by
 * the allocation that hands the memory out again.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/string.h>
#include "internal.h"
#include "boundary_tag_test.h"
#include "tlsf.h"
#include "kfence_pause_test.h"

#define TAGB TLSF_TAG_BYTES

static size_t block_size(const void *p, bool *allocated)
{
	return tlsf_block_at((const char *)p - TAGB, allocated);
}

/* Worked out by hand: fl = highest set bit - 7, sl = the next 5 bits. */
static void mapping_by_hand(struct ktest *test)
{
	static const struct {
		size_t size;
		unsigned int fl, sl, search_fl, search_sl;
	} t[] = {
		/* Small blocks: level 0, exact 8-byte classes. */
		{ 24, 0, 3, 0, 3 },
		{ 248, 0, 31, 0, 31 },
		/* [256, 512) cut into 32 classes of 8 bytes. */
		{ 256, 1, 0, 1, 0 },
		{ 257, 1, 0, 1, 1 }, /* the search rounds up a class */
		{ 264, 1, 1, 1, 1 },
		{ 511, 1, 31, 2, 0 }, /* ... and into the next level */
		/* [512, 1024): classes of 16 bytes. */
		{ 512, 2, 0, 2, 0 },
		{ 1008, 2, 31, 2, 31 },
		/* [4096, 8192): classes of 128 bytes. */
		{ 4096, 5, 0, 5, 0 },
		{ 4097, 5, 0, 5, 1 },
		{ 6144, 5, 16, 5, 16 },
		/* Higher up, and the last level. */
		{ 8216, 6, 0, 6, 1 },
		{ 0x80000000u, 24, 0, 24, 0 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		unsigned int fl, sl;

		tlsf_mapping_insert(t[i].size, &fl, &sl);
		KTEST_EXPECT_EQ_MSG(test, fl, t[i].fl, "insert %zu", t[i].size);
		KTEST_EXPECT_EQ_MSG(test, sl, t[i].sl, "insert %zu", t[i].size);
		tlsf_mapping_search(t[i].size, &fl, &sl);
		KTEST_EXPECT_EQ_MSG(test, fl, t[i].search_fl, "search %zu",
				    t[i].size);
		KTEST_EXPECT_EQ_MSG(test, sl, t[i].search_sl, "search %zu",
				    t[i].size);
	}
}

/* Smallest block size of list (@fl, @sl), from the paper's definition. */
static size_t class_low(unsigned int fl, unsigned int sl)
{
	if (!fl)
		return sl * 8;
	return (size_t)(TLSF_SL_INDEX_COUNT + sl) << (fl + 2);
}

/*
 * Good fit: every block on the list mapping_search() picks holds the
 * request (its class starts at or above it), and that list is the first
 * such one (the class before it starts below the request).
 */
static void search_is_good_fit(struct ktest *test)
{
	unsigned long bad = 0, checked = 0;

	for (size_t s = TLSF_MIN_BLOCK; s < (64u << 20);
	     s += 8 * (1 + s / 1000)) {
		unsigned int fl, sl, ifl, isl;
		size_t low, prev_low;

		tlsf_mapping_search(s, &fl, &sl);
		tlsf_mapping_insert(class_low(fl, sl), &ifl, &isl);
		low = class_low(fl, sl);
		prev_low = sl ? class_low(fl, sl - 1) :
				class_low(fl - 1, TLSF_SL_INDEX_COUNT - 1);
		checked++;
		if ((low < s || prev_low >= s || ifl != fl || isl != sl) &&
		    bad++ < 5)
			KTEST_FAIL(test,
				   "size %zu: list [%u][%u] starts at %zu", s,
				   fl, sl, low);
	}
	KTEST_EXPECT_GT(test, checked, 1000ul);
	KTEST_EXPECT_EQ(test, bad, 0ul);
}

/* A merged block goes to the head of the list its size maps to. */
static void merged_at_list_head(struct ktest *test, const void *hdr,
				size_t size)
{
	unsigned int fl, sl;

	tlsf_mapping_insert(size, &fl, &sl);
	KTEST_EXPECT_PTR_EQ(test, tlsf_list_head(fl, sl), hdr);
}

const struct bt_test_backend bt_test_backend = {
	.block_at = tlsf_block_at,
	.get_info = tlsf_get_info,
	.merged = merged_at_list_head,
	.small = 8,
	.min_block = TLSF_MIN_BLOCK,
	.prev_free = TLSF_PREV_FREE,
};

/*
 * A freed block goes to the head of its list and the next request of its
 * class takes it from there: no search, and not the big free block.
 */
static void freed_block_reused_from_its_list(struct ktest *test)
{
	void *o[5], *junk[BT_TEST_JUNK], *p;
	unsigned int njunk = 0, fl, sl;
	bool alloc;

	KTEST_ASSERT_TRUE(test, bt_five_adjacent(1000, o, junk, &njunk));
	kfree(o[2]);
	tlsf_mapping_insert(block_size(o[2], &alloc), &fl, &sl);
	KTEST_EXPECT_PTR_EQ(test, tlsf_list_head(fl, sl), (char *)o[2] - TAGB);
	p = kmalloc(1000, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, p, o[2]);
	KTEST_EXPECT_PTR_NE(test, tlsf_list_head(fl, sl),
			    (void *)((char *)o[2] - TAGB));
	kfree(p);
	for (unsigned int i = 0; i < 5; i++)
		if (i != 2)
			kfree(o[i]);
	bt_free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Power-of-two sizes are naturally aligned, and the gap in front of one
 * is not part of its block (it is a free block of its own, which
 * validate() checks is on its list).
 */
static void aligned_objects_blocks(struct ktest *test)
{
	size_t rz = IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 8 : 0;
	void *small[16], *p[9]; /* 16 .. PAGE_SIZE */

	/* 8-byte objects shift the next aligned one off its boundary. */
	for (unsigned int i = 0; i < ARRAY_SIZE(small); i++)
		small[i] = kmalloc(8, GFP_KERNEL);
	for (unsigned int k = 0; k < ARRAY_SIZE(p); k++) {
		size_t size = 16u << k;
		size_t need = max((size_t)TLSF_MIN_BLOCK, TAGB + size + rz);
		bool alloc;

		p[k] = kmalloc(size, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p[k]);
		KTEST_EXPECT_EQ_MSG(test, (unsigned long)p[k] % size, 0,
				    "kmalloc(%zu)", size);
		/* The gap in front is not in the block: at most a remainder. */
		KTEST_EXPECT_GE(test, block_size(p[k], &alloc), need);
		KTEST_EXPECT_LT(test, block_size(p[k], &alloc),
				need + TLSF_MIN_BLOCK);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int k = 0; k < ARRAY_SIZE(p); k++)
		kfree(p[k]);
	for (unsigned int i = 0; i < ARRAY_SIZE(small); i++)
		kfree(small[i]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Native caches: an object of a 48-byte cache is a block of 56 bytes (the
 * header, no lead, no natural alignment; 64 with the redzone's size
 * word), its cache's tag in the header's
 * magic. A tag is never one bit away from another tag or from none: each
 * of the tag's bits flipped, kmem_cache_free() and kfree() report a
 * corrupted header, refuse the object and leave the cache's count alone.
 */
static void cache_objects_carry_their_tag(struct ktest *test)
{
	struct kmem_cache *s =
		kmem_cache_create("ktest_tlsf_tag", 48, 0, 0, NULL);
	struct kmalloc_stats a;
	u32 *magic;
	void *p;
	bool alloc;

	KTEST_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(test, block_size(p, &alloc),
			IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 64u : 56u);
	KTEST_EXPECT_TRUE(test, alloc);
	magic = (u32 *)((char *)p - TAGB + 4);
	for (unsigned int bit = 0; bit < 10; bit++) {
		*magic ^= 1u << bit;
		a = kmalloc_stats_now();
		kmem_cache_free(s, p);
		kfree(p);
		KTEST_EXPECT_EQ_MSG(test, kmalloc_stats_now().bad_input,
				    a.bad_input + 2, "bit %u", bit);
		KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees);
		*magic ^= 1u << bit;
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_EQ(test, s->live, 1ul);
	kfree(p); /* a cache object freed with kfree() leaves its cache */
	KTEST_EXPECT_EQ(test, s->live, 0ul);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * With poisoning, a freed object is 0x6b past its links: validate() sees
 * a write after free, and so does the allocation that hands the bytes
 * out again (one report, the heap still consistent).
 */
static void poison_catches_write_after_free(struct ktest *test)
{
	void *o[5], *junk[BT_TEST_JUNK];
	unsigned int njunk = 0;
	struct kmalloc_stats a;
	unsigned char *p;

	if (!IS_ENABLED(CONFIG_KMALLOC_POISON))
		ktest_skip(test, "needs CONFIG_KMALLOC_POISON");
	KTEST_ASSERT_TRUE(test, bt_five_adjacent(96, o, junk, &njunk));
	p = o[2];
	kfree(p);
	KTEST_EXPECT_EQ(test, p[40], 0x6b);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	p[40] = 0; /* a write after free */
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	a = kmalloc_stats_now();
	KTEST_EXPECT_PTR_EQ(test, kmalloc(96, GFP_KERNEL), (void *)p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int i = 0; i < 5; i++)
		kfree(o[i]);
	bt_free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * What every free and ksize checks around a block before believing its
 * header (live_header()): the free block before it, which its
 * previous-free bit announces, ends in a footer that leads back to that
 * block's header (a size of at least a block, a multiple of 8, within the
 * pool, and a free header of that size whose magic is right), and the
 * header after it names no owner past the cache table. Each damage is
 * tried through every way in (kmalloc objects, a cache's objects, a page
 * block), each an inlined copy of those checks: the call is refused with
 * one report, counted, nothing is freed, and the heap is whole once the
 * damage is repaired.
 */
enum neighbour_damage {
	FOOTER_SMALL, /* below the smallest block */
	FOOTER_ODD, /* not a multiple of 8 */
	FOOTER_FAR, /* reaching back past the pool's start */
	PREV_FLAGS, /* the header it leads to is not a free one */
	PREV_MAGIC, /* ... or has the wrong magic */
	NEXT_OWNER, /* the next header's owner tag past the table */
	NR_DAMAGE
};

static const char *const damage_names[] = {
	"footer below a block",	 "footer misaligned",
	"footer past the pool",	 "header before not free",
	"header before's magic", "header after",
};

enum neighbour_entry {
	KFREE,
	KSIZE,
	CACHE_FREE,
	CACHE_KFREE,
	CACHE_KSIZE,
	FREE_PAGES,
	NR_ENTRY
};

static const char *const entry_names[] = {
	"kfree",
	"ksize",
	"kmem_cache_free",
	"kfree of a cache object",
	"ksize of a cache object",
	"free_pages",
};

struct neighbour_case {
	enum neighbour_damage damage;
	enum neighbour_entry entry;
};

static struct neighbour_case neighbour_cases[NR_DAMAGE * NR_ENTRY];

/* Every damage through every way in. */
static const void *neighbour_gen_params(const void *prev, char *desc)
{
	struct neighbour_case *c = prev ? (struct neighbour_case *)prev + 1 :
					  neighbour_cases;
	unsigned int i = c - neighbour_cases;

	if (i >= ARRAY_SIZE(neighbour_cases))
		return NULL;
	c->damage = i / NR_ENTRY;
	c->entry = i % NR_ENTRY;
	snprintf(desc, KTEST_PARAM_DESC_SIZE, "%s, %s", entry_names[c->entry],
		 damage_names[c->damage]);
	return c;
}

#define NEIGHBOUR_TRIES 16

/* An object (or page block) of @c's kind, from @s for a cache's. */
static void *neighbour_alloc(const struct neighbour_case *c,
			     struct kmem_cache *s)
{
	if (c->entry == FREE_PAGES)
		return (void *)__get_free_pages(GFP_KERNEL, 0);
	return s ? kmem_cache_alloc(s, GFP_KERNEL) : kmalloc(200, GFP_KERNEL);
}

static void neighbour_free(const struct neighbour_case *c, struct kmem_cache *s,
			   void *p)
{
	if (c->entry == FREE_PAGES)
		free_pages((unsigned long)p, 0);
	else if (s)
		kmem_cache_free(s, p);
	else
		kfree(p);
}

/* The way in under test, on @p: refused, so ksize() gives 0. */
static void neighbour_call(struct ktest *test, const struct neighbour_case *c,
			   struct kmem_cache *s, void *p)
{
	if (c->entry == KSIZE || c->entry == CACHE_KSIZE)
		KTEST_EXPECT_EQ(test, ksize(p), 0);
	else if (c->entry == CACHE_FREE)
		kmem_cache_free(s, p);
	else if (c->entry == FREE_PAGES)
		free_pages((unsigned long)p, 0);
	else
		kfree(p);
}

static void damaged_neighbour_refused(struct ktest *test)
{
	const struct neighbour_case *c = test->param_value;
	struct kmem_cache *s = NULL;
	void *held[NEIGHBOUR_TRIES], *p = NULL;
	unsigned int n = 0;
	struct kmalloc_stats a;
	unsigned long b;
	u32 *word, bits;
	char want[64];

	if (c->entry >= CACHE_FREE && c->entry <= CACHE_KSIZE) {
		s = kmem_cache_create("tlsf_neighbour", 200, 0, 0, NULL);
		KTEST_ASSERT_NOT_NULL(test, s);
	}
	/* TLSF carves from a free block's end: the one before stays free. */
	while (n < NEIGHBOUR_TRIES && !p) {
		held[n] = neighbour_alloc(c, s);
		if (!held[n])
			break;
		if (hdr_at((unsigned long)held[n] - TAGB)->size_flags &
		    TLSF_PREV_FREE)
			p = held[n];
		n++;
	}
	KTEST_EXPECT_NOT_NULL(test, p);
	if (!p)
		goto out;
	b = (unsigned long)p - TAGB;
	switch (c->damage) {
	case FOOTER_SMALL:
		word = footer_at(b);
		bits = *word ^ (TLSF_MIN_BLOCK - 8);
		break;
	case FOOTER_ODD:
		word = footer_at(b);
		bits = 4;
		break;
	case FOOTER_FAR:
		word = footer_at(b);
		bits = *word ^ 0x7ffffff8u;
		break;
	case PREV_FLAGS:
		word = &hdr_at(b - *footer_at(b))->size_flags;
		bits = TLSF_PAGES;
		break;
	case PREV_MAGIC:
		word = &hdr_at(b - *footer_at(b))->magic;
		bits = 0x100;
		break;
	default:
		word = &hdr_at(b + bt_size(hdr_at(b), TLSF_FLAGS))->magic;
		bits = 0x10000; /* an owner tag past the table */
		break;
	}
	/*
	 * A broken header before the block stops the walk that classifies
	 * the pointer before it reaches the block.
	 */
	snprintf(want, sizeof(want), "%s of %p",
		 c->damage == NEXT_OWNER ? "corrupted header" :
		 c->damage == PREV_FLAGS || c->damage == PREV_MAGIC ?
					   "invalid free" :
					   "corrupted footer",
		 p);
	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	*word ^= bits;
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	a = kmalloc_stats_now();
	neighbour_call(test, c, s, p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	*word ^= bits;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	if (c->entry != FREE_PAGES)
		KTEST_EXPECT_GE(test, ksize(p), 200);
out:
	while (n)
		neighbour_free(c, s, held[--n]);
	if (s)
		kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case tlsf_cases[] = {
	KTEST_CASE(mapping_by_hand),
	KTEST_CASE(search_is_good_fit),
	BT_TEST_CASES,
	KTEST_CASE(freed_block_reused_from_its_list),
	KTEST_CASE(aligned_objects_blocks),
	KTEST_CASE(cache_objects_carry_their_tag),
	KTEST_CASE(poison_catches_write_after_free),
	KTEST_CASE_PARAM(damaged_neighbour_refused, neighbour_gen_params),
	{}
};

static struct ktest_suite tlsf_suite = {
	.name = "tlsf",
	.cases = tlsf_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(tlsf_suite);
