// SPDX-License-Identifier: GPL-2.0
/*
 * The kmtrace fuzz target (CONFIG_KMALLOC_FUZZ, fuzz.target=kmtrace): the
 * module checker that every replay trusts (kmt_check_header() and
 * kmt_walk(), lib/kmtrace.c) run on libFuzzer's input, against a second,
 * independent walk. Documentation/dev-tools/fuzzing.rst.
 *
 * Input. The bytes are the module, copied into a kmalloc() buffer of
 * exactly their length (under KASAN a read one byte past it is a
 * report). So that mutations reach the walk rather than dying on the
 * checksum, the target first sets total_len to the input's length and
 * checksum to the CRC of what follows it, as `scripts/kmtrace convert`
 * would; every other header field comes from the input.
 *
 * Oracle. ref_walk() below decodes the module on its own (its own event
 * decoder, ID table and counts, after decode.c's walk_events() and
 * check_counts()) and must agree with kmt_walk() on whether the module is
 * good; when both accept it, on which IDs are live at the end. A module
 * kmt_walk() accepts and the reference rejects is the dangerous kind: a
 * replay would trust it. A KASAN or UBSan report is a finding too.
 *
 * A finding prints "kmtrace_fuzz: FAIL: what" and returns non-zero: the
 * architecture aborts and libFuzzer keeps the input.
 */
#include <kmlab/fuzz.h>
#include <kmlab/init.h>
#include <kmlab/kmtrace.h>
#include <kmlab/printk.h>
#include <kmlab/slab.h>
#include <kmlab/string.h>

/* One allocation ID in the reference walk. */
struct ref_id {
	u32 size, linux_size;
	bool live;
};

/* The format's rule: the last byte is NUL, printable ASCII up to the first. */
static bool ref_name_ok(const char *name)
{
	if (name[KMT_NAME_LEN - 1])
		return false;
	for (int i = 0; name[i]; i++)
		if (name[i] < 0x21 || name[i] > 0x7e)
			return false;
	return true;
}

/*
 * The reference walk over a module kmt_check_header() accepted: NULL if
 * it is good, else why not. @ids has @h->nr_allocs zeroed entries.
 */
static const char *ref_walk(const struct kmt_header *h, struct ref_id *ids)
{
	const u8 *start = (const u8 *)h, *end = start + h->total_len;
	const struct kmt_cache *caches = (const void *)(start + sizeof(*h));
	const u8 *p = (const u8 *)(caches + h->nr_caches);
	u32 events = 0, allocs = 0, frees = 0, kmallocs = 0, live = 0;
	u32 max_live = 0, max_size = 0;
	u64 bytes = 0, linux_bytes = 0, peak = 0, peak_linux = 0;

	for (u32 i = 0; i < h->nr_caches; i++)
		if (!ref_name_ok(caches[i].name))
			return "bad cache name";
	for (; p < end; events++) {
		u8 op = *p++;
		u32 a, size, zz;
		struct ref_id *o;

		if (events == h->nr_events)
			return "too many events";
		if (op == KMT_OP_FREE) {
			if (kmt_get_varint(&p, end, &a) || a >= allocs)
				return "bad free";
			o = &ids[allocs - 1 - a];
			if (!o->live)
				return "free of a free ID";
			o->live = false;
			frees++;
			live--;
			bytes -= o->size;
			linux_bytes -= o->linux_size;
			continue;
		}
		if (op < KMT_OP_KMALLOC || op > KMT_OP_CACHE_ALLOC_SIZED)
			return "bad opcode";
		if (op == KMT_OP_KMALLOC) {
			if (kmt_get_varint(&p, end, &size))
				return "bad size";
			kmallocs++;
		} else {
			if (kmt_get_varint(&p, end, &a) || a >= h->nr_caches)
				return "bad slot";
			size = caches[a].object_size;
			if (op == KMT_OP_CACHE_ALLOC_SIZED &&
			    kmt_get_varint(&p, end, &size))
				return "bad size";
		}
		if (kmt_get_varint(&p, end, &zz))
			return "bad zz";
		if (allocs == h->nr_allocs)
			return "too many allocations";
		o = &ids[allocs++];
		o->live = true;
		o->size = size;
		o->linux_size = size + (u32)kmt_unzigzag(zz);
		live++;
		bytes += size;
		linux_bytes += o->linux_size;
		max_live = max(max_live, live);
		max_size = max(max_size, size);
		peak = max(peak, bytes);
		peak_linux = max(peak_linux, linux_bytes);
	}
	if (events != h->nr_events || allocs != h->nr_allocs ||
	    frees != h->nr_frees || live != h->live_at_end ||
	    max_live != h->max_live || max_size != h->max_size ||
	    kmallocs != h->nr_kmalloc || peak != h->peak_live_bytes ||
	    peak_linux != h->peak_linux_bytes)
		return "counts differ from the header";
	return NULL;
}

static bool fail(const char *what, const char *walk, const char *ref)
{
	pr_crit("kmtrace_fuzz: FAIL: %s (kmt_walk: %s, reference: %s)\n", what,
		walk ? walk : "good", ref ? ref : "good");
	return false;
}

/* Check one module of @len bytes at @buf (writable: the fix-up). */
static bool check_module(u8 *buf, u32 len)
{
	struct kmt_header *h = (void *)buf;
	struct kmt_walk_id *ids;
	struct ref_id *ref_ids;
	const char *werr, *rerr;
	bool ok = true;
	u32 off;

	if (len >= sizeof(*h)) {
		h->total_len = len;
		h->checksum = kmt_crc32(0, buf + KMT_CSUM_OFFSET,
					len - KMT_CSUM_OFFSET);
	}
	if (kmt_check_header(buf, len))
		return true;
	/* nr_allocs <= nr_events <= len / 2: bounded by the input. */
	ids = kcalloc(h->nr_allocs, sizeof(*ids), GFP_KERNEL | __GFP_NOWARN);
	ref_ids = kcalloc(h->nr_allocs, sizeof(*ref_ids),
			  GFP_KERNEL | __GFP_NOWARN);
	if (ids && ref_ids) {
		werr = kmt_walk(h, ids, &off);
		rerr = ref_walk(h, ref_ids);
		if (!werr && rerr)
			ok = fail("kmt_walk accepts a bad module", werr, rerr);
		else if (werr && !rerr)
			ok = fail("kmt_walk rejects a good module", werr, rerr);
		else if (werr && off >= len)
			ok = fail("the offset of the bad event is past the end",
				  werr, rerr);
		for (u32 i = 0; ok && !werr && i < h->nr_allocs; i++)
			if (ids[i].live != ref_ids[i].live)
				ok = fail("the live IDs at the end differ",
					  werr, rerr);
	}
	kfree(ids);
	kfree(ref_ids);
	return ok;
}

static int kmtrace_fuzz_one_input(const u8 *data, size_t size)
{
	return fuzz_check_copy(data, size, check_module, "kmtrace_fuzz");
}

static int kmtrace_fuzz_init(void)
{
	if (!fuzz_target_selected("kmtrace"))
		return 0;
	pr_info("kmtrace_fuzz: fuzzing the kmtrace module checker\n");
	fuzz_run(kmtrace_fuzz_one_input);
}
device_initcall(kmtrace_fuzz_init);
