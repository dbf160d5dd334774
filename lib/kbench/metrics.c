// SPDX-License-Identifier: GPL-2.0
/*
 * kbench metrics: per-operation instruction histograms, the memory figures
 * of a workload, and its result line.
 *
 * Histogram: buckets 0 .. KBENCH_HIST_EXACT - 1 hold one value each; above,
 * each power of two [2^k, 2^(k+1)) is cut into KBENCH_HIST_SUB equal
 * buckets (a log-linear histogram, as HdrHistogram does), so a percentile
 * is exact below 2048 instructions and within 1/16 above, in a fixed
 * 9.5 KiB per histogram whatever the number of operations. Sum and max
 * are kept exactly beside it.
 *
 * Memory figures: requested bytes live (the benchmark's own count), the
 * backend's pages_held (kmalloc_get_stats(), pages taken from memblock's
 * regions) minus what it held when the workload began, and the ratio of
 * the two at their peaks: footprint / live. Trace replays also note the
 * address extent of their objects (kbench_note_extent(): highest end minus
 * lowest start), the measure make compare takes of the host anchors too.
 */
#include <kmlab/kbench.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/page.h>
#include <kmlab/slab.h>
#include "kbench.h"

/* Bucket index of @v: see the comment at the top of the file. */
static u32 kbench_hist_bucket(u32 v)
{
	u32 k;

	if (v < KBENCH_HIST_EXACT)
		return v;
	k = 31 - __builtin_clz(v); /* 11 .. 31 */
	return KBENCH_HIST_EXACT + (k - 11) * KBENCH_HIST_SUB +
	       ((v >> (k - 4)) & (KBENCH_HIST_SUB - 1));
}

/* Smallest value that falls in bucket @b. */
static u32 kbench_bucket_low(u32 b)
{
	u32 k, sub;

	if (b < KBENCH_HIST_EXACT)
		return b;
	b -= KBENCH_HIST_EXACT;
	k = 11 + b / KBENCH_HIST_SUB;
	sub = b % KBENCH_HIST_SUB;
	return (1u << k) + (sub << (k - 4));
}

void kbench_hist_add(struct kbench_hist *h, u32 raw)
{
	u32 v = raw > kbench_overhead ? raw - kbench_overhead : 0;

	h->n++;
	h->sum += v;
	if (v > h->max)
		h->max = v;
	h->bucket[kbench_hist_bucket(v)]++;
}

u32 kbench_hist_percentile(const struct kbench_hist *h, u32 permille)
{
	/* Rank of the sample, 1-based: ceil(n * permille / 1000). */
	u64 rank = ((u64)h->n * permille + 999) / 1000;
	u64 seen = 0;

	if (!h->n)
		return 0;
	if (!rank)
		rank = 1;
	for (u32 b = 0; b < KBENCH_HIST_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= rank)
			return min(kbench_bucket_low(b), h->max);
	}
	return h->max;
}

char *kbench_ratio(char *buf, size_t len, u64 num, u64 den)
{
	u64 r;

	if (!den) {
		snprintf(buf, len, "null");
		return buf;
	}
	r = (num * 1000 + den / 2) / den;
	snprintf(buf, len, "%llu.%03llu", r / 1000, r % 1000);
	return buf;
}

unsigned long kbench_pages_held(void)
{
	struct kmalloc_stats st;

	kmalloc_get_stats(&st);
	return st.pages_held;
}

bool kbench_begin(struct kbench_ctx *ctx, const char *name, const char *kind)
{
	if (!kbench_filter_match(name))
		return false;
	memset(ctx, 0, sizeof(*ctx));
	strscpy(ctx->name, name, sizeof(ctx->name));
	ctx->kind = kind;
	ctx->lo_addr = ~0ul;
	ctx->win_lo = ~0ul;
	/* The same page cache state whatever ran before (an empty one). */
	drain_all_pages();
	kmalloc_reset_peaks();
	ctx->base_pages = kbench_pages_held();
	return true;
}

void kbench_alloc_done(struct kbench_ctx *ctx, u32 raw, const void *p, u32 size,
		       u32 usable)
{
	if (!p) {
		ctx->failed++;
		return;
	}
	kbench_hist_add(&ctx->alloc, raw);
	ctx->req_bytes += size;
	ctx->usable_bytes += usable;
	ctx->live_bytes += size;
	if (ctx->live_bytes > ctx->peak_live_bytes)
		ctx->peak_live_bytes = ctx->live_bytes;
}

void kbench_free_done(struct kbench_ctx *ctx, u32 raw, u32 size)
{
	kbench_hist_add(&ctx->free, raw);
	ctx->live_bytes -= size;
}

/* "alloc":{"n":..,"mean":..,"median":..,"p99":..,"max":..} */
static void print_hist(const char *key, const struct kbench_hist *h)
{
	u64 mean100 = h->n ? (h->sum * 100 + h->n / 2) / h->n : 0;

	pr_cont("\"%s\":{\"n\":%u,\"mean\":%llu.%02llu,\"median\":%u,\"p99\":%u,\"max\":%u}",
		key, h->n, mean100 / 100, mean100 % 100,
		kbench_hist_percentile(h, 500), kbench_hist_percentile(h, 990),
		h->max);
}

void kbench_end(struct kbench_ctx *ctx)
{
	unsigned long largest = 0, total = 0;
	struct kmalloc_stats st;
	char r1[24], r2[24], r3[24], r4[24];
	u64 held_bytes;
	int errors, fs;

	kmalloc_get_stats(&st);
	fs = kmalloc_free_space(&largest, &total);
	errors = kmalloc_validate();
	if (errors)
		kbench_problems++;
	held_bytes = (u64)(st.peak_pages_held - ctx->base_pages) * PAGE_SIZE;

	pr_info("kbench: {\"workload\":\"%s\",\"kind\":\"%s\",\"size\":%u,",
		ctx->name, ctx->kind, ctx->size);
	print_hist("alloc", &ctx->alloc);
	pr_cont(",");
	print_hist("free", &ctx->free);
	pr_cont(",\"failed\":%u,\"req_bytes\":%llu,\"usable_bytes\":%llu,\"int_frag\":%s",
		ctx->failed, ctx->req_bytes, ctx->usable_bytes,
		kbench_ratio(r1, sizeof(r1), ctx->usable_bytes,
			     ctx->req_bytes));
	pr_cont(",\"peak_live\":%llu,\"base_pages\":%lu,\"peak_pages\":%lu,\"end_pages\":%lu,\"held_ratio\":%s",
		ctx->peak_live_bytes, ctx->base_pages, st.peak_pages_held,
		st.pages_held,
		kbench_ratio(r2, sizeof(r2), held_bytes, ctx->peak_live_bytes));
	if (fs)
		pr_cont(",\"free_largest\":null,\"free_total\":null,\"largest_ratio\":null");
	else
		pr_cont(",\"free_largest\":%lu,\"free_total\":%lu,\"largest_ratio\":%s",
			largest, total,
			kbench_ratio(r3, sizeof(r3), largest, total));
	if (ctx->linux_bytes)
		pr_cont(",\"linux_bytes\":%llu,\"linux_frag\":%s,\"vs_linux\":%s",
			ctx->linux_bytes,
			kbench_ratio(r4, sizeof(r4), ctx->linux_bytes,
				     ctx->req_bytes),
			kbench_ratio(r1, sizeof(r1), ctx->usable_bytes,
				     ctx->linux_bytes));
	if (ctx->hi_addr > ctx->lo_addr)
		pr_cont(",\"extent\":%lu,\"extent_ratio\":%s",
			ctx->hi_addr - ctx->lo_addr,
			kbench_ratio(r2, sizeof(r2),
				     ctx->hi_addr - ctx->lo_addr,
				     ctx->peak_live_bytes));
	pr_cont(",\"bad_input\":%lu,\"validate\":%d%s%s}\n", st.bad_input,
		errors, ctx->extra[0] ? "," : "", ctx->extra);
	kbench_workload_done();
}
