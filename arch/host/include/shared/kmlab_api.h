/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C entry API of libkmlab-NAME.so, the ARCH=host kernel of one backend
 * built as a 32-bit shared library (Documentation/dev-tools/python.rst).
 *
 * One library instance is one heap: kmlab_boot() maps its RAM and brings
 * up memblock, mem_map, the backend and the initcalls exactly as
 * start_kernel() does, once per process. Only C's own types cross this
 * interface, so a program built against glibc (arch/host/lib/heapd.c,
 * which the Python package drives) can call it. Addresses are the heap's
 * own (the process's) addresses as unsigned long; every call is the
 * kernel's function of the same name, called from process context with
 * the heap's console output kept for kmlab_take_output().
 */
#ifndef _HOST_KMLAB_API_H
#define _HOST_KMLAB_API_H

/* kmlab_stats(): the fields of struct kmalloc_stats, in its order. */
#define KMLAB_NR_STATS 10

/* kmlab_page_block(): what a run of pages is. */
enum kmlab_page_kind {
	KMLAB_PAGES_RESERVED, /* not usable memory */
	KMLAB_PAGES_FREE, /* a free buddy block */
	KMLAB_PAGES_SLAB, /* pages of slab or SLOB objects */
	KMLAB_PAGES_ALLOCATED, /* an alloc_pages() or large kmalloc block */
	KMLAB_PAGES_BACKEND, /* held by a backend without struct page use */
};

/* kmlab_heap_walk(): what a range of the heap is (mm/internal.h). */
enum kmlab_range_kind {
	KMLAB_RANGE_LIVE, /* an object or page block handed out */
	KMLAB_RANGE_FREE, /* memory the backend can hand out again */
	KMLAB_RANGE_METADATA, /* headers, footers, fences, redzones */
	KMLAB_RANGE_HELD, /* none of those (bump's freed blocks ...) */
};

/**
 * kmlab_boot - bring the heap up, once per process
 * @mem: bytes of RAM
 * @cmdline: kernel command line (loglevel=, kbench.* ...)
 * @module: a kmtrace module to replay with kmlab_bench(), or NULL
 * @module_len: its bytes
 * @module_name: its file name (the workload is "trace/" + its stem)
 *
 * Return: 0, -EBUSY when called a second time, -EINVAL for a command line
 * too long, -ENOMEM when @mem cannot be mapped. A failure inside the
 * kernel's boot is a panic: the process exits with status 2.
 */
int kmlab_boot(unsigned long mem, const char *cmdline, const void *module,
	       unsigned long module_len, const char *module_name);

/**
 * kmlab_take_output - move the console output since the last call to @buf
 * @buf: where to copy it
 * @len: bytes available at @buf
 *
 * Return: the bytes copied (output beyond @len is dropped, and so is
 * output beyond the library's 1 MiB buffer between two calls).
 */
unsigned long kmlab_take_output(char *buf, unsigned long len);

/* The kernel's functions; a status is 0 or a negative errno. */
unsigned long kmlab_kmalloc(unsigned long size, unsigned int gfp);
int kmlab_kfree(unsigned long p);
unsigned long kmlab_ksize(unsigned long p, int *status);
unsigned long kmlab_krealloc(unsigned long p, unsigned long size,
			     unsigned int gfp, int *status);
unsigned long kmlab_kmem_cache_create(const char *name, unsigned long size,
				      unsigned long align, unsigned int flags);
unsigned long kmlab_kmem_cache_alloc(unsigned long cache, unsigned int gfp);
int kmlab_kmem_cache_free(unsigned long cache, unsigned long p);
int kmlab_kmem_cache_destroy(unsigned long cache);
unsigned long kmlab_alloc_pages(unsigned int order, unsigned int gfp);
int kmlab_free_pages(unsigned long addr, unsigned int order);
void kmlab_stats(unsigned long out[KMLAB_NR_STATS]);
int kmlab_validate(void);
int kmlab_bench(void);
const char *kmlab_backend(void);
unsigned int kmlab_header_bytes(void);
void kmlab_layout(unsigned long *ram, unsigned long *ram_end,
		  unsigned long *map, unsigned long *map_end);
unsigned long kmlab_page_block(unsigned long addr, int *kind);
unsigned long kmlab_heap_walk(unsigned long *out, unsigned long max);

#endif /* _HOST_KMLAB_API_H */
