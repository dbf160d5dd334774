/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the attack suites of the heap hardening options share
 * (mm/slab_hardening_test.c, mm/tlsf_hardening_test.c,
 * mm/slob_hardening_test.c, mm/bt_checksum_test.c): the skip of a
 * defence's case when its option is off, and the checks of the one report
 * a forged free pointer or a refused free must give.
 */
#ifndef _MM_HARDENING_TEST_H
#define _MM_HARDENING_TEST_H

#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/string.h>
#include "internal.h"

/**
 * require_freeptr_hardened - skip the case without free-pointer hardening
 * @test: the running case
 *
 * Ends the case as skipped, with the reason, unless
 * CONFIG_SLAB_FREELIST_HARDENED is on. Context: a ktest case.
 */
static inline void require_freeptr_hardened(struct ktest *test)
{
	if (!IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_HARDENED is off: a forged free pointer is followed");
}

/**
 * expect_one_forged_report - the attack was reported once, the heap is whole
 * @test: the running case, its console capture started before the attack
 * @obj: the object (or free block payload) whose link was forged
 * @before: kmalloc_stats_now() before the attack
 *
 * Expects "kmalloc: free pointer corrupted of 0x<obj>" in the capture,
 * kmalloc_stats.bad_input one above @before's and kmalloc_validate()
 * clean. Context: a ktest case.
 */
static inline void expect_one_forged_report(struct ktest *test, const void *obj,
					    const struct kmalloc_stats *before)
{
	char want[80];

	snprintf(want, sizeof(want),
		 "kmalloc: free pointer corrupted of 0x%08lx",
		 (unsigned long)obj);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before->bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/**
 * expect_free_refused - kfree(@p) is reported once and frees nothing
 * @test: the running case
 * @p: the object whose metadata the case damaged
 * @what: the report's words ("corrupted header" ...)
 *
 * Frees @p with the console captured, then expects @what in the capture,
 * kmalloc_stats.bad_input one higher and nr_frees unchanged. Context: a
 * ktest case.
 */
static inline void expect_free_refused(struct ktest *test, const void *p,
				       const char *what)
{
	struct kmalloc_stats before;

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, before.nr_frees);
	KTEST_EXPECT_LOG_CONTAINS(test, what);
}

/**
 * kmalloc_victims - allocate @n objects of @size bytes, in that order
 * @test: the running case (asserts that each allocation succeeded)
 * @objs: filled with the objects
 * @n: how many
 * @size: bytes each
 *
 * Context: a ktest case; the caller frees them.
 */
static inline void kmalloc_victims(struct ktest *test, void **objs,
				   unsigned int n, size_t size)
{
	for (unsigned int i = 0; i < n; i++) {
		objs[i] = kmalloc(size, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, objs[i]);
	}
}

/**
 * chi2_uniform_x100 - Pearson's chi-square of counts against a uniform law
 * @count: how many of the trials fell in each bin
 * @bins: number of bins
 * @trials: the trials in all (a multiple of @bins)
 *
 * For the statistical cases of the random choices among equal blocks
 * (TLSF, SLOB, the buddy allocator's shuffle). Return: the sum over the
 * bins of (count - trials / bins)^2 / (trials / bins), times 100 (each
 * term rounded down). Context: any.
 */
/*
 * Pearson's chi-square with 3 degrees of freedom (four equally likely
 * choices) is above 44.84 with probability 10^-9: the limit of the
 * statistical cases over four bins, times 100, at that false-failure rate.
 */
#define CHI2_3DOF_LIMIT_X100 4484

static inline int chi2_uniform_x100(const unsigned int *count,
				    unsigned int bins, unsigned int trials)
{
	int chi2_x100 = 0, expected = trials / bins;

	for (unsigned int i = 0; i < bins; i++) {
		int d = (int)count[i] - expected;

		chi2_x100 += d * d * 100 / expected;
	}
	return chi2_x100;
}

#endif /* _MM_HARDENING_TEST_H */
