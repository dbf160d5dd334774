// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic allocator workloads (the trace replay is in replay.c):
 *
 *  churn/SIZE/ORDER  KBENCH_CHURN_N objects of SIZE bytes allocated, then
 *                    freed in allocation order (fwd), in reverse (rev) or
 *                    in a seeded random order (rand); KBENCH_ROUNDS rounds,
 *                    so the steady state (memory reused) dominates the
 *                    first round (memory taken from the backend's pool).
 *                    The result line says which order the frees really
 *                    took ("free_sig": FNV-1a of the first round's freed
 *                    pointers; "first_freed": allocation ranks of the first
 *                    two), so that the host can check that the three orders
 *                    differ. buddy+slab's figures are the same for all three
 *                    by construction: every slab gets one full->partial and
 *                    one partial->empty move per round whatever the order.
 *  random/CAP        seeded random sizes, 1 .. 4096 bytes, log-uniform in
 *                    the octave; a live set capped at CAP objects: each step
 *                    picks a slot of CAP at random and frees what is there or
 *                    allocates into it. CAP = 256 .. 16384 shows how the cost
 *                    per operation grows with the live set.
 *  cache/192         kmem_cache_alloc/kmem_cache_free of a 192-byte object.
 *  pages/ORDER       alloc_pages(ORDER) then free_pages, orders 0 .. 4.
 *
 * Every workload uses the same seed on every backend (kbench.seed), so
 * every backend sees the same sequence of requests. The pointer arrays
 * are static: no benchmark bookkeeping comes from the heap being measured.
 * The allocator calls are kbench's sites (sites.h): the calls themselves
 * in the kernel, functions of their own on the host, where make compare
 * also builds this file into a program per host allocator
 * (tools/mm/kmreplay/kmbench.c), so the anchors run these very loops.
 *
 * Memory: bump never reuses memory, so the sizes and counts are chosen to
 * take about 60 MiB on bump in all; the other backends hold far less.
 */
#include <kmlab/kbench.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/random.h>
#include <kmlab/mm.h>
#include <kmlab/string.h>
#include "kbench.h"
#include "sites.h"

#define KBENCH_CHURN_N 256
#define KBENCH_ROUNDS 4
#define KBENCH_RANDOM_MAX_CAP 16384
#define KBENCH_CACHE_N 1024
#define KBENCH_PAGES_N 32
#define KBENCH_PAGES_MAX_ORDER 4

static unsigned int kbench_seed = 1;
kernel_param(
	"kbench.seed", kbench_seed, uint,
	"seed of the synthetic workloads' random sizes and orders (default 1)");

static void *slot_ptr[KBENCH_RANDOM_MAX_CAP];
static u32 slot_size[KBENCH_RANDOM_MAX_CAP];
static u16 perm[KBENCH_CHURN_N];

enum churn_order { CHURN_FWD, CHURN_REV, CHURN_RAND };
static const char *const churn_order_name[] = { "fwd", "rev", "rand" };

/* Fisher-Yates with the seeded generator: the same order everywhere. */
static void shuffle(struct rnd_state *rnd, u16 *a, u32 n)
{
	for (u32 i = 0; i < n; i++)
		a[i] = i;
	for (u32 i = n - 1; i > 0; i--) {
		u32 j = prandom_u32_below(rnd, i + 1);
		u16 t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

/* Allocation rank of @p in slot_ptr[0 .. n - 1], or -1. */
static int alloc_rank(const void *p, u32 n)
{
	for (u32 i = 0; i < n; i++)
		if (slot_ptr[i] == p)
			return i;
	return -1;
}

static void churn_one(struct kbench_ctx *ctx, u32 size, enum churn_order order)
{
	u32 sig = 2166136261u; /* FNV-1a offset basis */
	int first[2] = { -1, -1 };
	struct rnd_state rnd;
	char name[48];

	snprintf(name, sizeof(name), "churn/%u/%s", size,
		 churn_order_name[order]);
	if (!kbench_begin(ctx, name, "churn"))
		return;
	ctx->size = size;
	prandom_seed_state(&rnd, kbench_seed);
	for (int round = 0; round < KBENCH_ROUNDS; round++) {
		for (u32 i = 0; i < KBENCH_CHURN_N; i++) {
			u32 t = kbench_now();
			void *p = kbench_kmalloc(size);

			t = kbench_now() - t;
			slot_ptr[i] = p;
			kbench_alloc_done(ctx, t, p, size, p ? ksize(p) : 0);
		}
		if (order == CHURN_RAND)
			shuffle(&rnd, perm, KBENCH_CHURN_N);
		for (u32 k = 0; k < KBENCH_CHURN_N; k++) {
			u32 i = order == CHURN_FWD ? k :
				order == CHURN_REV ? KBENCH_CHURN_N - 1 - k :
						     perm[k];
			void *p = slot_ptr[i];
			u32 t;

			if (!p)
				continue;
			if (round == 0) {
				sig = (sig ^ (u32)(unsigned long)p) * 16777619u;
				if (k < 2)
					first[k] =
						alloc_rank(p, KBENCH_CHURN_N);
			}
			t = kbench_now();
			kbench_kfree(p);
			t = kbench_now() - t;
			kbench_free_done(ctx, t, size);
		}
	}
	snprintf(
		ctx->extra, sizeof(ctx->extra),
		"\"order\":\"%s\",\"free_sig\":\"%08x\",\"first_freed\":[%d,%d]",
		churn_order_name[order], sig, first[0], first[1]);
	kbench_end(ctx);
}

static void churn_bench(struct kbench_ctx *ctx)
{
	static const u32 sizes[] = { 16,  32,  64,   128,  192,
				     256, 512, 1024, 2048, 4096 };

	for (u32 s = 0; s < ARRAY_SIZE(sizes); s++)
		for (int o = CHURN_FWD; o <= CHURN_RAND; o++)
			churn_one(ctx, sizes[s], o);
}
KBENCH(churn, churn_bench);

static void random_one(struct kbench_ctx *ctx, u32 cap)
{
	struct rnd_state rnd;
	u32 steps = 4 * cap;
	char name[48];

	snprintf(name, sizeof(name), "random/%u", cap);
	if (!kbench_begin(ctx, name, "random"))
		return;
	ctx->size = cap;
	prandom_seed_state(&rnd, kbench_seed + cap);
	memset(slot_ptr, 0, cap * sizeof(slot_ptr[0]));
	for (u32 step = 0; step < steps; step++) {
		u32 i = prandom_u32_below(&rnd, cap);
		u32 t;

		if (slot_ptr[i]) {
			t = kbench_now();
			kbench_kfree(slot_ptr[i]);
			t = kbench_now() - t;
			kbench_free_done(ctx, t, slot_size[i]);
			slot_ptr[i] = NULL;
		} else {
			u32 size = kbench_random_size(&rnd);
			void *p;

			t = kbench_now();
			p = kbench_kmalloc(size);
			t = kbench_now() - t;
			kbench_alloc_done(ctx, t, p, size, p ? ksize(p) : 0);
			slot_ptr[i] = p;
			slot_size[i] = size;
		}
	}
	for (u32 i = 0; i < cap; i++) {
		u32 t;

		if (!slot_ptr[i])
			continue;
		t = kbench_now();
		kbench_kfree(slot_ptr[i]);
		t = kbench_now() - t;
		kbench_free_done(ctx, t, slot_size[i]);
		slot_ptr[i] = NULL;
	}
	snprintf(ctx->extra, sizeof(ctx->extra), "\"cap\":%u,\"steps\":%u", cap,
		 steps);
	kbench_end(ctx);
}

static void random_bench(struct kbench_ctx *ctx)
{
	for (u32 cap = 256; cap <= KBENCH_RANDOM_MAX_CAP; cap *= 4)
		random_one(ctx, cap);
}
KBENCH(random, random_bench);

static void cache_bench(struct kbench_ctx *ctx)
{
	const u32 size = 192;
	struct kmem_cache *s;

	if (!kbench_begin(ctx, "cache/192", "cache"))
		return;
	ctx->size = size;
	/* Created inside the workload: its metadata counts in the footprint. */
	s = kmem_cache_create("kbench-192", size, 0, 0, NULL);
	if (!s) {
		pr_err("kbench: cache/192: kmem_cache_create failed\n");
		ctx->failed = KBENCH_CACHE_N * KBENCH_ROUNDS;
		kbench_end(ctx);
		return;
	}
	for (int round = 0; round < KBENCH_ROUNDS; round++) {
		for (u32 i = 0; i < KBENCH_CACHE_N; i++) {
			u32 t = kbench_now();
			void *p = kbench_cache_alloc(s);

			t = kbench_now() - t;
			slot_ptr[i] = p;
			kbench_alloc_done(ctx, t, p, size, p ? size : 0);
		}
		for (u32 i = 0; i < KBENCH_CACHE_N; i++) {
			u32 t;

			if (!slot_ptr[i])
				continue;
			t = kbench_now();
			kbench_cache_free(s, slot_ptr[i]);
			t = kbench_now() - t;
			kbench_free_done(ctx, t, size);
		}
	}
	kmem_cache_destroy(s);
	kbench_end(ctx);
}
KBENCH(cache, cache_bench);

static void pages_one(struct kbench_ctx *ctx, unsigned int order)
{
	const u32 bytes = PAGE_SIZE << order;
	char name[48];

	snprintf(name, sizeof(name), "pages/%u", order);
	if (!kbench_begin(ctx, name, "pages"))
		return;
	ctx->size = order;
	for (int round = 0; round < KBENCH_ROUNDS; round++) {
		for (u32 i = 0; i < KBENCH_PAGES_N; i++) {
			u32 t = kbench_now();
			struct page *page = kbench_alloc_pages(order);

			t = kbench_now() - t;
			slot_ptr[i] = page ? page_address(page) : NULL;
			kbench_alloc_done(ctx, t, page, bytes, bytes);
		}
		for (u32 i = 0; i < KBENCH_PAGES_N; i++) {
			unsigned long addr = (unsigned long)slot_ptr[i];
			u32 t;

			if (!addr)
				continue;
			t = kbench_now();
			kbench_free_pages(addr, order);
			t = kbench_now() - t;
			kbench_free_done(ctx, t, bytes);
		}
	}
	kbench_end(ctx);
}

static void pages_bench(struct kbench_ctx *ctx)
{
	for (unsigned int order = 0; order <= KBENCH_PAGES_MAX_ORDER; order++)
		pages_one(ctx, order);
}
KBENCH(pages, pages_bench);
