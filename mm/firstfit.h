/* SPDX-License-Identifier: GPL-2.0 */
/*
 * First-fit backend internals shared with its white-box tests
 * (mm/firstfit_test.c). Not an API: everything else uses kmalloc().
 */
#ifndef _MM_FIRSTFIT_H
#define _MM_FIRSTFIT_H

#include <kmlab/types.h>

/* Bytes of a block's header (before the payload): every block has one. */
#define FIRSTFIT_TAG_BYTES 8
/* Bytes of a free block's footer (its size); allocated blocks have none. */
#define FIRSTFIT_FTR_BYTES 4
/* Smallest block, tags included: a free block holds its index node. */
#define FIRSTFIT_MIN_BLOCK 40
/*
 * Free blocks that fit an aligned request only after its alignment gap is
 * worked out: how many of them (in address order) a search tries before it
 * takes the first block that fits at any alignment (mm/firstfit.c,
 * find_list()). Bounds the tree search at this many paths plus one.
 */
#define FIRSTFIT_ALIGN_TRIES 8

/**
 * struct firstfit_info - a summary of the free blocks
 * @nr_free: free blocks on the address-ordered list
 * @free_bytes: their total size, header and footer included
 * @largest_free: the largest one, header and footer included
 */
struct firstfit_info {
	unsigned long nr_free;
	size_t free_bytes;
	size_t largest_free;
};

/**
 * firstfit_get_info - summarise the free blocks (walks the free list)
 * @info: filled in
 */
void firstfit_get_info(struct firstfit_info *info);

/**
 * firstfit_choose_list - the free block first fit picks, by walking the list
 * @size: payload bytes (> 0)
 * @align: payload alignment, bytes, a power of two >= 8
 * Return: the chosen free block's address (its header), or NULL.
 */
void *firstfit_choose_list(size_t size, size_t align);

/**
 * firstfit_choose_tree - the free block first fit picks, by the tree index
 * @size: payload bytes (> 0)
 * @align: payload alignment, bytes, a power of two >= 8
 * Return: as firstfit_choose_list(); always NULL without
 * CONFIG_FIRSTFIT_TREE_INDEX.
 */
void *firstfit_choose_tree(size_t size, size_t align);

/**
 * firstfit_block_at - describe the block whose header is at @hdr
 * @hdr: address of a block header
 * @allocated: set to whether the block is allocated
 * Return: the block size in bytes, header (and a free block's footer)
 * included, or 0 when @hdr is not a valid header.
 */
size_t firstfit_block_at(const void *hdr, bool *allocated);

/**
 * firstfit_inner_gap - alignment gap kept inside an object's block
 * @p: a live object
 * Return: the bytes between the block's header and the object's inner tag
 * (the gap was too small to be a free block), 0 when there is none.
 */
size_t firstfit_inner_gap(const void *p);

#endif /* _MM_FIRSTFIT_H */
