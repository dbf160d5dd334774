/* SPDX-License-Identifier: GPL-2.0 */
/* Expecting a KASAN report in a ktest case, as Linux's KUNIT_EXPECT_KASAN_FAIL(). */
#ifndef _KTEST_KASAN_H
#define _KTEST_KASAN_H

#include <kmlab/kasan.h>
#include <ktest/assert.h>

/**
 * KTEST_EXPECT_KASAN_FAIL - run @stmt, which touches bytes it may not
 * @test: the running case
 * @stmt: the statement (a read or write of poisoned memory)
 *
 * With CONFIG_KASAN, @stmt must be reported by KASAN, and that report
 * does not fail the case (kasan_disable_current() around it); without,
 * @stmt just runs (a test that corrupts a red zone for the backend to
 * find works in both). Context: a ktest case.
 */
#define KTEST_EXPECT_KASAN_FAIL(test, stmt)                                   \
	do {                                                                  \
		unsigned long __reports = kasan_report_count();               \
                                                                              \
		kasan_disable_current();                                      \
		stmt;                                                         \
		kasan_enable_current();                                       \
		if (IS_ENABLED(CONFIG_KASAN))                                 \
			KTEST_EXPECT_GT_MSG(test, kasan_report_count(),       \
					    __reports,                        \
					    "no KASAN report for %s", #stmt); \
	} while (0)

#endif /* _KTEST_KASAN_H */
