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
 *    mm/pgtable.c allocates when something is mapped there;
 *  - with highmem=SIZE (CONFIG_HIGHMEM), the 4 MiB pages of the RAM made
 *    ZONE_HIGHMEM, cleared by reserve_highmem() once memblock knows RAM.
 * The layout is drawn in Documentation/mm/virtual-layout.rst.
 */
#include <kmlab/types.h>
#include <kmlab/page.h>
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/param.h>
#include <kmlab/init.h>
#include <kmlab/errno.h>
#include <kmlab/string.h>
#include <kmlab/highmem.h>
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

#ifdef CONFIG_HIGHMEM
/*
 * highmem=SIZE (Linux's x86-32 parameter): make the top SIZE of RAM below
 * MAXMEM ZONE_HIGHMEM. Linux gets highmem from RAM above 896 MiB; kmlab
 * maps RAM up to 3.5 GiB, so it has highmem only when asked.
 */
static unsigned long long highmem_bytes;

unsigned long highstart_pfn = MAXMEM >> PAGE_SHIFT;
unsigned long highend_pfn = MAXMEM >> PAGE_SHIFT;

/* SIZE: decimal with an optional K, M or G suffix (binary units). */
static int __init parse_highmem(const char *val)
{
	static const char units[] = "KMG";
	unsigned long long n = 0;
	const char *s = val, *unit;

	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (unsigned int)(*s - '0');
		if (n > MAXMEM)
			return -ERANGE;
	}
	if (s == val)
		return -EINVAL;
	if (*s && (unit = strchr(units, *s & ~0x20)) != NULL) {
		n <<= 10 * (unit - units + 1);
		s++;
	}
	if (*s)
		return -EINVAL;
	highmem_bytes = n;
	return 0;
}
early_param("highmem", parse_highmem);

/**
 * reserve_highmem - take the RAM highmem= asks for out of the identity map
 *
 * The highmem range is whole 4 MiB pages (one pgd entry each) ending at
 * the last 4 MiB boundary below the top of RAM (and below MAXMEM): its
 * pgd entries are cleared, so a stray access faults, and it is reserved in
 * memblock, so no boot allocation and no backend without zones takes it;
 * the buddy allocator gives it to ZONE_HIGHMEM (highstart_pfn ..
 * highend_pfn). RAM above the range, less than 4 MiB, is reserved and not
 * used (said in one line). Context: boot, after the memory map is in
 * memblock, before memblock_finalize().
 */
void reserve_highmem(void)
{
	phys_addr_t top = 0, start, end, tail;

	if (!highmem_bytes)
		return;
	for (unsigned int i = 0; i < memblock_memory.cnt; i++) {
		const struct memblock_region *r = &memblock_memory.regions[i];

		if (r->base < MAXMEM)
			top = max(top,
				  min(r->base + r->size, (phys_addr_t)MAXMEM));
	}
	end = ALIGN_DOWN(top, (phys_addr_t)PGDIR_SIZE);
	start = highmem_bytes < end ? ALIGN_DOWN(end - highmem_bytes,
						 (phys_addr_t)PGDIR_SIZE) :
				      0;
	/* Keep at least 16 MiB of lowmem: the kernel, mem_map, the heap. */
	if (start < (16U << 20)) {
		pr_warn("highmem: highmem=%lluM leaves less than 16 MiB of lowmem: ignored\n",
			highmem_bytes >> 20);
		return;
	}
	tail = top - end;
	memblock_reserve(start, top - start);
	for (phys_addr_t a = start; a < end; a += PGDIR_SIZE)
		swapper_pg_dir[a >> PGDIR_SHIFT] = __pgd(0);
	__asm__ __volatile__("movl %0, %%cr3"
			     :
			     : "r"(swapper_pg_dir)
			     : "memory");
	highstart_pfn = start >> PAGE_SHIFT;
	highend_pfn = end >> PAGE_SHIFT;
	pr_info("highmem: %llu MiB at %#llx-%#llx, not mapped (%llu KiB above it unused)\n",
		(end - start) >> 20, start, end - 1, tail >> 10);
}
#endif
