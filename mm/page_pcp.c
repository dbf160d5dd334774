// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU lists of free order-0 pages in front of the buddy allocator.
 *
 * Source: Linux's per_cpu_pages (mm/page_alloc.c: rmqueue_pcplist(),
 * free_unref_page(), rmqueue_bulk(), free_pcppages_bulk(),
 * drain_all_pages()), in its shape since 5.19, where each list has a
 * spinlock that only its own CPU takes on the common path and another CPU
 * takes to drain it, so draining needs no inter-processor call.
 *
 * An order-0 alloc/free pair on a quiet heap would split a 4 MiB block
 * ten times and merge it ten times again, under the lock every CPU
 * shares. Instead each CPU keeps a short LIFO list of free single pages
 * (PG_pcp, private 0, singly linked through buddy_list.next): the last
 * page freed is the next handed out, still warm in this CPU's cache.
 * Those pages are free (not counted as held), just not yet coalesced.
 *
 * The common path, alloc_pages() and free_pages() of one lowmem page
 * (mm/buddy_fast.h, inline), takes only this CPU's list lock with
 * interrupts off: pop the head, or push after checking that the page is
 * an allocated order-0 block. The claim of the page is one cmpxchg on its
 * flags with CONFIG_SMP (pcp_claim_page()), on the fast path and on the
 * full path alike, so two CPUs freeing one page at once cannot both put
 * it on a list, whichever paths they take: the loser is reported as a
 * double free. An empty list, a full one, any other order, __GFP_ZERO and bad input take
 * the full path under heap_lock, which here plays the part of Linux's
 * zone->lock (it covers every zone's free lists): an empty list is
 * refilled with @batch pages from one zone, a list of @high pages gives
 * its @batch most recently freed back before the push. heap_lock is
 * always taken before a list lock, never after.
 *
 * A page freed on another CPU than the one that allocated it goes to the
 * freeing CPU's list: no remote list, no shared line but the page's.
 *
 * drain_all_pages() (mm/page_alloc.c) and pcp_drain_all() empty every
 * CPU's list, under heap_lock, one list lock at a time: for a
 * higher-order allocation that fails (the cached pages may be what blocks
 * a merge), for an order-0 refill that finds nothing (low memory), and
 * for the tests and kbench. validate() and the heap walk take every list
 * lock (pcp_lock_all()), so they see the lists as they are, without
 * changing them. Statistics stay exact: pages_held and its peak change
 * with each page (atomically with CONFIG_SMP, mm/internal.h's
 * kstat_pages()); the object counts of the fast paths are per-CPU
 * counters that kmalloc_get_stats() folds in (pcp_fold_stats()).
 *
 * Without CONFIG_SMP there is one list and its lock is nothing: the
 * uniprocessor kernel runs what it ran when the list was global.
 */
#include <kmlab/printk.h>
#include "buddy.h"
#include "internal.h"
#include "page_pcp.h"

struct per_cpu_pages page_pcp[PCP_NR_CPUS];

void page_pcp_init(void)
{
	for (unsigned int cpu = 0; cpu < PCP_NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &page_pcp[cpu];

		spin_lock_init(&pcp->lock);
		pcp->head = NULL;
		pcp->count = 0;
		pcp->high = PCP_HIGH;
		pcp->batch = PCP_BATCH;
		pcp->nr_allocs = 0;
		pcp->nr_frees = 0;
	}
}

/* Fill the empty @pcp with a batch. Context: heap_lock, @pcp->lock held. */
static void pcp_refill(struct per_cpu_pages *pcp)
{
	pcp->count = buddy_rmqueue_bulk(pcp->batch, &pcp->head);
}

struct page *pcp_alloc_page(void)
{
	struct per_cpu_pages *pcp = &page_pcp[smp_processor_id()];
	struct page *page = NULL;
	/* __buddy_alloc_pages() may be called with interrupts on. */
	unsigned long flags = pcp_lock_irqsave(pcp);

	if (unlikely(!pcp->head)) {
		pcp_refill(pcp);
		if (!pcp->head) {
			pcp_unlock_irqrestore(pcp, flags);
			pcp_drain_all();
			flags = pcp_lock_irqsave(pcp);
			if (!pcp->head)
				pcp_refill(pcp);
		}
	}
	if (likely(pcp->head))
		page = pcp_pop(pcp);
	pcp_unlock_irqrestore(pcp, flags);
	return page;
}

void pcp_free_page(struct page *page)
{
	struct per_cpu_pages *pcp = &page_pcp[smp_processor_id()];
	unsigned long flags = pcp_lock_irqsave(pcp);

	if (unlikely(pcp->count >= pcp->high))
		buddy_free_pcppages_bulk(pcp, pcp->batch);
	pcp_push(pcp, page);
	pcp_unlock_irqrestore(pcp, flags);
}

void pcp_drain_all(void)
{
	for (unsigned int cpu = 0; cpu < PCP_NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &page_pcp[cpu];
		/* Callers may have interrupts on (tests, no other CPU busy). */
		unsigned long flags = pcp_lock_irqsave(pcp);

		buddy_free_pcppages_bulk(pcp, pcp->count);
		pcp_unlock_irqrestore(pcp, flags);
	}
}

void pcp_fold_stats(unsigned long *allocs, unsigned long *frees)
{
	for (unsigned int cpu = 0; cpu < PCP_NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &page_pcp[cpu];

		spin_lock(&pcp->lock);
		*allocs += pcp->nr_allocs;
		*frees += pcp->nr_frees;
		pcp->nr_allocs = 0;
		pcp->nr_frees = 0;
		spin_unlock(&pcp->lock);
	}
}

unsigned int pcp_count(void)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < PCP_NR_CPUS; cpu++)
		n += __atomic_load_n(&page_pcp[cpu].count, __ATOMIC_RELAXED);
	return n;
}

unsigned long pcp_lock_all(void)
{
	unsigned long flags = IS_ENABLED(CONFIG_SMP) ? local_irq_save() : 0;

	for (unsigned int cpu = 0; cpu < PCP_NR_CPUS; cpu++)
		spin_lock(&page_pcp[cpu].lock);
	return flags;
}

void pcp_unlock_all(unsigned long flags)
{
	for (unsigned int cpu = PCP_NR_CPUS; cpu-- > 0;)
		spin_unlock(&page_pcp[cpu].lock);
	if (IS_ENABLED(CONFIG_SMP))
		local_irq_restore(flags);
}

#define bad(fmt, ...)                                                          \
	(errors += kmalloc_validate_fail("buddy: CPU %u page list: " fmt, cpu, \
					 ##__VA_ARGS__))

int pcp_validate(void)
{
	int errors = 0;

	for (unsigned int cpu = 0; cpu < PCP_NR_CPUS; cpu++) {
		const struct per_cpu_pages *pcp = &page_pcp[cpu];
		unsigned long n = 0;

		for (struct page *page = pcp->head; page;
		     page = (struct page *)page->buddy_list.next) {
			if (++n > mem_map_nr) {
				bad("loops");
				break;
			}
			if (page < mem_map || page >= mem_map + mem_map_nr) {
				bad("page %p outside mem_map", page);
				break;
			}
			if (page->flags != 1UL << PG_pcp || page->private)
				bad("pfn %#lx has flags %#lx, private %lu",
				    page_to_pfn(page), page->flags,
				    page->private);
		}
		if (n != pcp->count)
			bad("%lu pages listed, count %u", n, pcp->count);
		if (pcp->count > pcp->high)
			bad("%u pages, high %u", pcp->count, pcp->high);
	}
	return errors;
}
