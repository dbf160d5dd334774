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
 *
 * Equal choices (CONFIG_SLAB_FREELIST_RANDOM). SLOB_RANDOM_FIT pages,
 * each full of the suite's objects but for one hole of one object's
 * size, are the first pages of that size's class: an allocation of the
 * size may take any of them. Plain, it takes the first (the page whose
 * hole was made or given back last); with the option, one of them at
 * random.
 */
#include "hardening_test.h"
#include "kfence_pause_test.h"
#include "slob.h"

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

/* Equal choices: FIT_SIZE-byte objects (a header unit and 5 units). */
#define FIT_SIZE 40
#define FIT_UNITS (FIT_SIZE / SLOB_UNIT + 1)
/* Objects a page holds (and 2 units left over, too few for another). */
#define FIT_PER_PAGE (SLOB_PAGE_UNITS / FIT_UNITS)
/* Allocated to find SLOB_RANDOM_FIT pages full of them. */
#define FIT_OBJS (FIT_PER_PAGE * (SLOB_RANDOM_FIT + 2))
/* The hole made in each page: this object's place. */
#define FIT_HOLE (10 * FIT_UNITS * SLOB_UNIT + SLOB_UNIT)
#define FIT_TRIALS 800
/*
 * Pearson's chi-square over SLOB_RANDOM_FIT bins (3 degrees of freedom)
 * is above 44.84 with probability 10^-9 when the choice is uniform: the
 * test's false-failure rate. Taking the first page scores 2400.
 */
#define FIT_CHI2_LIMIT_X100 CHI2_3DOF_LIMIT_X100

struct fit_pages {
	char **objs; /* FIT_OBJS objects, NULL once freed */
	char *page[SLOB_RANDOM_FIT]; /* in class list order, first first */
};

/* Is @p in the page that starts at @base? */
static bool in_page(const char *p, const char *base)
{
	return p && p >= base && p < base + PAGE_SIZE;
}

/*
 * Allocate FIT_OBJS objects of FIT_SIZE bytes (taking the first page of
 * a class, so that pages fill one after the other), pick
 * SLOB_RANDOM_FIT pages that hold FIT_PER_PAGE of them and free the
 * object at FIT_HOLE in each, the last page first: each page's largest
 * free block is then one object, and the pages are the first of their
 * class, in the order of @fp->page.
 */
static void fit_pages_setup(struct ktest *test, struct fit_pages *fp)
{
	unsigned int found = 0;

	fp->objs = kcalloc(FIT_OBJS, sizeof(*fp->objs), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, fp->objs);
	for (unsigned int i = 0; i < FIT_OBJS; i++) {
		fp->objs[i] = kmalloc(FIT_SIZE, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, fp->objs[i]);
	}
	for (unsigned int i = 0; i < FIT_OBJS && found < SLOB_RANDOM_FIT; i++) {
		char *base = (char *)((unsigned long)fp->objs[i] & PAGE_MASK);
		unsigned int n = 0;

		if (fp->objs[i] != base + SLOB_UNIT)
			continue; /* each page once: at its first object */
		for (unsigned int j = 0; j < FIT_OBJS; j++)
			n += in_page(fp->objs[j], base);
		if (n == FIT_PER_PAGE)
			fp->page[found++] = base;
	}
	KTEST_ASSERT_EQ(test, found, SLOB_RANDOM_FIT);
	for (int k = SLOB_RANDOM_FIT - 1; k >= 0; k--) {
		for (unsigned int j = 0; j < FIT_OBJS; j++) {
			if (fp->objs[j] == fp->page[k] + FIT_HOLE) {
				kfree(fp->objs[j]);
				fp->objs[j] = NULL;
			}
		}
	}
}

static void fit_pages_teardown(struct ktest *test, struct fit_pages *fp)
{
	for (unsigned int i = 0; i < FIT_OBJS; i++)
		kfree(fp->objs[i]);
	kfree(fp->objs);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * @trials allocations of FIT_SIZE bytes with slob.random_fit set to @on,
 * each given back at once (its page then goes first in its class).
 * Return: Pearson's chi-square of the list positions of the pages taken
 * against a uniform choice, times 100; the case fails if an allocation
 * did not take a hole.
 */
static int fit_chi2_x100(struct ktest *test, bool on, unsigned int trials)
{
	unsigned int count[SLOB_RANDOM_FIT] = { 0 }, other = 0;
	bool was = slob_random_fit_set(false);
	struct fit_pages fp;

	fit_pages_setup(test, &fp);
	slob_random_fit_set(on);
	for (unsigned int t = 0; t < trials; t++) {
		char *x = kmalloc(FIT_SIZE, GFP_KERNEL);
		int pos = -1;

		for (int k = 0; k < SLOB_RANDOM_FIT; k++)
			if (x == fp.page[k] + FIT_HOLE)
				pos = k;
		kfree(x);
		if (pos < 0) {
			other++;
			continue;
		}
		count[pos]++;
		/* Given back, its page is the first of the class again. */
		for (x = fp.page[pos]; pos > 0; pos--)
			fp.page[pos] = fp.page[pos - 1];
		fp.page[0] = x;
	}
	slob_random_fit_set(was);
	KTEST_EXPECT_EQ(test, other, 0);
	fit_pages_teardown(test, &fp);
	return chi2_uniform_x100(count, SLOB_RANDOM_FIT, trials);
}

/*
 * CONFIG_SLAB_FREELIST_RANDOM with slob.random_fit=1: over FIT_TRIALS
 * allocations the position of the page taken is uniform (chi-square
 * below FIT_CHI2_LIMIT_X100).
 */
static void page_choice_uniform(struct ktest *test)
{
	if (!IS_ENABLED(CONFIG_SLAB_FREELIST_RANDOM))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_RANDOM is off: the class's first page is taken (page_choice_predictable)");
	KTEST_EXPECT_LT(test, fit_chi2_x100(test, true, FIT_TRIALS),
			FIT_CHI2_LIMIT_X100);
}

/*
 * slob.random_fit=0 (or the option off): the class's first page, each of
 * 16 times, whose chi-square, 48 (all 16 in the first of four bins of 4
 * expected: (12^2 + 3 * 4^2) / 4), is above the limit.
 */
static void page_choice_predictable(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, fit_chi2_x100(test, false, 16), 4800);
}

static struct ktest_case slob_hardening_cases[] = {
	KTEST_CASE(forged_header_refused),
	KTEST_CASE(forged_header_believed),
	KTEST_CASE(one_byte_overflow_caught),
	KTEST_CASE(forged_link_refused),
	KTEST_CASE(forged_link_followed),
	KTEST_CASE(page_choice_uniform),
	KTEST_CASE(page_choice_predictable),
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
