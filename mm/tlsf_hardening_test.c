// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "tlsf_hardening": the attack on TLSF's free-block links,
 * played inside the kernel (Documentation/mm/hardening.rst). A freed
 * block's payload starts with its list links (next, then prev); a write
 * after free replaces next with the address of a fake block of the
 * attacker's. Unhardened, unlinking the freed block makes the fake one
 * its list's head, and a later kmalloc returns it; hardened, the link
 * fails its check, is reported, and the lists are built again from the
 * blocks' boundary tags.
 */
#include "hardening_test.h"
#include "kfence_pause_test.h"

/* Not a power of two: those are naturally aligned, with gaps around them. */
#define VICTIM_SIZE 48

/* A fake free block of the attacker's: a header, then its links. */
static unsigned long fake_block[32];

static void forged_link_refused(struct ktest *test)
{
	void *fake = &fake_block[2], *a, *b, *c, *x, *objs[16];
	struct kmalloc_stats before;

	require_freeptr_hardened(test);
	/* b between two allocated blocks: freed, it merges with neither. */
	a = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	b = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	c = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_ASSERT_NOT_NULL(test, c);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	kfree(b);
	*(unsigned long *)b = (unsigned long)fake;
	x = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, x, b);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmalloc(VICTIM_SIZE, GFP_KERNEL);
		KTEST_EXPECT_NOT_NULL(test, objs[i]);
		KTEST_EXPECT_TRUE(
			test,
			(unsigned long)objs[i] < (unsigned long)fake_block ||
				(unsigned long)objs[i] >=
					(unsigned long)(fake_block +
							ARRAY_SIZE(fake_block)));
	}
	expect_one_forged_report(test, b, &before);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		kfree(objs[i]);
	kfree(x);
	kfree(a);
	kfree(c);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case tlsf_hardening_cases[] = {
	KTEST_CASE(forged_link_refused),
	{}
};

static struct ktest_suite tlsf_hardening_suite = {
	.name = "tlsf_hardening",
	.cases = tlsf_hardening_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(tlsf_hardening_suite);
