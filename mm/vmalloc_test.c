// SPDX-License-Identifier: GPL-2.0
/*
 * White-box suite "vmalloc" for mm/vmalloc.c, unchanged on every backend:
 * pages mapped contiguously and found again through the page tables, the
 * unmapped guard page after every area, first-fit reuse of a freed range
 * (only after the purge: the lazy TLB flush), the purge threshold and the
 * purge when the area runs out, vmap/vunmap of the caller's pages,
 * kvmalloc's fallback to vmalloc when no contiguous block is left, and
 * bad vfree/vunmap reported (NULL ignored), vmalloc_to_page() of what is
 * not mapped. vmalloc_validate() checks the trees after every case, and
 * finds a busy area whose vm_struct has the wrong size, whose first page
 * is unmapped or whose guard page is mapped. With CONFIG_SMP, every CPU
 * vmalloc()s and vfree()s at once (vmalloc_on_every_cpu).
 *
 * Each case frees what it takes; the suite's exit purges the lazily freed
 * areas (vm_unmap_aliases()) so their metadata and page tables are freed
 * before ktest's leak check, and every case starts with the whole area
 * free above what other code keeps.
 *
 * With CONFIG_KTEST_EXAMPLES_FAIL, suite "vmalloc_fail" writes one byte
 * past an area: the guard page faults and the case fails with a report
 * naming the area and its caller (tools/testing/ktest-examples/ checks
 * it).
 */
#include <ktest.h>
#include <ktest/log.h>
#include <kmlab/vmalloc.h>
#include <kmlab/pgtable.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/string.h>
#include <kmlab/kallsyms.h>
#include <kmlab/random.h>
#include <kmlab/smp.h>
#include "internal.h"
#include "kfence_pause_test.h"

static bool mapped(const void *addr)
{
	unsigned int level;
	pte_t *pte = lookup_address((unsigned long)addr, &level);

	return pte && pte_present(*pte);
}

/* "(caller FN+0x" or "from FN+0x" appears in the captured log. */
static void expect_names(struct ktest *test, const char *buf, const char *fn)
{
	char want[64];

	snprintf(want, sizeof(want), "%s+0x", fn);
	KTEST_EXPECT_NOT_NULL_MSG(test, strstr(buf, want), "%s in '%s'", want,
				  buf);
}

/*
 * 3 pages and 5 bytes take 4 pages and a guard page: every byte writable,
 * each page found by vmalloc_to_page() and slow_virt_to_phys(), the
 * guard page unmapped, the vm_struct naming this function.
 */
static void vmalloc_maps_pages(struct ktest *test)
{
	unsigned long size = 3 * PAGE_SIZE + 5;
	u8 *p = vmalloc(size);
	struct vm_struct *vm;
	char who[KSYM_SYMBOL_LEN + 16];

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_TRUE(test, is_vmalloc_addr(p));
	KTEST_EXPECT_EQ(test, (unsigned long)p % PAGE_SIZE, 0);
	vm = find_vm_area(p + size - 1);
	KTEST_ASSERT_NOT_NULL(test, vm);
	KTEST_EXPECT_PTR_EQ(test, vm->addr, p);
	KTEST_EXPECT_EQ(test, vm->size, 5 * PAGE_SIZE);
	KTEST_EXPECT_EQ(test, vm->nr_pages, 4);
	KTEST_EXPECT_EQ(test, vm->flags, VM_ALLOC);
	snprintf(who, sizeof(who), "%pS", (void *)vm->caller);
	expect_names(test, who, __func__);

	for (unsigned long i = 0; i < size; i++)
		p[i] = (u8)(i * 7);
	for (unsigned int i = 0; i < 4; i++) {
		u8 *in_page = p + i * PAGE_SIZE + 3;

		KTEST_EXPECT_PTR_EQ(test, vmalloc_to_page(in_page),
				    vm->pages[i]);
		KTEST_EXPECT_EQ(
			test, slow_virt_to_phys(in_page),
			(phys_addr_t)(unsigned long)page_address(vm->pages[i]) +
				3);
		KTEST_EXPECT_EQ(
			test,
			*(u8 *)((unsigned long)page_address(vm->pages[i]) + 3),
			(u8)((i * PAGE_SIZE + 3) * 7));
	}
	KTEST_EXPECT_FALSE(test, mapped(p + 4 * PAGE_SIZE));
	KTEST_EXPECT_NULL(test, vmalloc_to_page(p + 4 * PAGE_SIZE));
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);

	vfree(p);
	/* Unmapped at once, the range kept back until the purge. */
	KTEST_EXPECT_FALSE(test, mapped(p));
	KTEST_EXPECT_NULL(test, find_vm_area(p));
	KTEST_EXPECT_EQ(test, vmap_lazy_nr, 5);
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
}

/* vzalloc() zeroes pages that vmalloc() left dirty. */
static void vzalloc_zeroes(struct ktest *test)
{
	u8 *p = vmalloc(2 * PAGE_SIZE);

	KTEST_ASSERT_NOT_NULL(test, p);
	memset(p, 0xff, 2 * PAGE_SIZE);
	vfree(p);
	vm_unmap_aliases();
	p = vzalloc(2 * PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(test, p);
	for (unsigned long i = 0; i < 2 * PAGE_SIZE; i++)
		if (p[i]) {
			KTEST_FAIL(test, "byte %lu is %#x", i, p[i]);
			break;
		}
	vfree(p);
}

/*
 * Areas one after another are a guard page apart, and a fault report on
 * the guard page names the area before it and who allocated it.
 */
static void guard_page_after_every_area(struct ktest *test)
{
	u8 *a = vmalloc(PAGE_SIZE), *b = vmalloc(3 * PAGE_SIZE);
	char buf[160], want[160];

	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_EXPECT_PTR_EQ(test, b, a + 2 * PAGE_SIZE);
	KTEST_EXPECT_TRUE(test, mapped(a + PAGE_SIZE - 1));
	KTEST_EXPECT_FALSE(test, mapped(a + PAGE_SIZE));
	KTEST_EXPECT_FALSE(test, mapped(b + 3 * PAGE_SIZE));

	KTEST_ASSERT_GT(test,
			vmalloc_describe_addr((unsigned long)a + PAGE_SIZE, buf,
					      sizeof(buf)),
			0);
	KTEST_EXPECT_NOT_NULL_MSG(
		test, strstr(buf, "is the guard page of vmalloc area"), "%s",
		buf);
	KTEST_EXPECT_NOT_NULL_MSG(test, strstr(buf, "(4096 bytes)"), "%s", buf);
	expect_names(test, buf, __func__);
	KTEST_ASSERT_GT(test,
			vmalloc_describe_addr((unsigned long)b + 5, buf,
					      sizeof(buf)),
			0);
	KTEST_EXPECT_NOT_NULL_MSG(test, strstr(buf, "is inside vmalloc area"),
				  "%s", buf);
	vfree(a);
	KTEST_ASSERT_GT(
		test, vmalloc_describe_addr((unsigned long)a, buf, sizeof(buf)),
		0);
	KTEST_EXPECT_NOT_NULL_MSG(test, strstr(buf, "freed (lazily"), "%s",
				  buf);
	/* Two areas wait: each address is found in its own. */
	vfree(b);
	vmalloc_describe_addr((unsigned long)b + 5, buf, sizeof(buf));
	snprintf(
		want, sizeof(want),
		"address %#lx is in vmalloc area %#lx-%#lx, freed (lazily, not purged yet)",
		(unsigned long)b + 5, (unsigned long)b,
		(unsigned long)b + 4 * PAGE_SIZE - 1);
	KTEST_EXPECT_STREQ(test, buf, want);
	vmalloc_describe_addr((unsigned long)a, buf, sizeof(buf));
	snprintf(
		want, sizeof(want),
		"address %#lx is in vmalloc area %#lx-%#lx, freed (lazily, not purged yet)",
		(unsigned long)a, (unsigned long)a,
		(unsigned long)a + 2 * PAGE_SIZE - 1);
	KTEST_EXPECT_STREQ(test, buf, want);
	vm_unmap_aliases();
	KTEST_ASSERT_GT(
		test, vmalloc_describe_addr((unsigned long)a, buf, sizeof(buf)),
		0);
	KTEST_EXPECT_NOT_NULL_MSG(test, strstr(buf, "in no live area"), "%s",
				  buf);
	KTEST_EXPECT_EQ(test, vmalloc_describe_addr(0x100000, buf, sizeof(buf)),
			0);
}

/*
 * A freed range is reused only after the purge, then first fit takes the
 * lowest range that fits and splits it from the front.
 */
static void freed_area_reused_after_purge(struct ktest *test)
{
	u8 *a = vmalloc(4 * PAGE_SIZE); /* 5 pages with its guard */
	u8 *b = vmalloc(PAGE_SIZE), *c, *d, *e;

	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	vfree(a);
	c = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(test, c);
	KTEST_EXPECT_GT(test, (unsigned long)c, (unsigned long)b);
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);

	vm_unmap_aliases();
	KTEST_EXPECT_EQ(test, vmap_lazy_nr, 0);
	d = vmalloc(2 * PAGE_SIZE); /* 3 of the 5 free pages */
	e = vmalloc(PAGE_SIZE); /* the other 2 */
	KTEST_ASSERT_NOT_NULL(test, d);
	KTEST_ASSERT_NOT_NULL(test, e);
	KTEST_EXPECT_PTR_EQ(test, d, a);
	KTEST_EXPECT_PTR_EQ(test, e, a + 3 * PAGE_SIZE);
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
	vfree(b);
	vfree(c);
	vfree(d);
	vfree(e);
	vm_unmap_aliases();
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
}

/*
 * vfree() flushes no TLB entry; the free that takes the lazy pages past
 * vmap_lazy_max_pages purges: one range flush, empty page tables freed.
 */
static void lazy_purge_threshold(struct ktest *test)
{
	unsigned long saved = vmap_lazy_max_pages, purges = nr_vmap_purges;
	unsigned long tables = nr_pagetable_pages(), flushes;
	void *p[3];

	for (int i = 0; i < 3; i++) {
		p[i] = vmalloc(2 * PAGE_SIZE);
		KTEST_ASSERT_NOT_NULL(test, p[i]);
	}
	vmap_lazy_max_pages = 8;
	flushes = nr_tlb_local_flush_one + nr_tlb_local_flush_all;
	vfree(p[0]);
	vfree(p[1]);
	KTEST_EXPECT_EQ(test, vmap_lazy_nr, 6);
	KTEST_EXPECT_EQ(test, nr_vmap_purges, purges);
	KTEST_EXPECT_EQ(test, nr_tlb_local_flush_one + nr_tlb_local_flush_all,
			flushes);
	vfree(p[2]); /* 9 pages wait: more than 8 */
	vmap_lazy_max_pages = saved;
	KTEST_EXPECT_EQ(test, nr_vmap_purges, purges + 1);
	KTEST_EXPECT_EQ(test, vmap_lazy_nr, 0);
	KTEST_EXPECT_GT(test, nr_tlb_local_flush_one + nr_tlb_local_flush_all,
			flushes);
	KTEST_EXPECT_LE(test, nr_pagetable_pages(), tables);
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
}

#define BIG_AREA_PAGES 8000u

/*
 * Fill the vmalloc area with vmap()s of one page over and over (virtual
 * space without memory); then an area freed lazily is purged and reused
 * by the allocation that finds no room, and only when nothing is left
 * does vmap() fail, with one line.
 */
static void purge_when_area_full(struct ktest *test)
{
	unsigned long saved = vmap_lazy_max_pages, purges;
	struct page **pages = vmalloc(BIG_AREA_PAGES * sizeof(*pages));
	struct page *page = alloc_page(GFP_KERNEL);
	void *areas[64], *again;
	unsigned int n = 0;

	KTEST_ASSERT_NOT_NULL(test, pages);
	KTEST_ASSERT_NOT_NULL(test, page);
	for (unsigned int i = 0; i < BIG_AREA_PAGES; i++)
		pages[i] = page;
	vmap_lazy_max_pages = ULONG_MAX;
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	while (n < ARRAY_SIZE(areas) &&
	       (areas[n] = vmap(pages, BIG_AREA_PAGES, VM_MAP, PAGE_KERNEL)))
		n++;
	KTEST_EXPECT_LT(test, n, ARRAY_SIZE(areas));
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "out of vmalloc space"), 1);
	expect_names(test, ktest_log_text(test), __func__);
	ktest_log_capture_stop(test);
	KTEST_ASSERT_GT(test, n, 1);

	vunmap(areas[n - 2]);
	purges = nr_vmap_purges;
	again = vmap(pages, BIG_AREA_PAGES, VM_MAP, PAGE_KERNEL);
	KTEST_EXPECT_PTR_EQ(test, again, areas[n - 2]);
	KTEST_EXPECT_EQ(test, nr_vmap_purges, purges + 1);
	if (again)
		areas[n - 2] = again;
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
	for (unsigned int i = 0; i < n; i++)
		vunmap(areas[i]);
	vmap_lazy_max_pages = saved;
	vfree(pages);
	__free_page(page);
}

/* vmap() maps the caller's pages with the asked protection, keeps them. */
static void vmap_maps_caller_pages(struct ktest *test)
{
	struct page *pages[3];
	unsigned int level;
	u8 *p, *ro;

	for (int i = 0; i < 3; i++) {
		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KTEST_ASSERT_NOT_NULL(test, pages[i]);
	}
	p = vmap(pages, 3, VM_MAP, PAGE_KERNEL);
	ro = vmap(pages, 3, VM_MAP, PAGE_KERNEL_RO);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_NOT_NULL(test, ro);
	KTEST_EXPECT_EQ(test, find_vm_area(p)->flags, VM_MAP);
	p[2 * PAGE_SIZE + 9] = 0x42;
	KTEST_EXPECT_EQ(test, ((u8 *)page_address(pages[2]))[9], 0x42);
	KTEST_EXPECT_EQ(test, ro[2 * PAGE_SIZE + 9], 0x42);
	KTEST_EXPECT_TRUE(test,
			  pte_write(*lookup_address((unsigned long)p, &level)));
	KTEST_EXPECT_FALSE(
		test, pte_write(*lookup_address((unsigned long)ro, &level)));
	KTEST_EXPECT_FALSE(test, mapped(p + 3 * PAGE_SIZE));
	vunmap(p);
	vunmap(ro);
	/* The pages are still the caller's. */
	KTEST_EXPECT_EQ(test, ((u8 *)page_address(pages[2]))[9], 0x42);
	for (int i = 0; i < 3; i++)
		__free_page(pages[i]);
}

/* Bad sizes fail with one line each (none with __GFP_NOWARN). */
static void bad_sizes_fail_with_a_line(struct ktest *test)
{
	unsigned int too_many = (VMALLOC_END - VMALLOC_START) / PAGE_SIZE;
	char want[96];

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, vmalloc(0));
	KTEST_EXPECT_EQ(
		test,
		ktest_log_count(
			test,
			"vmalloc: allocation of 0 bytes failed: size 0 (caller "),
		1);
	KTEST_EXPECT_NULL(test, vmalloc(VMALLOC_END - VMALLOC_START));
	KTEST_EXPECT_EQ(
		test, ktest_log_count(test, "larger than the vmalloc area"), 1);
	expect_names(test, ktest_log_text(test), __func__);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, __vmalloc(0, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_NULL(test, vmap(NULL, 0, VM_MAP, PAGE_KERNEL));
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "vmalloc:"), 1);
	/* A count of pages as large as the area leaves no guard page. */
	KTEST_EXPECT_NULL(test, vmap(NULL, too_many, VM_MAP, PAGE_KERNEL));
	snprintf(
		want, sizeof(want),
		"vmalloc: allocation of %lu bytes failed: larger than the vmalloc area",
		VMALLOC_END - VMALLOC_START);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, want), 1);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "vmalloc:"), 2);
	ktest_log_capture_stop(test);
}

/*
 * vfree() and vunmap() of an address that starts no live area are
 * reported once each, counted, and change nothing.
 */
static void bad_vfree_reported(struct ktest *test)
{
	unsigned long bad = kmalloc_stats_now().bad_input;
	u8 *p = vmalloc(2 * PAGE_SIZE);

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	vfree(p + PAGE_SIZE);
	vunmap(p + 8);
	vfree((void *)(VMALLOC_END - PAGE_SIZE));
	KTEST_EXPECT_EQ(
		test, ktest_log_count(test, "kmalloc: invalid vfree of 0x"), 2);
	KTEST_EXPECT_EQ(test,
			ktest_log_count(test, "kmalloc: invalid vunmap of 0x"),
			1);
	expect_names(test, ktest_log_text(test), __func__);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 3);
	KTEST_EXPECT_TRUE(test, mapped(p + PAGE_SIZE));
	p[2 * PAGE_SIZE - 1] = 1;
	vfree(p);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	vfree(p); /* twice */
	vfree(NULL); /* nothing, not reported */
	vunmap(NULL);
	KTEST_EXPECT_EQ(
		test, ktest_log_count(test, "kmalloc: invalid vfree of 0x"), 1);
	ktest_log_capture_stop(test);
	KTEST_EXPECT_EQ(test, kmalloc_stats_now().bad_input, bad + 4);
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
}

/* A busy area whose vm_struct disagrees with its range: validate() says so. */
static void validate_sees_wrong_vm_size(struct ktest *test)
{
	u8 *p = vmalloc(2 * PAGE_SIZE);
	struct vm_struct *vm;
	unsigned long size;
	char want[96];

	KTEST_ASSERT_NOT_NULL(test, p);
	vm = find_vm_area(p);
	KTEST_ASSERT_NOT_NULL(test, vm);
	size = vm->size;
	KTEST_ASSERT_EQ(test, vmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	vm->size += PAGE_SIZE;
	snprintf(
		want, sizeof(want),
		"vmalloc: busy area %#lx-%#lx: vm_struct, mapping or guard page wrong",
		(unsigned long)p, (unsigned long)p + size);
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, want);
	vm->size = size;
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
	vfree(p);
}

/*
 * validate() checks each busy area's mapping: its first page mapped, its
 * guard page not. Damage one page-table entry at a time (nothing reads
 * or writes the pages meanwhile), expect the exact line, repair, flush,
 * expect a clean walk.
 */
static void validate_sees_wrong_mapping(struct ktest *test)
{
	u8 *p = vmalloc(PAGE_SIZE);
	unsigned long a = (unsigned long)p, guard = a + PAGE_SIZE;
	pte_t *first, *last, saved;
	unsigned int level;
	char want[96];
	int unmapped, guard_mapped;

	KTEST_ASSERT_NOT_NULL(test, p);
	first = lookup_address(a, &level);
	KTEST_ASSERT_TRUE(test, first && level == PG_LEVEL_4K);
	/* The guard page shares the page table unless it starts a new one. */
	last = lookup_address(guard, &level);
	KTEST_ASSERT_TRUE(test, last && !pte_present(*last));
	KTEST_ASSERT_EQ(test, vmalloc_validate(), 0);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	saved = *first;
	pte_clear(first);
	unmapped = vmalloc_validate();
	set_pte(first, saved);
	flush_tlb_one_kernel(a);
	set_pte(last, saved);
	guard_mapped = vmalloc_validate();
	pte_clear(last);
	flush_tlb_one_kernel(guard);
	snprintf(
		want, sizeof(want),
		"vmalloc: busy area %#lx-%#lx: vm_struct, mapping or guard page wrong",
		a, a + 2 * PAGE_SIZE);
	KTEST_EXPECT_EQ(test, unmapped, 1);
	KTEST_EXPECT_EQ(test, guard_mapped, 1);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, want), 2);
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
	p[PAGE_SIZE - 1] = 1;
	vfree(p);
}

/*
 * vmalloc_to_page() of an address outside the vmalloc area, of an unmapped
 * guard page and of 4 MiB with no page table is NULL; of a
 * mapped page, the page vmalloc() put there.
 */
static void vmalloc_to_page_unmapped(struct ktest *test)
{
	static u8 not_vmalloc;
	unsigned long a = VMALLOC_END - PGDIR_SIZE;
	u8 *p = vmalloc(PAGE_SIZE);
	unsigned int level;

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_PTR_EQ(test, vmalloc_to_page(&not_vmalloc), NULL);
	KTEST_EXPECT_PTR_EQ(test, vmalloc_to_page(p + PAGE_SIZE), NULL);
	KTEST_EXPECT_PTR_EQ(test, vmalloc_to_page(p),
			    find_vm_area(p)->pages[0]);
	vfree(p);
	KTEST_EXPECT_PTR_EQ(test, vmalloc_to_page(p), NULL);
	/* Page tables come on demand: most 4 MiB of the area have none. */
	while (a > VMALLOC_START && lookup_address(a, &level))
		a -= PGDIR_SIZE;
	KTEST_ASSERT_GT(test, a, VMALLOC_START);
	KTEST_EXPECT_PTR_EQ(test, vmalloc_to_page((void *)a), NULL);

	/* A frame past mem_map, mapped but never read: it has no page. */
	a = VMALLOC_END - PAGE_SIZE;
	KTEST_ASSERT_FALSE(test, mapped((void *)a));
	KTEST_ASSERT_LE(test,
			(phys_addr_t)(mem_map_base_pfn + mem_map_nr + 1)
				<< PAGE_SHIFT,
			1ULL << 32);
	KTEST_ASSERT_EQ(test,
			vmap_range(a, a + PAGE_SIZE,
				   (phys_addr_t)(mem_map_base_pfn + mem_map_nr)
					   << PAGE_SHIFT,
				   PAGE_KERNEL),
			0);
	KTEST_EXPECT_TRUE(test, mapped((void *)a));
	KTEST_EXPECT_PTR_EQ(test, vmalloc_to_page((void *)a), NULL);
	vunmap_range(a, a + PAGE_SIZE);
	KTEST_EXPECT_FALSE(test, mapped((void *)a));
}

/*
 * kvmalloc() of a page or less is kmalloc(), and so is more while
 * kmalloc() has a block that large (a heap fresh from the case start
 * has); kvfree() frees either kind.
 */
static void kvmalloc_small_is_kmalloc(struct ktest *test)
{
	void *a = kvmalloc(100, GFP_KERNEL),
	     *b = kvzalloc(PAGE_SIZE, GFP_KERNEL);
	u8 *c = kvzalloc(2 * PAGE_SIZE, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, c);
	KTEST_EXPECT_FALSE(test, is_vmalloc_addr(c));
	KTEST_EXPECT_EQ(test, c[2 * PAGE_SIZE - 1], 0);
	kvfree(c);

	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_EXPECT_FALSE(test, is_vmalloc_addr(a));
	KTEST_EXPECT_FALSE(test, is_vmalloc_addr(b));
	KTEST_EXPECT_EQ(test, ((u8 *)b)[PAGE_SIZE - 1], 0);
	kvfree(a);
	kvfree(b);
	kvfree(NULL);
}

#define FRAG_CHUNK_MIN (16UL << 10)
#define FRAG_CHUNK_MAX (256UL << 10)
#define FRAG_CHUNKS 512

/*
 * The chunk size for fragment_heap(): the smallest power of two from
 * FRAG_CHUNK_MIN that cuts the memory the kernel manages (mem_map) into
 * at most FRAG_CHUNKS chunks, capped at FRAG_CHUNK_MAX. Filling the heap
 * then takes a few hundred allocations at the default -m 128M, which
 * stays cheap when CONFIG_KMALLOC_CHECK_EVERY_OP walks the whole heap
 * after each one (16 KiB chunks took minutes of guest time there).
 */
static unsigned long frag_chunk(void)
{
	unsigned long chunk = FRAG_CHUNK_MIN;

	while (chunk < FRAG_CHUNK_MAX &&
	       chunk / PAGE_SIZE * FRAG_CHUNKS < mem_map_nr)
		chunk <<= 1;
	return chunk;
}

/*
 * Fill the heap with @chunk byte blocks, then free every other one in
 * allocation order: no free block of 4 * @chunk is left (first fit and
 * TLSF hand out neighbours in order; a buddy block's buddy is its
 * neighbour in order), while half the heap is free in small pieces.
 * Return: the kept blocks, linked through their first word.
 */
static void *fragment_heap(unsigned long chunk)
{
	void *kept = NULL, *all = NULL, *p;
	bool keep = false;

	while ((p = kmalloc(chunk, GFP_KERNEL | __GFP_NOWARN))) {
		*(void **)p = all;
		all = p;
	}
	while (all) {
		p = all;
		all = *(void **)p;
		if (keep) {
			*(void **)p = kept;
			kept = p;
		} else {
			kfree(p);
		}
		keep = !keep;
	}
	return kept;
}

static void free_list(void *list)
{
	while (list) {
		void *next = *(void **)list;

		kfree(list);
		list = next;
	}
}

/*
 * With no free block large enough, kvmalloc() serves from vmalloc(),
 * silently: kmalloc()'s failure prints no line.
 */
static void kvmalloc_falls_back_to_vmalloc(struct ktest *test)
{
	unsigned long largest, total, frag_size;
	void *kept;
	u8 *p;

	if (!backend_info.reuses_memory)
		ktest_skip(test, "%s never reuses memory", backend_info.name);
	frag_size = 4 * frag_chunk();
	kept = fragment_heap(frag_size / 4);
	if (backend_free_space(&largest, &total) || largest >= frag_size) {
		free_list(kept);
		ktest_skip(test, "%s kept a free block of %lu bytes",
			   backend_info.name, largest);
	}
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_NULL(test, kmalloc(frag_size, GFP_KERNEL | __GFP_NOWARN));
	p = kvmalloc(frag_size, GFP_KERNEL);
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "out of memory");
	ktest_log_capture_stop(test);
	KTEST_EXPECT_NOT_NULL(test, p);
	if (p) {
		KTEST_EXPECT_TRUE(test, is_vmalloc_addr(p));
		p[0] = 1;
		p[frag_size - 1] = 2;
		KTEST_EXPECT_EQ(test, find_vm_area(p)->nr_pages,
				frag_size / PAGE_SIZE);
		kvfree(p);
	}
	vm_unmap_aliases();
	free_list(kept);
}

#ifdef CONFIG_SMP
/* Per CPU: vmalloc()s and vfree()s in all, areas live at once at most. */
#define SMP_ROUNDS 1000
#define SMP_SLOTS 16

/* The word stamped at both ends of page @i of an area of @cpu's @n-th. */
static u32 smp_stamp(unsigned int cpu, unsigned int n, unsigned int i)
{
	return 0x5a000000u ^ (cpu << 20) ^ (n << 4) ^ i;
}

/* Check an area's stamps, then vfree() it. Return: wrong stamps. */
static unsigned long check_and_vfree(u32 *p, unsigned int pages,
				     unsigned int cpu, unsigned int n,
				     char *msg)
{
	unsigned long bad = 0;

	for (unsigned int i = 0; i < pages; i++) {
		u32 *page = p + i * (PAGE_SIZE / 4);
		u32 want = smp_stamp(cpu, n, i);

		if (page[0] == want && page[PAGE_SIZE / 4 - 1] == ~want)
			continue;
		if (!bad++)
			snprintf(msg, KTEST_CPU_MSG_SIZE,
				 "area %p page %u: %#x, not %#x", p, i, page[0],
				 want);
	}
	vfree(p);
	return bad;
}

/*
 * One CPU's part: SMP_ROUNDS random steps, each either vmalloc() of 1 or
 * 2 pages stamped at both ends of every page, or the check and vfree()
 * of a live area; then the rest checked and freed.
 */
static unsigned long vmalloc_churn_on_cpu(void *arg, unsigned int cpu,
					  char *msg)
{
	struct {
		u32 *p;
		unsigned int pages, n;
	} held[SMP_SLOTS] = {};
	struct rnd_state rnd;
	unsigned long bad = 0;

	prandom_seed_state(&rnd, 0x76a110cu + cpu);
	for (unsigned int n = 0; n < SMP_ROUNDS; n++) {
		u32 r = prandom_u32_state(&rnd);
		unsigned int s = r % SMP_SLOTS, pages = 1 + (r >> 8) % 2;

		if (held[s].p) {
			bad += check_and_vfree(held[s].p, held[s].pages, cpu,
					       held[s].n, msg);
			held[s].p = NULL;
			continue;
		}
		held[s].p = vmalloc(pages * PAGE_SIZE);
		if (!held[s].p) {
			if (!bad++)
				snprintf(msg, KTEST_CPU_MSG_SIZE,
					 "vmalloc of %u pages failed", pages);
			continue;
		}
		held[s].pages = pages;
		held[s].n = n;
		for (unsigned int i = 0; i < pages; i++) {
			u32 *page = held[s].p + i * (PAGE_SIZE / 4);

			page[0] = smp_stamp(cpu, n, i);
			page[PAGE_SIZE / 4 - 1] = ~smp_stamp(cpu, n, i);
		}
	}
	for (unsigned int s = 0; s < SMP_SLOTS; s++)
		if (held[s].p)
			bad += check_and_vfree(held[s].p, held[s].pages, cpu,
					       held[s].n, msg);
	return bad;
}

/*
 * Every CPU vmalloc()s and vfree()s at once, with the purge threshold
 * low so that purges (TLB shootdowns, page tables freed) run among the
 * allocations: no area is handed to two CPUs (each finds its stamps
 * intact), none is lost, and the trees validate afterwards. Without
 * vmap_area_lock two CPUs cut the same free range or unbalance a tree.
 */
static void vmalloc_on_every_cpu(struct ktest *test)
{
	unsigned long old_max = vmap_lazy_max_pages, purges = nr_vmap_purges;

	if (num_online_cpus() < 2)
		ktest_skip(test, "needs a second CPU");
	vmap_lazy_max_pages = 1024;
	ktest_run_on_each_cpu(test, vmalloc_churn_on_cpu, NULL);
	vmap_lazy_max_pages = old_max;
	KTEST_EXPECT_GT(test, nr_vmap_purges, purges);
	vm_unmap_aliases();
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
}
#endif

/* Every case: the trees consistent, lazy areas purged before the leak check. */
static void vmalloc_case_exit(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, vmalloc_validate(), 0);
	vm_unmap_aliases();
}

static struct ktest_case vmalloc_cases[] = {
	KTEST_CASE(vmalloc_maps_pages),
	KTEST_CASE(vzalloc_zeroes),
	KTEST_CASE(guard_page_after_every_area),
	KTEST_CASE(freed_area_reused_after_purge),
	KTEST_CASE(lazy_purge_threshold),
	KTEST_CASE(purge_when_area_full),
	KTEST_CASE(vmap_maps_caller_pages),
	KTEST_CASE(bad_sizes_fail_with_a_line),
	KTEST_CASE(bad_vfree_reported),
	KTEST_CASE(validate_sees_wrong_vm_size),
	KTEST_CASE(validate_sees_wrong_mapping),
	KTEST_CASE(vmalloc_to_page_unmapped),
	KTEST_CASE(kvmalloc_small_is_kmalloc),
	KTEST_CASE(kvmalloc_falls_back_to_vmalloc),
#ifdef CONFIG_SMP
	KTEST_CASE_TIMEOUT(vmalloc_on_every_cpu, 60),
#endif
	{}
};

static struct ktest_suite vmalloc_suite = {
	.name = "vmalloc",
	.cases = vmalloc_cases,
	.exit = vmalloc_case_exit,
	.suite_init = kfence_pause_suite,
	.suite_exit = kfence_resume_suite,
};
KTEST_SUITE(vmalloc_suite);

#ifdef CONFIG_KTEST_EXAMPLES_FAIL
static void free_and_purge(void *p)
{
	vfree(p);
	vm_unmap_aliases();
}

/* Deliberately fails: one byte past a one-page area hits its guard page. */
static void write_one_byte_past_area(struct ktest *test)
{
	u8 *area = vmalloc(PAGE_SIZE);
	volatile u8 *p = area;

	KTEST_ASSERT_NOT_NULL(test, area);
	ktest_add_action(test, free_and_purge, area);
	p[PAGE_SIZE - 1] = 1;
	p[PAGE_SIZE] = 1;
	KTEST_FAIL(test, "the write past the end did not fault");
}

static struct ktest_case vmalloc_fail_cases[] = {
	KTEST_CASE(write_one_byte_past_area),
	{}
};

static struct ktest_suite vmalloc_fail_suite = {
	.name = "vmalloc_fail",
	.cases = vmalloc_fail_cases,
};
KTEST_SUITE(vmalloc_fail_suite);
#endif
