// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "slob_hardening": the attacks on SLOB's metadata
 * (mm/slob.c), with and without CONFIG_KMALLOC_HEADER_CHECKSUM and
 * CONFIG_SLAB_FREELIST_HARDENED (Documentation/mm/hardening.rst).
 *
 * Headers. The unit before every SLOB object holds { size, check }: the
 * check word is a constant xor the size xor the header's address.
 * Unkeyed, an attacker who read one header (or knows the constant from
 * the source) forges the header of any other size by xor-ing the
 * difference of the sizes into the check word, so an overflow from the
 * object before can grow the victim over its live neighbour and the heap
 * believes it. Keyed with the per-boot secret through a non-linear
 * finalizer (Scudo's chunk header checksum), the forged header fails, is
 * reported and refused. A one-byte overflow into a header is caught
 * either way. The victim is observed through ksize(), which checks the
 * header as kfree() does but changes nothing; the header is put back
 * before the objects are freed.
 *
 * Free links. A free block's first unit holds { units, next }, next the
 * unit offset of the page's next free block. Plain, an overwritten link
 * is followed by the next walk of the page's list (an allocation, a free
 * that merges), so the attacker's memory joins the free list; encoded
 * with the secret and checked (after the block, inside the page), it is
 * reported and the list ends there.
 *
 * Each case works on four objects of VICTIM_SIZE bytes that follow each
 * other in a page; the victim is the second.
 */
#include "hardening_test.h"
#include "kfence_pause_test.h"

/* Not a power of two: no alignment gap between the objects. */
#define VICTIM_SIZE 48
/* A header unit and the object: where the next object starts. */
#define VICTIM_STEP (8 + VICTIM_SIZE)
/* Allocations searched for four objects in a row. */
#define NR_OBJS 16

/* The header unit before an object: { size, check }. */
struct unit_header {
	u32 size;
	u32 check;
};

struct victim {
	char *objs[NR_OBJS]; /* NULL once a case freed it */
	char **row; /* four in a row among them */
	char *obj; /* row[1], between two live objects */
	struct unit_header *hdr, saved; /* hdr: NULL once obj is freed */
};

static void victim_setup(struct ktest *test, struct victim *v)
{
	unsigned int i, run = 1;

	v->obj = NULL;
	for (i = 0; i < NR_OBJS; i++) {
		v->objs[i] = kzalloc(VICTIM_SIZE, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, v->objs[i]);
	}
	for (i = 1; i < NR_OBJS && run < 4; i++)
		run = v->objs[i] == v->objs[i - 1] + VICTIM_STEP ? run + 1 : 1;
	if (run < 4) {
		for (i = 0; i < NR_OBJS; i++)
			kfree(v->objs[i]);
		ktest_skip(test, "no four of %u objects lie in a row", NR_OBJS);
	}
	v->row = &v->objs[i - 4];
	v->obj = v->row[1];
	v->hdr = (struct unit_header *)v->obj - 1;
	v->saved = *v->hdr;
	KTEST_ASSERT_EQ(test, v->saved.size, VICTIM_SIZE);
}

/* Put the header back, free everything: the heap must be whole. */
static void victim_teardown(struct ktest *test, struct victim *v)
{
	if (v->hdr) {
		*v->hdr = v->saved;
		KTEST_EXPECT_EQ(test, ksize(v->obj), (size_t)VICTIM_SIZE);
	}
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

/* The unit offset of @p in its page: what a SLOB free link holds. */
static u32 unit_of(const void *p)
{
	return ((unsigned long)p & ~PAGE_MASK) / 8;
}

/* A free block's first unit, as mm/slob.c lays it out. */
struct free_unit {
	u32 units;
	u32 next; /* the link: a unit offset in the page, encoded or not */
};

/*
 * The free-pointer attack, first half: free the victim (row[1]), whose
 * header unit becomes a free block between two live objects. Return:
 * that block, whose link an overflow of 4 bytes from row[0] reaches.
 */
static struct free_unit *free_victim(struct victim *v)
{
	kfree(v->obj);
	v->row[1] = NULL;
	v->hdr = NULL;
	return (struct free_unit *)v->obj - 1;
}

/*
 * Second half, once the link is overwritten: free row[2], which walks
 * its page's free list to the victim's block and follows the link.
 */
static void free_next_object(struct victim *v)
{
	kfree(v->row[2]);
	v->row[2] = NULL;
}

/*
 * CONFIG_SLAB_FREELIST_HARDENED: the link overwritten with the plain unit
 * of row[3], a live object, decodes to no unit after the block, is
 * reported, and the list ends there; no allocation returns row[3].
 */
static void forged_link_refused(struct ktest *test)
{
	struct kmalloc_stats before;
	struct free_unit *f;
	char *target, *objs[16];
	struct victim v;

	require_freeptr_hardened(test);
	victim_setup(test, &v);
	target = v.row[3];
	f = free_victim(&v);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	f->next = unit_of(target);
	free_next_object(&v);
	expect_one_forged_report(test, f, &before);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmalloc(VICTIM_SIZE, GFP_KERNEL);
		KTEST_EXPECT_NOT_NULL(test, objs[i]);
		KTEST_EXPECT_TRUE(test,
				  objs[i] + VICTIM_SIZE <= target - 8 ||
					  objs[i] >= target + VICTIM_SIZE);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		kfree(objs[i]);
	victim_teardown(test, &v);
}

/*
 * Without the option the free follows the forged link: row[3], dressed
 * by the attacker as a free block of one unit that links where the
 * victim's block linked, is now on the page's free list (the merged
 * block links to it), for a later allocation to hand out while it is
 * live. Nothing is reported; kmalloc_validate() finds the page's list
 * holding a unit more than the page has free. The case takes it off the
 * list again.
 */
static void forged_link_followed(struct ktest *test)
{
	unsigned long bad = kmalloc_stats_now().bad_input;
	struct free_unit *f, *fake;
	struct victim v;

	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_HARDENED is on: the forged link is refused (forged_link_refused)");
	victim_setup(test, &v);
	fake = (struct free_unit *)v.row[3];
	f = free_victim(&v);
	fake->units = 1;
	fake->next = f->next;
	f->next = unit_of(fake);
	free_next_object(&v);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad);
	/* The free walked through the victim's block and merged into it... */
	KTEST_EXPECT_EQ(test, f->units, 2 * VICTIM_STEP / 8);
	/*
	 * ...and kept the forged link: the heap's own walk of the page's
	 * list counts the fake unit as free, one more than the page freed
	 * (a cut list, as with the option, would count right).
	 */
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, "free units listed");
	f->next = fake->next; /* undo: the attacker's object leaves the list */
	victim_teardown(test, &v);
}

static struct ktest_case slob_hardening_cases[] = {
	KTEST_CASE(forged_header_refused),
	KTEST_CASE(forged_header_believed),
	KTEST_CASE(one_byte_overflow_caught),
	KTEST_CASE(forged_link_refused),
	KTEST_CASE(forged_link_followed),
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
