/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Red-black trees with optional augmentation (lib/rbtree.c), in the shape
 * of Linux's <linux/rbtree.h> and <linux/rbtree_augmented.h>: the node is
 * embedded in the caller's structure, the caller walks down to the leaf
 * position itself (it knows the key) and links the node with
 * rb_link_node(), then rb_insert_color() rebalances.
 *
 * An augmented tree keeps in each node a value computed from the node and
 * its two children (a subtree maximum, as vmalloc's free-area tree
 * keeps the largest free block below each node). The caller passes a
 * callback that recomputes one node's value from its children and says
 * whether it changed; the tree calls it for every node whose subtree
 * changes (Linux passes three callbacks, propagate/copy/rotate, which
 * this one callback covers at the cost of a few more calls).
 */
#ifndef _KMLAB_RBTREE_H
#define _KMLAB_RBTREE_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>

/**
 * struct rb_node - a node of a red-black tree, embedded in the caller's
 * @rb_parent: parent node, NULL for the root
 * @rb_left: left child (smaller keys), or NULL
 * @rb_right: right child (larger keys), or NULL
 * @rb_child: @rb_left and @rb_right as an array, for code written once
 *            for both directions
 * @rb_red: colour: true for red, false for black
 */
struct rb_node {
	struct rb_node *rb_parent;
	union {
		struct {
			struct rb_node *rb_left;
			struct rb_node *rb_right;
		};
		struct rb_node *rb_child[2];
	};
	bool rb_red;
};

/* A tree: the root node, or NULL when empty. */
struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT ((struct rb_root){ NULL })
#define RB_EMPTY_ROOT(root) (!(root)->rb_node)
#define rb_entry(ptr, type, member) container_of(ptr, type, member)

/**
 * typedef rb_augment_fn - recompute one node's augmented value
 * @node: the node; its children's values are up to date
 * Return: true when the value changed.
 */
typedef bool (*rb_augment_fn)(struct rb_node *node);

/**
 * rb_link_node - put a new node at a leaf position found by the caller
 * @node: the node to insert
 * @parent: the node whose child it becomes, NULL for an empty tree
 * @link: &@parent->rb_left, &@parent->rb_right or &root->rb_node
 *
 * Follow with rb_insert_color() or rb_insert_augmented().
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->rb_parent = parent;
	node->rb_left = node->rb_right = NULL;
	node->rb_red = true;
	*link = node;
}

void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 rb_augment_fn update);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			rb_augment_fn update);
void rb_propagate(struct rb_node *node, rb_augment_fn update);
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* Plain trees: no augmented value. */
static inline void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_augmented(node, root, NULL);
}

static inline void rb_erase(struct rb_node *node, struct rb_root *root)
{
	rb_erase_augmented(node, root, NULL);
}

#endif /* _KMLAB_RBTREE_H */
