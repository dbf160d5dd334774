// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "slab_validate": kmalloc_validate() on buddy+slab finds each
 * kind of damage to the slab allocator's bookkeeping (mm/slab.c,
 * validate_slab() and validate_cache()). Each case breaks one field of a
 * cache of its own (a slab's owner, PG_slab, object count, inuse or free
 * list: a link inside or past the objects, a loop; the cache's list
 * counts, reference count, the pages held), expects at least one
 * violation and its line in the console, then repairs the field and
 * expects a clean walk again. Nothing is allocated or freed between the
 * damage and the repair, and only expectations (never assertions) run
 * there, so the heap is whole when the case ends.
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/slab.h>
#include "buddy.h"
#include "internal.h"
#include "validate_test.h"
#include "slab_cache.h"
#include "kfence_pause_test.h"

#define OBJ_SIZE 64

struct validate_ctx {
	struct kmem_cache *s;
	struct slab_cache *c;
	struct page *page; /* the slab of obj[] */
	void *obj[2];
	char prefix[64]; /* "slab NAME: pfn 0x..:" of the slab's lines */
};

/* A cache no other cache shares, one slab with two objects in use. */
static int validate_init(struct ktest *test)
{
	struct validate_ctx *x;
	bool nomerge = slab_nomerge;

	x = ktest_kzalloc(test, sizeof(*x), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, x);
	slab_nomerge = true;
	x->s = kmem_cache_create("slab_validate", OBJ_SIZE, 0, 0, NULL);
	slab_nomerge = nomerge;
	KTEST_ASSERT_NOT_NULL(test, x->s);
	x->c = x->s->priv;
	x->obj[0] = kmem_cache_alloc(x->s, GFP_KERNEL);
	x->obj[1] = kmem_cache_alloc(x->s, GFP_KERNEL);
	test->priv = x;
	KTEST_ASSERT_NOT_NULL(test, x->obj[0]);
	KTEST_ASSERT_NOT_NULL(test, x->obj[1]);
	x->page = compound_head(virt_to_page(x->obj[0]));
	KTEST_ASSERT_TRUE(test,
			  x->page == compound_head(virt_to_page(x->obj[1])));
	snprintf(x->prefix, sizeof(x->prefix),
		 "slab slab_validate: pfn %#lx:", page_to_pfn(x->page));
	KTEST_ASSERT_EQ(test, kmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	return 0;
}

static void validate_exit(struct ktest *test)
{
	struct validate_ctx *x = test->priv;

	if (!x || !x->s)
		return;
	kmem_cache_free(x->s, x->obj[0]);
	kmem_cache_free(x->s, x->obj[1]);
	kmem_cache_destroy(x->s);
}

/* A slab that names another cache as its owner. */
static void wrong_owner(struct ktest *test)
{
	struct validate_ctx *x = test->priv;
	struct kmem_cache *owner = x->page->slab_cache;

	x->page->slab_cache = (struct kmem_cache *)&kmalloc_caches[0];
	expect_violation(test, kmalloc_validate, x->prefix);
	x->page->slab_cache = owner;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* More objects in use than the slab holds. */
static void inuse_beyond_objects(struct ktest *test)
{
	struct validate_ctx *x = test->priv;
	char want[96];

	x->page->inuse += x->page->objects;
	snprintf(want, sizeof(want), "%s inuse %u objects %u", x->prefix,
		 x->page->inuse, x->page->objects);
	expect_violation(test, kmalloc_validate, want);
	x->page->inuse -= x->page->objects;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/*
 * A free list that points at no object: inside the first one, or just
 * past the last one.
 */
static void free_pointer_not_an_object(struct ktest *test)
{
	struct validate_ctx *x = test->priv;
	char *base = page_address(x->page);
	char *const bad[] = { base + 1, base + x->c->objects * x->c->size };
	void *freelist = x->page->freelist;
	char want[96];

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		x->page->freelist = bad[i];
		snprintf(want, sizeof(want), "%s free pointer %p not an object",
			 x->prefix, bad[i]);
		expect_violation(test, kmalloc_validate, want);
	}
	x->page->freelist = freelist;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A slab on its cache's list whose page has lost PG_slab. */
static void not_marked_slab(struct ktest *test)
{
	struct validate_ctx *x = test->priv;
	char want[96];

	page_clear_flag(x->page, PG_slab);
	snprintf(want, sizeof(want), "%s flags %#lx, cache ", x->prefix,
		 x->page->flags);
	expect_violation(test, kmalloc_validate, want);
	/* The walk of mem_map finds one slab fewer than the lists. */
	KTEST_EXPECT_LOG_CONTAINS(test, " pages in PG_slab slabs, ");
	page_set_flag(x->page, PG_slab);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A slab that says it holds fewer objects than its cache's slabs do. */
static void objects_unlike_the_cache(struct ktest *test)
{
	struct validate_ctx *x = test->priv;
	char want[96];

	x->page->objects--;
	snprintf(want, sizeof(want), "%s inuse %u objects %u", x->prefix,
		 x->page->inuse, x->page->objects);
	expect_violation(test, kmalloc_validate, want);
	x->page->objects++;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A free object whose link points back at itself. */
static void free_list_loops(struct ktest *test)
{
	struct validate_ctx *x = test->priv;
	char *head = x->page->freelist;
	void **slot = (void **)(head + x->c->offset);
	void *link = *slot;
	char want[96];

	slab_set_freepointer(x->c, head, head);
	snprintf(want, sizeof(want), "%s free list loops", x->prefix);
	expect_violation(test, kmalloc_validate, want);
	*slot = link;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* List counts that disagree with the lists and with nr_slabs. */
static void list_counts(struct ktest *test)
{
	struct validate_ctx *x = test->priv;
	char want[96];

	x->c->nr_partial++;
	snprintf(want, sizeof(want),
		 "slab slab_validate: %u slabs listed, count %u (state 1)",
		 x->c->nr_partial - 1, x->c->nr_partial);
	expect_violation(test, kmalloc_validate, want);
	x->c->nr_partial--;
	x->c->nr_slabs++;
	expect_violation(test, kmalloc_validate,
			 "slab slab_validate: nr_slabs");
	x->c->nr_slabs--;
	x->c->nr_empty = SLAB_MAX_EMPTY + 1;
	expect_violation(test, kmalloc_validate, "empty slabs kept, limit");
	x->c->nr_empty = 0;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* A cache no kmem_cache refers to; two references to one that may not merge. */
static void reference_count(struct ktest *test)
{
	struct validate_ctx *x = test->priv;
	unsigned int refcount = x->c->refcount;
	bool mergeable = x->c->mergeable;

	x->c->refcount = 0;
	expect_violation(test, kmalloc_validate,
			 "slab slab_validate: no kmem_cache refers to it");
	x->c->refcount = 2;
	x->c->mergeable = false;
	expect_violation(
		test, kmalloc_validate,
		"slab slab_validate: 2 references to a cache that may not merge");
	x->c->refcount = refcount;
	x->c->mergeable = mergeable;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Fewer pages held than the slabs use. */
static void pages_held_too_low(struct ktest *test)
{
	unsigned long held = kmalloc_stats.pages_held;

	kmalloc_stats.pages_held = 0;
	expect_violation(test, kmalloc_validate, ": pages_held 0 < ");
	kmalloc_stats.pages_held = held;
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

static struct ktest_case slab_validate_cases[] = {
	KTEST_CASE(wrong_owner),
	KTEST_CASE(inuse_beyond_objects),
	KTEST_CASE(free_pointer_not_an_object),
	KTEST_CASE(not_marked_slab),
	KTEST_CASE(objects_unlike_the_cache),
	KTEST_CASE(free_list_loops),
	KTEST_CASE(list_counts),
	KTEST_CASE(reference_count),
	KTEST_CASE(pages_held_too_low),
	{}
};

static struct ktest_suite slab_validate_suite = {
	.name = "slab_validate",
	.init = validate_init,
	.exit = validate_exit,
	.cases = slab_validate_cases,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(slab_validate_suite);
