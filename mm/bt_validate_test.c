// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "bt_validate": validate() of a boundary-tag backend
 * (first-fit, TLSF; mm/boundary_tag.h) finds a damaged block header, a
 * free block's footer that disagrees with its header, a page block whose
 * page lost PG_head, a previous-free bit that disagrees with the block
 * (or fence) before, a free block's broken list link, an overwritten
 * start or end fence (and a kfree() of the start fence's payload), and
 * statistics that disagree with the blocks.
 * Each case damages one thing, expects at least one violation and its
 * line on the console, repairs it and expects a clean walk; nothing is
 * allocated or freed in between and only expectations run there, so the
 * heap is whole when a case ends.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include "internal.h"
#include "page_block_test.h"
#include "boundary_tag.h"
#include "boundary_tag_test.h"
#include "kfence_pause_test.h"

/* A live object, the heap validated clean, the console captured. */
static void *live_object(struct ktest *test)
{
	void *p = ktest_kmalloc(test, 40, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	return p;
}

/* A live block whose header magic no longer matches its address and size. */
static void header_magic(struct ktest *test)
{
	unsigned long b = bt_block_of(live_object(test));
	struct bt_tag *h = hdr_at(b);
	char want[64];

	h->magic ^= 0x100;
	snprintf(want, sizeof(want), "block %#lx: corrupted header", b);
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	h->magic ^= 0x100;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Statistics that count bytes the blocks do not hold. */
static void totals(struct ktest *test)
{
	live_object(test);
	kmalloc_stats.live_bytes += 8;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, "statistics say");
	kmalloc_stats.live_bytes -= 8;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Damage @word by xor with @bits; expect a violation saying @want; repair. */
static void expect_reported(struct ktest *test, u32 *word, u32 bits,
			    const char *want)
{
	*word ^= bits;
	KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	*word ^= bits;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A live block's successor says the live block is free. */
static void prev_free_bit_set(struct ktest *test)
{
	void *p = live_object(test);
	unsigned long b = bt_block_of(p);
	bool alloc;
	size_t size = bt_block_size(&bt_test_backend, p, &alloc);

	KTEST_ASSERT_TRUE(test, alloc);
	expect_reported(test, &hdr_at(b + size)->size_flags,
			bt_test_backend.prev_free, "previous-free bit");
}

/*
 * The end fence of a live object's region: the first tag after its block
 * that is no block (blocks tile a region up to its fence).
 */
static void end_fence(struct ktest *test)
{
	unsigned long b = bt_block_of(live_object(test));
	size_t size;
	bool alloc;

	while ((size = bt_test_backend.block_at(hdr_at(b), &alloc)))
		b += size;
	expect_reported(test, &hdr_at(b)->magic, 0x100, "fence overwritten");
	expect_reported(test, &hdr_at(b)->size_flags, 0x8, "fence overwritten");
	/* Its previous-free bit, which must say what the last block is. */
	expect_reported(test, &hdr_at(b)->size_flags, bt_test_backend.prev_free,
			"previous-free bit");
}

/* The walk's ranges up to the first pool's start fence. */
struct fence_search {
	unsigned long fence;
	bool after_held;
};

/*
 * A pool starts with its fence, one tag of metadata, right before its
 * first block; the walk reports it first or after memory held back.
 */
static void find_start_fence(unsigned long start, unsigned long end,
			     enum kmalloc_range kind, void *arg)
{
	struct fence_search *fs = arg;
	bool alloc;

	if (!fs->fence && fs->after_held && kind == KMALLOC_RANGE_METADATA &&
	    end - start == BT_TAG_BYTES &&
	    bt_test_backend.block_at(hdr_at(end), &alloc))
		fs->fence = start;
	fs->after_held = kind == KMALLOC_RANGE_HELD;
}

/*
 * The first pool's start fence overwritten, then its first block's
 * previous-free bit set (the fence before it is no free block); and
 * kfree() of the fence's payload, the first block's header, refused as
 * no object (before the first block).
 */
static void start_fence(struct ktest *test)
{
	struct fence_search fs = { 0, true };
	struct kmalloc_stats a;
	unsigned long flags;
	char want[48];

	live_object(test);
	flags = heap_lock_irqsave();
	backend_walk(find_start_fence, &fs);
	heap_unlock_irqrestore(flags);
	KTEST_ASSERT_NE(test, fs.fence, 0);
	expect_reported(test, &hdr_at(fs.fence)->magic, 0x100,
			"fence overwritten");
	expect_reported(test, &hdr_at(fs.fence)->size_flags, 0x8,
			"fence overwritten");
	expect_reported(test, &hdr_at(fs.fence + BT_TAG_BYTES)->size_flags,
			bt_test_backend.prev_free, "previous-free bit");
	a = kmalloc_stats_now();
	kfree(bt_payload(fs.fence));
	snprintf(want, sizeof(want), "invalid free of %p",
		 bt_payload(fs.fence));
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, a.bad_input + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A page block (alloc_pages()) whose head page lost PG_head. */
static void page_block_head(struct ktest *test)
{
	page_block_validate_checked(test, "page block %#lx: not PG_head");
}

/* Five adjacent objects, the middle one freed: its block, clean, captured. */
struct free_middle {
	void *o[5], *junk[BT_TEST_JUNK];
	unsigned int njunk;
	unsigned long b;
	size_t size;
};

static struct free_middle *free_middle(struct ktest *test)
{
	struct free_middle *m = ktest_kzalloc(test, sizeof(*m), GFP_KERNEL);
	bool alloc;

	KTEST_ASSERT_NOT_NULL(test, m);
	KTEST_ASSERT_TRUE(test,
			  bt_five_adjacent(200, m->o, m->junk, &m->njunk));
	kfree(m->o[2]);
	m->b = bt_block_of(m->o[2]);
	m->size = bt_block_size(&bt_test_backend, m->o[2], &alloc);
	KTEST_EXPECT_FALSE(test, alloc);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_EQ(test, ktest_log_capture_start(test), 0);
	return m;
}

static void free_middle_done(struct free_middle *m)
{
	for (unsigned int i = 0; i < 5; i++)
		if (i != 2)
			kfree(m->o[i]);
	bt_free_junk(m->junk, m->njunk);
}

/* A free block (between two live ones) whose footer no longer matches. */
static void free_block_footer(struct ktest *test)
{
	struct free_middle *m = free_middle(test);
	char want[64];

	snprintf(want, sizeof(want), "free block %#lx: footer", m->b);
	expect_reported(test, footer_at(m->b + m->size), 0x100, want);
	free_middle_done(m);
}

/* The block after a free block says the block before is allocated. */
static void prev_free_bit_clear(struct ktest *test)
{
	struct free_middle *m = free_middle(test);

	expect_reported(test, &hdr_at(m->b + m->size)->size_flags,
			bt_test_backend.prev_free, "previous-free bit");
	free_middle_done(m);
}

/*
 * A free block's list node (next, prev: the first two words of its
 * payload on both backends) whose back link no longer points back.
 */
static void free_list_prev_link(struct ktest *test)
{
	struct free_middle *m = free_middle(test);
	u32 *node = bt_payload(m->b);
	char want[64];

	snprintf(want, sizeof(want), "broken at %p", bt_payload(m->b));
	expect_reported(test, &node[1], 0x100, want);
	free_middle_done(m);
}

static struct ktest_case bt_validate_cases[] = {
	KTEST_CASE(header_magic),
	KTEST_CASE(free_block_footer),
	KTEST_CASE(prev_free_bit_set),
	KTEST_CASE(prev_free_bit_clear),
	KTEST_CASE(free_list_prev_link),
	KTEST_CASE(end_fence),
	KTEST_CASE(start_fence),
	KTEST_CASE(page_block_head),
	KTEST_CASE(totals),
	{},
};

static struct ktest_suite bt_validate_suite = {
	.name = "bt_validate",
	.cases = bt_validate_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(bt_validate_suite);
