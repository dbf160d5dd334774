/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel page-table API (mm/pgtable.c): walk the kernel's page tables,
 * map and unmap ranges of the vmalloc area with protections, translate an
 * address through the tables, and free page tables that map nothing.
 * Only with CONFIG_MMU (an architecture that pages: arch/i386); the
 * entry formats and the layout are <asm/pgtable.h>'s, the TLB flushes
 * <asm/tlbflush.h>'s. Documentation/mm/virtual-layout.rst.
 */
#ifndef _KMLAB_PGTABLE_H
#define _KMLAB_PGTABLE_H

#include <kmlab/types.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

struct page;

/* "No physical address" (Linux's PHYS_ADDR_MAX). */
#define PHYS_ADDR_MAX (~(phys_addr_t)0)

/* What lookup_address() found: a 4 KiB pte or a 4 MiB pgd entry. */
enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_4K,
	PG_LEVEL_4M,
};

pte_t *lookup_address(unsigned long address, unsigned int *level);
phys_addr_t slow_virt_to_phys(const void *address);
int vmap_range(unsigned long addr, unsigned long end, phys_addr_t phys_addr,
	       pgprot_t prot);
int vmap_pages_range(unsigned long addr, unsigned long end, pgprot_t prot,
		     struct page **pages);
void vunmap_range_noflush(unsigned long start, unsigned long end);
void vunmap_range(unsigned long start, unsigned long end);
unsigned int free_pgtables_kernel(unsigned long start, unsigned long end);
unsigned int free_pgd_range(pgd_t *pgd_dir, unsigned long start,
			    unsigned long end,
			    bool (*unused)(unsigned long addr, void *arg),
			    void *arg, bool flush, pgd_t *alias);
unsigned long nr_pagetable_pages(void);

#endif /* _KMLAB_PGTABLE_H */
