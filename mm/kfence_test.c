// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of KFENCE (mm/kfence.c) in front of whichever backend is built,
 * after Linux's mm/kfence/kfence_test.c: the sampling interval, where an
 * object sits in its page, an out-of-bounds read past the end and write
 * before the start, a use after free, the stack traces of its allocation
 * and free, a write into the canary found at
 * free, a double free, cache objects with their constructor and
 * kmem_cache_destroy(), the fall back to the backend when the pool is full,
 * krealloc() out of the pool, and the statistics; with CONFIG_SMP, a use
 * after free on another CPU whose TLB still held the page (the free's
 * shootdown must reach it). Each case samples every
 * allocation (kfence_set_sample_interval(1)) and puts the boot's interval
 * back at the end. The bad accesses are made on purpose, inside
 * kfence_disable_current(): each must raise kfence_report_count() by one
 * and print its report, which the console capture checks.
 */
#include <ktest.h>
#include <kmlab/kfence.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/string.h>
#include <kmlab/smp.h>
#include <asm/tlbflush.h>
#include "internal.h"

static unsigned long boot_interval;

static int kfence_test_init(struct ktest *test)
{
	boot_interval = kfence_sample_interval;
	kfence_set_sample_interval(1);
	return 0;
}

static void kfence_test_exit(struct ktest *test)
{
	kfence_set_sample_interval(boot_interval);
}

/* A sampled kmalloc(@size) whose object touches the end (or start) of its
 * page: placement alternates, so one of two allocations in a row does. */
static u8 *sampled(struct ktest *test, size_t size, bool at_end)
{
	u8 *a = kmalloc(size, GFP_KERNEL), *b = kmalloc(size, GFP_KERNEL);
	bool a_end = (unsigned long)a & ~PAGE_MASK; /* else at the start */

	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_ASSERT_TRUE(test, is_kfence_address(a));
	KTEST_ASSERT_TRUE(test, is_kfence_address(b));
	if (a_end == at_end) {
		kfree(b);
		return a;
	}
	kfree(a);
	return b;
}

/* Run @stmt expecting exactly one KFENCE report containing @text. */
#define EXPECT_KFENCE_REPORT(test, text, stmt)                                 \
	do {                                                                   \
		unsigned long __before = kfence_report_count();                \
                                                                               \
		KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);       \
		kfence_disable_current();                                      \
		stmt;                                                          \
		kfence_enable_current();                                       \
		ktest_log_capture_stop(test);                                  \
		KTEST_EXPECT_EQ_MSG(test, kfence_report_count(), __before + 1, \
				    "after %s", #stmt);                        \
		KTEST_EXPECT_LOG_CONTAINS(test, text);                         \
	} while (0)

/* kfence.sample_interval=3: the 3rd, 6th and 9th allocations, no other. */
static void sample_interval_counts_allocations(struct ktest *test)
{
	void *p[9];

	kfence_set_sample_interval(3);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = kmalloc(24, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		KTEST_EXPECT_EQ_MSG(test, is_kfence_address(p[i]), i % 3 == 2,
				    "allocation %u", i + 1);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		kfree(p[i]);
	kfence_set_sample_interval(0);
	p[0] = kmalloc(24, GFP_KERNEL);
	KTEST_EXPECT_FALSE(test, is_kfence_address(p[0]));
	kfree(p[0]);
}

/*
 * kmalloc()'s promises hold: natural alignment of a power of two, 8 bytes
 * otherwise, ksize() the requested size, __GFP_ZERO zeroes; the object is
 * against the end of its page or its start.
 */
static void object_placement_and_alignment(struct ktest *test)
{
	u8 *end = sampled(test, 100, true), *start = sampled(test, 100, false);
	u8 *pow2 = sampled(test, 64, true), *z;

	KTEST_EXPECT_EQ(test, (unsigned long)end & 7, 0);
	KTEST_EXPECT_EQ(test, PAGE_SIZE - ((unsigned long)end & ~PAGE_MASK),
			104);
	KTEST_EXPECT_EQ(test, (unsigned long)start & ~PAGE_MASK, 0);
	KTEST_EXPECT_EQ(test, (unsigned long)pow2 & 63, 0);
	KTEST_EXPECT_EQ(test, ksize(end), 100);
	KTEST_EXPECT_EQ(test, ksize(pow2), 64);
	z = kzalloc(200, GFP_KERNEL);
	KTEST_ASSERT_TRUE(test, is_kfence_address(z));
	KTEST_EXPECT_NULL(test, memchr_inv(z, 0, 200));
	kfree(z);
	kfree(pow2);
	kfree(start);
	kfree(end);
}

static void out_of_bounds_read_right(struct ktest *test)
{
	volatile u8 *p = sampled(test, 32, true);

	EXPECT_KFENCE_REPORT(test, "BUG: KFENCE: out-of-bounds read", p[32]);
	KTEST_EXPECT_LOG_CONTAINS(test, "1B right of kfence-#");
	KTEST_EXPECT_LOG_CONTAINS(test, "allocated by sampled");
	kfree((void *)p);
}

static void out_of_bounds_write_left(struct ktest *test)
{
	volatile u8 *p = sampled(test, 40, false);

	EXPECT_KFENCE_REPORT(test, "BUG: KFENCE: out-of-bounds write",
			     p[-3] = 1);
	KTEST_EXPECT_LOG_CONTAINS(test, "3B left of kfence-#");
	kfree((void *)p);
}

static void use_after_free_read(struct ktest *test)
{
	volatile u8 *p = sampled(test, 48, true);

	kfree((void *)p);
	EXPECT_KFENCE_REPORT(test, "BUG: KFENCE: use-after-free read", p[5]);
	KTEST_EXPECT_LOG_CONTAINS(test, "freed by use_after_free_read");
}

/* Two calls deep, so that the saved traces have a frame above the caller. */
static __noinline void *kfence_alloc_leaf(void)
{
	return kmalloc(24, GFP_KERNEL);
}

static __noinline void *make_object(void)
{
	return kfence_alloc_leaf();
}

static __noinline void kfence_free_leaf(void *p)
{
	kfree(p);
}

static __noinline void drop_object(void *p)
{
	kfence_free_leaf(p);
}

/*
 * The report of a use after free names the allocation's and the free's
 * callers and the frames above them: make_object() and drop_object()
 * appear nowhere else in it.
 */
static void report_has_stack_traces(struct ktest *test)
{
	volatile u8 *p = make_object();

	KTEST_ASSERT_TRUE(test, is_kfence_address((void *)p));
	drop_object((void *)p);
	EXPECT_KFENCE_REPORT(test, "BUG: KFENCE: use-after-free read", p[1]);
	KTEST_EXPECT_LOG_CONTAINS(test, "allocated by kfence_alloc_leaf+0x");
	KTEST_EXPECT_LOG_CONTAINS(test, " make_object+0x");
	KTEST_EXPECT_LOG_CONTAINS(test, "freed by kfence_free_leaf+0x");
	KTEST_EXPECT_LOG_CONTAINS(test, " drop_object+0x");
}

#ifdef CONFIG_SMP
/* What CPU 1 and the case's CPU tell each other. */
struct remote_reader {
	volatile u8 *p;
	int ready, freed, done;
	u8 first;
};

/*
 * On CPU 1, interrupts off (an inter-processor call): read the object,
 * so that its page is in this CPU's TLB; wait until the case freed it;
 * read it again, which must fault.
 */
static void read_before_and_after_free(void *info)
{
	struct remote_reader *r = info;

	r->first = r->p[0];
	__atomic_store_n(&r->ready, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&r->freed, __ATOMIC_ACQUIRE))
		cpu_relax();
	(void)r->p[1];
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
}

/* Free the object, interrupts off, while CPU 1 waits with its own off. */
static void free_under_remote_reader(struct ktest *test,
				     struct remote_reader *r)
{
	unsigned long flags;

	KTEST_ASSERT_EQ(test,
			smp_call_function_single(1, read_before_and_after_free,
						 r, false),
			0);
	while (!__atomic_load_n(&r->ready, __ATOMIC_ACQUIRE))
		cpu_relax();
	flags = local_irq_save();
	kfree((void *)r->p);
	local_irq_restore(flags);
	__atomic_store_n(&r->freed, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&r->done, __ATOMIC_ACQUIRE))
		cpu_relax();
}

/*
 * A use after free on another CPU that had the page in its TLB: the free
 * shoots that TLB down (by NMI, both CPUs with interrupts off), so the
 * other CPU's next read faults and is reported.
 */
static void use_after_free_on_other_cpu(struct ktest *test)
{
	struct remote_reader r = {};
	unsigned long shootdowns = nr_tlb_remote_flush;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs a second CPU");
	r.p = sampled(test, 32, true);
	r.p[0] = 0x5a;
	EXPECT_KFENCE_REPORT(test, "BUG: KFENCE: use-after-free read",
			     free_under_remote_reader(test, &r));
	KTEST_EXPECT_EQ(test, r.first, 0x5a);
	KTEST_EXPECT_GT(test, nr_tlb_remote_flush, shootdowns);
}
#endif

/* A write past the end that stays in the page: found by the canary. */
static void canary_catches_small_overflow(struct ktest *test)
{
	u8 *p = sampled(test, 30, true); /* at page end - 32: 2 spare bytes */

	KTEST_ASSERT_EQ(test, PAGE_SIZE - ((unsigned long)p & ~PAGE_MASK), 32);
	p[30] = 0x55;
	EXPECT_KFENCE_REPORT(test, "BUG: KFENCE: memory corruption", kfree(p));
	KTEST_EXPECT_LOG_CONTAINS(test, "1 bytes after kfence-#");
}

static void double_free_is_bad_input(struct ktest *test)
{
	u8 *p = sampled(test, 16, true);
	struct kmalloc_stats before, after;

	kfree(p);
	kmalloc_get_stats(&before);
	EXPECT_KFENCE_REPORT(test, "kmalloc: double free of", kfree(p));
	kmalloc_get_stats(&after);
	KTEST_EXPECT_EQ(test, after.bad_input, before.bad_input + 1);
	KTEST_EXPECT_EQ(test, after.nr_frees, before.nr_frees);
}

static unsigned int ctor_calls;

static void kfence_test_ctor(void *p)
{
	memset(p, 0x3c, 48);
	ctor_calls++;
}

static void cache_objects(struct ktest *test)
{
	struct kmalloc_stats before;
	struct kmem_cache *s;
	u8 *p, *q;

	kfence_set_sample_interval(0);
	s = kmem_cache_create("kfence_test", 48, 16, 0, kfence_test_ctor);
	KTEST_ASSERT_NOT_NULL(test, s);
	kfence_set_sample_interval(1);
	ctor_calls = 0;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_TRUE(test, is_kfence_address(p));
	KTEST_EXPECT_EQ(test, (unsigned long)p & 15, 0);
	KTEST_EXPECT_EQ(test, ctor_calls, 1);
	KTEST_EXPECT_NULL(test, memchr_inv(p, 0x3c, 48));
	/* kmem_cache_free() of a kmalloc() object: refused, counted. */
	q = kmalloc(48, GFP_KERNEL);
	KTEST_ASSERT_TRUE(test, is_kfence_address(q));
	kmalloc_get_stats(&before);
	kmem_cache_free(s, q);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	kfree(q);
	/* A live KFENCE object keeps its cache from being destroyed. */
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	kmem_cache_destroy(s);
	KTEST_EXPECT_LOG_CONTAINS(test, "kfence-#");
	KTEST_EXPECT_LOG_CONTAINS(test, "objects remain, cache leaked");
	kmem_cache_free(s, p);
	/* kmem_cache_zalloc(): constructed, then zeroed, as the backends do. */
	p = kmem_cache_zalloc(s, GFP_KERNEL);
	KTEST_ASSERT_TRUE(test, is_kfence_address(p));
	KTEST_EXPECT_EQ(test, ctor_calls, 2);
	KTEST_EXPECT_NULL(test, memchr_inv(p, 0, 48));
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* With every slot in use, sampled allocations go to the backend. */
static void full_pool_falls_back(struct ktest *test)
{
	void *p[CONFIG_KFENCE_NUM_OBJECTS + 2];
	unsigned int in_pool = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = kmalloc(8, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p[i]);
		in_pool += is_kfence_address(p[i]);
	}
	KTEST_EXPECT_LE(test, in_pool, CONFIG_KFENCE_NUM_OBJECTS);
	KTEST_EXPECT_FALSE(test, is_kfence_address(p[ARRAY_SIZE(p) - 1]));
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		kfree(p[i]);
}

static void krealloc_and_statistics(struct ktest *test)
{
	struct kmalloc_stats before, mid, after;
	u8 *p, *q;

	kmalloc_get_stats(&before);
	p = sampled(test, 20, true);
	memset(p, 0x5a, 20);
	kmalloc_get_stats(&mid);
	KTEST_EXPECT_EQ(test, mid.live_objects, before.live_objects + 1);
	KTEST_EXPECT_EQ(test, mid.live_bytes, before.live_bytes + 20);
	kfence_set_sample_interval(0);
	q = krealloc(p, 5000, GFP_KERNEL); /* too large for the pool */
	KTEST_ASSERT_NOT_NULL(test, q);
	KTEST_EXPECT_FALSE(test, is_kfence_address(q));
	KTEST_EXPECT_NULL(test, memchr_inv(q, 0x5a, 20));
	kfree(q);
	kmalloc_get_stats(&after);
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
}

static struct ktest_case kfence_cases[] = {
	KTEST_CASE(sample_interval_counts_allocations),
	KTEST_CASE(object_placement_and_alignment),
	KTEST_CASE(out_of_bounds_read_right),
	KTEST_CASE(out_of_bounds_write_left),
	KTEST_CASE(use_after_free_read),
	KTEST_CASE(report_has_stack_traces),
	KTEST_CASE(canary_catches_small_overflow),
	KTEST_CASE(double_free_is_bad_input),
	KTEST_CASE(cache_objects),
	KTEST_CASE(full_pool_falls_back),
	KTEST_CASE(krealloc_and_statistics),
#ifdef CONFIG_SMP
	KTEST_CASE(use_after_free_on_other_cpu),
#endif
	{}
};

static struct ktest_suite kfence_suite = {
	.name = "kfence",
	.init = kfence_test_init,
	.exit = kfence_test_exit,
	.cases = kfence_cases,
};
KTEST_SUITE(kfence_suite);
