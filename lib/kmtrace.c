// SPDX-License-Identifier: GPL-2.0
/*
 * The validating walk of a kmtrace module (include/kmlab/kmtrace.h), shared
 * by every reader that replays one: the kernel's kbench (lib/kbench/
 * replay.c) and the host replay of scripts/compare (tools/mm/kmreplay/).
 * Both must reject exactly the same modules, so there is one walk.
 *
 * After kmt_check_header() has accepted the header, kmt_walk() checks the
 * cache table and every event without allocating anything: unknown
 * opcodes, fields past the end, cache slots out of range, frees of IDs
 * never allocated or already freed, and every header count recomputed.
 * tools/testing/kmtrace/decode.c is an independent reader of the same
 * format (the format's test), and `scripts/kmtrace verify` the reference
 * for the wording.
 *
 * The file needs only <kmlab/kmtrace.h> (no kernel string functions), so
 * that it builds in the kernel and against the C library alike.
 */
#include <kmlab/kmtrace.h>

/**
 * kmt_next_event() - decode one event
 * @h: a module kmt_check_header() accepted
 * @pos: cursor at the event's opcode; advanced past the event
 * @end: one past the module's last byte
 * @ev: the decoded event (%KMT_SLOT_KMALLOC as @ev->slot of a kmalloc;
 *	@ev->size of a cache allocation is the cache's object size unless
 *	the event gives one)
 *
 * Context: any; reads the module only.
 * Return: NULL, or why the event is invalid ("unknown opcode", "bad
 * varint", "cache slot out of range"); @pos is then undefined.
 */
const char *kmt_next_event(const struct kmt_header *h, const u8 **pos,
			   const u8 *end, struct kmt_event *ev)
{
	ev->op = *(*pos)++;
	switch (ev->op) {
	case KMT_OP_FREE:
		return kmt_get_varint(pos, end, &ev->back) ? "bad varint" :
							     NULL;
	case KMT_OP_KMALLOC:
		ev->slot = KMT_SLOT_KMALLOC;
		if (kmt_get_varint(pos, end, &ev->size))
			return "bad varint";
		break;
	case KMT_OP_CACHE_ALLOC:
	case KMT_OP_CACHE_ALLOC_SIZED:
		if (kmt_get_varint(pos, end, &ev->slot))
			return "bad varint";
		if (ev->slot >= h->nr_caches)
			return "cache slot out of range";
		ev->size = kmt_caches(h)[ev->slot].object_size;
		if (ev->op == KMT_OP_CACHE_ALLOC_SIZED &&
		    kmt_get_varint(pos, end, &ev->size))
			return "bad varint";
		break;
	default:
		return "unknown opcode";
	}
	return kmt_get_varint(pos, end, &ev->zz) ? "bad varint" : NULL;
}

/* The header's counts against those the walk found. */
static const char *check_counts(const struct kmt_header *h, u32 allocs,
				u32 frees, u32 live, u32 max_live,
				u64 peak_bytes, u64 peak_linux, u32 max_size,
				u32 kmallocs)
{
	if (h->nr_events != allocs + frees)
		return "header says nr_events but the events differ";
	if (h->nr_allocs != allocs)
		return "header says nr_allocs but the events differ";
	if (h->nr_frees != frees)
		return "header says nr_frees but the events differ";
	if (h->max_live != max_live)
		return "header says max_live but the events differ";
	if (h->live_at_end != live)
		return "header says live_at_end but the events differ";
	if (h->peak_live_bytes != peak_bytes)
		return "header says peak_live_bytes but the events differ";
	if (h->peak_linux_bytes != peak_linux)
		return "header says peak_linux_bytes but the events differ";
	if (h->max_size != max_size)
		return "header says max_size but the events differ";
	if (h->nr_kmalloc != kmallocs)
		return "header says nr_kmalloc but the events differ";
	return NULL;
}

/**
 * kmt_walk() - the validating walk over a module's cache table and events
 * @h: a module kmt_check_header() accepted
 * @ids: @h->nr_allocs entries, all zero on entry; on return the IDs live
 *	at the end of the trace have @live set (clear the table before
 *	reusing it)
 * @off: where the module is invalid: the offset of the bad event, 0 for
 *	the cache table or the header's counts
 *
 * Walks once without allocating anything, so that a reader replays nothing
 * of a bad module (decode.c's walk_events() and check_counts()).
 *
 * Context: any; O(events) time, no allocation.
 * Return: NULL if the module is good, else the reason it is rejected
 * (kmt_check_cache_name(), kmt_next_event(), "data after the last event",
 * "free reaches back past the first allocation", "double free of ID",
 * "more than nr_allocs allocations", "header says FIELD but the events
 * differ").
 */
const char *kmt_walk(const struct kmt_header *h, struct kmt_walk_id *ids,
		     u32 *off)
{
	const struct kmt_cache *c = kmt_caches(h);
	const u8 *start = (const u8 *)h, *p = kmt_events(h);
	const u8 *end = start + h->total_len;
	u32 nr_events = 0, allocs = 0, frees = 0, kmallocs = 0;
	u32 live = 0, max_live = 0, max_size = 0;
	u64 live_bytes = 0, live_linux = 0, peak_bytes = 0, peak_linux = 0;
	const char *err;

	*off = 0;
	for (u32 i = 0; i < h->nr_caches; i++) {
		err = kmt_check_cache_name(&c[i]);
		if (err)
			return err;
	}
	while (p < end) {
		struct kmt_event ev;
		struct kmt_walk_id *o;

		*off = p - start;
		if (nr_events++ == h->nr_events)
			return "data after the last event";
		err = kmt_next_event(h, &p, end, &ev);
		if (err)
			return err;
		if (ev.op == KMT_OP_FREE) {
			if (ev.back >= allocs)
				return "free reaches back past the first allocation";
			o = &ids[allocs - 1 - ev.back];
			if (!o->live)
				return "double free of ID";
			o->live = 0;
			frees++;
			live--;
			live_bytes -= o->size;
			live_linux -= o->size + (u32)kmt_unzigzag(o->zz);
			continue;
		}
		if (allocs >= h->nr_allocs)
			return "more than nr_allocs allocations";
		o = &ids[allocs++];
		o->live = 1;
		o->size = ev.size;
		o->zz = ev.zz;
		kmallocs += ev.op == KMT_OP_KMALLOC;
		live++;
		live_bytes += ev.size;
		live_linux += ev.size + (u32)kmt_unzigzag(ev.zz);
		if (live > max_live)
			max_live = live;
		if (ev.size > max_size)
			max_size = ev.size;
		if (live_bytes > peak_bytes)
			peak_bytes = live_bytes;
		if (live_linux > peak_linux)
			peak_linux = live_linux;
	}
	*off = 0;
	return check_counts(h, allocs, frees, live, max_live, peak_bytes,
			    peak_linux, max_size, kmallocs);
}
