// SPDX-License-Identifier: GPL-2.0
/*
 * The page-fault workloads (CONFIG_MMU, mm/memory.c): in an address space
 * of its own, KBENCH_FAULT_PAGES pages are touched once each and every
 * touch is measured, fault included:
 *  - fault/zero: a read of an untouched page maps the shared zero page;
 *  - fault/anon: a write to an untouched page allocates a zeroed page;
 *  - fault/cow: a write, in a dup_mm() copy, to a page the parent wrote:
 *    the page is copied (copy-on-write).
 * The "alloc" figures are those touches; the "free" figures are
 * do_munmap() of one page each, from the bottom (a VMA split and a zap).
 * The access itself is a few instructions of the sample; the rest is the
 * exception, handle_mm_fault() and the return.
 */
#include <kmlab/kbench.h>
#include <kmlab/mmap.h>
#include <kmlab/printk.h>

#define KBENCH_FAULT_PAGES 64
#define FAULT_LEN (KBENCH_FAULT_PAGES * PAGE_SIZE)

/* Touch every page of @mm's mapping at TASK_UNMAPPED_BASE, then unmap. */
static void touch_and_unmap(struct kbench_ctx *ctx, struct mm_struct *mm,
			    bool write)
{
	volatile u32 *p = (volatile u32 *)TASK_UNMAPPED_BASE;

	kthread_use_mm(mm);
	for (int i = 0; i < KBENCH_FAULT_PAGES; i++) {
		volatile u32 *q = p + i * (PAGE_SIZE / sizeof(u32));
		u32 t = kbench_now();

		if (write)
			*q = i;
		else
			(void)*q;
		t = kbench_now() - t;
		kbench_alloc_done(ctx, t, (const void *)q, PAGE_SIZE,
				  PAGE_SIZE);
	}
	kthread_unuse_mm(mm);
	for (int i = 0; i < KBENCH_FAULT_PAGES; i++) {
		u32 t = kbench_now();

		do_munmap(mm, TASK_UNMAPPED_BASE + i * PAGE_SIZE, PAGE_SIZE);
		t = kbench_now() - t;
		kbench_free_done(ctx, t, PAGE_SIZE);
	}
}

static struct mm_struct *mm_with_mapping(void)
{
	struct mm_struct *mm = mm_alloc();

	if (mm &&
	    IS_ERR_VALUE(do_mmap(mm, TASK_UNMAPPED_BASE, FAULT_LEN,
				 PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED))) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

static void fault_one(struct kbench_ctx *ctx, const char *name, bool write,
		      bool cow)
{
	struct mm_struct *mm, *child = NULL;

	if (!kbench_begin(ctx, name, "fault"))
		return;
	ctx->size = PAGE_SIZE;
	mm = mm_with_mapping();
	if (mm && cow) {
		volatile u32 *p = (volatile u32 *)TASK_UNMAPPED_BASE;

		kthread_use_mm(mm);
		for (int i = 0; i < KBENCH_FAULT_PAGES; i++)
			p[i * (PAGE_SIZE / sizeof(u32))] = i;
		kthread_unuse_mm(mm);
		child = dup_mm(mm);
	}
	if (!mm || (cow && !child)) {
		pr_err("kbench: %s: out of memory for the address space\n",
		       name);
		kbench_alloc_done(ctx, 0, NULL, PAGE_SIZE, 0);
	} else {
		touch_and_unmap(ctx, cow ? child : mm, write);
		snprintf(ctx->extra, sizeof(ctx->extra),
			 "\"faults\":%lu,\"zero\":%lu,\"anon\":%lu,\"cow\":%lu",
			 (cow ? child : mm)->stats.nr_faults,
			 (cow ? child : mm)->stats.nr_zero,
			 (cow ? child : mm)->stats.nr_anon,
			 (cow ? child : mm)->stats.nr_cow);
	}
	mmput(child);
	mmput(mm);
	kbench_end(ctx);
}

static void fault_bench(struct kbench_ctx *ctx)
{
	fault_one(ctx, "fault/zero", false, false);
	fault_one(ctx, "fault/anon", true, false);
	fault_one(ctx, "fault/cow", true, true);
}
KBENCH(fault, fault_bench);
