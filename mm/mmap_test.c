// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of address spaces (mm/mmap.c) and their page faults
 * (mm/memory.c), on every backend that pages: VMA splitting and merging
 * (mprotect of a middle range, munmap of a middle range, adjacent
 * mappings), bad arguments, demand paging (the zero page for reads, shared
 * by every read-faulted page; a page of its own for writes), and
 * copy-on-write after dup_mm() with the page reference counts.
 *
 * Each case runs its accesses in an mm put in use with kthread_use_mm();
 * the case exit puts the kernel's page directory back and frees the mm
 * even when the case ends early. With highmem= the pages are highmem
 * pages, zeroed and copied through kmap_local_page().
 *
 * With CONFIG_KTEST_EXAMPLES_FAIL, suite "mmap_fail" makes a bad access
 * in each case (a write to a read-only VMA, a read outside any VMA): each
 * fails alone with a "mm: bad access" line, and the run goes on
 * (tools/testing/ktest-examples/ checks it).
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/mmap.h>
#include <kmlab/vmalloc.h>
#include <kmlab/pgtable.h>
#include <kmlab/errno.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/string.h>
#include <kmlab/random.h>
#include <kmlab/smp.h>
#include "memory.h"
#include "cpu_start_test.h"

#define BASE TASK_UNMAPPED_BASE

static struct mm_struct *test_mm[2];

static void mmap_case_exit(struct ktest *test)
{
	if (current_mm)
		kthread_unuse_mm(current_mm);
	for (int i = 0; i < 2; i++) {
		mmput(test_mm[i]);
		test_mm[i] = NULL;
	}
	/* Highmem pages were copied through vmap()s that wait for a purge. */
	vm_unmap_aliases();
}

static struct mm_struct *new_mm(struct ktest *test, int i)
{
	test_mm[i] = mm_alloc();
	KTEST_ASSERT_NOT_NULL(test, test_mm[i]);
	return test_mm[i];
}

/* The pte that maps @addr in @mm, or NULL (walked by hand). */
static pte_t *walk(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = mm->pgd + pgd_index(addr);

	return pgd_present(*pgd) ? pte_offset_kernel(pgd, addr) : NULL;
}

static unsigned long mapped_pfn(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = walk(mm, addr);

	return pte && pte_present(*pte) ? pte_pfn(*pte) : 0;
}

/* VMA @n (from 0) of @mm spans [@start, @end) with @flags. */
static void expect_vma(struct ktest *test, struct mm_struct *mm,
		       unsigned long start, unsigned long end,
		       unsigned long flags)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	KTEST_ASSERT_NOT_NULL(test, vma);
	KTEST_EXPECT_EQ(test, vma->vm_start, start);
	KTEST_EXPECT_EQ(test, vma->vm_end, end);
	KTEST_EXPECT_EQ(test, vma->vm_flags, flags);
}

/* The tree in order: sorted, not overlapping, as many as map_count. */
static void expect_tree_sane(struct ktest *test, struct mm_struct *mm)
{
	unsigned long end = 0;
	int n = 0;

	for (struct rb_node *node = rb_first(&mm->mm_rb); node;
	     node = rb_next(node), n++) {
		struct vm_area_struct *vma =
			rb_entry(node, struct vm_area_struct, vm_rb);

		KTEST_EXPECT_GE(test, vma->vm_start, end);
		KTEST_EXPECT_LT(test, vma->vm_start, vma->vm_end);
		KTEST_EXPECT_PTR_EQ(test, vma->vm_mm, mm);
		end = vma->vm_end;
	}
	KTEST_EXPECT_EQ(test, n, mm->map_count);
	KTEST_EXPECT_EQ(test, validate_mm(mm), 0);
}

#define P(n) ((n)*PAGE_SIZE)
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/*
 * mprotect of a middle range splits one VMA in three and merges them back;
 * munmap of a middle range leaves two; mapping the hole again, or a range
 * right after, merges.
 */
static void mmap_split_and_merge(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);

	KTEST_ASSERT_EQ(test, do_mmap(mm, BASE, P(4), RW, ANON | MAP_FIXED),
			BASE);
	KTEST_EXPECT_EQ(test, mm->map_count, 1);
	KTEST_ASSERT_EQ(test, do_mprotect(mm, BASE + P(1), P(2), PROT_READ), 0);
	KTEST_EXPECT_EQ(test, mm->map_count, 3);
	expect_vma(test, mm, BASE, BASE + P(1), VM_READ | VM_WRITE);
	expect_vma(test, mm, BASE + P(1), BASE + P(3), VM_READ);
	expect_vma(test, mm, BASE + P(3), BASE + P(4), VM_READ | VM_WRITE);
	KTEST_ASSERT_EQ(test, do_mprotect(mm, BASE + P(1), P(2), RW), 0);
	KTEST_EXPECT_EQ(test, mm->map_count, 1);
	expect_vma(test, mm, BASE, BASE + P(4), VM_READ | VM_WRITE);

	KTEST_ASSERT_EQ(test, do_munmap(mm, BASE + P(1), P(2)), 0);
	KTEST_EXPECT_EQ(test, mm->map_count, 2);
	expect_vma(test, mm, BASE, BASE + P(1), VM_READ | VM_WRITE);
	expect_vma(test, mm, BASE + P(3), BASE + P(4), VM_READ | VM_WRITE);
	KTEST_EXPECT_PTR_EQ(test, find_vma(mm, BASE + P(1)),
			    find_vma(mm, BASE + P(3)));
	/* Without MAP_FIXED: the lowest hole that fits, merged both ways. */
	KTEST_ASSERT_EQ(test, do_mmap(mm, 0, P(2), RW, ANON), BASE + P(1));
	KTEST_EXPECT_EQ(test, mm->map_count, 1);
	KTEST_ASSERT_EQ(test, do_mmap(mm, 0, P(1), PROT_READ, ANON),
			BASE + P(4));
	KTEST_EXPECT_EQ(test, mm->map_count, 2);
	/* MAP_FIXED over part of both replaces that part. */
	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE + P(3), P(2), PROT_READ,
				ANON | MAP_FIXED),
			BASE + P(3));
	KTEST_EXPECT_EQ(test, mm->map_count, 2);
	expect_vma(test, mm, BASE, BASE + P(3), VM_READ | VM_WRITE);
	expect_vma(test, mm, BASE + P(3), BASE + P(5), VM_READ);
	expect_tree_sane(test, mm);

	/* One mprotect over five VMAs of alternating flags: one VMA. */
	KTEST_ASSERT_EQ(test, do_munmap(mm, BASE, P(5)), 0);
	for (int i = 0; i < 5; i++)
		KTEST_ASSERT_EQ(test,
				do_mmap(mm, BASE + P(i), P(1),
					i & 1 ? PROT_READ : RW,
					ANON | MAP_FIXED),
				BASE + P(i));
	KTEST_EXPECT_EQ(test, mm->map_count, 5);
	KTEST_ASSERT_EQ(test, do_mprotect(mm, BASE, P(5), PROT_READ), 0);
	KTEST_EXPECT_EQ(test, mm->map_count, 1);
	expect_vma(test, mm, BASE, BASE + P(5), VM_READ);
	expect_tree_sane(test, mm);
}

/* Bad arguments: an errno, and the mm unchanged. */
static void mmap_bad_arguments(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);

	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, 0, RW, ANON),
			(unsigned long)-EINVAL);
	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, P(1), PROT_WRITE, ANON),
			(unsigned long)-EINVAL);
	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, P(1), RW, MAP_PRIVATE),
			(unsigned long)-EINVAL);
	KTEST_EXPECT_EQ(test, do_mmap(mm, BASE + 1, P(1), RW, ANON | MAP_FIXED),
			(unsigned long)-EINVAL);
	KTEST_EXPECT_EQ(test,
			do_mmap(mm, TASK_SIZE, P(1), RW, ANON | MAP_FIXED),
			(unsigned long)-EINVAL);
	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, TASK_SIZE - BASE + P(1), RW, ANON),
			(unsigned long)-EINVAL);
	/* PROT_EXEC: not a protection kmlab maps. */
	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, P(1), 0x4, ANON),
			(unsigned long)-EINVAL);
	KTEST_EXPECT_EQ(test, mm->map_count, 0);
	KTEST_ASSERT_EQ(test, do_mmap(mm, 0, TASK_SIZE - BASE, PROT_READ, ANON),
			BASE);
	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, P(1), RW, ANON),
			(unsigned long)-ENOMEM);
	KTEST_EXPECT_EQ(test, do_munmap(mm, BASE, TASK_SIZE - BASE), 0);
	KTEST_EXPECT_EQ(test, do_mprotect(mm, BASE, P(1), RW), -ENOMEM);
	KTEST_EXPECT_EQ(test, do_munmap(mm, BASE + 5, P(1)), -EINVAL);
	KTEST_EXPECT_EQ(test, do_munmap(mm, BASE, 0), -EINVAL);
	KTEST_EXPECT_EQ(test, do_munmap(mm, BASE - P(1), P(1)), -EINVAL);
	KTEST_EXPECT_EQ(test, do_munmap(mm, TASK_SIZE + P(1), P(1)), -EINVAL);
	KTEST_EXPECT_EQ(test, do_munmap(mm, TASK_SIZE - P(1), P(2)), -EINVAL);
	KTEST_EXPECT_EQ(test, mm->map_count, 0);

	/* mprotect: a bad range or protection, or a hole inside the range. */
	KTEST_ASSERT_EQ(test, do_mmap(mm, BASE, P(1), RW, ANON | MAP_FIXED),
			BASE);
	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE + P(2), P(1), RW, ANON | MAP_FIXED),
			BASE + P(2));
	KTEST_EXPECT_EQ(test, do_mprotect(mm, BASE + 3, P(1), PROT_READ),
			-EINVAL);
	KTEST_EXPECT_EQ(test, do_mprotect(mm, BASE, P(1), PROT_WRITE), -EINVAL);
	KTEST_EXPECT_EQ(test, do_mprotect(mm, BASE, P(3), PROT_READ), -ENOMEM);
	KTEST_EXPECT_EQ(test, mm->map_count, 2);
	expect_vma(test, mm, BASE, BASE + P(1), VM_READ | VM_WRITE);
	expect_vma(test, mm, BASE + P(2), BASE + P(3), VM_READ | VM_WRITE);
	expect_tree_sane(test, mm);
}

/*
 * Reads fault in the zero page, shared by every page read first; a write
 * faults in a zeroed page of its own, also over the zero page (a copy);
 * every page faults once.
 */
static void fault_demand_zero(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	volatile unsigned int *p;
	unsigned int sum = 0;

	KTEST_ASSERT_EQ(test, do_mmap(mm, BASE, P(8), RW, ANON | MAP_FIXED),
			BASE);
	p = (volatile unsigned int *)BASE;
	kthread_use_mm(mm);
	for (int i = 0; i < 8; i++)
		sum += p[i * PAGE_SIZE / 4];
	sum += p[1];
	kthread_unuse_mm(mm);
	KTEST_EXPECT_EQ(test, sum, 0U);
	KTEST_EXPECT_EQ(test, mm->stats.nr_faults, 8UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_zero, 8UL);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_EQ(test, mapped_pfn(mm, BASE + P(i)), zero_pfn());

	kthread_use_mm(mm);
	p[0] = 0x1234; /* over the zero page: a copy */
	p[P(8) / 4 - 1] = 0x5678; /* the last word of the last page */
	p[1] = 7; /* no fault */
	kthread_unuse_mm(mm);
	KTEST_EXPECT_EQ(test, mm->stats.nr_cow, 2UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_faults, 10UL);
	KTEST_EXPECT_NE(test, mapped_pfn(mm, BASE), zero_pfn());
	KTEST_EXPECT_NE(test, mapped_pfn(mm, BASE), 0UL);
	KTEST_EXPECT_EQ(test, mapped_pfn(mm, BASE + P(1)), zero_pfn());

	/* A write first: an anonymous page at once, no zero page. */
	KTEST_ASSERT_EQ(test, do_munmap(mm, BASE + P(2), P(1)), 0);
	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE + P(2), P(1), RW, ANON | MAP_FIXED),
			BASE + P(2));
	kthread_use_mm(mm);
	p[P(2) / 4] = 42;
	KTEST_EXPECT_EQ(test, p[0], 0x1234U);
	KTEST_EXPECT_EQ(test, p[1], 7U);
	KTEST_EXPECT_EQ(test, p[P(2) / 4], 42U);
	KTEST_EXPECT_EQ(test, p[P(2) / 4 + 1], 0U);
	kthread_unuse_mm(mm);
	KTEST_EXPECT_EQ(test, mm->stats.nr_anon, 1UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_bad, 0UL);
}

/* What a fault report says of an address: outside any VMA, or not allowed. */
static void fault_reports_say_why(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	char buf[96];

	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE, P(1), PROT_READ, ANON | MAP_FIXED),
			BASE);
	KTEST_EXPECT_EQ(test, mm_describe_addr(BASE, true, buf, sizeof(buf)),
			0);
	kthread_use_mm(mm);
	mm_describe_addr(BASE + 8, true, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(
		test, buf,
		"write at 0xe0000008: VMA not writable (VMA 0xe0000000-0xe0000fff r-)");
	mm_describe_addr(BASE + P(1), false, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(test, buf, "read at 0xe0001000: no VMA");
	KTEST_EXPECT_EQ(test, mm_describe_addr(0x1000, false, buf, sizeof(buf)),
			0);
	/* Accesses the VMA allows; a hole below a VMA is no VMA either. */
	mm_describe_addr(BASE + 4, false, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(
		test, buf,
		"read at 0xe0000004: VMA allows it (VMA 0xe0000000-0xe0000fff r-)");
	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE + P(2), P(1), RW, ANON | MAP_FIXED),
			BASE + P(2));
	mm_describe_addr(BASE + P(2), true, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(
		test, buf,
		"write at 0xe0002000: VMA allows it (VMA 0xe0002000-0xe0002fff rw)");
	mm_describe_addr(BASE + P(1) + 4, true, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(test, buf, "write at 0xe0001004: no VMA");
	kthread_unuse_mm(mm);
}

/*
 * handle_mm_fault() asked directly, in use: a hole below a VMA, an
 * address above every VMA and a write to a read-only VMA are bad
 * accesses (one line each, counted); a fault on a pte that already
 * allows the access (a stale TLB entry) changes nothing; an address
 * neither in the window nor in the vmalloc area is not the mm's to
 * serve and is not counted.
 */
static void fault_asked_directly(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	unsigned long pfn;

	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE, P(1), PROT_READ, ANON | MAP_FIXED),
			BASE);
	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE + P(2), P(1), RW, ANON | MAP_FIXED),
			BASE + P(2));
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	kthread_use_mm(mm);
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE + P(1), false), -EFAULT);
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE + P(3), false), -EFAULT);
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE, true), -EFAULT);
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE + P(2), false), 0);
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE + P(2), false), 0);
	KTEST_EXPECT_EQ(test, mapped_pfn(mm, BASE + P(2)), zero_pfn());
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE + P(2), true), 0);
	pfn = mapped_pfn(mm, BASE + P(2));
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE + P(2), true), 0);
	KTEST_EXPECT_EQ(test, handle_mm_fault(0x1000, false), -EFAULT);
	KTEST_EXPECT_EQ(test, handle_mm_fault(VMALLOC_END, true), -EFAULT);
	kthread_unuse_mm(mm);
	/* Not in use: no fault is the mm's. */
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE + P(2), false), -EFAULT);
	KTEST_EXPECT_LOG_CONTAINS(test,
				  "mm: bad access: read at 0xe0001000: no VMA");
	KTEST_EXPECT_LOG_CONTAINS(
		test,
		"mm: bad access: write at 0xe0000000: VMA not writable (VMA 0xe0000000-0xe0000fff r-)");
	KTEST_EXPECT_LOG_CONTAINS(test,
				  "mm: bad access: read at 0xe0003000: no VMA");
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "mm: bad access"), 3);
	ktest_log_capture_stop(test);
	KTEST_EXPECT_NE(test, pfn, zero_pfn());
	KTEST_EXPECT_NE(test, pfn, 0UL);
	KTEST_EXPECT_EQ(test, mapped_pfn(mm, BASE + P(2)), pfn);
	KTEST_EXPECT_TRUE(test, pte_write(*walk(mm, BASE + P(2))));
	KTEST_EXPECT_EQ(test, mm->stats.nr_faults, 7UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_bad, 3UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_zero, 1UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_cow, 1UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_anon, 0UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_reuse, 0UL);
}

/*
 * dup_mm() copies the VMAs and only the ptes that map something: an
 * empty mm gives an empty copy; a page never touched and a VMA whose
 * 4 MiB has no page table stay unmapped in the copy (no table made for
 * them), and a zero-page pte is shared without a reference count.
 */
static void dup_mm_copies_only_mapped_ptes(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0), *child;
	volatile unsigned int *p = (volatile unsigned int *)BASE;
	const unsigned long hi = BASE + PGDIR_SIZE;

	child = dup_mm(mm);
	test_mm[1] = child;
	KTEST_ASSERT_NOT_NULL(test, child);
	KTEST_EXPECT_EQ(test, child->map_count, 0);
	KTEST_EXPECT_EQ(test, child->nr_ptes, 0UL);
	mmput(child);
	test_mm[1] = NULL;

	KTEST_ASSERT_GE(test, TASK_SIZE - BASE, 2 * PGDIR_SIZE);
	KTEST_ASSERT_EQ(test, do_mmap(mm, BASE, P(2), RW, ANON | MAP_FIXED),
			BASE);
	KTEST_ASSERT_EQ(test, do_mmap(mm, hi, P(1), RW, ANON | MAP_FIXED), hi);
	kthread_use_mm(mm);
	KTEST_EXPECT_EQ(test, p[0], 0U);
	kthread_unuse_mm(mm);
	KTEST_EXPECT_EQ(test, mm->nr_ptes, 1UL);

	child = dup_mm(mm);
	test_mm[1] = child;
	KTEST_ASSERT_NOT_NULL(test, child);
	KTEST_EXPECT_EQ(test, child->map_count, 2);
	KTEST_EXPECT_EQ(test, child->nr_ptes, 1UL);
	KTEST_EXPECT_EQ(test, mapped_pfn(child, BASE), zero_pfn());
	KTEST_EXPECT_TRUE(test, pte_none(*walk(child, BASE + P(1))));
	KTEST_EXPECT_NULL(test, walk(child, hi));
	expect_tree_sane(test, child);

	kthread_use_mm(child);
	p[0] = 9;
	kthread_unuse_mm(child);
	KTEST_EXPECT_EQ(test, child->stats.nr_cow, 1UL);
	KTEST_EXPECT_EQ(test, mapped_pfn(mm, BASE), zero_pfn());
	KTEST_EXPECT_NE(test, mapped_pfn(child, BASE), zero_pfn());
}

/*
 * After dup_mm() both address spaces map the same pages write-protected;
 * the child's write copies (the page goes back to one reference), the
 * parent's next write reuses its page in place; each sees its own data.
 */
static void fault_copy_on_write(struct ktest *test)
{
	struct mm_struct *parent = new_mm(test, 0), *child;
	volatile unsigned int *p = (volatile unsigned int *)BASE;
	struct page *page;

	KTEST_ASSERT_EQ(test, do_mmap(parent, BASE, P(2), RW, ANON | MAP_FIXED),
			BASE);
	kthread_use_mm(parent);
	p[0] = 0xaaaa;
	kthread_unuse_mm(parent);
	page = pfn_to_page(mapped_pfn(parent, BASE));
	KTEST_EXPECT_EQ(test, page->_refcount, 1);

	child = dup_mm(parent);
	test_mm[1] = child;
	KTEST_ASSERT_NOT_NULL(test, child);
	KTEST_EXPECT_EQ(test, child->map_count, 1);
	KTEST_EXPECT_EQ(test, mapped_pfn(child, BASE), page_to_pfn(page));
	KTEST_EXPECT_EQ(test, page->_refcount, 2);
	KTEST_EXPECT_FALSE(test, pte_write(*walk(parent, BASE)));
	KTEST_EXPECT_FALSE(test, pte_write(*walk(child, BASE)));

	kthread_use_mm(child);
	KTEST_EXPECT_EQ(test, p[0], 0xaaaaU); /* present: no fault */
	p[0] = 0xbbbb;
	kthread_unuse_mm(child);
	KTEST_EXPECT_EQ(test, child->stats.nr_faults, 1UL);
	KTEST_EXPECT_EQ(test, child->stats.nr_cow, 1UL);
	KTEST_EXPECT_NE(test, mapped_pfn(child, BASE), page_to_pfn(page));
	KTEST_EXPECT_EQ(test, page->_refcount, 1);

	kthread_use_mm(parent);
	KTEST_EXPECT_EQ(test, p[0], 0xaaaaU);
	p[0] = 0xcccc;
	kthread_unuse_mm(parent);
	KTEST_EXPECT_EQ(test, parent->stats.nr_reuse, 1UL);
	KTEST_EXPECT_EQ(test, parent->stats.nr_cow, 0UL);
	KTEST_EXPECT_EQ(test, mapped_pfn(parent, BASE), page_to_pfn(page));

	kthread_use_mm(child);
	KTEST_EXPECT_EQ(test, p[0], 0xbbbbU);
	kthread_unuse_mm(child);
	/* mprotect to read-only write-protects present pages at once. */
	KTEST_ASSERT_EQ(test, do_mprotect(parent, BASE, P(1), PROT_READ), 0);
	KTEST_EXPECT_FALSE(test, pte_write(*walk(parent, BASE)));
	KTEST_EXPECT_EQ(test, parent->map_count, 2);
}

/* The lowest gap of @len bytes, by walking the VMAs in order; 0: none. */
static unsigned long lowest_gap(struct mm_struct *mm, unsigned long len)
{
	unsigned long addr = BASE;

	for (struct rb_node *node = rb_first(&mm->mm_rb); node;
	     node = rb_next(node)) {
		struct vm_area_struct *vma =
			rb_entry(node, struct vm_area_struct, vm_rb);

		if (vma->vm_start - addr >= len)
			return addr;
		addr = vma->vm_end;
	}
	return TASK_SIZE - addr >= len ? addr : 0;
}

#define GAP_TREE_OPS 600
#define WINDOW_PAGES ((TASK_SIZE - BASE) / PAGE_SIZE)

/*
 * The free-gap tree against a walk of the VMAs: random MAP_FIXED maps,
 * munmaps and mprotects of random page ranges, each followed by
 * validate_mm() and a do_mmap() without MAP_FIXED of a random length,
 * which must land on the lowest gap the walk finds (or fail when there is
 * none), then is unmapped again.
 */
static void mmap_gap_tree(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	unsigned long found = 0, none = 0;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 20);
	for (int i = 0; i < GAP_TREE_OPS; i++) {
		unsigned long start =
			BASE + P(prandom_u32_below(&rnd, WINDOW_PAGES));
		unsigned long len = P(1 + prandom_u32_below(&rnd, 64));
		unsigned long prot = prandom_u32_below(&rnd, 2) ? RW :
								  PROT_READ;
		unsigned long want, got;

		len = min(len, TASK_SIZE - start);
		switch (prandom_u32_below(&rnd, 3)) {
		case 0:
			KTEST_ASSERT_EQ(test,
					do_mmap(mm, start, len, prot,
						ANON | MAP_FIXED),
					start);
			break;
		case 1:
			KTEST_ASSERT_EQ(test, do_munmap(mm, start, len), 0);
			break;
		default: /* -ENOMEM where part of it is not mapped */
			do_mprotect(mm, start, len, prot);
		}
		KTEST_ASSERT_EQ(test, validate_mm(mm), 0);
		len = P(1 + prandom_u32_below(&rnd, 256));
		want = lowest_gap(mm, len);
		got = do_mmap(mm, 0, len, prot, ANON);
		if (!want) {
			KTEST_EXPECT_EQ(test, got, (unsigned long)-ENOMEM);
			none++;
			continue;
		}
		KTEST_ASSERT_EQ(test, got, want);
		KTEST_ASSERT_EQ(test, validate_mm(mm), 0);
		KTEST_ASSERT_EQ(test, do_munmap(mm, got, len), 0);
		found++;
	}
	/* Both outcomes happened. */
	KTEST_EXPECT_GT(test, found, 0UL);
	KTEST_EXPECT_GT(test, none, 0UL);
}

/*
 * get_unmapped_area() reads rb_subtree_gap (a walk would not): with the
 * root's value spoilt to 0 it sees no gap in the tree and takes the one
 * above the last VMA, and validate_mm() reports that one node.
 */
static void mmap_gap_tree_is_used(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	struct vm_area_struct *root;

	for (int i = 0; i < 16; i++)
		KTEST_ASSERT_EQ(test,
				do_mmap(mm, BASE + P(2 * i + 1), P(1), RW,
					ANON | MAP_FIXED),
				BASE + P(2 * i + 1));
	KTEST_ASSERT_EQ(test, mm->map_count, 16);
	KTEST_ASSERT_EQ(test, validate_mm(mm), 0);
	root = rb_entry(mm->mm_rb.rb_node, struct vm_area_struct, vm_rb);
	KTEST_EXPECT_EQ(test, root->rb_subtree_gap, P(1));
	root->rb_subtree_gap = 0;
	KTEST_EXPECT_EQ(test, validate_mm(mm), 1);
	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, P(1), RW, ANON), BASE + P(32));
	KTEST_EXPECT_EQ(test, do_munmap(mm, BASE + P(32), P(1)), 0);
	root->rb_subtree_gap = P(1);
	KTEST_EXPECT_EQ(test, validate_mm(mm), 0);
	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, P(1), RW, ANON), BASE);
	/* A gap of two pages is only above the last VMA. */
	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, P(2), RW, ANON), BASE + P(32));
	KTEST_EXPECT_EQ(test, validate_mm(mm), 0);
}

/*
 * validate_mm() sees each kind of damage to a VMA: its vm_prev, its
 * vm_mm, an empty range, an overlap with the VMA before, one past the
 * window, and a map_count the tree does not hold. One line each, and a
 * clean walk after each repair.
 */
static void validate_mm_reports_damage(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	struct vm_area_struct *a, *b;
	unsigned long saved;
	char want[64];

	KTEST_ASSERT_EQ(test, do_mmap(mm, BASE, P(1), RW, ANON | MAP_FIXED),
			BASE);
	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE + P(4), P(2), RW, ANON | MAP_FIXED),
			BASE + P(4));
	a = find_vma(mm, BASE);
	b = find_vma(mm, BASE + P(4));
	KTEST_ASSERT_TRUE(test, a && b && a != b && b->vm_prev == a);
	KTEST_ASSERT_EQ(test, validate_mm(mm), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	snprintf(want, sizeof(want), "mm: VMA %#lx-%#lx empty, out of order",
		 b->vm_start, b->vm_end);
	b->vm_prev = NULL;
	KTEST_EXPECT_EQ(test, validate_mm(mm), 1);
	b->vm_prev = a;
	b->vm_mm = NULL;
	KTEST_EXPECT_EQ(test, validate_mm(mm), 1);
	b->vm_mm = mm;
	KTEST_EXPECT_EQ(test, ktest_log_count(test, want), 2);
	saved = a->vm_end;
	a->vm_end = a->vm_start; /* empty; and the gap below b grows */
	KTEST_EXPECT_EQ(test, validate_mm(mm), 2);
	a->vm_end = b->vm_start + P(1); /* overlaps b */
	KTEST_EXPECT_EQ(test, validate_mm(mm), 1);
	a->vm_end = saved;
	saved = b->vm_end;
	b->vm_end = TASK_SIZE + P(1); /* past the window */
	KTEST_EXPECT_EQ(test, validate_mm(mm), 1);
	b->vm_end = saved;
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "empty, out of order"), 5);
	mm->map_count++;
	KTEST_EXPECT_EQ(test, validate_mm(mm), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, "mm: 2 VMAs in the tree, map_count 3");
	mm->map_count--;
	KTEST_EXPECT_EQ(test, validate_mm(mm), 0);
}

/*
 * mprotect(PROT_NONE) keeps the pages behind PROT_NONE ptes: any access
 * is a bad access (asked of the fault path directly, so the case goes
 * on); PROT_READ | PROT_WRITE again finds the data, read-only until a
 * write reuses the page. A PROT_NONE VMA from do_mmap() too; dup_mm()
 * shares PROT_NONE pages; munmap frees them (the case's leak check).
 */
static void mprotect_prot_none(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0), *child;
	volatile unsigned int *p = (volatile unsigned int *)BASE;
	unsigned long pfn;
	char buf[96];

	KTEST_ASSERT_EQ(test, do_mmap(mm, BASE, P(2), RW, ANON | MAP_FIXED),
			BASE);
	kthread_use_mm(mm);
	p[0] = 0x77;
	(void)p[P(1) / 4];
	kthread_unuse_mm(mm);
	pfn = mapped_pfn(mm, BASE);
	KTEST_ASSERT_EQ(test, do_mprotect(mm, BASE, P(2), PROT_NONE), 0);
	expect_vma(test, mm, BASE, BASE + P(2), 0);
	KTEST_EXPECT_EQ(test, mapped_pfn(mm, BASE), 0UL);
	KTEST_EXPECT_TRUE(test, pte_protnone(*walk(mm, BASE)));
	KTEST_EXPECT_EQ(test, pte_pfn(*walk(mm, BASE)), pfn);

	kthread_use_mm(mm);
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE, false), -EFAULT);
	KTEST_EXPECT_EQ(test, handle_mm_fault(BASE + P(1), true), -EFAULT);
	mm_describe_addr(BASE, false, buf, sizeof(buf));
	KTEST_EXPECT_STREQ(
		test, buf,
		"read at 0xe0000000: VMA not accessible (VMA 0xe0000000-0xe0001fff --)");
	kthread_unuse_mm(mm);
	KTEST_EXPECT_EQ(test, mm->stats.nr_bad, 2UL);

	KTEST_ASSERT_EQ(test, do_mprotect(mm, BASE, P(2), RW), 0);
	KTEST_EXPECT_EQ(test, mapped_pfn(mm, BASE), pfn);
	KTEST_EXPECT_FALSE(test, pte_write(*walk(mm, BASE)));
	kthread_use_mm(mm);
	KTEST_EXPECT_EQ(test, p[0], 0x77U);
	p[0] = 0x78;
	KTEST_EXPECT_EQ(test, p[P(1) / 4], 0U);
	kthread_unuse_mm(mm);
	KTEST_EXPECT_EQ(test, mm->stats.nr_reuse, 1UL);
	KTEST_EXPECT_EQ(test, mapped_pfn(mm, BASE), pfn);

	/* A PROT_NONE mapping, and PROT_NONE pages shared by dup_mm(). */
	KTEST_EXPECT_EQ(test, do_mmap(mm, 0, P(1), PROT_NONE, ANON),
			BASE + P(2));
	KTEST_ASSERT_EQ(test, do_mprotect(mm, BASE, P(1), PROT_NONE), 0);
	KTEST_EXPECT_EQ(test, mm->map_count, 3);
	child = dup_mm(mm);
	test_mm[1] = child;
	KTEST_ASSERT_NOT_NULL(test, child);
	KTEST_EXPECT_EQ(test, pfn_to_page(pfn)->_refcount, 2);
	KTEST_EXPECT_TRUE(test, pte_protnone(*walk(child, BASE)));
	KTEST_EXPECT_EQ(test, do_munmap(child, BASE, P(3)), 0);
	KTEST_EXPECT_EQ(test, pfn_to_page(pfn)->_refcount, 1);
	KTEST_EXPECT_EQ(test, validate_mm(mm), 0);
}

/* Page tables present in @mm's window, counted in its directory by hand. */
static unsigned long tables_mapped(struct mm_struct *mm)
{
	unsigned long n = 0;

	for (unsigned long a = BASE; a < TASK_SIZE; a += PGDIR_SIZE)
		n += pgd_present(mm->pgd[pgd_index(a)]);
	return n;
}

/*
 * A page table goes when the last VMA over its 4 MiB is unmapped, not
 * before (a VMA left in it, or part of one, keeps it); a VMA across two
 * tables keeps both. Done in use, so the freed tables are flushed first
 * and a later fault allocates a new one.
 */
static void munmap_frees_page_tables(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	const unsigned long hi = BASE + PGDIR_SIZE;
	volatile unsigned int *lo = (volatile unsigned int *)BASE;

	KTEST_ASSERT_GE(test, TASK_SIZE - BASE, 2 * PGDIR_SIZE);
	KTEST_ASSERT_EQ(test, do_mmap(mm, BASE, P(1), RW, ANON | MAP_FIXED),
			BASE);
	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE + P(4), P(2), RW, ANON | MAP_FIXED),
			BASE + P(4));
	KTEST_ASSERT_EQ(test, do_mmap(mm, hi, P(1), RW, ANON | MAP_FIXED), hi);
	kthread_use_mm(mm);
	lo[0] = 1;
	lo[P(4) / 4] = 2;
	*(volatile unsigned int *)hi = 3;
	KTEST_EXPECT_EQ(test, mm->nr_ptes, 2UL);
	KTEST_EXPECT_EQ(test, tables_mapped(mm), 2UL);

	/* Another VMA, and then part of one, still in the low table. */
	KTEST_ASSERT_EQ(test, do_munmap(mm, BASE, P(1)), 0);
	KTEST_ASSERT_EQ(test, do_munmap(mm, BASE + P(4), P(1)), 0);
	KTEST_EXPECT_EQ(test, mm->nr_ptes, 2UL);
	KTEST_EXPECT_EQ(test, lo[P(5) / 4], 0U);
	/* The last of it: the table goes, the high one stays. */
	KTEST_ASSERT_EQ(test, do_munmap(mm, BASE + P(5), P(1)), 0);
	KTEST_EXPECT_EQ(test, mm->nr_ptes, 1UL);
	KTEST_EXPECT_FALSE(test, pgd_present(mm->pgd[pgd_index(BASE)]));
	KTEST_EXPECT_TRUE(test, pgd_present(mm->pgd[pgd_index(hi)]));
	KTEST_EXPECT_EQ(test, *(volatile unsigned int *)hi, 3U);

	/*
	 * MAP_FIXED over the high VMA frees its table (nothing overlaps it
	 * for a moment); the new VMA across both tables faults both in, and
	 * unmapping its high page frees the high one only.
	 */
	KTEST_ASSERT_EQ(test,
			do_mmap(mm, hi - P(1), P(2), RW, ANON | MAP_FIXED),
			hi - P(1));
	KTEST_EXPECT_EQ(test, mm->nr_ptes, 0UL);
	KTEST_EXPECT_EQ(test, mm->map_count, 1);
	lo[(hi - P(1) - BASE) / 4] = 4;
	*(volatile unsigned int *)hi = 5;
	KTEST_EXPECT_EQ(test, mm->nr_ptes, 2UL);
	KTEST_ASSERT_EQ(test, do_munmap(mm, hi, P(1)), 0);
	KTEST_EXPECT_EQ(test, mm->nr_ptes, 1UL);
	KTEST_EXPECT_TRUE(test, pgd_present(mm->pgd[pgd_index(BASE)]));
	KTEST_EXPECT_FALSE(test, pgd_present(mm->pgd[pgd_index(hi)]));
	KTEST_EXPECT_EQ(test, lo[(hi - P(1) - BASE) / 4], 4U);
	KTEST_ASSERT_EQ(test, do_munmap(mm, hi - P(1), P(1)), 0);
	kthread_unuse_mm(mm);
	KTEST_EXPECT_EQ(test, mm->nr_ptes, 0UL);
	KTEST_EXPECT_EQ(test, tables_mapped(mm), 0UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_bad, 0UL);
}

/*
 * A vmalloc-area page table the kernel frees while an mm is in use goes
 * from the mm's directory too: the mm copied the entry at its first fault
 * there, and would walk the freed page (or, later, a new table's stale
 * predecessor) through it.
 */
static void freed_kernel_table_leaves_mm(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	unsigned long va = VMALLOC_END - PAGE_SIZE;
	unsigned long page = __get_free_pages(GFP_KERNEL, 0);
	unsigned int i = pgd_index(va);

	KTEST_ASSERT_NE(test, page, 0);
	*(u32 *)page = 0x600d;
	if (pgd_present(swapper_pg_dir[i])) {
		free_pages(page, 0);
		ktest_skip(test,
			   "the vmalloc area's last page table is in use");
	}
	kthread_use_mm(mm);
	/* No kernel page table there: nothing to copy in. */
	KTEST_EXPECT_EQ(test, handle_mm_fault(va, false), -EFAULT);
	KTEST_EXPECT_EQ(test, vmap_range(va, va + PAGE_SIZE, page, PAGE_KERNEL),
			0);
	KTEST_EXPECT_EQ(test, *(volatile u32 *)va, 0x600dU);
	KTEST_EXPECT_TRUE(test, pgd_present(mm->pgd[i]));
	/* Copied in already: a fault there is not the sync's to serve. */
	KTEST_EXPECT_EQ(test, handle_mm_fault(va, false), -EFAULT);
	vunmap_range(va, va + PAGE_SIZE);
	KTEST_EXPECT_FALSE(test, pgd_present(swapper_pg_dir[i]));
	KTEST_EXPECT_FALSE(test, pgd_present(mm->pgd[i]));
	kthread_unuse_mm(mm);
	free_pages(page, 0);
}

#ifdef CONFIG_KTEST_EXAMPLES_FAIL
/* Deliberately fails: a write to a read-only VMA. */
static void write_to_read_only_vma(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);

	KTEST_ASSERT_EQ(test,
			do_mmap(mm, BASE, P(1), PROT_READ, ANON | MAP_FIXED),
			BASE);
	kthread_use_mm(mm);
	*(volatile unsigned int *)BASE = 1;
	KTEST_FAIL(test, "the write to a read-only VMA did not fault");
}

/* Deliberately fails: a read where no VMA is. */
static void read_outside_any_vma(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);

	KTEST_ASSERT_EQ(test, do_mmap(mm, BASE, P(1), RW, ANON | MAP_FIXED),
			BASE);
	kthread_use_mm(mm);
	(void)*(volatile unsigned int *)(BASE + P(1));
	KTEST_FAIL(test, "the read outside any VMA did not fault");
}

static struct ktest_case mmap_fail_cases[] = { KTEST_CASE(
						       write_to_read_only_vma),
					       KTEST_CASE(read_outside_any_vma),
					       {} };

static struct ktest_suite mmap_fail_suite = {
	.name = "mmap_fail",
	.cases = mmap_fail_cases,
	.exit = mmap_case_exit,
};
KTEST_SUITE(mmap_fail_suite);
#endif

#ifdef CONFIG_SMP
/* Rounds of each CPU in mm_on_two_cpus. */
#define SMP_ROUNDS 400
/* VMAs mapped before the CPUs start, so that every change rebalances. */
#define SMP_VMAS 64

struct mm_smp_run {
	struct mm_struct *mm;
	unsigned int arrived;
};

/*
 * CPU 0, on which the mm is in use: map 4 pages anywhere, write each
 * (4 demand faults), read them back, unmap them. Any other CPU: map 2
 * read-only pages anywhere, make the first writable (a split), unmap
 * both; it never touches them. Return: failed checks.
 */
static unsigned long mm_churn_on_cpu(void *arg, unsigned int cpu, char *msg)
{
	struct mm_smp_run *run = arg;
	struct mm_struct *mm = run->mm;
	unsigned long bad = 0;

	wait_for_every_cpu(&run->arrived);
	for (unsigned int n = 0; n < SMP_ROUNDS; n++) {
		unsigned long len = cpu ? P(2) : P(4);
		unsigned long addr =
			do_mmap(mm, 0, len, cpu ? PROT_READ : RW, ANON);
		volatile u32 *p = (volatile u32 *)addr;

		if (IS_ERR_VALUE(addr)) {
			if (!bad++)
				snprintf(msg, KTEST_CPU_MSG_SIZE,
					 "round %u: do_mmap: %ld", n,
					 (long)addr);
			continue;
		}
		if (cpu && do_mprotect(mm, addr, P(1), RW) && !bad++)
			snprintf(msg, KTEST_CPU_MSG_SIZE,
				 "round %u: do_mprotect failed", n);
		for (unsigned int i = 0; !cpu && i < 4; i++)
			p[i * PAGE_SIZE / 4] = n << 4 | i;
		for (unsigned int i = 0; !cpu && i < 4; i++)
			if (p[i * PAGE_SIZE / 4] != (n << 4 | i) && !bad++)
				snprintf(msg, KTEST_CPU_MSG_SIZE,
					 "round %u page %u: %#x", n, i,
					 p[i * PAGE_SIZE / 4]);
		if (do_munmap(mm, addr, len) && !bad++)
			snprintf(msg, KTEST_CPU_MSG_SIZE,
				 "round %u: do_munmap failed", n);
	}
	return bad;
}

/*
 * One address space changed on every CPU at once while CPU 0 faults in
 * it: mm->mmap_lock keeps the VMA tree whole and each fault's VMA in
 * place. Every write lands (read back), each fault is counted exactly,
 * no access is refused, and afterwards the tree validates with no VMA
 * and no page table left.
 */
static void mm_on_two_cpus(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	struct mm_smp_run run = { .mm = mm };

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs a second CPU");
	/* One page each, read-only and writable in turn: none merge. */
	for (unsigned int i = 0; i < SMP_VMAS; i++)
		KTEST_ASSERT_EQ(test,
				do_mmap(mm, TASK_SIZE - P(SMP_VMAS - i), P(1),
					i % 2 ? RW : PROT_READ,
					ANON | MAP_FIXED),
				TASK_SIZE - P(SMP_VMAS - i));
	kthread_use_mm(mm);
	ktest_run_on_each_cpu(test, mm_churn_on_cpu, &run);
	kthread_unuse_mm(mm);
	KTEST_EXPECT_EQ(test,
			do_munmap(mm, TASK_SIZE - P(SMP_VMAS), P(SMP_VMAS)), 0);
	KTEST_EXPECT_EQ(test, mm->stats.nr_anon, 4UL * SMP_ROUNDS);
	KTEST_EXPECT_EQ(test, mm->stats.nr_faults, 4UL * SMP_ROUNDS);
	KTEST_EXPECT_EQ(test, mm->stats.nr_bad, 0UL);
	KTEST_EXPECT_EQ(test, mm->map_count, 0);
	KTEST_EXPECT_EQ(test, mm->nr_ptes, 0UL);
	KTEST_EXPECT_EQ(test, validate_mm(mm), 0);
}
#endif

#ifdef CONFIG_SMP
struct mm_shootdown_run {
	struct mm_struct *mm;
	unsigned int arrived;
	int step;
};

/*
 * CPU 0 (the mm in use): write the page (its TLB now holds a writable
 * entry), let CPU 1 write-protect it, write again. CPU 1: ask for a
 * fault in an mm in use elsewhere, mprotect the page read-only and back.
 * Return: failed checks.
 */
static unsigned long shootdown_on_cpu(void *arg, unsigned int cpu, char *msg)
{
	struct mm_shootdown_run *run = arg;
	volatile unsigned int *p = (volatile unsigned int *)BASE;
	unsigned long bad = 0;
	int err;

	wait_for_every_cpu(&run->arrived);
	if (cpu == 0) {
		p[0] = 1;
		__atomic_store_n(&run->step, 1, __ATOMIC_RELEASE);
		wait_step(&run->step, 2);
		p[0] = 2;
		if (p[0] != 2 && !bad++)
			snprintf(msg, KTEST_CPU_MSG_SIZE, "read back %#x",
				 p[0]);
	} else if (cpu == 1) {
		wait_step(&run->step, 1);
		err = handle_mm_fault(BASE, true);
		if (err != -EFAULT && !bad++)
			snprintf(msg, KTEST_CPU_MSG_SIZE,
				 "fault in an mm in use on CPU 0: %d", err);
		if ((do_mprotect(run->mm, BASE, P(1), PROT_READ) ||
		     do_mprotect(run->mm, BASE, P(1), RW)) &&
		    !bad++)
			snprintf(msg, KTEST_CPU_MSG_SIZE, "do_mprotect failed");
		__atomic_store_n(&run->step, 2, __ATOMIC_RELEASE);
	}
	return bad;
}

/*
 * A pte write-protected on another CPU than the one the mm is in use on
 * is flushed there (flush_tlb_others()): that CPU's next write faults
 * and reuses the page, instead of writing through a stale writable TLB
 * entry. A fault asked for on the other CPU is not served.
 */
static void mprotect_flushes_other_cpu(struct ktest *test)
{
	struct mm_struct *mm = new_mm(test, 0);
	struct mm_shootdown_run run = { .mm = mm };

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs a second CPU");
	KTEST_ASSERT_EQ(test, do_mmap(mm, BASE, P(1), RW, ANON | MAP_FIXED),
			BASE);
	kthread_use_mm(mm);
	ktest_run_on_each_cpu(test, shootdown_on_cpu, &run);
	kthread_unuse_mm(mm);
	KTEST_EXPECT_EQ(test, mm->stats.nr_anon, 1UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_reuse, 1UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_faults, 2UL);
	KTEST_EXPECT_EQ(test, mm->stats.nr_bad, 0UL);
	KTEST_EXPECT_TRUE(test, pte_write(*walk(mm, BASE)));
}
#endif

static struct ktest_case mmap_cases[] = {
	KTEST_CASE(mmap_split_and_merge),
	KTEST_CASE(mmap_bad_arguments),
	KTEST_CASE(fault_demand_zero),
	KTEST_CASE(fault_reports_say_why),
	KTEST_CASE(fault_asked_directly),
	KTEST_CASE(fault_copy_on_write),
	KTEST_CASE(dup_mm_copies_only_mapped_ptes),
	KTEST_CASE(munmap_frees_page_tables),
	KTEST_CASE(mmap_gap_tree),
	KTEST_CASE(mmap_gap_tree_is_used),
	KTEST_CASE(validate_mm_reports_damage),
	KTEST_CASE(freed_kernel_table_leaves_mm),
	KTEST_CASE(mprotect_prot_none),
#ifdef CONFIG_SMP
	KTEST_CASE_TIMEOUT(mm_on_two_cpus, 60),
	KTEST_CASE(mprotect_flushes_other_cpu),
#endif
	{}
};

static struct ktest_suite mmap_suite = {
	.name = "mmap",
	.cases = mmap_cases,
	.exit = mmap_case_exit,
};
KTEST_SUITE(mmap_suite);
