// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "tlsf_validate": TLSF's validate() (mm/tlsf.c) finds damage
 * to the bookkeeping only TLSF has, beside the blocks that
 * mm/bt_validate_test.c damages: the two levels of bitmaps against the
 * lists, the free count, a free block's list index, the class bounds that
 * splits and merges test, and a list link that leads out of the free
 * blocks; and, through headers written with a valid magic
 * (tlsf_set_header()), damage no stray write can make: a free block of
 * another class on a list, two free blocks side by side, a free block
 * with the page-block bit, a size below the smallest block or past its
 * pool's end. Each case damages one thing on
 * the heap as it is (its free blocks are there from boot), expects
 * validate() to report it with its console line, repairs it and expects
 * a clean walk; nothing is allocated or freed in between, so the heap is
 * whole when a case ends.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/freeptr.h>
#include "internal.h"
#include "boundary_tag.h"
#include "tlsf.h"
#include "validate_test.h"
#include "kfence_pause_test.h"

#define SL_COUNT TLSF_SL_INDEX_COUNT
#define FL_COUNT TLSF_FL_INDEX_COUNT
/* The last level holds blocks of 2^31 bytes and more: always empty. */
#define TOP_FL (FL_COUNT - 1)

/* The lists' bookkeeping, the heap validated clean, the console captured. */
static void lists(struct ktest *test, struct tlsf_lists *l)
{
	tlsf_get_lists(l);
	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, l->sl_bitmap[TOP_FL], 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
}

/*
 * The first non-empty list (its fl, sl) and its head's header; with
 * @top, the last one (the largest free blocks).
 */
static unsigned long first_listed(struct ktest *test, unsigned int *fl,
				  unsigned int *sl, bool top)
{
	for (unsigned int i = 0; i < FL_COUNT * SL_COUNT; i++) {
		unsigned int c = top ? FL_COUNT * SL_COUNT - 1 - i : i;

		*fl = c / SL_COUNT;
		*sl = c % SL_COUNT;
		if (tlsf_list_head(*fl, *sl))
			return (unsigned long)tlsf_list_head(*fl, *sl);
	}
	KTEST_ASSERT_FAILURE(test, "no free block on any list");
	return 0;
}

/* fl_bitmap with a bit above the last level. */
static void fl_bitmap_above_last_level(struct ktest *test)
{
	struct tlsf_lists l;
	char want[64];

	lists(test, &l);
	*l.fl_bitmap ^= 1u << 31;
	snprintf(want, sizeof(want), "has bits above level %u", TOP_FL);
	expect_violation(test, kmalloc_validate, want);
	*l.fl_bitmap ^= 1u << 31;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * The last level's bits: fl set over an empty sl_bitmap word, then the
 * sl bit set too, over an empty list.
 */
static void bitmap_bits_over_empty_list(struct ktest *test)
{
	struct tlsf_lists l;
	char want[64];

	lists(test, &l);
	*l.fl_bitmap ^= 1u << TOP_FL;
	snprintf(want, sizeof(want),
		 "fl_bitmap bit %u is set, sl_bitmap[%u] is 0", TOP_FL, TOP_FL);
	expect_violation(test, kmalloc_validate, want);
	l.sl_bitmap[TOP_FL] ^= 1u << 3;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	snprintf(want, sizeof(want), "sl_bitmap[%u] bit 3 is set, list empty",
		 TOP_FL);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	l.sl_bitmap[TOP_FL] ^= 1u << 3;
	*l.fl_bitmap ^= 1u << TOP_FL;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * A non-empty list whose sl_bitmap bit is clear, then its level's
 * fl_bitmap bit clear over the sl_bitmap word.
 */
static void bit_clear_over_used_list(struct ktest *test)
{
	struct tlsf_lists l;
	unsigned int fl, sl;
	char want[64];

	lists(test, &l);
	first_listed(test, &fl, &sl, false);
	l.sl_bitmap[fl] ^= 1u << sl;
	snprintf(want, sizeof(want),
		 "sl_bitmap[%u] bit %u is clear, list not empty", fl, sl);
	expect_violation(test, kmalloc_validate, want);
	l.sl_bitmap[fl] ^= 1u << sl;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	*l.fl_bitmap ^= 1u << fl;
	snprintf(want, sizeof(want),
		 "fl_bitmap bit %u is clear, sl_bitmap[%u] is %#x", fl, fl,
		 l.sl_bitmap[fl]);
	expect_violation(test, kmalloc_validate, want);
	*l.fl_bitmap ^= 1u << fl;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A free count one above, then one below, what the lists hold. */
static void free_count(struct ktest *test)
{
	struct tlsf_lists l;
	unsigned long n;
	char want[64];

	lists(test, &l);
	n = *l.nr_free;
	(*l.nr_free)++;
	snprintf(want, sizeof(want), "lists hold %lu blocks, count %lu", n,
		 n + 1);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	*l.nr_free = n - 1;
	/* The walk stops at the block the count has no room for. */
	expect_violation(test, kmalloc_validate, "] broken at ");
	*l.nr_free = n;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A free block whose list index (its node's third word) names another list. */
static void node_index(struct ktest *test)
{
	struct tlsf_lists l;
	unsigned int fl, sl;
	unsigned long b;
	u32 *index;
	char want[96];

	lists(test, &l);
	b = first_listed(test, &fl, &sl, false);
	index = (u32 *)bt_payload(b) + 2;
	KTEST_ASSERT_EQ(test, *index, fl * SL_COUNT + sl);
	*index ^= 1;
	snprintf(want, sizeof(want),
		 "on list [%u][%u] (index %u), belongs on [%u][%u]", fl, sl,
		 *index, fl, sl);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	*index ^= 1;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * The head of the last non-empty list with a header (magic right) that
 * halves its size: a block of another class on this list.
 */
static void node_class(struct ktest *test)
{
	struct tlsf_lists l;
	unsigned int fl, sl, ifl, isl;
	unsigned long b;
	struct bt_tag *h, saved;
	size_t size;
	char want[96];

	lists(test, &l);
	b = first_listed(test, &fl, &sl, true);
	h = hdr_at(b);
	saved = *h;
	size = bt_size(h, TLSF_FLAGS) / 2 & ~7ul;
	KTEST_ASSERT_GE(test, size, TLSF_MIN_BLOCK);
	tlsf_mapping_insert(size, &ifl, &isl);
	tlsf_set_header(h, size, h->size_flags & TLSF_FLAGS);
	snprintf(
		want, sizeof(want),
		"free block %#lx of %zu bytes on list [%u][%u] (index %u), belongs on [%u][%u]",
		b, size, fl, sl, fl * SL_COUNT + sl, ifl, isl);
	expect_violation(test, kmalloc_validate, want);
	*h = saved;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * class_min[c] one below its class (it maps to c - 1), then
 * class_min[c + 1] one above (the largest size of c maps to c + 1).
 */
static void class_bounds(struct ktest *test)
{
	const unsigned int c = 5 * SL_COUNT + 7;
	struct tlsf_lists l;
	char want[64];

	lists(test, &l);
	snprintf(want, sizeof(want), "class_min[%u] = %#x does not bound", c,
		 l.class_min[c] - 1);
	l.class_min[c]--;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	l.class_min[c]++;
	l.class_min[c + 1]++;
	snprintf(want, sizeof(want), "class_min[%u] = %#x does not bound", c,
		 l.class_min[c]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	l.class_min[c + 1]--;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * The block of a live object with a free block before it: TLSF carves an
 * object from the end of a free block, so nearly every one has.
 */
static unsigned long after_free_block(struct ktest *test)
{
	for (unsigned int i = 0; i < 16; i++) {
		void *p = ktest_kmalloc(test, 40, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(test, p);
		if (hdr_at(bt_block_of(p))->size_flags & TLSF_PREV_FREE)
			return bt_block_of(p);
	}
	KTEST_ASSERT_FAILURE(test, "no object after a free block in 16 tries");
	return 0;
}

/* A live block after a free one made free too, footer and magic right. */
static void free_blocks_not_coalesced(struct ktest *test)
{
	unsigned long b = after_free_block(test);
	struct bt_tag *h = hdr_at(b), saved = *h;
	size_t size = bt_size(h, TLSF_FLAGS);
	u32 *ftr = footer_at(b + size), saved_ftr = *ftr;
	struct tlsf_lists l;
	char want[80];

	lists(test, &l);
	tlsf_set_header(h, size, TLSF_FREE | TLSF_PREV_FREE);
	*ftr = size;
	snprintf(want, sizeof(want),
		 "free blocks before %#lx and at it not coalesced", b);
	expect_violation(test, kmalloc_validate, want);
	*ftr = saved_ftr;
	*h = saved;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A listed free block whose header says page block, magic right. */
static void free_block_page_bit(struct ktest *test)
{
	struct tlsf_lists l;
	unsigned int fl, sl;
	unsigned long b;
	struct bt_tag *h, saved;
	char want[64];

	lists(test, &l);
	b = first_listed(test, &fl, &sl, false);
	h = hdr_at(b);
	saved = *h;
	tlsf_set_header(h, bt_size(h, TLSF_FLAGS),
			(h->size_flags & TLSF_FLAGS) | TLSF_PAGES);
	snprintf(want, sizeof(want), "free block %#lx has the page-block bit",
		 b);
	expect_violation(test, kmalloc_validate, want);
	*h = saved;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A size the magic vouches for that no block can have. */
static const struct {
	size_t size;
	const char *name;
} bad_sizes[] = {
	{ TLSF_MIN_BLOCK - 8, "below the smallest block" },
	{ 0x7ffffff8, "past the pool's end" },
};
KTEST_ARRAY_PARAM_DESC(bad_size, bad_sizes, name);

static u32 not_a_node[8];

/* backend_walk()'s callback: a held range from *@arg on sets it to 0. */
static void find_held(unsigned long start, unsigned long end,
		      enum kmalloc_range kind, void *arg)
{
	if (kind == KMALLOC_RANGE_HELD && start == *(unsigned long *)arg)
		*(unsigned long *)arg = 0;
}

/*
 * A live block's header with a valid magic and a size no block has:
 * validate() reports the header, the heap walk reports the rest of the
 * pool from it as held (no block can be read there), and
 * tlsf_block_at() does not take it for a block (nor memory outside the
 * pools).
 */
static void header_size_out_of_range(struct ktest *test)
{
	size_t size = ((typeof(&bad_sizes[0]))test->param_value)->size;
	void *p = ktest_kmalloc(test, 40, GFP_KERNEL);
	unsigned long b = bt_block_of(p), flags;
	unsigned long held = b;
	struct bt_tag *h, saved;
	struct tlsf_lists l;
	bool allocated;
	char want[64];

	KTEST_ASSERT_NOT_NULL(test, p);
	h = hdr_at(b);
	saved = *h;
	KTEST_EXPECT_EQ(test, tlsf_block_at(not_a_node, &allocated), 0);
	lists(test, &l);
	tlsf_set_header(h, size, h->size_flags & TLSF_PREV_FREE);
	KTEST_EXPECT_EQ(test, tlsf_block_at(h, &allocated), 0);
	flags = heap_lock_irqsave();
	backend_walk(find_held, &held);
	heap_unlock_irqrestore(flags);
	KTEST_EXPECT_EQ(test, held, 0);
	snprintf(want, sizeof(want), "block %#lx: corrupted header", b);
	expect_violation(test, kmalloc_validate, want);
	*h = saved;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	KTEST_EXPECT_EQ(test, tlsf_block_at(h, &allocated),
			bt_size(h, TLSF_FLAGS));
}

/* Something that is not a free block's node, for a forged next link. */
enum forged_kind { OUTSIDE_HEAP, MISALIGNED, LIVE_OBJECT };

static const struct {
	enum forged_kind kind;
	const char *name;
} forged_kinds[] = {
	{ OUTSIDE_HEAP, "outside the heap" },
	{ MISALIGNED, "misaligned" },
	{ LIVE_OBJECT, "a live object" },
};
KTEST_ARRAY_PARAM_DESC(forged_next, forged_kinds, name);

/*
 * The head of the first non-empty list links on to something that is no
 * free block: validate() stops that list there and says where.
 */
static void forged_next_link(struct ktest *test)
{
	enum forged_kind kind =
		((typeof(&forged_kinds[0]))test->param_value)->kind;
	void *obj = ktest_kmalloc(test, 40, GFP_KERNEL);
	struct tlsf_lists l;
	unsigned int fl, sl;
	void **next, *saved, *forged;
	char want[64];

	KTEST_ASSERT_NOT_NULL(test, obj);
	lists(test, &l);
	next = bt_payload(first_listed(test, &fl, &sl, false));
	forged = kind == OUTSIDE_HEAP ? (void *)&not_a_node[2] :
		 kind == MISALIGNED   ? (void *)((char *)next + 4) :
					obj;
	saved = freeptr_load(next);
	freeptr_store(next, forged);
	snprintf(want, sizeof(want), "list [%u][%u] broken at %p", fl, sl,
		 forged);
	expect_violation(test, kmalloc_validate, want);
	freeptr_store(next, saved);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case tlsf_validate_cases[] = {
	KTEST_CASE(fl_bitmap_above_last_level),
	KTEST_CASE(bitmap_bits_over_empty_list),
	KTEST_CASE(bit_clear_over_used_list),
	KTEST_CASE(free_count),
	KTEST_CASE(node_index),
	KTEST_CASE(node_class),
	KTEST_CASE(class_bounds),
	KTEST_CASE_PARAM(forged_next_link, forged_next_gen_params),
	KTEST_CASE(free_blocks_not_coalesced),
	KTEST_CASE(free_block_page_bit),
	KTEST_CASE_PARAM(header_size_out_of_range, bad_size_gen_params),
	{},
};

static struct ktest_suite tlsf_validate_suite = {
	.name = "tlsf_validate",
	.cases = tlsf_validate_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(tlsf_validate_suite);
