// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the TLSF backend (mm/tlsf.c): the two-level mapping
 * against values worked out by hand from the paper, the good-fit bound of
 * the search mapping, a freed block found again at the head of its own
 * list, coalescing with the next, the previous and both neighbours,
 * allocated blocks without a footer, naturally aligned objects, page
 * blocks carved from the same free memory, an overwritten footer of a
 * free block reported, refused and caught by validate(), and with
 * CONFIG_KMALLOC_POISON a write after free caught by validate() and by
 * the allocation that hands the memory out again.
 */
#include <ktest.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/string.h>
#include "internal.h"
#include "tlsf.h"

#define TAGB TLSF_TAG_BYTES

static size_t block_size(const void *p, bool *allocated)
{
	return tlsf_block_at((const char *)p - TAGB, allocated);
}

/* Worked out by hand: fl = highest set bit - 7, sl = the next 5 bits. */
static void mapping_by_hand(struct ktest *test)
{
	static const struct {
		size_t size;
		unsigned int fl, sl, search_fl, search_sl;
	} t[] = {
		{ 24, 0, 3, 0, 3 },
		{ 248, 0, 31, 0, 31 },
		{ 256, 1, 0, 1, 0 },
		{ 257, 1, 0, 1, 1 },
		{ 264, 1, 1, 1, 1 },
		{ 511, 1, 31, 2, 0 },
		{ 512, 2, 0, 2, 0 },
		{ 1008, 2, 31, 2, 31 },
		{ 4096, 5, 0, 5, 0 },
		{ 4097, 5, 0, 5, 1 },
		{ 6144, 5, 16, 5, 16 },
		{ 8216, 6, 0, 6, 1 },
		{ 0x80000000u, 24, 0, 24, 0 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		unsigned int fl, sl;

		tlsf_mapping_insert(t[i].size, &fl, &sl);
		KTEST_EXPECT_EQ_MSG(test, fl, t[i].fl, "insert %zu", t[i].size);
		KTEST_EXPECT_EQ_MSG(test, sl, t[i].sl, "insert %zu", t[i].size);
		tlsf_mapping_search(t[i].size, &fl, &sl);
		KTEST_EXPECT_EQ_MSG(test, fl, t[i].search_fl, "search %zu",
				    t[i].size);
		KTEST_EXPECT_EQ_MSG(test, sl, t[i].search_sl, "search %zu",
				    t[i].size);
	}
}

/* Smallest block size of list (@fl, @sl), from the paper's definition. */
static size_t class_low(unsigned int fl, unsigned int sl)
{
	if (!fl)
		return sl * 8;
	return (size_t)(TLSF_SL_INDEX_COUNT + sl) << (fl + 2);
}

/*
 * Good fit: every block on the list mapping_search() picks holds the
 * request (its class starts at or above it), and that list is the first
 * such one (the class before it starts below the request).
 */
static void search_is_good_fit(struct ktest *test)
{
	unsigned long bad = 0, checked = 0;

	for (size_t s = TLSF_MIN_BLOCK; s < (64u << 20);
	     s += 8 * (1 + s / 1000)) {
		unsigned int fl, sl, ifl, isl;
		size_t low, prev_low;

		tlsf_mapping_search(s, &fl, &sl);
		tlsf_mapping_insert(class_low(fl, sl), &ifl, &isl);
		low = class_low(fl, sl);
		prev_low = sl ? class_low(fl, sl - 1) :
				class_low(fl - 1, TLSF_SL_INDEX_COUNT - 1);
		checked++;
		if ((low < s || prev_low >= s || ifl != fl || isl != sl) &&
		    bad++ < 5)
			KTEST_FAIL(test,
				   "size %zu: list [%u][%u] starts at %zu", s,
				   fl, sl, low);
	}
	KTEST_EXPECT_GT(test, checked, 1000ul);
	KTEST_EXPECT_EQ(test, bad, 0ul);
}

/*
 * Allocate five adjacent objects of @size bytes, in address order: o[0]
 * and o[4] guard the three in the middle. Sets that are not adjacent (they came from
 * different free blocks) are kept allocated in @junk until five adjacent
 * ones come out.
 */
static bool five_adjacent(struct ktest *test, size_t size, void *o[5],
			  void **junk, unsigned int *njunk)
{
	for (unsigned int tries = 0; tries < 64; tries++) {
		bool ok = true, alloc;

		for (unsigned int i = 0; i < 5; i++) {
			o[i] = kmalloc(size, GFP_KERNEL);
			if (!o[i])
				return false;
		}
		/* TLSF carves from the end of a free block: downwards. */
		for (unsigned int i = 0; i < 2; i++) {
			void *t = o[i];

			o[i] = o[4 - i];
			o[4 - i] = t;
		}
		for (unsigned int i = 0; i < 4; i++)
			if ((char *)o[i] + block_size(o[i], &alloc) !=
			    (char *)o[i + 1])
				ok = false;
		if (ok)
			return true;
		for (unsigned int i = 0; i < 5 && *njunk < 320; i++)
			junk[(*njunk)++] = o[i];
	}
	return false;
}

static void free_junk(void **junk, unsigned int njunk)
{
	while (njunk)
		kfree(junk[--njunk]);
}

/* @order: the order in which o[1], o[2], o[3] are freed. */
static void coalesce_case(struct ktest *test, const unsigned int *order,
			  unsigned int n, unsigned int first, unsigned int span)
{
	void *o[5], *junk[320];
	unsigned int njunk = 0, fl, sl;
	struct tlsf_info before, after;
	size_t each, got;
	bool alloc;

	KTEST_ASSERT_TRUE(test, five_adjacent(test, 1000, o, junk, &njunk));
	each = block_size(o[1], &alloc);
	tlsf_get_info(&before);
	for (unsigned int i = 0; i < n; i++)
		kfree(o[order[i]]);
	tlsf_get_info(&after);
	/* One free block from o[first] spanning @span blocks ... */
	got = block_size(o[first], &alloc);
	KTEST_EXPECT_FALSE(test, alloc);
	KTEST_EXPECT_EQ(test, got, span * each);
	KTEST_EXPECT_EQ(test, after.nr_free, before.nr_free + 1);
	/* ... at the head of the list its size maps to. */
	tlsf_mapping_insert(got, &fl, &sl);
	KTEST_EXPECT_PTR_EQ(test, tlsf_list_head(fl, sl),
			    (char *)o[first] - TAGB);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(o[0]);
	kfree(o[4]);
	free_junk(junk, njunk);
	for (unsigned int i = 1; i < 4; i++) {
		bool freed = false;

		for (unsigned int k = 0; k < n; k++)
			freed |= order[k] == i;
		if (!freed)
			kfree(o[i]);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static void coalesce_with_next(struct ktest *test)
{
	static const unsigned int order[] = { 2, 1 }; /* o[1] absorbs o[2] */

	coalesce_case(test, order, 2, 1, 2);
}

static void coalesce_with_previous(struct ktest *test)
{
	static const unsigned int order[] = { 1, 2 }; /* o[2] joins o[1] */

	coalesce_case(test, order, 2, 1, 2);
}

static void coalesce_with_both(struct ktest *test)
{
	static const unsigned int order[] = { 1, 3, 2 }; /* o[2] bridges */

	coalesce_case(test, order, 3, 1, 3);
}

/*
 * A freed block goes to the head of its list and the next request of its
 * class takes it from there: no search, and not the big free block.
 */
static void freed_block_reused_from_its_list(struct ktest *test)
{
	void *o[5], *junk[320], *p;
	unsigned int njunk = 0, fl, sl;
	bool alloc;

	KTEST_ASSERT_TRUE(test, five_adjacent(test, 1000, o, junk, &njunk));
	kfree(o[2]);
	tlsf_mapping_insert(block_size(o[2], &alloc), &fl, &sl);
	KTEST_EXPECT_PTR_EQ(test, tlsf_list_head(fl, sl), (char *)o[2] - TAGB);
	p = kmalloc(1000, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, p, o[2]);
	KTEST_EXPECT_PTR_NE(test, tlsf_list_head(fl, sl),
			    (void *)((char *)o[2] - TAGB));
	kfree(p);
	for (unsigned int i = 0; i < 5; i++)
		if (i != 2)
			kfree(o[i]);
	free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Allocated blocks carry only a header: adjacent 56-byte objects are 64
 * bytes apart (72 with the redzone word); 8-byte objects take
 * TLSF_MIN_BLOCK (24) bytes each.
 */
static void allocated_blocks_have_no_footer(struct ktest *test)
{
	size_t rz = IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 8 : 0;
	void *o[5], *s[5], *junk[320];
	unsigned int njunk = 0;
	bool alloc;

	KTEST_ASSERT_TRUE(test, five_adjacent(test, 56, o, junk, &njunk));
	KTEST_EXPECT_EQ(test, (char *)o[2] - (char *)o[1], TAGB + 56 + rz);
	KTEST_EXPECT_EQ(test, block_size(o[1], &alloc), TAGB + 56 + rz);
	KTEST_ASSERT_TRUE(test, five_adjacent(test, 8, s, junk, &njunk));
	KTEST_EXPECT_EQ(test, (char *)s[2] - (char *)s[1], TLSF_MIN_BLOCK);
	KTEST_EXPECT_EQ(test, TLSF_MIN_BLOCK, 24);
	for (unsigned int i = 0; i < 5; i++) {
		kfree(o[i]);
		kfree(s[i]);
	}
	free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Power-of-two sizes are naturally aligned, and the gap in front of one
 * is not part of its block (it is a free block of its own, which
 * validate() checks is on its list).
 */
static void aligned_objects_blocks(struct ktest *test)
{
	size_t rz = IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 8 : 0;
	void *small[16], *p[9]; /* 16 .. PAGE_SIZE */

	/* 8-byte objects shift the next aligned one off its boundary. */
	for (unsigned int i = 0; i < ARRAY_SIZE(small); i++)
		small[i] = kmalloc(8, GFP_KERNEL);
	for (unsigned int k = 0; k < ARRAY_SIZE(p); k++) {
		size_t size = 16u << k;
		size_t need = max((size_t)TLSF_MIN_BLOCK, TAGB + size + rz);
		bool alloc;

		p[k] = kmalloc(size, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, p[k]);
		KTEST_EXPECT_EQ_MSG(test, (unsigned long)p[k] % size, 0,
				    "kmalloc(%zu)", size);
		/* The gap in front is not in the block: at most a remainder. */
		KTEST_EXPECT_GE(test, block_size(p[k], &alloc), need);
		KTEST_EXPECT_LT(test, block_size(p[k], &alloc),
				need + TLSF_MIN_BLOCK);
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int k = 0; k < ARRAY_SIZE(p); k++)
		kfree(p[k]);
	for (unsigned int i = 0; i < ARRAY_SIZE(small); i++)
		kfree(small[i]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Page blocks are ordinary blocks, page aligned, from the same free memory. */
static void pages_from_free_blocks(struct ktest *test)
{
	struct tlsf_info before, during;
	unsigned long a = __get_free_pages(GFP_KERNEL, 3);
	bool alloc = false;

	KTEST_ASSERT_NE(test, a, 0);
	KTEST_EXPECT_EQ(test, a % PAGE_SIZE, 0);
	KTEST_EXPECT_GE(test, block_size((void *)a, &alloc),
			(PAGE_SIZE << 3) + TAGB);
	KTEST_EXPECT_TRUE(test, alloc);
	KTEST_EXPECT_TRUE(test, PageHead(virt_to_page((void *)a)));
	tlsf_get_info(&before);
	free_pages(a, 3);
	tlsf_get_info(&during);
	KTEST_EXPECT_GE(test, during.free_bytes,
			before.free_bytes + (PAGE_SIZE << 3));
	KTEST_EXPECT_FALSE(test, PageHead(virt_to_page((void *)a)));
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Only free blocks have a footer; the object after one finds it there. An
 * overwritten footer is reported and the free refused (the heap is not
 * touched), and validate() sees it; repaired, the same free merges the
 * two blocks.
 */
static void free_footer_checked(struct ktest *test)
{
	void *o[5], *junk[320];
	unsigned int njunk = 0;
	struct kmalloc_stats a;
	u32 *ftr, saved;
	size_t each;
	bool alloc;

	KTEST_ASSERT_TRUE(test, five_adjacent(test, 200, o, junk, &njunk));
	each = block_size(o[1], &alloc);
	kfree(o[1]);
	ftr = (u32 *)((char *)o[2] - TAGB - TLSF_FTR_BYTES);
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
	KTEST_EXPECT_EQ(test, block_size(o[1], &alloc), 2 * each);
	KTEST_EXPECT_FALSE(test, alloc);
	kfree(o[0]);
	kfree(o[3]);
	kfree(o[4]);
	free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Native caches: an object of a 48-byte cache is a block of 56 bytes (the
 * header, no lead, no natural alignment; 64 with the redzone's size
 * word), its cache's tag in the header's
 * magic. A tag is never one bit away from another tag or from none: each
 * of the tag's bits flipped, kmem_cache_free() and kfree() report a
 * corrupted header, refuse the object and leave the cache's count alone.
 */
static void cache_objects_carry_their_tag(struct ktest *test)
{
	struct kmem_cache *s =
		kmem_cache_create("ktest_tlsf_tag", 48, 0, 0, NULL);
	struct kmalloc_stats a;
	u32 *magic;
	void *p;
	bool alloc;

	KTEST_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_EQ(test, block_size(p, &alloc),
			IS_ENABLED(CONFIG_KMALLOC_REDZONE) ? 64u : 56u);
	KTEST_EXPECT_TRUE(test, alloc);
	magic = (u32 *)((char *)p - TAGB + 4);
	for (unsigned int bit = 0; bit < 10; bit++) {
		*magic ^= 1u << bit;
		a = kmalloc_stats_now();
		kmem_cache_free(s, p);
		kfree(p);
		KTEST_EXPECT_EQ_MSG(test, kmalloc_stats_now().bad_input,
				    a.bad_input + 2, "bit %u", bit);
		KTEST_EXPECT_EQ(test, kmalloc_stats_now().nr_frees, a.nr_frees);
		*magic ^= 1u << bit;
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_EQ(test, s->live, 1ul);
	kfree(p); /* a cache object freed with kfree() leaves its cache */
	KTEST_EXPECT_EQ(test, s->live, 0ul);
	kmem_cache_destroy(s);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * With poisoning, a freed object is 0x6b past its links: validate() sees
 * a write after free, and so does the allocation that hands the bytes
 * out again (one report, the heap still consistent).
 */
static void poison_catches_write_after_free(struct ktest *test)
{
	void *o[5], *junk[320];
	unsigned int njunk = 0;
	struct kmalloc_stats a;
	unsigned char *p;

	if (!IS_ENABLED(CONFIG_KMALLOC_POISON))
		ktest_skip(test, "needs CONFIG_KMALLOC_POISON");
	KTEST_ASSERT_TRUE(test, five_adjacent(test, 96, o, junk, &njunk));
	p = o[2];
	kfree(p);
	KTEST_EXPECT_EQ(test, p[40], 0x6b);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	p[40] = 0; /* a write after free */
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	a = kmalloc_stats_now();
	KTEST_EXPECT_PTR_EQ(test, kmalloc(96, GFP_KERNEL), (void *)p);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	for (unsigned int i = 0; i < 5; i++)
		kfree(o[i]);
	free_junk(junk, njunk);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
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

/*
 * Regions held back at boot join the lists when the pool is full: then
 * the heap serves objects from them, and validate() walks them too. Only
 * a boot whose memblock has more than one usable region has them (with
 * trace modules, a page below the modules): for example
 * MODULES=tools/mm/traces/build.kmt.xz scripts/ktest run --defconfig
 * tlsf_defconfig --filter 'tlsf.*'.
 */
static void pending_regions_join_when_full(struct ktest *test)
{
	static const size_t sizes[] = { 1 << 20, 1 << 14, 1 << 10, 64, 16 };
	unsigned int pools = tlsf_nr_pools(), pending = tlsf_nr_pending();
	void *chain = NULL;
	unsigned long n = 0;

	if (!pending)
		ktest_skip(test,
			   "one usable region: no region held back to join");
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		n += fill_with(sizes[i], &chain);
	ktest_info(test, "%lu objects fill %u pools", n, tlsf_nr_pools());
	KTEST_EXPECT_EQ(test, tlsf_nr_pending(), 0u);
	KTEST_EXPECT_EQ(test, tlsf_nr_pools(), pools + pending);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	while (chain) {
		void *next = *(void **)chain;

		kfree(chain);
		chain = next;
	}
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case tlsf_cases[] = {
	KTEST_CASE(mapping_by_hand),
	KTEST_CASE(search_is_good_fit),
	KTEST_CASE(coalesce_with_next),
	KTEST_CASE(coalesce_with_previous),
	KTEST_CASE(coalesce_with_both),
	KTEST_CASE(freed_block_reused_from_its_list),
	KTEST_CASE(allocated_blocks_have_no_footer),
	KTEST_CASE(aligned_objects_blocks),
	KTEST_CASE(pages_from_free_blocks),
	KTEST_CASE(free_footer_checked),
	KTEST_CASE(cache_objects_carry_their_tag),
	KTEST_CASE(poison_catches_write_after_free),
	KTEST_CASE_TIMEOUT(pending_regions_join_when_full, 60),
	{}
};

static struct ktest_suite tlsf_suite = {
	.name = "tlsf",
	.cases = tlsf_cases,
};
KTEST_SUITE(tlsf_suite);
