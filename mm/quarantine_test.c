// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "quarantine": the use-after-free reclaim attack and the
 * delayed-reuse quarantine that stops it (CONFIG_KMALLOC_QUARANTINE,
 * Documentation/mm/hardening.rst), on every backend.
 *
 * The attacker frees a victim object through one path while a dangling
 * pointer to it survives, then allocates objects of the same size and
 * hopes for the victim's memory. Without the quarantine the backend hands
 * it out again at once (the case that shows it skips with the option
 * active); with it, none of the next allocations is the victim (that case
 * skips without the option). The other cases check what the quarantine
 * must keep true: its bounds, the statistics that count a waiting object
 * as freed, the double free and ksize() of a waiting object reported at
 * once, a write after free reported, kmem_cache_destroy() flushing.
 * Each case sets the bounds it needs and the suite puts back the boot's.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/string.h>
#include "internal.h"
#include "quarantine.h"
#include "kfence_pause_test.h"

#define VICTIM_SIZE 64
/* Allocations the attacker makes after the free. */
#define RECLAIM_TRIES 16

#ifdef CONFIG_KMALLOC_QUARANTINE
static unsigned long saved_bytes;
static unsigned int saved_objects;

static int quarantine_case_init(struct ktest *test)
{
	saved_bytes = quarantine_max_bytes;
	saved_objects = quarantine_max_objects;
	return 0;
}

static void quarantine_case_exit(struct ktest *test)
{
	kmalloc_quarantine_flush();
	quarantine_max_bytes = saved_bytes;
	quarantine_max_objects = saved_objects;
}

/* Bounds for the case: 0 and 0 turn the quarantine off. */
static void set_quarantine(unsigned long bytes, unsigned int objects)
{
	kmalloc_quarantine_flush();
	quarantine_max_bytes = bytes;
	quarantine_max_objects = objects;
}

static unsigned long waiting_objects(void)
{
	unsigned long objects, bytes;

	quarantine_usage(&objects, &bytes);
	return objects;
}
#else
static int quarantine_case_init(struct ktest *test)
{
	return 0;
}

static void quarantine_case_exit(struct ktest *test)
{
}
#endif

/* Skip @test unless the quarantine is built in (the boot's bounds kept). */
static void require_quarantine(struct ktest *test)
{
	if (!IS_ENABLED(CONFIG_KMALLOC_QUARANTINE))
		ktest_skip(
			test,
			"CONFIG_KMALLOC_QUARANTINE is off: a freed object is handed out again at once");
}

/*
 * The attack: free the victim, allocate RECLAIM_TRIES objects of its size.
 * Return: how many of them are the victim's memory (all are freed).
 */
static unsigned int reclaim_attempts(struct ktest *test)
{
	void *victim, *got[RECLAIM_TRIES];
	unsigned int hits = 0;

	victim = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, victim);
	kfree(victim); /* the dangling pointer lives on */
	for (unsigned int i = 0; i < ARRAY_SIZE(got); i++) {
		got[i] = kmalloc(VICTIM_SIZE, GFP_KERNEL);
		KTEST_EXPECT_NOT_NULL(test, got[i]);
		hits += got[i] == victim;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(got); i++)
		kfree(got[i]);
	return hits;
}

/* With the quarantine: none of the next allocations is the victim. */
static void uaf_reclaim_refused(struct ktest *test)
{
	require_quarantine(test);
#ifdef CONFIG_KMALLOC_QUARANTINE
	set_quarantine(CONFIG_KMALLOC_QUARANTINE_BYTES ?: 65536,
		       CONFIG_KMALLOC_QUARANTINE_OBJECTS);
	KTEST_ASSERT_GT(test, quarantine_max_objects, RECLAIM_TRIES);
	KTEST_ASSERT_GT(test, quarantine_max_bytes,
			RECLAIM_TRIES * 2 * VICTIM_SIZE);
#endif
	KTEST_EXPECT_EQ(test, reclaim_attempts(test), 0);
}

/* Without it: the backend hands the victim's memory out again. */
static void uaf_reclaim_succeeds(struct ktest *test)
{
	if (!backend_info.reuses_memory)
		ktest_skip(test, "%s never reuses freed memory",
			   backend_info.name);
#ifdef CONFIG_KMALLOC_QUARANTINE
	set_quarantine(0, 0);
#endif
	KTEST_EXPECT_GE(test, reclaim_attempts(test), 1);
}

#ifdef CONFIG_KMALLOC_QUARANTINE
/* Allocate 20 objects of VICTIM_SIZE, then free them all. */
static void alloc_and_free(struct ktest *test)
{
	void *p[20];

	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = kmalloc(VICTIM_SIZE, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		kfree(p[i]);
}

/* The FIFO holds at most its bounds, in objects and in bytes. */
static void bounded_fifo(struct ktest *test)
{
	require_quarantine(test);
	set_quarantine(1UL << 20, 8);
	alloc_and_free(test);
	KTEST_EXPECT_EQ(test, waiting_objects(), 8);
	/* Bytes: each 64-byte object counts at least 64. */
	set_quarantine(4 * VICTIM_SIZE, 8);
	alloc_and_free(test);
	KTEST_EXPECT_LE(test, waiting_objects(), 4);
	KTEST_EXPECT_GE(test, waiting_objects(), 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A waiting object counts as freed; leaving does not count it twice. */
static void stats_count_it_freed(struct ktest *test)
{
	struct kmalloc_stats before, after;
	void *p;

	require_quarantine(test);
	set_quarantine(1UL << 20, 64);
	before = kmalloc_stats_now();
	p = kmalloc(100, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	kfree(p);
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, waiting_objects(), 1);
	KTEST_EXPECT_EQ(test, after.nr_frees, before.nr_frees + 1);
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	kmalloc_quarantine_flush();
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, waiting_objects(), 0);
	KTEST_EXPECT_EQ(test, after.nr_frees, before.nr_frees + 1);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
}

/*
 * A victim of VICTIM_SIZE freed into a quarantine of 64 objects, the
 * console captured from before the free. Return: the dangling pointer.
 */
static void *freed_victim(struct ktest *test)
{
	void *p;

	require_quarantine(test);
	set_quarantine(1UL << 20, 64);
	p = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	kfree(p);
	return p;
}

/* kfree() and ksize() of a waiting object: reported at once, by name. */
static void double_free_reported(struct ktest *test)
{
	struct kmalloc_stats before;
	char want[80];
	void *p;

	p = freed_victim(test);
	before = kmalloc_stats_now();
	kfree(p);
	snprintf(want, sizeof(want), "kmalloc: double free of 0x%08lx",
		 (unsigned long)p);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, ksize(p), 0);
	snprintf(want, sizeof(want),
		 "kmalloc: ksize of a free object of 0x%08lx",
		 (unsigned long)p);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 2);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, before.nr_frees);
	KTEST_EXPECT_EQ(test, waiting_objects(), 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A write through the dangling pointer: validate() and the release see it. */
static void write_after_free_reported(struct ktest *test)
{
	struct kmalloc_stats before;
	char want[80];
	unsigned long *p;

	p = freed_victim(test);
	p[0] = 0x41414141; /* the use after free */
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	snprintf(want, sizeof(want),
		 "quarantine: object 0x%08lx written after free",
		 (unsigned long)p);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	before = kmalloc_stats_now();
	kmalloc_quarantine_flush();
	snprintf(want, sizeof(want), "kmalloc: write after free of 0x%08lx",
		 (unsigned long)p);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static unsigned int ctor_calls;

static void ctor_fill(void *p)
{
	ctor_calls++;
	memset(p, 0x3c, 100);
}

/*
 * kmem_cache_destroy() frees the cache's waiting objects first, so it
 * does not find them live; a constructed object gets its first word back.
 */
static void destroy_flushes(struct ktest *test)
{
	struct kmem_cache *s;
	unsigned char *p;

	require_quarantine(test);
	set_quarantine(1UL << 20, 64);
	s = kmem_cache_create("quarantine_ctor", 100, 0, 0, ctor_fill);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	kfree(p);
	KTEST_EXPECT_EQ(test, waiting_objects(), 1);
	kmalloc_quarantine_flush();
	/* Released: its first word is the constructor's again. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_NULL(test, memchr_inv(p, 0x3c, 100));
	kfree(p);
	KTEST_EXPECT_EQ(test, waiting_objects(), 1);
	kmem_cache_destroy(s);
	/* What waits now is the struct kmem_cache, kfree()d last. */
	KTEST_EXPECT_EQ(test, waiting_objects(), 1);
	KTEST_EXPECT_FALSE(test, quarantine_holds(p));
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "objects remain");
}
#endif /* CONFIG_KMALLOC_QUARANTINE */

static struct ktest_case quarantine_cases[] = {
	KTEST_CASE(uaf_reclaim_refused),
	KTEST_CASE(uaf_reclaim_succeeds),
#ifdef CONFIG_KMALLOC_QUARANTINE
	KTEST_CASE(bounded_fifo),
	KTEST_CASE(stats_count_it_freed),
	KTEST_CASE(double_free_reported),
	KTEST_CASE(write_after_free_reported),
	KTEST_CASE(destroy_flushes),
#endif
	{}
};

static struct ktest_suite quarantine_suite = {
	.name = "quarantine",
	.cases = quarantine_cases,
	.init = quarantine_case_init,
	.exit = quarantine_case_exit,
	/* KFENCE objects bypass the quarantine: the cases want the backend's. */
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(quarantine_suite);
