// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "rbtree": lib/rbtree.c against its invariants. Random keys are
 * inserted and erased in random order (seeded, so every run is the same);
 * after each phase a recursive check verifies the binary-search order,
 * the parent links, the red-black rules (black root, no red node with a
 * red child, one black height on every path) and an augmented subtree
 * maximum recomputed from scratch, and the in-order walk with rb_next()
 * and rb_prev() is compared with the keys sorted.
 */
#include <ktest.h>
#include <kmlab/rbtree.h>
#include <kmlab/random.h>

#define NR_NODES 300

struct item {
	struct rb_node rb;
	u32 key;
	u32 val;
	u32 subtree_max; /* the largest val in the subtree */
	bool in_tree;
};

static u32 subtree_max(const struct rb_node *node)
{
	return node ? rb_entry(node, struct item, rb)->subtree_max : 0;
}

static bool item_update(struct rb_node *node)
{
	struct item *it = rb_entry(node, struct item, rb);
	u32 m = max(it->val, max(subtree_max(node->rb_left),
				 subtree_max(node->rb_right)));

	if (m == it->subtree_max)
		return false;
	it->subtree_max = m;
	return true;
}

static void item_insert(struct rb_root *root, struct item *it)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < rb_entry(parent, struct item, rb)->key ?
			       &parent->rb_left :
			       &parent->rb_right;
	}
	it->subtree_max = it->val;
	rb_link_node(&it->rb, parent, link);
	rb_insert_augmented(&it->rb, root, item_update);
	it->in_tree = true;
}

static void item_erase(struct rb_root *root, struct item *it)
{
	rb_erase_augmented(&it->rb, root, item_update);
	it->in_tree = false;
}

/*
 * Check the subtree at @node (keys within [@lo, @hi]); return its black
 * height, or -1 after a failed expectation.
 */
static int check_subtree(struct ktest *test, const struct rb_node *node,
			 const struct rb_node *parent, u32 lo, u32 hi,
			 unsigned int *count)
{
	const struct item *it;
	int left, right;
	u32 m;

	if (!node)
		return 1;
	it = rb_entry(node, struct item, rb);
	(*count)++;
	KTEST_EXPECT_PTR_EQ(test, node->rb_parent, parent);
	KTEST_EXPECT_TRUE(test, it->key >= lo && it->key <= hi);
	if (node->rb_red)
		KTEST_EXPECT_FALSE_MSG(
			test,
			(node->rb_left && node->rb_left->rb_red) ||
				(node->rb_right && node->rb_right->rb_red),
			"red node %u has a red child", it->key);
	left = check_subtree(test, node->rb_left, node, lo, it->key, count);
	right = check_subtree(test, node->rb_right, node, it->key, hi, count);
	m = max(it->val,
		max(subtree_max(node->rb_left), subtree_max(node->rb_right)));
	KTEST_EXPECT_EQ_MSG(test, it->subtree_max, m, "at key %u", it->key);
	if (left < 0 || right < 0 || left != right) {
		KTEST_FAIL(test, "black heights %d and %d under key %u", left,
			   right, it->key);
		return -1;
	}
	return left + !node->rb_red;
}

static struct item *item_find(struct rb_root *root, const struct item *it)
{
	struct rb_node *node = root->rb_node;

	while (node) {
		struct item *cur = rb_entry(node, struct item, rb);

		if (cur == it)
			return cur;
		node = it->key < cur->key ? node->rb_left : node->rb_right;
	}
	return NULL;
}

/* The tree holds exactly the items of @items[0..NR_NODES) marked in_tree. */
static void check_tree(struct ktest *test, struct rb_root *root,
		       struct item *items)
{
	static const struct rb_node *walk[NR_NODES + 1];
	unsigned int count = 0, n = 0, i = 0;
	struct rb_node *node;

	KTEST_EXPECT_FALSE(test, root->rb_node && root->rb_node->rb_red);
	KTEST_EXPECT_GT(test,
			check_subtree(test, root->rb_node, NULL, 0, UINT_MAX,
				      &count),
			0);
	for (unsigned int k = 0; k < NR_NODES; k++) {
		if (!items[k].in_tree)
			continue;
		n++;
		KTEST_EXPECT_PTR_EQ(test, item_find(root, &items[k]),
				    &items[k]);
	}
	KTEST_EXPECT_EQ(test, count, n);
	for (node = rb_first(root); node && i < n; node = rb_next(node))
		walk[i++] = node;
	KTEST_EXPECT_NULL(test, node);
	KTEST_ASSERT_EQ(test, i, n);
	for (i = 1; i < n; i++)
		KTEST_EXPECT_LE(test,
				rb_entry(walk[i - 1], struct item, rb)->key,
				rb_entry(walk[i], struct item, rb)->key);
	i = n;
	for (node = rb_last(root); node && i > 0; node = rb_prev(node))
		KTEST_EXPECT_PTR_EQ(test, node, walk[--i]);
	KTEST_EXPECT_NULL(test, node);
	KTEST_EXPECT_EQ(test, i, 0);
}

/* Fill @items with seeded random, distinct keys and random values. */
static void random_items(struct item *items, unsigned int n, u64 seed)
{
	struct rnd_state rnd;

	prandom_seed_state(&rnd, seed);
	for (unsigned int i = 0; i < n; i++) {
		items[i].key = prandom_u32_below(&rnd, 4 * n) * n + i;
		items[i].val = prandom_u32_below(&rnd, 100000);
	}
}

/* Shuffle @order[0..n) (Fisher-Yates) so erasing follows no key order. */
static void shuffle_items(struct item **order, unsigned int n, u64 seed)
{
	struct rnd_state rnd;

	prandom_seed_state(&rnd, seed);
	for (unsigned int i = n - 1; i > 0; i--) {
		unsigned int j = prandom_u32_below(&rnd, i + 1);
		struct item *t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
}

static struct item *new_items(struct ktest *test, u64 seed)
{
	struct item *items =
		ktest_kzalloc(test, NR_NODES * sizeof(*items), GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, items);
	random_items(items, NR_NODES, seed);
	return items;
}

/*
 * Insert every item, then erase them all in a shuffled order, checking the
 * whole tree every few steps.
 */
static void insert_then_erase_random(struct ktest *test)
{
	struct item *items = new_items(test, 20);
	struct item **order =
		ktest_kzalloc(test, NR_NODES * sizeof(*order), GFP_KERNEL);
	struct rb_root root = RB_ROOT;

	KTEST_ASSERT_NOT_NULL(test, order);
	for (unsigned int i = 0; i < NR_NODES; i++) {
		item_insert(&root, &items[i]);
		if (i % 37 == 0)
			check_tree(test, &root, items);
		order[i] = &items[i];
	}
	check_tree(test, &root, items);
	shuffle_items(order, NR_NODES, 21);
	for (unsigned int i = 0; i < NR_NODES; i++) {
		item_erase(&root, order[i]);
		if (i % 29 == 0)
			check_tree(test, &root, items);
	}
	check_tree(test, &root, items);
	KTEST_EXPECT_TRUE(test, RB_EMPTY_ROOT(&root));
}

/* Ascending keys, the worst order for an unbalanced tree: height stays low. */
static void ascending_keys_stay_balanced(struct ktest *test)
{
	struct item *items = new_items(test, 22);
	struct rb_root root = RB_ROOT;
	unsigned int height = 0;

	for (unsigned int i = 0; i < NR_NODES; i++) {
		items[i].key = i;
		item_insert(&root, &items[i]);
	}
	check_tree(test, &root, items);
	/* The deepest node: the path to rb_last() in a left-leaning walk. */
	for (unsigned int i = 0; i < NR_NODES; i++) {
		unsigned int depth = 0;

		for (struct rb_node *n = &items[i].rb; n; n = n->rb_parent)
			depth++;
		height = max(height, depth);
	}
	/* 2 log2(n + 1): 2 * 8.23 for 300 nodes. */
	KTEST_EXPECT_LE(test, height, 16);
	for (unsigned int i = 0; i < NR_NODES; i += 2)
		item_erase(&root, &items[i]);
	check_tree(test, &root, items);
}

/* A changed value reaches every ancestor's maximum through rb_propagate(). */
static void propagate_after_change(struct ktest *test)
{
	struct item *items = new_items(test, 23);
	struct rb_root root = RB_ROOT;

	for (unsigned int i = 0; i < NR_NODES; i++)
		item_insert(&root, &items[i]);
	for (unsigned int i = 0; i < NR_NODES; i += 7) {
		items[i].val = i % 2 ? 1000000 + i : 0;
		/* Recompute the node itself even if its max seems unchanged. */
		items[i].subtree_max = ~0u;
		rb_propagate(&items[i].rb, item_update);
		check_tree(test, &root, items);
	}
	KTEST_EXPECT_EQ(test, subtree_max(root.rb_node), 1000000 + 287);
}

static struct ktest_case rbtree_cases[] = {
	KTEST_CASE(insert_then_erase_random),
	KTEST_CASE(ascending_keys_stay_balanced),
	KTEST_CASE(propagate_after_change),
	{}
};

static struct ktest_suite rbtree_suite = {
	.name = "rbtree",
	.cases = rbtree_cases,
};
KTEST_SUITE(rbtree_suite);
