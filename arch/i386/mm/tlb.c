// SPDX-License-Identifier: GPL-2.0
/*
 * Flushing a range of kernel translations (Linux's arch/x86/mm/tlb.c,
 * flush_tlb_kernel_range()): invlpg page by page costs a few dozen cycles
 * per page, a cr3 reload costs the refill of every translation afterwards,
 * so up to TLB_SINGLE_PAGE_FLUSH_CEILING pages are flushed one by one and
 * more all at once. One CPU only: with SMP the other CPUs would have to be
 * asked as well (Linux sends an IPI, do_kernel_range_flush()).
 */
#include <kmlab/page.h>
#include <asm/tlbflush.h>

unsigned long nr_tlb_local_flush_one, nr_tlb_local_flush_all;

/**
 * flush_tlb_kernel_range - drop the translations of kernel pages
 * @start: first address, bytes (rounded down to a page)
 * @end: one past the last address, bytes; @end <= @start flushes nothing
 *
 * Page by page with invlpg up to TLB_SINGLE_PAGE_FLUSH_CEILING pages, a
 * full flush (flush_tlb_all()) above, as Linux's flush_tlb_kernel_range().
 * Context: any.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	start &= PAGE_MASK;
	if (end <= start)
		return;
	if ((end - start) >> PAGE_SHIFT > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		flush_tlb_all();
		return;
	}
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE)
		flush_tlb_one_kernel(addr);
}
