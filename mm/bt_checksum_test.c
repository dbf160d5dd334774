// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "bt_checksum": the attacks on the boundary tags of first-fit
 * and TLSF (mm/boundary_tag.h), with and without
 * CONFIG_KMALLOC_HEADER_CHECKSUM (Documentation/mm/hardening.rst).
 *
 * A tag's magic is a checksum over its size, flags and address. Unkeyed,
 * it is a seed xor the address xor the size times a public constant: an
 * attacker who read one header (or knows the seeds from the source)
 * forges the header of any other size by xor-ing the difference into the
 * magic, so an overflow from the block before can grow the victim over
 * its live neighbour and the heap believes it. Keyed with the per-boot
 * secret through a non-linear finalizer (Scudo's chunk header checksum),
 * the forged magic fails and the header is reported and refused. A
 * one-byte overflow into a header is caught either way.
 *
 * The victim is a zeroed object of VICTIM_SIZE bytes between two others,
 * observed through ksize(), which checks the header (and the neighbours'
 * tags) as kfree() does but changes nothing; the header is put back
 * before the objects are freed.
 */
#include "hardening_test.h"
#include "boundary_tag.h"
#include "kfence_pause_test.h"

/* Not a power of two: no alignment gap before the object. */
#define VICTIM_SIZE 48

/* Allocations searched for three objects, one right after the other. */
#define NR_TRIES 16
/* A tag's size bits on both backends (flags: the low 3 bits, bit 31). */
#define BT_SIZE_BITS 0x7ffffff8u

struct victim {
	void *before, *obj, *after;
	struct bt_tag *hdr, saved;
};

/* Does the block of @next start right after object @p's block? */
static bool lies_after(const void *p, const void *next)
{
	unsigned long gap = bt_block_of(next) - (unsigned long)p;

	return p && next && gap >= VICTIM_SIZE && gap <= 2 * VICTIM_SIZE;
}

/*
 * Three zeroed objects, one right after the other (so the bit that says
 * "the block before is free", which the magic leaves out, is clear in the
 * middle one's header, and the block after it is live); the other
 * allocations are freed. The middle one is the victim; its header saved.
 */
static void victim_setup(struct ktest *test, struct victim *v)
{
	void *objs[NR_TRIES];
	unsigned int i, j, k;

	v->obj = NULL;
	for (i = 0; i < NR_TRIES; i++) {
		objs[i] = kzalloc(VICTIM_SIZE, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, objs[i]);
	}
	for (i = 0; i < NR_TRIES && !v->obj; i++)
		for (j = 0; j < NR_TRIES && !v->obj; j++)
			for (k = 0; k < NR_TRIES && !v->obj; k++)
				if (lies_after(objs[i], objs[j]) &&
				    lies_after(objs[j], objs[k])) {
					v->before = objs[i];
					v->obj = objs[j];
					v->after = objs[k];
					objs[i] = objs[j] = objs[k] = NULL;
				}
	for (i = 0; i < NR_TRIES; i++)
		kfree(objs[i]);
	if (!v->obj)
		ktest_skip(test, "no three of %u objects lie together",
			   NR_TRIES);
	v->hdr = (struct bt_tag *)bt_block_of(v->obj);
	v->saved = *v->hdr;
}

/* Put the header back, free all three, the heap must be whole. */
static void victim_teardown(struct ktest *test, struct victim *v)
{
	*v->hdr = v->saved;
	KTEST_EXPECT_GE(test, ksize(v->obj), (size_t)VICTIM_SIZE);
	kfree(v->after);
	kfree(v->obj);
	kfree(v->before);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * The forgery: the victim's block grown over the live block after it (a
 * later kfree() would hand that one out while it is in use), its magic
 * patched by the difference of the unkeyed formula (a secret xor-ed in
 * would cancel out; the keyed finalizer does not). Return: bad_input's
 * rise over a ksize() of the forged header.
 */
static unsigned long forge_and_ksize(struct ktest *test, struct victim *v)
{
	u32 sf = v->saved.size_flags;
	u32 forged =
		sf + (((struct bt_tag *)bt_block_of(v->after))->size_flags &
		      BT_SIZE_BITS);
	unsigned long before;

	v->hdr->magic ^= sf * BT_MAGIC_MIX ^ forged * BT_MAGIC_MIX;
	v->hdr->size_flags = forged;
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now().bad_input;
	ksize(v->obj);
	return kmalloc_stats_now().bad_input - before;
}

/* CONFIG_KMALLOC_HEADER_CHECKSUM: the forged header is refused. */
static void forged_header_refused(struct ktest *test)
{
	struct victim v;

	if (!IS_ENABLED(CONFIG_KMALLOC_HEADER_CHECKSUM))
		ktest_skip(test, "CONFIG_KMALLOC_HEADER_CHECKSUM is off: "
				 "a forged header is believed");
	victim_setup(test, &v);
	KTEST_EXPECT_EQ(test, forge_and_ksize(test, &v), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, "corrupted header");
	victim_teardown(test, &v);
}

/* Without the option the forged header passes: nothing is reported. */
static void forged_header_believed(struct ktest *test)
{
	struct victim v;

	if (IS_ENABLED(CONFIG_KMALLOC_HEADER_CHECKSUM))
		ktest_skip(test, "CONFIG_KMALLOC_HEADER_CHECKSUM refuses it");
	victim_setup(test, &v);
	KTEST_EXPECT_EQ(test, forge_and_ksize(test, &v), 0);
	victim_teardown(test, &v);
}

/*
 * An overflow of one byte from the object before into the victim's
 * header (the low byte of its size): reported by kfree(), with or without
 * the key, and the victim is not freed.
 */
static void one_byte_overflow_caught(struct ktest *test)
{
	struct victim v;

	victim_setup(test, &v);
	*(u8 *)&v.hdr->size_flags ^= 0x10;
	expect_free_refused(test, v.obj, "corrupted header");
	victim_teardown(test, &v);
}

static struct ktest_case bt_checksum_cases[] = {
	KTEST_CASE(forged_header_refused),
	KTEST_CASE(forged_header_believed),
	KTEST_CASE(one_byte_overflow_caught),
	{}
};

static struct ktest_suite bt_checksum_suite = {
	.name = "bt_checksum",
	.cases = bt_checksum_cases,
	/* The victims must be the backend's blocks, not KFENCE's. */
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(bt_checksum_suite);
