// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "page_alloc_bad": the page API's own checks (mm/page_alloc.c),
 * made before any backend sees the pointer, on every backend: a struct
 * page before or past mem_map given to __free_pages(), and an address
 * off the page grid or an order past MAX_ORDER given to free_pages().
 * Each is one "invalid page free" report, counted as bad input, and
 * frees nothing; the page then frees normally.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include "internal.h"
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

static struct ktest_case page_alloc_bad_cases[] = {
	KTEST_CASE(bad_page_frees_reported),
	{},
};

static struct ktest_suite page_alloc_bad_suite = {
	.name = "page_alloc_bad",
	.cases = page_alloc_bad_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(page_alloc_bad_suite);
