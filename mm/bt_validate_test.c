// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "bt_validate": validate() of a boundary-tag backend
 * (first-fit, TLSF; mm/boundary_tag.h) finds a damaged block header, a
 * free block's footer that disagrees with its header, and statistics that
 * disagree with the blocks. Each case damages one thing,
 * expects at least one violation and its line on the console, repairs it
 * and expects a clean walk; nothing is allocated or freed in between and
 * only expectations run there, so the heap is whole when a case ends.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include "internal.h"
#include "boundary_tag.h"
#include "boundary_tag_test.h"
#include "kfence_pause_test.h"

/* A live object, the heap validated clean, the console captured. */
static void *live_object(struct ktest *test)
{
	void *p = ktest_kmalloc(test, 40, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	return p;
}

/* A live block whose header magic no longer matches its address and size. */
static void header_magic(struct ktest *test)
{
	unsigned long b = bt_block_of(live_object(test));
	struct bt_tag *h = hdr_at(b);
	char want[64];

	h->magic ^= 0x100;
	snprintf(want, sizeof(want), "block %#lx: corrupted header", b);
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	h->magic ^= 0x100;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Statistics that count bytes the blocks do not hold. */
static void totals(struct ktest *test)
{
	live_object(test);
	kmalloc_stats.live_bytes += 8;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, "statistics say");
	kmalloc_stats.live_bytes -= 8;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A free block (between two live ones) whose footer no longer matches. */
static void free_block_footer(struct ktest *test)
{
	void *o[5], *junk[BT_TEST_JUNK];
	unsigned int njunk = 0;
	unsigned long b;
	char want[64];
	size_t size;
	bool alloc;
	u32 *footer;

	KTEST_ASSERT_TRUE(test, bt_five_adjacent(200, o, junk, &njunk));
	kfree(o[2]);
	b = bt_block_of(o[2]);
	size = bt_block_size(&bt_test_backend, o[2], &alloc);
	KTEST_EXPECT_FALSE(test, alloc);
	footer = footer_at(b + size);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_EQ(test, ktest_log_capture_start(test), 0);
	*footer ^= 0x100;
	snprintf(want, sizeof(want), "free block %#lx: footer", b);
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	*footer ^= 0x100;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int i = 0; i < 5; i++)
		if (i != 2)
			kfree(o[i]);
	bt_free_junk(junk, njunk);
}

static struct ktest_case bt_validate_cases[] = {
	KTEST_CASE(header_magic),
	KTEST_CASE(free_block_footer),
	KTEST_CASE(totals),
	{},
};

static struct ktest_suite bt_validate_suite = {
	.name = "bt_validate",
	.cases = bt_validate_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(bt_validate_suite);
