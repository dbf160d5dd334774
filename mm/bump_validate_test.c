// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "bump_validate": the bump backend's validate() (mm/bump.c)
 * finds a damaged block word (its address or its flags), cursors that
 * cross, are misaligned or leave their region, a page block whose struct
 * page lost PG_head, and a count of frees the blocks do not show.
 * Each case damages one thing, expects at least one violation and its
 * line on the console, repairs it and expects a clean walk; nothing is
 * allocated or freed in between and only expectations run there, so the
 * heap is whole when a case ends.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/bump.h>
#include <kmlab/slab.h>
#include "internal.h"
#include "page_block_test.h"
#include "kfence_pause_test.h"

/* The block word of the newest object: the lowest metadata word. */
static void block_word(struct ktest *test)
{
	void *p = kmalloc(40, GFP_KERNEL);
	u32 *word = (u32 *)bump_meta;

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	*word ^= 0x100;
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, "expected");
	*word ^= 0x100;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(p);
}

/*
 * Move the current region's cursors to @cursor and @meta, expect a
 * violation whose line contains @want, put them back, expect a clean walk.
 */
static void expect_cursors(struct ktest *test, unsigned long cursor,
			   unsigned long meta, const char *want)
{
	unsigned long old_cursor = bump_cursor, old_meta = bump_meta;

	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	bump_cursor = cursor;
	bump_meta = meta;
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	bump_cursor = old_cursor;
	bump_meta = old_meta;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A block cursor above the metadata cursor. */
static void cursors_cross(struct ktest *test)
{
	expect_cursors(test, bump_meta + 8, bump_meta, "cursors");
}

/* A block cursor off the 8-byte alignment every block keeps. */
static void cursor_misaligned(struct ktest *test)
{
	expect_cursors(test, bump_cursor + 4, bump_meta, "cursors");
}

/* A metadata cursor that is not on a whole block word. */
static void meta_misaligned(struct ktest *test)
{
	expect_cursors(test, bump_cursor, bump_meta - 2, "cursors");
}

/* A block cursor below its region, a metadata cursor above it. */
static void cursors_outside_region(struct ktest *test)
{
	expect_cursors(test, 0, bump_meta, "cursors");
	expect_cursors(test, bump_cursor, ~7UL, "cursors");
}

/* The newest object's block word marked both freed and a padding gap. */
static void block_word_flags(struct ktest *test)
{
	void *p = ktest_kmalloc(test, 40, GFP_KERNEL);
	u32 *word = (u32 *)bump_meta;
	char want[48];

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_EQ(test, *word, (u32)(unsigned long)p);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	*word |= 0x3; /* BUMP_M_FREED | BUMP_M_PAD */
	snprintf(want, sizeof(want), "says %#x, expected", *word);
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	*word &= ~0x3u;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A page block (alloc_pages()) whose struct page lost PG_head. */
static void page_block_head(struct ktest *test)
{
	page_block_validate_checked(test,
				    "page block %#lx: struct page not PG_head");
}

/*
 * A free the statistics count but the blocks do not show (bump derives
 * nr_allocs and live_bytes from its cursors, but not nr_frees).
 */
static void frees_miscounted(struct ktest *test)
{
	void *p = kmalloc(40, GFP_KERNEL);
	struct kmalloc_stats st;
	unsigned long live;
	char want[96];

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	st = kmalloc_stats_now();
	live = st.nr_allocs - st.nr_frees;
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	kmalloc_stats.nr_frees++;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	kmalloc_stats.nr_frees--;
	snprintf(want, sizeof(want), "heap holds %lu objects / %lu bytes (",
		 live, st.live_bytes);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	snprintf(want, sizeof(want), "statistics say %lu / %lu (", live - 1,
		 st.live_bytes);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(p);
}

static struct ktest_case bump_validate_cases[] = {
	KTEST_CASE(block_word),
	KTEST_CASE(cursors_cross),
	KTEST_CASE(cursor_misaligned),
	KTEST_CASE(meta_misaligned),
	KTEST_CASE(cursors_outside_region),
	KTEST_CASE(block_word_flags),
	KTEST_CASE(page_block_head),
	KTEST_CASE(frees_miscounted),
	{},
};

static struct ktest_suite bump_validate_suite = {
	.name = "bump_validate",
	.cases = bump_validate_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(bump_validate_suite);
