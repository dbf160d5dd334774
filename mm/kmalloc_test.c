// SPDX-License-Identifier: GPL-2.0
/*
 * The kmalloc contract, tested unchanged on every backend.
 *
 * Suite "kmalloc": the semantics of include/kmlab/slab.h that every
 * backend promises (Documentation/mm/allocators.rst): sizes from 1 byte to
 * several MiB, alignment, no overlap, krealloc, zeroing, overflow, size 0
 * and NULL, all of memblock taken, kmem_cache with a constructor, kfree()
 * of cache objects, alloc_pages, out of memory and
 * recovery, and a seeded random stress against a reference model. Where a
 * rule does not hold for a backend by design (bump never reuses memory)
 * the case skips and says why.
 *
 * Suite "kmalloc_bad": bad input to kfree, ksize, krealloc, free_pages,
 * kmem_cache_free and kmem_cache_destroy. Each bad operation must be
 * reported (kmalloc_stats.bad_input goes up by exactly one), leave
 * the live statistics alone, leave validate() clean, and leave a heap that
 * still serves allocations, and print exactly one line in the documented
 * format "kmalloc: WHAT of 0x%08lx (caller FN+0xOFF/0xSIZE)" (checked by
 * console capture, ktest_log_capture_start()). The out-of-memory warning
 * is checked the same way: once per failure, never with __GFP_NOWARN.
 * What a backend cannot detect by design
 * (backend_info.detects) is skipped, never performed: an undetected bad
 * free would corrupt the heap for every later test.
 *
 * The seed of the random cases is kmalloc_test.seed= (default 1).
 */
#include <ktest.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/errno.h>
#include <kmlab/memblock.h>
#include <kmlab/param.h>
#include <kmlab/random.h>
#include <kmlab/string.h>
#include <ktest/kasan.h>
#include "internal.h"
#include "kfence_pause_test.h"

static unsigned int test_seed = 1;
kernel_param("kmalloc_test.seed", test_seed, uint,
	     "seed of the kmalloc random stress and overlap tests");

#define NOWARN (GFP_KERNEL | __GFP_NOWARN)

/* ------------------------------------------------------------------ */
/* Suite "kmalloc" */

/*
 * Every backend takes all of memblock_usable (allocators.rst), however
 * large its regions (MEM=3G has one above 2 GiB): what it holds and what
 * it has free add up to nearly all of it.
 */
static void takes_all_memory(struct ktest *test)
{
	u64 usable = memblock_usable_bytes(), held;
	unsigned long largest, total;
	struct kmalloc_stats st = kmalloc_stats_now();

	KTEST_ASSERT_EQ(test, backend_free_space(&largest, &total), 0);
	held = (u64)st.pages_held * PAGE_SIZE + total;
	ktest_info(test, "%llu KiB usable, %llu KiB free or held",
		   (unsigned long long)usable >> 10,
		   (unsigned long long)held >> 10);
	KTEST_EXPECT_GE(test, held, usable - usable / 64);
	KTEST_EXPECT_LE(test, largest, total);
}

static void zero_size_and_null(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("ktest_null", 24, 0, 0, NULL);
	struct kmalloc_stats before = kmalloc_stats_now(), after;

	KTEST_EXPECT_PTR_EQ(test, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KTEST_EXPECT_PTR_EQ(test, kzalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KTEST_EXPECT_PTR_EQ(test, kcalloc(0, 8, GFP_KERNEL), ZERO_SIZE_PTR);
	KTEST_EXPECT_TRUE(test, ZERO_OR_NULL_PTR(ZERO_SIZE_PTR));
	KTEST_EXPECT_TRUE(test, ZERO_OR_NULL_PTR(NULL));
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	KTEST_EXPECT_EQ(test, ksize(NULL), 0);
	KTEST_EXPECT_EQ(test, ksize(ZERO_SIZE_PTR), 0);
	/* As Linux: a NULL object or cache is no operation. */
	KTEST_ASSERT_NOT_NULL(test, s);
	kmem_cache_free(s, NULL);
	kmem_cache_destroy(NULL);
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, after.nr_allocs, before.nr_allocs);
	KTEST_EXPECT_EQ(test, after.nr_frees, before.nr_frees);
	KTEST_EXPECT_EQ(test, after.bad_input, before.bad_input);
	KTEST_EXPECT_EQ(test, after.failed_allocs, before.failed_allocs);
	KTEST_EXPECT_EQ(test, s->live, 0);
	kmem_cache_destroy(s);
}

/* Allocate @size bytes, check ksize and alignment, write it all, free it. */
static void sweep_one(struct ktest *test, size_t size)
{
	struct kmalloc_stats before = kmalloc_stats_now(), during;
	unsigned char *p = kmalloc(size, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL_MSG(test, p, "kmalloc(%zu)", size);
	KTEST_EXPECT_GE_MSG(test, ksize(p), size, "size %zu", size);
	KTEST_EXPECT_EQ_MSG(test, (unsigned long)p % ARCH_KMALLOC_MINALIGN, 0,
			    "size %zu at %p", size, p);
	memset(p, 0xa5, size);
	p[0] = 1;
	p[size - 1] = 2;
	during = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, during.nr_allocs, before.nr_allocs + 1);
	KTEST_EXPECT_GE(test, during.live_bytes, before.live_bytes + size);
	KTEST_EXPECT_EQ(test, p[0], size == 1 ? 2 : 1);
	KTEST_EXPECT_EQ(test, p[size - 1], 2);
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().live_bytes,
			before.live_bytes);
}

static void size_sweep(struct ktest *test)
{
	for (size_t size = 1; size <= 512; size++)
		sweep_one(test, size);
	for (size_t size = 1024; size <= (4UL << 20); size <<= 1) {
		sweep_one(test, size - 8);
		sweep_one(test, size);
		sweep_one(test, size + 8);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Objects of every power-of-two size up to PAGE_SIZE are naturally aligned. */
static void alignment(struct ktest *test)
{
	void *keep[3 * 13];
	unsigned int n = 0;

	for (size_t size = 1; size <= PAGE_SIZE; size <<= 1) {
		/* An odd-sized object in between, to misalign the cursor. */
		void *odd = kmalloc(size + 3, GFP_KERNEL);
		void *p = kmalloc(size, GFP_KERNEL);
		void *q = kmalloc(size, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, odd);
		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_ASSERT_NOT_NULL(test, q);
		keep[n++] = odd;
		keep[n++] = p;
		keep[n++] = q;
		KTEST_EXPECT_EQ_MSG(test, (unsigned long)odd % 8, 0, "size %zu",
				    size + 3);
		KTEST_EXPECT_EQ_MSG(test,
				    (unsigned long)p % max(size, (size_t)8), 0,
				    "size %zu at %p", size, p);
		KTEST_EXPECT_EQ_MSG(test,
				    (unsigned long)q % max(size, (size_t)8), 0,
				    "size %zu at %p", size, q);
	}
	while (n)
		kfree(keep[--n]);
}

struct live_obj {
	unsigned char *p;
	size_t size;
	unsigned char pattern;
};

static void no_overlap(struct ktest *test)
{
	enum { N = 400 };
	struct live_obj *o = kcalloc(N, sizeof(*o), GFP_KERNEL);
	struct rnd_state rnd;

	KTEST_ASSERT_NOT_NULL(test, o);
	prandom_seed_state(&rnd, test_seed);
	for (unsigned int i = 0; i < N; i++) {
		o[i].size = 1 + prandom_u32_below(&rnd, i % 10 ? 700 : 9000);
		o[i].pattern = (unsigned char)(i * 37 + 1);
		o[i].p = kmalloc(o[i].size, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, o[i].p);
		memset(o[i].p, o[i].pattern, o[i].size);
		/* Free every third one early: holes for later ones to reuse. */
		if (i % 3 == 2) {
			kfree(o[i - 1].p);
			o[i - 1].p = kmalloc(o[i - 1].size, GFP_KERNEL);
			KTEST_ASSERT_NOT_NULL(test, o[i - 1].p);
			memset(o[i - 1].p, o[i - 1].pattern, o[i - 1].size);
		}
	}
	for (unsigned int i = 0; i < N; i++)
		KTEST_EXPECT_PTR_EQ_MSG(
			test, memchr_inv(o[i].p, o[i].pattern, o[i].size), NULL,
			"object %u (%zu bytes at %p) overwritten", i, o[i].size,
			o[i].p);
	for (unsigned int i = 0; i < N; i++)
		for (unsigned int j = i + 1; j < N; j++)
			KTEST_EXPECT_TRUE_MSG(
				test,
				o[i].p + o[i].size <= o[j].p ||
					o[j].p + o[j].size <= o[i].p,
				"objects %u and %u overlap", i, j);
	for (unsigned int i = 0; i < N; i++)
		kfree(o[i].p);
	kfree(o);
}

static void krealloc_keeps_contents(struct ktest *test)
{
	static const size_t sizes[] = { 16, 100, 5000, 70000, 300000, 40, 10 };
	size_t old = 16;
	unsigned char *p = kmalloc(old, GFP_KERNEL), *q;

	KTEST_ASSERT_NOT_NULL(test, p);
	for (size_t i = 0; i < old; i++)
		p[i] = (unsigned char)i;
	for (unsigned int k = 1; k < ARRAY_SIZE(sizes); k++) {
		size_t keep = min(old, sizes[k]);

		q = krealloc(p, sizes[k], GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL_MSG(test, q, "krealloc to %zu", sizes[k]);
		KTEST_EXPECT_GE(test, ksize(q), sizes[k]);
		for (size_t i = 0; i < keep; i++)
			if (q[i] != (unsigned char)i) {
				KTEST_FAIL(test,
					   "byte %zu lost growing %zu -> %zu",
					   i, old, sizes[k]);
				break;
			}
		for (size_t i = keep; i < sizes[k]; i++)
			q[i] = (unsigned char)i;
		p = q;
		old = sizes[k];
	}
	/* Failure leaves the object alone. */
	q = krealloc(p, KMALLOC_MAX_SIZE + 1, NOWARN);
	KTEST_EXPECT_NULL(test, q);
	for (size_t i = 0; i < old; i++)
		KTEST_EXPECT_EQ(test, p[i], (unsigned char)i);
	/* Size 0 frees; NULL behaves like kmalloc, size 0 included. */
	KTEST_EXPECT_PTR_EQ(test, krealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	KTEST_EXPECT_PTR_EQ(test, krealloc(NULL, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	p = krealloc(NULL, 33, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_GE(test, ksize(p), 33);
	kfree(p);
}

/*
 * krealloc() of a kmem_cache's object (kfree() and ksize() take them):
 * shrinking keeps the object where it is; growing moves the contents to
 * a kmalloc object and frees the cache's object, so the cache is empty
 * and kmem_cache_destroy() finds no object left.
 */
static void krealloc_cache_object(struct ktest *test)
{
	struct kmem_cache *s =
		kmem_cache_create("ktest_krealloc", 48, 0, 0, NULL);
	unsigned char *p, *q;

	KTEST_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	memset(p, 0x33, 48);
	KTEST_EXPECT_PTR_EQ(test, krealloc(p, 16, GFP_KERNEL), p);
	q = krealloc(p, 200, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, q);
	KTEST_EXPECT_PTR_EQ(test, memchr_inv(q, 0x33, 16), NULL);
	KTEST_EXPECT_GE(test, ksize(q), 200);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	kmem_cache_destroy(s);
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "objects remain");
	ktest_log_capture_stop(test);
	kfree(q);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * __GFP_ZERO krealloc in place: shrinking zeroes the bytes it gives up,
 * so growing back within ksize() hands out zeroes past the old size.
 */
static void krealloc_zero_in_place(struct ktest *test)
{
	unsigned char *p = kzalloc(64, GFP_KERNEL), *q;
	size_t shrunk;

	KTEST_ASSERT_NOT_NULL(test, p);
	memset(p, 0xff, 64);
	q = krealloc(p, 16, GFP_KERNEL | __GFP_ZERO);
	KTEST_ASSERT_PTR_EQ(test, q, p);
	/* In place while ksize() covers it (redzones make it exactly 16). */
	shrunk = ksize(q);
	q = krealloc(p, 64, GFP_KERNEL | __GFP_ZERO);
	KTEST_ASSERT_NOT_NULL(test, q);
	if (shrunk >= 64)
		KTEST_EXPECT_PTR_EQ(test, q, p);
	KTEST_EXPECT_PTR_EQ(test, memchr_inv(q, 0xff, 16), NULL);
	KTEST_EXPECT_PTR_EQ(test, memchr_inv(q + 16, 0, 48), NULL);
	kfree(q);
}

static void zeroing(struct ktest *test)
{
	static const size_t sizes[] = { 1,   8,	   24,	 64,   100,
					512, 3000, 4096, 20000 };

	for (unsigned int k = 0; k < ARRAY_SIZE(sizes); k++) {
		size_t n = sizes[k];
		unsigned char *p = kmalloc(n, GFP_KERNEL);

		/* Dirty memory first, so a reusing backend hands it back. */
		KTEST_ASSERT_NOT_NULL(test, p);
		memset(p, 0xff, n);
		kfree(p);
		p = kzalloc(n, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_PTR_EQ_MSG(test, memchr_inv(p, 0, n), NULL,
					"kzalloc(%zu)", n);
		memset(p, 0xff, n);
		kfree(p);
		p = kmalloc(n, GFP_KERNEL | __GFP_ZERO);
		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_PTR_EQ_MSG(test, memchr_inv(p, 0, ksize(p)), NULL,
					"kmalloc(%zu, __GFP_ZERO)", n);
		memset(p, 0xff, n);
		kfree(p);
		p = kcalloc(n, 3, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p);
		KTEST_EXPECT_PTR_EQ_MSG(test, memchr_inv(p, 0, 3 * n), NULL,
					"kcalloc(%zu, 3)", n);
		kfree(p);
	}
}

static void overflow_and_too_big(struct ktest *test)
{
	struct kmalloc_stats before = kmalloc_stats_now(), after;

	/* Overflowing products: NULL, no warning, not counted as failures. */
	KTEST_EXPECT_NULL(test, kcalloc(SIZE_MAX / 2 + 1, 2, GFP_KERNEL));
	KTEST_EXPECT_NULL(test,
			  kmalloc_array(1UL << 16, 1UL << 16, GFP_KERNEL));
	KTEST_EXPECT_NULL(test, kcalloc(3, SIZE_MAX / 3 + 1, GFP_KERNEL));
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, after.failed_allocs, before.failed_allocs);
	/*
	 * Sizes above KMALLOC_MAX_SIZE: NULL, counted. (KMALLOC_MAX_SIZE
	 * itself may be served when there is that much memory, as on bump
	 * with MEM=3G, and zeroing 2 GiB would take minutes.)
	 */
	KTEST_EXPECT_NULL(test, kmalloc(SIZE_MAX, NOWARN));
	KTEST_EXPECT_NULL(test, kmalloc(SIZE_MAX - 7, NOWARN));
	KTEST_EXPECT_NULL(test, kmalloc(KMALLOC_MAX_SIZE + 1, NOWARN));
	KTEST_EXPECT_NULL(test, kzalloc(KMALLOC_MAX_SIZE + 1, NOWARN));
	/* The same through kcalloc() (a product that does not overflow). */
	KTEST_EXPECT_NULL(test, kcalloc(2, KMALLOC_MAX_SIZE / 2 + 1, NOWARN));
	KTEST_EXPECT_NULL(test, krealloc(NULL, KMALLOC_MAX_SIZE + 1, NOWARN));
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, after.failed_allocs, before.failed_allocs + 6);
	KTEST_EXPECT_EQ(test, after.nr_allocs, before.nr_allocs);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	/* A product that fits works. */
	void *p = kmalloc_array(100, 40, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_GE(test, ksize(p), 4000);
	kfree(p);
}

/*
 * The out-of-memory warning (Documentation/mm/allocators.rst): one line,
 * "kmalloc: out of memory: size N, gfp G (caller sym+off/size)", once per
 * failed allocation, none with __GFP_NOWARN. A size too big for any
 * backend fails on every backend without exhausting the heap.
 */
static void expect_oom_line_once(struct ktest *test, const char *line,
				 const char *fn)
{
	char caller[64];

	snprintf(caller, sizeof(caller), "(caller %s+0x", fn);
	KTEST_EXPECT_EQ_MSG(test, ktest_log_count(test, "out of memory"), 1,
			    "%s", line);
	KTEST_EXPECT_EQ_MSG(test, ktest_log_count(test, line), 1, "%s", line);
	KTEST_EXPECT_LOG_CONTAINS(test, caller);
}

static void out_of_memory_warning(struct ktest *test)
{
	char line[96];

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	snprintf(line, sizeof(line),
		 "kmalloc: out of memory: size %zu, gfp %#x (caller ",
		 KMALLOC_MAX_SIZE + 1, GFP_KERNEL);
	expect_oom_line_once(test, line, __func__);

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, kmalloc(KMALLOC_MAX_SIZE + 1, NOWARN));
	KTEST_EXPECT_NULL(test, kzalloc(KMALLOC_MAX_SIZE + 1, NOWARN));
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "out of memory");

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, alloc_pages(GFP_KERNEL, MAX_ORDER));
	snprintf(
		line, sizeof(line),
		"kmalloc: out of memory: size %llu (order %u), gfp %#x (caller ",
		(unsigned long long)PAGE_SIZE << MAX_ORDER, MAX_ORDER,
		GFP_KERNEL);
	expect_oom_line_once(test, line, __func__);

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, alloc_pages(NOWARN, MAX_ORDER));
	KTEST_EXPECT_EQ(test, __get_free_pages(NOWARN, MAX_ORDER + 3), 0);
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "out of memory");
}

static void strdup_copies(struct ktest *test)
{
	static const char s[] = "kmalloc contract: kstrdup";
	char *d = kstrdup(s, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, d);
	KTEST_EXPECT_PTR_NE(test, d, s);
	KTEST_EXPECT_STREQ(test, d, s);
	KTEST_EXPECT_NULL(test, kstrdup(NULL, GFP_KERNEL));
	kfree(d);
}

#define CTOR_MAGIC 0x5eedc70au
static unsigned int ctor_calls;

struct ctor_obj {
	u32 magic;
	u32 data[17];
};

static void ctor_obj_init(void *p)
{
	struct ctor_obj *o = p;

	o->magic = CTOR_MAGIC;
	ctor_calls++;
}

static void kmem_cache_with_ctor(struct ktest *test)
{
	enum { N = 200 };
	struct kmem_cache *s;
	struct ctor_obj *objs[N];
	struct kmalloc_stats before = kmalloc_stats_now();

	ctor_calls = 0;
	s = kmem_cache_create("ktest_ctor", sizeof(struct ctor_obj), 0, 0,
			      ctor_obj_init);
	KTEST_ASSERT_NOT_NULL(test, s);
	for (unsigned int i = 0; i < N; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, objs[i]);
		KTEST_EXPECT_EQ_MSG(test, objs[i]->magic, CTOR_MAGIC,
				    "object %u", i);
		KTEST_EXPECT_EQ(test, (unsigned long)objs[i] % 8, 0);
		memset(objs[i]->data, (int)i, sizeof(objs[i]->data));
	}
	KTEST_EXPECT_GE(test, ctor_calls, N);
	for (unsigned int i = 0; i < N; i++)
		KTEST_EXPECT_PTR_EQ_MSG(test,
					memchr_inv(objs[i]->data, i & 0xff,
						   sizeof(objs[i]->data)),
					NULL, "object %u overwritten", i);
	/* Objects come back in their constructed state (magic untouched). */
	for (unsigned int i = 0; i < N; i++)
		kmem_cache_free(s, objs[i]);
	/*
	 * Every object free: kmem_cache_shrink() leaves the cache no memory
	 * of its own (Linux's 0, on every backend), and it still allocates.
	 */
	KTEST_EXPECT_EQ(test, kmem_cache_shrink(s), 0);
	objs[0] = kmem_cache_zalloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, objs[0]);
	KTEST_EXPECT_PTR_EQ(
		test, memchr_inv(objs[0], 0, sizeof(struct ctor_obj)), NULL);
	kmem_cache_free(s, objs[0]);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().live_bytes,
			before.live_bytes);
}

static void kmem_cache_alignment(struct ktest *test)
{
	static const struct {
		size_t size, align;
		slab_flags_t flags;
		size_t want;
	} c[] = {
		{ 100, 0, SLAB_HWCACHE_ALIGN, 64 },
		/*
		 * Linux's calculate_alignment(): the cache line halved
		 * while the object fits in half of it, down to the
		 * minimum alignment.
		 */
		{ 24, 0, SLAB_HWCACHE_ALIGN, 32 },
		{ 8, 0, SLAB_HWCACHE_ALIGN, 8 },
		{ 3, 0, SLAB_HWCACHE_ALIGN, 8 },
		{ 40, 256, 0, 256 },
		{ 24, 16, 0, 16 },
		{ 5000, 1024, 0, 1024 },
		{ 3, 0, 0, 8 },
	};

	for (unsigned int k = 0; k < ARRAY_SIZE(c); k++) {
		struct kmem_cache *s = kmem_cache_create(
			"ktest_align", c[k].size, c[k].align, c[k].flags, NULL);
		void *p[8];

		KTEST_ASSERT_NOT_NULL(test, s);
		for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
			p[i] = kmem_cache_alloc(s, GFP_KERNEL);
			KTEST_ASSERT_NOT_NULL(test, p[i]);
			KTEST_EXPECT_EQ_MSG(
				test, (unsigned long)p[i] % c[k].want, 0,
				"cache %u: size %zu align %zu at %p", k,
				c[k].size, c[k].want, p[i]);
			memset(p[i], 0x3c, c[k].size);
		}
		for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
			kmem_cache_free(s, p[i]);
		kmem_cache_destroy(s);
	}
	/* Bad arguments are refused. */
	KTEST_EXPECT_NULL(test, kmem_cache_create("bad", 0, 0, 0, NULL));
	KTEST_EXPECT_NULL(test, kmem_cache_create("bad", 16, 24, 0, NULL));
	KTEST_EXPECT_NULL(test, kmem_cache_create(NULL, 16, 0, 0, NULL));
	KTEST_EXPECT_NULL(test,
			  kmem_cache_create("bad", 16, 2 * PAGE_SIZE, 0, NULL));
	KTEST_EXPECT_NULL(test, kmem_cache_create("bad", KMALLOC_MAX_SIZE, 0, 0,
						  NULL));
}

/*
 * kfree() of objects from kmem_cache_alloc() (slab.h, and Linux since
 * 6.4), ksize() of them, and kmem_cache_destroy() afterwards finding
 * nothing left: every kind of cache, page-backed emulation included.
 */
static void kfree_of_cache_objects(struct ktest *test)
{
	static const struct {
		size_t size, align;
		bool ctor;
	} c[] = {
		{ 48, 0, false },      { 72, 0, true },	   { 40, 256, false },
		{ 5000, 1024, false }, { 3000, 0, false }, { 9000, 0, true },
	};
	struct kmalloc_stats before;

	for (unsigned int k = 0; k < ARRAY_SIZE(c); k++) {
		struct kmem_cache *s =
			kmem_cache_create("ktest_kfree", c[k].size, c[k].align,
					  0, c[k].ctor ? ctor_obj_init : NULL);
		void *p[8];

		KTEST_ASSERT_NOT_NULL(test, s);
		before = kmalloc_stats_now();
		for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
			p[i] = kmem_cache_alloc(s, GFP_KERNEL);
			KTEST_ASSERT_NOT_NULL(test, p[i]);
			memset(p[i], 0x3c, c[k].size);
			KTEST_EXPECT_GE_MSG(test, ksize(p[i]), c[k].size,
					    "cache %u", k);
		}
		/* Half with kfree(), half with kmem_cache_free(). */
		for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
			if (i % 2)
				kmem_cache_free(s, p[i]);
			else
				kfree(p[i]);
		KTEST_EXPECT_EQ_MSG(test, kmalloc_stats_now().live_bytes,
				    before.live_bytes, "cache %u", k);
		KTEST_EXPECT_EQ_MSG(test, kmalloc_stats_now().bad_input,
				    before.bad_input, "cache %u", k);
		KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
		kmem_cache_destroy(s);
		KTEST_EXPECT_LOG_NOT_CONTAINS(test, "objects remain");
		ktest_log_capture_stop(test);
		KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	}
}

/*
 * kmem_cache_create() that the backend refuses although the arguments are
 * good: only TLSF can (its table of cache owners, one id each, is full
 * after 511 caches). NULL, one error line naming the backend, the struct
 * kmem_cache freed again; a destroyed cache's id serves the next one.
 */
static void kmem_cache_create_refused(struct ktest *test)
{
	enum { MAX_CACHES = 1024 };
	struct kmalloc_stats before, after;
	struct kmem_cache **s;
	unsigned int n = 0;

	if (!IS_ENABLED(CONFIG_KMALLOC_TLSF))
		ktest_skip(test, "%s creates every valid cache",
			   backend_info.name);
	before = kmalloc_stats_now();
	s = kcalloc(MAX_CACHES, sizeof(*s), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	while (n < MAX_CACHES &&
	       (s[n] = kmem_cache_create("ktest_many", 32, 0, 0, NULL)))
		n++;
	ktest_log_capture_stop(test);
	ktest_info(test, "%u caches created before the first refusal", n);
	KTEST_EXPECT_LT(test, n, MAX_CACHES);
	KTEST_EXPECT_GT(test, n, 0);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "backend cannot create it"),
			1);
	if (n) {
		kmem_cache_destroy(s[--n]);
		s[n] = kmem_cache_create("ktest_many", 32, 0, 0, NULL);
		KTEST_EXPECT_NOT_NULL(test, s[n]);
		if (s[n])
			n++;
	}
	while (n)
		kmem_cache_destroy(s[--n]);
	kfree(s);
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * An emulated cache (bump, first-fit: no native caches) whose objects,
 * aligned to a page, need more than the largest page block (PAGE_SIZE <<
 * (MAX_ORDER - 1)): the cache is created, but each allocation fails
 * (counted, no warning with __GFP_NOWARN), never hands out an object, and
 * the heap is as it was.
 */
static void kmem_cache_above_max_order(struct ktest *test)
{
	struct kmalloc_stats before, after;
	struct kmem_cache *s;

	if (IS_ENABLED(CONFIG_HAVE_NATIVE_KMEM_CACHE))
		ktest_skip(test, "%s has native caches, with limits of its own",
			   backend_info.name);
	before = kmalloc_stats_now();
	s = kmem_cache_create("ktest_huge", PAGE_SIZE << MAX_ORDER, PAGE_SIZE,
			      0, NULL);
	KTEST_ASSERT_NOT_NULL(test, s);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, kmem_cache_alloc(s, NOWARN));
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "out of memory");
	ktest_log_capture_stop(test);
	kmem_cache_destroy(s);
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, after.failed_allocs, before.failed_allocs + 1);
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static void pages_at_orders(struct ktest *test)
{
	static const unsigned int orders[] = { 0, 1, 2, 3, 5, 8, 10 };
	struct kmalloc_stats before = kmalloc_stats_now();

	for (unsigned int k = 0; k < ARRAY_SIZE(orders); k++) {
		unsigned int order = orders[k];
		struct page *page = alloc_pages(GFP_KERNEL, order);
		unsigned char *a;

		KTEST_ASSERT_NOT_NULL_MSG(test, page, "order %u", order);
		a = page_address(page);
		KTEST_EXPECT_EQ(test, (unsigned long)a % PAGE_SIZE, 0);
		KTEST_EXPECT_PTR_EQ(test, virt_to_page(a), page);
		KTEST_EXPECT_TRUE(
			test, pfn_valid(page_to_pfn(page) + (1U << order) - 1));
		KTEST_EXPECT_EQ(test, kmalloc_stats_now().live_objects,
				before.live_objects + 1);
		memset(a, 0x77, PAGE_SIZE << order);
		__free_pages(page, order);
		KTEST_EXPECT_EQ(test, kmalloc_stats_now().live_objects,
				before.live_objects);
	}
	unsigned long z = get_zeroed_page(GFP_KERNEL);

	KTEST_ASSERT_NE(test, z, 0);
	KTEST_EXPECT_PTR_EQ(test, memchr_inv((void *)z, 0, PAGE_SIZE), NULL);
	free_page(z);
	z = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 3);
	KTEST_ASSERT_NE(test, z, 0);
	KTEST_EXPECT_PTR_EQ(test, memchr_inv((void *)z, 0, PAGE_SIZE << 3),
			    NULL);
	free_pages(z, 3);
	KTEST_EXPECT_NULL(test, alloc_pages(NOWARN, MAX_ORDER));
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().live_bytes,
			before.live_bytes);
}

/*
 * Exhaust the heap with objects of falling sizes (linked through their
 * first word), free them all, and check that the heap is back: statistics,
 * validate(), and the same allocations succeeding again.
 */
static void *fill_heap(size_t size, unsigned long *count, void *list)
{
	void *p;

	*count = 0;
	while ((p = kmalloc(size, NOWARN))) {
		*(void **)p = list;
		list = p;
		(*count)++;
	}
	return list;
}

static void free_list(void *list)
{
	while (list) {
		void *next = *(void **)list;

		kfree(list);
		list = next;
	}
}

/*
 * With the heap full, a 256-byte kmalloc and a kmem_cache_alloc of 248
 * bytes fail: one warning each, none with __GFP_NOWARN.
 */
static __noinline void full_heap_warnings(struct ktest *test,
					  struct kmem_cache *cache,
					  struct kmem_cache *big)
{
	/* An aligned cache above a page: the object size, not the order. */
	const struct {
		struct kmem_cache *s; /* NULL: kmalloc() */
		size_t size;
	} fails[] = { { NULL, 256 }, { cache, 248 }, { big, 5000 } };
	char line[96];

	for (unsigned int i = 0; i < ARRAY_SIZE(fails); i++) {
		struct kmem_cache *s = fails[i].s;

		snprintf(line, sizeof(line),
			 "kmalloc: out of memory: size %zu, gfp %#x (caller ",
			 fails[i].size, GFP_KERNEL);
		KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
		KTEST_EXPECT_NULL(test, s ? kmem_cache_alloc(s, GFP_KERNEL) :
					    kmalloc(fails[i].size, GFP_KERNEL));
		expect_oom_line_once(test, line, "full_heap_warnings");
	}
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, kmalloc(256, NOWARN));
	KTEST_EXPECT_NULL(test, kmem_cache_alloc(cache, NOWARN));
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "out of memory");
	ktest_log_capture_stop(test);
}

/*
 * The API's other ways in, on the full heap, each asking for 256 bytes:
 * kmalloc_array(), kstrdup(), krealloc() of NULL and krealloc() growing
 * @keep, a 64-byte object filled with 0x5a. Each fails with one warning
 * naming this function as the caller; @keep stays as it was.
 */
static __noinline void full_heap_api_failures(struct ktest *test, char *keep)
{
	static char str[256];
	char line[96];

	memset(str, 's', sizeof(str) - 1);
	snprintf(line, sizeof(line),
		 "kmalloc: out of memory: size %zu, gfp %#x (caller ",
		 sizeof(str), GFP_KERNEL);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, kmalloc_array(4, 64, GFP_KERNEL));
	KTEST_EXPECT_NULL(test, kstrdup(str, GFP_KERNEL));
	KTEST_EXPECT_NULL(test, krealloc(NULL, sizeof(str), GFP_KERNEL));
	KTEST_EXPECT_NULL(test, krealloc(keep, sizeof(str), GFP_KERNEL));
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "out of memory"), 4);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, line), 4);
	KTEST_EXPECT_EQ(
		test,
		ktest_log_count(test, "(caller full_heap_api_failures+0x"), 4);
	ktest_log_capture_stop(test);
	KTEST_EXPECT_PTR_EQ(test, memchr_inv(keep, 0x5a, 64), NULL);
}

static void out_of_memory_and_recovery(struct ktest *test)
{
	static const size_t sizes[] = { 1UL << 20, 64UL << 10, 4096, 256 };
	unsigned long count[ARRAY_SIZE(sizes)], again;
	struct kmalloc_stats before, full, after;
	struct kmem_cache *cache, *big;
	void *list = NULL, *obj;
	char *keep;

	if (!backend_info.reuses_memory)
		ktest_skip(
			test,
			"%s never reuses memory: exhausting it would leave no heap for later tests",
			backend_info.name);
	kfence_pause_case(test);
	before = kmalloc_stats_now();
	/* Created first: with the heap full it could not be. */
	cache = kmem_cache_create("ktest_oom", 248, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, cache);
	big = kmem_cache_create("ktest_oom_big", 5000, 1024, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, big);
	keep = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, keep);
	memset(keep, 0x5a, 64);
	for (unsigned int k = 0; k < ARRAY_SIZE(sizes); k++)
		list = fill_heap(sizes[k], &count[k], list);
	/*
	 * Then the cache's objects, which need no natural alignment where
	 * the backend has native caches: they may still fit in the gaps
	 * the 256-byte kmalloc objects left (TLSF). kfree() frees them.
	 */
	while ((obj = kmem_cache_alloc(cache, NOWARN))) {
		*(void **)obj = list;
		list = obj;
	}
	full = kmalloc_stats_now();
	KTEST_EXPECT_GT(test, count[0], 0);
	KTEST_EXPECT_GE(test, full.failed_allocs,
			before.failed_allocs + ARRAY_SIZE(sizes));
	KTEST_EXPECT_GT(test, full.live_bytes,
			before.live_bytes + (16UL << 20));
	ktest_info(
		test,
		"%lu x 1 MiB, %lu x 64 KiB, %lu x 4 KiB, %lu x 256 B until NULL",
		count[0], count[1], count[2], count[3]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	full_heap_warnings(test, cache, big);
	full_heap_api_failures(test, keep);
	free_list(list);
	kfree(keep);
	kmem_cache_destroy(cache);
	kmem_cache_destroy(big);
	after = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	KTEST_EXPECT_EQ(test, after.bad_input, before.bad_input);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	/* The same allocations succeed again. */
	list = NULL;
	for (unsigned int k = 0; k < ARRAY_SIZE(sizes); k++) {
		for (again = 0; again < count[k]; again++) {
			void *p = kmalloc(sizes[k], NOWARN);

			if (!p)
				break;
			*(void **)p = list;
			list = p;
		}
		KTEST_EXPECT_EQ_MSG(test, again, count[k], "size %zu",
				    sizes[k]);
	}
	free_list(list);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().live_bytes,
			before.live_bytes);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Seeded random stress: kmalloc, kzalloc, krealloc, kfree, kmem_cache and
 * page operations on up to SLOTS live objects, each filled with its own
 * byte; the reference model is the slot table (size, fill byte) and the
 * expected statistics. Objects are verified before every free or resize,
 * validate() runs every 5,000 operations.
 *
 * CONFIG_KMALLOC_CHECK_EVERY_OP walks the whole heap after every one of
 * them: there the case does KMALLOC_CHECK_OPS_DIV times fewer (as Linux's
 * tests cut their loops under slow debug options), each one then checked.
 */
#define STRESS_OPS KMALLOC_TEST_OPS(100000)
#define STRESS_SLOTS 512

struct slot {
	unsigned char *p;
	size_t size;
	unsigned char fill;
	unsigned char kind; /* 0 kmalloc, 1 cache object, 2 page block */
	unsigned char order;
};

static size_t stress_size(struct rnd_state *rnd, size_t cap)
{
	u32 r = prandom_u32_below(rnd, 100);
	size_t size;

	if (r < 70)
		size = 1 + prandom_u32_below(rnd, 256);
	else if (r < 95)
		size = 257 + prandom_u32_below(rnd, 4096 - 256);
	else
		size = 4097 + prandom_u32_below(rnd, 60 * 1024);
	return min(size, cap);
}

static bool slot_intact(struct slot *s)
{
	size_t n = s->kind == 2 ? PAGE_SIZE << s->order : s->size;

	return !memchr_inv(s->p, s->fill, n);
}

static void slot_release(struct kmem_cache *cache, struct slot *s)
{
	if (s->kind == 0)
		kfree(s->p);
	else if (s->kind == 1)
		kmem_cache_free(cache, s->p);
	else
		free_pages((unsigned long)s->p, s->order);
	s->p = NULL;
}

/*
 * One check of random_stress(): @ok, or a failure @fmt says, counted in
 * @bad; only the first 5 are printed (a broken heap would fail thousands
 * of them). The one place the stress's checks branch on their outcome.
 */
static __printf(4, 5) __noinline
	void stress_check(struct ktest *test, unsigned long *bad, bool ok,
			  const char *fmt, ...)
{
	char msg[96];
	va_list ap;

	if (ok || (*bad)++ >= 5)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	KTEST_FAIL(test, "%s", msg);
}

static void random_stress(struct ktest *test)
{
	struct slot *slots = kcalloc(STRESS_SLOTS, sizeof(*slots), GFP_KERNEL);
	struct kmem_cache *cache =
		kmem_cache_create("ktest_stress", 120, 0, 0, NULL);
	unsigned long nlive = 0, ops = 0, bad = 0, fails = 0;
	struct kmalloc_stats base, st;
	struct rnd_state rnd;
	size_t cap = backend_info.reuses_memory ? SIZE_MAX : 1024;

	KTEST_ASSERT_NOT_NULL(test, slots);
	KTEST_ASSERT_NOT_NULL(test, cache);
	if (cap != SIZE_MAX)
		ktest_info(test,
			   "%s never reuses memory: sizes capped at %zu bytes",
			   backend_info.name, cap);
	prandom_seed_state(&rnd, test_seed);
	base = kmalloc_stats_now();
	kmalloc_reset_peaks();
	for (ops = 0; ops < STRESS_OPS; ops++) {
		struct slot *s = &slots[prandom_u32_below(&rnd, STRESS_SLOTS)];
		u32 what = prandom_u32_below(&rnd, 100);

		if (s->p) {
			stress_check(
				test, &bad, slot_intact(s),
				"op %lu: object %p (%zu bytes) overwritten",
				ops, s->p, s->size);
			if (s->kind == 0 && what < 30) {
				size_t n = stress_size(&rnd, cap);
				unsigned char *q = krealloc(s->p, n, NOWARN);

				if (!q) {
					fails++;
					continue;
				}
				stress_check(
					test, &bad,
					!memchr_inv(q, s->fill,
						    min(n, s->size)),
					"op %lu: krealloc %zu -> %zu lost data",
					ops, s->size, n);
				s->p = q;
				s->size = n;
				memset(q, s->fill, n);
				continue;
			}
			slot_release(cache, s);
			nlive--;
		} else {
			s->fill = (unsigned char)prandom_u32_state(&rnd);
			if (what < 10) {
				s->kind = 1;
				s->size = 120;
				s->p = kmem_cache_alloc(cache, NOWARN);
			} else if (what < 13) {
				s->kind = 2;
				s->order = prandom_u32_below(&rnd, 3);
				s->size = PAGE_SIZE << s->order;
				s->p = (void *)__get_free_pages(NOWARN,
								s->order);
			} else {
				s->kind = 0;
				s->size = stress_size(&rnd, cap);
				s->p = what < 30 ? kzalloc(s->size, NOWARN) :
						   kmalloc(s->size, NOWARN);
				if (s->p && what < 30)
					stress_check(
						test, &bad,
						!memchr_inv(s->p, 0, s->size),
						"op %lu: kzalloc(%zu) not zeroed",
						ops, s->size);
			}
			if (!s->p) {
				fails++;
				continue;
			}
			if (s->kind == 0) {
				size_t got = ksize(s->p);

				stress_check(test, &bad, got >= s->size,
					     "op %lu: ksize %zu < %zu", ops,
					     got, s->size);
			}
			memset(s->p, s->fill, s->size);
			nlive++;
		}
		if (ops % 5000 == 4999) {
			int errors = kmalloc_validate();

			st = kmalloc_stats_now();
			stress_check(test, &bad, !errors,
				     "op %lu: validate found %d violations",
				     ops, errors);
			stress_check(
				test, &bad,
				st.live_objects == base.live_objects + nlive,
				"op %lu: %lu live objects, model says %lu", ops,
				st.live_objects, base.live_objects + nlive);
		}
	}
	st = kmalloc_stats_now();
	ktest_info(
		test,
		"%lu ops, seed %u: peak %lu objects, %lu KiB live; pages held %lu before, peak %lu (+%lu KiB); %lu failed",
		ops, test_seed, st.peak_live_objects, st.peak_live_bytes >> 10,
		base.pages_held, st.peak_pages_held,
		(st.peak_pages_held - base.pages_held) * (PAGE_SIZE >> 10),
		fails);
	KTEST_EXPECT_EQ(test, fails, 0);
	KTEST_EXPECT_EQ(test, st.bad_input, base.bad_input);
	for (unsigned int i = 0; i < STRESS_SLOTS; i++)
		if (slots[i].p) {
			stress_check(test, &bad, slot_intact(&slots[i]),
				     "object %p overwritten", slots[i].p);
			slot_release(cache, &slots[i]);
		}
	KTEST_EXPECT_EQ(test, bad, 0);
	st = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, st.live_objects, base.live_objects);
	KTEST_EXPECT_EQ(test, st.live_bytes, base.live_bytes);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(cache);
	kfree(slots);
}

static struct ktest_case kmalloc_cases[] = {
	KTEST_CASE(takes_all_memory),
	KTEST_CASE(zero_size_and_null),
	KTEST_CASE_TIMEOUT(size_sweep, 60),
	KTEST_CASE(alignment),
	KTEST_CASE(no_overlap),
	KTEST_CASE(krealloc_keeps_contents),
	KTEST_CASE(krealloc_zero_in_place),
	KTEST_CASE(krealloc_cache_object),
	KTEST_CASE(zeroing),
	KTEST_CASE(overflow_and_too_big),
	KTEST_CASE(out_of_memory_warning),
	KTEST_CASE(strdup_copies),
	KTEST_CASE(kmem_cache_with_ctor),
	KTEST_CASE(kmem_cache_alignment),
	KTEST_CASE(kfree_of_cache_objects),
	KTEST_CASE(kmem_cache_create_refused),
	KTEST_CASE(kmem_cache_above_max_order),
	KTEST_CASE(pages_at_orders),
	/* Seconds of guest time: "make run QUICK=1" leaves it out. */
	KTEST_CASE_TIMEOUT_ATTR(random_stress, 300,
				{ .speed = KTEST_SPEED_SLOW,
				  .custom = "kind=stress" }),
	KTEST_CASE_TIMEOUT(out_of_memory_and_recovery, 120),
	{}
};

static struct ktest_suite kmalloc_suite = {
	.name = "kmalloc",
	.cases = kmalloc_cases,
	/*
	 * out_of_memory_and_recovery holds more than 16 MiB live at once
	 * (16.5 MiB usable with the heap's own pages); pages_at_orders takes
	 * 4 MiB blocks. bump never reuses memory: random_stress's 100000
	 * allocations alone take tens of MiB there.
	 */
	.min_memory = IS_ENABLED(CONFIG_KMALLOC_NEVER_REUSES) ? 72UL << 20 :
								33UL << 19,
};
KTEST_SUITE(kmalloc_suite);

/* ------------------------------------------------------------------ */
/* Suite "kmalloc_bad" */

/* What kmalloc_validate_fail() prints first (mm/report.c). */
#define VALIDATE_LINE "kmalloc: validate: "

static void require(struct ktest *test, unsigned int what, const char *name)
{
	if (!(backend_info.detects & what))
		ktest_skip(
			test,
			"%s cannot detect %s in this configuration (see Documentation/mm/allocators.rst)",
			backend_info.name, name);
}

/* The first "kmalloc: " line of @text that is not a validate line. */
static const char *first_report(const char *text)
{
	const size_t len = sizeof(VALIDATE_LINE) - 1;
	const char *p = text;

	while ((p = strstr(p, "kmalloc: ")) && !strncmp(p, VALIDATE_LINE, len))
		p += len;
	return p;
}

/*
 * The captured log holds exactly one report, in the documented greppable
 * format "kmalloc: WHAT of 0x%08lx (caller FN+0xOFF/0xSIZE)", FN being the
 * case; then the capture restarts for the next bad operation.
 *
 * With CONFIG_KMALLOC_CHECK_EVERY_OP the validate walk after the refused
 * operation also finds the damage the case has not repaired yet, and says
 * so in "kmalloc: validate: " lines: those are the walk's, not a second
 * report, and appear only with that option.
 */
static void expect_report_line(struct ktest *test, const char *fn)
{
	const char *text = ktest_log_text(test), *p;
	unsigned int validate = ktest_log_count(test, VALIDATE_LINE);
	char caller[64];

	KTEST_EXPECT_EQ_MSG(test, ktest_log_count(test, "kmalloc: ") - validate,
			    1, "one report line");
	if (!IS_ENABLED(CONFIG_KMALLOC_CHECK_EVERY_OP))
		KTEST_EXPECT_EQ_MSG(test, validate, 0,
				    "validate lines without CHECK_EVERY_OP");
	p = first_report(text);
	if (p)
		p = strstr(p, " of 0x");
	KTEST_EXPECT_NOT_NULL_MSG(test, p, "\"kmalloc: WHAT of 0x\"");
	if (p) {
		p += 6;
		for (int i = 0; i < 8; i++, p++)
			KTEST_EXPECT_TRUE_MSG(
				test, strchr("0123456789abcdef", *p) && *p,
				"8 hex digits after 0x");
		snprintf(caller, sizeof(caller), " (caller %s+0x", fn);
		KTEST_EXPECT_EQ_MSG(test, strncmp(p, caller, strlen(caller)), 0,
				    "%s", caller);
		p = strchr(p, '/');
		KTEST_EXPECT_TRUE_MSG(test, p && !strncmp(p, "/0x", 3),
				      "sym+off/size");
	}
	ktest_log_capture_start(test);
}

/*
 * After a bad operation in case @fn: reported once, and @freed objects
 * freed since @before: 0 for a refused operation (live statistics
 * untouched), 1 for an overwritten red zone (reported, repaired, the
 * object still freed).
 */
static void expect_reported_freed(struct ktest *test,
				  const struct kmalloc_stats *before,
				  const char *fn, unsigned long freed)
{
	struct kmalloc_stats after = kmalloc_stats_now();

	expect_report_line(test, fn);
	KTEST_EXPECT_EQ(test, after.bad_input, before->bad_input + 1);
	KTEST_EXPECT_EQ(test, after.nr_frees, before->nr_frees + freed);
	if (freed)
		return;
	KTEST_EXPECT_EQ(test, after.live_objects, before->live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before->live_bytes);
}

/* After a bad operation: reported once, live statistics untouched. */
#define expect_reported(test, before) \
	expect_reported_freed(test, before, __func__, 0)

/* As expect_reported(), and the report says @what of @p. */
#define expect_reported_as(test, what, p, before) \
	__expect_reported_as(test, what, p, before, __func__)
static void __expect_reported_as(struct ktest *test, const char *what,
				 const void *p,
				 const struct kmalloc_stats *before,
				 const char *fn)
{
	char line[128];

	snprintf(line, sizeof(line), "kmalloc: %s of 0x%08lx (caller %s+0x",
		 what, (unsigned long)p, fn);
	KTEST_EXPECT_LOG_CONTAINS(test, line);
	expect_reported_freed(test, before, fn, 0);
}

/* The heap is consistent and still serves allocations. */
static void expect_heap_usable(struct ktest *test)
{
	void *p[4];

	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = kmalloc(32 << i, GFP_KERNEL);
		KTEST_EXPECT_NOT_NULL(test, p[i]);
		if (p[i])
			memset(p[i], 0x11, 32 << i);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		kfree(p[i]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* kfree() twice; ksize() in between says it is of a free object. */
static void double_free(struct ktest *test)
{
	struct kmalloc_stats before;
	void *p;

	require(test, KMALLOC_DETECTS_DOUBLE_FREE, "a double free");
	p = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	kfree(p);
	before = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, ksize(p), 0);
	expect_reported_as(test, "ksize of a free object", p, &before);
	before = kmalloc_stats_now();
	kfree(p);
	expect_reported_as(test, "double free", p, &before);
	expect_heap_usable(test);
}

static u64 not_from_the_heap[8];

static void foreign_pointer(struct ktest *test)
{
	struct kmalloc_stats before;
	u64 on_stack[4] = { 0 };

	require(test, KMALLOC_DETECTS_FOREIGN, "a pointer it never handed out");
	before = kmalloc_stats_now();
	kfree(&not_from_the_heap[2]);
	expect_reported(test, &before);
	before = kmalloc_stats_now();
	kfree(&on_stack[1]);
	expect_reported(test, &before);
	before = kmalloc_stats_now();
	kfree((void *)0xfffff000);
	expect_reported(test, &before);
	KTEST_EXPECT_EQ(test, on_stack[1] + not_from_the_heap[2], 0);
	expect_heap_usable(test);
}

/* ksize() and krealloc() of a bad pointer: the report names their caller. */
static void ksize_krealloc_caller(struct ktest *test)
{
	struct kmalloc_stats before;

	require(test, KMALLOC_DETECTS_FOREIGN, "a pointer it never handed out");
	before = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, ksize(&not_from_the_heap[2]), 0);
	expect_reported(test, &before);
	before = kmalloc_stats_now();
	KTEST_EXPECT_NULL(test,
			  krealloc(&not_from_the_heap[2], 100, GFP_KERNEL));
	expect_reported(test, &before);
	KTEST_EXPECT_EQ(test, not_from_the_heap[2], 0);
	expect_heap_usable(test);
}

static void interior_pointer(struct ktest *test)
{
	struct kmalloc_stats before;
	unsigned char *p;

	require(test, KMALLOC_DETECTS_INTERIOR, "an interior pointer");
	p = kzalloc(256, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	before = kmalloc_stats_now();
	kfree(p + 64);
	expect_reported(test, &before);
	before = kmalloc_stats_now();
	kfree(p + 8);
	expect_reported(test, &before);
	kfree(p);
	expect_heap_usable(test);
}

static void overwritten_header(struct ktest *test)
{
	struct kmalloc_stats before;
	unsigned char saved[64], *p;
	unsigned int hb = backend_info.header_bytes;

	require(test, KMALLOC_DETECTS_BAD_HEADER, "an overwritten header");
	KTEST_ASSERT_TRUE(test, hb > 0 && hb <= sizeof(saved));
	p = kmalloc(100, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	memcpy(saved, p - hb, hb);
	memset(p - hb, 0xa5, hb);
	before = kmalloc_stats_now();
	kfree(p);
	expect_reported(test, &before);
	memcpy(p - hb, saved, hb); /* repair, then the real free works */
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	before = kmalloc_stats_now();
	kfree(p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees,
			before.nr_frees + 1);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, before.bad_input);
	expect_heap_usable(test);
}

/*
 * Every bit of the header before an object counts: with any one of them
 * flipped, kfree() refuses the object. The object is followed by a run of
 * equal ones, so a size made larger by a power of two can span live
 * objects and end exactly on a valid header: the check must cover the
 * size, not only the magic.
 */
static void header_bit_flips(struct ktest *test)
{
	enum { N = 24 };
	unsigned int hb = backend_info.header_bytes;
	struct kmalloc_stats before;
	unsigned char *o[N], *h;

	require(test, KMALLOC_DETECTS_BAD_HEADER, "an overwritten header");
	for (unsigned int i = 0; i < N; i++) {
		o[i] = kzalloc(120, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, o[i]);
	}
	h = o[0] - hb;
	for (unsigned int bit = 0; bit < 8 * hb; bit++) {
		KTEST_EXPECT_KASAN_FAIL(test, h[bit / 8] ^= 1u << (bit % 8));
		before = kmalloc_stats_now();
		kfree(o[0]);
		expect_reported(test, &before);
		KTEST_EXPECT_KASAN_FAIL(test, h[bit / 8] ^= 1u << (bit % 8));
		/* Freed with a wrong size: the heap is lost, stop here. */
		KTEST_ASSERT_EQ_MSG(test, kmalloc_stats_now().bad_input,
				    before.bad_input + 1,
				    "header bit %u flipped: kfree accepted",
				    bit);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int i = 0; i < N; i++)
		kfree(o[i]);
	expect_heap_usable(test);
}

/*
 * After a write one byte past ksize() and kfree() of the object (in the
 * case itself, the reported caller): reported, the object still freed.
 */
#define expect_overflow_reported(test, before)                    \
	do {                                                      \
		expect_reported_freed(test, before, __func__, 1); \
		expect_heap_usable(test);                         \
	} while (0)

static void require_redzone(struct ktest *test)
{
	require(test, KMALLOC_DETECTS_OVERFLOW,
		IS_ENABLED(CONFIG_HAVE_KMALLOC_REDZONE) ?
			"a write past the end without CONFIG_KMALLOC_REDZONE" :
			"a write past the end (it has no redzones)");
}

static void write_past_end(struct ktest *test)
{
	struct kmalloc_stats before;
	unsigned char *p;

	require_redzone(test);
	p = kmalloc(24, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_KASAN_FAIL(
		test, p[ksize(p)] = 0x42); /* one byte past the usable size */
	before = kmalloc_stats_now();
	kfree(p); /* reported, red zone repaired, object freed */
	expect_overflow_reported(test, &before);
}

/*
 * krealloc() shrinking in place: ksize() says the new size where it said
 * the requested one exactly (redzones on bump and first-fit), the red
 * zone follows it, and a write just past ksize() is reported.
 */
static void write_past_shrunk_end(struct ktest *test)
{
	struct kmalloc_stats before;
	unsigned char *p, *q;
	bool exact;

	require_redzone(test);
	p = kmalloc(100, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	exact = ksize(p) == 100;
	memset(p, 0x5a, 100);
	q = krealloc(p, 40, GFP_KERNEL);
	KTEST_ASSERT_PTR_EQ(test, q, p);
	KTEST_EXPECT_GE(test, ksize(q), 40);
	if (exact)
		KTEST_EXPECT_EQ(test, ksize(q), 40);
	KTEST_EXPECT_PTR_EQ(test, memchr_inv(q, 0x5a, 40), NULL);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_KASAN_FAIL(test, q[ksize(q)] = 0x42);
	before = kmalloc_stats_now();
	kfree(q);
	expect_overflow_reported(test, &before);
}

static void bad_page_free(struct ktest *test)
{
	struct kmalloc_stats before;
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	void *p;

	KTEST_ASSERT_NOT_NULL(test, page);
	before = kmalloc_stats_now();
	__free_pages(page, 1); /* wrong order */
	expect_reported(test, &before);
	before = kmalloc_stats_now();
	free_pages(0xfffff000, 0); /* not memory at all */
	expect_reported(test, &before);
	__free_pages(page, 2);
	if (backend_info.detects & KMALLOC_DETECTS_DOUBLE_FREE) {
		before = kmalloc_stats_now();
		__free_pages(page, 2);
		expect_reported(test, &before);
	}
	/* kfree() of a page block is the wrong API. */
	p = (void *)__get_free_pages(GFP_KERNEL, 0);
	KTEST_ASSERT_NOT_NULL(test, p);
	if (backend_info.detects & KMALLOC_DETECTS_FOREIGN) {
		before = kmalloc_stats_now();
		kfree(p);
		expect_reported(test, &before);
	}
	free_pages((unsigned long)p, 0);
	expect_heap_usable(test);
}

/*
 * free_pages() of a kmalloc object (4096 bytes: page aligned on every
 * backend) and of the page that holds a small one: refused, and named for
 * what they are, not as a wrong order.
 */
static void free_pages_of_kmalloc(struct ktest *test)
{
	struct kmalloc_stats before;
	void *p = kmalloc(PAGE_SIZE, GFP_KERNEL), *q = kmalloc(64, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_NOT_NULL(test, q);
	KTEST_ASSERT_EQ(test, (unsigned long)p % PAGE_SIZE, 0);
	before = kmalloc_stats_now();
	free_pages((unsigned long)p, 0);
	expect_reported_as(test, "free_pages of a kmalloc object", p, &before);
	before = kmalloc_stats_now();
	free_pages((unsigned long)q & PAGE_MASK, 0);
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "wrong order");
	expect_reported(test, &before);
	kfree(q);
	kfree(p);
	expect_heap_usable(test);
}

/*
 * kmem_cache_free() to a cache the object does not belong to: another
 * cache's object (of another size, so that no two of these caches share
 * slabs on buddy+slab), a page-backed one, a kmalloc object. Refused,
 * reported, the per-cache counts untouched.
 */
static void free_to_wrong_cache(struct ktest *test)
{
	struct kmem_cache *a, *b, *big;
	struct kmalloc_stats before;
	void *pa, *pb, *pbig, *k;

	require(test, KMALLOC_DETECTS_WRONG_CACHE, "a free to the wrong cache");
	a = kmem_cache_create("ktest_wrong_a", 48, 0, 0, NULL);
	b = kmem_cache_create("ktest_wrong_b", 100, 0, 0, ctor_obj_init);
	big = kmem_cache_create("ktest_wrong_big", 5000, 1024, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_ASSERT_NOT_NULL(test, big);
	pa = kmem_cache_alloc(a, GFP_KERNEL);
	pb = kmem_cache_alloc(b, GFP_KERNEL);
	pbig = kmem_cache_alloc(big, GFP_KERNEL);
	k = kmalloc(200, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, pa);
	KTEST_ASSERT_NOT_NULL(test, pb);
	KTEST_ASSERT_NOT_NULL(test, pbig);
	KTEST_ASSERT_NOT_NULL(test, k);
	{
		const struct {
			struct kmem_cache *s;
			void *p;
		} wrong[] = {
			{ b, pa }, { a, pb }, { a, pbig }, { big, pa }, { a, k }
		};

		for (unsigned int i = 0; i < ARRAY_SIZE(wrong); i++) {
			before = kmalloc_stats_now();
			kmem_cache_free(wrong[i].s, wrong[i].p);
			expect_reported_as(test, "free to the wrong cache",
					   wrong[i].p, &before);
		}
	}
	/* The right frees work, and nothing is left behind. */
	kmem_cache_free(a, pa);
	kmem_cache_free(b, pb);
	kmem_cache_free(big, pbig);
	kfree(k);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	kmem_cache_destroy(big);
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "objects remain");
	expect_heap_usable(test);
}

/*
 * kmem_cache_free() of a pointer the heap never handed out, and of an
 * object of the cache a second time: refused and reported as kfree()'s
 * are (foreign_pointer, double_free), as an "invalid free" and a "double
 * free" on every backend, nothing touched.
 */
static void cache_free_bad_pointer(struct ktest *test)
{
	const unsigned int both = KMALLOC_DETECTS_FOREIGN |
				  KMALLOC_DETECTS_DOUBLE_FREE;
	struct kmalloc_stats before;
	struct kmem_cache *s;
	void *p;

	require(test, both, "a pointer it never handed out or a double free");
	s = kmem_cache_create("ktest_cache_bad", 48, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, s);
	if (backend_info.detects & KMALLOC_DETECTS_FOREIGN) {
		before = kmalloc_stats_now();
		kmem_cache_free(s, &not_from_the_heap[2]);
		expect_reported_as(test, "invalid free", &not_from_the_heap[2],
				   &before);
		KTEST_EXPECT_EQ(test, not_from_the_heap[2], 0);
	}
	if (backend_info.detects & KMALLOC_DETECTS_DOUBLE_FREE) {
		p = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p);
		kmem_cache_free(s, p);
		before = kmalloc_stats_now();
		kmem_cache_free(s, p);
		expect_reported_as(test, "double free", p, &before);
	}
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	kmem_cache_destroy(s);
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "objects remain");
	expect_heap_usable(test);
}

/*
 * kmem_cache_free() of a misaligned pointer into a live object of the
 * cache: refused and reported once, the object still live, then freed.
 */
static void cache_free_misaligned(struct ktest *test)
{
	struct kmalloc_stats before;
	struct kmem_cache *s;
	char *p;

	require(test, KMALLOC_DETECTS_INTERIOR, "an interior pointer");
	s = kmem_cache_create("ktest_cache_misaligned", 48, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	memset(p, 0x5a, 48);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	kmem_cache_free(s, p + 1);
	expect_reported(test, &before);
	KTEST_EXPECT_PTR_EQ(test, memchr_inv(p, 0x5a, 48), NULL);
	KTEST_EXPECT_GE(test, ksize(p), 48);
	kmem_cache_free(s, p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees,
			before.nr_frees + 1);
	kmem_cache_destroy(s);
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "objects remain");
	expect_heap_usable(test);
}

/*
 * A second kmem_cache_destroy() of a cache: one report, nothing touched;
 * likewise a kmem_cache_shrink() of it.
 */
static void double_cache_destroy(struct ktest *test)
{
	struct kmalloc_stats before;
	struct kmem_cache *s =
		kmem_cache_create("ktest_destroy", 48, 0, 0, NULL);

	KTEST_ASSERT_NOT_NULL(test, s);
	kmem_cache_destroy(s);
	before = kmalloc_stats_now();
	kmem_cache_destroy(s);
	expect_reported_as(test, "kmem_cache_destroy of a destroyed cache", s,
			   &before);
	/* kmem_cache_shrink() checks it the same way, and says -EINVAL. */
	before = kmalloc_stats_now();
	KTEST_EXPECT_EQ(test, kmem_cache_shrink(s), -EINVAL);
	expect_reported_as(test, "kmem_cache_shrink of a destroyed cache", s,
			   &before);
	expect_heap_usable(test);
}

static struct ktest_case kmalloc_bad_cases[] = {
	KTEST_CASE(double_free),
	KTEST_CASE(foreign_pointer),
	KTEST_CASE(ksize_krealloc_caller),
	KTEST_CASE(interior_pointer),
	KTEST_CASE(overwritten_header),
	KTEST_CASE(header_bit_flips),
	KTEST_CASE(write_past_end),
	KTEST_CASE(write_past_shrunk_end),
	KTEST_CASE(bad_page_free),
	KTEST_CASE(free_pages_of_kmalloc),
	KTEST_CASE(free_to_wrong_cache),
	KTEST_CASE(double_cache_destroy),
	/* kfree()'s bad pointers through kmem_cache_free() */
	KTEST_CASE(cache_free_bad_pointer),
	KTEST_CASE(cache_free_misaligned),
	{},
};

/* Every case captures the console: each report is checked. */
static int kmalloc_bad_init(struct ktest *test)
{
	return ktest_log_capture_start(test);
}

/*
 * What each backend detects: with KFENCE built in, its sampling is paused,
 * so that every object here is the backend's (a sampled one would be
 * reported by KFENCE instead: the kfence suite tests that).
 */
static struct ktest_suite kmalloc_bad_suite = {
	.name = "kmalloc_bad",
	.cases = kmalloc_bad_cases,
	.init = kmalloc_bad_init,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(kmalloc_bad_suite);
