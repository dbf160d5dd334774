/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The allocator interface of make compare's host programs: kmreplay.c (a
 * trace) and kmbench.c (the synthetic workloads). One implementation a
 * contender, in alloc-NAME.c, linked into its own programs kmreplay-NAME
 * and kmbench-NAME; the measured calls are in sites.c.
 *
 * Only <stddef.h> here: kmbench.c includes this beside the kernel's
 * headers, built with the kernel's flags (no C library headers).
 */
#ifndef _KMREPLAY_H
#define _KMREPLAY_H

#include <stddef.h>

/**
 * struct kmr_allocator - one contender of the host side
 * @name: the contender's name in the report ("glibc", "jemalloc" ...).
 * @held_source: the statistics interface @held reads, for the report.
 * @alloc: allocate @size bytes (malloc's contract); a kmem_cache_alloc of
 *	the trace is an @alloc of the cache's object size.
 * @alloc_aligned: allocate @size bytes aligned to @align (a power of two,
 *	a divisor of @size; aligned_alloc's contract): alloc_pages().
 * @free: free an object of @alloc or @alloc_aligned.
 * @usable: bytes usable in an object of @alloc (malloc_usable_size's
 *	contract): ksize(). Called outside the measured calls.
 * @held: bytes the allocator holds from the system right now (its own
 *	statistics), or -1 when it cannot say. Called outside the measured
 *	calls.
 * @init: NULL, or called once before the first allocation (options).
 */
struct kmr_allocator {
	const char *name;
	const char *held_source;
	void *(*alloc)(size_t size);
	void *(*alloc_aligned)(size_t align, size_t size);
	void (*free)(void *p);
	size_t (*usable)(void *p);
	long long (*held)(void);
	void (*init)(void);
};

/* Defined by the alloc-NAME.c linked in. */
extern const struct kmr_allocator kmr_allocator;

/*
 * The measured calls (sites.c): each does nothing but call kmr_allocator,
 * and is never inlined, so that callgrind's inclusive cost of each over
 * its calls is the figure per allocation or free (scripts/compare_lib/
 * callgrind.py reads them). Context: the replay or workload loop only.
 */
void *kmr_alloc_site(size_t size);
void *kmr_alloc_aligned_site(size_t align, size_t size);
void kmr_free_site(void *p);

/* Write @len bytes of @s to standard output, all of them (sites.c). */
void kmr_write(const char *s, size_t len);

#endif /* _KMREPLAY_H */
