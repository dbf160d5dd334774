// SPDX-License-Identifier: GPL-2.0
/*
 * White-box suite "pgtable" for the kernel page-table API (mm/pgtable.c):
 * the walk over the boot identity map, mapping pages and contiguous
 * ranges into the vmalloc area with protections, reading them back
 * through the new addresses and through slow_virt_to_phys(), the refusal
 * of bad ranges and of mapped pages (with nothing left behind), page
 * tables allocated on demand and freed when empty, the TLB flush
 * ceiling, and with CONFIG_SMP the shootdown of another CPU's TLB.
 *
 * The cases map at the top of the vmalloc area (test_addr(), across the
 * boundary of two page tables), where vmalloc's first fit from the bottom
 * does not reach while the suites run; they unmap all they map.
 */
#include <ktest.h>
#include <kmlab/kfence.h>
#include <kmlab/pgtable.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include <kmlab/smp.h>
#include <asm/spinlock.h>
#include "cpu_start_test.h"

#define NPAGES 3

/* Two pages below a page-table boundary near VMALLOC_END. */
static unsigned long test_addr(void)
{
	return VMALLOC_END - PGDIR_SIZE - 2 * PAGE_SIZE;
}

static bool mapped(unsigned long addr)
{
	unsigned int level;
	pte_t *pte = lookup_address(addr, &level);

	return pte && pte_present(*pte);
}

/* Whether KFENCE split the 4 MiB page of @addr into 4 KiB ones. */
static bool split_by_kfence(unsigned long addr)
{
#ifdef CONFIG_KFENCE
	unsigned long first = __kfence_pool_start & PGDIR_MASK;
	unsigned long last = (__kfence_pool_end - 1) & PGDIR_MASK;

	return __kfence_pool_end &&
	       ((addr & PGDIR_MASK) == first || (addr & PGDIR_MASK) == last);
#else
	return false;
#endif
}

/*
 * The identity map: 4 KiB pages below 4 MiB (and where KFENCE's pool is),
 * large pages above; page 0 unmapped.
 */
static void walk_identity_map(struct ktest *test)
{
	static int in_image;
	unsigned long heap = __get_free_pages(GFP_KERNEL, 0);
	unsigned int level;
	pte_t *pte;

	KTEST_ASSERT_NE(test, heap, 0);
	pte = lookup_address((unsigned long)&in_image, &level);
	KTEST_ASSERT_NOT_NULL(test, pte);
	KTEST_EXPECT_EQ(test, level, PG_LEVEL_4K);
	KTEST_EXPECT_TRUE(test, pte_present(*pte) && pte_write(*pte));
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(&in_image),
			(phys_addr_t)(unsigned long)&in_image);

	pte = lookup_address(heap, &level);
	KTEST_ASSERT_NOT_NULL(test, pte);
	KTEST_EXPECT_EQ(test, level,
			heap < PGDIR_SIZE || split_by_kfence(heap) ?
				PG_LEVEL_4K :
				PG_LEVEL_4M);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys((void *)(heap + 123)),
			(phys_addr_t)heap + 123);

	pte = lookup_address(0, &level);
	KTEST_ASSERT_NOT_NULL(test, pte);
	KTEST_EXPECT_FALSE(test, pte_present(*pte));
	KTEST_EXPECT_EQ(test, slow_virt_to_phys(NULL), PHYS_ADDR_MAX);

	/* The VMALLOC_OFFSET gap has no page table at all. */
	KTEST_EXPECT_NULL(test, lookup_address(MAXMEM, &level));
	KTEST_EXPECT_EQ(test, level, PG_LEVEL_NONE);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys((void *)MAXMEM), PHYS_ADDR_MAX);
	/* Above the vmalloc area the identity map goes on (the APICs). */
	KTEST_EXPECT_EQ(test, slow_virt_to_phys((void *)0xfee00010),
			(phys_addr_t)0xfee00010);
	free_pages(heap, 0);
}

/*
 * Pages of any physical order map contiguously; reads and writes go
 * through to the pages, the walk finds each frame, and two page tables
 * appear for the range across their boundary and go with vunmap_range().
 */
static void map_pages_and_read_back(struct ktest *test)
{
	unsigned long va = test_addr(), tables = nr_pagetable_pages();
	struct page *pages[NPAGES];
	u8 *p = (u8 *)va;

	for (int i = 0; i < NPAGES; i++) {
		/* Reverse order: physically the pages need not ascend. */
		pages[NPAGES - 1 - i] = alloc_page(GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(test, pages[NPAGES - 1 - i]);
		memset(page_address(pages[NPAGES - 1 - i]), 0x10 + i,
		       PAGE_SIZE);
	}
	KTEST_ASSERT_EQ(test,
			vmap_pages_range(va, va + NPAGES * PAGE_SIZE,
					 PAGE_KERNEL, pages),
			0);
	KTEST_EXPECT_EQ(test, nr_pagetable_pages(), tables + 2);
	for (int i = 0; i < NPAGES; i++) {
		unsigned long off = i * PAGE_SIZE + 77;

		KTEST_EXPECT_EQ(test, p[off], 0x10 + NPAGES - 1 - i);
		KTEST_EXPECT_EQ(
			test, slow_virt_to_phys(p + off),
			(phys_addr_t)(unsigned long)page_address(pages[i]) +
				77);
	}
	p[PAGE_SIZE + 5] = 0xab;
	KTEST_EXPECT_EQ(test, ((u8 *)page_address(pages[1]))[5], 0xab);

	vunmap_range(va, va + NPAGES * PAGE_SIZE);
	for (int i = 0; i < NPAGES; i++) {
		KTEST_EXPECT_FALSE(test, mapped(va + i * PAGE_SIZE));
		__free_page(pages[i]);
	}
	KTEST_EXPECT_EQ(test, nr_pagetable_pages(), tables);
}

/* A physically contiguous block, read-only: the pte says so. */
static void map_range_read_only(struct ktest *test)
{
	unsigned long va = test_addr(), blk = __get_free_pages(GFP_KERNEL, 1);
	unsigned int level;
	pte_t *pte;

	KTEST_ASSERT_NE(test, blk, 0);
	memset((void *)blk, 0x5a, 2 * PAGE_SIZE);
	KTEST_ASSERT_EQ(test,
			vmap_range(va, va + 2 * PAGE_SIZE, blk, PAGE_KERNEL_RO),
			0);
	pte = lookup_address(va + PAGE_SIZE, &level);
	KTEST_ASSERT_NOT_NULL(test, pte);
	KTEST_EXPECT_EQ(test, level, PG_LEVEL_4K);
	KTEST_EXPECT_TRUE(test, pte_present(*pte));
	KTEST_EXPECT_FALSE(test, pte_write(*pte));
	KTEST_EXPECT_EQ(test, pte_pfn(*pte), PFN_DOWN(blk) + 1);
	KTEST_EXPECT_EQ(test, ((u8 *)va)[2 * PAGE_SIZE - 1], 0x5a);
	vunmap_range(va, va + 2 * PAGE_SIZE);
	free_pages(blk, 1);
}

/*
 * Bad ranges are refused with -EINVAL, a page mapped already with -EBUSY;
 * the refused call leaves nothing mapped and no new page table behind.
 */
static void map_refuses_bad_ranges(struct ktest *test)
{
	unsigned long va = test_addr(), tables = nr_pagetable_pages();
	unsigned long blk = __get_free_pages(GFP_KERNEL, 0);

	KTEST_ASSERT_NE(test, blk, 0);
	KTEST_EXPECT_EQ(test,
			vmap_range(va + 1, va + PAGE_SIZE, blk, PAGE_KERNEL),
			-EINVAL);
	KTEST_EXPECT_EQ(test, vmap_range(va, va, blk, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(test,
			vmap_range(va, va + PAGE_SIZE, blk + 8, PAGE_KERNEL),
			-EINVAL);
	KTEST_EXPECT_EQ(test,
			vmap_range(blk, blk + PAGE_SIZE, blk, PAGE_KERNEL),
			-EINVAL);
	KTEST_EXPECT_EQ(
		test, vmap_range(MAXMEM, MAXMEM + PAGE_SIZE, blk, PAGE_KERNEL),
		-EINVAL);
	KTEST_EXPECT_EQ(test,
			vmap_range(VMALLOC_END - PAGE_SIZE,
				   VMALLOC_END + PAGE_SIZE, blk, PAGE_KERNEL),
			-EINVAL);
	KTEST_EXPECT_EQ(test, nr_pagetable_pages(), tables);

	/* The third page is taken: the first two must not stay mapped. */
	KTEST_ASSERT_EQ(test,
			vmap_range(va + 2 * PAGE_SIZE, va + 3 * PAGE_SIZE, blk,
				   PAGE_KERNEL),
			0);
	KTEST_EXPECT_EQ(test,
			vmap_range(va, va + 4 * PAGE_SIZE, blk, PAGE_KERNEL),
			-EBUSY);
	KTEST_EXPECT_FALSE(test, mapped(va));
	KTEST_EXPECT_FALSE(test, mapped(va + PAGE_SIZE));
	KTEST_EXPECT_TRUE(test, mapped(va + 2 * PAGE_SIZE));
	KTEST_EXPECT_FALSE(test, mapped(va + 3 * PAGE_SIZE));
	KTEST_EXPECT_EQ(test, slow_virt_to_phys((void *)(va + 2 * PAGE_SIZE)),
			(phys_addr_t)blk);
	KTEST_EXPECT_EQ(test, nr_pagetable_pages(), tables + 1);
	/* Taken at the first page: the table stays, the mapping too. */
	KTEST_EXPECT_EQ(test,
			vmap_range(va + 2 * PAGE_SIZE, va + 3 * PAGE_SIZE,
				   blk + PAGE_SIZE, PAGE_KERNEL),
			-EBUSY);
	KTEST_EXPECT_EQ(test, nr_pagetable_pages(), tables + 1);
	KTEST_EXPECT_EQ(test, slow_virt_to_phys((void *)(va + 2 * PAGE_SIZE)),
			(phys_addr_t)blk);
	/* Frames past 4 GiB: -EINVAL, nothing mapped. */
	KTEST_EXPECT_EQ(test,
			vmap_range(va, va + 2 * PAGE_SIZE, 0xfffff000ULL,
				   PAGE_KERNEL),
			-EINVAL);
	KTEST_EXPECT_FALSE(test, mapped(va));
	/* Unmapping outside the vmalloc area is ignored. */
	vunmap_range_noflush(blk, blk + PAGE_SIZE);
	KTEST_EXPECT_TRUE(test, mapped(blk));
	/*
	 * Over 4 MiB with no table (or empty ptes) and a table with one
	 * pte present and one empty: only that pte goes, and its table.
	 */
	vunmap_range(va, va + 4 * PAGE_SIZE);
	KTEST_EXPECT_FALSE(test, mapped(va + 2 * PAGE_SIZE));
	KTEST_EXPECT_EQ(test, nr_pagetable_pages(), tables);
	free_pages(blk, 0);
}

/*
 * Unmapping without a flush keeps the empty table; free_pgtables_kernel()
 * frees it (with one full flush) and only when it maps nothing.
 */
static void empty_tables_freed(struct ktest *test)
{
	unsigned long va = test_addr() + 2 * PAGE_SIZE; /* first of a table */
	unsigned long tables = nr_pagetable_pages(), flushes;
	unsigned long blk = __get_free_pages(GFP_KERNEL, 0);
	unsigned int level;

	KTEST_ASSERT_NE(test, blk, 0);
	KTEST_ASSERT_EQ(test, vmap_range(va, va + PAGE_SIZE, blk, PAGE_KERNEL),
			0);
	KTEST_ASSERT_EQ(test,
			vmap_range(va + 9 * PAGE_SIZE, va + 10 * PAGE_SIZE, blk,
				   PAGE_KERNEL),
			0);
	KTEST_EXPECT_EQ(test, nr_pagetable_pages(), tables + 1);
	vunmap_range_noflush(va, va + PAGE_SIZE);
	KTEST_EXPECT_FALSE(test, mapped(va));
	/* One pte is still present: the table stays. */
	KTEST_EXPECT_EQ(test, free_pgtables_kernel(va, va + PAGE_SIZE), 0);
	vunmap_range_noflush(va + 9 * PAGE_SIZE, va + 10 * PAGE_SIZE);
	KTEST_EXPECT_NOT_NULL(test, lookup_address(va, &level));
	KTEST_EXPECT_EQ(test, nr_pagetable_pages(), tables + 1);

	flushes = nr_tlb_local_flush_all;
	KTEST_EXPECT_EQ(test, free_pgtables_kernel(va, va + PAGE_SIZE), 1);
	KTEST_EXPECT_EQ(test, nr_tlb_local_flush_all, flushes + 1);
	KTEST_EXPECT_NULL(test, lookup_address(va, &level));
	KTEST_EXPECT_EQ(test, nr_pagetable_pages(), tables);
	/* Nothing left to free: no flush either. */
	KTEST_EXPECT_EQ(test, free_pgtables_kernel(va, va + PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(test, nr_tlb_local_flush_all, flushes + 1);
	free_pages(blk, 0);
}

/*
 * A remapped page reads its new frame after the flush; a range flushes
 * page by page up to the ceiling and all at once above it.
 */
static void tlb_flush_range(struct ktest *test)
{
	unsigned long va = test_addr();
	unsigned long a = __get_free_pages(GFP_KERNEL, 0);
	unsigned long b = __get_free_pages(GFP_KERNEL, 0);
	unsigned long one, all;

	KTEST_ASSERT_NE(test, a, 0);
	KTEST_ASSERT_NE(test, b, 0);
	*(u32 *)a = 0xaaaaaaaa;
	*(u32 *)b = 0xbbbbbbbb;
	KTEST_ASSERT_EQ(test, vmap_range(va, va + PAGE_SIZE, a, PAGE_KERNEL),
			0);
	KTEST_EXPECT_EQ(test, *(volatile u32 *)va, 0xaaaaaaaa);
	vunmap_range(va, va + PAGE_SIZE);
	KTEST_ASSERT_EQ(test, vmap_range(va, va + PAGE_SIZE, b, PAGE_KERNEL),
			0);
	KTEST_EXPECT_EQ(test, *(volatile u32 *)va, 0xbbbbbbbb);
	vunmap_range(va, va + PAGE_SIZE);

	one = nr_tlb_local_flush_one;
	all = nr_tlb_local_flush_all;
	flush_tlb_kernel_range(va,
			       va + TLB_SINGLE_PAGE_FLUSH_CEILING * PAGE_SIZE);
	KTEST_EXPECT_EQ(test, nr_tlb_local_flush_one,
			one + TLB_SINGLE_PAGE_FLUSH_CEILING);
	KTEST_EXPECT_EQ(test, nr_tlb_local_flush_all, all);
	flush_tlb_kernel_range(va, va + (TLB_SINGLE_PAGE_FLUSH_CEILING + 1) *
						   PAGE_SIZE);
	KTEST_EXPECT_EQ(test, nr_tlb_local_flush_one,
			one + TLB_SINGLE_PAGE_FLUSH_CEILING);
	KTEST_EXPECT_EQ(test, nr_tlb_local_flush_all, all + 1);
	flush_tlb_kernel_range(va + PAGE_SIZE, va); /* empty */
	KTEST_EXPECT_EQ(test, nr_tlb_local_flush_one,
			one + TLB_SINGLE_PAGE_FLUSH_CEILING);
	free_pages(a, 0);
	free_pages(b, 0);
}

#ifdef CONFIG_SMP
/* CPU 1's two reads of test_addr(), around the case's remapping. */
struct remap_reader {
	int step; /* 1: first read done; 2: remapped; 3: second read done */
	u32 before, after;
};

/* On CPU 1, interrupts off: read, wait for the remapping, read again. */
static void read_around_remap(void *info)
{
	struct remap_reader *r = info;

	r->before = *(volatile u32 *)test_addr();
	__atomic_store_n(&r->step, 1, __ATOMIC_RELEASE);
	wait_step(&r->step, 2);
	r->after = *(volatile u32 *)test_addr();
	__atomic_store_n(&r->step, 3, __ATOMIC_RELEASE);
}

/*
 * vunmap_range() must reach the TLB of a CPU that read the page and waits
 * with interrupts off: after the address is mapped to another page, that
 * CPU reads the new page, not the old one through a stale translation.
 * The case's CPU remaps with its interrupts off too.
 */
static void tlb_shootdown_reaches_other_cpu(struct ktest *test)
{
	unsigned long va = test_addr(), flags, shootdowns = nr_tlb_remote_flush;
	unsigned long a, b;
	struct remap_reader r = {};

	/* Before the pages: a skipped case must not leak them. */
	if (num_online_cpus() < 2)
		ktest_skip(test, "needs a second CPU");
	a = __get_free_pages(GFP_KERNEL, 0);
	b = __get_free_pages(GFP_KERNEL, 0);
	KTEST_ASSERT_NE(test, a, 0);
	KTEST_ASSERT_NE(test, b, 0);
	*(u32 *)a = 0xaaaaaaaa;
	*(u32 *)b = 0xbbbbbbbb;
	KTEST_ASSERT_EQ(test, vmap_range(va, va + PAGE_SIZE, a, PAGE_KERNEL),
			0);
	KTEST_ASSERT_EQ(
		test, smp_call_function_single(1, read_around_remap, &r, false),
		0);
	wait_step(&r.step, 1);
	flags = local_irq_save();
	vunmap_range(va, va + PAGE_SIZE);
	local_irq_restore(flags);
	KTEST_EXPECT_EQ(test, vmap_range(va, va + PAGE_SIZE, b, PAGE_KERNEL),
			0);
	__atomic_store_n(&r.step, 2, __ATOMIC_RELEASE);
	wait_step(&r.step, 3);
	KTEST_EXPECT_EQ(test, r.before, 0xaaaaaaaa);
	KTEST_EXPECT_EQ(test, r.after, 0xbbbbbbbb);
	KTEST_EXPECT_GT(test, nr_tlb_remote_flush, shootdowns);
	/* flush_tlb_all() is every CPU's too, as Linux's. */
	shootdowns = nr_tlb_remote_flush;
	flush_tlb_all();
	KTEST_EXPECT_EQ(test, nr_tlb_remote_flush, shootdowns + 1);
	vunmap_range(va, va + PAGE_SIZE);
	free_pages(a, 0);
	free_pages(b, 0);
}

/* invlpg of one page on each CPU in flush_counts_exact_on_every_cpu. */
#define FLUSHES_PER_CPU 100000

static unsigned long flush_many(void *arg, unsigned int cpu, char *msg)
{
	wait_for_every_cpu(arg);
	for (unsigned int i = 0; i < FLUSHES_PER_CPU; i++)
		flush_tlb_one_kernel(test_addr());
	return 0;
}

/* Every CPU flushing at once: each flush counted, none lost. */
static void flush_counts_exact_on_every_cpu(struct ktest *test)
{
	unsigned long one = nr_tlb_local_flush_one;
	unsigned int cpus, arrived = 0;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs a second CPU");
	cpus = ktest_run_on_each_cpu(test, flush_many, &arrived);
	KTEST_EXPECT_EQ(test, nr_tlb_local_flush_one - one,
			(unsigned long)cpus * FLUSHES_PER_CPU);
}
#endif

static struct ktest_case pgtable_cases[] = {
	KTEST_CASE(walk_identity_map),
	KTEST_CASE(map_pages_and_read_back),
	KTEST_CASE(map_range_read_only),
	KTEST_CASE(map_refuses_bad_ranges),
	KTEST_CASE(empty_tables_freed),
	KTEST_CASE(tlb_flush_range),
#ifdef CONFIG_SMP
	KTEST_CASE(tlb_shootdown_reaches_other_cpu),
	KTEST_CASE(flush_counts_exact_on_every_cpu),
#endif
	{}
};

static struct ktest_suite pgtable_suite = {
	.name = "pgtable",
	.cases = pgtable_cases,
};
KTEST_SUITE(pgtable_suite);
