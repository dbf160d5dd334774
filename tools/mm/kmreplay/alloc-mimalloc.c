// SPDX-License-Identifier: GPL-2.0
/*
 * kmreplay contender: mimalloc, through mi_malloc() and mi_free(). Held
 * bytes: mi_process_info()'s current_commit.
 */
#include <mimalloc.h>
#include "kmreplay.h"

static long long mimalloc_held(void)
{
	size_t elapsed, user, sys, rss, peak_rss, commit, peak_commit, faults;

	mi_process_info(&elapsed, &user, &sys, &rss, &peak_rss, &commit,
			&peak_commit, &faults);
	return commit ? (long long)commit : -1;
}

const struct kmr_allocator kmr_allocator = {
	.name = "mimalloc",
	.held_source = "mi_process_info() current_commit",
	.alloc = mi_malloc,
	.free = mi_free,
	.held = mimalloc_held,
};
