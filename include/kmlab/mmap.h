/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address spaces: struct mm_struct with its own page directory and a tree
 * of VMAs (mm/mmap.c), served by the page-fault path (mm/memory.c):
 * anonymous memory on demand, the zero page for reads, copy-on-write after
 * dup_mm(). Built where the architecture pages (CONFIG_MMU).
 * Documentation/mm/mmap.rst.
 */
#ifndef _KMLAB_MMAP_H
#define _KMLAB_MMAP_H

#include <kmlab/types.h>

#ifdef CONFIG_MMU
#include <kmlab/rbtree.h>
#include <kmlab/spinlock.h>
#include <asm/pgtable.h>

/* mmap()'s protections and flags, Linux's values. */
#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20

/* An errno returned as an address (Linux's IS_ERR_VALUE()). */
#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-4095)

/* vm_flags: what the VMA allows (Linux's VM_READ, VM_WRITE). */
#define VM_READ 0x1UL
#define VM_WRITE 0x2UL

/**
 * struct vm_area_struct - one range of an address space with one protection
 * @vm_start: first address, page aligned
 * @vm_end: first address past the range, page aligned
 * @vm_flags: VM_READ, VM_WRITE
 * @vm_mm: the address space it belongs to
 * @vm_prev: the VMA below it in address order, NULL for the lowest (Linux
 *           before 6.1 kept this list beside the tree)
 * @vm_rb: node in @vm_mm's tree, ordered by address (ranges never overlap)
 * @rb_subtree_gap: the largest free gap below a VMA of this subtree, bytes
 *                  (a VMA's gap: from @vm_prev's end, or
 *                  TASK_UNMAPPED_BASE, to its start)
 */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_flags;
	struct mm_struct *vm_mm;
	struct vm_area_struct *vm_prev;
	struct rb_node vm_rb;
	unsigned long rb_subtree_gap;
};

/**
 * struct mm_fault_stats - what the page-fault path did in one address space
 * @nr_faults: faults handled (all kinds below, and bad accesses)
 * @nr_zero: read faults served with the shared zero page
 * @nr_anon: write faults that allocated a zeroed page
 * @nr_cow: write faults that copied a shared page (copy-on-write)
 * @nr_reuse: write faults on a write-protected page nobody else maps
 *            (made writable in place)
 * @nr_bad: accesses refused (outside any VMA, or not allowed by it)
 */
struct mm_fault_stats {
	unsigned long nr_faults;
	unsigned long nr_zero;
	unsigned long nr_anon;
	unsigned long nr_cow;
	unsigned long nr_reuse;
	unsigned long nr_bad;
};

/**
 * struct mm_struct - an address space
 * @pgd: its page directory (one page): the kernel's entries, copied when
 *       it is put in use, and its own page tables for
 *       TASK_UNMAPPED_BASE .. TASK_SIZE
 * @mm_rb: its VMAs, an rbtree by address augmented with rb_subtree_gap
 *         (Linux 3.8 to 6.1; 6.1 moved to the maple tree)
 * @map_count: number of VMAs
 * @nr_ptes: page tables of the window it holds (Linux's
 *           mm_pgtables_bytes() / PAGE_SIZE)
 * @stats: fault counts
 * @mmap_lock: serialises the VMA tree, the page tables of the window,
 *             @map_count, @nr_ptes and @stats: do_mmap(), do_munmap(),
 *             do_mprotect(), dup_mm() (of the source) and the page-fault
 *             path take it (Linux's mmap_lock, an rwsem taken for read by
 *             faults; kmlab has no sleeping lock, so it is a spinlock and
 *             faults take it whole)
 * @page_table_lock: serialises changes of @pgd's entries: a page table
 *                   installed by a fault, and the kernel's entries copied
 *                   in by a vmalloc fault or cleared when the vmalloc area
 *                   frees a table (Linux's mm->page_table_lock)
 */
struct mm_struct {
	pgd_t *pgd;
	struct rb_root mm_rb;
	int map_count;
	unsigned long nr_ptes;
	struct mm_fault_stats stats;
	spinlock_t mmap_lock;
	spinlock_t page_table_lock;
};

/**
 * mm_alloc - a new, empty address space
 *
 * Context: process. Return: the mm, or NULL when out of memory.
 */
struct mm_struct *mm_alloc(void);

/**
 * mmput - free an address space: its VMAs, pages, page tables, directory
 * @mm: an mm that is not in use (kthread_unuse_mm()), or NULL
 */
void mmput(struct mm_struct *mm);

/**
 * dup_mm - copy an address space as fork() does
 * @oldmm: the address space to copy
 *
 * Every VMA is copied; the pages are shared, not copied: each present pte
 * of a writable VMA is write-protected in both address spaces and the
 * page's _refcount raised, so the first write on either side copies it
 * (do_wp_page()). Context: process.
 * Return: the copy, or NULL when out of memory (nothing changed in @oldmm
 * that a later write fault would not undo).
 */
struct mm_struct *dup_mm(struct mm_struct *oldmm);

/**
 * find_vma - the first VMA that ends above @addr
 * @mm: the address space
 * @addr: any address
 *
 * As Linux's: the VMA containing @addr, or the next one above it.
 * Return: the VMA, or NULL when none ends above @addr. O(log n).
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

/**
 * validate_mm - check an address space's VMA tree
 * @mm: the address space
 *
 * In address order: each VMA non-empty, inside the window, above the one
 * before it, linked to it by vm_prev and to @mm by vm_mm; each node's
 * rb_subtree_gap the largest of its own gap and its children's; as many
 * VMAs as map_count. Each violation is printed by
 * kmalloc_validate_fail() ("kmalloc: validate: mm: ..."). Linux's
 * validate_mm() under CONFIG_DEBUG_VM_RB. Context: any; reads only.
 * Return: the number of violations, 0 for a sound tree.
 */
int validate_mm(struct mm_struct *mm);

/**
 * do_mmap - map anonymous memory
 * @mm: the address space
 * @addr: with MAP_FIXED, where (page aligned); else ignored
 * @len: bytes, > 0 (rounded up to pages)
 * @prot: PROT_NONE, PROT_READ or PROT_READ | PROT_WRITE
 * @flags: MAP_PRIVATE | MAP_ANONYMOUS, and MAP_FIXED to replace what is
 *         mapped at @addr
 *
 * Without MAP_FIXED, takes the lowest free range from TASK_UNMAPPED_BASE
 * (O(log n) in the number of VMAs: the tree's rb_subtree_gap).
 * Maps nothing yet: the first access to each page faults it in. A new VMA
 * that touches a neighbour with the same flags is merged into it.
 * Return: the address, or a negative errno cast to unsigned long
 * (IS_ERR_VALUE()): -EINVAL for a bad length, address, protection or flag,
 * -ENOMEM when no free range is large enough or memory is out.
 */
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr,
		      unsigned long len, unsigned long prot,
		      unsigned long flags);

/**
 * do_munmap - unmap a range, splitting the VMAs it cuts
 * @mm: the address space
 * @start: page aligned
 * @len: bytes, > 0 (rounded up to pages)
 *
 * Pages mapped in the range lose a reference (freed at 0); a VMA that
 * extends past either end is split first; a page table that no VMA
 * overlaps any more is freed (@mm->nr_ptes drops). Nothing mapped:
 * nothing done.
 * Return: 0, or -EINVAL for a bad range, -ENOMEM when a split cannot
 * allocate its VMA (nothing changed).
 */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);

/**
 * do_mprotect - change the protection of a range
 * @mm: the address space
 * @start: page aligned
 * @len: bytes, > 0 (rounded up to pages)
 * @prot: PROT_NONE, PROT_READ or PROT_READ | PROT_WRITE
 *
 * The range must be mapped throughout. VMAs are split at @start and at
 * the end, get the new flags, and merge with neighbours that match;
 * removing PROT_WRITE write-protects the present ptes at once; PROT_NONE
 * makes them PROT_NONE ptes (not present, the page kept: any access
 * faults as a bad access), and a later PROT_READ makes them present
 * again, read-only (a write then faults and makes the page writable, or
 * copies it if it is shared).
 * Return: 0, -EINVAL for a bad range or protection, -ENOMEM when part of
 * the range is not mapped or a split cannot allocate (nothing changed).
 */
int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot);

/**
 * kthread_use_mm - run the calling code in @mm
 * @mm: the address space
 *
 * Copies the kernel's page-directory entries into @mm's (so that the
 * kernel's memory stays mapped) and loads its directory into CR3; the
 * page-fault path then serves @mm's VMAs. Context: process, on the CPU
 * that runs ktest's cases; not nested.
 */
void kthread_use_mm(struct mm_struct *mm);

/**
 * kthread_unuse_mm - back to the kernel's page directory
 * @mm: the address space kthread_use_mm() put in use
 */
void kthread_unuse_mm(struct mm_struct *mm);

/**
 * handle_mm_fault - serve a page fault in the address space in use
 * @addr: the faulting address (CR2)
 * @write: the access was a write
 *
 * Called by the architecture's fault handler for every page fault. Serves
 * the VMAs of the mm in use (demand-zero, zero page, copy-on-write), and
 * the vmalloc area's page-directory entries the mm has not copied yet.
 * An access outside any VMA or against its protection is reported
 * ("mm: bad access: ...") and refused.
 * Return: 0 when the access can be retried, -EFAULT when the fault is a
 * bug (the caller oopses: inside a ktest case the case fails),
 * -ENOMEM when a page or page table could not be allocated (reported).
 */
int handle_mm_fault(unsigned long addr, bool write);

/**
 * mm_describe_addr - say why an access to @addr in the mm in use is bad
 * @addr: the faulting address
 * @write: the access was a write
 * @buf: where the text goes ("write at 0x...: VMA not writable (VMA
 *       0x...-0x... r-)", "read at 0x...: no VMA")
 * @size: bytes at @buf
 *
 * For fault reports (ktest's, and handle_mm_fault()'s own line).
 * Return: the length written, 0 when no mm is in use or @addr is outside
 * its window.
 */
int mm_describe_addr(unsigned long addr, bool write, char *buf, size_t size);
#else
/* Without paging there are no address spaces: nothing to describe. */
static inline int mm_describe_addr(unsigned long addr, bool write, char *buf,
				   size_t size)
{
	return 0;
}
#endif /* CONFIG_MMU */

#endif /* _KMLAB_MMAP_H */
