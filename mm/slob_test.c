// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of SLOB (mm/slob.c): the small/medium/large lists,
 * coalescing inside a page, pages going back, header units, ksize of
 * large kmallocs and bad input, large cache objects checked before their
 * cache.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include "buddy.h"
#include "internal.h"
#include "slob.h"
#include "kfence_pause_test.h"

static bool page_on_list(struct page *page, unsigned int l)
{
	struct page *pos;

	for (unsigned int c = 0; c < SLOB_NR_CLASSES; c++)
		list_for_each_entry(pos, &slob_lists[l].class[c], slob_list)
			if (pos == page)
				return true;
	return false;
}

/* Requests of each size class land on pages of their own list. */
static void slob_chooses_lists(struct ktest *test)
{
	static const struct {
		size_t size;
		unsigned int list;
	} map[] = {
		{ 1, SLOB_SMALL },
		{ 200, SLOB_SMALL },
		{ 247, SLOB_SMALL },
		{ 248, SLOB_MEDIUM }, /* + 8-byte header */
		{ 600, SLOB_MEDIUM },
		{ 1015, SLOB_MEDIUM },
		{ 1016, SLOB_LARGE },
		{ 3000, SLOB_LARGE },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(map); i++) {
		char *p = kmalloc(map[i].size, GFP_KERNEL);
		struct page *page;

		KTEST_ASSERT_NOT_NULL(test, p);
		page = virt_to_page(p);
		KTEST_EXPECT_TRUE(test, PageSlob(page));
		KTEST_EXPECT_EQ_MSG(test,
				    slob_list_index(map[i].size + SLOB_UNIT),
				    map[i].list, "size %zu", map[i].size);
		/* A page with room left stays on its list. */
		if (page->slob_units)
			KTEST_EXPECT_TRUE_MSG(test,
					      page_on_list(page, map[i].list),
					      "size %zu", map[i].size);
		for (unsigned int l = 0; l < SLOB_NR_LISTS; l++)
			if (l != map[i].list)
				KTEST_EXPECT_FALSE_MSG(test,
						       page_on_list(page, l),
						       "size %zu list %u",
						       map[i].size, l);
		kfree(p);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Two 2000-byte objects fill most of a large-list page; freeing them in
 * either order coalesces the page and gives it back to buddy.
 */
static void slob_coalesces_and_frees_pages(struct ktest *test)
{
	unsigned long held = kmalloc_stats_now().pages_held;
	char *a = kmalloc(2000, GFP_KERNEL), *b = kmalloc(2000, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	if (virt_to_page(a) != virt_to_page(b)) {
		kfree(a);
		kfree(b);
		ktest_skip(test, "a partly used page took one of them");
	}
	/* Each object takes its header unit plus its rounded size. */
	KTEST_EXPECT_EQ(test, virt_to_page(a)->slob_units,
			(int)(SLOB_PAGE_UNITS - 2 * (2000 / SLOB_UNIT + 1)));
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held + 1);
	kfree(a);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(b);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* ksize: the rounded size for small objects, whole blocks for large ones. */
static void slob_ksize(struct ktest *test)
{
	static const size_t map[][2] = {
		{ 1, 8 },	    { 13, 16 },	    { 100, 104 },
		{ 4087, 4088 },	    { 4088, 4096 }, { 4097, 8192 },
		{ 100000, 131072 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(map); i++) {
		void *p = kmalloc(map[i][0], GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_EQ_MSG(test, ksize(p), map[i][1], "size %zu",
				    map[i][0]);
		kfree(p);
	}
}

/* Power-of-two sizes are naturally aligned despite the header unit. */
static void slob_power_of_two_alignment(struct ktest *test)
{
	for (size_t size = 8; size <= 2048; size <<= 1) {
		void *p[3];

		for (int i = 0; i < 3; i++) {
			p[i] = kmalloc(size, GFP_KERNEL);
			KTEST_ASSERT_NOT_NULL(test, p[i]);
			KTEST_EXPECT_EQ_MSG(test,
					    (unsigned long)p[i] & (size - 1),
					    0UL, "size %zu", size);
		}
		for (int i = 0; i < 3; i++)
			kfree(p[i]);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Each bad kfree is reported, counted, refused; the heap goes on. */
static void slob_bad_input(struct ktest *test)
{
	static char not_heap[16];
	unsigned long bad = kmalloc_stats_now().bad_input;
	char *p = kmalloc(100, GFP_KERNEL), *q = kmalloc(100, GFP_KERNEL);
	u32 saved[2];

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_NOT_NULL(test, q);
	kfree(p + 16); /* interior pointer */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	kfree(not_heap); /* never handed out */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 2);
	/* The first unit of a SLOB page holds no object's payload. */
	kfree(page_address(virt_to_page(q)));
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 3);
	kfree(p + 4); /* not on a unit */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 4);
	bad += 2;
	memcpy(saved, p - 8, 8);
	memset(p - 8, 0x41, 8); /* header overwritten */
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 3);
	memcpy(p - 8, saved, 8);
	kfree(p);
	kfree(p); /* double free */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 4);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(q);
	p = kmalloc(100, GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(test, p);
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Cache objects have a header unit naming their cache (so kfree() takes
 * them): 24-byte objects are 32 bytes apart.
 */
static void slob_cache_objects_have_a_header(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("wb_slob24", 24, 0, 0, NULL);
	unsigned long bad = kmalloc_stats_now().bad_input;
	char *a, *b;

	KTEST_ASSERT_NOT_NULL(test, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_EXPECT_EQ(test, (long)(b > a ? b - a : a - b), 32L);
	kmem_cache_free(s, a);
	kmem_cache_free(s, a); /* double free: a lies in a free block */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	kmem_cache_free(s, b);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(s);
}

/*
 * A large kmalloc handed to a small cache's kmem_cache_free() is refused:
 * the cache's objects never live outside SLOB pages.
 */
static void slob_cache_free_refuses_large_kmalloc(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("wb_slob32", 32, 0, 0, NULL);
	struct kmalloc_stats before, after;
	char *big;

	KTEST_ASSERT_NOT_NULL(test, s);
	big = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, big);
	before = kmalloc_stats_now();
	kmem_cache_free(s, big);
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, after.bad_input, before.bad_input + 1);
	KTEST_EXPECT_EQ(test, after.nr_frees, before.nr_frees);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	KTEST_EXPECT_EQ(test, ksize(big), 2 * PAGE_SIZE);
	KTEST_EXPECT_EQ(test, s->live, 0);
	kfree(big);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(s);
}

/*
 * A cache object larger than alloc_pages()' largest block (order
 * MAX_ORDER - 1, 4 MiB) comes, as a kmalloc() that large, from a buddy
 * block of a higher order (up to BUDDY_MAX_ORDER - 1): SLOB serves an
 * 8 MiB object, page aligned, named by its head page, which only its own
 * cache takes back (an interior pointer is refused, not freed).
 */
static void slob_cache_object_above_max_order(struct ktest *test)
{
	const size_t size = PAGE_SIZE << MAX_ORDER;
	struct kmem_cache *s =
		kmem_cache_create("wb_slob8m", size, PAGE_SIZE, 0, NULL);
	struct kmalloc_stats before;
	struct page *head;
	char *p;

	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_EXPECT_NULL(test,
			  alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER));
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	head = virt_to_page(p);
	KTEST_EXPECT_EQ(test, (unsigned long)p % PAGE_SIZE, 0);
	KTEST_EXPECT_TRUE(test, PageLargeKmalloc(head));
	KTEST_EXPECT_EQ(test, head->private, MAX_ORDER);
	KTEST_EXPECT_PTR_EQ(test, head->large_cache, s);
	KTEST_EXPECT_EQ(test, ksize(p), size);
	memset(p, 0x5a, size);
	before = kmalloc_stats_now();
	kmem_cache_free(s, p + PAGE_SIZE);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 1);
	KTEST_EXPECT_EQ(test, s->live, 1);
	kmem_cache_free(s, p);
	KTEST_EXPECT_EQ(test, s->live, 0);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(s);
}

/*
 * kmem_cache_free() of a large cache object checks the pointer before the
 * cache: another cache given an interior pointer gets "interior pointer
 * free", and the object's own cache given it once freed a "double free";
 * neither frees anything.
 */
static void slob_large_cache_object_checked(struct ktest *test)
{
	struct kmem_cache *s =
		kmem_cache_create("wb_slob2p", 2 * PAGE_SIZE, 0, 0, NULL);
	struct kmem_cache *t = kmem_cache_create("wb_slob40", 40, 0, 0, NULL);
	struct kmalloc_stats before;
	char *p;

	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_ASSERT_NOT_NULL(test, t);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	kmem_cache_free(t, p + PAGE_SIZE);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "interior pointer free"),
			1);
	KTEST_EXPECT_EQ(test, s->live, 1);
	kmem_cache_free(s, p);
	KTEST_EXPECT_EQ(test, s->live, 0);
	kmem_cache_free(s, p);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "double free"), 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input,
			before.bad_input + 2);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees,
			before.nr_frees + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(t);
	kmem_cache_destroy(s);
}

/*
 * Free-space classes: exact below SLOB_CLASS_EXACT units, then four per
 * power of two; every size of a class lies in [min(c), min(c + 1)).
 */
static void slob_free_space_classes(struct ktest *test)
{
	static const unsigned int map[][2] = {
		{ 1, 1 },    { 7, 7 },	  { 8, 8 },    { 9, 8 },    { 10, 9 },
		{ 15, 11 },  { 16, 12 },  { 20, 13 },  { 139, 24 }, { 148, 24 },
		{ 160, 25 }, { 261, 28 }, { 511, 31 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(map); i++)
		KTEST_EXPECT_EQ_MSG(test, slob_class(map[i][0]), map[i][1],
				    "units %u", map[i][0]);
	KTEST_EXPECT_EQ(test, slob_class_min(SLOB_NR_CLASSES),
			(unsigned int)SLOB_PAGE_UNITS);
	for (unsigned int u = 1; u < SLOB_PAGE_UNITS; u++) {
		unsigned int c = slob_class(u);

		KTEST_ASSERT_LT_MSG(test, c, SLOB_NR_CLASSES, "units %u", u);
		KTEST_EXPECT_TRUE_MSG(test,
				      slob_class_min(c) <= u &&
					      u < slob_class_min(c + 1),
				      "units %u class %u", u, c);
	}
}

/*
 * Best fit among pages: a request goes to the page whose largest free
 * block is the smallest that holds it, not to the page that served last
 * (Linux's SLOB took the first page of its list from there).
 */
static void slob_best_fit_among_pages(struct ktest *test)
{
	/* 2900 + 8 bytes leave 148 units, 2000 + 8 leave 261 units. */
	char *tight = kmalloc(2900, GFP_KERNEL), *roomy, *p;

	KTEST_ASSERT_NOT_NULL(test, tight);
	roomy = kmalloc(2000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, roomy);
	if (virt_to_page(tight) == virt_to_page(roomy)) {
		kfree(tight);
		kfree(roomy);
		ktest_skip(test, "a partly used page took both");
	}
	KTEST_EXPECT_EQ(test, virt_to_page(roomy)->slob_largest, 261);
	/* 1100 + 8 bytes: 139 units, which both pages can hold. */
	p = kmalloc(1100, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_PTR_NE(test, virt_to_page(p), virt_to_page(roomy));
	KTEST_EXPECT_EQ(test, virt_to_page(roomy)->slob_largest, 261);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(p);
	kfree(roomy);
	kfree(tight);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case slob_cases[] = {
	KTEST_CASE(slob_free_space_classes),
	KTEST_CASE(slob_best_fit_among_pages),
	KTEST_CASE(slob_chooses_lists),
	KTEST_CASE(slob_coalesces_and_frees_pages),
	KTEST_CASE(slob_ksize),
	KTEST_CASE(slob_power_of_two_alignment),
	KTEST_CASE(slob_bad_input),
	KTEST_CASE(slob_cache_objects_have_a_header),
	KTEST_CASE(slob_cache_free_refuses_large_kmalloc),
	KTEST_CASE(slob_cache_object_above_max_order),
	KTEST_CASE(slob_large_cache_object_checked),
	{}
};

static struct ktest_suite slob_suite = {
	.name = "slob",
	.cases = slob_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(slob_suite);
