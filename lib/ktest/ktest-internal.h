/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of lib/ktest share: the runner (ktest.c), the failure
 * reports (assert.c) and the managed resources (resource.c).
 */
#ifndef _LIB_KTEST_INTERNAL_H
#define _LIB_KTEST_INTERNAL_H

#include <ktest.h>

/* The allocator's API and statistics (the leak check reads them). */
#include <kmlab/slab.h>

/* Why the running case was left through longjmp() (setjmp's return). */
enum ktest_abort {
	KTEST_ABORT_NONE = 0,
	KTEST_ABORT_ASSERT, /* a KTEST_ASSERT_* failed */
	KTEST_ABORT_SKIP, /* ktest_skip() */
	KTEST_ABORT_FAULT, /* a CPU exception */
	KTEST_ABORT_TIMEOUT, /* ran past its timeout */
};

/* Record a failure of @test (and stop in Bochs if ktest.break_on_fail). */
void ktest_set_failure(struct ktest *test);

/* Leave the running case for @why; never returns. */
__noreturn void ktest_abort(struct ktest *test, enum ktest_abort why);

/* Print "<indent># <case>: <message>" for @test. */
__printf(2, 3) void ktest_diag(struct ktest *test, const char *fmt, ...);

/* Print "<indent><message>" (failure details, no "#", as KUnit does). */
__printf(2, 3) void ktest_detail(struct ktest *test, const char *fmt, ...);

/**
 * ktest_live_delta - what appeared in the live statistics across a case
 * @before: the statistics before the case
 * @after: the statistics after it
 * @objects: out: live objects that appeared (negative: freed)
 * @bytes: out: live bytes that appeared (negative: freed); 64-bit, as a
 *         32-bit long cannot hold 2 GiB or more
 */
void ktest_live_delta(const struct kmalloc_stats *before,
		      const struct kmalloc_stats *after, long long *objects,
		      long long *bytes);

/* Run (and forget) the pending deferred actions, newest first. */
void ktest_run_actions(struct ktest *test);

/*
 * Keep ktest's own lines out of a console capture (log.c): ktest_diag(),
 * ktest_detail() and ktest_printk() print between these two calls.
 */
void ktest_log_hold(void);
void ktest_log_release_hold(void);

/**
 * ktest_filter_match - whether a ktest.filter_glob selects a suite or case
 * @filter: "SUITE[.CASE]" globs, or NULL/"" for everything
 * @suite: the suite's name
 * @tcase: the case's name, or NULL to ask about the suite alone
 *
 * The SUITE glob is matched whole, however long (up to the command line's
 * size; a longer one matches nothing), never cut. Boot only: uses a static
 * buffer.
 * Return: true when @suite (and @tcase, if given) are selected.
 */
bool ktest_filter_match(const char *filter, const char *suite,
			const char *tcase);

#endif /* _LIB_KTEST_INTERNAL_H */
