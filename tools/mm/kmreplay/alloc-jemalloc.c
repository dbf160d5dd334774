// SPDX-License-Identifier: GPL-2.0
/*
 * kmreplay contender: jemalloc (Debian's build, which replaces malloc).
 * Held bytes: mallctl "stats.resident" after an "epoch" refresh.
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

const struct kmr_allocator kmr_allocator = {
	.name = "jemalloc",
	.held_source = "mallctl stats.resident",
	.alloc = malloc,
	.free = free,
	.held = jemalloc_held,
};
