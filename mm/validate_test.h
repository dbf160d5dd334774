/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the validate() suites share (mm/buddy_validate_test.c,
 * mm/slab_validate_test.c, mm/slob_validate_test.c): each damages one
 * field of a backend's bookkeeping and expects the walk to report it.
 */
#ifndef _MM_VALIDATE_TEST_H
#define _MM_VALIDATE_TEST_H

#include <ktest.h>
#include <ktest/log.h>

/**
 * expect_violation - expect a walk to find damage and say so
 * @test: the running case, capturing the console (ktest_log_capture_start())
 * @validate: the walk: buddy_validate(), kmalloc_validate(), ...; returns
 *	      the number of violations it found
 * @want: text the walk's report must contain
 *
 * Context: a ktest case, with the damage in place.
 */
static inline void expect_violation(struct ktest *test, int (*validate)(void),
				    const char *want)
{
	KTEST_EXPECT_GT(test, validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
}

#endif /* _MM_VALIDATE_TEST_H */
