// SPDX-License-Identifier: GPL-2.0
/*
 * The "kasan" ktest suite (CONFIG_KASAN, ARCH=host): the heap's hooks make
 * AddressSanitizer report what a caller may not touch, on every backend:
 * a byte past the requested size, an object after kfree(), krealloc()'s
 * old object, a kmem_cache object after kmem_cache_free(), pages after
 * free_pages(); and they report nothing for what a caller may touch
 * (every requested byte, the usable bytes after ksize()). Bad accesses
 * read, or write only into the object's own slack, so that the heap's
 * metadata is never damaged and the cases after them run on a sound heap.
 *
 * With CONFIG_KTEST_EXAMPLES_FAIL, the "kasan_fail" suite shows that a
 * report the case did not expect fails that case, with the report in its
 * diagnostics, and the run goes on (tools/testing/arch-host checks it).
 */
#include <kmlab/slab.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <ktest.h>
#include <ktest/kasan.h>

/* Reads and writes the compiler may neither drop nor prove wrong. */
static u8 peek(const void *p, size_t off)
{
	const volatile u8 *v = p;

	return v[off];
}

static void poke(void *p, size_t off, u8 val)
{
	volatile u8 *v = p;

	v[off] = val;
}

/* Every requested byte is the caller's: no report for any of them. */
static void expect_all_usable(struct ktest *test, void *p, size_t size)
{
	unsigned long before = kasan_report_count();

	for (size_t i = 0; i < size; i++)
		poke(p, i, peek(p, i) + 1);
	KTEST_EXPECT_EQ(test, kasan_report_count(), before);
}

static void kmalloc_byte_past_the_request(struct ktest *test)
{
	u8 *p = kmalloc(13, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	expect_all_usable(test, p, 13);
	/* Byte 13 is in the object's slack (min. alignment 8): no harm. */
	KTEST_EXPECT_KASAN_FAIL(test, poke(p, 13, 1));
	KTEST_EXPECT_KASAN_FAIL(test, peek(p, 15));
	kfree(p);
}

static void ksize_makes_the_usable_bytes_the_callers(struct ktest *test)
{
	u8 *p = kmalloc(13, GFP_KERNEL);
	size_t n;

	KTEST_ASSERT_NOT_NULL(test, p);
	n = ksize(p);
	KTEST_ASSERT_GE(test, n, 13);
	expect_all_usable(test, p, n);
	kfree(p);
}

static void kfree_then_read(struct ktest *test)
{
	u8 *p = kmalloc(64, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	kfree(p);
	KTEST_EXPECT_KASAN_FAIL(test, peek(p, 0));
	KTEST_EXPECT_KASAN_FAIL(test, peek(p, 63));
}

static void kzalloc_then_read_past(struct ktest *test)
{
	u8 *p = kzalloc(100, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(test, peek(p, 99), 0);
	KTEST_EXPECT_KASAN_FAIL(test, peek(p, 100));
	kfree(p);
}

static void krealloc_shrink_and_grow(struct ktest *test)
{
	u8 *p = kmalloc(100, GFP_KERNEL), *q, *r;

	KTEST_ASSERT_NOT_NULL(test, p);
	q = krealloc(p, 40, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, q);
	expect_all_usable(test, q, 40);
	KTEST_EXPECT_KASAN_FAIL(test, peek(q, 40));
	r = krealloc(q, 4000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, r);
	expect_all_usable(test, r, 4000);
	KTEST_EXPECT_KASAN_FAIL(test, peek(r, 4000));
	if (r != q) /* moved: the old object is freed */
		KTEST_EXPECT_KASAN_FAIL(test, peek(q, 0));
	kfree(r);
}

static void ctor_fill(void *obj)
{
	*(u32 *)obj = 0xc0ffee;
}

static void kmem_cache_free_then_read(struct ktest *test)
{
	struct kmem_cache *c =
		kmem_cache_create("kasan_test", 52, 0, 0, ctor_fill);
	u8 *p;

	KTEST_ASSERT_NOT_NULL(test, c);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(test, *(u32 *)p, 0xc0ffee);
	expect_all_usable(test, p, 52);
	KTEST_EXPECT_KASAN_FAIL(test, peek(p, 52));
	kmem_cache_free(c, p);
	KTEST_EXPECT_KASAN_FAIL(test, peek(p, 0));
	kmem_cache_destroy(c);
}

static void free_pages_then_read(struct ktest *test)
{
	unsigned long a = __get_free_pages(GFP_KERNEL, 1);

	KTEST_ASSERT_NE(test, a, 0);
	expect_all_usable(test, (void *)a, 2 * PAGE_SIZE);
	free_pages(a, 1);
	KTEST_EXPECT_KASAN_FAIL(test, peek((void *)a, 0));
	KTEST_EXPECT_KASAN_FAIL(test, peek((void *)a, 2 * PAGE_SIZE - 1));
}

static void page_then_free_then_read(struct ktest *test)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	void *a;

	KTEST_ASSERT_NOT_NULL(test, page);
	a = page_address(page);
	expect_all_usable(test, a, PAGE_SIZE);
	__free_pages(page, 0);
	KTEST_EXPECT_KASAN_FAIL(test, peek(a, 100));
}

static struct ktest_case kasan_cases[] = {
	KTEST_CASE(kmalloc_byte_past_the_request),
	KTEST_CASE(ksize_makes_the_usable_bytes_the_callers),
	KTEST_CASE(kfree_then_read),
	KTEST_CASE(kzalloc_then_read_past),
	KTEST_CASE(krealloc_shrink_and_grow),
	KTEST_CASE(kmem_cache_free_then_read),
	KTEST_CASE(free_pages_then_read),
	KTEST_CASE(page_then_free_then_read),
	{}
};

static struct ktest_suite kasan_suite = {
	.name = "kasan",
	.cases = kasan_cases,
};
KTEST_SUITE(kasan_suite);

#ifdef CONFIG_KTEST_EXAMPLES_FAIL
/* Not expected: KASAN's report fails the case, which goes on to its end. */
static void use_after_free_fails_the_case(struct ktest *test)
{
	u8 *p = kmalloc(32, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	kfree(p);
	peek(p, 8);
	ktest_printk(test, "still running after the report");
}

static void next_case_passes(struct ktest *test)
{
	u8 *p = kmalloc(32, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	expect_all_usable(test, p, 32);
	kfree(p);
}

static struct ktest_case kasan_fail_cases[] = {
	KTEST_CASE(use_after_free_fails_the_case),
	KTEST_CASE(next_case_passes),
	{}
};

static struct ktest_suite kasan_fail_suite = {
	.name = "kasan_fail",
	.cases = kasan_fail_cases,
};
KTEST_SUITE(kasan_fail_suite);
#endif
