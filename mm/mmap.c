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
 * address (lib/rbtree.c): find_vma() is a descent, O(log n). Each VMA
 * also links to the one below it (vm_prev), so the free gap below it,
 * from the previous VMA's end (or TASK_UNMAPPED_BASE) to its start, is
 * known at once; the tree is augmented with the largest such gap in each
 * subtree (rb_subtree_gap), as Linux's mm_rb was from 3.8 (Michel
 * Lespinasse) to 6.1. get_unmapped_area() then finds the lowest gap that
 * fits in one descent, O(log n): left while the left subtree holds a gap
 * large enough, else this VMA's own gap, else right (Linux's
 * unmapped_area(), without its alignment and limits); the gap above the
 * highest VMA, up to TASK_SIZE, is checked last. A change of a gap (a
 * VMA linked or unlinked changes its successor's; a VMA's end that moves
 * changes its successor's) is recomputed from the successor up to the
 * root. validate_mm() checks the links and every node's
 * rb_subtree_gap.
 *
 * Every change of a range works the same way: split the VMAs that cross
 * its ends (split_vma(), which allocates before it changes anything, so a
 * failure leaves the mm as it was), then act on the VMAs inside, then
 * merge equal neighbours back (vma_merge_range(), from the VMA before the
 * range to the one after it). Pages and page tables are mm/memory.c's;
 * do_munmap() has it free the page tables no VMA overlaps any more.
 *
 * Locking: do_mmap(), do_munmap(), do_mprotect() and dup_mm() (of the mm
 * copied) hold mm->mmap_lock over their whole work, as does the page-fault
 * path (mm/memory.c), so a fault on one CPU never walks a tree another
 * CPU is rebalancing. Linux's callers take mmap_lock themselves (vm_mmap(),
 * vm_munmap()) and faults take it for read; kmlab's entry points take it
 * (there is one caller: ktest) and it is a spinlock (there is no sleeping
 * lock), so faults in one mm are served one at a time. mmput() takes
 * nothing: the mm is no one else's any more.
 */
#include <kmlab/mmap.h>
#include <kmlab/slab.h>
#include <kmlab/gfp.h>
#include <kmlab/errno.h>
#include <kmlab/string.h>
#include <kmlab/printk.h>
#include <kmlab/smp.h>
#include "memory.h"
#include "internal.h"

static struct vm_area_struct *vma_of(struct rb_node *node)
{
	return node ? rb_entry(node, struct vm_area_struct, vm_rb) : NULL;
}

static struct vm_area_struct *vma_next(struct vm_area_struct *vma)
{
	return vma_of(rb_next(&vma->vm_rb));
}

/* The free gap below @vma: from the VMA before it, or the window's start. */
static unsigned long vma_gap(const struct vm_area_struct *vma)
{
	return vma->vm_start -
	       (vma->vm_prev ? vma->vm_prev->vm_end : TASK_UNMAPPED_BASE);
}

static unsigned long subtree_gap(const struct rb_node *node)
{
	return node ? vma_of((struct rb_node *)node)->rb_subtree_gap : 0;
}

/* The rb_subtree_gap @node should have, from its gap and its children. */
static unsigned long compute_subtree_gap(const struct rb_node *node)
{
	return max(vma_gap(vma_of((struct rb_node *)node)),
		   max(subtree_gap(node->rb_left),
		       subtree_gap(node->rb_right)));
}

/* rb_augment_fn of mm_rb (Linux's vma_gap_callbacks). */
static bool vma_gap_update(struct rb_node *node)
{
	unsigned long gap = compute_subtree_gap(node);

	if (gap == vma_of(node)->rb_subtree_gap)
		return false;
	vma_of(node)->rb_subtree_gap = gap;
	return true;
}

/*
 * The gap below @vma changed (@vma may be NULL): recompute it and every
 * node above it. All the way to the root, not rb_propagate()'s stop at the
 * first node that does not change: a rotation while the gap was changing
 * may have recomputed @vma and left an ancestor stale.
 */
static void vma_gap_changed(struct vm_area_struct *vma)
{
	for (struct rb_node *node = vma ? &vma->vm_rb : NULL; node;
	     node = node->rb_parent)
		vma_gap_update(node);
}

/* Move @vma's end: the gap of the VMA after it changes too. */
static void vma_set_end(struct vm_area_struct *vma, unsigned long end)
{
	vma->vm_end = end;
	vma_gap_changed(vma_next(vma));
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
	struct vm_area_struct *next;

	while (*link) {
		parent = *link;
		link = vma->vm_start < vma_of(parent)->vm_start ?
			       &parent->rb_left :
			       &parent->rb_right;
	}
	rb_link_node(&vma->vm_rb, parent, link);
	/* In order now: the neighbours are known before the gaps are. */
	vma->vm_prev = vma_of(rb_prev(&vma->vm_rb));
	next = vma_next(vma);
	if (next)
		next->vm_prev = vma;
	rb_insert_augmented(&vma->vm_rb, &mm->mm_rb, vma_gap_update);
	vma_gap_changed(next);
	vma->vm_mm = mm;
	mm->map_count++;
}

static void vma_unlink_free(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = vma_next(vma);

	rb_erase_augmented(&vma->vm_rb, &mm->mm_rb, vma_gap_update);
	if (next) {
		next->vm_prev = vma->vm_prev;
		vma_gap_changed(next);
	}
	mm->map_count--;
	kfree(vma);
}

static struct vm_area_struct *vma_alloc(unsigned long start, unsigned long end,
					unsigned long flags)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (!vma)
		return NULL;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	return vma;
}

static struct vm_area_struct *vma_new(struct mm_struct *mm, unsigned long start,
				      unsigned long end, unsigned long flags)
{
	struct vm_area_struct *vma = vma_alloc(start, end, flags);

	if (vma)
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
	struct vm_area_struct *upper =
		vma_alloc(addr, vma->vm_end, vma->vm_flags);

	if (!upper)
		return -ENOMEM;
	/* Shrunk first, so that the tree never holds two VMAs that overlap. */
	vma->vm_end = addr;
	vma_link(mm, upper);
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

	vma = vma->vm_prev ?: vma;
	while ((next = vma_next(vma)) && vma->vm_start < end) {
		if (next->vm_start == vma->vm_end &&
		    next->vm_flags == vma->vm_flags) {
			unsigned long next_end = next->vm_end;

			vma_unlink_free(mm, next);
			vma_set_end(vma, next_end);
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

/* vm_flags of a protection, or -1UL for one kmlab does not map. */
static unsigned long prot_to_flags(unsigned long prot)
{
	if (prot == PROT_NONE)
		return 0;
	if (prot == PROT_READ)
		return VM_READ;
	if (prot == (PROT_READ | PROT_WRITE))
		return VM_READ | VM_WRITE;
	return -1UL;
}

/*
 * The lowest free range of @len bytes, or 0: the lowest VMA whose gap
 * fits, found by one descent on rb_subtree_gap (each step goes into a
 * subtree known to hold a fitting gap), else the gap above the last VMA.
 */
static unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long len)
{
	struct rb_node *node = mm->mm_rb.rb_node;
	struct vm_area_struct *last;
	unsigned long top;

	if (subtree_gap(node) >= len) {
		for (;;) {
			struct vm_area_struct *vma = vma_of(node);

			if (subtree_gap(node->rb_left) >= len)
				node = node->rb_left;
			else if (vma_gap(vma) >= len)
				return vma->vm_start - vma_gap(vma);
			else
				node = node->rb_right;
		}
	}
	last = vma_of(rb_last(&mm->mm_rb));
	top = last ? last->vm_end : TASK_UNMAPPED_BASE;
	return TASK_SIZE - top >= len ? top : 0;
}

static int __do_munmap(struct mm_struct *mm, unsigned long start,
		       unsigned long len);

static unsigned long __do_mmap(struct mm_struct *mm, unsigned long addr,
			       unsigned long len, unsigned long vm_flags,
			       unsigned long flags)
{
	struct vm_area_struct *vma;

	if (flags & MAP_FIXED) {
		if (range_bad(addr, len))
			return (unsigned long)-EINVAL;
		if (__do_munmap(mm, addr, len))
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

unsigned long do_mmap(struct mm_struct *mm, unsigned long addr,
		      unsigned long len, unsigned long prot,
		      unsigned long flags)
{
	unsigned long vm_flags = prot_to_flags(prot);

	if (!len || len > TASK_SIZE - TASK_UNMAPPED_BASE || vm_flags == -1UL ||
	    (flags & ~MAP_FIXED) != (MAP_PRIVATE | MAP_ANONYMOUS))
		return (unsigned long)-EINVAL;
	spin_lock(&mm->mmap_lock);
	addr = __do_mmap(mm, addr, ALIGN(len, PAGE_SIZE), vm_flags, flags);
	spin_unlock(&mm->mmap_lock);
	return addr;
}

static int __do_munmap(struct mm_struct *mm, unsigned long start,
		       unsigned long len)
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

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	int err;

	spin_lock(&mm->mmap_lock);
	err = __do_munmap(mm, start, len);
	spin_unlock(&mm->mmap_lock);
	return err;
}

static int __do_mprotect(struct mm_struct *mm, unsigned long start,
			 unsigned long len, unsigned long prot)
{
	unsigned long end = start + ALIGN(len, PAGE_SIZE), vm_flags,
		      addr = start;
	struct vm_area_struct *vma;

	vm_flags = prot_to_flags(prot);
	if (range_bad(start, len) || vm_flags == -1UL)
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
		change_protection(mm, vma->vm_start, vma->vm_end, vma->vm_flags,
				  vm_flags);
		vma->vm_flags = vm_flags;
	}
	vma_merge_range(mm, find_vma(mm, start), end);
	return 0;
}

int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot)
{
	int err;

	spin_lock(&mm->mmap_lock);
	err = __do_mprotect(mm, start, len, prot);
	spin_unlock(&mm->mmap_lock);
	return err;
}

int validate_mm(struct mm_struct *mm)
{
	struct vm_area_struct *prev = NULL;
	int errors = 0, n = 0;

	for (struct rb_node *node = rb_first(&mm->mm_rb); node;
	     node = rb_next(node), n++) {
		struct vm_area_struct *vma = vma_of(node);
		unsigned long gap = compute_subtree_gap(node);

		if (vma->vm_start >= vma->vm_end ||
		    vma->vm_start <
			    (prev ? prev->vm_end : TASK_UNMAPPED_BASE) ||
		    vma->vm_end > TASK_SIZE || vma->vm_mm != mm ||
		    vma->vm_prev != prev)
			errors += kmalloc_validate_fail(
				"mm: VMA %#lx-%#lx empty, out of order, overlapping, outside the window or with a wrong vm_prev",
				vma->vm_start, vma->vm_end);
		else if (vma->rb_subtree_gap != gap)
			errors += kmalloc_validate_fail(
				"mm: VMA %#lx-%#lx: rb_subtree_gap %lu, should be %lu",
				vma->vm_start, vma->vm_end, vma->rb_subtree_gap,
				gap);
		prev = vma;
	}
	if (n != mm->map_count)
		errors += kmalloc_validate_fail(
			"mm: %d VMAs in the tree, map_count %d", n,
			mm->map_count);
	return errors;
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
	spin_lock_init(&mm->mmap_lock);
	spin_lock_init(&mm->page_table_lock);
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
	spin_lock(&oldmm->mmap_lock);
	for (struct vm_area_struct *vma = vma_of(rb_first(&oldmm->mm_rb)); vma;
	     vma = vma_next(vma)) {
		if (!vma_new(mm, vma->vm_start, vma->vm_end, vma->vm_flags) ||
		    copy_page_range(mm, oldmm, vma->vm_start, vma->vm_end)) {
			spin_unlock(&oldmm->mmap_lock);
			mmput(mm);
			return NULL;
		}
	}
	spin_unlock(&oldmm->mmap_lock);
	return mm;
}

void kthread_use_mm(struct mm_struct *mm)
{
	set_current_mm(mm);
	__asm__ __volatile__("movl %0, %%cr3" : : "r"(mm->pgd) : "memory");
}

void kthread_unuse_mm(struct mm_struct *mm)
{
	__asm__ __volatile__("movl %0, %%cr3"
			     :
			     : "r"(swapper_pg_dir)
			     : "memory");
	set_current_mm(NULL);
}
