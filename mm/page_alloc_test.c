// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "page_alloc_bad": the page API's own checks (mm/page_alloc.c),
 * made before any backend sees the pointer, on every backend: a struct
 * page before or past mem_map given to __free_pages(), and an address
 * off the page grid or an order past MAX_ORDER given to free_pages().
 * Each is one "invalid page free" report, counted as bad input, and
 * frees nothing; the page then frees normally. And page_block_is_live()
 * (mm/hardening.c), which decides whether init_on_free=1 may zero a block
 * before the backend checks the free: true only for the head of a block
 * alloc_pages() handed out, asked with its own order.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/slab.h>
#include "internal.h"
#include "hardening.h"
#include "kfence_pause_test.h"

static void bad_page_frees_reported(struct ktest *test)
{
	unsigned long addr = __get_free_pages(GFP_KERNEL, 0);
	struct kmalloc_stats a;

	KTEST_ASSERT_NE(test, addr, 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	a = kmalloc_stats_now();
	__free_pages(mem_map - 1, 0);
	__free_pages(mem_map + mem_map_nr, 0);
	free_pages(addr + 8, 0);
	free_pages(addr, MAX_ORDER);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "invalid page free"), 4);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input + 4);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	free_pages(addr, 0);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees + 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input + 4);
}

/*
 * Every "no" of page_block_is_live() is a write init_on_free=1 must not
 * make: past mem_map, off the page grid, a tail page, the wrong order, a
 * large kmalloc object (PG_large_kmalloc on buddy+slab and SLOB, off the
 * page grid or not PG_head elsewhere), a block already freed.
 */
static void page_block_live_only_when_handed_out(struct ktest *test)
{
	unsigned long addr = __get_free_pages(GFP_KERNEL, 1);
	void *past_end =
		(void *)((mem_map_base_pfn + mem_map_nr) << PAGE_SHIFT);
	void *p = (void *)addr, *obj;

	KTEST_ASSERT_NE(test, addr, 0);
	KTEST_EXPECT_TRUE(test, page_block_is_live(p, 1));
	KTEST_EXPECT_FALSE(test, page_block_is_live(p, 0));
	KTEST_EXPECT_FALSE(test, page_block_is_live(p, 2));
	KTEST_EXPECT_FALSE(test, page_block_is_live(p + 8, 1));
	KTEST_EXPECT_FALSE(test, page_block_is_live(p + PAGE_SIZE, 0));
	KTEST_EXPECT_FALSE(test, page_block_is_live(past_end, 0));
	obj = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, obj);
	KTEST_EXPECT_FALSE(test, page_block_is_live(obj, 1));
	kfree(obj);
	free_pages(addr, 1);
	KTEST_EXPECT_FALSE(test, page_block_is_live(p, 1));
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* As kfree(NULL): freeing no page is no error, and frees nothing. */
static void null_page_frees_ignored(struct ktest *test)
{
	struct kmalloc_stats a;

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	a = kmalloc_stats_now();
	__free_pages(NULL, 0);
	free_pages(0, 0);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "kmalloc:"), 0);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees);
}

static struct ktest_case page_alloc_bad_cases[] = {
	KTEST_CASE(bad_page_frees_reported),
	KTEST_CASE(null_page_frees_ignored),
	KTEST_CASE(page_block_live_only_when_handed_out),
	{},
};

static struct ktest_suite page_alloc_bad_suite = {
	.name = "page_alloc_bad",
	.cases = page_alloc_bad_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(page_alloc_bad_suite);
