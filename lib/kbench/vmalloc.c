// SPDX-License-Identifier: GPL-2.0
/*
 * The vmalloc workload (CONFIG_MMU): vmalloc/PAGES, for PAGES = 1, 4, 16
 * and 64, allocates KBENCH_VMALLOC_N areas of PAGES pages, then vfree()s
 * them in allocation order, KBENCH_VMALLOC_ROUNDS rounds. Each vmalloc
 * costs a free-tree search, PAGES page allocations from the backend, the
 * ptes and now and then a page table; each vfree the unmapping, the page
 * frees and the trip to the purge list. The lazy purge (one TLB flush for
 * the whole round, page tables freed, ranges merged back) runs after each
 * round; its mean cost goes into the result line as "purge_mean", so the
 * vfree figures are the cost without it.
 *
 * Memory: bump never reuses pages, so N and the rounds are small (85
 * pages x 8 areas x 2 rounds, about 5.3 MiB on bump).
 */
#include <kmlab/kbench.h>
#include <kmlab/vmalloc.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>

#define KBENCH_VMALLOC_N 8
#define KBENCH_VMALLOC_ROUNDS 2

static void vmalloc_one(struct kbench_ctx *ctx, unsigned int pages)
{
	const u32 bytes = pages * PAGE_SIZE;
	void *area[KBENCH_VMALLOC_N];
	u64 purge = 0;
	char name[48];

	snprintf(name, sizeof(name), "vmalloc/%u", pages);
	if (!kbench_begin(ctx, name, "vmalloc"))
		return;
	ctx->size = bytes;
	for (int round = 0; round < KBENCH_VMALLOC_ROUNDS; round++) {
		u32 t;

		for (int i = 0; i < KBENCH_VMALLOC_N; i++) {
			t = kbench_now();
			area[i] = __vmalloc(bytes, KBENCH_GFP);
			t = kbench_now() - t;
			kbench_alloc_done(ctx, t, area[i], bytes, bytes);
		}
		for (int i = 0; i < KBENCH_VMALLOC_N; i++) {
			if (!area[i])
				continue;
			t = kbench_now();
			vfree(area[i]);
			t = kbench_now() - t;
			kbench_free_done(ctx, t, bytes);
		}
		t = kbench_now();
		vm_unmap_aliases();
		purge += kbench_now() - t;
	}
	snprintf(ctx->extra, sizeof(ctx->extra), "\"purge_mean\":%llu",
		 (unsigned long long)(purge / KBENCH_VMALLOC_ROUNDS));
	kbench_end(ctx);
}

static void vmalloc_bench(struct kbench_ctx *ctx)
{
	for (unsigned int pages = 1; pages <= 64; pages *= 4)
		vmalloc_one(ctx, pages);
}
KBENCH(vmalloc, vmalloc_bench);
