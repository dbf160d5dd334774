/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktest: kmlab's in-kernel unit test framework, shaped like Linux's KUnit
 * (include/kunit/test.h) with kmlab's names. Documentation/dev-tools/ktest.rst
 * explains how to write and run suites; lib/ktest/ holds the runner.
 *
 *	static void add_test(struct ktest *test)
 *	{
 *		KTEST_EXPECT_EQ(test, 1 + 1, 2);
 *	}
 *
 *	static struct ktest_case add_cases[] = {
 *		KTEST_CASE(add_test),
 *		{}
 *	};
 *
 *	static struct ktest_suite add_suite = {
 *		.name = "add",
 *		.cases = add_cases,
 *	};
 *	KTEST_SUITE(add_suite);
 *
 * KTEST_SUITE() puts a pointer to the suite in the .ktest_suites linker
 * section; ktest_run_all() walks that section at the end of boot and prints
 * KTAP version 1. Expectations (KTEST_EXPECT_*) record a failure and let the
 * case go on; assertions (KTEST_ASSERT_*) end the case at once through
 * longjmp(). After each case the runner frees the case's managed
 * allocations, runs its deferred actions and compares the allocator's live
 * objects and bytes with the figures before the case: a case that leaks
 * fails. A case that faults or runs past its timeout fails alone.
 *
 * This header gathers the parts, as Linux's include/kunit/test.h does:
 *
 *	<ktest/test.h>		cases, suites, struct ktest, skipping, params
 *	<ktest/assert.h>	KTEST_EXPECT_* and KTEST_ASSERT_*
 *	<ktest/resource.h>	deferred actions, managed kmalloc()
 *	<ktest/log.h>		console capture
 *	<ktest/test-bug.h>	failing the running case from outside a test
 */
#ifndef _KMLAB_KTEST_H
#define _KMLAB_KTEST_H

#include <ktest/test.h>
#include <ktest/assert.h>
#include <ktest/resource.h>
#include <ktest/log.h>
#include <ktest/test-bug.h>
#include <ktest/smp.h>

#endif /* _KMLAB_KTEST_H */
