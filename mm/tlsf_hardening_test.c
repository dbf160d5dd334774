// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "tlsf_hardening": the attack on TLSF's free-block links,
 * played inside the kernel (Documentation/mm/hardening.rst). A freed
 * block's payload starts with its list links (next, then prev); a write
 * after free replaces next with the address of a fake block of the
 * attacker's. Unhardened, unlinking the freed block makes the fake one
 * its list's head, and a later kmalloc returns it; hardened, the link
 * fails its check, is reported, and the lists are built again from the
 * blocks' boundary tags. forged_link_followed shows the unhardened side
 * on a target inside the heap: a live object of the attacker's, which the
 * heap then hands out a second time.
 */
#include "hardening_test.h"
#include "kfence_pause_test.h"
#include "tlsf.h"
#include <kmlab/freeptr.h>

/* Not a power of two: those are naturally aligned, with gaps around them. */
#define VICTIM_SIZE 48

/* A fake free block of the attacker's: a header, then its links. */
static unsigned long fake_block[32];

static void forged_link_refused(struct ktest *test)
{
	void *fake = &fake_block[2], *v[3], *a, *b, *c, *x, *objs[16];
	struct kmalloc_stats before;

	require_freeptr_hardened(test);
	/* b between two allocated blocks: freed, it merges with neither. */
	kmalloc_victims(test, v, 3, VICTIM_SIZE);
	a = v[0];
	b = v[1];
	c = v[2];
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

/* The words of a free block's payload, as mm/tlsf.c lays them out. */
struct free_links {
	unsigned long next, prev; /* plain or encoded */
	unsigned long index; /* the list's index */
};

/*
 * Without the option the forged link is followed. The attacker frees b
 * (between a and c) and owns d, a live object of the same size (between
 * c and e): they copy b's links and list index into d, so that d passes
 * for the next free block of b's list, and point b's next link at d. The
 * allocation that takes b makes d its list's head; the one after hands d
 * out again while it is live: two owners of one object, the type
 * confusion an exploit wants. Nothing is reported. The case then repairs
 * the heap: d's block is freed once, the second allocation is struck from
 * the statistics (the heap counted one object twice) and the free lists
 * are built again from the boundary tags (unlinking d counted a free
 * block that was not).
 */
static void forged_link_followed(struct ktest *test)
{
	unsigned long bad = kmalloc_stats_now().bad_input;
	struct free_links *fb, *fd;
	void *v[5], *a, *b, *c, *d, *e, *x, *y;
	size_t dsize;

	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_HARDENED is on: the forged link is refused (forged_link_refused)");
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		ktest_skip(
			test,
			"CONFIG_KMALLOC_POISON checks a block's poison when it is handed out: the live target is reported");
	kmalloc_victims(test, v, 5, VICTIM_SIZE);
	a = v[0];
	b = v[1];
	c = v[2];
	d = v[3];
	e = v[4];
	dsize = ksize(d);
	kfree(b);
	fb = b;
	fd = d;
	*fd = *fb;
	fd->prev = 0;
	fb->next = (unsigned long)d;
	x = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	y = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, x, b);
	KTEST_EXPECT_PTR_EQ(test, y, d);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad);
	KTEST_ASSERT_PTR_EQ(test, y, d);
	/* Repair, then the heap must be whole. */
	kfree(x);
	kfree(a);
	kfree(c);
	kfree(d);
	kfree(e);
	kstat_free(dsize);
	tlsf_rebuild_free_lists();
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Equal choices: VICTIM_SIZE blocks, NR_HOLES of them free. */
#define NR_HOLES 8
#define FIT_TRIALS 800
/*
 * Pearson's chi-square over TLSF_RANDOM_FIT bins (3 degrees of freedom)
 * is above 44.84 with probability 10^-9 when the choice is uniform: the
 * test's false-failure rate. Taking the block freed last scores 2400.
 */
#define FIT_CHI2_LIMIT_X100 CHI2_3DOF_LIMIT_X100

/*
 * Free every other one of 2 * NR_HOLES objects in a row: NR_HOLES free
 * blocks of one size that cannot merge, the first of their list.
 * Return: in @first, the payloads of the list's first TLSF_RANDOM_FIT.
 */
static void make_holes(struct ktest *test, void **objs, void **first)
{
	bool allocated;
	size_t size;
	unsigned int fl, sl;
	struct free_links *f;

	kmalloc_victims(test, objs, 2 * NR_HOLES, VICTIM_SIZE);
	for (unsigned int i = 1; i < 2 * NR_HOLES; i += 2) {
		kfree(objs[i]);
		objs[i] = NULL;
	}
	size = tlsf_block_at((char *)objs[0] - 8, &allocated);
	KTEST_ASSERT_TRUE(test, size && allocated);
	tlsf_mapping_insert(size, &fl, &sl);
	f = tlsf_list_head(fl, sl);
	for (unsigned int i = 0; i < TLSF_RANDOM_FIT; i++) {
		KTEST_ASSERT_NOT_NULL(test, f);
		f = (struct free_links *)((char *)f + 8);
		first[i] = f;
		f = (struct free_links *)freeptr_load(&f->next);
		f = f ? (struct free_links *)((char *)f - 8) : NULL;
	}
}

/* The position among @first of kmalloc()'s choice (-1: none of them). */
static int fit_choice(struct ktest *test, void **objs)
{
	void *first[TLSF_RANDOM_FIT], *x;
	int pos = -1;

	make_holes(test, objs, first);
	x = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	for (int i = 0; i < TLSF_RANDOM_FIT; i++)
		if (x == first[i])
			pos = i;
	kfree(x);
	for (unsigned int i = 0; i < 2 * NR_HOLES; i++)
		kfree(objs[i]);
	return pos;
}

/*
 * @trials allocations with tlsf.random_fit set to @on, each from a list
 * whose first TLSF_RANDOM_FIT blocks all hold it. Return: Pearson's
 * chi-square of the positions taken against a uniform choice, times
 * 100; the case fails if a block outside those was taken.
 */
static int fit_chi2_x100(struct ktest *test, bool on, unsigned int trials)
{
	unsigned int count[TLSF_RANDOM_FIT] = { 0 }, other = 0;
	void *objs[2 * NR_HOLES];
	bool was = tlsf_random_fit_set(on);

	for (unsigned int t = 0; t < trials; t++) {
		int pos = fit_choice(test, objs);

		if (pos < 0)
			other++;
		else
			count[pos]++;
	}
	tlsf_random_fit_set(was);
	KTEST_EXPECT_EQ(test, other, 0);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	return chi2_uniform_x100(count, TLSF_RANDOM_FIT, trials);
}

/*
 * CONFIG_SLAB_FREELIST_RANDOM with tlsf.random_fit=1: over FIT_TRIALS
 * allocations the position taken is uniform (chi-square below
 * FIT_CHI2_LIMIT_X100).
 */
static void fit_choice_uniform(struct ktest *test)
{
	if (!IS_ENABLED(CONFIG_SLAB_FREELIST_RANDOM))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_RANDOM is off: the block freed last is taken (fit_choice_predictable)");
	KTEST_EXPECT_LT(test, fit_chi2_x100(test, true, FIT_TRIALS),
			FIT_CHI2_LIMIT_X100);
}

/*
 * tlsf.random_fit=0 (or the option off): the block freed last, each of
 * 16 times, whose chi-square, 48 (all 16 in the first of four bins of 4
 * expected: (12^2 + 3 * 4^2) / 4), is above the limit.
 */
static void fit_choice_predictable(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, fit_chi2_x100(test, false, 16), 4800);
}

static struct ktest_case tlsf_hardening_cases[] = {
	KTEST_CASE(forged_link_refused),
	KTEST_CASE(forged_link_followed),
	KTEST_CASE(fit_choice_uniform),
	KTEST_CASE(fit_choice_predictable),
	{}
};

static struct ktest_suite tlsf_hardening_suite = {
	.name = "tlsf_hardening",
	.cases = tlsf_hardening_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(tlsf_hardening_suite);
