/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLB flushing for kernel mappings, as Linux's arch/x86/include/asm/
 * tlbflush.h: one page with invlpg, everything by reloading cr3 (kmlab
 * sets no global pages, so that drops every translation), a range page by
 * page up to a ceiling and all at once above it (arch/i386/mm/tlb.c).
 *
 * A change that only adds a translation (a pte that was not present)
 * needs no flush; one that removes or changes a translation does before
 * the old page or page table is reused. invlpg also drops the
 * paging-structure caches (Intel SDM vol. 3, 4.10.4.1). flush_tlb_one_kernel()
 * and __flush_tlb_all() are local to the calling CPU; flush_tlb_all() and
 * flush_tlb_kernel_range() with CONFIG_SMP also shoot the other CPUs'
 * TLBs down (arch/i386/mm/tlb.c), as Linux's do.
 */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

/*
 * Flushes done, as Linux's NR_TLB_LOCAL_FLUSH_ONE and _ALL vm events
 * (tests read them to see that vfree() flushes lazily); every CPU adds
 * to them atomically, so they are exact under SMP (Linux keeps per-CPU
 * vm events and sums them).
 */
extern unsigned long nr_tlb_local_flush_one, nr_tlb_local_flush_all;

/*
 * Linux's tlb_single_page_flush_ceiling: a range of more pages than this
 * is flushed with one full flush (arch/x86/mm/tlb.c, 33).
 */
#define TLB_SINGLE_PAGE_FLUSH_CEILING 33

/**
 * flush_tlb_one_kernel - drop the translation of one kernel page
 * @addr: any address in the page
 *
 * Context: any.
 */
static inline void flush_tlb_one_kernel(unsigned long addr)
{
	__atomic_fetch_add(&nr_tlb_local_flush_one, 1, __ATOMIC_RELAXED);
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

/**
 * __flush_tlb_all - drop every translation of this CPU (reloads cr3)
 *
 * Linux's __flush_tlb_all(): the local part of flush_tlb_all().
 * Context: any.
 */
static inline void __flush_tlb_all(void)
{
	unsigned long cr3;

	__atomic_fetch_add(&nr_tlb_local_flush_all, 1, __ATOMIC_RELAXED);
	__asm__ __volatile__("movl %%cr3, %0\n\tmovl %0, %%cr3"
			     : "=r"(cr3)
			     :
			     : "memory");
}

void flush_tlb_all(void);
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

#ifdef CONFIG_SMP
/* TLB shootdowns sent, each to every other online CPU (NR_TLB_REMOTE_FLUSH). */
extern unsigned long nr_tlb_remote_flush;

/**
 * flush_tlb_others - flush the TLB of every other online CPU, and wait
 *
 * Sends each an NMI and spins until each has reloaded cr3 (or about a
 * second has passed: reported). NMIs reach a CPU whose interrupts are
 * off, so the caller may have its own interrupts off or hold a lock
 * another CPU spins on with interrupts off (a page-fault handler, KFENCE
 * under heap_lock): the shootdown cannot deadlock on them. Context: any
 * but NMI.
 */
void flush_tlb_others(void);

/**
 * flush_tlb_nmi - serve this CPU's pending TLB shootdown, from its NMI
 *
 * Context: the NMI handler (do_trap()). Return: true when a request was
 * pending (the TLB was flushed and the request acknowledged), false when
 * the NMI was for something else.
 */
bool flush_tlb_nmi(void);
#endif

#endif /* _ASM_TLBFLUSH_H */
