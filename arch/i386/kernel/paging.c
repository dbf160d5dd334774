// SPDX-License-Identifier: GPL-2.0
/*
 * Paging at boot: the identity map (physical address == virtual address)
 * of everything but the range kept for vmalloc.
 *
 * swapper_pg_dir maps every 4 MiB with one large (PSE) page, except:
 *  - the first 4 MiB, which go through a page table whose entry 0 is not
 *    present: a NULL dereference (any access below 4 KiB) faults instead
 *    of reading physical address 0;
 *  - MAXMEM .. VMALLOC_END (asm/pgtable.h), left not present: the
 *    VMALLOC_OFFSET gap and the vmalloc area, whose page tables
 *    mm/pgtable.c allocates when something is mapped there.
 * The layout is drawn in Documentation/mm/virtual-layout.rst.
 */
#include <kmlab/types.h>
#include <kmlab/page.h>
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <asm/setup.h>
#include <asm/pgtable.h>

#define CR0_PG 0x80000000
#define CR0_WP 0x00010000
#define CR4_PSE 0x00000010

pgd_t swapper_pg_dir[PTRS_PER_PGD] __aligned(PAGE_SIZE);
static pte_t first_page_table[PTRS_PER_PTE] __aligned(PAGE_SIZE);

void paging_init(void)
{
	u32 cr0, cr4;

	first_page_table[0] = __pte(0); /* page 0: not present */
	for (u32 i = 1; i < PTRS_PER_PTE; i++)
		first_page_table[i] = pfn_pte(i, PAGE_KERNEL);
	swapper_pg_dir[0] = __pgd((u32)first_page_table | _KERNPG_TABLE);
	for (u32 i = 1; i < PTRS_PER_PGD; i++) {
		unsigned long addr = (unsigned long)i << PGDIR_SHIFT;

		if (addr >= MAXMEM && addr < VMALLOC_END)
			continue;
		swapper_pg_dir[i] =
			__pgd(addr | _PAGE_PSE | pgprot_val(PAGE_KERNEL));
	}

	__asm__ __volatile__("movl %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_PSE;
	__asm__ __volatile__("movl %0, %%cr4" : : "r"(cr4));
	__asm__ __volatile__("movl %0, %%cr3"
			     :
			     : "r"(swapper_pg_dir)
			     : "memory");
	__asm__ __volatile__("movl %%cr0, %0" : "=r"(cr0));
	cr0 |= CR0_PG | CR0_WP;
	__asm__ __volatile__("movl %0, %%cr0" : : "r"(cr0) : "memory");
}

/**
 * reserve_virtual_areas - keep RAM out of the range paging leaves unmapped
 *
 * RAM at MAXMEM .. VMALLOC_END has no identity mapping (the range is the
 * vmalloc area): it is reserved in memblock, with one warning, as Linux
 * warns that only MAXMEM of RAM is used. QEMU's and Bochs' PCs end RAM
 * below 4 GiB at 3.5 GiB at most, so this never happens there.
 * Context: boot, after the memory map is added to memblock.
 */
void reserve_virtual_areas(void)
{
	phys_addr_t lost = 0;

	for (unsigned int i = 0; i < memblock_memory.cnt; i++) {
		const struct memblock_region *r = &memblock_memory.regions[i];
		phys_addr_t lo = max(r->base, (phys_addr_t)MAXMEM);
		phys_addr_t hi =
			min(r->base + r->size, (phys_addr_t)VMALLOC_END);

		if (lo < hi)
			lost += hi - lo;
	}
	if (!lost)
		return;
	pr_warn("memblock: ignoring %llu MiB of RAM at %#lx-%#lx: the range is the vmalloc area (Documentation/mm/virtual-layout.rst)\n",
		lost >> 20, MAXMEM, VMALLOC_END - 1);
	memblock_reserve(MAXMEM, VMALLOC_END - MAXMEM);
}

bool paging_enabled(void)
{
	u32 cr0;

	__asm__ __volatile__("movl %%cr0, %0" : "=r"(cr0));
	return cr0 & CR0_PG;
}
