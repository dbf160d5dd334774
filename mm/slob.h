/* SPDX-License-Identifier: GPL-2.0 */
/* SLOB's page lists (mm/slob.c), for mm/slob.c and its white-box tests. */
#ifndef _MM_SLOB_H
#define _MM_SLOB_H

#include <kmlab/list.h>
#include <kmlab/page.h>

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

/* Pages with free units, by the size class of their requests. */
extern struct list_head slob_lists[SLOB_NR_LISTS];

/**
 * slob_list_index - the list that serves a block of @size bytes
 * @size: bytes of the block (a kmalloc object's header unit included)
 * Return: SLOB_SMALL, SLOB_MEDIUM or SLOB_LARGE.
 */
unsigned int slob_list_index(size_t size);

/**
 * slob_count_pages - count SLOB's pages
 * @nr: pages on each list (partially used)
 * @full: SLOB pages with no free unit (on no list)
 */
void slob_count_pages(unsigned long nr[SLOB_NR_LISTS], unsigned long *full);

#endif /* _MM_SLOB_H */
