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
 * kmt_count_events() is the same walk for a writer that fills the counts
 * in (the kmtrace replay fuzz target).
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
static const char *check_counts(const struct kmt_header *h,
				const struct kmt_counts *c)
{
	if (h->nr_events != c->nr_allocs + c->nr_frees)
		return "header says nr_events but the events differ";
	if (h->nr_allocs != c->nr_allocs)
		return "header says nr_allocs but the events differ";
	if (h->nr_frees != c->nr_frees)
		return "header says nr_frees but the events differ";
	if (h->max_live != c->max_live)
		return "header says max_live but the events differ";
	if (h->live_at_end != c->live_at_end)
		return "header says live_at_end but the events differ";
	if (h->peak_live_bytes != c->peak_live_bytes)
		return "header says peak_live_bytes but the events differ";
	if (h->peak_linux_bytes != c->peak_linux_bytes)
		return "header says peak_linux_bytes but the events differ";
	if (h->max_size != c->max_size)
		return "header says max_size but the events differ";
	if (h->nr_kmalloc != c->nr_kmalloc)
		return "header says nr_kmalloc but the events differ";
	return NULL;
}

/*
 * The walk proper: at most @max_events events and @max_allocs allocations
 * (@ids has that many entries), the counts found in @c.
 */
static const char *walk(const struct kmt_header *h, struct kmt_walk_id *ids,
			u32 max_events, u32 max_allocs, u32 *off,
			struct kmt_counts *c)
{
	const struct kmt_cache *caches = kmt_caches(h);
	const u8 *start = (const u8 *)h, *p = kmt_events(h);
	const u8 *end = start + h->total_len;
	u32 nr_events = 0;
	u64 live_bytes = 0, live_linux = 0;
	const char *err;

	*c = (struct kmt_counts){ 0 };
	*off = 0;
	for (u32 i = 0; i < h->nr_caches; i++) {
		err = kmt_check_cache_name(&caches[i]);
		if (err)
			return err;
	}
	while (p < end) {
		struct kmt_event ev;
		struct kmt_walk_id *o;

		*off = p - start;
		if (nr_events++ == max_events)
			return "data after the last event";
		err = kmt_next_event(h, &p, end, &ev);
		if (err)
			return err;
		if (ev.op == KMT_OP_FREE) {
			if (ev.back >= c->nr_allocs)
				return "free reaches back past the first allocation";
			o = &ids[c->nr_allocs - 1 - ev.back];
			if (!o->live)
				return "double free of ID";
			o->live = 0;
			c->nr_frees++;
			c->live_at_end--;
			live_bytes -= o->size;
			live_linux -= o->size + (u32)kmt_unzigzag(o->zz);
			continue;
		}
		if (c->nr_allocs >= max_allocs)
			return "more than nr_allocs allocations";
		o = &ids[c->nr_allocs++];
		o->live = 1;
		o->size = ev.size;
		o->zz = ev.zz;
		c->nr_kmalloc += ev.op == KMT_OP_KMALLOC;
		c->live_at_end++;
		live_bytes += ev.size;
		live_linux += ev.size + (u32)kmt_unzigzag(ev.zz);
		if (c->live_at_end > c->max_live)
			c->max_live = c->live_at_end;
		if (ev.size > c->max_size)
			c->max_size = ev.size;
		if (live_bytes > c->peak_live_bytes)
			c->peak_live_bytes = live_bytes;
		if (live_linux > c->peak_linux_bytes)
			c->peak_linux_bytes = live_linux;
	}
	*off = 0;
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
	struct kmt_counts c;
	const char *err = walk(h, ids, h->nr_events, h->nr_allocs, off, &c);

	return err ? err : check_counts(h, &c);
}

/**
 * kmt_count_events() - the counts a module's header should carry
 * @h: a module whose header fields up to @nr_caches are good (its counts
 *	need not be: they are what this finds)
 * @ids: @max_allocs entries, all zero on entry (as for kmt_walk())
 * @max_allocs: entries in @ids; more allocations are an error
 * @off: as for kmt_walk()
 * @c: the counts found, for the header's fields of the same names
 *
 * kmt_walk()'s walk without the header's counts: for a writer that builds
 * a module and fills its header in (the kmtrace replay fuzz target,
 * lib/kmtrace_replay_fuzz.c); the module it then writes must pass
 * kmt_check_header() and kmt_walk() like any other.
 *
 * Context: any; O(events) time, no allocation.
 * Return: NULL if the cache table and the events are good, else why not
 * (kmt_walk()'s reasons, but for the header's counts).
 */
const char *kmt_count_events(const struct kmt_header *h,
			     struct kmt_walk_id *ids, u32 max_allocs, u32 *off,
			     struct kmt_counts *c)
{
	return walk(h, ids, 0xffffffffU, max_allocs, off, c);
}
