// SPDX-License-Identifier: GPL-2.0
/*
 * The C entry API of libkmlab-NAME.so (arch/host/include/shared/kmlab_api.h,
 * Documentation/dev-tools/python.rst): the ARCH=host kernel of one backend
 * as a library that a glibc program calls, one heap per process.
 *
 * kmlab_boot() is host_start_kernel() and start_kernel() without the parts
 * that belong to a run of the tests: no fault signals and no timer (a call
 * that faults ends the process, which the caller sees; jiffies stand
 * still), no ktest: memblock from one mapping of mem bytes, then
 * start_kernel_core(), the same bring-up as start_kernel()'s. A kmtrace
 * module given to it becomes boot module 0, so kmlab_bench() runs the
 * kernel's own replay (lib/kbench/) on it: the figures are the kernel's.
 *
 * The console is a buffer that kmlab_take_output() empties, so each call's
 * lines (a bad-input report, a validate line) go back with its answer;
 * when the kernel ends the process (panic), an exit hook writes what is
 * left to stderr first. Bad input is told by kmalloc_stats.bad_input:
 * every backend counts each report it prints with kmalloc_report_bad().
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/param.h>
#include <kmlab/memblock.h>
#include <kmlab/bootinfo.h>
#include <kmlab/machine.h>
#include <kmlab/errno.h>
#include <kmlab/page.h>
#include <kmlab/mm.h>
#include <kmlab/gfp.h>
#include <kmlab/slab.h>
#include <kmlab/kbench.h>
#include <kmlab/kasan.h>
#include <os.h>
#include <kmlab_api.h>
#include "../../../mm/internal.h"

void start_kernel_core(void);
void host_time_init(void);

#define OUTPUT_BYTES (1u << 20)

static char output[OUTPUT_BYTES];
static unsigned long output_len;
static bool booted;
static char command_line[COMMAND_LINE_SIZE];
static unsigned long ram_start, ram_stop;

static void buffer_write(const char *s, size_t len)
{
	size_t room = OUTPUT_BYTES - output_len;

	if (len > room)
		len = room;
	memcpy(output + output_len, s, len);
	output_len += len;
}

static struct console buffer_console = {
	.name = "kmlab-api",
	.write = buffer_write,
};

/* A panic ends the process: what the console holds goes to stderr first. */
static void flush_output(int status)
{
	os_write(2, output, output_len);
	output_len = 0;
}
machine_exit_hook(flush_output);

unsigned long kmlab_take_output(char *buf, unsigned long len)
{
	if (len > output_len)
		len = output_len;
	memcpy(buf, output, len);
	output_len = 0;
	return len;
}

/**
 * kmlab_boot - bring up the heap of this library instance, once
 * @mem: bytes of RAM, one anonymous mapping (rounded down to pages)
 * @cmdline: kernel command line (loglevel=, kbench.* ...), copied
 * @module: a kmtrace module for kmlab_bench() to replay, or NULL
 * @module_len: its bytes
 * @module_name: its path (the workload is "trace/" + the file's stem)
 *
 * Context: process, before any other call but kmlab_take_output().
 * Return: 0, -EBUSY on a second call, -EINVAL for a command line longer
 * than COMMAND_LINE_SIZE - 1 bytes, -ENOMEM when @mem cannot be mapped.
 * A boot failure inside the kernel (less than its minimum memory) panics:
 * the process exits with status 2 after writing the panic to stderr.
 */
int kmlab_boot(unsigned long mem, const char *cmdline, const void *module,
	       unsigned long module_len, const char *module_name)
{
	int err;

	if (booted)
		return -EBUSY;
	if (strlen(cmdline) >= sizeof(command_line))
		return -EINVAL;
	booted = true;
	register_console(&buffer_console);
	strscpy(command_line, cmdline, sizeof(command_line));
	saved_command_line = command_line;
	parse_args(command_line, true);
	host_time_init();
	mem &= PAGE_MASK;
	ram_start = os_map_ram(mem, &err);
	if (!ram_start)
		return -ENOMEM;
	ram_stop = ram_start + mem;
	kasan_poison((void *)ram_start, mem);
	memblock_add(ram_start, mem);
	memblock_finalize();
	if (module) {
		boot_modules[0] =
			(struct boot_module){ module, module_len, module_name };
		boot_module_count = 1;
	}
	parse_args((char *)saved_command_line, false);
	start_kernel_core();
	return 0;
}

/* The call's status: -EINVAL when the heap reported bad input during it. */
static int bad_input_since(unsigned long before)
{
	return kmalloc_stats.bad_input != before ? -EINVAL : 0;
}

/**
 * kmlab_kmalloc - kmalloc(@size, @gfp)
 * @size: bytes
 * @gfp: gfp_t bits (<kmlab/gfp.h>)
 *
 * Return: the object's address, 0 (NULL) when out of memory, ZERO_SIZE_PTR
 * for @size 0. Context: process, after kmlab_boot().
 */
unsigned long kmlab_kmalloc(unsigned long size, unsigned int gfp)
{
	return (unsigned long)kmalloc(size, gfp);
}

/**
 * kmlab_kfree - kfree(@p)
 * @p: an object's address (NULL and ZERO_SIZE_PTR do nothing)
 *
 * Return: 0, or -EINVAL when the heap reported @p as bad input (double
 * free, foreign or interior pointer ...: the line is in the output).
 */
int kmlab_kfree(unsigned long p)
{
	unsigned long before = kmalloc_stats.bad_input;

	kfree((void *)p);
	return bad_input_since(before);
}

/**
 * kmlab_ksize - ksize(@p)
 * @p: an object's address
 * @status: out: 0, or -EINVAL when the heap reported @p as bad input
 *
 * Return: the usable bytes at @p (0 for a bad @p).
 */
unsigned long kmlab_ksize(unsigned long p, int *status)
{
	unsigned long before = kmalloc_stats.bad_input;
	unsigned long n = ksize((void *)p);

	*status = bad_input_since(before);
	return n;
}

/**
 * kmlab_krealloc - krealloc(@p, @size, @gfp)
 * @p: an object's address, or NULL
 * @size: new size, bytes
 * @gfp: gfp_t bits
 * @status: out: 0, or -EINVAL when the heap reported @p as bad input
 *
 * Return: the object (moved or not), or 0 when out of memory or @p is bad
 * (@p is then unchanged).
 */
unsigned long kmlab_krealloc(unsigned long p, unsigned long size,
			     unsigned int gfp, int *status)
{
	unsigned long before = kmalloc_stats.bad_input;
	void *q = krealloc((void *)p, size, gfp);

	*status = bad_input_since(before);
	return (unsigned long)q;
}

/* Cache names live as long as the library: kmem_cache_create() keeps the pointer. */
#define NAME_POOL_BYTES 8192
static char name_pool[NAME_POOL_BYTES];
static unsigned long name_pool_used;

/**
 * kmlab_kmem_cache_create - kmem_cache_create(@name, @size, @align, @flags, NULL)
 * @name: the cache's name, copied into a pool of 8 KiB for all caches
 * @size: object size, bytes
 * @align: alignment, bytes (0 or a power of two up to PAGE_SIZE)
 * @flags: slab_flags_t bits (SLAB_HWCACHE_ALIGN ...)
 *
 * Return: the struct kmem_cache's address, or 0 (out of memory, bad
 * arguments, or the name pool is full).
 */
unsigned long kmlab_kmem_cache_create(const char *name, unsigned long size,
				      unsigned long align, unsigned int flags)
{
	size_t len = strlen(name) + 1;
	char *copy = name_pool + name_pool_used;

	if (len > NAME_POOL_BYTES - name_pool_used)
		return 0;
	memcpy(copy, name, len);
	name_pool_used += len;
	return (unsigned long)kmem_cache_create(copy, size, align, flags, NULL);
}

/**
 * kmlab_kmem_cache_alloc - kmem_cache_alloc(@cache, @gfp)
 * @cache: from kmlab_kmem_cache_create(), not destroyed (the caller's to
 *         vouch for: it is dereferenced)
 * @gfp: gfp_t bits
 *
 * Return: the object, or 0 when out of memory.
 */
unsigned long kmlab_kmem_cache_alloc(unsigned long cache, unsigned int gfp)
{
	return (unsigned long)kmem_cache_alloc((struct kmem_cache *)cache, gfp);
}

/**
 * kmlab_kmem_cache_free - kmem_cache_free(@cache, @p)
 * @cache: as for kmlab_kmem_cache_alloc()
 * @p: an object's address
 *
 * Return: 0, or -EINVAL when the heap reported @p as bad input.
 */
int kmlab_kmem_cache_free(unsigned long cache, unsigned long p)
{
	unsigned long before = kmalloc_stats.bad_input;

	kmem_cache_free((struct kmem_cache *)cache, (void *)p);
	return bad_input_since(before);
}

/**
 * kmlab_kmem_cache_destroy - kmem_cache_destroy(@cache)
 * @cache: as for kmlab_kmem_cache_alloc()
 *
 * Return: 0 when destroyed; -EBUSY when objects remain (the kernel prints
 * "cache leaked" and keeps the cache); -EINVAL when the heap reported
 * @cache as bad input.
 */
int kmlab_kmem_cache_destroy(unsigned long cache)
{
	struct kmem_cache *s = (struct kmem_cache *)cache;
	unsigned long before = kmalloc_stats.bad_input;

	kmem_cache_destroy(s);
	if (bad_input_since(before))
		return -EINVAL;
	return s->magic == KMEM_CACHE_MAGIC ? -EBUSY : 0;
}

/**
 * kmlab_alloc_pages - __get_free_pages(@gfp, @order)
 * @order: 2^@order pages
 * @gfp: gfp_t bits
 *
 * Return: the block's address, or 0 when out of memory or @order is too big.
 */
unsigned long kmlab_alloc_pages(unsigned int order, unsigned int gfp)
{
	return __get_free_pages(gfp, order);
}

/**
 * kmlab_free_pages - free_pages(@addr, @order)
 * @addr: a block's address
 * @order: the order it was allocated with
 *
 * Return: 0, or -EINVAL when the heap reported the block as bad input.
 */
int kmlab_free_pages(unsigned long addr, unsigned int order)
{
	unsigned long before = kmalloc_stats.bad_input;

	free_pages(addr, order);
	return bad_input_since(before);
}

/**
 * kmlab_stats - kmalloc_get_stats()
 * @out: the KMLAB_NR_STATS fields of struct kmalloc_stats, in its order
 */
void kmlab_stats(unsigned long out[KMLAB_NR_STATS])
{
	struct kmalloc_stats st;

	BUILD_BUG_ON(sizeof(st) != KMLAB_NR_STATS * sizeof(unsigned long));
	kmalloc_get_stats(&st);
	memcpy(out, &st, sizeof(st));
}

/**
 * kmlab_validate - kmalloc_validate()
 *
 * Return: the number of violations (each printed as "kmalloc: validate: ...").
 */
int kmlab_validate(void)
{
	return kmalloc_validate();
}

/**
 * kmlab_bench - kbench_run_all(): with kbench.run=1 on the command line,
 * the kernel's benchmarks, among them the replay of kmlab_boot()'s module
 *
 * Return: the number of problems (rejected module, failed validate, a
 * kbench.filter that matched nothing).
 */
int kmlab_bench(void)
{
	return kbench_run_all();
}

/**
 * kmlab_backend - the backend's name ("slob", "buddy+slab" ...)
 */
const char *kmlab_backend(void)
{
	return kmalloc_backend_name();
}

/**
 * kmlab_header_bytes - bytes of metadata right before every kmalloc object
 *
 * Return: backend_info.header_bytes (0 when objects have no header).
 */
unsigned int kmlab_header_bytes(void)
{
	return backend_info.header_bytes;
}

/**
 * kmlab_layout - where the RAM and mem_map (the struct page array) are
 * @ram: out: first byte of the RAM mapping
 * @ram_end: out: first byte past it
 * @map: out: first byte of mem_map
 * @map_end: out: first byte past it
 */
void kmlab_layout(unsigned long *ram, unsigned long *ram_end,
		  unsigned long *map, unsigned long *map_end)
{
	*ram = ram_start;
	*ram_end = ram_stop;
	*map = (unsigned long)mem_map;
	*map_end = (unsigned long)(mem_map + mem_map_nr);
}

/* What the struct page at @pfn says of its block; *@pages its length. */
static int page_kind(unsigned long pfn, unsigned long *pages)
{
	struct page *page = pfn_to_page(pfn);

	*pages = 1;
	if (PageReserved(page))
		return KMLAB_PAGES_RESERVED;
	if (PageBuddy(page)) {
		*pages = 1UL << page->private;
		return KMLAB_PAGES_FREE;
	}
	if (PageSlab(page) || PageSlob(page))
		return KMLAB_PAGES_SLAB;
	if (PageHead(page) || PageLargeKmalloc(page)) {
		*pages = 1UL << page->private;
		return KMLAB_PAGES_ALLOCATED;
	}
	return KMLAB_PAGES_BACKEND;
}

/**
 * kmlab_page_block - the run of pages at @addr that struct page describes alike
 * @addr: a page-aligned address inside mem_map's span
 * @kind: out: enum kmlab_page_kind of the run
 *
 * A free buddy block or an allocated page block is one run, whatever its
 * order; consecutive pages of the other kinds are merged into one run.
 * Context: reads struct page only. Return: the run's first byte past its
 * end, or 0 when @addr is outside mem_map's span.
 */
unsigned long kmlab_page_block(unsigned long addr, int *kind)
{
	unsigned long pfn = PFN_DOWN(addr), end = mem_map_base_pfn + mem_map_nr;
	unsigned long pages;

	if (pfn < mem_map_base_pfn || pfn >= end)
		return 0;
	*kind = page_kind(pfn, &pages);
	pfn += pages;
	if (*kind == KMLAB_PAGES_FREE || *kind == KMLAB_PAGES_ALLOCATED)
		return PFN_PHYS(pfn < end ? pfn : end);
	while (pfn < end && page_kind(pfn, &pages) == *kind &&
	       *kind != KMLAB_PAGES_FREE)
		pfn++;
	return PFN_PHYS(pfn);
}

struct walk_buffer {
	unsigned long *out, max, n;
};

static void walk_store(unsigned long start, unsigned long end,
		       enum kmalloc_range kind, void *arg)
{
	struct walk_buffer *w = arg;

	if (w->n < w->max) {
		w->out[3 * w->n] = start;
		w->out[3 * w->n + 1] = end;
		w->out[3 * w->n + 2] = kind;
	}
	w->n++;
}

/**
 * kmlab_heap_walk - backend_walk(): what every byte of the heap is
 * @out: room for @max ranges of three words each: start, end (bytes) and
 *       enum kmlab_range_kind
 * @max: ranges that fit in @out
 *
 * The ranges are in ascending address order and tile the usable memory.
 * Context: reads the heap only. Return: the number of ranges, which may
 * exceed @max (then only the first @max are stored: call again with
 * room for all).
 */
unsigned long kmlab_heap_walk(unsigned long *out, unsigned long max)
{
	struct walk_buffer w = { out, max, 0 };
	unsigned long flags = heap_lock_irqsave();

	BUILD_BUG_ON((int)KMLAB_RANGE_LIVE != (int)KMALLOC_RANGE_LIVE ||
		     (int)KMLAB_RANGE_FREE != (int)KMALLOC_RANGE_FREE ||
		     (int)KMLAB_RANGE_METADATA != (int)KMALLOC_RANGE_METADATA ||
		     (int)KMLAB_RANGE_HELD != (int)KMALLOC_RANGE_HELD);
	backend_walk(walk_store, &w);
	heap_unlock_irqrestore(flags);
	return w.n;
}
