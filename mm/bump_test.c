// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the bump backend (mm/bump.c): memory is never handed
 * out twice, the cursor only moves forward, pages held only grow, and the
 * padding blocks that alignment leaves keep the heap walkable, ksize and
 * kfree work without headers, freed objects keep their poison, and
 * free_pages() refuses a page block without PG_head or of another order.
 */
#include <ktest.h>
#include <kmlab/slab.h>
#include <kmlab/random.h>
#include <kmlab/string.h>
#include "internal.h"
#include "page_block_test.h"
#include "kfence_pause_test.h"

/* A freed object's memory never comes back: every new object is above it. */
static void never_hands_out_twice(struct ktest *test)
{
	struct rnd_state rnd;
	unsigned char *prev = NULL;
	size_t prev_size = 0;

	prandom_seed_state(&rnd, 42);
	for (unsigned int i = 0; i < 2000; i++) {
		size_t size = 1 + prandom_u32_below(&rnd, i % 50 ? 300 : 5000);
		unsigned char *p = kmalloc(size, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, p);
		if (prev) {
			KTEST_EXPECT_GE_MSG(test, (unsigned long)p,
					    (unsigned long)prev + prev_size,
					    "object %u at %p reuses [%p, +%zu)",
					    i, p, prev, prev_size);
			kfree(prev);
		}
		prev = p;
		prev_size = ksize(p);
	}
	kfree(prev);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* kfree counts the free but gives back nothing: pages held only grow. */
static void frees_counted_pages_kept(struct ktest *test)
{
	struct kmalloc_stats a, b, c;
	void *p;

	kmalloc_get_stats(&a);
	p = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	kmalloc_get_stats(&b);
	KTEST_EXPECT_GE(test, b.pages_held, a.pages_held + 3);
	KTEST_EXPECT_EQ(test, b.live_bytes, a.live_bytes + 3 * PAGE_SIZE);
	kfree(p);
	kmalloc_get_stats(&c);
	KTEST_EXPECT_EQ(test, c.pages_held, b.pages_held);
	KTEST_EXPECT_EQ(test, c.nr_frees, b.nr_frees + 1);
	KTEST_EXPECT_EQ(test, c.live_bytes, a.live_bytes);
}

/* Alignment gaps become padding blocks; validate() walks across them. */
static void padding_keeps_heap_walkable(struct ktest *test)
{
	void *odd = kmalloc(1, GFP_KERNEL);
	void *page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	unsigned long blk = __get_free_pages(GFP_KERNEL, 1);
	void *after = kmalloc(24, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, odd);
	KTEST_ASSERT_NOT_NULL(test, page);
	KTEST_ASSERT_NE(test, blk, 0);
	KTEST_ASSERT_NOT_NULL(test, after);
	KTEST_EXPECT_EQ(test, (unsigned long)page % PAGE_SIZE, 0);
	KTEST_EXPECT_EQ(test, blk % PAGE_SIZE, 0);
	KTEST_EXPECT_GT(test, (unsigned long)page, (unsigned long)odd);
	KTEST_EXPECT_GT(test, blk, (unsigned long)page);
	KTEST_EXPECT_GT(test, (unsigned long)after, blk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(odd);
	kfree(page);
	free_pages(blk, 1);
	kfree(after);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * No headers: ksize is the distance to the next block (the requested size
 * with redzones), and power-of-two objects of one size pack back to back.
 */
static void ksize_without_header(struct ktest *test)
{
	for (size_t size = 1; size <= 64; size++) {
		void *p = kmalloc(size, GFP_KERNEL);
		size_t want = IS_ENABLED(CONFIG_KMALLOC_REDZONE) ?
				      size :
				      ALIGN(size, 8);

		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_EQ(test, ksize(p), want);
		kfree(p);
	}
	for (size_t size = 16; size <= PAGE_SIZE; size <<= 1) {
		unsigned char *a = kmalloc(size, GFP_KERNEL);
		unsigned char *b = kmalloc(size, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, a);
		KTEST_ASSERT_NOT_NULL(test, b);
		KTEST_EXPECT_EQ(test, (unsigned long)a % size, 0);
		if (!IS_ENABLED(CONFIG_KMALLOC_REDZONE))
			KTEST_EXPECT_PTR_EQ(test, b, a + size);
		kfree(a);
		kfree(b);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * kfree finds each block by binary search over the metadata words: frees
 * in random order all succeed, and a pointer 8 bytes into any object of
 * 16 bytes or more is an interior pointer.
 */
static void search_finds_every_block(struct ktest *test)
{
	static void *objs[300];
	struct kmalloc_stats a, b;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 7);
	kmalloc_get_stats(&a);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] =
			kmalloc(16 + prandom_u32_below(&rnd, 600), GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, objs[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i += 37)
		kfree((char *)objs[i] + 8);
	kmalloc_get_stats(&b);
	KTEST_EXPECT_EQ(test, b.bad_input, a.bad_input + 9);
	for (unsigned int i = ARRAY_SIZE(objs) - 1; i > 0; i--) {
		unsigned int j = prandom_u32_below(&rnd, i + 1);
		void *t = objs[i];

		objs[i] = objs[j];
		objs[j] = t;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		kfree(objs[i]);
	kmalloc_get_stats(&b);
	KTEST_EXPECT_EQ(test, b.nr_frees, a.nr_frees + ARRAY_SIZE(objs));
	KTEST_EXPECT_EQ(test, b.bad_input, a.bad_input + 9);
	KTEST_EXPECT_EQ(test, b.live_bytes, a.live_bytes);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * kfree tries the words next to the last one it found before searching:
 * frees in allocation order, in reverse order and right after the
 * allocation, with padding blocks in between, each free exactly their own
 * object; a second free of the same pointer and an interior pointer next
 * to the hint are still refused.
 */
static void hint_frees_in_order(struct ktest *test)
{
	static void *objs[40];
	struct kmalloc_stats a, b;

	kmalloc_get_stats(&a);
	for (int round = 0; round < 2; round++) {
		for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
			/* 24 then 64 bytes: the 64s need padding in front */
			objs[i] = kmalloc(i & 1 ? 64 : 24, GFP_KERNEL);
			KTEST_ASSERT_NOT_NULL(test, objs[i]);
		}
		for (unsigned int k = 0; k < ARRAY_SIZE(objs); k++) {
			unsigned int i = round ? ARRAY_SIZE(objs) - 1 - k : k;

			kfree(objs[i]);
			if (k == 5) {
				kfree(objs[i]); /* double free */
				kfree((char *)objs[round ? i - 1 : i + 1] + 8);
			}
		}
	}
	kfree(kmalloc(48, GFP_KERNEL)); /* right after the allocation */
	kmalloc_get_stats(&b);
	KTEST_EXPECT_EQ(test, b.nr_frees,
			a.nr_frees + 2 * ARRAY_SIZE(objs) + 1);
	KTEST_EXPECT_EQ(test, b.bad_input, a.bad_input + 4);
	KTEST_EXPECT_EQ(test, b.live_bytes, a.live_bytes);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* With poisoning, freed objects keep 0x6b forever: validate() sees writes. */
static void poison_catches_write_after_free(struct ktest *test)
{
	unsigned char *p;

	if (!IS_ENABLED(CONFIG_KMALLOC_POISON))
		ktest_skip(test, "needs CONFIG_KMALLOC_POISON");
	p = kmalloc(40, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	kfree(p);
	KTEST_EXPECT_EQ(test, p[17], 0x6b);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	p[17] = 0; /* a write after free */
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	p[17] = 0x6b;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static void free_pages_checks_the_block(struct ktest *test)
{
	page_block_free_checked(test);
}

static struct ktest_case bump_cases[] = {
	KTEST_CASE(never_hands_out_twice),
	KTEST_CASE(frees_counted_pages_kept),
	KTEST_CASE(padding_keeps_heap_walkable),
	KTEST_CASE(ksize_without_header),
	KTEST_CASE(search_finds_every_block),
	KTEST_CASE(hint_frees_in_order),
	KTEST_CASE(poison_catches_write_after_free),
	KTEST_CASE(free_pages_checks_the_block),
	{}
};

static struct ktest_suite bump_suite = {
	.name = "bump",
	.cases = bump_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(bump_suite);
