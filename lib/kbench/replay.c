// SPDX-License-Identifier: GPL-2.0
/*
 * Replay of real Linux slab traces (kmtrace modules, include/kmlab/kmtrace.h
 * and Documentation/mm/kmtrace-format.rst) on the compiled-in backend.
 *
 * Every multiboot module is taken as a trace named after its file name
 * ("fs.kmtb" -> workload "trace/fs"). Before anything is replayed:
 *
 *  1. kmt_check_header() (length, magic, version, CRC, counts), already at
 *     boot in kbench_reserve(), so that the ID table can be sized;
 *  2. kmt_walk() (lib/kmtrace.c, shared with the host replay of
 *     scripts/compare): a validating walk over the cache table and every
 *     event, with no allocation, as tools/testing/kmtrace/decode.c does: unknown
 *     opcodes, fields past the end, cache slots out of range, frees of IDs
 *     never allocated or already freed, and every header count recomputed.
 *
 * A module failing either is rejected with one line "kbench: trace NAME:
 * module rejected: MESSAGE; nothing replayed" and a result line carrying
 * "rejected"; nothing of it is replayed and the run counts a problem.
 *
 * The replay proper: one kmem_cache per cache-table entry, created when the
 * workload starts (their metadata counts in the footprint); kmalloc for
 * KMT_OP_KMALLOC, kmem_cache_alloc for the cache opcodes, kfree or
 * kmem_cache_free (whichever allocated it) for KMT_OP_FREE. A failed
 * allocation is counted and its later free skipped; the replay goes on.
 * Every kbench.sample events a "kbench-series" line gives the pages held
 * and the requested bytes live, for the footprint-over-time plot, and
 * where the objects of the last kbench.sample events lie, for the
 * address map (Documentation/mm/compare.rst). At the
 * end the metrics are taken with the trace's survivors still live (the
 * trace ends that way), then the survivors are freed and the caches
 * destroyed outside the measurement, so the next workload starts clean.
 *
 * Internal fragmentation counts kmalloc objects at ksize() and cache
 * objects at their size rounded up to ARCH_KMALLOC_MINALIGN: ksize() of a
 * kmem_cache object is not part of the API (SLOB, like Linux's, cannot
 * answer it), and what a backend wastes around cache objects shows in its
 * footprint anyway.
 *
 * The ID -> object table (struct kbench_obj, 12 bytes per allocation of
 * the largest trace: 3 MiB for the fs trace) comes from memblock before the
 * heap exists: every backend loses the same memory and none counts it.
 */
#include <kmlab/kbench.h>
#include <kmlab/kmtrace.h>
#include <kmlab/bootinfo.h>
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include "kbench.h"
#include "sites.h"

#define OBJ_KMALLOC KMT_SLOT_KMALLOC /* kbench_obj.slot of a kmalloc object */

enum obj_state { OBJ_NONE, OBJ_LIVE, OBJ_FAILED };

/**
 * struct kbench_obj - one allocation ID of the trace being replayed
 * @ptr: the object, NULL when the allocation failed
 * @size: requested bytes
 * @slot: cache slot, or OBJ_KMALLOC
 * @state: enum obj_state
 */
struct kbench_obj {
	void *ptr;
	u32 size;
	u16 slot;
	u8 state;
};

/* The walk uses the ID table as its own (walk_module()). */
_Static_assert(sizeof(struct kmt_walk_id) <= sizeof(struct kbench_obj),
	       "kmt_walk's table fits in the ID table");

static struct kbench_obj *obj_table;
static u32 obj_table_len;
static const char *module_err[BOOT_MODULES_MAX];

static struct kmem_cache *caches[KMT_MAX_CACHES];

void kbench_reserve(void)
{
	u32 need = 0;

	if (!kbench_run_requested())
		return;
	for (unsigned int i = 0; i < boot_module_count; i++) {
		const struct boot_module *m = &boot_modules[i];
		const struct kmt_header *h = m->data;

		module_err[i] = kmt_check_header(m->data, m->size);
		if (!module_err[i] && h->nr_allocs > need)
			need = h->nr_allocs;
	}
	if (!need)
		return;
	obj_table = memblock_alloc((size_t)need * sizeof(*obj_table), 8);
	if (!obj_table) {
		pr_err("kbench: cannot reserve %u bytes for the replay's ID table: traces will not be replayed\n",
		       need * (u32)sizeof(*obj_table));
		return;
	}
	obj_table_len = need;
	pr_info("kbench: {\"event\":\"reserve\",\"bytes\":%u,\"modules\":%u}\n",
		need * (u32)sizeof(*obj_table), boot_module_count);
}

/* "trace/" + the module's file name up to its first dot, JSON-safe. */
static void module_name(const struct boot_module *m, char *buf, size_t len)
{
	const char *s = m->cmdline ? m->cmdline : "";
	const char *word = s, *p;
	size_t n = 0;

	/* The last word (QEMU passes "path name"), after its last '/'. */
	for (p = s; *p; p++)
		if ((*p == ' ' || *p == '/') && p[1] && p[1] != ' ')
			word = p + 1;
	n = snprintf(buf, len, "trace/");
	for (p = word; *p && *p != '.' && *p != ' ' && n + 1 < len; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_';

		buf[n++] = ok ? c : '_';
	}
	if (!*word || *word == '.')
		n += snprintf(buf + n, len - n, "module%u",
			      (unsigned int)(m - boot_modules));
	buf[n] = 0;
}

/*
 * The validating walk (lib/kmtrace.c, shared with the host replay), with
 * the ID table as its scratch table. Leaves the table zeroed.
 * Return: NULL, or the reason the module is rejected (*@off: where).
 */
static const char *walk_module(const struct kmt_header *h, u32 *off)
{
	struct kmt_walk_id *ids = (struct kmt_walk_id *)obj_table;
	const char *err;

	memset(obj_table, 0, (size_t)h->nr_allocs * sizeof(*obj_table));
	err = kmt_walk(h, ids, off);
	memset(obj_table, 0, (size_t)h->nr_allocs * sizeof(*obj_table));
	return err;
}

static void reject(const char *name, const char *why, u32 off)
{
	if (off)
		pr_err("kbench: %s: module rejected: offset 0x%x: %s; nothing replayed\n",
		       name, off, why);
	else
		pr_err("kbench: %s: module rejected: %s; nothing replayed\n",
		       name, why);
	pr_info("kbench: {\"workload\":\"%s\",\"kind\":\"trace\",\"rejected\":\"%s\"}\n",
		name, why);
	kbench_problems++;
}

/*
 * Why boot module @i, whose header is @h, cannot be replayed (the walk's
 * error at *@off), or NULL. For replay_bench() and kbench_trace_module().
 */
static const char *module_problem(unsigned int i, const struct kmt_header *h,
				  u32 *off)
{
	if (module_err[i])
		return module_err[i];
	if (!obj_table)
		return "no ID table (see the reserve message at boot)";
	if (h->nr_allocs > obj_table_len)
		return "ID table too small";
	return walk_module(h, off);
}

/*
 * kmem_cache_create() for each of @h's caches. Return: how many could not
 * be created. Inlined: replay_module()'s code stays as it was.
 */
static __always_inline u32 create_caches(const struct kmt_header *h)
{
	const struct kmt_cache *c = kmt_caches(h);
	u32 failed = 0;

	for (u32 i = 0; i < h->nr_caches; i++) {
		caches[i] = kmem_cache_create(c[i].name, c[i].object_size, 0, 0,
					      NULL);
		failed += !caches[i];
	}
	return failed;
}

/*
 * A footprint sample: pages held, live bytes, and for the address map
 * the extent so far (lo, hi) and the range of the objects allocated
 * since the last sample (wlo, whi; whi 0: none).
 */
static void sample(struct kbench_ctx *ctx, u32 ev)
{
	pr_info("kbench-series: {\"workload\":\"%s\",\"ev\":%u,\"held\":%lu,\"live\":%llu,\"lo\":%lu,\"hi\":%lu,\"wlo\":%lu,\"whi\":%lu}\n",
		ctx->name, ev, kbench_pages_held() - ctx->base_pages,
		ctx->live_bytes, ctx->lo_addr, ctx->hi_addr, ctx->win_lo,
		ctx->win_hi);
	ctx->win_lo = ~0ul;
	ctx->win_hi = 0;
}

static void replay_module(struct kbench_ctx *ctx, const struct kmt_header *h)
{
	const u8 *p = kmt_events(h), *end = (const u8 *)h + h->total_len;
	u32 allocs = 0, ev_nr = 0, skipped = 0;
	u32 cache_fail = create_caches(h);

	while (p < end) {
		struct kbench_obj *o;
		struct kmt_event ev;
		void *obj;
		u32 t;

		/* Walked already: cannot fail. */
		kmt_next_event(h, &p, end, &ev);
		if (kbench_sample_every && ev_nr % kbench_sample_every == 0)
			sample(ctx, ev_nr);
		ev_nr++;
		if (ev.op == KMT_OP_FREE) {
			o = &obj_table[allocs - 1 - ev.back];
			if (o->state != OBJ_LIVE) {
				skipped++;
				continue;
			}
			if (o->slot == OBJ_KMALLOC) {
				t = kbench_now();
				kbench_kfree(o->ptr);
				t = kbench_now() - t;
			} else {
				struct kmem_cache *s = caches[o->slot];

				t = kbench_now();
				kbench_cache_free(s, o->ptr);
				t = kbench_now() - t;
			}
			kbench_free_done(ctx, t, o->size);
			o->state = OBJ_NONE;
			continue;
		}
		o = &obj_table[allocs++];
		if (ev.slot == OBJ_KMALLOC) {
			t = kbench_now();
			obj = kbench_kmalloc(ev.size);
			t = kbench_now() - t;
		} else if (caches[ev.slot]) {
			struct kmem_cache *s = caches[ev.slot];

			t = kbench_now();
			obj = kbench_cache_alloc(s);
			t = kbench_now() - t;
		} else {
			t = 0;
			obj = NULL;
		}
		o->ptr = obj;
		o->size = ev.size;
		o->slot = ev.slot;
		o->state = obj ? OBJ_LIVE : OBJ_FAILED;
		kbench_alloc_done(ctx, t, obj, ev.size,
				  !obj ? 0 :
				  ev.slot == OBJ_KMALLOC ?
					 ksize(obj) :
					 ALIGN(ev.size, ARCH_KMALLOC_MINALIGN));
		if (obj) {
			ctx->linux_bytes += ev.size + (u32)kmt_unzigzag(ev.zz);
			kbench_note_extent(ctx, obj, ev.size);
		}
	}
	if (kbench_sample_every)
		sample(ctx, ev_nr);
	snprintf(
		ctx->extra, sizeof(ctx->extra),
		"\"events\":%u,\"allocs\":%u,\"frees\":%u,\"skipped_frees\":%u,\"caches\":%u,\"cache_create_failed\":%u,\"trace_peak_live\":%u,\"trace_peak_linux\":%u,\"live_at_end\":%u,\"limited\":%s",
		h->nr_events, h->nr_allocs, h->nr_frees, skipped, h->nr_caches,
		cache_fail, h->peak_live_bytes, h->peak_linux_bytes,
		h->live_at_end, h->flags & KMT_FLAG_LIMITED ? "true" : "false");
}

/* After the metrics: free the survivors, destroy the caches. */
static void replay_cleanup(const struct kmt_header *h)
{
	for (u32 id = 0; id < h->nr_allocs; id++) {
		struct kbench_obj *o = &obj_table[id];

		if (o->state == OBJ_LIVE) {
			if (o->slot == OBJ_KMALLOC)
				kfree(o->ptr);
			else
				kmem_cache_free(caches[o->slot], o->ptr);
		}
		o->state = OBJ_NONE;
	}
	for (u32 i = 0; i < h->nr_caches; i++) {
		kmem_cache_destroy(caches[i]);
		caches[i] = NULL;
	}
}

#ifdef CONFIG_SMP
/*
 * For the split replay of lib/kbench/smp.c (kbench.h). Apart from
 * replay_bench() and its helpers, and built with CONFIG_SMP only, so that
 * the uniprocessor replay's code, and so its figures, stay as they were.
 */
const struct kmt_header *kbench_trace_module(unsigned int i, const char *prefix,
					     char *name, size_t len)
{
	const struct kmt_header *h = boot_modules[i].data;
	size_t n = strscpy(name, prefix, len);
	const char *why;
	u32 off = 0;

	module_name(&boot_modules[i], name + n, len - n);
	if (!kbench_filter_match(name))
		return NULL;
	why = module_problem(i, h, &off);
	if (why) {
		reject(name, why, off);
		return NULL;
	}
	return h;
}

u32 kbench_trace_caches_create(const struct kmt_header *h)
{
	return create_caches(h);
}

void kbench_trace_cleanup(const struct kmt_header *h)
{
	replay_cleanup(h);
}

unsigned long kbench_trace_share(const struct kmt_header *h, unsigned int k,
				 unsigned int n, bool walk_only,
				 unsigned long *failed)
{
	const u8 *p = kmt_events(h), *end = (const u8 *)h + h->total_len;
	unsigned long ops = 0;
	u32 allocs = 0;

	while (p < end) {
		struct kmt_event ev;
		struct kbench_obj *o;
		u32 id;

		kmt_next_event(h, &p, end, &ev);
		id = ev.op == KMT_OP_FREE ? allocs - 1 - ev.back : allocs++;
		if (id % n != k || walk_only)
			continue;
		o = &obj_table[id];
		ops++;
		if (ev.op == KMT_OP_FREE) {
			/* Untimed: the caller measures every CPU at once. */
			if (o->state != OBJ_LIVE)
				ops--;
			else if (o->slot == OBJ_KMALLOC)
				kbench_kfree(o->ptr);
			else
				kbench_cache_free(caches[o->slot], o->ptr);
			o->state = OBJ_NONE;
			continue;
		}
		o->ptr = ev.slot == OBJ_KMALLOC ? kbench_kmalloc(ev.size) :
			 caches[ev.slot] ? kbench_cache_alloc(caches[ev.slot]) :
					   NULL;
		o->size = ev.size;
		o->slot = ev.slot;
		o->state = o->ptr ? OBJ_LIVE : OBJ_FAILED;
		*failed += !o->ptr;
	}
	return ops;
}
#endif

static void replay_bench(struct kbench_ctx *ctx)
{
	for (unsigned int i = 0; i < boot_module_count; i++) {
		const struct kmt_header *h = boot_modules[i].data;
		const char *err;
		char name[48];
		u32 off = 0;

		module_name(&boot_modules[i], name, sizeof(name));
		if (!kbench_filter_match(name))
			continue;
		err = module_problem(i, h, &off);
		if (err) {
			reject(name, err, off);
			continue;
		}
		if (!kbench_begin(ctx, name, "trace"))
			continue;
		replay_module(ctx, h);
		kbench_end(ctx);
		replay_cleanup(h);
	}
}
/* First: bump never reuses memory, give the traces its fresh memory. */
KBENCH(trace, replay_bench);
