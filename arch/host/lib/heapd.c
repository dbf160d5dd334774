// SPDX-License-Identifier: GPL-2.0
/*
 * kmlab-heapd: one heap of one backend, driven over a pipe
 * (Documentation/dev-tools/python.rst).
 *
 * Why a process: the library is the i386 kernel (its sizes and layouts are
 * what the figures measure), and Debian's python3 is an x86-64 process,
 * which cannot map a 32-bit library; so the Python package starts this
 * 32-bit program, which dlopen()s libkmlab-NAME.so and calls its C entry
 * API (arch/host/include/shared/kmlab_api.h) for each request. One heap is
 * one process, hence one library instance with its own globals: heaps of
 * any backends live side by side, and a crash inside the library (a
 * fault, a panic) ends this process only, never the interpreter; the
 * caller sees the pipe close and the exit status or signal.
 *
 * Usage: kmlab-heapd LIBRARY MEM_BYTES [--module FILE] [CMDLINE WORD...]
 *
 * Requests, one line each, words separated by one space, numbers in C
 * syntax (strtoul base 0):
 *	kmalloc SIZE GFP		kfree ADDR
 *	ksize ADDR			krealloc ADDR SIZE GFP
 *	kmem_cache_create NAME SIZE ALIGN FLAGS
 *	kmem_cache_alloc CACHE GFP	kmem_cache_free CACHE ADDR
 *	kmem_cache_destroy CACHE
 *	alloc_pages ORDER GFP		free_pages ADDR ORDER
 *	stats	validate	bench	pages	info	walk
 *	read ADDR LEN			write ADDR HEXBYTES
 * Each answer is one line "STATUS VALUE..." (STATUS 0 or a negative
 * errno; -22 also for a malformed request), then "out LEN" and the LEN
 * bytes the kernel printed during the request. The first answer, before
 * any request, is the boot's: "0 BACKEND" or the boot's error.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kmlab_api.h"

static struct {
	int (*boot)(unsigned long, const char *, const void *, unsigned long,
		    const char *);
	unsigned long (*take_output)(char *, unsigned long);
	unsigned long (*kmalloc)(unsigned long, unsigned int);
	int (*kfree)(unsigned long);
	unsigned long (*ksize)(unsigned long, int *);
	unsigned long (*krealloc)(unsigned long, unsigned long, unsigned int,
				  int *);
	unsigned long (*cache_create)(const char *, unsigned long,
				      unsigned long, unsigned int);
	unsigned long (*cache_alloc)(unsigned long, unsigned int);
	int (*cache_free)(unsigned long, unsigned long);
	int (*cache_destroy)(unsigned long);
	unsigned long (*alloc_pages)(unsigned int, unsigned int);
	int (*free_pages)(unsigned long, unsigned int);
	void (*stats)(unsigned long *);
	int (*validate)(void);
	int (*bench)(void);
	const char *(*backend)(void);
	unsigned int (*header_bytes)(void);
	void (*layout)(unsigned long *, unsigned long *, unsigned long *,
		       unsigned long *);
	unsigned long (*page_block)(unsigned long, int *);
	unsigned long (*heap_walk)(unsigned long *, unsigned long);
} api;

static const char *const api_names[] = {
	"kmlab_boot",
	"kmlab_take_output",
	"kmlab_kmalloc",
	"kmlab_kfree",
	"kmlab_ksize",
	"kmlab_krealloc",
	"kmlab_kmem_cache_create",
	"kmlab_kmem_cache_alloc",
	"kmlab_kmem_cache_free",
	"kmlab_kmem_cache_destroy",
	"kmlab_alloc_pages",
	"kmlab_free_pages",
	"kmlab_stats",
	"kmlab_validate",
	"kmlab_bench",
	"kmlab_backend",
	"kmlab_header_bytes",
	"kmlab_layout",
	"kmlab_page_block",
	"kmlab_heap_walk",
};

static unsigned long ram, ram_end;
static char out_buf[1 << 20];

/* The answer's line is in @line; the kernel's output follows it. */
static void answer(const char *line)
{
	unsigned long n = api.take_output(out_buf, sizeof(out_buf));

	printf("%s\nout %lu\n", line, n);
	fwrite(out_buf, 1, n, stdout);
	fflush(stdout);
}

static void answer_values(int status, int nr, const unsigned long *v)
{
	char line[512];
	int len = snprintf(line, sizeof(line), "%d", status);

	for (int i = 0; i < nr; i++)
		len += snprintf(line + len, sizeof(line) - len, " %lu", v[i]);
	answer(line);
}

static int load(const char *path)
{
	void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	void **slot = (void **)&api;

	if (!lib) {
		fprintf(stderr, "kmlab-heapd: %s\n", dlerror());
		return -1;
	}
	for (size_t i = 0; i < sizeof(api_names) / sizeof(api_names[0]); i++) {
		slot[i] = dlsym(lib, api_names[i]);
		if (!slot[i]) {
			fprintf(stderr,
				"kmlab-heapd: %s has no %s: not a kmlab library\n",
				path, api_names[i]);
			return -1;
		}
	}
	return 0;
}

/* Reads the module file whole; the library keeps pointing into it. */
static void *read_file(const char *path, unsigned long *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			char *grown = realloc(buf, cap ? cap * 2 : 1 << 20);

			if (!grown) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = grown;
			cap = cap ? cap * 2 : 1 << 20;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (!got)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int in_ram(unsigned long addr, unsigned long len)
{
	return addr >= ram && addr <= ram_end && len <= ram_end - addr;
}

static void do_pages(void)
{
	unsigned long map, map_end, addr = ram;
	static char line[1 << 20];
	int len = 0, kind;

	api.layout(&ram, &ram_end, &map, &map_end);
	len = snprintf(line, sizeof(line), "0");
	while (addr < ram_end && len < (int)sizeof(line) - 64) {
		unsigned long end = api.page_block(addr, &kind);

		if (!end) {
			addr += 4096;
			continue;
		}
		len += snprintf(line + len, sizeof(line) - len, " %lu %lu %d",
				addr, end, kind);
		addr = end;
	}
	answer(line);
}

/* "walk": the heap's ranges, three numbers each (start, end, kind). */
static void do_walk(void)
{
	unsigned long n = api.heap_walk(NULL, 0), *v;
	char *line, *at;

	v = malloc(3 * n * sizeof(*v) + 1);
	line = malloc(n * 3 * 12 + 8);
	if (!v || !line) {
		free(v);
		free(line);
		answer("-12");
		return;
	}
	n = api.heap_walk(v, n);
	at = line + sprintf(line, "0");
	for (unsigned long i = 0; i < 3 * n; i++)
		at += sprintf(at, " %lu", v[i]);
	answer(line);
	free(v);
	free(line);
}

static void do_read(unsigned long addr, unsigned long n)
{
	static char line[2 * 65536 + 8];
	const unsigned char *p = (const unsigned char *)addr;
	int len;

	if (n > 65536 || !in_ram(addr, n)) {
		answer("-22");
		return;
	}
	len = snprintf(line, sizeof(line), "0 ");
	for (unsigned long i = 0; i < n; i++)
		len += snprintf(line + len, sizeof(line) - len, "%02x", p[i]);
	answer(line);
}

static void do_write(unsigned long addr, const char *hex)
{
	size_t n = strlen(hex) / 2;
	unsigned char *p = (unsigned char *)addr;

	if (strlen(hex) % 2 || !in_ram(addr, n)) {
		answer("-22");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned int b;

		if (sscanf(hex + 2 * i, "%2x", &b) != 1) {
			answer("-22");
			return;
		}
		p[i] = b;
	}
	answer("0");
}

/* One request; the words are in @w, @n of them. */
static void serve(char **w, int n)
{
	unsigned long a[4] = { 0 }, v[KMLAB_NR_STATS];
	const char *cmd = w[0];
	int st = 0;

	for (int i = 1; i < n && i <= 4; i++)
		a[i - 1] = strtoul(w[i], NULL, 0);
	if (!strcmp(cmd, "kmalloc") && n == 3) {
		v[0] = api.kmalloc(a[0], a[1]);
		answer_values(0, 1, v);
	} else if (!strcmp(cmd, "kfree") && n == 2) {
		answer_values(api.kfree(a[0]), 0, v);
	} else if (!strcmp(cmd, "ksize") && n == 2) {
		v[0] = api.ksize(a[0], &st);
		answer_values(st, 1, v);
	} else if (!strcmp(cmd, "krealloc") && n == 4) {
		v[0] = api.krealloc(a[0], a[1], a[2], &st);
		answer_values(st, 1, v);
	} else if (!strcmp(cmd, "kmem_cache_create") && n == 5) {
		v[0] = api.cache_create(w[1], strtoul(w[2], NULL, 0),
					strtoul(w[3], NULL, 0),
					strtoul(w[4], NULL, 0));
		answer_values(0, 1, v);
	} else if (!strcmp(cmd, "kmem_cache_alloc") && n == 3) {
		v[0] = api.cache_alloc(a[0], a[1]);
		answer_values(0, 1, v);
	} else if (!strcmp(cmd, "kmem_cache_free") && n == 3) {
		answer_values(api.cache_free(a[0], a[1]), 0, v);
	} else if (!strcmp(cmd, "kmem_cache_destroy") && n == 2) {
		answer_values(api.cache_destroy(a[0]), 0, v);
	} else if (!strcmp(cmd, "alloc_pages") && n == 3) {
		v[0] = api.alloc_pages(a[0], a[1]);
		answer_values(0, 1, v);
	} else if (!strcmp(cmd, "free_pages") && n == 3) {
		answer_values(api.free_pages(a[0], a[1]), 0, v);
	} else if (!strcmp(cmd, "stats") && n == 1) {
		api.stats(v);
		answer_values(0, KMLAB_NR_STATS, v);
	} else if (!strcmp(cmd, "validate") && n == 1) {
		v[0] = api.validate();
		answer_values(0, 1, v);
	} else if (!strcmp(cmd, "bench") && n == 1) {
		v[0] = api.bench();
		answer_values(0, 1, v);
	} else if (!strcmp(cmd, "info") && n == 1) {
		api.layout(&v[0], &v[1], &v[2], &v[3]);
		v[4] = api.header_bytes();
		answer_values(0, 5, v);
	} else if (!strcmp(cmd, "pages") && n == 1) {
		do_pages();
	} else if (!strcmp(cmd, "walk") && n == 1) {
		do_walk();
	} else if (!strcmp(cmd, "read") && n == 3) {
		do_read(a[0], a[1]);
	} else if (!strcmp(cmd, "write") && n == 3) {
		do_write(a[0], w[2]);
	} else {
		answer("-22");
	}
}

int main(int argc, char **argv)
{
	static char cmdline[4096], line[1 << 16];
	const char *module_path = NULL;
	void *module = NULL;
	unsigned long module_len = 0, map, map_end;
	size_t len = 0;
	int i = 3, err;

	if (argc < 3) {
		fprintf(stderr,
			"usage: kmlab-heapd LIBRARY MEM_BYTES [--module FILE] [CMDLINE WORD...]\n");
		return 2;
	}
	if (argc > 4 && !strcmp(argv[3], "--module")) {
		module_path = argv[4];
		i = 5;
	}
	for (; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (len + n + 2 > sizeof(cmdline)) {
			fprintf(stderr, "kmlab-heapd: command line too long\n");
			return 2;
		}
		if (len)
			cmdline[len++] = ' ';
		memcpy(cmdline + len, argv[i], n);
		len += n;
	}
	if (load(argv[1]))
		return 2;
	if (module_path) {
		module = read_file(module_path, &module_len);
		if (!module) {
			fprintf(stderr, "kmlab-heapd: cannot read %s: %s\n",
				module_path, strerror(errno));
			return 2;
		}
	}
	err = api.boot(strtoul(argv[2], NULL, 0), cmdline, module, module_len,
		       module_path);
	if (err) {
		snprintf(line, sizeof(line), "%d", err);
		answer(line);
		return 1;
	}
	api.layout(&ram, &ram_end, &map, &map_end);
	snprintf(line, sizeof(line), "0 %s", api.backend());
	answer(line);
	while (fgets(line, sizeof(line), stdin)) {
		char *w[6];
		int n = 0;

		line[strcspn(line, "\n")] = '\0';
		for (char *t = strtok(line, " "); t && n < 6;
		     t = strtok(NULL, " "))
			w[n++] = t;
		if (n)
			serve(w, n);
		else
			answer("-22");
	}
	return 0;
}
