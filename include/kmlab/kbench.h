/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench: in-kernel allocator benchmarks, registered through a linker
 * section like ktest's suites and run at boot after the tests when the
 * command line says kbench.run=1 (Documentation/mm/compare.rst).
 *
 * A benchmark is a function that runs one or more *workloads*:
 *
 *	static void churn_bench(struct kbench_ctx *ctx)
 *	{
 *		if (!kbench_begin(ctx, "churn/64/fwd", "churn"))
 *			return;			// filtered out
 *		for (...) {
 *			u32 t = kbench_now();
 *			void *p = kmalloc(64, KBENCH_GFP);
 *			kbench_alloc_done(ctx, kbench_now() - t, p, 64);
 *		}
 *		...
 *		kbench_end(ctx);		// metrics, validate, one line
 *	}
 *	KBENCH(churn, churn_bench);
 *
 * Instruction counts: under qemu-system-i386 -icount shift=0 the TSC
 * counts guest instructions, so kbench_now() differences are exact
 * instruction counts. One sample is everything between the two reads:
 * the caller's argument pushes, the call, the callee, the return (the
 * constant cost of the two reads themselves, measured at start-up, is
 * subtracted). Without -icount the figures are cycles and vary.
 *
 * Samples go into a fixed histogram (exact below KBENCH_HIST_EXACT
 * instructions, 1/16-octave buckets above), so percentiles need no memory
 * proportional to the number of operations: median and p99 are exact
 * below 2048 instructions and within 1/16 (6.25 %) above; mean and max are
 * always exact.
 */
#ifndef _KMLAB_KBENCH_H
#define _KMLAB_KBENCH_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/gfp.h>
#include <kmlab/slab.h>

/* Every benchmark allocation: no "out of memory" line (bump runs out). */
#define KBENCH_GFP (GFP_KERNEL | __GFP_NOWARN)

#define KBENCH_HIST_EXACT 2048 /* exact buckets 0 .. 2047 */
#define KBENCH_HIST_SUB 16 /* buckets per octave above */
#define KBENCH_HIST_BUCKETS (KBENCH_HIST_EXACT + (32 - 11) * KBENCH_HIST_SUB)

/**
 * struct kbench_hist - instruction counts of one kind of operation
 * @n: samples
 * @max: largest sample, instructions
 * @sum: sum of the samples, instructions
 * @bucket: counts, see kbench_hist_bucket()
 */
struct kbench_hist {
	u32 n;
	u32 max;
	u64 sum;
	u32 bucket[KBENCH_HIST_BUCKETS];
};

/**
 * struct kbench_ctx - the workload being measured
 * @name: workload name, e.g. "churn/64/fwd", "trace/fs"
 * @kind: "churn", "random", "cache", "pages", "trace"
 * @size: object size in bytes, page order for "pages", 0 when mixed
 * @alloc: instruction counts of successful allocations
 * @free: instruction counts of frees
 * @failed: allocations that returned NULL (not in @alloc)
 * @req_bytes: sum of requested sizes of successful allocations, bytes
 * @usable_bytes: sum of ksize() of the same objects, bytes
 * @linux_bytes: for traces, sum of Linux's LINUX_ALLOC, bytes
 * @live_bytes: requested bytes live now
 * @peak_live_bytes: maximum of @live_bytes during the workload
 * @base_pages: kmalloc_stats.pages_held when the workload began
 * @lo_addr: lowest start address of any object passed to
 *	kbench_note_extent() during the workload (trace replays), or ~0
 * @hi_addr: highest end address (start + requested bytes) of the same,
 *	or 0 when none was noted
 * @win_lo: @lo_addr of the objects noted since the last footprint sample
 *	(the address map of make compare), or ~0
 * @win_hi: @hi_addr of the same, or 0
 * @extra: optional extra JSON members for the result line, without the
 *	leading comma (e.g. "\"events\":123"), or an empty string
 *
 * Owned by the runner; benchmarks use the helpers below.
 */
struct kbench_ctx {
	char name[48];
	const char *kind;
	u32 size;
	struct kbench_hist alloc;
	struct kbench_hist free;
	u32 failed;
	u64 req_bytes;
	u64 usable_bytes;
	u64 linux_bytes;
	u64 live_bytes;
	u64 peak_live_bytes;
	unsigned long base_pages;
	unsigned long lo_addr;
	unsigned long hi_addr;
	unsigned long win_lo;
	unsigned long win_hi;
	char extra[256];
};

/**
 * struct kbench - a registered benchmark
 * @name: its name, for messages
 * @run: runs the benchmark's workloads, each between kbench_begin() and
 *	kbench_end()
 */
struct kbench {
	const char *name;
	void (*run)(struct kbench_ctx *ctx);
};

/**
 * KBENCH - register a benchmark
 * @_name: identifier, also its name
 * @_fn: void (*)(struct kbench_ctx *)
 *
 * Benchmarks run in link order (the order of lib/kbench/Kbuild, then the
 * order in each file).
 */
#define KBENCH(_name, _fn)                                            \
	static const struct kbench __kbench_##_name __used __section( \
		".kbench") __aligned(4) = {                           \
		.name = #_name,                                       \
		.run = _fn,                                           \
	}

/**
 * kbench_now - read the instruction counter
 *
 * rdtsc; the "memory" clobber keeps the compiler from moving loads and
 * stores across it. Only the low 32 bits: differences are taken modulo
 * 2^32, enough for any single operation.
 *
 * Return: the low 32 bits of the TSC (guest instructions under -icount).
 */
static __always_inline u32 kbench_now(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return lo;
}

/* Cost of an empty kbench_now() pair, subtracted from every sample. */
extern u32 kbench_overhead;

/**
 * kbench_hist_add - record one sample
 * @h: histogram
 * @raw: kbench_now() difference, instructions; kbench_overhead is
 *	subtracted (never below 0)
 */
void kbench_hist_add(struct kbench_hist *h, u32 raw);

/**
 * kbench_hist_percentile - a percentile of a histogram
 * @h: histogram
 * @permille: 500 for the median, 990 for p99
 *
 * Return: the smallest recorded value v (to bucket resolution: the
 * bucket's lower bound above KBENCH_HIST_EXACT) such that at least
 * @permille / 1000 of the samples are <= v; 0 when @h is empty.
 */
u32 kbench_hist_percentile(const struct kbench_hist *h, u32 permille);

/**
 * kbench_begin - start a workload
 * @ctx: the runner's context
 * @name: workload name (at most 47 characters), matched against the
 *	kbench.filter glob
 * @kind: workload family, for the report
 *
 * Resets the metrics, the allocator's peak statistics and @ctx->extra.
 * Return: true to run the workload, false when the filter excludes it.
 */
bool kbench_begin(struct kbench_ctx *ctx, const char *name, const char *kind);

/**
 * kbench_end - finish a workload and print its result line
 * @ctx: the runner's context
 *
 * Takes the allocator statistics, the free space split
 * (kmalloc_free_space()) and kmalloc_validate(), then prints one
 * line "kbench: {json}". Must be called after everything the workload
 * allocated that it means to free is freed.
 */
void kbench_end(struct kbench_ctx *ctx);

/**
 * kbench_alloc_done - account one allocation
 * @ctx: context
 * @raw: kbench_now() difference around the call
 * @p: what the allocator returned; NULL counts a failed allocation
 *	(its time is not recorded)
 * @size: requested bytes
 * @usable: bytes usable at @p (ksize(), or PAGE_SIZE << order)
 */
void kbench_alloc_done(struct kbench_ctx *ctx, u32 raw, const void *p, u32 size,
		       u32 usable);

/**
 * kbench_free_done - account one free
 * @ctx: context
 * @raw: kbench_now() difference around the call
 * @size: requested bytes of the freed object
 */
void kbench_free_done(struct kbench_ctx *ctx, u32 raw, u32 size);

/**
 * kbench_note_extent - widen the workload's address extent
 * @ctx: context
 * @p: an object just allocated (not NULL)
 * @size: its requested size, bytes
 *
 * The extent is the highest end minus the lowest start of any object noted
 * during the workload (make compare measures the host anchors' the same
 * way); kbench_end() prints it and its ratio to the peak live
 * requested bytes. The same range of the objects noted since the last
 * footprint sample (@ctx->win_lo, @ctx->win_hi) shows where each part
 * of a replay placed its objects. Called outside the timed region.
 * Context: any.
 */
static inline void kbench_note_extent(struct kbench_ctx *ctx, const void *p,
				      u32 size)
{
	unsigned long start = (unsigned long)p;

	if (start < ctx->lo_addr)
		ctx->lo_addr = start;
	if (start + size > ctx->hi_addr)
		ctx->hi_addr = start + size;
	if (start < ctx->win_lo)
		ctx->win_lo = start;
	if (start + size > ctx->win_hi)
		ctx->win_hi = start + size;
}

/**
 * kbench_pages_held - pages the backend holds now
 *
 * Return: kmalloc_stats.pages_held, after backend_sync_stats().
 */
unsigned long kbench_pages_held(void);

/* The command line interval between footprint samples of a replay. */
extern unsigned int kbench_sample_every;

#ifdef CONFIG_KBENCH
/**
 * kbench_reserve - take the replay's ID table from memblock
 *
 * Called by start_kernel() before mm_init(): checks the multiboot modules'
 * headers and, when kbench.run=1, reserves one entry per allocation of the
 * largest trace (struct kbench_obj) with memblock_alloc(). Every backend
 * thus starts with the same memory minus the same table, and the table is
 * in no backend's footprint. Context: boot, before the heap.
 */
void kbench_reserve(void);

/**
 * kbench_run_all - run every registered benchmark (kbench.run=1)
 *
 * Context: boot, after the tests. Return: 0, or the number of problems
 * (workloads whose kmalloc_validate() failed, trace modules rejected),
 * which start_kernel() turns into a "tests failed" exit status.
 */
int kbench_run_all(void);
#else
static inline void kbench_reserve(void)
{
}

static inline int kbench_run_all(void)
{
	return 0;
}
#endif

#endif /* _KMLAB_KBENCH_H */
