// SPDX-License-Identifier: GPL-2.0
/*
 * Address spaces and their VMAs: mm_alloc(), do_mmap(), do_munmap(),
 * do_mprotect(), dup_mm(), kthread_use_mm().
 *
 * Source: Linux's mm/mmap.c and mm/mprotect.c before 6.1 (VMAs in an
 * rbtree by address; __split_vma(), vma_merge() reduced to its two
 * neighbours), kernel/fork.c (dup_mmap()); Gorman, "Understanding the
 * Linux Virtual Memory Manager", chapter 4.
 *
 * The VMAs of an mm never overlap and are kept in an rbtree ordered by
 * address (lib/rbtree.c): find_vma() is a descent, O(log n). Linux
 * augmented that tree with the largest free gap below each node to find
 * a free range in O(log n); kmlab's windows hold a handful of VMAs, so
 * get_unmapped_area() walks them in order (rb_first/rb_next), O(n).
 *
 * Every change of a range works the same way: split the VMAs that cross
 * its ends (split_vma(), which allocates before it changes anything, so a
 * failure leaves the mm as it was), then act on the VMAs inside, then
 * merge equal neighbours back (vma_merge_range(), from the VMA before the
 * range to the one after it). Pages and page tables are mm/memory.c's;
 * do_munmap() has it free the page tables no VMA overlaps any more.
 */
#include <kmlab/mmap.h>
#include <kmlab/slab.h>
#include <kmlab/gfp.h>
#include <kmlab/errno.h>
#include <kmlab/string.h>
#include <kmlab/printk.h>
#include <kmlab/smp.h>
#include "memory.h"

static struct vm_area_struct *vma_of(struct rb_node *node)
{
	return node ? rb_entry(node, struct vm_area_struct, vm_rb) : NULL;
}

static struct vm_area_struct *vma_next(struct vm_area_struct *vma)
{
	return vma_of(rb_next(&vma->vm_rb));
}

static struct vm_area_struct *vma_prev(struct vm_area_struct *vma)
{
	return vma_of(rb_prev(&vma->vm_rb));
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct rb_node *node = mm->mm_rb.rb_node;
	struct vm_area_struct *found = NULL;

	while (node) {
		struct vm_area_struct *vma = vma_of(node);

		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr)
				break;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
}

static void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = vma->vm_start < vma_of(parent)->vm_start ?
			       &parent->rb_left :
			       &parent->rb_right;
	}
	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert_color(&vma->vm_rb, &mm->mm_rb);
	vma->vm_mm = mm;
	mm->map_count++;
}

static void vma_unlink_free(struct mm_struct *mm, struct vm_area_struct *vma)
{
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	mm->map_count--;
	kfree(vma);
}

static struct vm_area_struct *vma_new(struct mm_struct *mm, unsigned long start,
				      unsigned long end, unsigned long flags)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (!vma)
		return NULL;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma_link(mm, vma);
	return vma;
}

/*
 * Split @vma at @addr (inside it): the upper part becomes a new VMA.
 * Return: 0, or -ENOMEM with nothing changed.
 */
static int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		     unsigned long addr)
{
	unsigned long end = vma->vm_end;

	/* Shrink only after the new VMA exists; vm_start orders the tree. */
	if (!vma_new(mm, addr, end, vma->vm_flags))
		return -ENOMEM;
	vma->vm_end = addr;
	return 0;
}

/* Split the VMAs that cross @start or @end so none does. */
static int split_at(struct mm_struct *mm, unsigned long start,
		    unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && vma->vm_start < start && split_vma(mm, vma, start))
		return -ENOMEM;
	vma = find_vma(mm, end);
	if (vma && vma->vm_start < end && split_vma(mm, vma, end))
		return -ENOMEM;
	return 0;
}

/*
 * Merge the VMAs from @vma (or the one before it) up to the first one
 * starting at or above @end with the neighbour they touch when the flags
 * are the same. Each merge frees the upper VMA, so the walk never holds a
 * pointer to a VMA it may free.
 */
static void vma_merge_range(struct mm_struct *mm, struct vm_area_struct *vma,
			    unsigned long end)
{
	struct vm_area_struct *next;

	vma = vma_prev(vma) ?: vma;
	while ((next = vma_next(vma)) && vma->vm_start < end) {
		if (next->vm_start == vma->vm_end &&
		    next->vm_flags == vma->vm_flags) {
			vma->vm_end = next->vm_end;
			vma_unlink_free(mm, next);
		} else {
			vma = next;
		}
	}
}

static bool range_bad(unsigned long start, unsigned long len)
{
	return !len || start & ~PAGE_MASK || start < TASK_UNMAPPED_BASE ||
	       start > TASK_SIZE || len > TASK_SIZE - start;
}

static unsigned long prot_to_flags(unsigned long prot)
{
	if (prot == PROT_READ)
		return VM_READ;
	if (prot == (PROT_READ | PROT_WRITE))
		return VM_READ | VM_WRITE;
	return 0;
}

/* The lowest free range of @len bytes, or 0. */
static unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long len)
{
	unsigned long addr = TASK_UNMAPPED_BASE;

	for (struct vm_area_struct *vma = vma_of(rb_first(&mm->mm_rb)); vma;
	     vma = vma_next(vma)) {
		if (vma->vm_start - addr >= len)
			return addr;
		addr = vma->vm_end;
	}
	return TASK_SIZE - addr >= len ? addr : 0;
}

unsigned long do_mmap(struct mm_struct *mm, unsigned long addr,
		      unsigned long len, unsigned long prot,
		      unsigned long flags)
{
	unsigned long vm_flags = prot_to_flags(prot);
	struct vm_area_struct *vma;

	if (!len || len > TASK_SIZE - TASK_UNMAPPED_BASE || !vm_flags ||
	    (flags & ~MAP_FIXED) != (MAP_PRIVATE | MAP_ANONYMOUS))
		return (unsigned long)-EINVAL;
	len = ALIGN(len, PAGE_SIZE);
	if (flags & MAP_FIXED) {
		if (range_bad(addr, len))
			return (unsigned long)-EINVAL;
		if (do_munmap(mm, addr, len))
			return (unsigned long)-ENOMEM;
	} else {
		addr = get_unmapped_area(mm, len);
		if (!addr)
			return (unsigned long)-ENOMEM;
	}
	vma = vma_new(mm, addr, addr + len, vm_flags);
	if (!vma)
		return (unsigned long)-ENOMEM;
	vma_merge_range(mm, vma, addr + len);
	return addr;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + ALIGN(len, PAGE_SIZE);
	struct vm_area_struct *vma;

	if (range_bad(start, len))
		return -EINVAL;
	if (split_at(mm, start, end))
		return -ENOMEM;
	while ((vma = find_vma(mm, start)) && vma->vm_start < end) {
		zap_page_range(mm, vma->vm_start, vma->vm_end);
		vma_unlink_free(mm, vma);
	}
	free_pgtables(mm, start, end);
	return 0;
}

int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot)
{
	unsigned long end = start + ALIGN(len, PAGE_SIZE), vm_flags,
		      addr = start;
	struct vm_area_struct *vma;

	vm_flags = prot_to_flags(prot);
	if (range_bad(start, len) || !vm_flags)
		return -EINVAL;
	/* Mapped throughout? Check before anything changes. */
	for (vma = find_vma(mm, start); addr < end; vma = vma_next(vma)) {
		if (!vma || vma->vm_start > addr)
			return -ENOMEM;
		addr = vma->vm_end;
	}
	if (split_at(mm, start, end))
		return -ENOMEM;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma_next(vma)) {
		if (!(vm_flags & VM_WRITE))
			wrprotect_range(mm, vma->vm_start, vma->vm_end);
		vma->vm_flags = vm_flags;
	}
	vma_merge_range(mm, find_vma(mm, start), end);
	return 0;
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = (pgd_t *)get_zeroed_page(GFP_KERNEL);
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	mm->mm_rb = RB_ROOT;
	return mm;
}

void mmput(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	if (!mm)
		return;
	while ((vma = vma_of(rb_first(&mm->mm_rb)))) {
		zap_page_range(mm, vma->vm_start, vma->vm_end);
		vma_unlink_free(mm, vma);
	}
	free_pgtables(mm, TASK_UNMAPPED_BASE, TASK_SIZE);
	free_page((unsigned long)mm->pgd);
	kfree(mm);
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	for (struct vm_area_struct *vma = vma_of(rb_first(&oldmm->mm_rb)); vma;
	     vma = vma_next(vma)) {
		if (!vma_new(mm, vma->vm_start, vma->vm_end, vma->vm_flags) ||
		    copy_page_range(mm, oldmm, vma->vm_start, vma->vm_end)) {
			mmput(mm);
			return NULL;
		}
	}
	return mm;
}

void kthread_use_mm(struct mm_struct *mm)
{
	for (unsigned int i = 0; i < PTRS_PER_PGD; i++)
		if (i < pgd_index(TASK_UNMAPPED_BASE) ||
		    i >= pgd_index(TASK_SIZE))
			mm->pgd[i] = swapper_pg_dir[i];
	current_mm = mm;
	current_mm_cpu = smp_processor_id();
	__asm__ __volatile__("movl %0, %%cr3" : : "r"(mm->pgd) : "memory");
}

void kthread_unuse_mm(struct mm_struct *mm)
{
	__asm__ __volatile__("movl %0, %%cr3"
			     :
			     : "r"(swapper_pg_dir)
			     : "memory");
	current_mm = NULL;
}
