// SPDX-License-Identifier: GPL-2.0
/*
 * kmreplay contender: glibc's malloc (ptmalloc2). Held bytes: mallinfo2()'s
 * arena (bytes obtained with sbrk) plus hblkhd (bytes in mmapped chunks).
 * Pages (kmbench): aligned_alloc(); ksize(): malloc_usable_size().
 */
#include <malloc.h>
#include <stdlib.h>
#include "kmreplay.h"

static long long glibc_held(void)
{
	struct mallinfo2 mi = mallinfo2();

	return (long long)mi.arena + (long long)mi.hblkhd;
}

const struct kmr_allocator kmr_allocator = {
	.name = "glibc",
	.held_source = "mallinfo2() arena + hblkhd",
	.alloc = malloc,
	.alloc_aligned = aligned_alloc,
	.free = free,
	.usable = malloc_usable_size,
	.held = glibc_held,
};
