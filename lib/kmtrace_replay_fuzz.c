// SPDX-License-Identifier: GPL-2.0
/*
 * The kmtrace replay fuzz target (CONFIG_KMALLOC_FUZZ,
 * fuzz.target=kmtrace_replay): a module the checker accepts, replayed on
 * the compiled-in backend as kbench replays a trace (lib/kbench/replay.c),
 * with an oracle. lib/kmtrace_fuzz.c fuzzes the checker itself; this one
 * what a replay does with what the checker let through: cache tables of
 * any object size and name, sizes up to 4 GiB, frees in any order.
 * Documentation/dev-tools/fuzzing.rst.
 *
 * Input. The bytes are a module. So that mutations reach the replay
 * rather than the checks (lib/kmtrace_fuzz.c fuzzes those), the target
 * makes them a module the checker accepts: it writes the magic, version
 * and sizes, clears unknown flags, cuts the cache count to what fits,
 * makes the cache names printable, cuts the events before the first bad
 * one, writes the counts kmt_count_events() finds in what is left
 * (lib/kmtrace.c, the walk every reader shares) and the CRC. That module
 * must then pass kmt_check_header() and kmt_walk(), the checks every
 * replay makes, or it is a finding. kmt_check_header() is the
 * independent check (magic, version, sizes, checksum, flags, counts
 * against the length): kmt_walk() and kmt_count_events() share
 * lib/kmtrace.c's one static walk(), so kmt_walk() can only fail here if
 * the target wrote the module differently from what it counted.
 *
 * Replay. One kmem_cache per table entry (kmem_cache_create() may fail,
 * then its allocations are skipped, as in kbench), kmalloc() for
 * KMT_OP_KMALLOC, kmem_cache_alloc() for the cache opcodes, kfree() or
 * kmem_cache_free() for a free; __GFP_NOWARN, running out is allowed.
 * Cache objects above a page come from the backend's page allocator
 * (mm/kmalloc.c's generic caches), so the page API is reached too.
 *
 * Oracle. Each object gets its ID in its first and last bytes, checked
 * when it is freed (no two live objects overlap); ksize() of a kmalloc
 * object is at least the request; kmalloc_validate() is clean every 64
 * events and at the end; live_objects equals the replay's count every 64
 * events; after the replay frees what is left and destroys the caches,
 * live_objects and live_bytes are back to the start. A KASAN or UBSan
 * report during an input is a finding as well.
 *
 * A finding prints "kmtrace_replay_fuzz: FAIL event N: what" and returns
 * non-zero: the architecture aborts and libFuzzer keeps the input.
 */
#include <kmlab/fuzz.h>
#include <kmlab/init.h>
#include <kmlab/kmtrace.h>
#include <kmlab/printk.h>
#include <kmlab/slab.h>
#include <kmlab/string.h>

#define CHECK_EVERY 64
#define ID_BYTES 4 /* bytes of the ID written at each end of an object */
#define REPLAY_GFP (GFP_KERNEL | __GFP_NOWARN)

/* One allocation ID of the replay. */
struct replay_obj {
	u8 *p; /* NULL: not live (never allocated, failed or freed) */
	u32 size;
	u32 slot; /* cache slot, or KMT_SLOT_KMALLOC */
};

/* One cache of the trace's table. */
struct replay_cache {
	struct kmem_cache *s; /* NULL: kmem_cache_create() failed */
	long own_objects; /* live_objects the cache itself holds */
};

static struct replay_state {
	const struct kmt_header *h;
	struct replay_obj *obj;
	struct replay_cache *caches;
	u32 event;
	long live; /* live_objects expected above the start */
	struct kmalloc_stats start;
} rs;

#define fail(fmt, ...)                                                      \
	(pr_crit("kmtrace_replay_fuzz: FAIL event %u: " fmt "\n", rs.event, \
		 ##__VA_ARGS__),                                            \
	 false)

/*
 * The ID's bytes at each end of an object of @size: at most ID_BYTES, and
 * the two ends apart (a 1-byte object carries none).
 */
static u32 id_bytes(u32 size)
{
	return size / 2 < ID_BYTES ? size / 2 : ID_BYTES;
}

static void mark(const struct replay_obj *o, u32 id)
{
	u32 n = id_bytes(o->size);

	memcpy(o->p, &id, n);
	memcpy(o->p + o->size - n, &id, n);
}

static bool marked(const struct replay_obj *o, u32 id)
{
	u32 n = id_bytes(o->size);

	if (!memcmp(o->p, &id, n) && !memcmp(o->p + o->size - n, &id, n))
		return true;
	return fail(
		"ID %u's object %p of %u bytes lost its marks: another object overlaps it",
		id, o->p, o->size);
}

static bool replay_free(u32 id)
{
	struct replay_obj *o = &rs.obj[id];

	if (!o->p)
		return true; /* its allocation failed */
	if (!marked(o, id))
		return false;
	if (o->slot == KMT_SLOT_KMALLOC)
		kfree(o->p);
	else
		kmem_cache_free(rs.caches[o->slot].s, o->p);
	o->p = NULL;
	rs.live--;
	return true;
}

static bool replay_alloc(u32 id, const struct kmt_event *ev)
{
	struct replay_obj *o = &rs.obj[id];
	struct kmem_cache *s = NULL;

	if (ev->slot == KMT_SLOT_KMALLOC) {
		o->p = kmalloc(ev->size, REPLAY_GFP);
		if (o->p == ZERO_SIZE_PTR) {
			o->p = NULL;
			return true;
		}
	} else {
		s = rs.caches[ev->slot].s;
		o->p = s ? kmem_cache_alloc(s, REPLAY_GFP) : NULL;
	}
	if (!o->p)
		return true;
	/* A cache object has the cache's size; kbench counts it so too. */
	o->size = s ? kmt_caches(rs.h)[ev->slot].object_size : ev->size;
	o->slot = ev->slot;
	rs.live++;
	if (!s && ksize(o->p) < o->size)
		return fail("ksize(%p) is %zu, less than the %u asked", o->p,
			    ksize(o->p), o->size);
	mark(o, id);
	return true;
}

static bool heap_ok(void)
{
	char why[120];

	return fuzz_heap_clean(&rs.start, rs.live, why, sizeof(why)) ||
	       fail("%s", why);
}

static bool replay_events(void)
{
	const u8 *p = kmt_events(rs.h),
		 *end = (const u8 *)rs.h + rs.h->total_len;
	u32 allocs = 0;

	for (rs.event = 0; p < end; rs.event++) {
		struct kmt_event ev;
		bool ok;

		/* kmt_walk() accepted the module: this cannot fail. */
		kmt_next_event(rs.h, &p, end, &ev);
		fuzz_ops++;
		if (ev.op == KMT_OP_FREE)
			ok = replay_free(allocs - 1 - ev.back);
		else
			ok = replay_alloc(allocs++, &ev);
		if (!ok || (rs.event % CHECK_EVERY == 0 && !heap_ok()))
			return false;
	}
	return true;
}

/* Free what the trace left live, destroy the caches: back to the start. */
static bool replay_end(void)
{
	for (u32 id = 0; id < rs.h->nr_allocs; id++)
		if (!replay_free(id))
			return false;
	for (u32 i = 0; i < rs.h->nr_caches; i++) {
		kmem_cache_destroy(rs.caches[i].s);
		rs.live -= rs.caches[i].own_objects;
	}
	return heap_ok();
}

static bool replay(const struct kmt_header *h)
{
	const struct kmt_cache *c = kmt_caches(h);
	bool ok;

	rs.h = h;
	kmalloc_get_stats(&rs.start);
	rs.live = 0;
	for (u32 i = 0; i < h->nr_caches; i++) {
		struct kmalloc_stats before, after;

		kmalloc_get_stats(&before);
		rs.caches[i].s = kmem_cache_create(c[i].name, c[i].object_size,
						   0, 0, NULL);
		kmalloc_get_stats(&after);
		/* A cache's own metadata may be an object of the heap. */
		rs.caches[i].own_objects =
			(long)(after.live_objects - before.live_objects);
		rs.live += rs.caches[i].own_objects;
	}
	ok = replay_events();
	rs.event = h->nr_events;
	return replay_end() && ok;
}

/* Names the checker accepts: printable, NUL-terminated. */
static void fix_names(struct kmt_header *h)
{
	struct kmt_cache *c = (struct kmt_cache *)kmt_caches(h);

	for (u32 i = 0; i < h->nr_caches; i++) {
		c[i].name[KMT_NAME_LEN - 1] = 0;
		for (int k = 0; c[i].name[k]; k++)
			if (c[i].name[k] < 0x21 || c[i].name[k] > 0x7e)
				c[i].name[k] = '_';
	}
}

/*
 * Make the @len bytes at @buf a module the checker accepts: the header
 * written, the names fixed, the events cut before the first bad one, the
 * counts those kmt_count_events() finds. @ids: (@len - 64) / 2 entries.
 * Return: the module's length, 0 if no allocation is left.
 */
static u32 write_header(u8 *buf, u32 len, struct kmt_walk_id *ids)
{
	struct kmt_header *h = (void *)buf;
	u32 fit = (len - sizeof(*h)) / sizeof(struct kmt_cache), off;
	u32 nr_ids = (len - sizeof(*h)) / 2;
	struct kmt_counts c;

	h->magic = KMT_MAGIC;
	h->version = KMT_VERSION;
	h->header_size = sizeof(*h);
	h->flags &= KMT_FLAGS_KNOWN;
	h->reserved = 0;
	h->nr_caches %= (fit < KMT_MAX_CACHES ? fit : KMT_MAX_CACHES) + 1;
	h->total_len = len;
	fix_names(h);
	memset(ids, 0, nr_ids * sizeof(*ids));
	if (kmt_count_events(h, ids, nr_ids, &off, &c)) {
		/* The events before the bad one (at @off) are good. */
		h->total_len = off;
		memset(ids, 0, nr_ids * sizeof(*ids));
		if (!off || kmt_count_events(h, ids, nr_ids, &off, &c))
			return 0;
	}
	if (!c.nr_allocs || c.peak_live_bytes > 0xffffffffU ||
	    c.peak_linux_bytes > 0xffffffffU)
		return 0;
	h->nr_events = c.nr_allocs + c.nr_frees;
	h->nr_allocs = c.nr_allocs;
	h->nr_frees = c.nr_frees;
	h->max_live = c.max_live;
	h->live_at_end = c.live_at_end;
	h->peak_live_bytes = c.peak_live_bytes;
	h->peak_linux_bytes = c.peak_linux_bytes;
	h->max_size = c.max_size;
	h->nr_kmalloc = c.nr_kmalloc;
	h->checksum = kmt_crc32(0, buf + KMT_CSUM_OFFSET,
				h->total_len - KMT_CSUM_OFFSET);
	return h->total_len;
}

static bool fuzz_module(u8 *buf, u32 len)
{
	const struct kmt_header *h = (const void *)buf;
	u32 nr_ids = (len - sizeof(*h)) / 2, off;
	struct kmt_walk_id *ids;
	const char *err;
	bool ok = true;

	if (len < sizeof(*h) + 2) /* no room for an event */
		return true;

	/* Every table before the replay's start: they are not its objects. */
	ids = kcalloc(nr_ids, sizeof(*ids), REPLAY_GFP);
	rs.obj = kcalloc(nr_ids, sizeof(*rs.obj), REPLAY_GFP);
	rs.caches = kcalloc(KMT_MAX_CACHES, sizeof(*rs.caches), REPLAY_GFP);
	if (!ids || !rs.obj || !rs.caches)
		goto out;
	len = write_header(buf, len, ids);
	if (!len)
		goto out;
	rs.event = 0;
	/* What every replay checks first (lib/kbench/replay.c). */
	err = kmt_check_header(buf, len);
	if (!err) {
		memset(ids, 0, nr_ids * sizeof(*ids));
		err = kmt_walk(h, ids, &off);
	}
	if (err)
		ok = fail(
			"the checker rejects the module kmt_count_events() counted: %s",
			err);
	else
		ok = replay(h);
out:
	kfree(ids);
	kfree(rs.obj);
	kfree(rs.caches);
	return ok;
}

static int kmtrace_replay_fuzz_one_input(const u8 *data, size_t size)
{
	return fuzz_check_copy(data, size, fuzz_module, "kmtrace_replay_fuzz");
}

static int kmtrace_replay_fuzz_init(void)
{
	if (!fuzz_target_selected("kmtrace_replay"))
		return 0;
	pr_info("kmtrace_replay_fuzz: replaying kmtrace modules on the %s backend\n",
		kmalloc_backend_name());
	fuzz_run(kmtrace_replay_fuzz_one_input);
}
device_initcall(kmtrace_replay_fuzz_init);
