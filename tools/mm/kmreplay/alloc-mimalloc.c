// SPDX-License-Identifier: GPL-2.0
/*
 * kmreplay contender: mimalloc, through mi_malloc() and mi_free(). Held
 * bytes: mi_process_info()'s current_commit. Pages (kmbench):
 * mi_aligned_alloc(); ksize(): mi_usable_size().
 *
 * mimalloc decommits free memory after a delay in milliseconds (25 by
 * default): which frees do it depends on the clock, and under callgrind,
 * 50 times slower than natively, on the machine's load, so the counts
 * varied from run to run. A native replay of a shipped trace is over
 * before most delays expire, so decommit is turned off: the counts are
 * exact and close to what a native run does.
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

static size_t mimalloc_usable(void *p)
{
	return mi_usable_size(p);
}

static void mimalloc_init(void)
{
	mi_option_disable(mi_option_allow_decommit);
}

const struct kmr_allocator kmr_allocator = {
	.name = "mimalloc",
	.held_source = "mi_process_info() current_commit",
	.alloc = mi_malloc,
	.alloc_aligned = mi_aligned_alloc,
	.free = mi_free,
	.usable = mimalloc_usable,
	.held = mimalloc_held,
	.init = mimalloc_init,
};
