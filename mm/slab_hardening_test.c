// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "slab_hardening": the attacks on buddy+slab's free lists,
 * played inside the kernel, and what each hardening option changes
 * (Documentation/mm/hardening.rst). A case that shows a defence working
 * skips when its option is off; a case that shows the weakness the option
 * removes skips when the option is on. Together they say what the option
 * buys.
 *
 * The victim is a kmem_cache of its own (never merged), so its current
 * slab is known: the last freed object is the head of its free list, and
 * the word at offset 0 of a free object is its link.
 */
#include "hardening_test.h"
#include <kmlab/freeptr.h>
#include <kmlab/random.h>
#include "buddy.h"
#include "slab_cache.h"
#include "kfence_pause_test.h"

#define VICTIM_SIZE 64

/* Where the attacker wants kmalloc to return (never heap memory). */
static unsigned long attacker_target[VICTIM_SIZE / sizeof(unsigned long)];

static struct kmem_cache *victim_cache(struct ktest *test, unsigned int size)
{
	bool nomerge = slab_nomerge;
	struct kmem_cache *s;

	slab_nomerge = true;
	s = kmem_cache_create("slab_hardening_victim", size, 8, 0, NULL);
	slab_nomerge = nomerge;
	KTEST_ASSERT_NOT_NULL(test, s);
	return s;
}

/* A victim_cache() of @size in @s; return: its slab_cache. */
static struct slab_cache *victim_slab(struct ktest *test, unsigned int size,
				      struct kmem_cache **s)
{
	*s = victim_cache(test, size);
	return (*s)->priv;
}

/* Two objects of @s, allocated one after the other: @a, then @b. */
static void victim_pair(struct ktest *test, struct kmem_cache *s, void **a,
			void **b)
{
	*a = kmem_cache_alloc(s, GFP_KERNEL);
	*b = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, *a);
	KTEST_ASSERT_NOT_NULL(test, *b);
}

/*
 * Free @b (the head of the free list now), then overwrite its link as a
 * write after free or an overflow from its neighbour would: the plain
 * address of the attacker's buffer, the secret being unknown.
 */
static void forge_link(struct kmem_cache *s, void *b)
{
	memset(attacker_target, 0, sizeof(attacker_target));
	kmem_cache_free(s, b);
	*(unsigned long *)b = (unsigned long)attacker_target;
}

/*
 * CONFIG_SLAB_FREELIST_HARDENED: the forged link decodes to garbage, is
 * reported and not followed; the cache goes on serving valid objects.
 */
static void forged_free_pointer_refused(struct ktest *test)
{
	struct kmalloc_stats before;
	struct kmem_cache *s;
	void *a, *b, *x, *objs[64];

	require_freeptr_hardened(test);
	s = victim_cache(test, VICTIM_SIZE);
	victim_pair(test, s, &a, &b);
	/* The link a free object holds is not the plain pointer. */
	kmem_cache_free(s, b);
	kmem_cache_free(s, a);
	KTEST_EXPECT_PTR_NE(test, *(void **)a, b);
	KTEST_EXPECT_PTR_EQ(test, freeptr_load((void **)a), b);
	KTEST_ASSERT_PTR_EQ(test, kmem_cache_alloc(s, GFP_KERNEL), a);
	KTEST_ASSERT_PTR_EQ(test, kmem_cache_alloc(s, GFP_KERNEL), b);

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	forge_link(s, b);
	x = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, x, b);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_EXPECT_NOT_NULL(test, objs[i]);
		KTEST_EXPECT_PTR_NE(test, objs[i], (void *)attacker_target);
	}
	expect_one_forged_report(test, b, &before);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_free(s, x);
	kmem_cache_free(s, a);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(s);
}

/*
 * The same through kmalloc(), whose inline fast path (<kmlab/slab_def.h>)
 * checks the link too and reports through slab_kmalloc_forged().
 */
static void forged_kmalloc_pointer_refused(struct ktest *test)
{
	struct slab_cache *c = slab_kmalloc_cache(VICTIM_SIZE);
	struct kmalloc_stats before;
	void *a, *b, *x, *y;

	require_freeptr_hardened(test);
	a = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	b = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	kfree(b);
	if (c->cpu_slab->freelist != b) {
		kfree(a);
		ktest_skip(
			test,
			"the freed object is not the head of the current slab's free list (the slab was full)");
	}
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	*(unsigned long *)b = (unsigned long)attacker_target;
	x = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	y = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, x, b);
	KTEST_EXPECT_NOT_NULL(test, y);
	KTEST_EXPECT_PTR_NE(test, y, (void *)attacker_target);
	expect_one_forged_report(test, b, &before);
	kfree(y);
	kfree(x);
	kfree(a);
}

/*
 * Without the option the same attack works: the second allocation after
 * the overwrite returns the attacker's buffer. The test then undoes what
 * it did to the cache: the buffer's first word (0) ended the free list,
 * and the cache counted the buffer as allocated.
 */
static void forged_free_pointer_followed(struct ktest *test)
{
	struct slab_cache *c;
	struct kmem_cache *s;
	void *a, *b, *x, *y;

	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_HARDENED is on: the forged pointer is refused (forged_free_pointer_refused)");
	c = victim_slab(test, VICTIM_SIZE, &s);
	victim_pair(test, s, &a, &b);
	forge_link(s, b);
	x = kmem_cache_alloc(s, GFP_KERNEL);
	y = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, x, b);
	KTEST_EXPECT_PTR_EQ(test, y, (void *)attacker_target);
	/* Undo: the buffer was never the cache's to hand out. */
	if (y == (void *)attacker_target) {
		c->nr_frees++;
		c->cpu_slab->inuse--;
	}
	kmem_cache_free(s, x);
	kmem_cache_free(s, a);
	kmem_cache_destroy(s);
}

#define ORDER_SIZE 512 /* 8 or 16 objects per slab without redzones */
#define ORDER_BINS 8
#define ORDER_BOOTS 800

/*
 * The largest object size up to ORDER_SIZE whose slab holds 8 or 16
 * objects: the chi-square below needs a multiple of ORDER_BINS, and
 * CONFIG_KMALLOC_REDZONE's padding makes ORDER_SIZE objects 7 to a slab.
 */
static unsigned int order_size(struct ktest *test)
{
	for (unsigned int size = ORDER_SIZE; size >= 64; size -= 8) {
		struct kmem_cache *s = victim_cache(test, size);
		unsigned int n = ((struct slab_cache *)s->priv)->objects;

		kmem_cache_destroy(s);
		if (n % ORDER_BINS == 0 && n <= 16)
			return size;
	}
	KTEST_ASSERT_FAILURE(
		test, "no size up to %u fills a slab with 8 or 16 objects",
		ORDER_SIZE);
	return 0;
}

/* The index of @obj in its slab. */
static unsigned int object_index(const struct slab_cache *c, const void *obj)
{
	struct page *page = compound_head(virt_to_page(obj));

	return ((const char *)obj - (const char *)page_address(page)) / c->size;
}

/*
 * CONFIG_SLAB_FREELIST_RANDOM: which object a new slab hands out first,
 * over ORDER_BOOTS boots (the generator reseeded with 1, 2, ... as each
 * boot's random source would), must be uniform over the slab. Pearson's
 * chi-square over the index modulo 8 (7 degrees of freedom, 100 expected
 * per bin) must stay below 55.87, which a uniform order exceeds with
 * probability 10^-9: the false-failure rate of this test. Address order
 * scores 5600. The first boot's slab must also hand out every object once,
 * and the second object must not follow the first in memory in more than
 * half of the boots (a random order puts it there in about 1 / (n - 1) of
 * them, 114 of 800 for n = 8: 400 is 28 standard deviations away; a
 * random start in address order always does).
 *
 * Marked slow, with a 60 s timeout: ORDER_BOOTS caches are created and
 * destroyed, and with CONFIG_KMALLOC_CHECK_EVERY_OP every call walks the
 * whole heap, which took 8.7 s of guest time at 128 MiB (randconfig seed
 * 0x2617, buddy+slab), near ktest's default 10 s.
 */
static void object_order_uniform(struct ktest *test)
{
	unsigned int count[ORDER_BINS] = { 0 }, chi2_x100 = 0, adjacent = 0;
	struct kmem_cache *s;
	struct slab_cache *c;
	unsigned int size;

	if (!IS_ENABLED(CONFIG_SLAB_FREELIST_RANDOM))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_RANDOM is off: a new slab hands out its objects in address order (object_order_predictable)");
	size = order_size(test);
	for (unsigned int boot = 1; boot <= ORDER_BOOTS; boot++) {
		void *obj, *next;

		slab_freelist_random_seed(boot);
		c = victim_slab(test, size, &s);
		KTEST_ASSERT_EQ(test, c->objects % ORDER_BINS, 0);
		obj = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, obj);
		count[object_index(c, obj) % ORDER_BINS]++;
		next = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, next);
		if (object_index(c, next) ==
		    (object_index(c, obj) + 1) % c->objects)
			adjacent++;
		if (boot == 1) {
			unsigned long seen = 1UL << object_index(c, obj);
			void *more[16];

			KTEST_ASSERT_LE(test, c->objects, ARRAY_SIZE(more) + 1);
			seen |= 1UL << object_index(c, next);
			more[0] = next;
			for (unsigned int i = 1; i + 1 < c->objects; i++) {
				more[i] = kmem_cache_alloc(s, GFP_KERNEL);
				KTEST_ASSERT_NOT_NULL(test, more[i]);
				seen |= 1UL << object_index(c, more[i]);
			}
			KTEST_EXPECT_EQ(test, seen, (1UL << c->objects) - 1);
			KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
			for (unsigned int i = 1; i + 1 < c->objects; i++)
				kmem_cache_free(s, more[i]);
		}
		kmem_cache_free(s, next);
		kmem_cache_free(s, obj);
		kmem_cache_destroy(s);
	}
	slab_freelist_random_seed(get_random_u64());
	for (unsigned int i = 0; i < ORDER_BINS; i++) {
		int d = (int)count[i] - ORDER_BOOTS / ORDER_BINS;

		chi2_x100 += d * d;
	}
	/* sum (o - e)^2 / e with e = 100: the sum of squares is chi2 * 100 */
	KTEST_EXPECT_LE(test, adjacent, ORDER_BOOTS / 2);
	KTEST_EXPECT_LT_MSG(test, chi2_x100, 5587,
			    "chi-square %u.%02u over 8 bins", chi2_x100 / 100,
			    chi2_x100 % 100);
}

/* Without the option a new slab's objects come in address order. */
static void object_order_predictable(struct ktest *test)
{
	struct kmem_cache *s;
	struct slab_cache *c;
	void *obj[4];

	if (IS_ENABLED(CONFIG_SLAB_FREELIST_RANDOM))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_RANDOM is on: the order is random (object_order_uniform)");
	c = victim_slab(test, ORDER_SIZE, &s);
	for (unsigned int i = 0; i < ARRAY_SIZE(obj); i++) {
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, obj[i]);
	}
	KTEST_EXPECT_EQ(test, object_index(c, obj[0]), 0);
	for (unsigned int i = 1; i < ARRAY_SIZE(obj); i++)
		KTEST_EXPECT_PTR_EQ(test, obj[i], (char *)obj[i - 1] + c->size);
	for (unsigned int i = 0; i < ARRAY_SIZE(obj); i++)
		kmem_cache_free(s, obj[i]);
	kmem_cache_destroy(s);
}

static struct ktest_case slab_hardening_cases[] = {
	KTEST_CASE(forged_free_pointer_refused),
	KTEST_CASE(forged_kmalloc_pointer_refused),
	KTEST_CASE(forged_free_pointer_followed),
	KTEST_CASE_TIMEOUT_ATTR(object_order_uniform, 60,
				{ .speed = KTEST_SPEED_SLOW }),
	KTEST_CASE(object_order_predictable),
	{}
};

static struct ktest_suite slab_hardening_suite = {
	.name = "slab_hardening",
	.cases = slab_hardening_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(slab_hardening_suite);
