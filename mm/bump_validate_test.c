// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "bump_validate": the bump backend's validate() (mm/bump.c)
 * finds a damaged block word and cursors that cross. Each case damages
 * one thing, expects at least one violation and its line on the console,
 * repairs it and expects a clean walk; nothing is allocated or freed in
 * between and only expectations run there, so the heap is whole when a
 * case ends.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/bump.h>
#include <kmlab/slab.h>
#include "internal.h"
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

/* A block cursor above the metadata cursor. */
static void cursors_cross(struct ktest *test)
{
	unsigned long cursor = bump_cursor;

	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	bump_cursor = bump_meta + 8;
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, "cursors");
	bump_cursor = cursor;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case bump_validate_cases[] = { KTEST_CASE(block_word),
						   KTEST_CASE(cursors_cross),
						   {} };

static struct ktest_suite bump_validate_suite = {
	.name = "bump_validate",
	.cases = bump_validate_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(bump_validate_suite);
