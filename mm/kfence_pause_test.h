/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For white-box suites that check where their backend put each object
 * (bump's cursor, first-fit's tree, TLSF's blocks): KFENCE (mm/kfence.c)
 * would serve some of their allocations from its pool, so sampling is
 * paused while such a suite runs, as Linux's slab tests ask for
 * SLAB_SKIP_KFENCE. Use as the suite's hooks:
 *
 *	.suite_init = kfence_pause_suite,
 *	.suite_exit = kfence_resume_suite,
 *
 * or, for one case that counts how many objects fit in the heap (the
 * pool would add some, depending on where the countdown stands),
 * kfence_pause_case(test) at its start: sampling resumes when it ends.
 *
 * buddy+slab's per-CPU object caches (mm/slab_cpu.c) would keep freed
 * objects away from their slabs in the same way: both hooks drain them
 * and turn them off too (slab_cpu_pause()), and turn them back on after.
 */
#ifndef _MM_KFENCE_PAUSE_TEST_H
#define _MM_KFENCE_PAUSE_TEST_H

#include <ktest.h>
#include <kmlab/kfence.h>
#include "slab_cpu.h"

static unsigned long kfence_paused_interval __maybe_unused;
static bool slab_cpu_paused_on __maybe_unused;

static int __maybe_unused kfence_pause_suite(struct ktest_suite *suite)
{
#ifdef CONFIG_KFENCE
	kfence_paused_interval = kfence_sample_interval;
#endif
	kfence_set_sample_interval(0);
	slab_cpu_paused_on = slab_cpu_pause();
	return 0;
}

static void __maybe_unused kfence_resume_suite(struct ktest_suite *suite)
{
	kfence_set_sample_interval(kfence_paused_interval);
	slab_cpu_resume(slab_cpu_paused_on);
}

static void __maybe_unused kfence_resume_action(void *unused)
{
	kfence_resume_suite(NULL);
}

static void __maybe_unused kfence_pause_case(struct ktest *test)
{
	kfence_pause_suite(NULL);
	KTEST_ASSERT_EQ(test,
			ktest_add_action(test, kfence_resume_action, NULL), 0);
}

#endif /* _MM_KFENCE_PAUSE_TEST_H */
