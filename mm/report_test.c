// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "mm_report" for what every backend reports through
 * (mm/report.c) and for kmalloc_show() (mm/kmalloc.c), on whatever
 * backend is built in: the fill check that finds, reports, counts and
 * repairs a damaged poison or redzone fill (check_bytes_and_report()),
 * the validate() line, and the slabinfo-like table with the backend's
 * name. Lines are checked in the console capture (<ktest/log.h>).
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/string.h>
#include "internal.h"

#define FILL 0x6b
#define FILL_BYTES 32

/* An intact fill: true, no report, nothing counted. */
static void fill_intact(struct ktest *test)
{
	struct kmalloc_stats before = kmalloc_stats_now();
	u8 buf[FILL_BYTES];

	memset(buf, FILL, sizeof(buf));
	KTEST_EXPECT_TRUE(test,
			  check_bytes_and_report("redzone overwritten", buf, 0,
						 buf, FILL, sizeof(buf)));
	KTEST_EXPECT_TRUE(test, check_bytes_and_report("redzone overwritten",
						       buf, 0, buf, FILL, 0));
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, before.bad_input);
}

/*
 * One damaged byte (@obj NULL: the report names it) and one named object:
 * each is one report, counted once, and the fill is whole again after it.
 */
static void fill_damaged(struct ktest *test)
{
	struct kmalloc_stats before = kmalloc_stats_now();
	u8 buf[FILL_BYTES];
	char want[64];

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	memset(buf, FILL, sizeof(buf));
	buf[20] = 0;
	buf[25] = 1;
	KTEST_EXPECT_FALSE(test,
			   check_bytes_and_report("write after free", NULL, 0,
						  buf, FILL, sizeof(buf)));
	snprintf(want, sizeof(want), "kmalloc: write after free of 0x%08lx",
		 (unsigned long)&buf[20]);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	KTEST_EXPECT_NULL(test, memchr_inv(buf, FILL, sizeof(buf)));

	buf[FILL_BYTES - 1] = 0;
	KTEST_EXPECT_FALSE(test,
			   check_bytes_and_report("redzone overwritten", buf, 0,
						  buf, FILL, sizeof(buf)));
	snprintf(want, sizeof(want), "kmalloc: redzone overwritten of 0x%08lx",
		 (unsigned long)buf);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 2);
	KTEST_EXPECT_TRUE(test,
			  check_bytes_and_report("redzone overwritten", buf, 0,
						 buf, FILL, sizeof(buf)));
}

/* A validate() violation is one "kmalloc: validate:" line; it counts 1. */
static void validate_line(struct ktest *test)
{
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_EQ(test, kmalloc_validate_fail("free list %d of %d", 3, 4),
			1);
	KTEST_EXPECT_LOG_CONTAINS(test, "kmalloc: validate: free list 3 of 4");
}

/* kmalloc_show() names the backend and prints the statistics and caches. */
static void show_table(struct ktest *test)
{
	struct kmem_cache *s;
	char want[64];

	s = kmem_cache_create("mm_report_test", 48, 8, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	kmalloc_show();
	ktest_log_capture_stop(test);
	kmem_cache_destroy(s);
	snprintf(want, sizeof(want), "kmalloc: backend %s\n",
		 kmalloc_backend_name());
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_LOG_CONTAINS(test, "kmalloc: live ");
	KTEST_EXPECT_LOG_CONTAINS(test, "kmalloc: allocs ");
	KTEST_EXPECT_LOG_CONTAINS(test, "mm_report_test");
}

static struct ktest_case mm_report_cases[] = { KTEST_CASE(fill_intact),
					       KTEST_CASE(fill_damaged),
					       KTEST_CASE(validate_line),
					       KTEST_CASE(show_table),
					       {} };

static struct ktest_suite mm_report_suite = {
	.name = "mm_report",
	.cases = mm_report_cases,
};
KTEST_SUITE(mm_report_suite);
