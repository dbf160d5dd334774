// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the slab allocator (mm/slab.c): size classes, slab
 * transitions between full, partial and empty, empty slabs going back to
 * the buddy allocator, large kmallocs, constructors and bad input.
 */
#include <ktest.h>
#include <kmlab/slab.h>
#include <kmlab/poison.h>
#include <kmlab/errno.h>
#include "buddy.h"
#include "internal.h"
#include "slab_cache.h"
#include "kfence_pause_test.h"

/* Each size goes to the smallest class that holds it. */
static void slab_size_classes(struct ktest *test)
{
	static const unsigned int map[][2] = {
		{ 1, 8 },	{ 8, 8 },	{ 9, 16 },     { 17, 24 },
		{ 25, 32 },	{ 33, 48 },	{ 49, 64 },    { 65, 96 },
		{ 97, 128 },	{ 129, 192 },	{ 193, 256 },  { 257, 384 },
		{ 385, 512 },	{ 513, 768 },	{ 769, 1024 }, { 1025, 1536 },
		{ 1537, 2048 }, { 2048, 2048 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(map); i++) {
		void *p = kmalloc(map[i][0], GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_EQ_MSG(test,
				    slab_kmalloc_cache(map[i][0])->object_size,
				    map[i][1], "size %u", map[i][0]);
		KTEST_EXPECT_EQ_MSG(test, ksize(p), (size_t)map[i][1],
				    "size %u", map[i][0]);
		kfree(p);
	}
}

/* ksize() of kmallocs above the largest class: whole buddy blocks. */
static void slab_large_kmalloc_ksize(struct ktest *test)
{
	static const size_t map[][2] = {
		{ 2049, 4096 }, { 4096, 4096 },	  { 4097, 8192 },
		{ 5000, 8192 }, { 65536, 65536 }, { 1 << 20, 1 << 20 },
	};
	unsigned long held = kmalloc_stats_now().pages_held;

	for (unsigned int i = 0; i < ARRAY_SIZE(map); i++) {
		char *p = kmalloc(map[i][0], GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_EQ(test, ksize(p), map[i][1]);
		KTEST_EXPECT_EQ(test, (unsigned long)p & (PAGE_SIZE - 1), 0UL);
		KTEST_EXPECT_TRUE(test, PageLargeKmalloc(virt_to_page(p)));
		KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held,
				held + map[i][1] / PAGE_SIZE);
		kfree(p);
		KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held);
	}
}

/*
 * A cache of 504-byte objects (no size class has that stride, so it is not
 * merged) has 8 per order-0 slab (8 of 512 bytes with redzones). Walk one
 * slab through partial, full, partial and empty, and check that past
 * SLAB_MAX_EMPTY empty slabs go back to the buddy allocator.
 */
#define OBJS 8
#define NSLABS 4
static void slab_transitions(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("wb_504", 504, 0, 0, NULL);
	unsigned int full, partial, empty;
	void *obj[NSLABS * OBJS];
	struct slab_cache *c;
	unsigned long held;
	int objs;

	KTEST_ASSERT_NOT_NULL(test, s);
	c = s->priv;
	KTEST_ASSERT_EQ(test, c->refcount, 1u); /* a cache of its own */
	objs = c->objects;
	KTEST_ASSERT_LE(test, objs, OBJS);
	KTEST_ASSERT_GE(test, objs, 2);
	KTEST_ASSERT_EQ(test, c->order, 0u);
	held = kmalloc_stats_now().pages_held;

	obj[0] = kmem_cache_alloc(s, GFP_KERNEL);
	slab_count_states(c, &full, &partial, &empty);
	KTEST_EXPECT_EQ(test, partial, 1u);
	KTEST_EXPECT_EQ(test, full + empty, 0u);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held + 1);

	for (int i = 1; i < NSLABS * objs; i++)
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
	slab_count_states(c, &full, &partial, &empty);
	KTEST_EXPECT_EQ(test, full, (unsigned int)NSLABS);
	KTEST_EXPECT_EQ(test, c->nr_full, NSLABS - 1u); /* + current slab */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held + NSLABS);
	/* Objects of one slab share its page, laid out by the stride. */
	KTEST_EXPECT_TRUE(test,
			  virt_to_page(obj[0]) == virt_to_page(obj[objs - 1]));

	/* The first slab (on the full list) goes partial ... */
	kmem_cache_free(s, obj[0]);
	KTEST_EXPECT_EQ(test, c->nr_full, NSLABS - 2u);
	KTEST_EXPECT_EQ(test, c->nr_partial, 1u);
	/* ... and empty: kept up to SLAB_MAX_EMPTY, else back to buddy. */
	for (int i = 1; i < objs; i++)
		kmem_cache_free(s, obj[i]);
	KTEST_EXPECT_EQ(test, c->nr_partial, 0u);
	KTEST_EXPECT_EQ(test, c->nr_empty,
			min(1u, (unsigned int)SLAB_MAX_EMPTY));
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held,
			held + NSLABS - (SLAB_MAX_EMPTY ? 0 : 1));
	/* A second empty slab is one too many: it goes back to buddy. */
	for (int i = objs; i < 2 * objs; i++)
		kmem_cache_free(s, obj[i]);
	KTEST_EXPECT_EQ(test, c->nr_empty, (unsigned int)SLAB_MAX_EMPTY);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held,
			held + NSLABS - 2 + SLAB_MAX_EMPTY);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);

	for (int i = 2 * objs; i < NSLABS * objs; i++)
		kmem_cache_free(s, obj[i]);
	slab_count_states(c, &full, &partial, &empty);
	KTEST_EXPECT_EQ(test, full + partial, 0u);
	KTEST_EXPECT_LE(test, c->nr_slabs, 1u + SLAB_MAX_EMPTY);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held);
}

/*
 * kmem_cache_shrink() keeps a slab with an object in use (and returns 1,
 * as Linux) and gives back the empty ones, the current slab included,
 * which a free keeps: pages_held is back at its figure before the first
 * allocation. With CONFIG_SLAB_CPU_CACHE the objects this CPU's array
 * holds go back first (slab_cpu's suite checks every CPU's).
 */
static void slab_shrink(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("wb_shrink", 504, 0, 0, NULL);
	struct slab_cache *c;
	unsigned long held;
	void *obj[2];

	KTEST_ASSERT_NOT_NULL(test, s);
	c = s->priv;
	KTEST_ASSERT_EQ(test, c->refcount, 1u); /* a cache of its own */
	held = kmalloc_stats_now().pages_held;
	obj[0] = kmem_cache_alloc(s, GFP_KERNEL);
	obj[1] = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, obj[0]);
	KTEST_ASSERT_NOT_NULL(test, obj[1]);
	kmem_cache_free(s, obj[1]);
	KTEST_EXPECT_EQ(test, kmem_cache_shrink(s), 1);
	KTEST_EXPECT_EQ(test, c->nr_slabs, 1u);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held + 1);

	kmem_cache_free(s, obj[0]);
	KTEST_EXPECT_GT(test, kmalloc_stats_now().pages_held, held);
	KTEST_EXPECT_EQ(test, kmem_cache_shrink(s), 0);
	KTEST_EXPECT_EQ(test, c->nr_slabs, 0u);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	/* The cache still works: a new slab when needed. */
	obj[0] = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(test, obj[0]);
	kmem_cache_free(s, obj[0]);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held);
}

static unsigned int ctor_calls;
static void wb_ctor(void *p)
{
	ctor_calls++;
	*(u32 *)p = 0xc0ffee;
}

static void wb_merge_ctor(void *p)
{
	*(u32 *)p = 0;
}

/* The constructor runs once per object when its slab is made. */
static void slab_ctor_once_per_object(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("wb_ctor", 100, 0, 0, wb_ctor);
	struct slab_cache *c;
	u32 *p;

	KTEST_ASSERT_NOT_NULL(test, s);
	c = s->priv;
	ctor_calls = 0;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(test, ctor_calls, c->objects);
	KTEST_EXPECT_EQ(test, *p, 0xc0ffeeu);
	/* Constructed state survives a free: the free pointer is elsewhere. */
	kmem_cache_free(s, p);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_EQ(test, *p, 0xc0ffeeu);
	KTEST_EXPECT_EQ(test, ctor_calls, c->objects);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

/* Each bad kfree is reported, counted, refused; the heap goes on. */
static void slab_bad_input(struct ktest *test)
{
	static char not_heap[16];
	unsigned long bad = kmalloc_stats_now().bad_input;
	char *p = kmalloc(64, GFP_KERNEL), *q;

	KTEST_ASSERT_NOT_NULL(test, p);
	kfree(p + 8); /* interior pointer */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	kfree(not_heap); /* never handed out */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 2);
	kfree(p);
	kfree(p); /* double free: p heads its slab's free list */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 3);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	/* The slab is intact: p comes back once, not twice. */
	p = kmalloc(64, GFP_KERNEL);
	q = kmalloc(64, GFP_KERNEL);
	KTEST_EXPECT_PTR_NE(test, p, q);
	kfree(q);
	kfree(p);

	p = kmalloc(10000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	kfree(p + PAGE_SIZE); /* inside a large kmalloc */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 4);
	kfree(p);
	kfree(p); /* its pages are free now */
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 5);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * The inline fast paths' shortcuts (<kmlab/slab_def.h>): kmalloc_index()
 * agrees with the size class table, constant sizes get the right class,
 * the divisibility test agrees with %, and kfree of a multiple of the
 * object size in a slab's tail is still refused.
 */
static void slab_fast_path_checks(struct ktest *test)
{
	unsigned long bad = kmalloc_stats_now().bad_input;
	const struct slab_cache *c48;
	char *p, *tail;

	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++)
		KTEST_EXPECT_PTR_EQ_MSG(test,
					&kmalloc_caches[kmalloc_index(size)],
					kmalloc_cache_of[(size - 1) >> 3],
					"size %zu", size);
	p = kmalloc(100, GFP_KERNEL); /* a constant: the class is folded */
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(test, ksize(p), (size_t)128);
	kfree(p);
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++) {
		const struct slab_cache *c = &kmalloc_caches[i];
		unsigned int wrong = 0;

		for (u32 off = 0; off < PAGE_SIZE; off++)
			wrong += ((u32)(off * c->div_magic) < c->div_magic) !=
				 (off % c->size == 0);
		KTEST_EXPECT_EQ_MSG(test, wrong, 0u, "%s", c->name);
	}
	/*
	 * kmalloc-48: 85 objects in 4080 bytes of a one-page slab (73 in
	 * 4088 with redzones); that offset is a multiple of the stride.
	 */
	c48 = slab_kmalloc_cache(48);
	KTEST_ASSERT_EQ(test, c48->order, 0u);
	KTEST_ASSERT_TRUE(test, c48->slab_used < PAGE_SIZE);
	p = kmalloc(48, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	tail = (char *)((unsigned long)p & PAGE_MASK) + c48->slab_used;
	kfree(tail);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	kfree(p + 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 2);
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 2);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * kmem_cache_free()'s quick paths (slab_free_quick()): an object in the
 * tail page of a two-page slab, the full current slab, an interior
 * pointer and a double free there still refused; a one-object slab that
 * is the current slab stays current when its object is freed.
 */
static void slab_cache_free_quick_paths(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("wb_1100", 1100, 0, 0, NULL);
	struct kmem_cache *one = kmem_cache_create("wb_3000", 3000, 0, 0, NULL);
	unsigned long bad = kmalloc_stats_now().bad_input, held;
	struct slab_cache *c;
	void *obj[16], *a, *b;
	int n, tail = -1;

	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_ASSERT_NOT_NULL(test, one);
	c = s->priv;
	KTEST_ASSERT_EQ(test, c->order, 1u);
	n = c->objects;
	KTEST_ASSERT_LE(test, n, 16);
	for (int i = 0; i < n; i++) {
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, obj[i]);
		if (tail < 0 && virt_to_page(obj[i]) != virt_to_page(obj[0]))
			tail = i;
	}
	KTEST_ASSERT_GE(test, tail, 1);
	kmem_cache_free(s, (char *)obj[tail] + 8);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	kmem_cache_free(s, obj[tail]);
	KTEST_EXPECT_EQ(test, c->nr_allocs - c->nr_frees, n - 1UL);
	kmem_cache_free(s, obj[tail]);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 2);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (int i = 0; i < n; i++)
		if (i != tail)
			kmem_cache_free(s, obj[i]);
	KTEST_EXPECT_EQ(test, c->nr_allocs - c->nr_frees, 0UL);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);

	KTEST_ASSERT_EQ(test, ((struct slab_cache *)one->priv)->objects, 1u);
	a = kmem_cache_alloc(one, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, a);
	held = kmalloc_stats_now().pages_held;
	kmem_cache_free(one, a);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held);
	b = kmem_cache_alloc(one, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, b, a);
	kmem_cache_free(one, b);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(one);
	kmem_cache_destroy(s);
}

/* With poisoning, a double free deep in the free list is found too. */
static void slab_double_free_poisoned(struct ktest *test)
{
	unsigned long bad = kmalloc_stats_now().bad_input;
	void *a, *b;

	if (!IS_ENABLED(CONFIG_KMALLOC_POISON))
		ktest_skip(test, "needs CONFIG_KMALLOC_POISON");
	a = kmalloc(32, GFP_KERNEL);
	b = kmalloc(32, GFP_KERNEL);
	kfree(a);
	kfree(b); /* a is no longer the free list head */
	kfree(a);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* With redzones, a write past the class size is reported at kfree. */
static void slab_redzone_overwrite(struct ktest *test)
{
	unsigned long bad = kmalloc_stats_now().bad_input;
	char *p;

	if (!IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		ktest_skip(test, "needs CONFIG_KMALLOC_REDZONE");
	p = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	p[64] = 0; /* one past the end */
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * CONFIG_KMALLOC_POISON: a write into a freed object is found by
 * kmalloc_validate() on its slab's free list and, when the object is
 * handed out again, reported as a use after free, the object zeroed. A
 * live object whose bytes happen to equal the poison is freed as any
 * other, not taken for a double free.
 */
static void slab_poison_checks(struct ktest *test)
{
	struct kmem_cache *s;
	unsigned long bad;
	char line[112];
	u8 *p, *pin, *q;

	if (!IS_ENABLED(CONFIG_KMALLOC_POISON))
		ktest_skip(test, "needs CONFIG_KMALLOC_POISON");
	s = kmem_cache_create("wb_poison", 64, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, s);
	pin = kmem_cache_alloc(s, GFP_KERNEL); /* keeps the slab in use */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, pin);
	KTEST_ASSERT_NOT_NULL(test, p);
	bad = kmalloc_stats_now().bad_input;
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	memset(p, POISON_FREE, 64);
	kmem_cache_free(s, p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad);
	/* p heads the free list, poisoned: write after free. */
	p[20] = 0;
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	snprintf(
		line, sizeof(line),
		"kmalloc: validate: slab wb_poison: pfn %#lx: free object %p poison overwritten",
		page_to_pfn(virt_to_page(p)), p);
	KTEST_EXPECT_LOG_CONTAINS(test, line);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, q, p);
	snprintf(
		line, sizeof(line),
		"kmalloc: poison overwritten (use after free) of 0x%08lx (caller slab_poison_checks+0x",
		(unsigned long)p);
	KTEST_EXPECT_LOG_CONTAINS(test, line);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	KTEST_EXPECT_PTR_EQ(test, memchr_inv(q, 0, 64), NULL);
	kmem_cache_free(s, q);
	kmem_cache_free(s, pin);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	ktest_log_capture_stop(test);
	kmem_cache_destroy(s);
}

/*
 * CONFIG_KMALLOC_REDZONE: kmalloc_validate() finds a live object's
 * overwritten redzone and names the object; with the byte put back the
 * walk is clean and the free reports nothing.
 */
static void slab_redzone_validate(struct ktest *test)
{
	struct kmem_cache *s;
	unsigned long bad;
	char line[96];
	u8 *p;

	if (!IS_ENABLED(CONFIG_KMALLOC_REDZONE))
		ktest_skip(test, "needs CONFIG_KMALLOC_REDZONE");
	s = kmem_cache_create("wb_redzone", 64, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	bad = kmalloc_stats_now().bad_input;
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	p[64] = 0; /* the first redzone byte */
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	snprintf(
		line, sizeof(line),
		"kmalloc: validate: slab wb_redzone: object %p: redzone overwritten",
		p);
	KTEST_EXPECT_LOG_CONTAINS(test, line);
	p[64] = SLUB_RED_ACTIVE;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_free(s, p);
	ktest_log_capture_stop(test);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad);
	kmem_cache_destroy(s);
}

/*
 * A cache's slab must be a page block (order < MAX_ORDER): objects of a
 * page less than PAGE_SIZE << (MAX_ORDER - 1) bytes (room for a redzone)
 * get one per slab of the largest order; objects of PAGE_SIZE << MAX_ORDER
 * bytes make kmem_cache_create() refuse the cache, with its report line,
 * and leave nothing allocated.
 */
static void slab_cache_order_limit(struct ktest *test)
{
	const size_t largest = (PAGE_SIZE << (MAX_ORDER - 1)) - PAGE_SIZE;
	unsigned long live = kmalloc_stats_now().live_objects;
	struct kmem_cache *s;
	char line[128];

	s = kmem_cache_create("wb_largest", largest, PAGE_SIZE, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_EXPECT_EQ(test, ((struct slab_cache *)s->priv)->order,
			MAX_ORDER - 1);
	KTEST_EXPECT_EQ(test, ((struct slab_cache *)s->priv)->objects, 1u);
	kmem_cache_destroy(s);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, kmem_cache_create("wb_too_big",
						  PAGE_SIZE << MAX_ORDER,
						  PAGE_SIZE, 0, NULL));
	snprintf(
		line, sizeof(line),
		"kmem_cache_create wb_too_big: buddy+slab backend cannot create it: size %lu, align %lu (%d, caller slab_cache_order_limit+0x",
		PAGE_SIZE << MAX_ORDER, PAGE_SIZE, -EINVAL);
	KTEST_EXPECT_LOG_CONTAINS(test, line);
	ktest_log_capture_stop(test);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().live_objects, live);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * kmem_cache_free() of memory no slab holds: a large kmalloc is a free to
 * the wrong cache, a page from alloc_pages() an invalid free. Both are
 * reported with the caller and refused: the large kmalloc is still live
 * (kfree() frees it), the page is still the caller's.
 */
static void slab_cache_free_not_slab(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("wb_not_slab", 64, 0, 0, NULL);
	unsigned long bad = kmalloc_stats_now().bad_input;
	struct page *page = alloc_page(GFP_KERNEL);
	void *large = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	char line[112];

	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_ASSERT_NOT_NULL(test, page);
	KTEST_ASSERT_NOT_NULL(test, large);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	kmem_cache_free(s, large);
	snprintf(
		line, sizeof(line),
		"kmalloc: free to the wrong cache of 0x%08lx (caller slab_cache_free_not_slab+0x",
		(unsigned long)large);
	KTEST_EXPECT_LOG_CONTAINS(test, line);
	kmem_cache_free(s, page_address(page));
	snprintf(
		line, sizeof(line),
		"kmalloc: invalid free of 0x%08lx (caller slab_cache_free_not_slab+0x",
		(unsigned long)page_address(page));
	KTEST_EXPECT_LOG_CONTAINS(test, line);
	ktest_log_capture_stop(test);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 2);
	KTEST_EXPECT_EQ(test, ksize(large), (size_t)4 * PAGE_SIZE);
	kfree(large);
	__free_page(page);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 2);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * The merge decision (Linux's find_mergeable() rules): a constructor,
 * SLAB_POISON, SLAB_RED_ZONE, "slab_nomerge" or the KMALLOC_POISON/REDZONE
 * options keep a cache apart; otherwise the kmalloc class of the same
 * stride, with the alignment taken into the stride.
 */
static void slab_merge_rules(struct ktest *test)
{
	bool debug = IS_ENABLED(CONFIG_KMALLOC_POISON) ||
		     IS_ENABLED(CONFIG_KMALLOC_REDZONE);
	static const struct {
		unsigned int size, align, class;
	} fits[] = {
		{ 64, 0, 64 },	  { 60, 8, 64 },       { 8, 0, 8 },
		{ 1, 0, 8 },	  { 48, 16, 48 },      { 48, 32, 64 },
		{ 24, 16, 32 },	  { 96, 64, 128 },     { 2048, 0, 2048 },
		{ 100, 64, 128 }, { 1536, 512, 1536 }, { 1536, 1024, 2048 },
	};

	KTEST_EXPECT_EQ(test, slab_merge_allowed(0, NULL, false), !debug);
	KTEST_EXPECT_FALSE(test, slab_merge_allowed(0, NULL, true));
	KTEST_EXPECT_FALSE(test, slab_merge_allowed(0, wb_merge_ctor, false));
	KTEST_EXPECT_FALSE(test, slab_merge_allowed(SLAB_POISON, NULL, false));
	KTEST_EXPECT_FALSE(test,
			   slab_merge_allowed(SLAB_RED_ZONE, NULL, false));
	KTEST_EXPECT_EQ(test,
			slab_merge_allowed(SLAB_HWCACHE_ALIGN, NULL, false),
			!debug);

	for (unsigned int i = 0; i < ARRAY_SIZE(fits); i++) {
		struct slab_cache *want = slab_kmalloc_cache(fits[i].class);

		KTEST_EXPECT_PTR_EQ_MSG(test,
					slab_find_mergeable(fits[i].size,
							    fits[i].align, 0,
							    NULL, false),
					debug ? NULL : want, "size %u align %u",
					fits[i].size, fits[i].align);
		/* Never with the parameter, a constructor or debug flags. */
		KTEST_EXPECT_NULL(test, slab_find_mergeable(fits[i].size,
							    fits[i].align, 0,
							    NULL, true));
		KTEST_EXPECT_NULL(
			test, slab_find_mergeable(fits[i].size, fits[i].align,
						  0, wb_merge_ctor, false));
		KTEST_EXPECT_NULL(
			test, slab_find_mergeable(fits[i].size, fits[i].align,
						  SLAB_POISON, NULL, false));
		KTEST_EXPECT_NULL(
			test, slab_find_mergeable(fits[i].size, fits[i].align,
						  SLAB_RED_ZONE, NULL, false));
	}
	/* Strides between the classes, or above them, have no kmalloc cache. */
	KTEST_EXPECT_NULL(test, slab_find_mergeable(56, 0, 0, NULL, false));
	KTEST_EXPECT_NULL(test, slab_find_mergeable(1000, 0, 0, NULL, false));
	KTEST_EXPECT_NULL(test, slab_find_mergeable(2056, 0, 0, NULL, false));
	/* 192 bytes at 128: a 256-byte stride, which is kmalloc-256's. */
	KTEST_EXPECT_PTR_EQ(test, slab_find_mergeable(192, 128, 0, NULL, false),
			    debug ? NULL : slab_kmalloc_cache(256));
}

/*
 * kmem_caches of a kmalloc class's stride are aliases of it: they share its
 * slabs, count in its statistics by the same bytes, and a free to a
 * sibling alias is accepted; destroying one drops a reference.
 */
static void slab_merge_kmalloc_alias(struct ktest *test)
{
	struct slab_cache *k64 = slab_kmalloc_cache(64);
	unsigned int refs = k64->refcount;
	struct kmalloc_stats before = kmalloc_stats_now(), base, now;
	struct kmem_cache *a, *b;
	bool merge = slab_merge_allowed(0, NULL, slab_nomerge);
	void *pa, *pb, *pk;

	a = kmem_cache_create("wb_merge64a", 64, 0, 0, NULL);
	b = kmem_cache_create("wb_merge64b", 60, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	if (!merge) {
		KTEST_EXPECT_PTR_NE(test, a->priv, k64);
		KTEST_EXPECT_PTR_NE(test, a->priv, b->priv);
		KTEST_EXPECT_EQ(test, k64->refcount, refs);
		kmem_cache_destroy(b);
		kmem_cache_destroy(a);
		ktest_skip(test, "merging is off (slab_nomerge or debug)");
	}
	KTEST_EXPECT_PTR_EQ(test, a->priv, k64);
	KTEST_EXPECT_PTR_EQ(test, b->priv, k64);
	KTEST_EXPECT_EQ(test, k64->refcount, refs + 2);

	base = kmalloc_stats_now(); /* a and b themselves are kmallocs */
	pa = kmem_cache_alloc(a, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, pa);
	pb = kmem_cache_alloc(b, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, pb);
	pk = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, pk);
	KTEST_EXPECT_PTR_EQ(test,
			    (void *)compound_head(virt_to_page(pa))->slab_cache,
			    (void *)k64);
	KTEST_EXPECT_EQ(test, ksize(pb), (size_t)64);
	now = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, now.live_objects, base.live_objects + 3);
	KTEST_EXPECT_EQ(test, now.live_bytes, base.live_bytes + 3 * 64);

	/* Freed to the sibling alias: accepted, as in Linux. */
	kmem_cache_free(b, pa);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, before.bad_input);
	/* The generic per-kmem_cache counts now disagree; put them back. */
	a->live--;
	b->live++;
	kmem_cache_free(b, pb);
	kfree(pk);

	/* Destroying one alias keeps the cache and the other alias. */
	kmem_cache_destroy(a);
	KTEST_EXPECT_EQ(test, k64->refcount, refs + 1);
	KTEST_EXPECT_PTR_EQ(test, b->priv, k64);
	pb = kmem_cache_alloc(b, GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(test, pb);
	kmem_cache_free(b, pb);
	kmem_cache_destroy(b);
	KTEST_EXPECT_EQ(test, k64->refcount, refs);
	now = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, now.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, now.live_bytes, before.live_bytes);
	KTEST_EXPECT_EQ(test, now.bad_input, before.bad_input);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Two kmem_caches of a stride no class has: the second is an alias of the
 * first. A third alias's destroy leaves the creator's name; the first's
 * destroy keeps the slabs for the second (the cache is renamed
 * ":merged"); the last destroy returns every page.
 */
static void slab_merge_cache_alias(struct ktest *test)
{
	unsigned long held = kmalloc_stats_now().pages_held;
	struct kmem_cache *x, *y, *z;
	struct slab_cache *c;
	void *p[12];

	if (!slab_merge_allowed(0, NULL, slab_nomerge))
		ktest_skip(test, "merging is off (slab_nomerge or debug)");
	x = kmem_cache_create("wb_merge1000x", 1000, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, x);
	c = x->priv;
	KTEST_ASSERT_EQ(test, c->refcount, 1u);
	KTEST_EXPECT_TRUE(test, c->mergeable);
	y = kmem_cache_create("wb_merge1000y", 1000, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, y);
	KTEST_EXPECT_PTR_EQ(test, y->priv, (void *)c);
	KTEST_EXPECT_EQ(test, c->refcount, 2u);
	KTEST_EXPECT_STREQ(test, c->name, "wb_merge1000x");
	/* An alias that is not the creator goes without renaming it. */
	z = kmem_cache_create("wb_merge1000z", 1000, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, z);
	KTEST_EXPECT_PTR_EQ(test, z->priv, (void *)c);
	KTEST_EXPECT_EQ(test, c->refcount, 3u);
	kmem_cache_destroy(z);
	KTEST_EXPECT_EQ(test, c->refcount, 2u);
	KTEST_EXPECT_STREQ(test, c->name, "wb_merge1000x");
	KTEST_EXPECT_PTR_EQ(test, c->owner, x);

	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = kmem_cache_alloc(y, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p[i]);
	}
	kmem_cache_destroy(x);
	KTEST_EXPECT_EQ(test, c->refcount, 1u);
	KTEST_EXPECT_PTR_EQ(test, y->priv, (void *)c);
	KTEST_EXPECT_STREQ(test, c->name, ":merged");
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		kmem_cache_free(y, p[i]);
	/* With live objects the last alias is not destroyed (leak check). */
	p[0] = kmem_cache_alloc(y, GFP_KERNEL);
	kmem_cache_destroy(y);
	KTEST_EXPECT_EQ(test, c->refcount, 1u);
	KTEST_EXPECT_PTR_EQ(test, y->priv, (void *)c);
	kmem_cache_free(y, p[0]);
	kmem_cache_destroy(y);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().pages_held, held);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Caches with a constructor or debug flags, and any cache created while
 * "slab_nomerge" is set, get slabs of their own; nothing merges into a
 * cache with debug flags; a free to the wrong one of them is refused.
 */
static void slab_merge_refused(struct ktest *test)
{
	struct slab_cache *k64 = slab_kmalloc_cache(64);
	unsigned long bad = kmalloc_stats_now().bad_input;
	bool saved = slab_nomerge;
	struct kmem_cache *s[5];
	void *p, *q;

	s[0] = kmem_cache_create("wb_merge_ctor", 64, 0, 0, wb_merge_ctor);
	s[1] = kmem_cache_create("wb_merge_poison", 1000, 0, SLAB_POISON, NULL);
	s[2] = kmem_cache_create("wb_merge_rz", 64, 0, SLAB_RED_ZONE, NULL);
	slab_nomerge = true;
	s[3] = kmem_cache_create("wb_merge_nomerge", 64, 0, 0, NULL);
	slab_nomerge = saved;
	/* Not an alias of the poisoned cache of the same stride. */
	s[4] = kmem_cache_create("wb_merge_after", 1000, 0, 0, NULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(s); i++) {
		struct slab_cache *c;

		KTEST_ASSERT_NOT_NULL(test, s[i]);
		c = s[i]->priv;
		KTEST_EXPECT_PTR_NE_MSG(test, (void *)c, (void *)k64, "%s",
					s[i]->name);
		KTEST_EXPECT_EQ_MSG(test, c->refcount, 1u, "%s", s[i]->name);
		KTEST_EXPECT_STREQ(test, c->name, s[i]->name);
	}
	KTEST_EXPECT_FALSE(test, ((struct slab_cache *)s[1]->priv)->mergeable);

	/* Wrong-cache frees are still caught for caches of their own. */
	p = kmem_cache_alloc(s[3], GFP_KERNEL);
	q = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_NOT_NULL(test, q);
	kmem_cache_free(s[2], p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 1);
	kmem_cache_free(s[0], q);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 2);
	kmem_cache_free(s[3], p);
	kfree(q);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 2);
	for (unsigned int i = 0; i < ARRAY_SIZE(s); i++)
		kmem_cache_destroy(s[i]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case slab_cases[] = { KTEST_CASE(slab_size_classes),
					  KTEST_CASE(slab_large_kmalloc_ksize),
					  KTEST_CASE(slab_transitions),
					  KTEST_CASE(slab_shrink),
					  KTEST_CASE(slab_ctor_once_per_object),
					  KTEST_CASE(slab_bad_input),
					  KTEST_CASE(slab_fast_path_checks),
					  KTEST_CASE(
						  slab_cache_free_quick_paths),
					  KTEST_CASE(slab_double_free_poisoned),
					  KTEST_CASE(slab_redzone_overwrite),
					  KTEST_CASE(slab_poison_checks),
					  KTEST_CASE(slab_redzone_validate),
					  KTEST_CASE(slab_cache_order_limit),
					  KTEST_CASE(slab_cache_free_not_slab),
					  KTEST_CASE(slab_merge_rules),
					  KTEST_CASE(slab_merge_kmalloc_alias),
					  KTEST_CASE(slab_merge_cache_alias),
					  KTEST_CASE(slab_merge_refused),
					  {} };

static struct ktest_suite slab_suite = {
	.name = "slab",
	.cases = slab_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(slab_suite);
