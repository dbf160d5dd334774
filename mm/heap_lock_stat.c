// SPDX-License-Identifier: GPL-2.0
/*
 * heap_lock_stat_now() (<kmlab/heap_lock_stat.h>): CONFIG_LOCK_STAT's
 * counts of heap_lock and of the per-CPU layers' locks, summed, so that
 * code outside mm/ (kbench) can count the locks an operation takes
 * without knowing which layers the backend has.
 */
#include <kmlab/heap_lock_stat.h>
#include <kmlab/slab.h>
#include "internal.h"
#ifdef CONFIG_HAVE_BUDDY_PAGE_ALLOC
#include "page_pcp.h"
#endif

static void add(struct lock_stat *sum, spinlock_t *lock)
{
	struct lock_stat s = spin_lock_stat(lock);

	sum->acquisitions += s.acquisitions;
	sum->contentions += s.contentions;
	sum->spins += s.spins;
}

void heap_lock_stat_now(struct heap_lock_stat *out)
{
	*out = (struct heap_lock_stat){};
	add(&out->heap, &heap_lock);
#ifdef CONFIG_HAVE_BUDDY_PAGE_ALLOC
	for (unsigned int cpu = 0; cpu < PCP_NR_CPUS; cpu++)
		add(&out->percpu, &page_pcp[cpu].lock);
#endif
#ifdef CONFIG_SLAB_CPU_CACHE
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++)
		for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
			add(&out->percpu,
			    &kmalloc_caches[i].cpu_array[cpu].lock);
#endif
}
