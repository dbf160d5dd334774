// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "firstfit_hardening": the attacks on first-fit's free-block
 * links (mm/firstfit.c, mm/firstfit_tree.c), with and without
 * CONFIG_SLAB_FREELIST_HARDENED (Documentation/mm/hardening.rst).
 *
 * A free block's payload starts with its node: the address-ordered list's
 * next and prev links, then the treap's left, right and parent. The victim
 * is a freed 48-byte block b between two live ones, a before it and c
 * after, its neighbours in memory; an overflow from a (or a write after
 * free through b) rewrites b's node.
 *
 * Plain, the allocation that takes b unlinks it through the forged next
 * link: "next->prev = prev" writes a heap address to a word of the
 * attacker's choice (the classic unlink attack) and the list now leads
 * there. Encoded and checked (each neighbour a free block's node that links
 * back, glibc's "safe unlinking" on decoded links; every treap link 8-byte
 * aligned, inside the heap's span and linking back, the full check only
 * where a node is unlinked or handed out), the forged link is reported
 * and not followed,
 * and the list and the treap are built again from the boundary tags.
 */
#include "hardening_test.h"
#include "kfence_pause_test.h"
#include "firstfit.h"

/* Not a power of two: no alignment gap between the objects. */
#define VICTIM_SIZE 48
/* Allocations searched for three objects in a row. */
#define NR_OBJS 16

/*
 * The attacker's target, target_words[1]: the unlink writes through a
 * link to the "node" at target_words, whose prev link it is.
 */
static unsigned long target_words[8];
#define TARGET (target_words[1])
#define TARGET_BEFORE 0x5a5a5a5aUL
BUILD_BUG_ON(offsetof(struct ff_free, prev) != sizeof(unsigned long));

struct victim {
	void *objs[NR_OBJS];
	void **row; /* a, b, c: three in a row among objs */
};

/*
 * Allocate NR_OBJS objects and find three in a row. First fit fills the
 * lowest hole first, so once the objects come in a row no lower free
 * block fits one: freed, b is the block the next kmalloc() takes.
 */
static void victim_setup(struct ktest *test, struct victim *v)
{
	size_t step = block_bytes(VICTIM_SIZE);
	unsigned int i;

	kmalloc_victims(test, v->objs, NR_OBJS, VICTIM_SIZE);
	for (i = 2; i < NR_OBJS; i++)
		if ((char *)v->objs[i] == (char *)v->objs[i - 1] + step &&
		    (char *)v->objs[i - 1] == (char *)v->objs[i - 2] + step)
			break;
	if (i == NR_OBJS) {
		for (i = 0; i < NR_OBJS; i++)
			kfree(v->objs[i]);
		ktest_skip(test, "no three of %u objects lie in a row",
			   NR_OBJS);
	}
	v->row = &v->objs[i - 2];
}

static void victim_teardown(struct ktest *test, struct victim *v)
{
	for (unsigned int i = 0; i < NR_OBJS; i++)
		kfree(v->objs[i]);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
}

/* Free b; return its node, which the attacker overwrites. */
static struct ff_free *free_victim(struct ktest *test, struct victim *v)
{
	struct ff_free *n = v->row[1];

	kfree(n);
	v->row[1] = NULL;
	/* The link a free block holds is stored encoded, or plain. */
	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		KTEST_EXPECT_PTR_NE(test, n->next, ff_get(n, next));
	else
		KTEST_EXPECT_PTR_EQ(test, n->next, ff_get(n, next));
	return n;
}

/* A "node" whose prev link is the target. */
static struct ff_free *target_node(void)
{
	TARGET = TARGET_BEFORE;
	return (struct ff_free *)target_words;
}

/* The next 16 allocations never touch the target. */
static void expect_target_untouched(struct ktest *test)
{
	void *objs[16];

	kmalloc_victims(test, objs, ARRAY_SIZE(objs), VICTIM_SIZE);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
		KTEST_EXPECT_TRUE(
			test,
			(char *)objs[i] + VICTIM_SIZE <= (char *)target_words ||
				(char *)objs[i] >=
					(char *)(target_words +
						 ARRAY_SIZE(target_words)));
		kfree(objs[i]);
	}
	KTEST_EXPECT_EQ(test, TARGET, TARGET_BEFORE);
}

/*
 * CONFIG_SLAB_FREELIST_HARDENED: b's next link overwritten with the
 * target fails its check when the next kmalloc() takes b: one report
 * naming b, nothing written to the target, the heap whole.
 */
static void forged_link_refused(struct ktest *test)
{
	struct kmalloc_stats before;
	struct ff_free *n;
	struct victim v;
	void *x;

	require_freeptr_hardened(test);
	victim_setup(test, &v);
	n = free_victim(test, &v);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	n->next = target_node();
	x = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, x, (void *)n);
	v.row[1] = x;
	expect_one_forged_report(test, n, &before);
	expect_target_untouched(test);
	victim_teardown(test, &v);
}

/*
 * The same with b's treap links (left, right, parent) overwritten: the
 * free of a, which merges with b and gives the merged block b's place in
 * the treap, reads them first.
 */
static void forged_tree_link_refused(struct ktest *test)
{
	struct kmalloc_stats before;
	struct ff_free *n, *fake = target_node();
	struct victim v;

	require_freeptr_hardened(test);
	if (!IS_ENABLED(CONFIG_FIRSTFIT_TREE_INDEX))
		ktest_skip(test, "CONFIG_FIRSTFIT_TREE_INDEX is off: no treap");
	victim_setup(test, &v);
	n = free_victim(test, &v);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	n->left = fake;
	n->right = fake;
	n->parent = fake;
	kfree(v.row[0]);
	v.row[0] = NULL;
	expect_one_forged_report(test, n, &before);
	expect_target_untouched(test);
	victim_teardown(test, &v);
}

/*
 * A treap link forged to another free block's node d (as an attacker who
 * learnt the secret, or a lucky forgery, would write it): aligned and
 * inside the heap, it passes the range check, but d does not link back
 * to b both ways: b's left and parent links both forged to d, d's parent
 * link is not b or neither of its child links is. The free of a, which
 * merges with b and moves b's node, reads them: one report naming b, the
 * heap whole.
 */
static void tree_link_to_free_block_refused(struct ktest *test)
{
	size_t step = block_bytes(VICTIM_SIZE);
	struct kmalloc_stats before;
	struct ff_free *n, *d = NULL;
	struct victim v;
	unsigned int j;

	require_freeptr_hardened(test);
	if (!IS_ENABLED(CONFIG_FIRSTFIT_TREE_INDEX))
		ktest_skip(test, "CONFIG_FIRSTFIT_TREE_INDEX is off: no treap");
	victim_setup(test, &v);
	/* d: an object between two live ones, away from a, b and c. */
	for (j = 1; j + 1 < NR_OBJS; j++) {
		char *o = v.objs[j];

		if (&v.objs[j] >= v.row - 1 && &v.objs[j] <= v.row + 3)
			continue;
		if ((char *)v.objs[j - 1] + step == o &&
		    o + step == (char *)v.objs[j + 1])
			break;
	}
	if (j + 1 == NR_OBJS) {
		victim_teardown(test, &v);
		ktest_skip(test, "no object between two live ones");
	}
	d = v.objs[j];
	kfree(d);
	v.objs[j] = NULL;
	KTEST_ASSERT_TRUE(test, ff_node_ok(d));
	n = free_victim(test, &v);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	/* d is b's child, or its parent, or neither: one link is wrong. */
	ff_set(n, left, d);
	ff_set(n, parent, d);
	kfree(v.row[0]);
	v.row[0] = NULL;
	expect_one_forged_report(test, n, &before);
	victim_teardown(test, &v);
}

/*
 * Without the option the allocation that takes b follows the forged
 * link: the unlink writes b's prev link (a heap address) to the target
 * and leaves the list leading there. Nothing is reported, although
 * ff_node_ok(), the check the hardened heap makes, refuses the forged
 * link (and a live object, and a misaligned address) and accepts b. The
 * case repairs the heap (firstfit_rebuild_free_lists()).
 */
static void forged_link_followed(struct ktest *test)
{
	unsigned long bad = kmalloc_stats_now().bad_input;
	struct ff_free *n, *prev;
	struct victim v;
	void *x;

	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED))
		ktest_skip(
			test,
			"CONFIG_SLAB_FREELIST_HARDENED is on: the forged link is refused (forged_link_refused)");
	victim_setup(test, &v);
	n = free_victim(test, &v);
	prev = n->prev;
	n->next = target_node();
	/* What the hardened heap would have checked: */
	KTEST_EXPECT_TRUE(test, ff_node_ok(n));
	KTEST_EXPECT_FALSE(test, ff_node_ok(n->next));
	KTEST_EXPECT_FALSE(test, ff_node_ok(v.row[0]));
	KTEST_EXPECT_FALSE(test, ff_node_ok((void *)((char *)n + 4)));
	x = kmalloc(VICTIM_SIZE, GFP_KERNEL);
	firstfit_rebuild_free_lists();
	KTEST_EXPECT_PTR_EQ(test, x, (void *)n);
	v.row[1] = x;
	KTEST_EXPECT_EQ(test, TARGET, (unsigned long)prev);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad);
	/* Rebuilt, the heap no longer leads to the target. */
	target_node();
	expect_target_untouched(test);
	victim_teardown(test, &v);
}

/*
 * A walk that changes nothing (kmalloc_validate(), the summary,
 * kmalloc_show()) and meets a forged link leaves nothing pending for the
 * next kfree() of an intact object: that frees without a report. The
 * validation reports a forged treap link as a violation. b's links are
 * forged misaligned (a link that always fails its check), then restored.
 */
static void read_only_walk_leaves_kfree_alone(struct ktest *test)
{
	struct ff_free *n, *next, *left;
	struct kmalloc_stats before;
	struct bt_heap_info info;
	struct victim v;

	require_freeptr_hardened(test);
	victim_setup(test, &v);
	n = free_victim(test, &v);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	before = kmalloc_stats_now();
	next = ff_get(n, next);
	ff_set(n, next, (struct ff_free *)((char *)n + 4));
	firstfit_get_info(&info);
	kmalloc_show();
	ff_set(n, next, next);
	/* c merges into b, whose node stays at n. */
	kfree(v.row[2]);
	v.row[2] = NULL;
	if (IS_ENABLED(CONFIG_FIRSTFIT_TREE_INDEX)) {
		left = ff_get(n, left);
		ff_set(n, left, (struct ff_free *)((char *)n + 4));
		KTEST_EXPECT_GT(test, kmalloc_validate(), 0);
		KTEST_EXPECT_LOG_CONTAINS(test, "treap link forged");
		ff_set(n, left, left);
		kfree(v.row[0]);
		v.row[0] = NULL;
	}
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "free pointer corrupted");
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, before.bad_input);
	victim_teardown(test, &v);
}

static struct ktest_case firstfit_hardening_cases[] = {
	KTEST_CASE(forged_link_refused),
	KTEST_CASE(forged_tree_link_refused),
	KTEST_CASE(tree_link_to_free_block_refused),
	KTEST_CASE(forged_link_followed),
	KTEST_CASE(read_only_walk_leaves_kfree_alone),
	{}
};

static struct ktest_suite firstfit_hardening_suite = {
	.name = "firstfit_hardening",
	.cases = firstfit_hardening_cases,
	/* The victims must be first-fit's blocks, not KFENCE's. */
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(firstfit_hardening_suite);
