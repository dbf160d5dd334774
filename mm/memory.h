/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What mm/mmap.c (VMAs) needs from mm/memory.c (page tables, pages and
 * faults of an address space). Not a public API: include/kmlab/mmap.h is.
 */
#ifndef _MM_MEMORY_H
#define _MM_MEMORY_H

#include <kmlab/mmap.h>

/* The address space in use (kthread_use_mm()), NULL for the kernel's. */
extern struct mm_struct *current_mm;
/* The CPU it is in use on. */
extern unsigned int current_mm_cpu;

/*
 * set_current_mm - make @mm (NULL: none) the address space in use on this
 * CPU, first copying the kernel's pgd entries (all but the user window)
 * into @mm's, under init_mm_page_table_lock (mm/pgtable.c): that copy and
 * free_pgtables_kernel() clearing and freeing a kernel page table cannot
 * interleave, and free_pgtables_kernel() sees @mm as soon as it holds
 * copies. Context: process; not with init_mm_page_table_lock held.
 */
void set_current_mm(struct mm_struct *mm);

/*
 * zap_page_range - clear the ptes of [@start, @end) in @mm, dropping a
 * reference on each page they mapped (freed at 0), flushing the TLB when
 * @mm is in use.
 */
void zap_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end);

/*
 * change_protection - make the ptes of [@start, @end) in @mm match a VMA
 * going from @old_flags to @new_flags (Linux's change_protection()):
 * PROT_NONE ptes when VM_READ goes, present read-only ones when it comes
 * back, write-protected ones when VM_WRITE goes; flushed when @mm is in
 * use.
 */
void change_protection(struct mm_struct *mm, unsigned long start,
		       unsigned long end, unsigned long old_flags,
		       unsigned long new_flags);

/*
 * copy_page_range - share [@start, @end) of @src with @dst for
 * copy-on-write. Return: 0, or -ENOMEM (a page table of @dst).
 */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    unsigned long start, unsigned long end);

/*
 * free_pgtables - free @mm's page tables in [@start, @end) that no VMA
 * overlaps any more (after the VMAs' ptes were zapped and the VMAs
 * removed), flushing the TLB first when @mm is in use.
 */
void free_pgtables(struct mm_struct *mm, unsigned long start,
		   unsigned long end);

/* The pfn of the shared zero page (Linux's my_zero_pfn()). */
unsigned long zero_pfn(void);

#endif /* _MM_MEMORY_H */
