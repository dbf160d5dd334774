/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Failing the running ktest case from code that is not a test, as Linux's
 * include/kunit/test-bug.h: a sanitizer (lib/ubsan.c, a future KASAN) or a
 * debug check that finds a bug while a case runs fails that case, with its
 * report among the case's diagnostics, and the run goes on to the next
 * case. Outside a case (boot, initcalls, after the tests) nothing fails and
 * the caller learns so from the return value.
 *
 * Safe to include in any file: without CONFIG_KTEST these compile to
 * "no case is running".
 */
#ifndef _KTEST_TEST_BUG_H
#define _KTEST_TEST_BUG_H

#include <kmlab/compiler.h>

struct ktest;

#ifdef CONFIG_KTEST
/**
 * ktest_get_current_test - the ktest case running now, as KUnit's
 * kunit_get_current_test()
 *
 * A case's init, body and exit, its deferred actions and a suite's
 * suite_init and suite_exit all count as running (each runs through the
 * runner's try-catch); the runner itself, between those phases, does not.
 * Context: any, interrupts and trap handlers included.
 *
 * Return: the running case's struct ktest, or NULL when none is running.
 */
struct ktest *ktest_get_current_test(void);

/**
 * __ktest_fail_current_test - fail the running case, if any
 * @file: the source file to name in the diagnostic (the bug's, or the
 *	caller's: see ktest_fail_current_test()), or NULL for none
 * @line: the line in @file
 * @fmt: printf-style message, one line
 *
 * Marks the running case failed and prints "# CASE: FILE:LINE: message"
 * among its diagnostics (KTAP, whatever loglevel= says), as KUnit's
 * __kunit_fail_current_test_impl(). The case goes on running; it is
 * reported "not ok" when it ends. Without a running case nothing happens.
 * Context: any (an interrupt handler, a trap handler, a sanitizer's report
 * handler); it does not allocate.
 *
 * Return: true if a case was running and is now failed, false if none was.
 */
__printf(3, 4) bool __ktest_fail_current_test(const char *file, int line,
					      const char *fmt, ...);
#else
static inline struct ktest *ktest_get_current_test(void)
{
	return NULL;
}

static inline __printf(3, 4) bool __ktest_fail_current_test(const char *file,
							    int line,
							    const char *fmt,
							    ...)
{
	return false;
}
#endif

/**
 * ktest_fail_current_test - fail the running case, naming the caller's line
 * @fmt: printf-style message, one line
 * @...: its arguments
 *
 * __ktest_fail_current_test() with the caller's __FILE__ and __LINE__, as
 * KUnit's kunit_fail_current_test(). Context: any.
 *
 * Return: true if a case was running and is now failed, false if none was.
 */
#define ktest_fail_current_test(fmt, ...) \
	__ktest_fail_current_test(__FILE__, __LINE__, fmt, ##__VA_ARGS__)

#endif /* _KTEST_TEST_BUG_H */
