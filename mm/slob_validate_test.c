// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "slob_validate": SLOB's validate() (mm/slob.c) finds each
 * kind of damage to a page's free-space bookkeeping (its counts and its
 * free blocks' size words and links), to the lists and their bitmaps of
 * non-empty classes, and to the pages held. Each case holds one object,
 * damages one field of its page, expects at least one violation and its
 * line on the console, repairs the field and expects a clean walk (two
 * cases free two of four objects to get two free blocks in one page);
 * nothing is allocated or freed in between and only expectations run
 * there, so the heap is whole when a case ends.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include <kmlab/freeptr.h>
#include "buddy.h"
#include "slob.h"
#include "internal.h"
#include "validate_test.h"
#include "kfence_pause_test.h"

/* The page of a live object that still has free units, the console captured. */
static struct page *slob_page(struct ktest *test, char *prefix, size_t len)
{
	void *p = ktest_kmalloc(test, 40, GFP_KERNEL);
	struct page *page;

	KTEST_ASSERT_NOT_NULL(test, p);
	page = virt_to_page(p);
	KTEST_ASSERT_TRUE(test, PageSlob(page));
	KTEST_ASSERT_GT(test, page->slob_units, 0);
	snprintf(prefix, len, "slob: pfn %#lx:", page_to_pfn(page));
	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	return page;
}

/* A free-unit count and a largest block that the free list does not hold. */
static void page_counts(struct ktest *test)
{
	char prefix[48], want[96];
	struct page *page = slob_page(test, prefix, sizeof(prefix));

	page->slob_units++;
	snprintf(want, sizeof(want), "%s %d free units listed, slob_units %d",
		 prefix, page->slob_units - 1, page->slob_units);
	expect_violation(test, kmalloc_validate, want);
	page->slob_units--;
	page->slob_largest++;
	snprintf(want, sizeof(want),
		 "%s largest free block %u units, slob_largest %u", prefix,
		 page->slob_largest - 1, page->slob_largest);
	expect_violation(test, kmalloc_validate, want);
	page->slob_largest--;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A page that thinks it is on another class's list. */
static void page_class(struct ktest *test)
{
	char prefix[48];
	struct page *page = slob_page(test, prefix, sizeof(prefix));

	page->slob_class ^= 1;
	expect_violation(test, kmalloc_validate, "thinks");
	KTEST_EXPECT_LOG_CONTAINS(test, "its largest block is of class");
	page->slob_class ^= 1;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A free list that starts in another page. */
static void free_block_outside(struct ktest *test)
{
	char prefix[48], want[96];
	struct page *page = slob_page(test, prefix, sizeof(prefix));
	void *first = page->slob_free;

	page->slob_free = (char *)page_address(page) + PAGE_SIZE;
	snprintf(want, sizeof(want), "%s free block %p outside the page",
		 prefix, page->slob_free);
	expect_violation(test, kmalloc_validate, want);
	page->slob_free = first;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A page on its list whose list number says another list. */
static void page_thinks_another_list(struct ktest *test)
{
	char prefix[48];
	struct page *page = slob_page(test, prefix, sizeof(prefix));

	page->slob_list_nr ^= 1;
	expect_violation(test, kmalloc_validate, "thinks");
	page->slob_list_nr ^= 1;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A page on a list with no free units, and a page with some on none. */
static void list_membership_against_units(struct ktest *test)
{
	char prefix[48], want[96];
	struct page *page = slob_page(test, prefix, sizeof(prefix));
	int units = page->slob_units;

	page->slob_units = 0;
	snprintf(want, sizeof(want), "%s 0 free units but on a list", prefix);
	expect_violation(test, kmalloc_validate, want);
	page->slob_units = units;
	page_clear_flag(page, PG_slob);
	snprintf(want, sizeof(want), "pfn %#lx on list %u is not a SLOB page",
		 page_to_pfn(page), page->slob_list_nr);
	expect_violation(test, kmalloc_validate, want);
	page_set_flag(page, PG_slob);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * The bitmap of non-empty classes: the bit of the page's class cleared
 * (its list is not empty), and the bit of the first empty class set.
 */
static void bitmap_of_nonempty_classes(struct ktest *test)
{
	char prefix[48], want[64];
	struct page *page = slob_page(test, prefix, sizeof(prefix));
	struct slob_list *l = &slob_lists[page->slob_list_nr];
	unsigned int c = page->slob_class, empty = 0;

	l->nonempty ^= 1u << c;
	snprintf(want, sizeof(want), "list %u class %u: bitmap bit clear",
		 page->slob_list_nr, c);
	expect_violation(test, kmalloc_validate, want);
	l->nonempty ^= 1u << c;
	while (empty < SLOB_NR_CLASSES && (l->nonempty & (1u << empty)))
		empty++;
	KTEST_ASSERT_LT(test, empty, SLOB_NR_CLASSES);
	l->nonempty ^= 1u << empty;
	snprintf(want, sizeof(want), "list %u class %u: bitmap bit set",
		 page->slob_list_nr, empty);
	expect_violation(test, kmalloc_validate, want);
	l->nonempty ^= 1u << empty;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * The first free block of a page: its size word (units) and its link
 * (the next free block's unit, through <kmlab/freeptr.h>) damaged in
 * turn: no units, more units than the page, a link out of the page. (A
 * link back makes a loop, which the walk reports on each of the page's
 * 512 units.)
 */
static void free_list_words(struct ktest *test)
{
	char prefix[48], want[96];
	struct page *page = slob_page(test, prefix, sizeof(prefix));
	u32 *b = page->slob_free, units = b[0], next = freeptr_load(&b[1]);
	unsigned int u = ((char *)b - (char *)page_address(page)) / SLOB_UNIT;

	b[0] = 0;
	snprintf(want, sizeof(want), "%s free block at unit %u has 0 units",
		 prefix, u);
	expect_violation(test, kmalloc_validate, want);
	b[0] = SLOB_PAGE_UNITS;
	snprintf(want, sizeof(want), "%s free block at unit %u has %lu units",
		 prefix, u, SLOB_PAGE_UNITS);
	expect_violation(test, kmalloc_validate, want);
	b[0] = units;
	freeptr_store(&b[1], (u32)SLOB_PAGE_UNITS);
	snprintf(want, sizeof(want), "%s next unit %lu out of the page", prefix,
		 SLOB_PAGE_UNITS);
	expect_violation(test, kmalloc_validate, want);
	freeptr_store(&b[1], next);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Fewer pages held than SLOB uses. */
static void pages_held_too_low(struct ktest *test)
{
	char prefix[48];
	unsigned long held;

	slob_page(test, prefix, sizeof(prefix));
	held = kmalloc_stats.pages_held; /* after the object took its page */
	kmalloc_stats.pages_held = 0;
	expect_violation(test, kmalloc_validate, "slob: pages_held 0 < ");
	kmalloc_stats.pages_held = held;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * Two free blocks of one page: the first one's size word grown to reach
 * the second (not coalesced) and past its start (not in address order);
 * then the page said to be entirely free.
 */
static void free_blocks_overlap(struct ktest *test)
{
	void *o[4];
	struct page *page;
	char prefix[48], want[96];
	u32 *b1, units;
	unsigned int u1, u2;

	for (unsigned int i = 0; i < ARRAY_SIZE(o); i++) {
		o[i] = kmalloc(40, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, o[i]);
	}
	kfree(o[1]);
	kfree(o[3]);
	page = virt_to_page(o[1]);
	KTEST_ASSERT_PTR_EQ(test, virt_to_page(o[3]), page);
	b1 = page->slob_free;
	KTEST_ASSERT_NOT_NULL(test, b1);
	u2 = freeptr_load(&b1[1]);
	KTEST_ASSERT_LT(test, u2, SLOB_PAGE_UNITS);
	u1 = ((char *)b1 - (char *)page_address(page)) / SLOB_UNIT;
	units = b1[0];
	snprintf(prefix, sizeof(prefix), "slob: pfn %#lx:", page_to_pfn(page));
	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	b1[0] = u2 - u1;
	snprintf(want, sizeof(want),
		 "%s free blocks at unit %u not coalesced\n", prefix, u2);
	expect_violation(test, kmalloc_validate, want);
	b1[0] = u2 - u1 + 1;
	snprintf(want, sizeof(want),
		 "%s free block at unit %u not in address order\n", prefix, u2);
	expect_violation(test, kmalloc_validate, want);
	b1[0] = units;
	page->slob_units += SLOB_PAGE_UNITS;
	snprintf(want, sizeof(want), "%s entirely free but still held\n",
		 prefix);
	expect_violation(test, kmalloc_validate, want);
	page->slob_units -= SLOB_PAGE_UNITS;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kfree(o[0]);
	kfree(o[2]);
}

/*
 * A page with free units taken off its list (its list's neighbours kept),
 * and a list that loops on one page.
 */
static void page_off_list_and_list_loop(struct ktest *test)
{
	char prefix[48], want[96];
	struct page *page = slob_page(test, prefix, sizeof(prefix));
	struct list_head *prev = page->slob_list.prev, *next;

	list_del_init(&page->slob_list);
	snprintf(want, sizeof(want), "%s %d free units but not on a list\n",
		 prefix, page->slob_units);
	expect_violation(test, kmalloc_validate, want);
	list_add(&page->slob_list, prev);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	next = page->slob_list.next;
	page->slob_list.next = &page->slob_list;
	snprintf(want, sizeof(want), "slob: list %u class %u loops\n",
		 page->slob_list_nr, page->slob_class);
	expect_violation(test, kmalloc_validate, want);
	page->slob_list.next = next;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case slob_validate_cases[] = {
	KTEST_CASE(page_counts),
	KTEST_CASE(page_class),
	KTEST_CASE(page_thinks_another_list),
	KTEST_CASE(list_membership_against_units),
	KTEST_CASE(bitmap_of_nonempty_classes),
	KTEST_CASE(free_block_outside),
	KTEST_CASE(free_list_words),
	KTEST_CASE(pages_held_too_low),
	KTEST_CASE(free_blocks_overlap),
	KTEST_CASE(page_off_list_and_list_loop),
	{}
};

static struct ktest_suite slob_validate_suite = {
	.name = "slob_validate",
	.cases = slob_validate_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(slob_validate_suite);
