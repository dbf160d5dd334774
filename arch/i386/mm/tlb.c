// SPDX-License-Identifier: GPL-2.0
/*
 * Flushing a range of kernel translations (Linux's arch/x86/mm/tlb.c,
 * flush_tlb_kernel_range()): invlpg page by page costs a few dozen cycles
 * per page, a cr3 reload costs the refill of every translation afterwards,
 * so up to TLB_SINGLE_PAGE_FLUSH_CEILING pages are flushed one by one and
 * more all at once.
 *
 * With CONFIG_SMP the other CPUs may hold the old translations too, so
 * flush_tlb_kernel_range() and flush_tlb_all() also shoot their TLBs down (Linux sends an IPI
 * to run do_kernel_range_flush()). Linux's IPI is a maskable interrupt
 * and its callers keep interrupts on; kmlab's callers may not (a page
 * fault handler runs with interrupts off; KFENCE unmaps pages under
 * heap_lock, which another CPU may be waiting for with interrupts off),
 * so a maskable IPI could wait forever for a CPU that waits for us. The
 * request goes by NMI instead, which a CPU takes whatever its interrupt
 * flag: each CPU has a requested and a done generation; the sender raises
 * the target's requested one and sends the NMI, the target's NMI handler
 * (flush_tlb_nmi()) reloads cr3 and stores the requested generation as
 * done, the sender spins until it sees it. Two CPUs shooting each other
 * down at once serve each other's NMI in their wait loops. Requests that
 * meet in one NMI (NMIs do not queue) are served by one flush. The
 * targets flush everything rather than the range: one cr3 reload, no
 * range to pass.
 */
#include <kmlab/page.h>
#include <kmlab/smp.h>
#include <kmlab/printk.h>
#include <asm/tlbflush.h>
#include <asm/smp.h>
#include <asm/spinlock.h>

unsigned long nr_tlb_local_flush_one, nr_tlb_local_flush_all;

#ifdef CONFIG_SMP
unsigned long nr_tlb_remote_flush;

/* Per CPU: shootdowns asked of it, and the last one it served. */
static unsigned long flush_requested[CONFIG_NR_CPUS];
static unsigned long flush_done[CONFIG_NR_CPUS];

/* About a second of spinning under QEMU TCG. */
#define FLUSH_WAIT_SPINS 100000000UL

bool flush_tlb_nmi(void)
{
	unsigned int cpu = smp_processor_id();
	unsigned long req =
		__atomic_load_n(&flush_requested[cpu], __ATOMIC_ACQUIRE);
	unsigned long cr3;

	if (req == __atomic_load_n(&flush_done[cpu], __ATOMIC_RELAXED))
		return false;
	/* Not __flush_tlb_all(): its count is not for NMI context. */
	__asm__ __volatile__("movl %%cr3, %0\n\tmovl %0, %%cr3"
			     : "=r"(cr3)
			     :
			     : "memory");
	__atomic_store_n(&flush_done[cpu], req, __ATOMIC_RELEASE);
	return true;
}

void flush_tlb_others(void)
{
	unsigned int self = smp_processor_id(), cpu;
	unsigned long want[CONFIG_NR_CPUS], pending = 0;

	for_each_online_cpu(cpu)
	{
		if (cpu == self)
			continue;
		want[cpu] = __atomic_add_fetch(&flush_requested[cpu], 1,
					       __ATOMIC_ACQ_REL);
		pending |= 1UL << cpu;
		arch_send_nmi_ipi(cpu);
	}
	if (!pending)
		return;
	__atomic_fetch_add(&nr_tlb_remote_flush, 1, __ATOMIC_RELAXED);
	for (unsigned long i = 0; pending && i < FLUSH_WAIT_SPINS; i++) {
		for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
			long behind;

			if (!(pending & (1UL << cpu)))
				continue;
			behind = (long)(want[cpu] -
					__atomic_load_n(&flush_done[cpu],
							__ATOMIC_ACQUIRE));
			if (behind <= 0 || !cpu_online(cpu))
				pending &= ~(1UL << cpu);
		}
		cpu_relax();
	}
	if (pending)
		pr_err("tlb: CPUs %#lx did not flush their TLB\n", pending);
}
#endif

/**
 * flush_tlb_all - drop every translation on every CPU
 *
 * __flush_tlb_all() here and, with CONFIG_SMP, flush_tlb_others(): as
 * Linux's flush_tlb_all(), after which no CPU walks a freed page table
 * or reaches a cleared pte through its TLB. Context: any but NMI
 * (interrupts may be off: the shootdown goes by NMI).
 */
void flush_tlb_all(void)
{
	__flush_tlb_all();
#ifdef CONFIG_SMP
	flush_tlb_others();
#endif
}

/**
 * flush_tlb_kernel_range - drop the translations of kernel pages
 * @start: first address, bytes (rounded down to a page)
 * @end: one past the last address, bytes; @end <= @start flushes nothing
 *
 * Page by page with invlpg up to TLB_SINGLE_PAGE_FLUSH_CEILING pages, a
 * full local flush (__flush_tlb_all()) above, as Linux's
 * flush_tlb_kernel_range(); with CONFIG_SMP, then flush_tlb_others().
 * Context: any but NMI.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	start &= PAGE_MASK;
	if (end <= start)
		return;
	if ((end - start) >> PAGE_SHIFT > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		__flush_tlb_all();
	} else {
		for (unsigned long addr = start; addr < end; addr += PAGE_SIZE)
			flush_tlb_one_kernel(addr);
	}
#ifdef CONFIG_SMP
	flush_tlb_others();
#endif
}
