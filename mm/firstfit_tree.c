// SPDX-License-Identifier: GPL-2.0
/*
 * firstfit's address-ordered index of its free blocks: a treap with
 * subtree maxima, built only with CONFIG_FIRSTFIT_TREE_INDEX (mm/firstfit.h
 * has the stubs used without it, so mm/firstfit.c never tests the option).
 *
 * The free blocks form a treap keyed by address (Seidel and Aragon,
 * "Randomized search trees", Algorithmica 16, 1996; the priority is a hash
 * of the block's address when it enters the tree, kept when a split or
 * merge moves the block's start without passing another free block, so the
 * shape is deterministic) in which every node stores the largest block
 * size in its subtree: Stephenson's "fast fits" Cartesian tree (C. J.
 * Stephenson, "Fast fits: new methods for dynamic storage allocation",
 * SOSP 1983), which finds the lowest-addressed block that fits by going
 * left whenever the left subtree's maximum is large enough: O(log n)
 * expected. The search applies the same predicate as firstfit.c's list
 * walk, ff_fit(), to blocks in the same (address) order, so both choose
 * the same block (mm/firstfit_test.c compares them).
 */
#include <kmlab/printk.h>
#include "internal.h"
#include "firstfit.h"

static struct ff_free *tree_root;

/*
 * A node's treap links (left, right, parent) are free pointers
 * (mm/firstfit.h), written through ff_set(). tr_link() reads one with
 * the range check of ff_follow() (CONFIG_SLAB_FREELIST_HARDENED: 8-byte
 * aligned, inside the heap). tr_left(), tr_right() and tr_parent(), which
 * every search and every walk up follow, check more: the node reached
 * links back (a child's parent link is the node it was reached from, a
 * parent's left or right link is the child). A forged link to another
 * free block's node passes the range check; it fails the back link
 * unless the attacker also wrote, into that node, the encoding of the
 * holder's address, which takes the secret. A failed link reads as NULL
 * and the operation's end rebuilds the index. The updates that relink
 * nodes (rotations) read links that are half rewritten through
 * tr_link() only.
 */
#define tr_link(t, field) ff_follow((t), ff_get((t), field))

/* @v, reached from @t by a child link, if it links back to @t. */
static __always_inline struct ff_free *tr_child(const struct ff_free *t,
						struct ff_free *v)
{
	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) && v &&
	    unlikely(ff_get(v, parent) != t)) {
		ff_link_forged(t);
		return NULL;
	}
	return v;
}

static __always_inline struct ff_free *tr_left(const struct ff_free *t)
{
	return tr_child(t, tr_link(t, left));
}

static __always_inline struct ff_free *tr_right(const struct ff_free *t)
{
	return tr_child(t, tr_link(t, right));
}

static __always_inline struct ff_free *tr_parent(const struct ff_free *t)
{
	struct ff_free *p = tr_link(t, parent);

	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) && p &&
	    unlikely(ff_get(p, left) != t && ff_get(p, right) != t)) {
		ff_link_forged(t);
		return NULL;
	}
	return p;
}

/*
 * The treap keeps parent pointers, so every operation is a loop along one
 * path: an insert walks down and rotates up, a delete rotates down and
 * cuts a leaf, a size change walks up fixing maxima until one does not
 * change, and a block whose address moves without passing another free
 * block (a split from the front, a merge with the next block) takes over
 * its node's place in O(1) plus that walk up.
 *
 * The walks up know which way a size moved, so they rarely recompute a
 * maximum from a node and its two children: a size that grew to @size
 * raises the maxima below it and stops at the first ancestor already that
 * large; a size that shrank from @old changes only the ancestors whose
 * maximum was @old, and stops at the first whose recomputed maximum is
 * still @old (another block of that size) or that never had it. A
 * rotation moves no block in or out of the two subtrees' union, so the
 * node that goes up takes the maximum the other had.
 */
static inline u32 tr_max(const struct ff_free *n)
{
	return n ? n->max : 0;
}

static inline u32 tr_calc(const struct ff_free *n)
{
	u32 m = node_size(n), l = tr_max(tr_left(n)), r = tr_max(tr_right(n));

	if (l > m)
		m = l;
	return r > m ? r : m;
}

/* Every maximum from @n up is at least @size now. */
static inline void tr_grew(struct ff_free *n, u32 size)
{
	for (; n && n->max < size; n = tr_parent(n))
		n->max = size;
}

/* A block of @old bytes below @n (or @n itself) shrank or left. */
static void tr_shrank(struct ff_free *n, u32 old)
{
	for (; n && n->max == old; n = tr_parent(n)) {
		n->max = tr_calc(n);
		if (n->max == old)
			return;
	}
}

/* @n's own size changed from @old (its children did not). */
static inline void tr_resized(struct ff_free *n, u32 old)
{
	u32 size = node_size(n);

	if (size > old)
		tr_grew(n, size);
	else if (size < old)
		tr_shrank(n, old);
}

static u32 addr_hash(unsigned long a)
{
	u32 x = (u32)a * 0x9e3779b1u;

	return x ^ (x >> 15);
}

/* Point @old's parent (or the root) at @new. */
static inline void tr_relink(struct ff_free *old, struct ff_free *new)
{
	struct ff_free *p = tr_parent(old);

	if (!p)
		tree_root = new;
	else if (tr_link(p, left) == old)
		ff_set(p, left, new);
	else
		ff_set(p, right, new);
}

/* Rotate @c, a child of @n, above @n; recompute both maxima. */
static void tr_rotate_up(struct ff_free *c)
{
	struct ff_free *n = tr_parent(c), *g;

	if (IS_ENABLED(CONFIG_SLAB_FREELIST_HARDENED) && !n)
		return; /* a forged link: the index is rebuilt */
	tr_relink(n, c);
	ff_set(c, parent, tr_link(n, parent));
	if (tr_link(n, left) == c) {
		g = tr_right(c);
		ff_set(n, left, g);
		if (g)
			ff_set(g, parent, n);
		ff_set(c, right, n);
	} else {
		g = tr_left(c);
		ff_set(n, right, g);
		if (g)
			ff_set(g, parent, n);
		ff_set(c, left, n);
	}
	ff_set(n, parent, c);
	c->max = n->max; /* the same blocks below */
	n->max = tr_calc(n);
}

static void tr_insert(struct ff_free *x)
{
	struct ff_free **link = &tree_root, *parent = NULL;

	struct ff_free *t = tree_root, *p;

	while (t) {
		parent = t;
		t = x < parent ? tr_left(parent) : tr_right(parent);
	}
	if (parent)
		link = x < parent ? &parent->left : &parent->right;
	ff_set(x, left, NULL);
	ff_set(x, right, NULL);
	ff_set(x, parent, parent);
	x->max = node_size(x);
	if (parent)
		freeptr_store(link, x);
	else
		tree_root = x;
	tr_grew(parent, x->max);
	while ((p = tr_parent(x)) && p->prio < x->prio && !ff_links_forged())
		tr_rotate_up(x);
}

static void tr_delete(struct ff_free *x)
{
	struct ff_free *p;

	/* Rotate down below the child of higher priority until a leaf. */
	for (;;) {
		struct ff_free *c = tr_left(x), *r = tr_right(x);

		if ((!c && !r) || ff_links_forged())
			break;
		if (!c || (r && r->prio > c->prio))
			c = r;
		tr_rotate_up(c);
	}
	p = tr_parent(x);
	tr_relink(x, NULL);
	tr_shrank(p, node_size(x));
}

/*
 * @new takes @old's place in the tree (no free block lies between them);
 * @old_size: @old's block size, bytes.
 */
static void tr_replace(struct ff_free *old, struct ff_free *new, u32 old_size)
{
	struct ff_free *l = tr_left(old), *r = tr_right(old);

	ff_set(new, left, l);
	ff_set(new, right, r);
	ff_set(new, parent, tr_parent(old));
	new->prio = old->prio;
	new->max = old->max;
	tr_relink(old, new);
	if (l)
		ff_set(l, parent, new);
	if (r)
		ff_set(r, parent, new);
	tr_resized(new, old_size);
}

/* The free block right below address @a, or NULL. */
static struct ff_free *tr_pred(unsigned long a)
{
	struct ff_free *t = tree_root, *best = NULL;

	while (t) {
		if ((unsigned long)t < a) {
			best = t;
			t = tr_right(t);
		} else {
			t = tr_left(t);
		}
	}
	return best;
}

/*
 * The highest-addressed free block, the heap's "top" (in one region
 * usually the wilderness at its end), stays out of the treap: first fit
 * takes it only when no lower block fits, so a search tries it last, and
 * the splits and merges at the top, the commonest ones while the heap
 * grows, change no maximum. It joins the treap when a free block above it
 * appears; when it leaves, the treap's last block becomes the top.
 */
static struct ff_free *top;

/* The treap's highest-addressed node, or NULL. */
static struct ff_free *tr_last(void)
{
	struct ff_free *t = tree_root;

	struct ff_free *r;

	while (t && (r = tr_right(t)))
		t = r;
	return t;
}

static void tr_add(struct ff_free *n)
{
	n->prio = addr_hash((unsigned long)n);
	tr_insert(n);
}

void ff_index_reset(void)
{
	tree_root = NULL;
	top = NULL;
}

void ff_index_insert(struct ff_free *n)
{
	if (ff_links_forged())
		return;
	if (top && n < top) {
		tr_add(n);
		return;
	}
	if (top)
		tr_add(top);
	top = n;
}

void ff_index_delete(struct ff_free *n)
{
	if (ff_links_forged())
		return;
	if (n != top) {
		tr_delete(n);
		return;
	}
	top = tr_last();
	if (top)
		tr_delete(top);
}

void ff_index_resized(struct ff_free *n, u32 old_size)
{
	if (n != top && !ff_links_forged())
		tr_resized(n, old_size);
}

void ff_index_replace(struct ff_free *old, struct ff_free *new, u32 old_size)
{
	if (ff_links_forged())
		return;
	if (old == top)
		top = new;
	else
		tr_replace(old, new, old_size);
}

struct ff_free *ff_index_pred(unsigned long a)
{
	if (top && (unsigned long)top < a)
		return top;
	return tr_pred(a);
}

/*
 * In-order search pruned by the subtree maxima: the node find_list()
 * would choose. may_fit() is necessary for a candidate somewhere in a
 * subtree, must_fit() sufficient: a subtree whose largest block has room
 * for the worst alignment gap (@sure bytes) surely holds a fit, and the
 * search goes down into it without looking back. Marginal blocks (in
 * [need, sure)) are tried in address order, as the list walk tries them,
 * and counted in @tries; once FIRSTFIT_ALIGN_TRIES have failed, may_fit()
 * becomes must_fit() and the rest of the search is one path. So a search
 * costs O(depth) for 8-byte alignment (need == sure) and at most
 * FIRSTFIT_ALIGN_TRIES + 1 paths otherwise.
 */
struct ff_query {
	size_t need, sure, bytes, align;
	unsigned int tries;
};

static inline bool may_fit(const struct ff_free *t, const struct ff_query *q)
{
	return t->max >= (q->tries < FIRSTFIT_ALIGN_TRIES ? q->need : q->sure);
}

static inline bool must_fit(const struct ff_free *t, const struct ff_query *q)
{
	return t->max >= q->sure;
}

static struct ff_free *tr_find(struct ff_free *t, struct ff_query *q)
{
	while (t && may_fit(t, q)) {
		struct ff_free *l = tr_left(t);

		if (l && may_fit(l, q)) {
			struct ff_free *r;

			if (must_fit(l, q)) {
				t = l;
				continue;
			}
			r = tr_find(l, q);
			if (r)
				return r;
		}
		if (node_size(t) >= q->sure)
			return t;
		if (node_size(t) >= q->need &&
		    q->tries++ < FIRSTFIT_ALIGN_TRIES &&
		    ff_fit(block_of(t), node_size(t), q->bytes, q->align))
			return t;
		t = tr_right(t);
	}
	return NULL;
}

/*
 * tr_find() when every block of @need bytes fits (8-byte alignment): the
 * leftmost block of at least @need bytes, one path down. Below a node
 * whose maximum is large enough, a left subtree too small and a block too
 * small leave the right subtree holding the maximum, so no other check is
 * needed on the way.
 */
static struct ff_free *tr_find_size(struct ff_free *t, u32 need)
{
	if (!t || t->max < need)
		return NULL;
	while (t) {
		struct ff_free *l = tr_left(t);

		if (l && l->max >= need)
			t = l;
		else if (node_size(t) >= need)
			return t;
		else
			t = tr_right(t);
	}
	return NULL;
}

/* The top when nothing in the treap fits: the list walk's last block. */
static struct ff_free *top_fit(const struct ff_query *q)
{
	u32 size;

	if (!top)
		return NULL;
	size = node_size(top);
	if (size >= q->sure)
		return top;
	if (size >= q->need && q->tries < FIRSTFIT_ALIGN_TRIES &&
	    ff_fit(block_of(top), size, q->bytes, q->align))
		return top;
	return NULL;
}

struct ff_free *ff_index_find(size_t bytes, size_t align)
{
	struct ff_query q = { .need = min_need(bytes),
			      .sure = sure_need(bytes, align),
			      .bytes = bytes,
			      .align = align };
	struct ff_free *n;

	if (q.need == q.sure)
		n = tr_find_size(tree_root, q.need);
	else
		n = tr_find(tree_root, &q);
	return n ? n : top_fit(&q);
}

/* Check the treap under @t; @it walks the free list in step (in order). */
static int tr_check(struct ff_free *t, struct ff_free **it, int depth)
{
	struct ff_free *l, *r;
	int errors = 0;

	if (!t)
		return 0;
	if (depth > 200)
		return kmalloc_validate_fail("treap deeper than 200 at %p", t);
	l = tr_left(t);
	r = tr_right(t);
	errors += tr_check(l, it, depth + 1);
	if (*it != t)
		errors += kmalloc_validate_fail(
			"treap in-order node %p, free list has %p", t, *it);
	else
		*it = ff_get(*it, next);
	if ((l && (l->prio > t->prio || l >= t || tr_parent(l) != t)) ||
	    (r && (r->prio > t->prio || r <= t || tr_parent(r) != t)))
		errors += kmalloc_validate_fail("treap order broken at %p", t);
	if (t->max != tr_calc(t))
		errors += kmalloc_validate_fail("treap max %u wrong at %p",
						t->max, t);
	return errors + tr_check(r, it, depth + 1);
}

int ff_index_validate(const struct ff_free *head)
{
	const struct ff_free *pending = ff_walk_begin(), *bad;
	struct ff_free *expect = ff_get(head, next);
	int errors = 0;

	if (tree_root && tr_parent(tree_root))
		errors += kmalloc_validate_fail("treap root %p has a parent",
						tree_root);
	errors += tr_check(tree_root, &expect, 0);
	/* Then the top, the list's last block, out of the treap. */
	if (expect != (top ? top : head) || (top && ff_get(top, next) != head))
		errors += kmalloc_validate_fail(
			"treap and top %p lack free block %p", top, expect);
	bad = ff_walk_end(pending);
	if (bad)
		errors += kmalloc_validate_fail("treap link forged at %p", bad);
	return errors;
}
