// SPDX-License-Identifier: GPL-2.0
/*
 * Boot-time memory setup, as Linux's mm/mm_init.c: mem_map, then the heap.
 *
 * mm_init() runs once from start_kernel() after memblock knows the usable
 * memory. It carves mem_map (one struct page per frame from the lowest to
 * the highest usable pfn) out of memblock, then hands what is left of
 * memblock_usable to the compiled-in backend (kmalloc_backend_init(),
 * mm/internal.h). Everything above it (mm/kmalloc.c, mm/page_alloc.c, the
 * backends) only reads mem_map; nothing here calls back into them after
 * boot.
 */
#include <kmlab/mm.h>
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/param.h>
#include <kmlab/init.h>
#include <kmlab/highmem.h>
#include "internal.h"
#include "hardening.h"

void mm_init(void);

static bool slabinfo;
kernel_param("slabinfo", slabinfo, bool,
	     "print the heap allocator's table (kmalloc_show) at boot");

struct page *mem_map;
unsigned long mem_map_base_pfn;
unsigned long mem_map_nr;

/*
 * Carve one struct page per frame from the lowest to the highest usable
 * pfn out of memblock, then mark every frame that is not (any longer)
 * usable memory PG_reserved: holes, and mem_map's own pages.
 */
static void __init mem_map_init(void)
{
	unsigned long lo, hi;
	size_t bytes;

	/* LCOV_EXCL_START: no heap, no boot: nothing would report a test */
	if (!memblock_usable.cnt)
		panic("kmalloc: no usable memory for the heap");
	/* LCOV_EXCL_STOP */
	lo = PFN_DOWN(memblock_usable.regions[0].base);
	hi = PFN_DOWN(memblock_usable.regions[memblock_usable.cnt - 1].base +
		      memblock_usable.regions[memblock_usable.cnt - 1].size);
#ifdef CONFIG_HIGHMEM
	/* Highmem is reserved in memblock but has struct pages too. */
	if (highend_pfn > highstart_pfn)
		hi = max(hi, highend_pfn);
#endif
	bytes = (hi - lo) * sizeof(struct page);
	mem_map = memblock_alloc(bytes, PAGE_SIZE);
	/* LCOV_EXCL_START: no mem_map, no boot: as above */
	if (!mem_map)
		panic("kmalloc: cannot allocate mem_map (%zu bytes)", bytes);
	/* LCOV_EXCL_STOP */
	mem_map_base_pfn = lo;
	mem_map_nr = hi - lo;
	for (unsigned long i = 0; i < mem_map_nr; i++)
		mem_map[i] = (struct page){ .flags = 1UL << PG_reserved };
	for (unsigned int r = 0; r < memblock_usable.cnt; r++) {
		unsigned long s = PFN_DOWN(memblock_usable.regions[r].base);
		unsigned long e = s + PFN_DOWN(memblock_usable.regions[r].size);

		for (unsigned long pfn = s; pfn < e; pfn++)
			page_clear_flag(pfn_to_page(pfn), PG_reserved);
	}
	pr_info("kmalloc: mem_map: %lu struct pages (%zu KiB) for pfn %#lx-%#lx\n",
		mem_map_nr, bytes >> 10, lo, hi - 1);
}

/**
 * mm_init - bring up the heap: mem_map, then the backend
 *
 * Overrides the weak mm_init() in init/main.c. Panics when the backend
 * cannot start (there is nothing to run without a heap). With the boot
 * parameter "slabinfo=1" prints kmalloc_show()'s table. Context: boot.
 */
void __init mm_init(void)
{
	int ret;

	mem_map_init();
	hardening_init();
	ret = kmalloc_backend_init();
	/* LCOV_EXCL_START: a backend that cannot start stops the boot */
	if (ret)
		panic("kmalloc: %s backend failed to start (%d)",
		      backend_info.name, ret);
	/* LCOV_EXCL_STOP */
	pr_info("kmalloc: %s backend, %llu KiB usable\n", backend_info.name,
		memblock_usable_bytes() >> 10);
	if (slabinfo)
		kmalloc_show();
}
