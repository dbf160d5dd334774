/* SPDX-License-Identifier: GPL-2.0 */
/* SLOB's page lists (mm/slob.c), for mm/slob.c and its white-box tests. */
#ifndef _MM_SLOB_H
#define _MM_SLOB_H

#include <kmlab/list.h>
#include <kmlab/page.h>
#include <kmlab/types.h>

/* Allocation unit, bytes: every block starts and ends on one. */
#define SLOB_UNIT 8
#define SLOB_PAGE_UNITS (PAGE_SIZE / SLOB_UNIT)

/* Requests below SLOB_BREAK1 bytes use the small list, below SLOB_BREAK2
 * the medium one, the rest (below PAGE_SIZE) the large one. */
#define SLOB_BREAK1 256
#define SLOB_BREAK2 1024

enum { SLOB_SMALL, SLOB_MEDIUM, SLOB_LARGE, SLOB_NR_LISTS };

/* slob_header_of(): bad input, already reported. */
#define ERR_PTR_HEADER ((struct slob_header *)1)

/*
 * Free-space classes: a page with free units is on the class list of its
 * largest free block (struct page's slob_largest, in units). Below
 * SLOB_CLASS_EXACT units each size is a class; above, each power of two
 * is cut into 4 classes (the top two bits of the size, as TLSF's
 * second-level index), so a class spans at most a quarter of its size.
 */
#define SLOB_CLASS_EXACT 8
#define SLOB_NR_CLASSES 32

/**
 * struct slob_list - the pages of one of SLOB's three lists
 * @class: pages with free units, by the free-space class of their
 *         largest free block
 * @nonempty: bit c set when @class[c] holds a page
 */
struct slob_list {
	struct list_head class[SLOB_NR_CLASSES];
	u32 nonempty;
};

/* Pages with free units, by the size class of their requests. */
extern struct slob_list slob_lists[SLOB_NR_LISTS];

/**
 * slob_class - the free-space class of a largest free block
 * @units: size of the block, SLOB units (1 .. SLOB_PAGE_UNITS - 1)
 * Return: 0 .. SLOB_NR_CLASSES - 1; every block of class c is at least
 * slob_class_min(c) units and below slob_class_min(c + 1).
 */
unsigned int slob_class(unsigned int units);

/**
 * slob_class_min - the smallest block size of a free-space class
 * @class: 0 .. SLOB_NR_CLASSES (SLOB_NR_CLASSES: one past the last)
 * Return: units.
 */
unsigned int slob_class_min(unsigned int class);

/**
 * slob_list_index - the list that serves a block of @size bytes
 * @size: bytes of the block (a kmalloc object's header unit included)
 * Return: SLOB_SMALL, SLOB_MEDIUM or SLOB_LARGE.
 */
unsigned int slob_list_index(size_t size);

/*
 * CONFIG_SLAB_FREELIST_RANDOM: an allocation takes one of the first this
 * many pages of the class it takes a page from, at random.
 */
#define SLOB_RANDOM_FIT 4

/**
 * slob_random_fit_set - turn the choice among equally good pages on or off
 * @on: what slob.random_fit= would say
 *
 * For the suite that measures it. Without CONFIG_SLAB_FREELIST_RANDOM it
 * does nothing. Context: no other CPU in the heap. Return: the previous
 * state (false without the option).
 */
bool slob_random_fit_set(bool on);

/**
 * slob_count_pages - count SLOB's pages
 * @nr: pages on each list (partially used)
 * @full: SLOB pages with no free unit (on no list)
 */
void slob_count_pages(unsigned long nr[SLOB_NR_LISTS], unsigned long *full);

#endif /* _MM_SLOB_H */
