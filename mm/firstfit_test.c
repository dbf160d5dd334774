// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the first-fit backend (mm/firstfit.c): coalescing
 * with the next, the previous and both neighbours, the tree index choosing
 * the same block as the list walk on a seeded random sequence, the largest
 * free region served whole, page blocks carved from the same free memory,
 * an aligned object's inner tag (kept and forged), and validate()'s free-count and address-order checks of the free list.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/random.h>
#include <kmlab/string.h>
#include "internal.h"
#include "boundary_tag_test.h"
#include "firstfit.h"
#include "kfence_pause_test.h"

#define TAGB FIRSTFIT_TAG_BYTES

const struct bt_test_backend bt_test_backend = {
	.block_at = firstfit_block_at,
	.get_info = firstfit_get_info,
	.small = 24,
	.min_block = FIRSTFIT_MIN_BLOCK,
	.prev_free = FF_PREV_FREE,
};

/* A freed block is found again: first fit takes the lowest fitting hole. */
static void lowest_address_wins(struct ktest *test)
{
	void *o[5], *junk[BT_TEST_JUNK], *p;
	unsigned int njunk = 0;

	KTEST_ASSERT_TRUE(test, bt_five_adjacent(500, o, junk, &njunk));
	kfree(o[3]);
	kfree(o[1]);
	p = kmalloc(300, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, p, o[1]);
	kfree(p);
	kfree(o[0]);
	kfree(o[2]);
	kfree(o[4]);
	bt_free_junk(junk, njunk);
}

/*
 * An object of a cache aligned to 8 bytes whose block (owner tag
 * included) is a power of two, 1016 + 8 = 1024 bytes, takes the lowest
 * hole that holds it: no natural alignment for its block
 * (backend_kmalloc_minalign()), which would have placed it at a
 * 1024-aligned address inside the hole or further up.
 */
static void minalign_cache_takes_lowest_hole(struct ktest *test)
{
	void *o[5], *junk[BT_TEST_JUNK], *hole = NULL, *p;
	unsigned int njunk = 0;
	struct kmem_cache *s;

	s = kmem_cache_create("ff_minalign_1016", 1016, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_ASSERT_TRUE(test, bt_five_adjacent(1048, o, junk, &njunk));
	/* Blocks 1056 bytes apart: o[1] or o[2] is 32+ bytes below 1024. */
	for (unsigned int i = 1; i < 3 && !hole; i++)
		if (ALIGN((unsigned long)o[i], 1024) - (unsigned long)o[i] > 24)
			hole = o[i];
	KTEST_ASSERT_NOT_NULL(test, hole);
	kfree(hole);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, p, (char *)hole + 8);
	kmem_cache_free(s, p);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int i = 0; i < 5; i++)
		if (o[i] != hole)
			kfree(o[i]);
	bt_free_junk(junk, njunk);
	kmem_cache_destroy(s);
}

/*
 * The treap and the list walk choose the same block for every request of
 * a seeded random sequence of allocations and frees with mixed sizes and
 * alignments; the allocation then lands in that block.
 */
static void tree_agrees_with_list(struct ktest *test)
{
	enum { SLOTS = 300, OPS = 20000 };
	void **slot;
	struct rnd_state rnd;
	unsigned long compared = 0, mismatches = 0;

	if (!IS_ENABLED(CONFIG_FIRSTFIT_TREE_INDEX))
		ktest_skip(
			test,
			"CONFIG_FIRSTFIT_TREE_INDEX=n: no tree to compare with the list walk");
	slot = kcalloc(SLOTS, sizeof(*slot), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, slot);
	prandom_seed_state(&rnd, 7);
	for (unsigned int op = 0; op < OPS; op++) {
		unsigned int i = prandom_u32_below(&rnd, SLOTS);
		size_t size, align;
		void *want, *tree;

		if (slot[i]) {
			kfree(slot[i]);
			slot[i] = NULL;
			continue;
		}
		size = 1 + prandom_u32_below(&rnd, op % 7 ? 600 : 20000);
		if (op % 5 == 0)
			size = 1u << (3 + prandom_u32_below(&rnd, 10));
		align = (size & (size - 1)) || size > PAGE_SIZE ?
				8 :
				max(size, (size_t)8);
		for (size_t probe = 8; probe <= PAGE_SIZE; probe <<= 3) {
			void *l = firstfit_choose_list(size, probe);
			void *t = firstfit_choose_tree(size, probe);

			compared++;
			if (l != t && mismatches++ < 5)
				KTEST_FAIL(
					test,
					"op %u: %zu bytes align %zu: list %p, tree %p",
					op, size, probe, l, t);
		}
		want = firstfit_choose_list(size, align);
		tree = firstfit_choose_tree(size, align);
		compared++;
		if (want != tree && mismatches++ < 5)
			KTEST_FAIL(test, "op %u: %zu bytes: list %p, tree %p",
				   op, size, want, tree);
		slot[i] = kmalloc(size, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, slot[i]);
		if ((char *)slot[i] < (char *)want && mismatches++ < 5)
			KTEST_FAIL(
				test,
				"op %u: placed at %p below the chosen block %p",
				op, slot[i], want);
		if (!(op % 4000))
			KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	}
	for (unsigned int i = 0; i < SLOTS; i++)
		kfree(slot[i]);
	kfree(slot);
	ktest_info(test, "%lu choices compared, %lu differed", compared,
		   mismatches);
	KTEST_EXPECT_EQ(test, mismatches, 0);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Any size up to the largest free region: one object can take it all. */
static void largest_free_region(struct ktest *test)
{
	struct bt_heap_info info;
	size_t size;
	void *p;

	firstfit_get_info(&info);
	size = info.largest_free - TAGB -
	       (IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 16 : 0);
	size = ALIGN_DOWN(size, 8) - 8;
	KTEST_ASSERT_GT(test, size, (size_t)PAGE_SIZE);
	p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	KTEST_ASSERT_NOT_NULL_MSG(test, p,
				  "kmalloc(%zu) of a %zu-byte free block", size,
				  info.largest_free);
	KTEST_EXPECT_GE(test, ksize(p), size);
	((char *)p)[size - 1] = 1;
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * An aligned object whose gap in front is too small for a free block keeps
 * it inside its block behind an inner tag: such an object is freed,
 * checked and reported like any other.
 */
#define NR_SHIFTERS 64

/*
 * A 64-byte object behind an inner tag: 24-byte objects, kept in @keep
 * (*@n of them), shift the next 64-byte one off its alignment. NULL when
 * none of NR_SHIFTERS tries gave one.
 */
static void *inner_gap_object(struct ktest *test, void **keep, unsigned int *n)
{
	void *p;

	while (*n < NR_SHIFTERS) {
		keep[(*n)++] = kmalloc(24, GFP_KERNEL);
		p = kmalloc(64, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p);
		if (firstfit_inner_gap(p))
			return p;
		kfree(p);
	}
	return NULL;
}

static void small_gap_inside_block(struct ktest *test)
{
	void *keep[NR_SHIFTERS], *p;
	unsigned int n = 0;
	struct kmalloc_stats before;
	bool allocated = false;
	size_t lead, size;

	p = inner_gap_object(test, keep, &n);
	KTEST_ASSERT_NOT_NULL_MSG(test, p,
				  "no 64-byte object with an inner gap");
	KTEST_EXPECT_EQ(test, (unsigned long)p % 64, 0);
	lead = firstfit_inner_gap(p);
	KTEST_EXPECT_LT(test, lead, FIRSTFIT_MIN_BLOCK);
	KTEST_EXPECT_EQ(test, ksize(p), 64);
	memset(p, 0x5c, 64);
	/* The block is found from its header and from the inner tag. */
	size = firstfit_block_at((char *)p - TAGB - lead, &allocated);
	KTEST_EXPECT_TRUE(test, allocated);
	KTEST_EXPECT_GE(test, size, 64 + lead + TAGB);
	allocated = false;
	KTEST_EXPECT_EQ(test, firstfit_block_at((char *)p - TAGB, &allocated),
			size);
	KTEST_EXPECT_TRUE(test, allocated);
	/* Neither the payload nor memory outside the heap is a block. */
	KTEST_EXPECT_EQ(test, firstfit_block_at(p, &allocated), 0);
	KTEST_EXPECT_EQ(test, firstfit_block_at(&bt_test_backend, &allocated),
			0);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	before = kmalloc_stats_now();
	kfree((char *)p + 8); /* interior */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	kfree(p);
	before = kmalloc_stats_now();
	kfree(p); /* double free */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, before.nr_frees);
	while (n)
		kfree(keep[--n]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Rewrite inner tag @t as @size_flags, with the magic that matches it. */
static void forge_inner(struct bt_tag *t, u32 size_flags)
{
	t->size_flags = size_flags;
	t->magic = bt_magic(t, FF_INR_MAGIC, FF_PREV_FREE);
}

/*
 * An inner tag whose magic holds but whose fields lie (a kind bit, a lead
 * under a tag or of a whole block, a lead to no header) and a header copy
 * of the tag that disagrees with it: each kfree() is one "corrupted
 * header" report that frees nothing; with the tags put back it frees.
 */
static void forged_inner_tag_reported(struct ktest *test)
{
	void *keep[NR_SHIFTERS], *p;
	unsigned int n = 0;
	struct bt_tag *t, *c, saved_t, saved_c;
	size_t lead, alt;
	u32 forged[4];
	struct kmalloc_stats before;

	p = inner_gap_object(test, keep, &n);
	KTEST_ASSERT_NOT_NULL_MSG(test, p,
				  "no 64-byte object with an inner gap");
	memset(p, 0x5c, 64);
	lead = firstfit_inner_gap(p);
	t = (struct bt_tag *)p - 1;
	c = (struct bt_tag *)((unsigned long)p - lead); /* block + TAG */
	alt = lead >= 2 * TAGB ? lead - TAGB : lead + TAGB;
	saved_t = *t;
	saved_c = *c;
	forged[0] = lead | FF_INNER | FF_ALLOC; /* a kind bit */
	forged[1] = FF_INNER; /* a lead under a tag */
	forged[2] = FIRSTFIT_MIN_BLOCK | FF_INNER; /* a whole block */
	forged[3] = alt | FF_INNER; /* no header there */

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	for (unsigned int i = 0; i < ARRAY_SIZE(forged); i++) {
		forge_inner(t, forged[i]);
		kfree(p);
		*t = saved_t;
	}
	if (c != t) { /* the header's copy says another lead */
		forge_inner(c, alt | FF_INNER);
		kfree(p);
		*c = saved_c;
	}
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "corrupted header"),
			ARRAY_SIZE(forged) + (c != t));
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + ARRAY_SIZE(forged) + (c != t));
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, before.nr_frees);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees,
			before.nr_frees + 1);
	while (n)
		kfree(keep[--n]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * validate() checks the free list against nr_free and address order. Each
 * check: damage one thing, expect its exact line, repair, expect a clean
 * walk; nothing is allocated or freed in between.
 */
static void validate_free_count(struct ktest *test)
{
	unsigned long *nr = firstfit_nr_free_for_test(), n = *nr;
	char want[80];

	KTEST_ASSERT_GT(test, n, 0);
	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	(*nr)++;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	(*nr)--;
	snprintf(want, sizeof(want), "free list has %lu blocks, count %lu", n,
		 n + 1);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	(*nr)--;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	(*nr)++;
	snprintf(want, sizeof(want), "free list longer than %lu", n - 1);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Two free blocks linked out of address order, the back links kept. */
static void validate_free_list_order(struct ktest *test)
{
	void *o[5], *junk[BT_TEST_JUNK];
	struct ff_free *a, *b, *p, *n;
	unsigned int njunk = 0;
	char want[64];
	int errors;

	KTEST_ASSERT_TRUE(test, bt_five_adjacent(500, o, junk, &njunk));
	kfree(o[1]);
	kfree(o[3]);
	a = node_of(bt_block_of(o[1]));
	b = node_of(bt_block_of(o[3]));
	KTEST_ASSERT_PTR_EQ(test, ff_get(a, next), b);
	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	p = ff_get(a, prev);
	n = ff_get(b, next);
	ff_set(p, next, b); /* p, b, a, n */
	ff_set(b, prev, p);
	ff_set(b, next, a);
	ff_set(a, prev, b);
	ff_set(a, next, n);
	ff_set(n, prev, a);
	errors = kmalloc_validate();
	ff_set(p, next, a); /* p, a, b, n again */
	ff_set(a, prev, p);
	ff_set(a, next, b);
	ff_set(b, prev, a);
	ff_set(b, next, n);
	ff_set(n, prev, b);
	KTEST_EXPECT_EQ(test, errors, 1);
	snprintf(want, sizeof(want), "free list broken at %p", a);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int i = 0; i < 5; i += 2)
		kfree(o[i]);
	bt_free_junk(junk, njunk);
}

static struct ktest_case firstfit_cases[] = {
	BT_TEST_CASES,
	KTEST_CASE(lowest_address_wins),
	KTEST_CASE(minalign_cache_takes_lowest_hole),
	KTEST_CASE_TIMEOUT(tree_agrees_with_list, 120),
	KTEST_CASE(largest_free_region),
	KTEST_CASE(small_gap_inside_block),
	KTEST_CASE(forged_inner_tag_reported),
	KTEST_CASE(validate_free_count),
	KTEST_CASE(validate_free_list_order),
	{}
};

static struct ktest_suite firstfit_suite = {
	.name = "firstfit",
	.cases = firstfit_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(firstfit_suite);
