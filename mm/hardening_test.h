/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the attack suites of the heap hardening options share
 * (mm/slab_hardening_test.c, mm/tlsf_hardening_test.c): the skip of a
 * defence's case when its option is off, and the check of the one report
 * a forged free pointer must give.
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

#endif /* _MM_HARDENING_TEST_H */
