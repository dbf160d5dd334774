// SPDX-License-Identifier: GPL-2.0
/*
 * The measured calls of make compare's host programs (kmreplay.h):
 * kmr_alloc_site(), kmr_alloc_aligned_site() and kmr_free_site(). Never
 * inlined, not static (callgrind names them as they are), and nothing in
 * them but the call of the contender: callgrind's inclusive cost of one
 * over its number of calls is the instructions per call that make compare
 * reports (Documentation/mm/compare.rst, "The host side"). Also the one
 * output function of kmbench.c, which cannot include the C library's
 * headers.
 */
#include <unistd.h>
#include "kmreplay.h"

/**
 * kmr_alloc_site() - one measured allocation
 * @size: requested bytes
 *
 * Context: the replay or workload loop only.
 * Return: the contender's object, or NULL when it failed.
 */
__attribute__((noinline)) void *kmr_alloc_site(size_t size)
{
	return kmr_allocator.alloc(size);
}

/**
 * kmr_alloc_aligned_site() - one measured aligned allocation
 * @align: alignment, bytes (a power of two)
 * @size: requested bytes (a multiple of @align)
 *
 * Context: the workload loop only (alloc_pages()).
 * Return: the contender's object, or NULL when it failed.
 */
__attribute__((noinline)) void *kmr_alloc_aligned_site(size_t align,
						       size_t size)
{
	return kmr_allocator.alloc_aligned(align, size);
}

/**
 * kmr_free_site() - one measured free
 * @p: an object of kmr_alloc_site() or kmr_alloc_aligned_site()
 *
 * Context: the replay or workload loop only.
 */
__attribute__((noinline)) void kmr_free_site(void *p)
{
	kmr_allocator.free(p);
}

/**
 * kmr_write() - write to standard output
 * @s: bytes
 * @len: their number
 *
 * write(2) directly, not stdio: stdio would take its buffer from the
 * contender's heap in the middle of the measured workloads. Short writes
 * are continued; an error drops the rest (the host then misses a line and
 * says so).
 */
void kmr_write(const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(1, s, len);

		if (n <= 0)
			return;
		s += n;
		len -= n;
	}
}
