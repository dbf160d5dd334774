/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cases the backends that carve page blocks from their own heap share
 * (bump: mm/bump_test.c, mm/bump_validate_test.c; first-fit and TLSF:
 * mm/boundary_tag_test.c, mm/bt_validate_test.c): free_pages() believes
 * neither the struct page nor the order alone, and validate() checks
 * each page block's PG_head.
 */
#ifndef _MM_PAGE_BLOCK_TEST_H
#define _MM_PAGE_BLOCK_TEST_H

#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include "internal.h"

/**
 * page_block_free_checked - free_pages() refuses a damaged page block
 * @test: the running case
 *
 * A page block whose PG_head is gone, then one whose order (stored and
 * passed) says two pages where the block holds one: each is refused with
 * a "wrong order page free" report and counted as bad input, nothing is
 * freed, and the repaired block frees normally.
 * Context: a ktest case of a backend whose page blocks come from its heap.
 */
static inline void page_block_free_checked(struct ktest *test)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	struct kmalloc_stats a;

	KTEST_ASSERT_NOT_NULL(test, page);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	a = kmalloc_stats_now();
	page_clear_flag(page, PG_head);
	__free_pages(page, 0);
	page_set_flag(page, PG_head);
	page->private = 1;
	__free_pages(page, 1);
	page->private = 0;
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "wrong order page free"),
			2);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input + 2);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	__free_pages(page, 0);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/**
 * page_block_validate_checked - validate() reports a page block whose
 * struct page lost PG_head
 * @test: the running case
 * @fmt: the backend's report, with one %#lx for the block's address
 *
 * Clears PG_head of a fresh order-0 page block, expects validate() to
 * report it in @fmt's words, sets it again and expects a clean walk.
 * Context: a ktest case of a backend whose page blocks come from its heap.
 */
static inline void page_block_validate_checked(struct ktest *test,
					       const char *fmt)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	char want[64];

	KTEST_ASSERT_NOT_NULL(test, page);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_EQ(test, ktest_log_capture_start(test), 0);
	page_clear_flag(page, PG_head);
	snprintf(want, sizeof(want), fmt, (unsigned long)page_address(page));
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	page_set_flag(page, PG_head);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	__free_pages(page, 0);
}

#endif /* _MM_PAGE_BLOCK_TEST_H */
