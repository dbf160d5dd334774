// SPDX-License-Identifier: GPL-2.0
/*
 * kmap(), kunmap(), kmap_local_page(), kunmap_local(): temporary kernel
 * mappings of ZONE_HIGHMEM pages (include/kmlab/highmem.h).
 *
 * Source: Linux's mm/highmem.c and Documentation/mm/highmem.rst; Gorman,
 * "Understanding the Linux Virtual Memory Manager", chapter 9 ("High
 * Memory Management").
 *
 * Linux keeps a fixed window for each kind: LAST_PKMAP (1024) slots at
 * PKMAP_BASE with one page table for kmap(), and per-CPU fixmap slots for
 * kmap_local_page(). kmlab maps both through vmap() (mm/vmalloc.c) of one
 * page: the vmalloc area already has page tables allocated on demand, a
 * guard page after each mapping and lazy TLB flushing, so a highmem
 * mapping is one more vmap area (is_vmalloc_addr() is true of it) and
 * nothing new is reserved in the virtual layout.
 *
 * kmap(): one mapping per page, shared and counted in pkmap[] (Linux's
 * pkmap_count[] plus its page_address_htable); the last kunmap() drops
 * it. kmap_local_page(): a new mapping every time, pushed on a stack of
 * KM_MAX_IDX; kunmap_local() must pop the top, as Linux's
 * kmap_local_idx_pop() requires. Lowmem pages have their identity
 * mapping and use neither.
 *
 * One stack and one table for the whole kernel: with CONFIG_SMP they
 * would need a lock and a stack per CPU, which the highmem suite does not
 * need yet (it runs on the boot CPU).
 */
#include <kmlab/highmem.h>
#include <kmlab/vmalloc.h>
#include <kmlab/printk.h>
#include "internal.h"

/* kmap() mappings held at once (Linux's LAST_PKMAP is 1024). */
#define LAST_PKMAP 64

static struct pkmap_slot {
	struct page *page;
	void *addr;
	unsigned int count;
} pkmap[LAST_PKMAP];

static void *km_stack[KM_MAX_IDX];
static unsigned int km_top;

static void *map_one(struct page *page)
{
	return vmap(&page, 1, VM_MAP, PAGE_KERNEL);
}

void *kmap(struct page *page)
{
	struct pkmap_slot *free = NULL;

	if (!PageHighMem(page))
		return page_address(page);
	for (unsigned int i = 0; i < LAST_PKMAP; i++) {
		if (pkmap[i].page == page) {
			pkmap[i].count++;
			return pkmap[i].addr;
		}
		if (!pkmap[i].page && !free)
			free = &pkmap[i];
	}
	if (!free) {
		pr_err("highmem: all %u kmap slots in use (caller %pS)\n",
		       LAST_PKMAP, (void *)_RET_IP_);
		return NULL;
	}
	free->addr = map_one(page);
	if (!free->addr)
		return NULL;
	free->page = page;
	free->count = 1;
	return free->addr;
}

void kunmap(struct page *page)
{
	if (!PageHighMem(page))
		return;
	for (unsigned int i = 0; i < LAST_PKMAP; i++) {
		if (pkmap[i].page != page)
			continue;
		if (!--pkmap[i].count) {
			vunmap(pkmap[i].addr);
			pkmap[i].page = NULL;
			pkmap[i].addr = NULL;
		}
		return;
	}
	kmalloc_report_bad("kunmap of a page that is not mapped",
			   page_address(page), _RET_IP_);
}

void *kmap_local_page(struct page *page)
{
	void *addr;

	if (!PageHighMem(page))
		return page_address(page);
	if (km_top == KM_MAX_IDX) {
		pr_err("highmem: %u kmap_local_page() mappings held already (caller %pS)\n",
		       KM_MAX_IDX, (void *)_RET_IP_);
		return NULL;
	}
	addr = map_one(page);
	if (addr)
		km_stack[km_top++] = addr;
	return addr;
}

void kunmap_local(const void *addr)
{
	const void *base = (const void *)((unsigned long)addr & PAGE_MASK);

	if (!is_vmalloc_addr(addr))
		return;
	if (!km_top || km_stack[km_top - 1] != base) {
		kmalloc_report_bad("kunmap_local out of order", addr, _RET_IP_);
		return;
	}
	vunmap(km_stack[--km_top]);
}
