// SPDX-License-Identifier: GPL-2.0
/*
 * The page-fault path of address spaces: demand paging of anonymous
 * memory and copy-on-write, with the page tables behind them.
 *
 * Source: Linux's mm/memory.c (handle_mm_fault(), do_anonymous_page(),
 * do_wp_page(), zap_pte_range(), copy_pte_range()) and
 * arch/x86/mm/fault.c (vmalloc_fault() of 32-bit kernels); Gorman,
 * "Understanding the Linux Virtual Memory Manager", chapter 4 ("Process
 * Address Space", page faulting and COW).
 *
 * An mm's page directory holds the kernel's entries (copied at
 * kthread_use_mm(), and entry by entry when the vmalloc area grows a page
 * table later: vmalloc_sync_one()) and its own page tables for
 * TASK_UNMAPPED_BASE .. TASK_SIZE, allocated on the first fault in each
 * 4 MiB (mm->nr_ptes counts them) and freed as soon as no VMA overlaps
 * their 4 MiB any more (free_pgtables(), after do_munmap() and in
 * mmput()): Linux's free_pgtables() with the floor and ceiling of the
 * neighbouring VMAs. Ptes exist only inside VMAs (a VMA's ptes are
 * zapped before it goes), so such a table maps nothing.
 *
 * A fault in a VMA:
 *  - no pte, read: map the zero page (one page of zeros the whole kernel
 *    shares) read-only;
 *  - no pte, write: a zeroed page of its own (GFP_HIGHUSER: highmem is
 *    fine, the kernel reaches it through this mapping and kmap), writable,
 *    _refcount 1;
 *  - a read-only pte, write, VMA writable (do_wp_page()): the zero page
 *    or a page others map too (_refcount > 1, after dup_mm()) is copied to
 *    a new page; a page only this pte maps is made writable in place.
 * Anything else is a bad access (any access to a PROT_NONE VMA among
 * them): reported, counted, and the fault goes back to the architecture,
 * which oopses (and ktest fails the case).
 *
 * mprotect(PROT_NONE) turns present ptes into PROT_NONE ptes (not
 * present, frame kept, _PAGE_PROTNONE: Linux's), which every walk here
 * treats as mapping their page (pte_mapped()); mprotect back to
 * PROT_READ makes them present and read-only again.
 *
 * One address space is in use at a time, on one CPU (kthread_use_mm());
 * other CPUs may change it meanwhile (do_mmap(), do_munmap(),
 * do_mprotect(), dup_mm()). Locking, as Linux's but with spinlocks:
 *  - handle_mm_fault() holds mm->mmap_lock from find_vma() to the pte it
 *    sets, as do the VMA operations (mm/mmap.c): the VMA found stays, and
 *    the ptes of the window and the fault counts change under it;
 *  - mm->page_table_lock guards the page directory's entries: a page
 *    table installed (allocated before the lock is taken, freed again if
 *    another CPU installed one first, as Linux's __pte_alloc()), a kernel
 *    entry copied in by vmalloc_sync_one() (which holds no mmap_lock) or
 *    cleared by free_pgtables_kernel() on any CPU;
 *  - a page's _refcount is atomic: two address spaces sharing a page after
 *    dup_mm() may drop it on two CPUs at once;
 *  - a pte changed in an mm in use on another CPU is flushed there too
 *    (flush_tlb_others(), Linux's flush_tlb_mm_range() IPI).
 */
#include <kmlab/gfp.h>
#include <kmlab/highmem.h>
#include <kmlab/mm.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include <kmlab/smp.h>
#include <kmlab/pgtable.h>
#include <asm/tlbflush.h>
#include "memory.h"

struct mm_struct *current_mm;
unsigned int current_mm_cpu;

static const u8 empty_zero_page[PAGE_SIZE] __aligned(PAGE_SIZE);

unsigned long zero_pfn(void)
{
	return (unsigned long)empty_zero_page >> PAGE_SHIFT;
}

static bool in_window(unsigned long addr)
{
	return addr >= TASK_UNMAPPED_BASE && addr < TASK_SIZE;
}

/*
 * The pte of @addr in @mm; with @alloc, its page table is made if needed.
 * Under @mm's mmap_lock.
 */
static pte_t *mm_pte(struct mm_struct *mm, unsigned long addr, bool alloc)
{
	pgd_t *pgd = mm->pgd + pgd_index(addr);

	if (pgd_none(*pgd)) {
		unsigned long table;

		if (!alloc)
			return NULL;
		table = get_zeroed_page(GFP_KERNEL);
		if (!table)
			return NULL;
		spin_lock(&mm->page_table_lock);
		if (pgd_none(*pgd)) {
			mm->nr_ptes++;
			set_pgd(pgd, __pgd(table | _KERNPG_TABLE));
			table = 0;
		}
		spin_unlock(&mm->page_table_lock);
		if (table)
			free_page(table);
	}
	return pte_offset_kernel(pgd, addr);
}

/* A pte of @mm changed: flush it where @mm is in use. */
static void flush_mm_page(struct mm_struct *mm, unsigned long addr)
{
	if (mm != current_mm)
		return;
	if (smp_processor_id() == current_mm_cpu)
		flush_tlb_one_kernel(addr);
#ifdef CONFIG_SMP
	else
		flush_tlb_others();
#endif
}

static struct page *pte_page(pte_t pte)
{
	return pte_pfn(pte) == zero_pfn() ? NULL : pfn_to_page(pte_pfn(pte));
}

static void put_anon_page(struct page *page)
{
	if (page && !__atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_ACQ_REL))
		__free_page(page);
}

/* A pte that maps a page: present, or PROT_NONE (the page kept). */
static bool pte_mapped(pte_t pte)
{
	return pte_present(pte) || pte_protnone(pte);
}

/* Call @fn on every mapped pte of [@start, @end) in @mm, then flush it. */
static void for_each_mapped_pte(struct mm_struct *mm, unsigned long start,
				unsigned long end, void (*fn)(pte_t *pte))
{
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *pte = mm_pte(mm, addr, false);

		if (!pte || !pte_mapped(*pte))
			continue;
		fn(pte);
		flush_mm_page(mm, addr);
	}
}

static void zap_pte(pte_t *pte)
{
	put_anon_page(pte_page(*pte));
	pte_clear(pte);
}

static void wrprotect_pte(pte_t *pte)
{
	set_pte(pte, __pte(pte_val(*pte) & ~_PAGE_RW));
}

/* Present -> PROT_NONE: not present, the frame kept, read-only. */
static void protnone_pte(pte_t *pte)
{
	set_pte(pte, __pte((pte_val(*pte) | _PAGE_PROTNONE) &
			   ~(_PAGE_PRESENT | _PAGE_RW)));
}

/* PROT_NONE -> present, read-only (a write fault decides the rest). */
static void unprotnone_pte(pte_t *pte)
{
	set_pte(pte, __pte((pte_val(*pte) | _PAGE_PRESENT) &
			   ~(_PAGE_PROTNONE | _PAGE_RW)));
}

void zap_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end)
{
	for_each_mapped_pte(mm, start, end, zap_pte);
}

void change_protection(struct mm_struct *mm, unsigned long start,
		       unsigned long end, unsigned long old_flags,
		       unsigned long new_flags)
{
	void (*fn)(pte_t * pte) = NULL;

	if (!(new_flags & VM_READ))
		fn = protnone_pte;
	else if (!(old_flags & VM_READ))
		fn = unprotnone_pte;
	else if (!(new_flags & VM_WRITE))
		fn = wrprotect_pte;
	if (fn)
		for_each_mapped_pte(mm, start, end, fn);
}

int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    unsigned long start, unsigned long end)
{
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *from = mm_pte(src, addr, false), *to;

		if (!from || !pte_mapped(*from))
			continue;
		to = mm_pte(dst, addr, true);
		if (!to)
			return -ENOMEM;
		if (pte_write(*from)) {
			set_pte(from, __pte(pte_val(*from) & ~_PAGE_RW));
			flush_mm_page(src, addr);
		}
		if (pte_page(*from))
			__atomic_fetch_add(&pte_page(*from)->_refcount, 1,
					   __ATOMIC_RELAXED);
		set_pte(to, *from);
	}
	return 0;
}

/* free_pgd_range()'s test for an mm: no VMA overlaps the table's 4 MiB. */
static bool no_vma_over(unsigned long addr, void *mm)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return !vma || vma->vm_start >= addr + PGDIR_SIZE;
}

void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	mm->nr_ptes -= free_pgd_range(mm->pgd, max(start, TASK_UNMAPPED_BASE),
				      min(end, TASK_SIZE), no_vma_over, mm,
				      mm == current_mm, NULL);
}

/* A new page for @vma's pte, zeroed or a copy of @from (a pfn). */
static struct page *new_anon_page(unsigned long from)
{
	struct page *page = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
	void *to;

	if (!page)
		return NULL;
	to = kmap_local_page(page);
	if (!to) {
		__free_page(page);
		return NULL;
	}
	if (from == zero_pfn())
		memset(to, 0, PAGE_SIZE);
	else {
		struct page *src = pfn_to_page(from);
		void *s = kmap_local_page(src);

		if (!s) {
			kunmap_local(to);
			__free_page(page);
			return NULL;
		}
		memcpy(to, s, PAGE_SIZE);
		kunmap_local(s);
	}
	kunmap_local(to);
	page->_refcount = 1;
	return page;
}

int mm_describe_addr(unsigned long addr, bool write, char *buf, size_t size)
{
	const char *access = write ? "write" : "read";
	struct vm_area_struct *vma;

	if (!current_mm || !in_window(addr))
		return 0;
	vma = find_vma(current_mm, addr);
	if (!vma || addr < vma->vm_start)
		return snprintf(buf, size, "%s at %#lx: no VMA", access, addr);
	return snprintf(buf, size, "%s at %#lx: VMA %s (VMA %#lx-%#lx %c%c)",
			access, addr,
			!(vma->vm_flags & VM_READ) ? "not accessible" :
			write && !(vma->vm_flags & VM_WRITE) ? "not writable" :
							       "allows it",
			vma->vm_start, vma->vm_end - 1,
			vma->vm_flags & VM_READ ? 'r' : '-',
			vma->vm_flags & VM_WRITE ? 'w' : '-');
}

static int bad_access(struct mm_struct *mm, unsigned long addr, bool write)
{
	char what[96];

	mm->stats.nr_bad++;
	mm_describe_addr(addr, write, what, sizeof(what));
	pr_err("mm: bad access: %s\n", what);
	return -EFAULT;
}

/*
 * The page tables the vmalloc area grew after the mm was put in use;
 * under page_table_lock, so that a table free_pgtables_kernel() unlinks
 * meanwhile is not copied back in.
 */
static int vmalloc_sync_one(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *k = pgd_offset_k(addr);
	int err = -EFAULT;

	spin_lock(&mm->page_table_lock);
	if (pgd_present(*k) &&
	    pgd_val(mm->pgd[pgd_index(addr)]) != pgd_val(*k)) {
		set_pgd(&mm->pgd[pgd_index(addr)], *k);
		err = 0;
	}
	spin_unlock(&mm->page_table_lock);
	return err;
}

/* do_wp_page(): a write to a present, write-protected pte. */
static int do_wp_page(struct mm_struct *mm, unsigned long addr, pte_t *pte)
{
	struct page *old = pte_page(*pte), *page;

	if (old && __atomic_load_n(&old->_refcount, __ATOMIC_ACQUIRE) == 1) {
		set_pte(pte, __pte(pte_val(*pte) | _PAGE_RW | _PAGE_DIRTY));
		mm->stats.nr_reuse++;
	} else {
		page = new_anon_page(pte_pfn(*pte));
		if (!page)
			goto oom;
		set_pte(pte, pfn_pte(page_to_pfn(page), PAGE_KERNEL));
		put_anon_page(old);
		mm->stats.nr_cow++;
	}
	flush_mm_page(mm, addr);
	return 0;
oom:
	pr_err("mm: out of memory serving a fault at %#lx\n", addr);
	return -ENOMEM;
}

/* handle_mm_fault() in the window, under mm->mmap_lock. */
static int do_user_fault(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *vma;
	struct page *page;
	pte_t *pte;

	mm->stats.nr_faults++;
	vma = find_vma(mm, addr);
	if (!vma || addr < vma->vm_start)
		return bad_access(mm, addr, write);
	/* PROT_NONE, or a write where only reads are allowed. */
	if (!(vma->vm_flags & VM_READ) ||
	    (write && !(vma->vm_flags & VM_WRITE)))
		return bad_access(mm, addr, write);
	pte = mm_pte(mm, addr, true);
	if (!pte) {
		pr_err("mm: out of memory serving a fault at %#lx\n", addr);
		return -ENOMEM;
	}
	if (pte_present(*pte)) {
		if (write && !pte_write(*pte))
			return do_wp_page(mm, addr, pte);
		flush_mm_page(mm, addr); /* spurious: a stale TLB entry */
		return 0;
	}
	if (!write) {
		set_pte(pte, pfn_pte(zero_pfn(), PAGE_KERNEL_RO));
		mm->stats.nr_zero++;
		return 0;
	}
	page = new_anon_page(zero_pfn());
	if (!page) {
		pr_err("mm: out of memory serving a fault at %#lx\n", addr);
		return -ENOMEM;
	}
	set_pte(pte, pfn_pte(page_to_pfn(page), PAGE_KERNEL));
	mm->stats.nr_anon++;
	return 0;
}

int handle_mm_fault(unsigned long addr, bool write)
{
	struct mm_struct *mm = current_mm;
	int err;

	/* Only the CPU that put the mm in use runs on its page directory. */
	if (!mm || smp_processor_id() != current_mm_cpu)
		return -EFAULT;
	if (!in_window(addr))
		return addr >= VMALLOC_START && addr < VMALLOC_END ?
			       vmalloc_sync_one(mm, addr) :
			       -EFAULT;
	spin_lock(&mm->mmap_lock);
	err = do_user_fault(mm, addr, write);
	spin_unlock(&mm->mmap_lock);
	return err;
}
