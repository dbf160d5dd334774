/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock counts of the heap as a whole (CONFIG_LOCK_STAT): heap_lock,
 * the one shared lock every backend takes, and the per-CPU locks of the
 * layers in front of it (the order-0 page lists of mm/page_pcp.c, the
 * object arrays of the kmalloc caches in mm/slab_cpu.c), each summed
 * over every CPU. For kbench's scaling workloads (lib/kbench/smp.c),
 * which divide the difference of two snapshots by the operations.
 */
#ifndef _KMLAB_HEAP_LOCK_STAT_H
#define _KMLAB_HEAP_LOCK_STAT_H

#include <kmlab/spinlock.h>

/**
 * struct heap_lock_stat - a snapshot of the heap's lock counts
 * @heap: heap_lock's
 * @percpu: the per-CPU layers' locks', summed over every CPU
 */
struct heap_lock_stat {
	struct lock_stat heap;
	struct lock_stat percpu;
};

#ifdef CONFIG_LOCK_STAT
/**
 * heap_lock_stat_now - the heap's lock counts since boot
 * @out: where to store them
 *
 * Reads every count without its lock (spin_lock_stat()): a count may
 * miss the operations of the moment, so take snapshots with the heap
 * quiet. The kmem_caches' own arrays (kmem_cache_create()) are not
 * counted, only the kmalloc caches'.
 *
 * Context: any.
 */
void heap_lock_stat_now(struct heap_lock_stat *out);
#endif

#endif /* _KMLAB_HEAP_LOCK_STAT_H */
