/* SPDX-License-Identifier: GPL-2.0 */
/*
 * White-box test cases shared by the boundary-tag backends' suites
 * (mm/firstfit_test.c, mm/tlsf_test.c; mm/boundary_tag_test.c): what the
 * layout of mm/boundary_tag.h promises on either backend. Each suite says
 * how to read its blocks with a struct bt_test_backend and adds the checks
 * of its own algorithm.
 */
#ifndef _MM_BOUNDARY_TAG_TEST_H
#define _MM_BOUNDARY_TAG_TEST_H

#include <ktest.h>
#include "boundary_tag.h"

/**
 * struct bt_test_backend - what the shared cases need to know of a backend
 * @block_at: the block whose header is at @hdr: its size in bytes (0 when
 *            @hdr is no header), *@allocated set to whether it is
 *            allocated (firstfit_block_at(), tlsf_block_at())
 * @get_info: a summary of the heap now (firstfit_get_info(),
 *            tlsf_get_info())
 * @merged: optional: more checks of the free block at @hdr of @size bytes
 *          that a coalescing case just made (TLSF: the head of its list)
 * @small: a kmalloc() size whose block is the smallest block
 * @min_block: the smallest block, bytes
 * @prev_free: the size_flags bit that says the block before is free
 */
struct bt_test_backend {
	size_t (*block_at)(const void *hdr, bool *allocated);
	void (*get_info)(struct bt_heap_info *info);
	void (*merged)(struct ktest *test, const void *hdr, size_t size);
	size_t small;
	size_t min_block;
	u32 prev_free;
};

/* Room for the objects bt_five_adjacent() sets aside. */
#define BT_TEST_JUNK 320

/**
 * bt_block_size - the block size of a live or freed object
 * @b: the backend (&bt_test_backend)
 * @p: the object (its header is right before it)
 * @allocated: set to whether its block is allocated
 * Return: as @b->block_at.
 */
size_t bt_block_size(const struct bt_test_backend *b, const void *p,
		     bool *allocated);

/**
 * bt_five_adjacent - five kmalloc objects in adjacent blocks
 * @size: kmalloc() size of each, bytes
 * @o: set to the objects, in address order: o[0] and o[4] guard the
 *     three in the middle from whatever lies around them
 * @junk: objects set aside (up to BT_TEST_JUNK): sets that did not come
 *        out adjacent stay allocated until five adjacent ones do
 * @njunk: in/out: how many @junk holds
 * Return: true when @o holds five adjacent objects. Context: a test case.
 */
bool bt_five_adjacent(size_t size, void *o[5], void **junk,
		      unsigned int *njunk);

/**
 * bt_free_junk - free what bt_five_adjacent() set aside
 * @junk: the objects
 * @njunk: how many
 */
void bt_free_junk(void **junk, unsigned int njunk);

/*
 * The backend's blocks: each boundary-tag backend's suite defines it (only
 * one backend is linked, as with backend_info).
 */
extern const struct bt_test_backend bt_test_backend;

/*
 * The shared cases, for the backend's ktest_case array:
 * coalesce_with_next, coalesce_with_previous and coalesce_with_both free
 * the middle three of five adjacent blocks in an order and check the one
 * free block they become (and @merged); allocated_blocks_have_no_footer:
 * adjacent 56-byte objects are 64 bytes apart (72 with the redzone word)
 * and @small-byte ones take @min_block each; free_footer_checked: the
 * object after a free block finds its size in the footer, an overwritten
 * footer is seen by validate(), reported by kfree() and the free refused,
 * and once repaired the same free merges the two blocks;
 * pages_from_free_blocks: a page block is an ordinary block, page
 * aligned, PG_head while allocated, whose free gives its pages back;
 * free_pages_checks_the_block: free_pages() refuses a page block
 * without PG_head or of the wrong order (mm/page_block_test.h);
 * first_object_in_largest_region: held-back regions are not used while
 * the largest has room; pending_regions_join_when_full: they join when
 * it is full, and validate() walks them. The last two need a boot with
 * more than one usable region (trace modules leave a page below them:
 * MODULES=tools/mm/traces/build.kmt.xz scripts/ktest run ...) and skip
 * otherwise.
 */
void bt_coalesce_with_next(struct ktest *test);
void bt_coalesce_with_previous(struct ktest *test);
void bt_coalesce_with_both(struct ktest *test);
void bt_no_footer_case(struct ktest *test);
void bt_free_footer_case(struct ktest *test);
void bt_pages_case(struct ktest *test);
void bt_page_block_case(struct ktest *test);
void bt_first_in_largest_case(struct ktest *test);
void bt_pending_case(struct ktest *test);

#define BT_TEST_CASE(fn, case_name)               \
	{                                         \
		.run_case = fn, .name = case_name \
	}

/* The shared cases, under the names the suites have always used. */
#define BT_TEST_CASES                                                      \
	BT_TEST_CASE(bt_coalesce_with_next, "coalesce_with_next"),         \
		BT_TEST_CASE(bt_coalesce_with_previous,                    \
			     "coalesce_with_previous"),                    \
		BT_TEST_CASE(bt_coalesce_with_both, "coalesce_with_both"), \
		BT_TEST_CASE(bt_no_footer_case,                            \
			     "allocated_blocks_have_no_footer"),           \
		BT_TEST_CASE(bt_free_footer_case, "free_footer_checked"),  \
		BT_TEST_CASE(bt_pages_case, "pages_from_free_blocks"),     \
		BT_TEST_CASE(bt_page_block_case,                           \
			     "free_pages_checks_the_block"),               \
		BT_TEST_CASE(bt_first_in_largest_case,                     \
			     "first_object_in_largest_region"),            \
	{                                                                  \
		.run_case = bt_pending_case,                               \
		.name = "pending_regions_join_when_full", .timeout = 60    \
	}

#endif /* _MM_BOUNDARY_TAG_TEST_H */
