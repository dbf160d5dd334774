// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "slob_hardening": the attacks on SLOB's metadata
 * (mm/slob.c), with and without CONFIG_KMALLOC_HEADER_CHECKSUM
 * (Documentation/mm/hardening.rst).
 *
 * The unit before every SLOB object holds { size, check }: the check word
 * is a constant xor the size xor the header's address. Unkeyed, an
 * attacker who read one header (or knows the constant from the source)
 * forges the header of any other size by xor-ing the difference of the
 * sizes into the check word, so an overflow from the object before can
 * grow the victim over its live neighbour and the heap believes it. Keyed
 * with the per-boot secret through a non-linear finalizer (Scudo's chunk
 * header checksum), the forged header fails, is reported and refused. A
 * one-byte overflow into a header is caught either way.
 *
 * The victim is the middle one of three objects of VICTIM_SIZE bytes that
 * follow each other in a page, observed through ksize(), which checks the
 * header as kfree() does but changes nothing; the header is put back
 * before the objects are freed.
 */
#include "hardening_test.h"
#include "kfence_pause_test.h"

/* Not a power of two: no alignment gap between the objects. */
#define VICTIM_SIZE 48
/* A header unit and the object: where the next object starts. */
#define VICTIM_STEP (8 + VICTIM_SIZE)
/* Allocations searched for three objects in a row. */
#define NR_OBJS 12

/* The header unit before an object: { size, check }. */
struct unit_header {
	u32 size;
	u32 check;
};

struct victim {
	char *objs[NR_OBJS];
	char *obj; /* the middle one of three in a row */
	struct unit_header *hdr, saved;
};

static void victim_setup(struct ktest *test, struct victim *v)
{
	v->obj = NULL;
	for (unsigned int i = 0; i < NR_OBJS; i++) {
		v->objs[i] = kzalloc(VICTIM_SIZE, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, v->objs[i]);
	}
	for (unsigned int i = 1; i + 1 < NR_OBJS && !v->obj; i++)
		if (v->objs[i] == v->objs[i - 1] + VICTIM_STEP &&
		    v->objs[i + 1] == v->objs[i] + VICTIM_STEP)
			v->obj = v->objs[i];
	if (!v->obj) {
		for (unsigned int i = 0; i < NR_OBJS; i++)
			kfree(v->objs[i]);
		ktest_skip(test, "no three of %u objects lie in a row",
			   NR_OBJS);
	}
	v->hdr = (struct unit_header *)v->obj - 1;
	v->saved = *v->hdr;
	KTEST_ASSERT_EQ(test, v->saved.size, VICTIM_SIZE);
}

/* Put the header back, free everything: the heap must be whole. */
static void victim_teardown(struct ktest *test, struct victim *v)
{
	*v->hdr = v->saved;
	KTEST_EXPECT_EQ(test, ksize(v->obj), (size_t)VICTIM_SIZE);
	for (unsigned int i = 0; i < NR_OBJS; i++)
		kfree(v->objs[i]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * The forgery: the victim's size grown over the live object after it,
 * its check word patched by the difference of the sizes (a secret xor-ed
 * in would cancel out; the keyed finalizer does not). @bad: set to
 * bad_input's rise over a ksize() of the forged header. Return: that
 * ksize().
 */
static size_t forge_and_ksize(struct ktest *test, struct victim *v,
			      unsigned long *bad)
{
	u32 forged = VICTIM_SIZE + VICTIM_STEP;
	unsigned long before;
	size_t size;

	v->hdr->check ^= v->saved.size ^ forged;
	v->hdr->size = forged;
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now().bad_input;
	size = ksize(v->obj);
	*bad = kmalloc_stats_now().bad_input - before;
	return size;
}

/* CONFIG_KMALLOC_HEADER_CHECKSUM: the forged header is refused. */
static void forged_header_refused(struct ktest *test)
{
	unsigned long bad;
	struct victim v;

	if (!IS_ENABLED(CONFIG_KMALLOC_HEADER_CHECKSUM))
		ktest_skip(test, "CONFIG_KMALLOC_HEADER_CHECKSUM is off: "
				 "a forged header is believed");
	victim_setup(test, &v);
	KTEST_EXPECT_EQ(test, forge_and_ksize(test, &v, &bad), (size_t)0);
	KTEST_EXPECT_EQ(test, bad, 1);
	KTEST_EXPECT_LOG_CONTAINS(test, "corrupted header");
	victim_teardown(test, &v);
}

/*
 * Without the option the forged header passes: ksize() says the victim
 * covers its neighbour, and a kfree() would give both back.
 */
static void forged_header_believed(struct ktest *test)
{
	unsigned long bad;
	struct victim v;

	if (IS_ENABLED(CONFIG_KMALLOC_HEADER_CHECKSUM))
		ktest_skip(test, "CONFIG_KMALLOC_HEADER_CHECKSUM refuses it");
	victim_setup(test, &v);
	KTEST_EXPECT_EQ(test, forge_and_ksize(test, &v, &bad),
			(size_t)(VICTIM_SIZE + VICTIM_STEP));
	KTEST_EXPECT_EQ(test, bad, 0);
	victim_teardown(test, &v);
}

/*
 * An overflow of one byte from the object before into the victim's
 * header (the low byte of its size): kfree() reports it, with or without
 * the key, and frees nothing.
 */
static void one_byte_overflow_caught(struct ktest *test)
{
	struct victim v;

	victim_setup(test, &v);
	v.obj[-8] ^= 0x10; /* the size's low byte: 48 becomes 32 */
	expect_free_refused(test, v.obj, "corrupted header");
	victim_teardown(test, &v);
}

static struct ktest_case slob_hardening_cases[] = {
	KTEST_CASE(forged_header_refused),
	KTEST_CASE(forged_header_believed),
	KTEST_CASE(one_byte_overflow_caught),
	{}
};

static struct ktest_suite slob_hardening_suite = {
	.name = "slob_hardening",
	.cases = slob_hardening_cases,
	/* The victims must be SLOB's objects, not KFENCE's. */
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(slob_hardening_suite);
