// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the first-fit backend (mm/firstfit.c): coalescing
 * with the next, the previous and both neighbours, the tree index choosing
 * the same block as the list walk on a seeded random sequence, the largest
 * free region served whole, page blocks carved from the same free memory.
 */
#include <ktest.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/random.h>
#include <kmlab/string.h>
#include "internal.h"
#include "firstfit.h"

#define TAGB FIRSTFIT_TAG_BYTES

static size_t block_size(const void *p, bool *allocated)
{
	return firstfit_block_at((const char *)p - TAGB, allocated);
}

/*
 * Allocate five adjacent objects of @size bytes: o[0] and o[4] guard the
 * three in the middle from whatever lies around them. First fit fills
 * lower holes first, so trios that are not adjacent are kept allocated
 * (in @junk) until five adjacent ones come out.
 */
static bool five_adjacent(struct ktest *test, size_t size, void *o[5],
			  void **junk, unsigned int *njunk)
{
	for (unsigned int tries = 0; tries < 64; tries++) {
		bool ok = true, alloc;

		for (unsigned int i = 0; i < 5; i++) {
			o[i] = kmalloc(size, GFP_KERNEL);
			if (!o[i])
				return false;
		}
		for (unsigned int i = 0; i < 4; i++)
			if ((char *)o[i] + block_size(o[i], &alloc) !=
			    (char *)o[i + 1])
				ok = false;
		if (ok)
			return true;
		for (unsigned int i = 0; i < 5 && *njunk < 320; i++)
			junk[(*njunk)++] = o[i];
	}
	return false;
}

static void free_junk(void **junk, unsigned int njunk)
{
	while (njunk)
		kfree(junk[--njunk]);
}

/* @order: the order in which o[1], o[2], o[3] are freed. */
static void coalesce_case(struct ktest *test, const unsigned int *order,
			  unsigned int n, unsigned int first, unsigned int span)
{
	void *o[5], *junk[320];
	unsigned int njunk = 0;
	struct firstfit_info before, after;
	size_t each, got;
	bool alloc;

	KTEST_ASSERT_TRUE(test, five_adjacent(test, 1000, o, junk, &njunk));
	each = block_size(o[1], &alloc);
	firstfit_get_info(&before);
	for (unsigned int i = 0; i < n; i++)
		kfree(o[order[i]]);
	firstfit_get_info(&after);
	/* One free block from o[first] spanning @span blocks. */
	got = block_size(o[first], &alloc);
	KTEST_EXPECT_FALSE(test, alloc);
	KTEST_EXPECT_EQ(test, got, span * each);
	KTEST_EXPECT_EQ(test, after.nr_free, before.nr_free + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	/* The merged block is reused: lowest address first. */
	kfree(o[0]);
	kfree(o[4]);
	free_junk(junk, njunk);
	for (unsigned int i = 1; i < 4; i++) {
		bool freed = false;

		for (unsigned int k = 0; k < n; k++)
			freed |= order[k] == i;
		if (!freed)
			kfree(o[i]);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static void coalesce_with_next(struct ktest *test)
{
	static const unsigned int order[] = { 2, 1 }; /* o[1] absorbs o[2] */

	coalesce_case(test, order, 2, 1, 2);
}

static void coalesce_with_previous(struct ktest *test)
{
	static const unsigned int order[] = { 1, 2 }; /* o[2] joins o[1] */

	coalesce_case(test, order, 2, 1, 2);
}

static void coalesce_with_both(struct ktest *test)
{
	static const unsigned int order[] = { 1, 3, 2 }; /* o[2] bridges */

	coalesce_case(test, order, 3, 1, 3);
}

/* A freed block is found again: first fit takes the lowest fitting hole. */
static void lowest_address_wins(struct ktest *test)
{
	void *o[5], *junk[320], *p;
	unsigned int njunk = 0;

	KTEST_ASSERT_TRUE(test, five_adjacent(test, 500, o, junk, &njunk));
	kfree(o[3]);
	kfree(o[1]);
	p = kmalloc(300, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, p, o[1]);
	kfree(p);
	kfree(o[0]);
	kfree(o[2]);
	kfree(o[4]);
	free_junk(junk, njunk);
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
	struct firstfit_info info;
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

/* Page blocks are ordinary blocks, page aligned, from the same free memory. */
static void pages_from_free_blocks(struct ktest *test)
{
	struct firstfit_info before, during;
	unsigned long a = __get_free_pages(GFP_KERNEL, 3);
	bool alloc = false;

	KTEST_ASSERT_NE(test, a, 0);
	KTEST_EXPECT_EQ(test, a % PAGE_SIZE, 0);
	KTEST_EXPECT_GE(test, block_size((void *)a, &alloc),
			(PAGE_SIZE << 3) + TAGB);
	KTEST_EXPECT_TRUE(test, alloc);
	KTEST_EXPECT_TRUE(test, PageHead(virt_to_page((void *)a)));
	firstfit_get_info(&before);
	free_pages(a, 3);
	firstfit_get_info(&during);
	KTEST_EXPECT_GE(test, during.free_bytes,
			before.free_bytes + (PAGE_SIZE << 3));
	KTEST_EXPECT_FALSE(test, PageHead(virt_to_page((void *)a)));
}

/*
 * An aligned object whose gap in front is too small for a free block keeps
 * it inside its block behind an inner tag: such an object is freed,
 * checked and reported like any other.
 */
static void small_gap_inside_block(struct ktest *test)
{
	void *keep[64], *p = NULL;
	unsigned int n = 0;
	struct kmalloc_stats before;

	/* 24-byte objects shift the next 64-byte one off its alignment. */
	while (n < ARRAY_SIZE(keep)) {
		keep[n++] = kmalloc(24, GFP_KERNEL);
		p = kmalloc(64, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p);
		if (firstfit_inner_gap(p))
			break;
		kfree(p);
		p = NULL;
	}
	KTEST_ASSERT_NOT_NULL_MSG(test, p,
				  "no 64-byte object with an inner gap");
	KTEST_EXPECT_EQ(test, (unsigned long)p % 64, 0);
	KTEST_EXPECT_LT(test, firstfit_inner_gap(p), FIRSTFIT_MIN_BLOCK);
	KTEST_EXPECT_EQ(test, ksize(p), 64);
	memset(p, 0x5c, 64);
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

/*
 * Allocated blocks carry only a header (Knuth's refinement of boundary
 * tags): adjacent 56-byte objects are 64 bytes apart, 72 with the redzone
 * word; 24-byte objects take FIRSTFIT_MIN_BLOCK (40) bytes each.
 */
static void allocated_blocks_have_no_footer(struct ktest *test)
{
	size_t rz = IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 8 : 0;
	void *o[5], *s[5], *junk[320];
	unsigned int njunk = 0;
	bool alloc;

	KTEST_ASSERT_TRUE(test, five_adjacent(test, 56, o, junk, &njunk));
	KTEST_EXPECT_EQ(test, (char *)o[2] - (char *)o[1], TAGB + 56 + rz);
	KTEST_EXPECT_EQ(test, block_size(o[1], &alloc), TAGB + 56 + rz);
	KTEST_ASSERT_TRUE(test, five_adjacent(test, 24, s, junk, &njunk));
	KTEST_EXPECT_EQ(test, (char *)s[2] - (char *)s[1], FIRSTFIT_MIN_BLOCK);
	KTEST_EXPECT_EQ(test, FIRSTFIT_MIN_BLOCK, 40);
	for (unsigned int i = 0; i < 5; i++) {
		kfree(o[i]);
		kfree(s[i]);
	}
	free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Only free blocks have a footer; the object after one finds it there. An
 * overwritten footer is reported and the free refused (the heap is not
 * touched); repaired, the same free merges the two blocks.
 */
static void free_footer_checked(struct ktest *test)
{
	void *o[5], *junk[320];
	unsigned int njunk = 0;
	struct kmalloc_stats a;
	u32 *ftr, saved;
	size_t each;
	bool alloc;

	KTEST_ASSERT_TRUE(test, five_adjacent(test, 200, o, junk, &njunk));
	each = block_size(o[1], &alloc);
	kfree(o[1]);
	ftr = (u32 *)((char *)o[2] - TAGB - FIRSTFIT_FTR_BYTES);
	KTEST_EXPECT_EQ(test, *ftr, each); /* the free block's size */
	saved = *ftr;
	*ftr = saved + 64;
	a = kmalloc_stats_now();
	kfree(o[2]);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees);
	*ftr = saved;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(o[2]);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees + 1);
	KTEST_EXPECT_EQ(test, block_size(o[1], &alloc), 2 * each);
	KTEST_EXPECT_FALSE(test, alloc);
	kfree(o[0]);
	kfree(o[3]);
	kfree(o[4]);
	free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case firstfit_cases[] = {
	KTEST_CASE(coalesce_with_next),
	KTEST_CASE(coalesce_with_previous),
	KTEST_CASE(coalesce_with_both),
	KTEST_CASE(lowest_address_wins),
	KTEST_CASE_TIMEOUT(tree_agrees_with_list, 120),
	KTEST_CASE(largest_free_region),
	KTEST_CASE(pages_from_free_blocks),
	KTEST_CASE(small_gap_inside_block),
	KTEST_CASE(allocated_blocks_have_no_footer),
	KTEST_CASE(free_footer_checked),
	{}
};

static struct ktest_suite firstfit_suite = {
	.name = "firstfit",
	.cases = firstfit_cases,
};
KTEST_SUITE(firstfit_suite);
