/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLSF backend internals shared with its white-box tests (mm/tlsf_test.c).
 * Not an API: everything else uses kmalloc().
 */
#ifndef _MM_TLSF_H
#define _MM_TLSF_H

#include <kmlab/types.h>

struct bt_heap_info;

/* Bytes of a block's header (before the payload): every block has one. */
#define TLSF_TAG_BYTES 8
/* Bytes of a free block's footer (its size); allocated blocks have none. */
#define TLSF_FTR_BYTES 4
/* Smallest block, tags included: a free block holds its two list links. */
#define TLSF_MIN_BLOCK 24
/* log2 of the second-level subdivisions of each first-level class. */
#define TLSF_SL_INDEX_COUNT_LOG2 5
#define TLSF_SL_INDEX_COUNT (1u << TLSF_SL_INDEX_COUNT_LOG2)
/* Block sizes below this (256) all have first level 0, 8-byte classes. */
#define TLSF_FL_INDEX_SHIFT (TLSF_SL_INDEX_COUNT_LOG2 + 3)
#define TLSF_SMALL_BLOCK (1u << TLSF_FL_INDEX_SHIFT)
/* First levels: 0 for small blocks, 1 .. 24 for [2^8, 2^32). */
#define TLSF_FL_INDEX_COUNT (32 - TLSF_FL_INDEX_SHIFT + 1)

/*
 * The flag bits of a header's size_flags: a free block, the block before
 * is free, a page block (alloc_pages()); TLSF_FLAGS is all of them.
 */
#define TLSF_FREE 0x1u
#define TLSF_PREV_FREE 0x2u
#define TLSF_PAGES 0x4u
#define TLSF_FLAGS 0x7u

/**
 * tlsf_get_info - summarise the heap (walks the lists)
 * @info: filled in: the free blocks on the lists, the pools and the
 *        regions held back
 *
 * Context: any; reads only.
 */
void tlsf_get_info(struct bt_heap_info *info);

/**
 * tlsf_mapping_insert - the list a free block of @size bytes goes on
 * @size: block bytes, header included (>= TLSF_MIN_BLOCK)
 * @fl: out: first level, the highest set bit (0 below TLSF_SMALL_BLOCK)
 * @sl: out: second level, the next TLSF_SL_INDEX_COUNT_LOG2 bits
 *
 * Masmano et al. 2004, section 4, "mapping_insert".
 */
void tlsf_mapping_insert(size_t size, unsigned int *fl, unsigned int *sl);

/**
 * tlsf_mapping_search - the first list whose every block holds @size
 * @size: block bytes wanted, header included
 * @fl: out: first level
 * @sl: out: second level
 *
 * @size rounded up to the next class boundary, then mapped as
 * tlsf_mapping_insert() does ("good fit": no list has to be searched).
 */
void tlsf_mapping_search(size_t size, unsigned int *fl, unsigned int *sl);

/**
 * tlsf_block_at - describe the block whose header is at @hdr
 * @hdr: address of a block header
 * @allocated: set to whether the block is allocated
 * Return: the block size in bytes, header (and a free block's footer)
 * included, or 0 when @hdr is not a valid header: outside the pools, its
 * magic wrong, or a size below the smallest block or past its pool's end.
 */
size_t tlsf_block_at(const void *hdr, bool *allocated);

/**
 * tlsf_list_head - the first block of a segregated list
 * @fl: first level, < TLSF_FL_INDEX_COUNT
 * @sl: second level, < TLSF_SL_INDEX_COUNT
 * Return: the free block's header address, or NULL for an empty list.
 */
void *tlsf_list_head(unsigned int fl, unsigned int sl);

/*
 * CONFIG_SLAB_FREELIST_RANDOM: an allocation takes one of the first this
 * many blocks of its good-fit list that hold it, at random.
 */
#define TLSF_RANDOM_FIT 4

/**
 * tlsf_random_fit_seed - seed the choice among equally good blocks
 * @seed: any 64-bit value (boot draws it from get_random_u64())
 *
 * CONFIG_SLAB_FREELIST_RANDOM: the same @seed gives the same choices for
 * the same sequence of requests, so a test can play many boots. Context:
 * no other CPU in the heap.
 */
void tlsf_random_fit_seed(u64 seed);

/**
 * tlsf_random_fit_set - turn the choice among equally good blocks on or off
 * @on: what tlsf.random_fit= would say
 *
 * For the suite that measures it. Without CONFIG_SLAB_FREELIST_RANDOM it
 * does nothing. Context: no other CPU in the heap. Return: the previous
 * state (false without the option).
 */
bool tlsf_random_fit_set(bool on);

/**
 * tlsf_rebuild_free_lists - build every free list again from the blocks
 *
 * Walks each region by its boundary tags (a broken header ends the walk:
 * the blocks after it stay out of the lists) and lists every free block,
 * recounting them and the bytes of allocated blocks: what the hardened heap does after a forged link, for
 * the attack suite to repair a heap it let follow one. No report.
 * Context: no other CPU in the heap (a ktest case).
 */
void tlsf_rebuild_free_lists(void);

/**
 * struct tlsf_lists - where tlsf.c keeps the bookkeeping of its lists
 * @fl_bitmap: bit fl set when @sl_bitmap[fl] is not zero
 * @sl_bitmap: TLSF_FL_INDEX_COUNT words, bit sl of word fl set when list
 *             (fl, sl) is not empty
 * @class_min: TLSF_FL_INDEX_COUNT * TLSF_SL_INDEX_COUNT + 1 lower bounds,
 *             bytes, of the lists' size classes
 * @nr_free: the free blocks on all lists
 */
struct tlsf_lists {
	u32 *fl_bitmap, *sl_bitmap, *class_min;
	unsigned long *nr_free;
};

/**
 * tlsf_get_lists - point at the lists' bookkeeping, for the validate()
 * suite (mm/tlsf_validate_test.c) to damage and repair
 * @l: filled in with the addresses of tlsf.c's own variables
 *
 * Context: ktest only; whoever writes through @l repairs it before the
 * heap is used again.
 */
void tlsf_get_lists(struct tlsf_lists *l);

/**
 * tlsf_set_header - write a block header whose magic TLSF accepts
 * @hdr: where the header goes (a block's address inside a pool)
 * @size: the size to record, bytes (any: the damage a test wants)
 * @flags: TLSF_FREE, TLSF_PREV_FREE, TLSF_PAGES, or-ed
 *
 * For the validate() suite (mm/tlsf_validate_test.c): damage that a
 * stray write cannot make, since the magic covers the address, the size
 * and the kind bits (a free block next to a free block, a free page
 * block, a size below the smallest block or past the pool's end).
 * Context: ktest only; the caller saves both words first and writes them
 * back before the heap is used again.
 */
void tlsf_set_header(void *hdr, size_t size, u32 flags);

#endif /* _MM_TLSF_H */
