/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-CPU lists of order-0 pages of the buddy allocator
 * (mm/page_pcp.c), for mm/buddy.c, the inline fast paths of
 * mm/buddy_fast.h and the tests.
 */
#ifndef _MM_PAGE_PCP_H
#define _MM_PAGE_PCP_H

#include <kmlab/mm.h>
#include <kmlab/smp.h>
#include <kmlab/slab.h>
#include <kmlab/spinlock.h>

/* Linux's defaults for a small zone: pcp->high and pcp->batch. */
#define PCP_HIGH 32
#define PCP_BATCH 8

/**
 * struct per_cpu_pages - one CPU's list of free order-0 pages
 * @lock: taken by the CPU itself on every operation and by another CPU
 *        only to drain, fold or check the list (CONFIG_SMP; nothing
 *        without it)
 * @head: first page (PG_pcp, private 0), NULL when empty; the next one is
 *        in head->buddy_list.next
 * @count: pages on the list
 * @high: a free onto a list of @high pages first gives @batch back
 * @batch: pages moved between the list and the buddy free lists at a time
 * @nr_allocs: order-0 blocks alloc_pages() took from this list without
 *             heap_lock, not yet folded into kmalloc_stats
 * @nr_frees: order-0 blocks free_pages() put on it without heap_lock, not
 *            yet folded
 *
 * One cache line each, so that two CPUs' lists share none.
 */
struct per_cpu_pages {
	spinlock_t lock;
	struct page *head;
	unsigned int count;
	unsigned int high;
	unsigned int batch;
	unsigned long nr_allocs;
	unsigned long nr_frees;
} __aligned(L1_CACHE_BYTES);

/*
 * One list per possible CPU; one without CONFIG_SMP (ARCH=host, which
 * has no CONFIG_NR_CPUS, included).
 */
#ifdef CONFIG_SMP
#define PCP_NR_CPUS CONFIG_NR_CPUS
#else
#define PCP_NR_CPUS 1
#endif

/* Indexed by CPU number (the list must not be copied with a per-CPU area). */
extern struct per_cpu_pages page_pcp[PCP_NR_CPUS];

/**
 * pcp_lock_irqsave - take @pcp's lock with interrupts off (CONFIG_SMP)
 * @pcp: this CPU's list, or another CPU's to drain or check it
 *
 * Without CONFIG_SMP it does nothing: the uniprocessor fast paths run no
 * more instructions than before the lists were per CPU.
 * Context: heap_lock may be held (it is always taken first).
 * Return: the saved EFLAGS, for pcp_unlock_irqrestore().
 */
static __always_inline unsigned long pcp_lock_irqsave(struct per_cpu_pages *pcp)
{
	unsigned long flags = 0;

	if (IS_ENABLED(CONFIG_SMP))
		spin_lock_irqsave(&pcp->lock, flags);
	return flags;
}

/**
 * pcp_unlock_irqrestore - release @pcp's lock, restore interrupts
 * @pcp: the list pcp_lock_irqsave() locked
 * @flags: what it returned
 */
static __always_inline void pcp_unlock_irqrestore(struct per_cpu_pages *pcp,
						  unsigned long flags)
{
	if (IS_ENABLED(CONFIG_SMP))
		spin_unlock_irqrestore(&pcp->lock, flags);
}

/* Take the first page off @pcp (not empty). Context: @pcp->lock held. */
static __always_inline struct page *pcp_pop(struct per_cpu_pages *pcp)
{
	struct page *page = pcp->head;

	pcp->head = (struct page *)page->buddy_list.next;
	pcp->count--;
	return page;
}

/*
 * Put the free page @page, already claimed (PG_pcp, pcp_claim_page()),
 * first on @pcp. Context: @pcp->lock held.
 */
static __always_inline void pcp_push(struct per_cpu_pages *pcp,
				     struct page *page)
{
	page->buddy_list.next = (struct list_head *)pcp->head;
	pcp->head = page;
	pcp->count++;
}

/**
 * page_pcp_init - empty every CPU's list, set high and batch
 *
 * Context: boot, from buddy_init().
 */
void page_pcp_init(void);

/**
 * pcp_alloc_page - an order-0 page from this CPU's list, refilled if empty
 *
 * An empty list takes a batch from the buddy free lists (Linux's
 * rmqueue_bulk()); when there is none, every CPU's list is drained and
 * the refill tried again (low memory: the last free pages may be on
 * another CPU's list). The list is locked with interrupts off (an
 * inter-processor call may allocate). Context: heap_lock held (or no
 * other CPU on the heap); interrupts on or off.
 * Return: the page, taken off the list (still PG_pcp), or NULL when no
 * lowmem page is free anywhere.
 */
struct page *pcp_alloc_page(void);

/**
 * pcp_free_page - put a freed order-0 lowmem page on this CPU's list
 * @page: a block buddy_free_pages() has checked (private 0) and claimed
 *	(PG_pcp, pcp_claim_page())
 *
 * A list of @high pages first gives its @batch most recently freed pages
 * back to the buddy free lists. The list is locked with interrupts off.
 * Context: heap_lock held (or no other CPU on the heap); interrupts on
 * or off.
 */
void pcp_free_page(struct page *page);

/**
 * pcp_drain_all - give every page of every CPU's list back
 *
 * The pages coalesce on the buddy free lists. Each list is locked with
 * interrupts off, as everywhere else (an inter-processor call may
 * allocate). Context: heap_lock held (or no other CPU on the heap).
 * O(pages on the lists).
 */
void pcp_drain_all(void);

/**
 * pcp_fold_stats - take every CPU's unfolded order-0 counts
 * @allocs: in/out: increased by the allocations counted on the lists
 * @frees: in/out: increased by the frees counted on the lists
 *
 * The lists' counts are zeroed. Context: heap_lock held.
 */
void pcp_fold_stats(unsigned long *allocs, unsigned long *frees);

/**
 * pcp_count - pages on every CPU's list together (a snapshot)
 *
 * Context: any. Return: the count.
 */
unsigned int pcp_count(void);

/**
 * pcp_lock_all - take every CPU's list lock, in CPU order
 *
 * For validate() and the heap walk, which read PG_pcp flags the fast
 * paths change without heap_lock: while every lock is held, no list
 * moves. Interrupts go off first (CONFIG_SMP), as for every list lock:
 * an inter-processor call may allocate. Context: heap_lock held (or no
 * other CPU on the heap: the tests call validate() directly).
 * Return: the saved EFLAGS, for pcp_unlock_all().
 */
unsigned long pcp_lock_all(void);

/**
 * pcp_unlock_all - release what pcp_lock_all() took, restore interrupts
 * @flags: what pcp_lock_all() returned
 */
void pcp_unlock_all(unsigned long flags);

/**
 * pcp_validate - check every CPU's list
 *
 * Each page must lie in mem_map, be PG_pcp with private 0; the list must
 * end, hold @count pages and at most @high. Each violation is one
 * "kmalloc: validate: buddy: CPU n page list: ..." line.
 * Context: pcp_lock_all() held. Return: the number of violations.
 */
int pcp_validate(void);

#endif /* _MM_PAGE_PCP_H */
