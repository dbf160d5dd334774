// SPDX-License-Identifier: GPL-2.0
/*
 * Red-black trees (Guibas and Sedgewick, "A dichromatic framework for
 * balanced trees", FOCS 1978), with the insertion and deletion fix-ups of
 * Cormen, Leiserson, Rivest and Stein, "Introduction to Algorithms",
 * chapter 13, and augmentation as in their chapter 14 and Linux's
 * lib/rbtree.c (rb_insert_augmented(), rb_erase_augmented()).
 *
 * Every path from a node down to a leaf crosses the same number of black
 * nodes and no red node has a red child, so the height is at most
 * 2 log2(n + 1): lookups, insertions and deletions are O(log n), with at
 * most two rotations per insertion and three per deletion.
 *
 * Each fix-up is written once for both directions: a node's children are
 * also rb_child[0] (left) and rb_child[1] (right), and "dir" names the
 * side the fix-up starts from; the mirror image is the same code with
 * dir flipped.
 *
 * Augmentation: a rotation changes the subtrees of exactly two nodes,
 * which are recomputed bottom-up; an insertion adds a leaf, whose
 * ancestors are recomputed up to the first that does not change; a
 * deletion recomputes every node from where the tree was cut up to the
 * root (a successor moved up changes values on the whole path).
 */
#include <kmlab/rbtree.h>

static inline bool is_red(const struct rb_node *node)
{
	return node && node->rb_red;
}

/* Make @new take @old's place under @parent (or at the root). */
static void replace_child(struct rb_root *root, struct rb_node *parent,
			  struct rb_node *old, struct rb_node *new)
{
	if (!parent)
		root->rb_node = new;
	else
		parent->rb_child[parent->rb_right == old] = new;
}

/*
 * Rotate @x down towards @dir (0: left, 1: right): its child on the other
 * side takes its place and @x becomes that child's child on side @dir.
 */
static void rotate(struct rb_root *root, struct rb_node *x, int dir,
		   rb_augment_fn update)
{
	struct rb_node *y = x->rb_child[!dir], *parent = x->rb_parent;

	x->rb_child[!dir] = y->rb_child[dir];
	if (y->rb_child[dir])
		y->rb_child[dir]->rb_parent = x;
	y->rb_child[dir] = x;
	x->rb_parent = y;
	y->rb_parent = parent;
	replace_child(root, parent, x, y);
	if (update) {
		update(x);
		update(y);
	}
}

/**
 * rb_propagate - recompute augmented values from a node up
 * @node: a node whose own contribution changed (e.g. a free block's size)
 * @update: the tree's rb_augment_fn
 *
 * Stops at the first node whose value does not change: its ancestors
 * cannot change either. O(log n). Context: any; callers serialise.
 */
void rb_propagate(struct rb_node *node, rb_augment_fn update)
{
	for (; node; node = node->rb_parent)
		if (!update(node))
			return;
}

/**
 * rb_insert_augmented - rebalance after rb_link_node()
 * @node: the node just linked
 * @root: the tree
 * @update: the tree's rb_augment_fn, or NULL for a plain tree
 *
 * CLRS's RB-INSERT-FIXUP: recolour while the uncle is red, else one or
 * two rotations. Context: any; callers serialise.
 */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 rb_augment_fn update)
{
	struct rb_node *parent;

	if (update) {
		update(node); /* a leaf: its own value */
		rb_propagate(node->rb_parent, update);
	}
	while ((parent = node->rb_parent) && parent->rb_red) {
		struct rb_node *gparent = parent->rb_parent; /* red: not root */
		int dir = gparent->rb_right == parent;
		struct rb_node *uncle = gparent->rb_child[!dir];

		if (is_red(uncle)) {
			parent->rb_red = uncle->rb_red = false;
			gparent->rb_red = true;
			node = gparent;
			continue;
		}
		if (node == parent->rb_child[!dir]) {
			rotate(root, parent, dir, update);
			node = parent;
			parent = node->rb_parent;
		}
		parent->rb_red = false;
		gparent->rb_red = true;
		rotate(root, gparent, !dir, update);
	}
	root->rb_node->rb_red = false;
}

/*
 * CLRS's RB-DELETE-FIXUP: @x (possibly NULL) under @parent is short of one
 * black node on its paths.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *x,
			struct rb_node *parent, rb_augment_fn update)
{
	while (x != root->rb_node && !is_red(x)) {
		/* The sibling has black height >= 1: it exists. */
		int dir = parent->rb_left != x;
		struct rb_node *w = parent->rb_child[!dir];

		if (w->rb_red) {
			w->rb_red = false;
			parent->rb_red = true;
			rotate(root, parent, dir, update);
			w = parent->rb_child[!dir];
		}
		if (!is_red(w->rb_left) && !is_red(w->rb_right)) {
			w->rb_red = true;
			x = parent;
			parent = x->rb_parent;
			continue;
		}
		if (!is_red(w->rb_child[!dir])) {
			w->rb_child[dir]->rb_red = false;
			w->rb_red = true;
			rotate(root, w, !dir, update);
			w = parent->rb_child[!dir];
		}
		w->rb_red = parent->rb_red;
		parent->rb_red = false;
		w->rb_child[!dir]->rb_red = false;
		rotate(root, parent, dir, update);
		x = root->rb_node;
	}
	if (x)
		x->rb_red = false;
}

/**
 * rb_erase_augmented - remove a node and rebalance
 * @node: a node in @root
 * @root: the tree
 * @update: the tree's rb_augment_fn, or NULL for a plain tree
 *
 * A node with two children is replaced by its successor (the leftmost
 * node of its right subtree), which takes its colour; then CLRS's
 * RB-DELETE-FIXUP if a black node left its place. Context: any; callers
 * serialise.
 */
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			rb_augment_fn update)
{
	struct rb_node *child, *parent;
	bool removed_red;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = node->rb_parent;
		removed_red = node->rb_red;
		replace_child(root, parent, node, child);
		if (child)
			child->rb_parent = parent;
	} else {
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		removed_red = succ->rb_red;
		child = succ->rb_right;
		parent = succ;
		if (succ->rb_parent != node) {
			parent = succ->rb_parent;
			parent->rb_left = child;
			if (child)
				child->rb_parent = parent;
			succ->rb_right = node->rb_right;
			succ->rb_right->rb_parent = succ;
		}
		succ->rb_left = node->rb_left;
		succ->rb_left->rb_parent = succ;
		succ->rb_parent = node->rb_parent;
		succ->rb_red = node->rb_red;
		replace_child(root, node->rb_parent, node, succ);
	}
	if (update)
		for (struct rb_node *n = parent; n; n = n->rb_parent)
			update(n);
	if (!removed_red)
		erase_fixup(root, child, parent, update);
}

/* The leftmost (@dir 0) or rightmost (@dir 1) node under @node. */
static struct rb_node *extreme(struct rb_node *node, int dir)
{
	if (node)
		while (node->rb_child[dir])
			node = node->rb_child[dir];
	return node;
}

/* The in-order neighbour of @node on side @dir (1: next, 0: previous). */
static struct rb_node *step(const struct rb_node *node, int dir)
{
	struct rb_node *parent;

	if (node->rb_child[dir])
		return extreme(node->rb_child[dir], !dir);
	while ((parent = node->rb_parent) && node == parent->rb_child[dir])
		node = parent;
	return parent;
}

/**
 * rb_first - the node with the smallest key
 * @root: the tree
 * Return: the leftmost node, NULL for an empty tree. O(log n).
 */
struct rb_node *rb_first(const struct rb_root *root)
{
	return extreme(root->rb_node, 0);
}

/**
 * rb_last - the node with the largest key
 * @root: the tree
 * Return: the rightmost node, NULL for an empty tree. O(log n).
 */
struct rb_node *rb_last(const struct rb_root *root)
{
	return extreme(root->rb_node, 1);
}

/**
 * rb_next - the in-order successor
 * @node: a node in a tree
 * Return: the next node, NULL after the last. O(log n), O(1) amortised
 * over a whole walk.
 */
struct rb_node *rb_next(const struct rb_node *node)
{
	return step(node, 1);
}

/**
 * rb_prev - the in-order predecessor
 * @node: a node in a tree
 * Return: the previous node, NULL before the first. As rb_next().
 */
struct rb_node *rb_prev(const struct rb_node *node)
{
	return step(node, 0);
}
