/* SPDX-License-Identifier: GPL-2.0 */
/*
 * i386 page-table entries and the kernel's virtual layout, in Linux's
 * terms (arch/x86/include/asm/pgtable*.h, pgtable_32_areas.h).
 *
 * Two-level paging without PAE: a page directory (pgd) of 1024 entries,
 * each mapping 4 MiB either directly (a PSE "large" page) or through a
 * page table of 1024 ptes of 4 KiB each; the p4d, pud and pmd levels of
 * Linux's five-level model are folded away (as pgtable-nopmd.h does).
 * PAE would add a third level and 64-bit entries for physical memory
 * above 4 GiB and the NX bit; kmlab ignores RAM above 4 GiB (memblock)
 * and guard pages need no NX, so the two-level walk of Gorman's
 * "Understanding the Linux Virtual Memory Manager" (chapter 3) stays.
 *
 * The layout (Documentation/mm/virtual-layout.rst has the diagram):
 * 0 .. MAXMEM is the boot identity map of RAM (virtual == physical),
 * MAXMEM .. VMALLOC_START an unmapped gap (VMALLOC_OFFSET), VMALLOC_START
 * .. VMALLOC_END the vmalloc area, mapped with 4 KiB page tables
 * allocated on demand (mm/pgtable.c), and VMALLOC_END .. 4 GiB the
 * identity map again (the local and I/O APICs live there).
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <kmlab/types.h>
#include <kmlab/page.h>

/* Entry bits (Intel SDM vol. 3, 4.3; Linux's _PAGE_*). */
#define _PAGE_PRESENT 0x001UL
#define _PAGE_RW 0x002UL
#define _PAGE_USER 0x004UL
#define _PAGE_PWT 0x008UL
#define _PAGE_PCD 0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY 0x040UL
#define _PAGE_PSE 0x080UL /* in a pgd entry: a 4 MiB page */
#define _PAGE_GLOBAL 0x100UL
/*
 * Software bit of a pte that is not present: the page is kept, mapped
 * PROT_NONE (Linux's _PAGE_PROTNONE, the global bit, which kmlab sets on
 * no present pte).
 */
#define _PAGE_PROTNONE _PAGE_GLOBAL

/* A pgd entry that points to a kernel page table. */
#define _KERNPG_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

#define PGDIR_SHIFT 22
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PGDIR_MASK (~(PGDIR_SIZE - 1))
#define PTRS_PER_PGD 1024
#define PTRS_PER_PTE 1024

/*
 * The top of the identity map of RAM (Linux's MAXMEM): RAM at or above it
 * is not used (arch/i386/kernel/paging.c, reserve_virtual_areas()).
 */
#define MAXMEM 0xe0000000UL
/* An unmapped gap that catches runs off the end of the identity map. */
#define VMALLOC_OFFSET (8UL << 20)
#define VMALLOC_START (MAXMEM + VMALLOC_OFFSET)
#define VMALLOC_END 0xf0000000UL

/*
 * The window address spaces (struct mm_struct, mm/mmap.c) map their VMAs
 * in: the VMALLOC_OFFSET gap, which the kernel's own page directory
 * leaves unmapped, so an mm's page tables there hide nothing of the
 * kernel's. Linux's user space is 0 .. TASK_SIZE; kmlab has no user
 * space and keeps the identity map of RAM below.
 */
#define TASK_UNMAPPED_BASE MAXMEM
#define TASK_SIZE VMALLOC_START

typedef struct {
	unsigned long pte;
} pte_t;
typedef struct {
	unsigned long pgd;
} pgd_t;
typedef struct {
	unsigned long pgprot;
} pgprot_t;

#define pte_val(x) ((x).pte)
#define pgd_val(x) ((x).pgd)
#define pgprot_val(x) ((x).pgprot)
#define __pte(x) ((pte_t){ (x) })
#define __pgd(x) ((pgd_t){ (x) })
#define __pgprot(x) ((pgprot_t){ (x) })

/* Protections for kernel mappings (Linux's PAGE_KERNEL, PAGE_KERNEL_RO). */
#define PAGE_KERNEL \
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_KERNEL_RO __pgprot(_PAGE_PRESENT | _PAGE_ACCESSED)

/* The kernel's page directory (arch/i386/kernel/paging.c). */
extern pgd_t swapper_pg_dir[PTRS_PER_PGD];

static inline unsigned int pgd_index(unsigned long addr)
{
	return addr >> PGDIR_SHIFT;
}

static inline unsigned int pte_index(unsigned long addr)
{
	return (addr >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

/* The kernel's pgd entry for @addr. */
static inline pgd_t *pgd_offset_k(unsigned long addr)
{
	return swapper_pg_dir + pgd_index(addr);
}

/* Entry tests, as Linux's; pgd_large(): a 4 MiB page, not a page table. */
#define pgd_none(pgd) (!pgd_val(pgd))
#define pgd_present(pgd) (!!(pgd_val(pgd) & _PAGE_PRESENT))
#define pgd_large(pgd) (!!(pgd_val(pgd) & _PAGE_PSE))
#define pte_none(pte) (!pte_val(pte))
#define pte_present(pte) (!!(pte_val(pte) & _PAGE_PRESENT))
#define pte_write(pte) (!!(pte_val(pte) & _PAGE_RW))
#define pte_protnone(pte) \
	((pte_val(pte) & (_PAGE_PRESENT | _PAGE_PROTNONE)) == _PAGE_PROTNONE)

/* The page table a present, not large pgd entry points to. */
static inline pte_t *pgd_page_vaddr(pgd_t pgd)
{
	return (pte_t *)(pgd_val(pgd) & PAGE_MASK); /* identity mapped */
}

static inline pte_t *pte_offset_kernel(pgd_t *pgd, unsigned long addr)
{
	return pgd_page_vaddr(*pgd) + pte_index(addr);
}

static inline unsigned long pte_pfn(pte_t pte)
{
	return pte_val(pte) >> PAGE_SHIFT;
}

static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte((pfn << PAGE_SHIFT) | pgprot_val(prot));
}

static inline void set_pte(pte_t *ptep, pte_t pte)
{
	*(volatile unsigned long *)&ptep->pte = pte_val(pte);
}

static inline void pte_clear(pte_t *ptep)
{
	set_pte(ptep, __pte(0));
}

static inline void set_pgd(pgd_t *pgdp, pgd_t pgd)
{
	*(volatile unsigned long *)&pgdp->pgd = pgd_val(pgd);
}

#endif /* _ASM_PGTABLE_H */
