// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's page tables: walk, map, unmap, translate, free when empty.
 *
 * Written over <asm/pgtable.h>'s accessors, as Linux's generic walkers
 * (mm/vmalloc.c: vmap_range_noflush(), vmap_pages_range_noflush(),
 * vunmap_range_noflush(); arch/x86: lookup_address(), slow_virt_to_phys())
 * are over the architecture's. kmlab pages with two levels (pgd -> pte:
 * Gorman, "Understanding the Linux Virtual Memory Manager", chapter 3), so
 * each walk is one loop over pgd entries and one over ptes.
 *
 * What may change after boot: only the vmalloc area, VMALLOC_START ..
 * VMALLOC_END. The rest is the boot identity map (arch/i386/kernel/
 * paging.c), mostly 4 MiB pages, which the map and unmap calls refuse to
 * touch (-EINVAL), so they never meet a large page.
 *
 * Page tables are pages from the page allocator (get_zeroed_page(), which
 * every backend serves: mm/page_alloc.c, Documentation/mm/page-sources.rst),
 * allocated when a mapping first needs one. Each table's count of present
 * ptes is kept in pte_count[] by its pgd index (Linux's x86 keeps none and
 * never frees kernel page tables; kmlab does, to show the whole life of a
 * table); free_pgtables_kernel() frees the tables whose count is 0. Before
 * a table's page is reused its pgd entry must be gone from every
 * translation cache, so the pgd entries are cleared first, then one full
 * TLB flush, then the pages are freed: Linux's mmu_gather order
 * (tlb_remove_table()) for user page tables. free_pgd_range() does that
 * for any page directory: address spaces free their tables with it too
 * (mm/memory.c, when the last VMA over a table is unmapped).
 *
 * Unmapping clears ptes without a flush (vunmap_range_noflush(), for
 * vmalloc's lazy purge) or with one (vunmap_range()).
 *
 * Locking: the vmalloc area's page tables, their pte_count[] and
 * nr_pagetable change under init_mm_page_table_lock (Linux's
 * init_mm.page_table_lock, which it takes to install a kernel page
 * table): two CPUs mapping areas in one 4 MiB range would otherwise both
 * allocate its table, or count a pte the other just cleared. The lock is
 * held over a whole map or unmap call and over free_pgtables_kernel(),
 * whose TLB flush shoots the other CPUs down by NMI (arch/i386/mm/tlb.c),
 * so waiting for the lock with interrupts off cannot deadlock; it nests
 * inside vmalloc's vmap_area_lock and outside the heap's lock (page
 * tables come from the page allocator). set_current_mm() copies the
 * kernel's pgd entries into an address space under it too, so it never
 * copies an entry free_pgtables_kernel() is clearing. Walks that only read
 * (lookup_address()) take nothing: an entry is one aligned word.
 */
#include <kmlab/pgtable.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/errno.h>
#include <kmlab/spinlock.h>
#include <kmlab/smp.h>
#include "memory.h"

/* Present ptes in the page table of each pgd entry of the vmalloc area. */
static u16 pte_count[PTRS_PER_PGD];
static unsigned long nr_pagetable;
static DEFINE_SPINLOCK(init_mm_page_table_lock);

/**
 * nr_pagetable_pages - pages the kernel holds as page tables it allocated
 *
 * The boot tables (swapper_pg_dir and the first 4 MiB's table) are not
 * counted. Linux's NR_PAGETABLE. Context: any. Return: the count.
 */
unsigned long nr_pagetable_pages(void)
{
	return nr_pagetable;
}

/**
 * lookup_address - find the entry that maps a kernel address
 * @address: any virtual address
 * @level: out: PG_LEVEL_4K for a pte, PG_LEVEL_4M for a large pgd entry,
 *         PG_LEVEL_NONE when there is no page table
 *
 * As Linux's x86 lookup_address(): the entry is returned whether or not
 * it is present (check pte_present()); a large page's pgd entry is
 * returned as a pte_t (the formats agree on the present, RW and frame
 * bits). Context: any; reads only.
 * Return: the entry, or NULL when the pgd entry is not present.
 */
pte_t *lookup_address(unsigned long address, unsigned int *level)
{
	pgd_t *pgd = pgd_offset_k(address);

	*level = PG_LEVEL_NONE;
	if (!pgd_present(*pgd))
		return NULL;
	if (pgd_large(*pgd)) {
		*level = PG_LEVEL_4M;
		return (pte_t *)pgd;
	}
	*level = PG_LEVEL_4K;
	return pte_offset_kernel(pgd, address);
}

/**
 * slow_virt_to_phys - translate a kernel address through the page tables
 * @address: any virtual address
 *
 * Walks the tables as the MMU does (Linux's slow_virt_to_phys()), where
 * virt_to_phys() of the identity map would only subtract nothing: the one
 * answer for vmalloc and vmap addresses. Context: any; reads only.
 * Return: the physical address, or PHYS_ADDR_MAX when @address is not
 * mapped.
 */
phys_addr_t slow_virt_to_phys(const void *address)
{
	unsigned long addr = (unsigned long)address;
	unsigned int level;
	pte_t *pte = lookup_address(addr, &level);

	if (!pte || !pte_present(*pte))
		return PHYS_ADDR_MAX;
	if (level == PG_LEVEL_4M)
		return (pte_val(*pte) & PGDIR_MASK) | (addr & ~PGDIR_MASK);
	return PFN_PHYS(pte_pfn(*pte)) | (addr & ~PAGE_MASK);
}

/* A page-aligned, non-empty range inside the vmalloc area. */
static bool range_ok(unsigned long addr, unsigned long end)
{
	return IS_ALIGNED(addr | end, PAGE_SIZE) && addr < end &&
	       addr >= VMALLOC_START && end <= VMALLOC_END;
}

/*
 * The pte for @addr, allocating its page table; under
 * init_mm_page_table_lock. Return: NULL: no memory.
 */
static pte_t *pte_alloc_kernel(unsigned long addr)
{
	pgd_t *pgd = pgd_offset_k(addr);

	if (pgd_none(*pgd)) {
		unsigned long table =
			get_zeroed_page(GFP_KERNEL | __GFP_NOWARN);

		if (!table)
			return NULL;
		nr_pagetable++;
		pte_count[pgd_index(addr)] = 0;
		set_pgd(pgd, __pgd(table | _KERNPG_TABLE));
	}
	return pte_offset_kernel(pgd, addr);
}

/*
 * Map [@addr, @end) to the frames of @pages, or from @pfn on when @pages
 * is NULL. A pte that is present already stops it with -EBUSY (Linux
 * WARNs: someone else's mapping), as does no memory with -ENOMEM; what
 * this call mapped is then unmapped again, flushed and its new tables
 * freed.
 */
static int vmap_ptes(unsigned long addr, unsigned long end, pgprot_t prot,
		     struct page **pages, unsigned long pfn)
{
	unsigned long start = addr;
	int err = 0;

	if (!range_ok(addr, end))
		return -EINVAL;
	spin_lock(&init_mm_page_table_lock);
	for (unsigned long i = 0; addr < end; addr += PAGE_SIZE, i++) {
		pte_t *pte = pte_alloc_kernel(addr);

		if (!pte) {
			err = -ENOMEM;
			break;
		}
		if (!pte_none(*pte)) {
			err = -EBUSY;
			break;
		}
		set_pte(pte,
			pfn_pte(pages ? page_to_pfn(pages[i]) : pfn + i, prot));
		pte_count[pgd_index(addr)]++;
	}
	spin_unlock(&init_mm_page_table_lock);
	if (err && addr > start)
		vunmap_range(start, addr);
	else if (err)
		free_pgtables_kernel(start, end);
	return err;
}

/**
 * vmap_range - map a physically contiguous range into the vmalloc area
 * @addr: first virtual address, page aligned, >= VMALLOC_START
 * @end: one past the last, page aligned, <= VMALLOC_END
 * @phys_addr: physical address mapped at @addr, page aligned
 * @prot: PAGE_KERNEL, PAGE_KERNEL_RO or other pte bits
 *
 * Linux's vmap_range() (under ioremap_page_range()): page tables are
 * allocated as needed, no flush is needed (only not-present ptes change).
 * Context: process (allocates page tables); any CPU.
 * Return: 0; -EINVAL for a range that is empty, not page aligned or not
 * inside the vmalloc area; -EBUSY when a page is mapped already; -ENOMEM
 * when a page table cannot be allocated. On error nothing stays mapped.
 */
int vmap_range(unsigned long addr, unsigned long end, phys_addr_t phys_addr,
	       pgprot_t prot)
{
	if (!IS_ALIGNED(phys_addr, PAGE_SIZE) ||
	    phys_addr + (end - addr) > (1ULL << 32))
		return -EINVAL;
	return vmap_ptes(addr, end, prot, NULL, PFN_DOWN(phys_addr));
}

/**
 * vmap_pages_range - map an array of pages contiguously into the vmalloc area
 * @addr: first virtual address, page aligned, >= VMALLOC_START
 * @end: one past the last, page aligned, <= VMALLOC_END
 * @prot: PAGE_KERNEL, PAGE_KERNEL_RO or other pte bits
 * @pages: (@end - @addr) / PAGE_SIZE struct pages, in any physical order
 *
 * Linux's vmap_pages_range(): the heart of vmalloc() and vmap().
 * Context: process; any CPU. Return: as vmap_range().
 */
int vmap_pages_range(unsigned long addr, unsigned long end, pgprot_t prot,
		     struct page **pages)
{
	return vmap_ptes(addr, end, prot, pages, 0);
}

/**
 * vunmap_range_noflush - clear the ptes of a range, no TLB flush
 * @start: first virtual address, page aligned, >= VMALLOC_START
 * @end: one past the last, page aligned, <= VMALLOC_END
 *
 * Ptes that are not present are skipped; page tables stay, even empty
 * (free_pgtables_kernel() frees them after a flush). The old
 * translations may live on in the TLB until the caller flushes
 * (vmalloc's lazy purge). A range outside the vmalloc area is ignored.
 * Linux's vunmap_range_noflush(). Context: any but NMI; any CPU.
 */
void vunmap_range_noflush(unsigned long start, unsigned long end)
{
	if (!range_ok(start, end))
		return;
	spin_lock(&init_mm_page_table_lock);
	for (unsigned long addr = start; addr < end;) {
		pgd_t *pgd = pgd_offset_k(addr);
		unsigned long next = min((addr + PGDIR_SIZE) & PGDIR_MASK, end);

		if (pgd_present(*pgd)) {
			pte_t *pte = pte_offset_kernel(pgd, addr);

			for (; addr < next; addr += PAGE_SIZE, pte++) {
				if (pte_none(*pte))
					continue;
				pte_clear(pte);
				pte_count[pgd_index(addr)]--;
			}
		}
		addr = next;
	}
	spin_unlock(&init_mm_page_table_lock);
}

/**
 * vunmap_range - unmap a range, flush its translations, free empty tables
 * @start: first virtual address, page aligned, >= VMALLOC_START
 * @end: one past the last, page aligned, <= VMALLOC_END
 *
 * vunmap_range_noflush(), flush_tlb_kernel_range(), then
 * free_pgtables_kernel() for the tables the range touched. Linux's
 * vunmap_range(). Context: any but NMI; any CPU.
 */
void vunmap_range(unsigned long start, unsigned long end)
{
	vunmap_range_noflush(start, end);
	flush_tlb_kernel_range(start, end);
	free_pgtables_kernel(start, end);
}

/**
 * free_pgd_range - free the page tables of a directory that map nothing
 * @pgd_dir: the page directory: swapper_pg_dir or an mm's
 * @start: first virtual address, bytes
 * @end: one past the last, bytes
 * @unused: says whether the page table of the pgd entry at an address
 *          (PGDIR_SIZE aligned) maps nothing and may go; called with @arg
 * @arg: passed to @unused
 * @flush: flush the TLB before the pages are freed (the directory is in
 *         use on this CPU)
 * @alias: a directory holding copies of @pgd_dir's entries (the kernel's
 *         entries in the address space in use, kthread_use_mm()), whose
 *         copies of the entries cleared are cleared too; NULL: none
 *
 * Every present, non-large pgd entry in [@start, @end) whose table
 * @unused accepts is cleared (in @alias too, where it points to the same
 * table); after one flush_tlb_all() (so no
 * translation cache still walks through a table) the tables' pages go
 * back to the page allocator. The unlinked tables are chained through
 * their own first word meanwhile, as Linux's mmu_gather batches them
 * (tlb_remove_table(); free_pgd_range() of mm/memory.c). The caller
 * clamps the range to the part of the directory it owns.
 * Context: process; callers serialise.
 * Return: the number of page tables freed.
 */
unsigned int free_pgd_range(pgd_t *pgd_dir, unsigned long start,
			    unsigned long end,
			    bool (*unused)(unsigned long addr, void *arg),
			    void *arg, bool flush, pgd_t *alias)
{
	unsigned long batch = 0;
	unsigned int freed = 0;

	for (unsigned long addr = start & PGDIR_MASK; addr < end;
	     addr += PGDIR_SIZE) {
		pgd_t *pgd = pgd_dir + pgd_index(addr);
		unsigned long *table;

		if (!pgd_present(*pgd) || pgd_large(*pgd) || !unused(addr, arg))
			continue;
		table = (unsigned long *)pgd_page_vaddr(*pgd);
		if (alias && pgd_val(alias[pgd_index(addr)]) == pgd_val(*pgd))
			set_pgd(&alias[pgd_index(addr)], __pgd(0));
		set_pgd(pgd, __pgd(0));
		*table = batch;
		batch = (unsigned long)table;
	}
	if (batch && flush)
		flush_tlb_all();
	while (batch) {
		unsigned long table = batch;

		batch = *(unsigned long *)table;
		*(unsigned long *)table = 0;
		free_page(table);
		freed++;
	}
	return freed;
}

/* free_pgd_range()'s test for the kernel: no present pte in the table. */
static bool kernel_table_unused(unsigned long addr, void *arg)
{
	return !pte_count[pgd_index(addr)];
}

void set_current_mm(struct mm_struct *mm)
{
	spin_lock(&init_mm_page_table_lock);
	if (mm)
		for (unsigned int i = 0; i < PTRS_PER_PGD; i++)
			if (i < pgd_index(TASK_UNMAPPED_BASE) ||
			    i >= pgd_index(TASK_SIZE))
				mm->pgd[i] = swapper_pg_dir[i];
	current_mm_cpu = smp_processor_id();
	current_mm = mm;
	spin_unlock(&init_mm_page_table_lock);
}

/**
 * free_pgtables_kernel - free the vmalloc area's page tables that map nothing
 * @start: first virtual address, bytes
 * @end: one past the last, bytes
 *
 * Every page table of a pgd entry in [@start, @end) (clamped to the
 * vmalloc area) with no present pte is freed by free_pgd_range(), after a
 * full TLB flush, and unlinked from the address space in use as well
 * (which copied the kernel's entries: it would walk a freed page).
 * Context: any but NMI; any CPU (takes init_mm_page_table_lock).
 * Return: the number of page tables freed.
 */
unsigned int free_pgtables_kernel(unsigned long start, unsigned long end)
{
	struct mm_struct *mm;
	unsigned int freed;

	spin_lock(&init_mm_page_table_lock);
	/* Its copies go under its lock: vmalloc_sync_one() copies entries. */
	mm = current_mm;
	if (mm)
		spin_lock(&mm->page_table_lock);
	freed = free_pgd_range(swapper_pg_dir, max(start, VMALLOC_START),
			       min(end, VMALLOC_END), kernel_table_unused, NULL,
			       true, mm ? mm->pgd : NULL);
	if (mm)
		spin_unlock(&mm->page_table_lock);
	nr_pagetable -= freed;
	spin_unlock(&init_mm_page_table_lock);
	return freed;
}
