/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The allocator interface of kmreplay (kmreplay.c): one implementation a
 * contender, in alloc-NAME.c, linked into its own program kmreplay-NAME.
 */
#ifndef _KMREPLAY_H
#define _KMREPLAY_H

#include <stddef.h>

/**
 * struct kmr_allocator - one contender of the host replay
 * @name: the contender's name in the report ("glibc", "jemalloc" ...).
 * @held_source: the statistics interface @held reads, for the report.
 * @alloc: allocate @size bytes (malloc's contract); a kmem_cache_alloc of
 *	the trace is an @alloc of the cache's object size.
 * @free: free an object of @alloc.
 * @held: bytes the allocator holds from the system right now (its own
 *	statistics), or -1 when it cannot say. Called once, outside the
 *	measured calls.
 * @init: NULL, or called once before the first allocation (options).
 */
struct kmr_allocator {
	const char *name;
	const char *held_source;
	void *(*alloc)(size_t size);
	void (*free)(void *p);
	long long (*held)(void);
	void (*init)(void);
};

/* Defined by the alloc-NAME.c linked in. */
extern const struct kmr_allocator kmr_allocator;

#endif /* _KMREPLAY_H */
