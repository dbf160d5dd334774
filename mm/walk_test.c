// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "mm_walk": backend_walk() (mm/internal.h) on whatever
 * backend is built in. White-box: the ranges it reports must tile the
 * usable memory exactly (ascending, none empty, none overlapping, every
 * usable byte once), and a known layout must read back as built: live
 * objects exactly [p, p + ksize(p)), a freed object free (held on bump,
 * which never reuses memory), a header before each object metadata where
 * the backend has one, a page block live and then free.
 */
#include <ktest.h>
#include <kmlab/slab.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/memblock.h>
#include <kmlab/highmem.h>
#include "internal.h"
#include "kfence_pause_test.h"

/* What the tiling check saw. */
struct walk_tiling {
	unsigned long last_end; /* end of the previous range */
	unsigned long ranges, bad_order, empty, outside, bad_kind;
	unsigned long usable_bytes; /* bytes reported inside memblock_usable */
	unsigned long kinds[KMALLOC_RANGE_HELD + 1];
};

/* Bytes of [start, end) inside memblock_usable. */
static unsigned long usable_overlap(unsigned long start, unsigned long end)
{
	unsigned long bytes = 0;

	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *r = &memblock_usable.regions[i];
		unsigned long lo = max(start, (unsigned long)r->base);
		unsigned long hi = min(end, (unsigned long)(r->base + r->size));

		if (lo < hi)
			bytes += hi - lo;
	}
	return bytes;
}

/* Highmem pages (buddy backends) lie outside memblock_usable. */
static bool in_highmem(unsigned long start, unsigned long end)
{
#ifdef CONFIG_HIGHMEM
	return start >= PFN_PHYS(highstart_pfn) && end <= PFN_PHYS(highend_pfn);
#else
	return false;
#endif
}

static void check_range(unsigned long start, unsigned long end,
			enum kmalloc_range kind, void *arg)
{
	struct walk_tiling *t = arg;
	unsigned long inside = usable_overlap(start, end);

	t->ranges++;
	if (start < t->last_end)
		t->bad_order++;
	if (end <= start)
		t->empty++;
	if (kind > KMALLOC_RANGE_HELD)
		t->bad_kind++;
	else
		t->kinds[kind]++;
	if (inside != end - start && !in_highmem(start, end))
		t->outside++;
	t->usable_bytes += inside;
	t->last_end = end;
}

static void walk(kmalloc_walk_fn fn, void *arg)
{
	unsigned long flags = heap_lock_irqsave();

	backend_walk(fn, arg);
	heap_unlock_irqrestore(flags);
}

/* The ranges tile memblock_usable exactly, with some of each kind. */
static void walk_tiles_usable_memory(struct ktest *test)
{
	struct walk_tiling t = { 0 };
	void *p = kmalloc(100, GFP_KERNEL), *q = kmalloc(100, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_NOT_NULL(test, q);
	kfree(p);
	walk(check_range, &t);
	kfree(q);
	KTEST_EXPECT_GT(test, t.ranges, 2UL);
	KTEST_EXPECT_EQ(test, t.bad_order, 0UL);
	KTEST_EXPECT_EQ(test, t.empty, 0UL);
	KTEST_EXPECT_EQ(test, t.outside, 0UL);
	KTEST_EXPECT_EQ(test, t.bad_kind, 0UL);
	KTEST_EXPECT_EQ(test, t.usable_bytes,
			(unsigned long)memblock_usable_bytes());
	KTEST_EXPECT_GT(test, t.kinds[KMALLOC_RANGE_LIVE], 0UL);
	KTEST_EXPECT_GT(test, t.kinds[KMALLOC_RANGE_FREE], 0UL);
}

/* The range that holds one address. */
struct walk_probe {
	unsigned long addr, start, end, found;
	enum kmalloc_range kind;
};

static void probe_range(unsigned long start, unsigned long end,
			enum kmalloc_range kind, void *arg)
{
	struct walk_probe *pr = arg;

	if (start <= pr->addr && pr->addr < end) {
		pr->start = start;
		pr->end = end;
		pr->kind = kind;
		pr->found++;
	}
}

static struct walk_probe probe(const void *addr)
{
	struct walk_probe pr = { .addr = (unsigned long)addr };

	walk(probe_range, &pr);
	return pr;
}

/* What a freed object becomes: free, or held where nothing is reused. */
static enum kmalloc_range freed_kind(void)
{
	return backend_info.reuses_memory ? KMALLOC_RANGE_FREE :
					    KMALLOC_RANGE_HELD;
}

/* a, b, c allocated, b freed: a and c live to their ksize(), b free. */
static void walk_known_layout(struct ktest *test)
{
	char *a = kmalloc(200, GFP_KERNEL), *b = kmalloc(200, GFP_KERNEL);
	char *c = kmalloc(200, GFP_KERNEL);
	struct walk_probe pr;

	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_ASSERT_NOT_NULL(test, c);
	pr = probe(b);
	KTEST_EXPECT_EQ(test, pr.kind, KMALLOC_RANGE_LIVE);
	kfree(b);
	pr = probe(b);
	KTEST_EXPECT_EQ(test, pr.found, 1UL);
	KTEST_EXPECT_EQ(test, pr.kind, freed_kind());
	pr = probe(a);
	KTEST_EXPECT_EQ(test, pr.kind, KMALLOC_RANGE_LIVE);
	KTEST_EXPECT_EQ(test, pr.start, (unsigned long)a);
	KTEST_EXPECT_EQ(test, pr.end, (unsigned long)a + ksize(a));
	pr = probe(c + 199);
	KTEST_EXPECT_EQ(test, pr.kind, KMALLOC_RANGE_LIVE);
	KTEST_EXPECT_EQ(test, pr.start, (unsigned long)c);
	if (backend_info.header_bytes) {
		pr = probe(a - 1);
		KTEST_EXPECT_EQ(test, pr.kind, KMALLOC_RANGE_METADATA);
	}
	kfree(a);
	kfree(c);
}

/* A cache object freed among live ones reads free. */
static void walk_cache_object(struct ktest *test)
{
	struct kmem_cache *s = kmem_cache_create("walk_test", 72, 8, 0, NULL);
	void *o[3];
	struct walk_probe pr;

	KTEST_ASSERT_NOT_NULL(test, s);
	for (int i = 0; i < 3; i++) {
		o[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, o[i]);
	}
	kmem_cache_free(s, o[1]);
	pr = probe(o[1]);
	KTEST_EXPECT_EQ(test, pr.kind, freed_kind());
	pr = probe(o[2]);
	KTEST_EXPECT_EQ(test, pr.kind, KMALLOC_RANGE_LIVE);
	/* The kmem_cache emulation's owner tag leads the kmalloc object. */
	KTEST_EXPECT_LE(test, pr.start, (unsigned long)o[2]);
	KTEST_EXPECT_GE(test, pr.end, (unsigned long)o[2] + 72);
	kmem_cache_free(s, o[0]);
	kmem_cache_free(s, o[2]);
	kmem_cache_destroy(s);
}

/* A page block is live all through, and free once freed. */
static void walk_page_block(struct ktest *test)
{
	unsigned long p = __get_free_pages(GFP_KERNEL, 1);
	struct walk_probe pr;

	KTEST_ASSERT_NE(test, p, 0UL);
	pr = probe((void *)p);
	KTEST_EXPECT_EQ(test, pr.kind, KMALLOC_RANGE_LIVE);
	KTEST_EXPECT_GE(test, pr.end, p + 2 * PAGE_SIZE);
	free_pages(p, 1);
	pr = probe((void *)p);
	KTEST_EXPECT_EQ(test, pr.kind, freed_kind());
}

static struct ktest_case mm_walk_cases[] = { KTEST_CASE(
						     walk_tiles_usable_memory),
					     KTEST_CASE(walk_known_layout),
					     KTEST_CASE(walk_cache_object),
					     KTEST_CASE(walk_page_block),
					     {} };

static struct ktest_suite mm_walk_suite = {
	.name = "mm_walk",
	.cases = mm_walk_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(mm_walk_suite);
