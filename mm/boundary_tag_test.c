// SPDX-License-Identifier: GPL-2.0
/*
 * White-box test cases shared by the boundary-tag backends, first-fit and
 * TLSF (mm/boundary_tag_test.h says what each checks). They reach the
 * heap only through kmalloc() and kfree() and read blocks only through
 * the backend's struct bt_test_backend, so that one case serves both
 * layouts: first-fit fills memory upwards, TLSF downwards, so objects are
 * sorted by address before their blocks are compared.
 */
#include <ktest.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/memblock.h>
#include "internal.h"
#include "boundary_tag.h"
#include "boundary_tag_test.h"
#include "page_block_test.h"

/* A summary of the heap now. */
static struct bt_heap_info heap_now(void)
{
	struct bt_heap_info info;

	bt_test_backend.get_info(&info);
	return info;
}

size_t bt_block_size(const struct bt_test_backend *b, const void *p,
		     bool *allocated)
{
	return b->block_at((const char *)p - BT_TAG_BYTES, allocated);
}

/* Sort the five objects by address (insertion sort). */
static void sort_five(void *o[5])
{
	for (unsigned int i = 1; i < 5; i++)
		for (unsigned int k = i; k && o[k - 1] > o[k]; k--) {
			void *t = o[k];

			o[k] = o[k - 1];
			o[k - 1] = t;
		}
}

bool bt_five_adjacent(size_t size, void *o[5], void **junk, unsigned int *njunk)
{
	const struct bt_test_backend *b = &bt_test_backend;

	for (unsigned int tries = 0; tries < 64; tries++) {
		bool ok = true, alloc;

		for (unsigned int i = 0; i < 5; i++) {
			o[i] = kmalloc(size, GFP_KERNEL);
			if (!o[i])
				return false;
		}
		sort_five(o);
		for (unsigned int i = 0; i < 4; i++)
			if ((char *)o[i] + bt_block_size(b, o[i], &alloc) !=
			    (char *)o[i + 1])
				ok = false;
		if (ok)
			return true;
		for (unsigned int i = 0; i < 5 && *njunk < BT_TEST_JUNK; i++)
			junk[(*njunk)++] = o[i];
	}
	return false;
}

void bt_free_junk(void **junk, unsigned int njunk)
{
	while (njunk)
		kfree(junk[--njunk]);
}

/*
 * Free o[1], o[2], o[3] of five adjacent blocks in @order (@n of them):
 * one free block from o[@first] spanning @span blocks, one more free
 * block than before, validate() clean; everything freed at the end.
 */
static void coalesce_case(struct ktest *test, const unsigned int *order,
			  unsigned int n, unsigned int first, unsigned int span)
{
	const struct bt_test_backend *b = &bt_test_backend;
	void *o[5], *junk[BT_TEST_JUNK];
	unsigned int njunk = 0;
	unsigned long nr_free;
	size_t each, got;
	bool alloc;

	KTEST_ASSERT_TRUE(test, bt_five_adjacent(1000, o, junk, &njunk));
	each = bt_block_size(b, o[1], &alloc);
	nr_free = heap_now().nr_free;
	for (unsigned int i = 0; i < n; i++)
		kfree(o[order[i]]);
	/* One free block from o[first] spanning @span blocks. */
	got = bt_block_size(b, o[first], &alloc);
	KTEST_EXPECT_FALSE(test, alloc);
	KTEST_EXPECT_EQ(test, got, span * each);
	KTEST_EXPECT_EQ(test, heap_now().nr_free, nr_free + 1);
	if (b->merged)
		b->merged(test, (char *)o[first] - BT_TAG_BYTES, got);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(o[0]);
	kfree(o[4]);
	bt_free_junk(junk, njunk);
	for (unsigned int i = 1; i < 4; i++) {
		bool freed = false;

		for (unsigned int k = 0; k < n; k++)
			freed |= order[k] == i;
		if (!freed)
			kfree(o[i]);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

void bt_coalesce_with_next(struct ktest *test)
{
	static const unsigned int order[] = { 2, 1 }; /* o[1] absorbs o[2] */

	coalesce_case(test, order, 2, 1, 2);
}

void bt_coalesce_with_previous(struct ktest *test)
{
	static const unsigned int order[] = { 1, 2 }; /* o[2] joins o[1] */

	coalesce_case(test, order, 2, 1, 2);
}

void bt_coalesce_with_both(struct ktest *test)
{
	static const unsigned int order[] = { 1, 3, 2 }; /* o[2] bridges */

	coalesce_case(test, order, 3, 1, 3);
}

void bt_no_footer_case(struct ktest *test)
{
	const struct bt_test_backend *b = &bt_test_backend;
	void *o[5], *s[5], *junk[BT_TEST_JUNK];
	unsigned int njunk = 0;
	bool alloc;

	KTEST_ASSERT_TRUE(test, bt_five_adjacent(56, o, junk, &njunk));
	KTEST_EXPECT_EQ(test, (char *)o[2] - (char *)o[1],
			BT_TAG_BYTES + 56 + BT_RZ_WORD);
	KTEST_EXPECT_EQ(test, bt_block_size(b, o[1], &alloc),
			BT_TAG_BYTES + 56 + BT_RZ_WORD);
	KTEST_ASSERT_TRUE(test, bt_five_adjacent(b->small, s, junk, &njunk));
	KTEST_EXPECT_EQ(test, (char *)s[2] - (char *)s[1], b->min_block);
	for (unsigned int i = 0; i < 5; i++) {
		kfree(o[i]);
		kfree(s[i]);
	}
	bt_free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

void bt_free_footer_case(struct ktest *test)
{
	const struct bt_test_backend *b = &bt_test_backend;
	void *o[5], *junk[BT_TEST_JUNK];
	unsigned int njunk = 0;
	struct kmalloc_stats a;
	u32 *ftr, saved;
	size_t each;
	bool alloc;

	KTEST_ASSERT_TRUE(test, bt_five_adjacent(200, o, junk, &njunk));
	each = bt_block_size(b, o[1], &alloc);
	kfree(o[1]);
	ftr = footer_at((unsigned long)o[2] - BT_TAG_BYTES);
	KTEST_EXPECT_EQ(test, *ftr, each); /* the free block's size */
	saved = *ftr;
	*ftr = saved + 64;
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	a = kmalloc_stats_now();
	kfree(o[2]);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees);
	*ftr = saved;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(o[2]);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees + 1);
	KTEST_EXPECT_EQ(test, bt_block_size(b, o[1], &alloc), 2 * each);
	KTEST_EXPECT_FALSE(test, alloc);
	kfree(o[0]);
	kfree(o[3]);
	kfree(o[4]);
	bt_free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

void bt_pages_case(struct ktest *test)
{
	const struct bt_test_backend *b = &bt_test_backend;
	unsigned long a = __get_free_pages(GFP_KERNEL, 3);
	bool alloc = false;
	unsigned long largest, before, after;

	KTEST_ASSERT_NE(test, a, 0);
	KTEST_EXPECT_EQ(test, a % PAGE_SIZE, 0);
	KTEST_EXPECT_GE(test, bt_block_size(b, (void *)a, &alloc),
			(PAGE_SIZE << 3) + BT_TAG_BYTES);
	KTEST_EXPECT_TRUE(test, alloc);
	KTEST_EXPECT_TRUE(test, PageHead(virt_to_page((void *)a)));
	KTEST_ASSERT_EQ(test, kmalloc_free_space(&largest, &before), 0);
	free_pages(a, 3);
	KTEST_ASSERT_EQ(test, kmalloc_free_space(&largest, &after), 0);
	KTEST_EXPECT_GE(test, after, before + (PAGE_SIZE << 3));
	KTEST_EXPECT_FALSE(test, PageHead(virt_to_page((void *)a)));
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* The usable memblock region holding @p, or NULL. */
static const struct memblock_region *usable_region_of(const void *p)
{
	unsigned long a = (unsigned long)p;

	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *mr = &memblock_usable.regions[i];

		if (a - mr->base < mr->size)
			return mr;
	}
	return NULL;
}

/* free_pages() of a page block without PG_head or of the wrong order. */
void bt_page_block_case(struct ktest *test)
{
	page_block_free_checked(test);
}

void bt_first_in_largest_case(struct ktest *test)
{
	const struct memblock_region *mr;
	void *p;

	if (memblock_usable.cnt < 2)
		ktest_skip(test,
			   "one usable region: no region held back to avoid");
	if (!heap_now().nr_pending)
		ktest_skip(
			test,
			"the held-back regions joined already (the heap was full earlier in this boot)");
	p = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	mr = usable_region_of(p);
	KTEST_ASSERT_NOT_NULL(test, mr);
	for (unsigned int i = 0; i < memblock_usable.cnt; i++)
		KTEST_EXPECT_GE_MSG(test, mr->size,
				    memblock_usable.regions[i].size,
				    "object %p in the region at %#lx", p,
				    (unsigned long)mr->base);
	kfree(p);
}

/*
 * Fill the heap with objects of @size bytes chained through their first
 * word onto *@chain, until one fails. Return: how many were allocated.
 */
static unsigned long fill_with(size_t size, void **chain)
{
	unsigned long n = 0;
	void **p;

	while ((p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN))) {
		*p = *chain;
		*chain = p;
		n++;
	}
	return n;
}

void bt_pending_case(struct ktest *test)
{
	static const size_t sizes[] = { 1 << 20, 1 << 14, 1 << 10, 64, 16 };
	struct bt_heap_info before = heap_now();
	void *chain = NULL;
	unsigned long n = 0;

	if (!before.nr_pending)
		ktest_skip(test,
			   "one usable region: no region held back to join");
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		n += fill_with(sizes[i], &chain);
	ktest_info(test, "%lu objects fill %u pools", n, heap_now().nr_pools);
	KTEST_EXPECT_EQ(test, heap_now().nr_pending, 0u);
	KTEST_EXPECT_EQ(test, heap_now().nr_pools,
			before.nr_pools + before.nr_pending);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	while (chain) {
		void *next = *(void **)chain;

		kfree(chain);
		chain = next;
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}
