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
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/string.h>
#include <kmlab/freeptr.h>
#include "internal.h"
#include "slab_cache.h"

#define VICTIM_SIZE 64

/* Where the attacker wants kmalloc to return (never heap memory). */
static unsigned long attacker_target[VICTIM_SIZE / sizeof(unsigned long)];

static struct kmem_cache *victim_cache(struct ktest *test)
{
	bool nomerge = slab_nomerge;
	struct kmem_cache *s;

	slab_nomerge = true;
	s = kmem_cache_create("slab_hardening_victim", VICTIM_SIZE, 8, 0, NULL);
	slab_nomerge = nomerge;
	KTEST_ASSERT_NOT_NULL(test, s);
	return s;
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
	char want[80];

	if (!IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_HARDENED is off: a forged free pointer is followed (forged_free_pointer_followed)");
	s = victim_cache(test);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
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
	snprintf(want, sizeof(want),
		 "kmalloc: free pointer corrupted of 0x%08lx",
		 (unsigned long)b);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_free(s, x);
	kmem_cache_free(s, a);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(s);
}

/*
 * The same through kmalloc(), whose inline fast path (<kmlab/slab_def.h>)
 * checks the link too and leaves the report to the out-of-line path.
 */
static void forged_kmalloc_pointer_refused(struct ktest *test)
{
	struct slab_cache *c = slab_kmalloc_cache(VICTIM_SIZE);
	struct kmalloc_stats before;
	void *a, *b, *x, *y;

	if (!IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_HARDENED is off: a forged free pointer is followed (forged_free_pointer_followed)");
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
	before = kmalloc_stats_now();
	*(unsigned long *)b = (unsigned long)attacker_target;
	x = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	y = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, x, b);
	KTEST_EXPECT_NOT_NULL(test, y);
	KTEST_EXPECT_PTR_NE(test, y, (void *)attacker_target);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
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
	s = victim_cache(test);
	c = s->priv;
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
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

static struct ktest_case slab_hardening_cases[] = {
	KTEST_CASE(forged_free_pointer_refused),
	KTEST_CASE(forged_kmalloc_pointer_refused),
	KTEST_CASE(forged_free_pointer_followed),
	{}
};

static struct ktest_suite slab_hardening_suite = {
	.name = "slab_hardening",
	.cases = slab_hardening_cases,
};
KTEST_SUITE(slab_hardening_suite);
