// SPDX-License-Identifier: GPL-2.0
/*
 * Paging: the whole 4 GiB identity mapped, so physical address == virtual
 * address everywhere. 4 MiB pages (PSE) except for the first 4 MiB, which
 * use a page table whose entry 0 is not present: a NULL dereference (any
 * access below 4 KiB) faults instead of reading physical address 0.
 */
#include <kmlab/types.h>
#include <kmlab/page.h>
#include <asm/setup.h>

#define PTE_PRESENT 0x001
#define PTE_RW 0x002
#define PDE_PSE 0x080
#define CR0_PG 0x80000000
#define CR0_WP 0x00010000
#define CR4_PSE 0x00000010

static u32 page_directory[1024] __aligned(PAGE_SIZE);
static u32 first_page_table[1024] __aligned(PAGE_SIZE);

void paging_init(void)
{
	u32 cr0, cr4;

	first_page_table[0] = 0; /* page 0: not present */
	for (u32 i = 1; i < 1024; i++)
		first_page_table[i] = (i << PAGE_SHIFT) | PTE_PRESENT | PTE_RW;
	page_directory[0] = (u32)first_page_table | PTE_PRESENT | PTE_RW;
	for (u32 i = 1; i < 1024; i++)
		page_directory[i] = (i << 22) | PDE_PSE | PTE_PRESENT | PTE_RW;

	__asm__ __volatile__("movl %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_PSE;
	__asm__ __volatile__("movl %0, %%cr4" : : "r"(cr4));
	__asm__ __volatile__("movl %0, %%cr3"
			     :
			     : "r"(page_directory)
			     : "memory");
	__asm__ __volatile__("movl %%cr0, %0" : "=r"(cr0));
	cr0 |= CR0_PG | CR0_WP;
	__asm__ __volatile__("movl %0, %%cr0" : : "r"(cr0) : "memory");
}

bool paging_enabled(void)
{
	u32 cr0;

	__asm__ __volatile__("movl %%cr0, %0" : "=r"(cr0));
	return cr0 & CR0_PG;
}
