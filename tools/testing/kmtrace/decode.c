// SPDX-License-Identifier: GPL-2.0
/*
 * Reference reader of kmtrace modules, built on the host against
 * include/kmlab/kmtrace.h exactly as the kernel includes it.
 *
 * It does what the kernel's replay does before replaying, and in the same
 * order: kmt_check_header() (length, magic, version, checksum, counts),
 * then one validating walk over the cache table and the event stream that
 * keeps a live flag per allocation ID (the kernel keeps a pointer there),
 * and finally compares the header's counts with what the walk found. The
 * replay proper is the same walk with kmalloc/kmem_cache_alloc/kfree
 * where this file counts.
 *
 * It prints the figures `scripts/kmtrace info` prints, under the same keys,
 * so tools/testing/kmtrace/test_kmtrace.py can compare the two. Errors go
 * to stderr as "decode: FILE: bad module: MESSAGE", exit status 1.
 *
 * Build, from the repository root, against the kernel's own headers
 * (<kmlab/types.h> takes u8..u64 from <stdint.h>; its ssize_t is long, as
 * the C library's on x86_64):
 *   gcc -std=gnu11 -Wall -Wextra -I include -o decode \
 *       tools/testing/kmtrace/decode.c
 */
#include <stdio.h>
#include <stdlib.h>

#include <kmlab/kmtrace.h>

#define NR_BUCKETS 33

struct kmt_stats {
	u32 allocs, frees, kmalloc_allocs, live, max_live, max_size;
	u64 live_bytes, live_linux, peak_live_bytes, peak_linux_bytes;
	u64 total_bytes, total_linux_bytes;
	u32 hist[NR_BUCKETS];
};

/* Requested and LINUX_ALLOC size of each allocation ID, and whether live. */
struct kmt_obj {
	u32 size;
	u32 linux_alloc;
	u8 live;
};

static const char *prog_file;

static void bad(const char *msg, long off)
{
	if (off >= 0)
		fprintf(stderr, "decode: %s: bad module: offset 0x%lx: %s\n",
			prog_file, off, msg);
	else
		fprintf(stderr, "decode: %s: bad module: %s\n", prog_file, msg);
	exit(1);
}

/* Histogram bucket: 0 for size 0, else the smallest k >= 3, size <= 2^k. */
static int size_bucket(u32 size)
{
	int k = 3;

	if (!size)
		return 0;
	while (k < 32 && ((u64)1 << k) < size)
		k++;
	return k;
}

static void count_alloc(struct kmt_stats *st, struct kmt_obj *obj, u32 size,
			u32 linux_alloc)
{
	obj->size = size;
	obj->linux_alloc = linux_alloc;
	obj->live = 1;
	st->allocs++;
	st->live++;
	st->live_bytes += size;
	st->live_linux += linux_alloc;
	st->total_bytes += size;
	st->total_linux_bytes += linux_alloc;
	st->hist[size_bucket(size)]++;
	if (size > st->max_size)
		st->max_size = size;
	if (st->live > st->max_live)
		st->max_live = st->live;
	if (st->live_bytes > st->peak_live_bytes)
		st->peak_live_bytes = st->live_bytes;
	if (st->live_linux > st->peak_linux_bytes)
		st->peak_linux_bytes = st->live_linux;
}

static void count_free(struct kmt_stats *st, struct kmt_obj *obj)
{
	obj->live = 0;
	st->frees++;
	st->live--;
	st->live_bytes -= obj->size;
	st->live_linux -= obj->linux_alloc;
}

/**
 * walk_events() - validate and count every event of a checked module
 * @h: module accepted by kmt_check_header()
 * @st: statistics, zeroed by the caller
 *
 * Exits through bad() on the first invalid event.
 */
static void walk_events(const struct kmt_header *h, struct kmt_stats *st)
{
	const struct kmt_cache *caches = kmt_caches(h);
	const u8 *start = (const u8 *)h;
	const u8 *p = kmt_events(h);
	const u8 *end = start + h->total_len;
	struct kmt_obj *objs;
	u32 nr_events = 0;
	u32 i;

	for (i = 0; i < h->nr_caches; i++) {
		const char *err = kmt_check_cache_name(&caches[i]);

		if (err)
			bad(err, (const u8 *)&caches[i] - start);
	}

	objs = calloc(h->nr_allocs ? h->nr_allocs : 1, sizeof(*objs));
	if (!objs) {
		perror("decode: calloc");
		exit(1);
	}

	while (p < end) {
		long off = p - start;
		u32 slot, size, zz, back, id;
		u8 op;

		if (nr_events++ == h->nr_events)
			bad("data after the last event", off);
		op = *p++;
		if (op == KMT_OP_FREE) {
			if (kmt_get_varint(&p, end, &back))
				bad("bad varint", off);
			if (back >= st->allocs)
				bad("free reaches back past the first allocation",
				    off);
			id = st->allocs - 1 - back;
			if (!objs[id].live)
				bad("double free of ID", off);
			count_free(st, &objs[id]);
			continue;
		}

		switch (op) {
		case KMT_OP_KMALLOC:
			if (kmt_get_varint(&p, end, &size))
				bad("bad varint", off);
			st->kmalloc_allocs++;
			break;
		case KMT_OP_CACHE_ALLOC:
		case KMT_OP_CACHE_ALLOC_SIZED:
			if (kmt_get_varint(&p, end, &slot))
				bad("bad varint", off);
			if (slot >= h->nr_caches)
				bad("cache slot out of range", off);
			size = caches[slot].object_size;
			if (op == KMT_OP_CACHE_ALLOC_SIZED &&
			    kmt_get_varint(&p, end, &size))
				bad("bad varint", off);
			break;
		default:
			bad("unknown opcode", off);
		}
		if (kmt_get_varint(&p, end, &zz))
			bad("bad varint", off);
		if (st->allocs >= h->nr_allocs)
			bad("more than nr_allocs allocations", off);
		count_alloc(st, &objs[st->allocs], size,
			    size + (u32)kmt_unzigzag(zz));
	}
	free(objs);
}

/* The walk must agree with every count the header announces. */
static void check_counts(const struct kmt_header *h, const struct kmt_stats *st)
{
	if (h->nr_events != st->allocs + st->frees)
		bad("header says nr_events but the events differ", -1);
	if (h->nr_allocs != st->allocs)
		bad("header says nr_allocs but the events differ", -1);
	if (h->nr_frees != st->frees)
		bad("header says nr_frees but the events differ", -1);
	if (h->max_live != st->max_live)
		bad("header says max_live but the events differ", -1);
	if (h->live_at_end != st->live)
		bad("header says live_at_end but the events differ", -1);
	if (h->peak_live_bytes != st->peak_live_bytes)
		bad("header says peak_live_bytes but the events differ", -1);
	if (h->peak_linux_bytes != st->peak_linux_bytes)
		bad("header says peak_linux_bytes but the events differ", -1);
	if (h->max_size != st->max_size)
		bad("header says max_size but the events differ", -1);
	if (h->nr_kmalloc != st->kmalloc_allocs)
		bad("header says nr_kmalloc but the events differ", -1);
}

static void print_stats(const struct kmt_header *h, const struct kmt_stats *st)
{
	int k;

	printf("file: %s\n", prog_file);
	printf("format: module v%u, %u bytes, crc32 0x%08x%s\n", h->version,
	       h->total_len, h->checksum,
	       h->flags & KMT_FLAG_LIMITED ? ", limited" : "");
	printf("caches: %u\n", h->nr_caches);
	printf("events: %u\n", st->allocs + st->frees);
	printf("allocs: %u\n", st->allocs);
	printf("kmalloc_allocs: %u\n", st->kmalloc_allocs);
	printf("cache_allocs: %u\n", st->allocs - st->kmalloc_allocs);
	printf("frees: %u\n", st->frees);
	printf("live_at_end: %u\n", st->live);
	printf("max_live: %u\n", st->max_live);
	printf("peak_live_bytes: %llu\n",
	       (unsigned long long)st->peak_live_bytes);
	printf("peak_linux_bytes: %llu\n",
	       (unsigned long long)st->peak_linux_bytes);
	printf("total_bytes: %llu\n", (unsigned long long)st->total_bytes);
	printf("total_linux_bytes: %llu\n",
	       (unsigned long long)st->total_linux_bytes);
	printf("max_size: %u\n", st->max_size);
	printf("size histogram (requested bytes):\n");
	for (k = 0; k < NR_BUCKETS; k++) {
		if (!st->hist[k])
			continue;
		if (k)
			printf("hist <=%llu: %u\n", 1ULL << k, st->hist[k]);
		else
			printf("hist 0: %u\n", st->hist[k]);
	}
}

static u8 *read_file(const char *path, u32 *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f) {
		perror(path);
		exit(1);
	}
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf) {
				perror("decode: realloc");
				exit(1);
			}
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	if (ferror(f) || n > 0xffffffffUL) {
		fprintf(stderr, "decode: %s: read error or file too large\n",
			path);
		exit(1);
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	struct kmt_stats st = { 0 };
	const struct kmt_header *h;
	const char *err;
	u8 *buf;
	u32 len;

	if (argc != 2) {
		fprintf(stderr, "usage: decode MODULE\n");
		return 2;
	}
	prog_file = argv[1];
	buf = read_file(argv[1], &len);
	err = kmt_check_header(buf, len);
	if (err)
		bad(err, -1);
	h = (const struct kmt_header *)buf;
	walk_events(h, &st);
	check_counts(h, &st);
	print_stats(h, &st);
	free(buf);
	return 0;
}
