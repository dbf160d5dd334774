// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "init_on": init_on_alloc= and init_on_free= on every backend
 * (Documentation/mm/hardening.rst), played as the attacks they stop.
 *
 * A victim fills an object with a secret and frees it. Without
 * init_on_alloc the next owner of the same memory reads the secret; with
 * it the new object is zero. Without init_on_free the secret stays in the
 * freed memory, for a dangling pointer or an uninitialized read to find;
 * with it nothing of it is left. The parameters are plain booleans read on
 * every operation, so each case sets them for itself (the suite puts back
 * what the command line chose): both sides run in every boot, and a boot
 * with init_on_alloc=1 init_on_free=1 runs every other suite under them.
 *
 * The secret is the byte 0xa5 everywhere; "nothing left" is checked per
 * aligned 32-bit word, so a backend's link or header that happens to hold
 * a byte 0xa5 does not count: a free pointer encoded with a random secret
 * (CONFIG_SLAB_FREELIST_HARDENED) equals 0xa5a5a5a5 with probability
 * 2^-32 per word, the false-failure rate of those cases.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/init_on.h>
#include <kmlab/string.h>
#include <kmlab/poison.h>
#include "internal.h"
#include "kfence_pause_test.h"

#define SECRET 0xa5
#define SECRET_WORD 0xa5a5a5a5u

/* A small, a medium and a large (page-backed on buddy+slab) object. */
static const size_t sizes[] = { 24, 200, 3000 };

/*
 * The cases that show the secret surviving skip the small size: a free
 * block of first-fit holds its tree node in all of 24 bytes.
 */
#define SURVIVES_MIN_SIZE 128

static bool saved_alloc, saved_free;

static int init_on_case_init(struct ktest *test)
{
	saved_alloc = init_on_alloc;
	saved_free = init_on_free;
	return 0;
}

static void init_on_case_exit(struct ktest *test)
{
	init_on_alloc = saved_alloc;
	init_on_free = saved_free;
}

/* Does init_on_free=1 zero anything in this kernel? */
static bool init_on_free_works(void)
{
	return IS_ENABLED(CONFIG_INIT_ON_ALLOC_FREE) &&
	       !IS_ENABLED(CONFIG_KMALLOC_POISON);
}

/*
 * The parameters for the case; a case that asks for one this kernel
 * compiles away skips with the reason.
 */
static void set_init_on(struct ktest *test, bool alloc, bool free)
{
	if ((alloc || free) && !IS_ENABLED(CONFIG_INIT_ON_ALLOC_FREE))
		ktest_skip(test, "CONFIG_INIT_ON_ALLOC_FREE is not set");
	if (free && !init_on_free_works())
		ktest_skip(
			test,
			"CONFIG_KMALLOC_POISON takes precedence over init_on_free");
	init_on_alloc = alloc;
	init_on_free = free;
}

/* Aligned 32-bit words of [@p, @p + @bytes) that still hold the secret. */
static unsigned int secret_words(const void *p, size_t bytes)
{
	const volatile u32 *w = p;
	unsigned int n = 0;

	for (size_t i = 0; i < bytes / sizeof(u32); i++)
		n += w[i] == SECRET_WORD;
	return n;
}

/*
 * The victim's object of @size, filled with the secret and freed; then
 * the attacker's kmalloc() of the same size, without __GFP_ZERO. Return:
 * the attacker's object, which is the victim's memory (the case skips
 * when the backend hands out other memory: bump never reuses, a
 * quarantine delays reuse).
 */
static void *reclaim(struct ktest *test, size_t size)
{
	void *victim, *attacker;

	victim = kmalloc(size, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, victim);
	memset(victim, SECRET, size);
	kfree(victim);
	attacker = kmalloc(size, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, attacker);
	if (attacker != victim) {
		kfree(attacker);
		ktest_skip(test,
			   "%s did not hand the freed object of %zu bytes back",
			   backend_info.name, size);
	}
	return attacker;
}

/* init_on_alloc=1: the next owner of freed memory reads zeros. */
static void alloc_reads_no_secret(struct ktest *test)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		char *p;

		set_init_on(test, true, false);
		p = reclaim(test, sizes[i]);
		KTEST_EXPECT_NULL_MSG(test, memchr_inv(p, 0, sizes[i]),
				      "%zu bytes zeroed", sizes[i]);
		kfree(p);
	}
}

/* init_on_alloc=0: the next owner reads the previous owner's secret. */
static void alloc_reads_secret_without_init(struct ktest *test)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		ktest_skip(test,
			   "CONFIG_KMALLOC_POISON overwrites freed memory");
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		char *p;

		if (sizes[i] < SURVIVES_MIN_SIZE)
			continue;
		set_init_on(test, false, false);
		p = reclaim(test, sizes[i]);
		/* Links and tags the backend wrote take a few words. */
		KTEST_EXPECT_GE_MSG(test, secret_words(p, sizes[i]),
				    sizes[i] / sizeof(u32) / 2,
				    "secret words left in %zu bytes", sizes[i]);
		kfree(p);
	}
}

/* init_on_free=1: nothing of the secret is left in the freed memory. */
static void free_leaves_no_secret(struct ktest *test)
{
	set_init_on(test, false, true);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		char *p = kmalloc(sizes[i], GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, p);
		memset(p, SECRET, sizes[i]);
		kfree(p);
		KTEST_EXPECT_EQ_MSG(test, secret_words(p, sizes[i]), 0,
				    "secret words left in %zu freed bytes",
				    sizes[i]);
	}
}

/* init_on_free=0: a dangling pointer still reads the secret. */
static void free_leaves_secret_without_init(struct ktest *test)
{
	if (IS_ENABLED(CONFIG_KMALLOC_POISON))
		ktest_skip(test,
			   "CONFIG_KMALLOC_POISON overwrites freed memory");
	set_init_on(test, false, false);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		char *p;

		if (sizes[i] < SURVIVES_MIN_SIZE)
			continue;
		p = kmalloc(sizes[i], GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p);
		memset(p, SECRET, sizes[i]);
		kfree(p);
		KTEST_EXPECT_GE_MSG(test, secret_words(p, sizes[i]),
				    sizes[i] / sizeof(u32) / 2,
				    "secret words left in %zu freed bytes",
				    sizes[i]);
	}
}

static unsigned int ctor_calls;

static void pattern_ctor(void *p)
{
	ctor_calls++;
	memset(p, 0x3c, 100);
}

/*
 * kmem_cache objects: zeroed on allocation and on free; a cache with a
 * constructor keeps its objects' constructed state, as in Linux.
 */
static void cache_objects(struct ktest *test)
{
	struct kmem_cache *plain, *ctor;
	unsigned char *p, *q;

	/* Before the caches exist: a skip later would leak them. */
	set_init_on(test, true, false);
	plain = kmem_cache_create("init_on_plain", 100, 0, 0, NULL);
	ctor = kmem_cache_create("init_on_ctor", 100, 0, 0, pattern_ctor);
	KTEST_ASSERT_NOT_NULL(test, plain);
	KTEST_ASSERT_NOT_NULL(test, ctor);

	if (init_on_free_works()) {
		set_init_on(test, false, true);
		p = kmem_cache_alloc(plain, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p);
		memset(p, SECRET, 100);
		kmem_cache_free(plain, p);
		KTEST_EXPECT_EQ(test, secret_words(p, 100), 0);
	}

	set_init_on(test, true, false);
	p = kmem_cache_alloc(plain, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	memset(p, SECRET, 100);
	kmem_cache_free(plain, p);
	q = kmem_cache_alloc(plain, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, q);
	KTEST_EXPECT_NULL(test, memchr_inv(q, 0, 100));
	kmem_cache_free(plain, q);

	set_init_on(test, true, init_on_free_works());
	ctor_calls = 0;
	p = kmem_cache_alloc(ctor, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_GE(test, ctor_calls, 1);
	KTEST_EXPECT_NULL(test, memchr_inv(p, 0x3c, 100));
	kmem_cache_free(ctor, p);
	p = kmem_cache_alloc(ctor, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_NULL(test, memchr_inv(p, 0x3c, 100));
	kmem_cache_free(ctor, p);

	kmem_cache_destroy(plain);
	kmem_cache_destroy(ctor);
}

/* alloc_pages() blocks, the order-0 fast path included. */
static void page_blocks(struct ktest *test)
{
	for (unsigned int order = 0; order < 2; order++) {
		size_t bytes = PAGE_SIZE << order;
		unsigned long a, b;

		if (init_on_free_works()) {
			set_init_on(test, false, true);
			a = __get_free_pages(GFP_KERNEL, order);
			KTEST_ASSERT_NE(test, a, 0);
			memset((void *)a, SECRET, bytes);
			free_pages(a, order);
			KTEST_EXPECT_EQ_MSG(test,
					    secret_words((void *)a, bytes), 0,
					    "order %u freed", order);
		}

		set_init_on(test, true, false);
		a = __get_free_pages(GFP_KERNEL, order);
		KTEST_ASSERT_NE(test, a, 0);
		memset((void *)a, SECRET, bytes);
		free_pages(a, order);
		b = __get_free_pages(GFP_KERNEL, order);
		KTEST_ASSERT_NE(test, b, 0);
		KTEST_EXPECT_NULL_MSG(test, memchr_inv((void *)b, 0, bytes),
				      "order %u allocated", order);
		free_pages(b, order);
	}
}

/*
 * init_on_free=1 and bad frees: the object or block the bad pointer
 * points into keeps its contents, a double free leaves the heap whole.
 */
static void bad_free_writes_nothing(struct ktest *test)
{
	struct kmalloc_stats before;
	unsigned char *p;
	unsigned long a;

	set_init_on(test, false, true);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	if (backend_info.detects & KMALLOC_DETECTS_INTERIOR) {
		p = kmalloc(256, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p);
		memset(p, SECRET, 256);
		before = kmalloc_stats_now();
		kfree(p + 64);
		KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
				before.bad_input + 1);
		KTEST_EXPECT_NULL(test, memchr_inv(p, SECRET, 256));
		kfree(p);
	}
	if (backend_info.detects & KMALLOC_DETECTS_DOUBLE_FREE) {
		p = kmalloc(256, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p);
		kfree(p);
		before = kmalloc_stats_now();
		kfree(p);
		KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
				before.bad_input + 1);
	}
	a = __get_free_pages(GFP_KERNEL, 1);
	KTEST_ASSERT_NE(test, a, 0);
	memset((void *)a, SECRET, 2 * PAGE_SIZE);
	before = kmalloc_stats_now();
	free_pages(a, 0); /* the wrong order */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	KTEST_EXPECT_NULL(test, memchr_inv((void *)a, SECRET, 2 * PAGE_SIZE));
	free_pages(a, 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Two objects of @size bytes in *@a and *@b, or the case fails. */
static void kmalloc_two(struct ktest *test, size_t size, unsigned char **a,
			unsigned char **b)
{
	*a = kmalloc(size, GFP_KERNEL);
	*b = kmalloc(size, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, *a);
	KTEST_ASSERT_NOT_NULL(test, *b);
}

/*
 * init_on_free=1 under CONFIG_KMALLOC_POISON: poisoning wins, as in
 * Linux. A freed object holds the poison, not zeros, and a double free is
 * still caught by it: zeroing it would wipe the poison and the free
 * pointer the backend checks, and the free list would loop.
 */
static void poison_wins(struct ktest *test)
{
	const size_t size = 200; /* an object every backend poisons */
	struct kmalloc_stats before;
	unsigned char *p, *q, *a, *b;

	if (!IS_ENABLED(CONFIG_KMALLOC_POISON) ||
	    !IS_ENABLED(CONFIG_INIT_ON_ALLOC_FREE))
		ktest_skip(test, "needs CONFIG_KMALLOC_POISON and "
				 "CONFIG_INIT_ON_ALLOC_FREE");
	init_on_free = true;
	kmalloc_two(test, size, &p, &q);
	memset(p, SECRET, size);
	kfree(p);
	kfree(q); /* @p is no longer the first free object */
	/* The backend's links take the first words: look past them. */
	KTEST_EXPECT_NULL(test,
			  memchr_inv(p + size / 2, POISON_FREE, size / 4));
	if (backend_info.detects & KMALLOC_DETECTS_DOUBLE_FREE) {
		KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
		before = kmalloc_stats_now();
		kfree(p);
		KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
				before.bad_input + 1);
	}
	kmalloc_two(test, size, &a, &b);
	KTEST_EXPECT_PTR_NE(test, a, b);
	kfree(a);
	kfree(b);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case init_on_cases[] = {
	KTEST_CASE(alloc_reads_no_secret),
	KTEST_CASE(alloc_reads_secret_without_init),
	KTEST_CASE(free_leaves_no_secret),
	KTEST_CASE(free_leaves_secret_without_init),
	KTEST_CASE(cache_objects),
	KTEST_CASE(page_blocks),
	KTEST_CASE(bad_free_writes_nothing),
	KTEST_CASE(poison_wins),
	{}
};

static struct ktest_suite init_on_suite = {
	.name = "init_on",
	.cases = init_on_cases,
	.init = init_on_case_init,
	.exit = init_on_case_exit,
	/* Its cases want the backend's objects, not KFENCE's. */
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(init_on_suite);
