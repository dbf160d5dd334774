// SPDX-License-Identifier: GPL-2.0
/*
 * kmreplay: replay a kmtrace module (include/kmlab/kmtrace.h) on the host,
 * through one allocator (struct kmr_allocator, alloc-NAME.c), for make
 * compare's host side (Documentation/mm/compare.rst).
 *
 *	kmreplay-NAME MODULE.kmtb [WORKLOAD]
 *
 * The module is checked as the kernel checks it: kmt_check_header(), then
 * the validating walk kmt_walk() (lib/kmtrace.c, the same code kbench
 * runs), so a module either replays here and in the kernel or is rejected
 * by both with the same message. Then every event in order: an allocation
 * (kmalloc, or kmem_cache_alloc of the cache's object size) is one call of
 * kmr_alloc_site(), a free one call of kmr_free_site() (sites.c: never
 * inlined, nothing but the allocator's call, so that callgrind's inclusive
 * cost of each, divided by its number of calls, is the instructions per
 * allocation and per free); this program does not time anything itself.
 *
 * Memory figures, as kbench's (lib/kbench/metrics.c): peak live requested
 * bytes, extent (highest end minus lowest start of any object) and the
 * bytes the allocator holds (its own statistics) at the first event where
 * the live bytes reach their peak. The module and the ID table are mapped
 * with mmap, not allocated, so that the contender holds only the trace's
 * objects.
 *
 * Output: one line "kmreplay: {JSON}" on stdout; exit 0. A module that
 * cannot be read or is rejected: one line on stderr, exit 1, nothing
 * replayed. Bad arguments: usage, exit 2.
 */
/*
 * <kmlab/types.h> has the kernel's ssize_t (long), the C library's is int
 * on i386: the kernel's is renamed, this file uses neither.
 */
#define ssize_t kmlab_ssize_t
#include <kmlab/kmtrace.h>
#undef ssize_t
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "kmreplay.h"

/* One allocation ID of the replay. */
struct obj {
	void *ptr;
	u32 size;
	u8 live;
};

static void *map_anon(size_t bytes)
{
	void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Map @path; Return: the module, or NULL with errno set. */
static const struct kmt_header *map_module(const char *path, u32 *len)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || st.st_size > 0x7fffffff) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	*len = st.st_size;
	p = mmap(NULL, st.st_size ? st.st_size : 1, PROT_READ, MAP_PRIVATE, fd,
		 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* "trace/" and the file name up to its first dot, as kbench names it. */
static void workload_name(const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	snprintf(buf, len, "trace/%.*s", (int)strcspn(base, "."), base);
}

int main(int argc, char **argv)
{
	const struct kmt_header *h;
	const u8 *p, *end;
	struct kmt_walk_id *ids;
	struct obj *objs;
	unsigned long lo = ~0ul, hi = 0;
	unsigned long long live = 0, peak = 0, allocs = 0, frees = 0;
	long long held = -1;
	u32 len = 0, off, n = 0, failed = 0;
	const char *err;
	char name[64];

	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		fprintf(stderr,
			"usage: %s MODULE.kmtb [WORKLOAD]   (a kmtrace module from 'scripts/kmtrace convert')\n",
			argv[0]);
		return 2;
	}
	if (argc == 3)
		snprintf(name, sizeof(name), "%s", argv[2]);
	else
		workload_name(argv[1], name, sizeof(name));
	h = map_module(argv[1], &len);
	if (!h) {
		fprintf(stderr, "kmreplay: %s: cannot read: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	err = kmt_check_header(h, len);
	ids = err ? NULL : map_anon((size_t)h->nr_allocs * sizeof(*ids));
	if (!err && !ids)
		err = "cannot map the ID table";
	off = 0;
	if (!err)
		err = kmt_walk(h, ids, &off);
	if (err) {
		if (off)
			fprintf(stderr,
				"kmreplay: %s: module rejected: offset 0x%x: %s; nothing replayed\n",
				name, off, err);
		else
			fprintf(stderr,
				"kmreplay: %s: module rejected: %s; nothing replayed\n",
				name, err);
		return 1;
	}
	munmap(ids, (size_t)h->nr_allocs * sizeof(*ids));
	objs = map_anon((size_t)h->nr_allocs * sizeof(*objs));
	if (!objs) {
		fprintf(stderr, "kmreplay: %s: cannot map the ID table\n",
			name);
		return 1;
	}
	if (kmr_allocator.init)
		kmr_allocator.init();
	p = kmt_events(h);
	end = (const u8 *)h + h->total_len;
	while (p < end) {
		struct kmt_event ev;
		struct obj *o;

		/* Walked already: cannot fail. */
		kmt_next_event(h, &p, end, &ev);
		if (ev.op == KMT_OP_FREE) {
			o = &objs[n - 1 - ev.back];
			if (o->live) {
				kmr_free_site(o->ptr);
				frees++;
				live -= o->size;
				o->live = 0;
			}
			continue;
		}
		o = &objs[n++];
		o->size = ev.size;
		o->ptr = kmr_alloc_site(ev.size);
		if (!o->ptr) {
			failed++;
			continue;
		}
		o->live = 1;
		allocs++;
		live += ev.size;
		if ((unsigned long)o->ptr < lo)
			lo = (unsigned long)o->ptr;
		if ((unsigned long)o->ptr + ev.size > hi)
			hi = (unsigned long)o->ptr + ev.size;
		if (live > peak) {
			peak = live;
			if (peak == h->peak_live_bytes)
				held = kmr_allocator.held();
		}
	}
	printf("kmreplay: {\"workload\":\"%s\",\"contender\":\"%s\","
	       "\"allocs\":%llu,\"frees\":%llu,\"failed\":%u,"
	       "\"peak_live\":%llu,\"trace_peak_live\":%u,\"extent\":%lu,",
	       name, kmr_allocator.name, allocs, frees, failed, peak,
	       h->peak_live_bytes, hi > lo ? hi - lo : 0);
	if (held >= 0)
		printf("\"held\":%lld,", held);
	else
		printf("\"held\":null,");
	printf("\"held_source\":\"%s\",\"events\":%u,\"live_at_end\":%u,"
	       "\"limited\":%s}\n",
	       kmr_allocator.held_source, h->nr_events, h->live_at_end,
	       h->flags & KMT_FLAG_LIMITED ? "true" : "false");
	return 0;
}
