/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmtrace binary module, version 1: a real Linux slab trace, converted on
 * the host by scripts/kmtrace, loaded by GRUB (or QEMU -initrd) as a
 * multiboot module and replayed by the kernel.
 *
 * Layout, all little-endian, no padding anywhere:
 *
 *   offset 0                    struct kmt_header (64 bytes)
 *   offset 64                   struct kmt_cache[nr_caches] (40 bytes each)
 *   offset 64 + 40 * nr_caches  events, to total_len
 *
 * The checksum is CRC-32 (zlib's) over bytes [KMT_CSUM_OFFSET, total_len):
 * everything after the checksum field, so the counts are covered too; the
 * fields before it are checked one by one. kmt_check_header() lists the
 * checks a reader must make, in order, before trusting anything else.
 *
 * An event is one opcode byte followed by ULEB128 fields (7 bits per byte,
 * least significant group first, high bit set on every byte but the last;
 * at most 5 bytes, and a 5th byte of at most 0x0f, for a u32):
 *
 *   KMT_OP_KMALLOC           size, zz          kmalloc(size)
 *   KMT_OP_CACHE_ALLOC       slot, zz          kmem_cache_alloc(cache[slot]),
 *                                              size = cache[slot].object_size
 *   KMT_OP_CACHE_ALLOC_SIZED slot, size, zz    kmem_cache_alloc, other size
 *   KMT_OP_FREE              back              free of ID nr_done - 1 - back
 *
 * Allocations get IDs 0, 1, 2, ... in stream order (the ID is not stored);
 * nr_done is the number of allocations before the free, so recent objects
 * cost one or two bytes. zz is the zigzag-encoded signed difference
 * LINUX_ALLOC - size (see kmt_unzigzag()). Caches are named by their slot,
 * the position in the cache table; kmt_cache.idx is the trace's own number.
 *
 * Documentation/mm/kmtrace-format.rst has the rationale and a walk-through;
 * tools/testing/kmtrace/decode.c is a complete reader written against this
 * header, and `scripts/kmtrace verify` is the reference for what to reject.
 *
 * The header needs only <kmlab/types.h> (attributes are spelled out rather
 * than taken from <kmlab/compiler.h>), so host tools can include it next to
 * the C library's headers.
 */
#ifndef _KMLAB_KMTRACE_H
#define _KMLAB_KMTRACE_H

#include <kmlab/types.h>

#define KMT_MAGIC 0x52544d4bU /* "KMTR" in file byte order */
#define KMT_VERSION 1
#define KMT_CSUM_OFFSET 16 /* checksum covers [16, total_len) */
#define KMT_NAME_LEN 32 /* cache name incl. NUL padding */
#define KMT_VARINT_MAX 5 /* bytes in a u32 ULEB128 */
#define KMT_MAX_CACHES 256 /* cache table entries a replay creates at most */

/* kmt_header.flags */
#define KMT_FLAG_LIMITED (1U << 0) /* cut by `kmtrace convert --limit` */
#define KMT_FLAGS_KNOWN KMT_FLAG_LIMITED

/**
 * enum kmt_op - event opcodes (the first byte of each event)
 * @KMT_OP_KMALLOC: kmalloc; fields size, zz.
 * @KMT_OP_CACHE_ALLOC: kmem_cache_alloc of the cache's object size;
 *	fields slot, zz.
 * @KMT_OP_CACHE_ALLOC_SIZED: kmem_cache_alloc with an explicit size;
 *	fields slot, size, zz. The converter emits it only when a trace's
 *	SIZE differs from the cache's OBJSIZE (never in the in-tree traces).
 * @KMT_OP_FREE: kfree or kmem_cache_free (whichever allocated it) of
 *	allocation ID nr_done - 1 - back; field back.
 *
 * Any other opcode makes the module invalid.
 */
enum kmt_op {
	KMT_OP_KMALLOC = 0x01,
	KMT_OP_CACHE_ALLOC = 0x02,
	KMT_OP_CACHE_ALLOC_SIZED = 0x03,
	KMT_OP_FREE = 0x04,
};

/**
 * struct kmt_header - start of a kmtrace module
 * @magic: %KMT_MAGIC.
 * @version: %KMT_VERSION.
 * @header_size: sizeof(struct kmt_header), 64.
 * @total_len: length of the whole module in bytes, header included; must
 *	equal the multiboot module's length (mod_end - mod_start).
 * @checksum: kmt_crc32() of bytes [%KMT_CSUM_OFFSET, @total_len).
 * @flags: %KMT_FLAG_*; unknown bits make the module invalid.
 * @nr_caches: entries in the cache table that follows the header.
 * @nr_events: events in the stream; @nr_allocs + @nr_frees.
 * @nr_allocs: allocation events. IDs run from 0 to @nr_allocs - 1, so this
 *	sizes an ID -> pointer table.
 * @nr_frees: free events.
 * @max_live: peak number of objects live at once.
 * @live_at_end: objects still live after the last event (a replay ends
 *	with them allocated; they are not freed by the trace).
 * @peak_live_bytes: peak of the sum of requested sizes of live objects.
 * @peak_linux_bytes: peak of the sum of LINUX_ALLOC of live objects (taken
 *	on its own: it may fall on a different event than @peak_live_bytes).
 * @max_size: largest requested size.
 * @nr_kmalloc: allocations by kmalloc; the rest are kmem_cache_alloc.
 * @reserved: zero.
 *
 * The fields from @max_live on are there so that a replay can size its
 * tables and report against them without a first pass; a validating walk
 * (see decode.c) recomputes and compares them all.
 */
struct kmt_header {
	u32 magic;
	u16 version;
	u16 header_size;
	u32 total_len;
	u32 checksum;
	u32 flags;
	u32 nr_caches;
	u32 nr_events;
	u32 nr_allocs;
	u32 nr_frees;
	u32 max_live;
	u32 live_at_end;
	u32 peak_live_bytes;
	u32 peak_linux_bytes;
	u32 max_size;
	u32 nr_kmalloc;
	u32 reserved;
} __attribute__((__packed__));

/**
 * struct kmt_cache - one slab cache of the trace (a `c` line)
 * @idx: the cache's IDX in the text trace (for messages only; events name
 *	a cache by its slot, the entry's position in the table).
 * @object_size: OBJSIZE, the size passed to kmem_cache_create().
 * @name: NAME, at most 31 characters, NUL-padded; @name[31] is always 0.
 */
struct kmt_cache {
	u32 idx;
	u32 object_size;
	char name[KMT_NAME_LEN];
} __attribute__((__packed__));

_Static_assert(sizeof(struct kmt_header) == 64, "kmt_header is 64 bytes");
_Static_assert(sizeof(struct kmt_cache) == 40, "kmt_cache is 40 bytes");

/**
 * kmt_crc32() - CRC-32 as used for kmt_header.checksum
 * @crc: 0 to start, or the result of the previous call to continue
 * @p: bytes
 * @len: number of bytes
 *
 * CRC-32/ISO-HDLC, the CRC of zlib, gzip and Ethernet: reflected
 * polynomial 0xedb88320, initial value and final xor 0xffffffff.
 * kmt_crc32(0, "123456789", 9) == 0xcbf43926. Bitwise: about 8 x 6
 * instructions a byte, well under a second for a few MiB even in QEMU;
 * a table-driven version gives the same result.
 *
 * Return: the CRC of the bytes so far.
 */
static inline u32 kmt_crc32(u32 crc, const void *p, u32 len)
{
	const u8 *b = p;
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

/**
 * kmt_get_varint() - read one ULEB128 field
 * @pos: cursor, advanced past the field on success
 * @end: one past the last byte of the module
 * @val: the decoded value
 *
 * Rejects a field that runs past @end or does not fit in a u32 (more than
 * %KMT_VARINT_MAX bytes, or a 5th byte above 0x0f). Overlong but in-range
 * encodings are accepted; the converter never writes them.
 *
 * Return: 0, or -1 if the field is invalid (@pos is then undefined).
 */
static inline int kmt_get_varint(const u8 **pos, const u8 *end, u32 *val)
{
	const u8 *p = *pos;
	u32 v = 0;
	int n;

	for (n = 0; n < KMT_VARINT_MAX; n++) {
		u8 b;

		if (p >= end)
			return -1;
		b = *p++;
		if (n == KMT_VARINT_MAX - 1 && b > 0x0f)
			return -1;
		v |= (u32)(b & 0x7f) << (7 * n);
		if (!(b & 0x80)) {
			*pos = p;
			*val = v;
			return 0;
		}
	}
	return -1;
}

/**
 * kmt_unzigzag() - decode the zz field of an allocation
 * @zz: the field as read by kmt_get_varint()
 *
 * Zigzag maps 0, -1, 1, -2, 2 ... to 0, 1, 2, 3, 4 ... so that small
 * differences of either sign take one byte. LINUX_ALLOC is
 * size + kmt_unzigzag(zz), computed in u32 arithmetic.
 *
 * Return: the signed difference LINUX_ALLOC - size.
 */
static inline s32 kmt_unzigzag(u32 zz)
{
	return (s32)((zz >> 1) ^ -(zz & 1));
}

/**
 * kmt_check_header() - the checks to make before trusting a module
 * @p: start of the module
 * @len: length of the module (mod_end - mod_start)
 *
 * In this order: @len holds a header; magic; version; header_size;
 * total_len == @len; checksum; no unknown flags; reserved is 0; the cache
 * table fits; nr_events fits in what is left (an event takes 2 bytes at
 * least, so a corrupt count cannot make a reader size huge tables);
 * nr_events == nr_allocs + nr_frees; at most %KMT_MAX_CACHES caches (the
 * table kbench replays into); at least one allocation (an empty trace
 * measures nothing, so `scripts/kmtrace convert` refuses one too).
 * `scripts/kmtrace verify` makes the same checks in the same order with the
 * same wording.
 *
 * What this does not check is found while walking the events: an unknown
 * opcode, a field past the end, a slot >= nr_caches, a free reaching back
 * past the first allocation or freeing a freed ID, more events than
 * nr_events or bytes left after them. A reader that wants to replay
 * nothing from a bad module walks once without replaying (decode.c shows
 * the walk).
 *
 * Return: NULL if the header is good, else a message for the log.
 */
static inline const char *kmt_check_header(const void *p, u32 len)
{
	const struct kmt_header *h = p;
	u32 evbytes;

	if (len < sizeof(*h))
		return "truncated header";
	if (h->magic != KMT_MAGIC)
		return "bad magic";
	if (h->version != KMT_VERSION)
		return "unsupported version";
	if (h->header_size != sizeof(*h))
		return "bad header size";
	if (h->total_len != len)
		return "length mismatch (truncated?)";
	if (kmt_crc32(0, (const u8 *)p + KMT_CSUM_OFFSET,
		      len - KMT_CSUM_OFFSET) != h->checksum)
		return "checksum mismatch";
	if (h->flags & ~KMT_FLAGS_KNOWN)
		return "unknown flags";
	if (h->reserved)
		return "reserved field is not 0";
	if (h->nr_caches > (len - sizeof(*h)) / sizeof(struct kmt_cache))
		return "cache table runs past the end";
	evbytes = len - sizeof(*h) - h->nr_caches * sizeof(struct kmt_cache);
	if (h->nr_events > evbytes / 2)
		return "nr_events cannot fit in the module";
	if (h->nr_frees > h->nr_events ||
	    h->nr_allocs != h->nr_events - h->nr_frees)
		return "nr_events != nr_allocs + nr_frees";
	if (h->nr_caches > KMT_MAX_CACHES)
		return "more caches than kbench replays (256)";
	if (!h->nr_allocs)
		return "no allocations (an empty trace replays nothing)";
	return NULL;
}

/**
 * kmt_check_cache_name() - check one entry of the cache table
 * @c: the entry
 *
 * The name must end in a NUL within its %KMT_NAME_LEN bytes and consist of
 * printable ASCII other than space (0x21 to 0x7e) up to its first NUL, as
 * a `c` line's NAME does: it goes to kmem_cache_create() and from there to
 * the console.
 *
 * Return: NULL if the name is good, else a message for the log.
 */
static inline const char *kmt_check_cache_name(const struct kmt_cache *c)
{
	int i;

	if (c->name[KMT_NAME_LEN - 1])
		return "cache name not NUL-terminated";
	for (i = 0; c->name[i]; i++)
		if (c->name[i] < 0x21 || c->name[i] > 0x7e)
			return "cache name not printable ASCII";
	return NULL;
}

/**
 * kmt_caches() - the cache table of a checked module
 * @h: a module kmt_check_header() accepted
 *
 * Return: the first of @h->nr_caches entries.
 */
static inline const struct kmt_cache *kmt_caches(const struct kmt_header *h)
{
	return (const struct kmt_cache *)(h + 1);
}

/**
 * kmt_events() - the event stream of a checked module
 * @h: a module kmt_check_header() accepted
 *
 * Return: the first event byte; the stream ends at (u8 *)@h + total_len.
 */
static inline const u8 *kmt_events(const struct kmt_header *h)
{
	return (const u8 *)(kmt_caches(h) + h->nr_caches);
}

/**
 * struct kmt_event - one decoded event
 * @op: &enum kmt_op.
 * @slot: cache slot of a cache allocation; %KMT_SLOT_KMALLOC for kmalloc.
 * @size: requested bytes of an allocation.
 * @zz: the zz field of an allocation (kmt_unzigzag()).
 * @back: the back field of a free.
 */
struct kmt_event {
	u8 op;
	u32 slot, size, zz, back;
};

/* kmt_event.slot of a KMT_OP_KMALLOC event. */
#define KMT_SLOT_KMALLOC 0xffffU

/**
 * struct kmt_walk_id - one allocation ID during kmt_walk()
 * @size: requested bytes.
 * @zz: the allocation's zz field.
 * @live: 1 while the ID is allocated and not yet freed.
 */
struct kmt_walk_id {
	u32 size;
	u32 zz;
	u8 live;
};

/**
 * struct kmt_counts - what kmt_count_events() found in a module's events
 * @nr_allocs: allocation events.
 * @nr_frees: free events.
 * @max_live: peak number of objects live at once.
 * @live_at_end: objects live after the last event.
 * @max_size: largest requested size.
 * @nr_kmalloc: allocations by kmalloc.
 * @peak_live_bytes: peak of the requested bytes live.
 * @peak_linux_bytes: peak of LINUX_ALLOC live.
 *
 * The fields of struct kmt_header of the same names; nr_events is
 * @nr_allocs + @nr_frees. The peaks are u64 here: a header that cannot
 * hold one is rejected by kmt_walk().
 */
struct kmt_counts {
	u32 nr_allocs, nr_frees, max_live, live_at_end, max_size, nr_kmalloc;
	u64 peak_live_bytes, peak_linux_bytes;
};

const char *kmt_next_event(const struct kmt_header *h, const u8 **pos,
			   const u8 *end, struct kmt_event *ev);
const char *kmt_walk(const struct kmt_header *h, struct kmt_walk_id *ids,
		     u32 *off);
const char *kmt_count_events(const struct kmt_header *h,
			     struct kmt_walk_id *ids, u32 max_allocs, u32 *off,
			     struct kmt_counts *c);

#endif /* _KMLAB_KMTRACE_H */
