// SPDX-License-Identifier: GPL-2.0
/*
 * kmreplay contender: jemalloc (Debian's build, which replaces malloc).
 * Held bytes: mallctl "stats.resident" after an "epoch" refresh. Pages
 * (kmbench): aligned_alloc(); ksize(): malloc_usable_size().
 *
 * jemalloc purges dirty pages by time (decay, 10 s by default): under
 * callgrind's slowdown that would depend on the machine's load, so the
 * counts would vary. A native replay of a shipped trace ends before any
 * decay, so time-based purging is off (malloc_conf, read by jemalloc at
 * its start).
 */
#include <stdint.h>
#include <stdlib.h>
#include <jemalloc/jemalloc.h>
#include "kmreplay.h"

static long long jemalloc_held(void)
{
	uint64_t epoch = 1;
	size_t resident, len = sizeof(epoch);

	if (mallctl("epoch", &epoch, &len, &epoch, sizeof(epoch)))
		return -1;
	len = sizeof(resident);
	if (mallctl("stats.resident", &resident, &len, NULL, 0))
		return -1;
	return (long long)resident;
}

const char *malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

const struct kmr_allocator kmr_allocator = {
	.name = "jemalloc",
	.held_source = "mallctl stats.resident",
	.alloc = malloc,
	.alloc_aligned = aligned_alloc,
	.free = free,
	.usable = malloc_usable_size,
	.held = jemalloc_held,
};
