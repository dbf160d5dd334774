// SPDX-License-Identifier: GPL-2.0
/*
 * kmbench: kbench's synthetic workloads (churn, random, cache, pages) on a
 * host allocator, for make compare's host side (Documentation/mm/
 * compare.rst, "The host side").
 *
 *	kmbench-NAME [FILTER]
 *
 * lib/kbench/workloads.c and lib/kbench/metrics.c are compiled as they are
 * (shared with the kernel, not copied), with KBENCH_EXTERN_SITES, and linked
 * with this file, which gives them the little of the kernel they call:
 *
 *  - kbench's sites (lib/kbench/sites.h), mapped to the contender as
 *    kmreplay maps a trace: kmalloc(SIZE), and kmem_cache_alloc() of a
 *    cache of SIZE-byte objects, allocate SIZE bytes; kfree() and
 *    kmem_cache_free() free; alloc_pages(ORDER) allocates PAGE_SIZE << ORDER
 *    bytes aligned to PAGE_SIZE (pages are), free_pages() frees them. Each
 *    goes through one measured call of sites.c (kmr_alloc_site() ...):
 *    scripts/compare_lib/host.py runs this program under callgrind with
 *    --dump-before=kbench_end, one dump per workload, and takes the
 *    inclusive cost of those calls over their number, as for a trace.
 *  - struct page: mem_map is an array over the whole 32-bit address space
 *    (in .bss, never touched), so that page_address() of the page made
 *    from an address is that address.
 *  - memory statistics: pages_held is what the contender says it holds
 *    (kmr_allocator.held, its own statistics) in pages, rounded up;
 *    peak_pages_held the largest of it sampled each time the bytes live
 *    (ksize() of every live object) reach a new high in the workload.
 *    When the contender cannot say, a line "kmbench: {"workload":NAME,
 *    "held":null}" follows the workload's result line, and the host
 *    drops the figure rather than report 0.
 *  - the filter (glob_match() of lib/string.c), printk() (to standard
 *    output, kmr_write()), kmalloc_validate() (0: the contender has no
 *    walk of its own), kmalloc_free_space() (-1: it cannot say); no
 *    command line, so kbench.seed keeps its default, as make compare's
 *    boots do.
 *
 * The result lines are metrics.c's own, read by scripts/compare as the
 * kernel's. kbench_now() reads the host's TSC here: the line's instruction
 * figures are not used, callgrind's are.
 *
 * Output: the "kbench: {...}" lines of lib/kbench/core.c (start, one per
 * workload, end); exit 0, or 1 when kbench counted a problem (the end
 * line's "problems", such as a FILTER that matched no workload). Bad
 * arguments: usage, exit 2. A line longer than the line buffer (2047
 * bytes) is written cut, with its newline.
 */
#include <kmlab/kbench.h>
#include <kmlab/errno.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/mm.h>
#include "../../../lib/kbench/kbench.h"
#include "../../../lib/kbench/sites.h"
#include "kmreplay.h"

/* metrics.c's and core.c's globals, which this program stands in for. */
u32 kbench_overhead;
unsigned int kbench_problems;
unsigned int kbench_sample_every;

static const char *filter = "*";
static const char *current; /* the workload running */
static unsigned int nr_workloads;
static bool matched;

/* ------------------------------------------------------------ the sites */

static u64 live_usable, live_high;
static long long held_peak;
static bool held_unknown;

/*
 * What the contender holds now, 0 when it cannot say. Some say -1 while
 * they hold nothing yet (mimalloc before its first allocation): only with
 * objects live is -1 a contender that cannot say.
 */
static long long held_now(void)
{
	long long h = kmr_allocator.held();

	if (h >= 0)
		return h;
	if (live_usable)
		held_unknown = true;
	return 0;
}

static void sample_held(void)
{
	held_peak = max(held_peak, held_now());
}

/* After each allocation, outside the measured call. */
static void *note_alloc(void *p)
{
	if (!p)
		return NULL;
	live_usable += kmr_allocator.usable(p);
	if (live_usable > live_high) {
		live_high = live_usable;
		sample_held();
	}
	return p;
}

/* Before each free, outside the measured call. */
static void note_free(void *p)
{
	if (p)
		live_usable -= kmr_allocator.usable(p);
}

/**
 * struct kmem_cache - a cache of kmbench: its object size only
 * @size: object size, bytes
 * @used: taken by kmem_cache_create()
 */
struct kmem_cache {
	size_t size;
	bool used;
};

/* Outside the contender's heap, as the kernel's own caches are not in it. */
static struct kmem_cache caches[4];

void *kbench_kmalloc(u32 size)
{
	return note_alloc(kmr_alloc_site(size));
}

void kbench_kfree(const void *p)
{
	note_free((void *)p);
	kmr_free_site((void *)p);
}

void *kbench_cache_alloc(struct kmem_cache *s)
{
	return note_alloc(kmr_alloc_site(s->size));
}

void kbench_cache_free(struct kmem_cache *s, void *p)
{
	note_free(p);
	kmr_free_site(p);
}

static struct page page_array[1ul << (32 - PAGE_SHIFT)];
struct page *mem_map = page_array;
unsigned long mem_map_base_pfn;
unsigned long mem_map_nr = ARRAY_SIZE(page_array);

struct page *kbench_alloc_pages(unsigned int order)
{
	void *p = note_alloc(
		kmr_alloc_aligned_site(PAGE_SIZE, PAGE_SIZE << order));

	return p ? pfn_to_page((unsigned long)p >> PAGE_SHIFT) : NULL;
}

void kbench_free_pages(unsigned long addr, unsigned int order)
{
	note_free((void *)addr);
	kmr_free_site((void *)addr);
}

/* ------------------------------------------------- the kernel it calls */

size_t ksize(const void *p)
{
	return p ? kmr_allocator.usable((void *)p) : 0;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	for (unsigned int i = 0; i < ARRAY_SIZE(caches); i++) {
		if (!caches[i].used) {
			caches[i].used = true;
			caches[i].size = size;
			return &caches[i];
		}
	}
	return NULL;
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	if (s)
		s->used = false;
}

void kmalloc_get_stats(struct kmalloc_stats *st)
{
	long long h = held_now();

	memset(st, 0, sizeof(*st));
	st->pages_held = PFN_UP((unsigned long)h);
	st->peak_pages_held = PFN_UP((unsigned long)max(held_peak, h));
}

void kmalloc_reset_peaks(void)
{
	live_high = live_usable;
	held_unknown = false;
	held_peak = held_now();
}

void drain_all_pages(void)
{
}

int kmalloc_validate(void)
{
	return 0;
}

int kmalloc_free_space(unsigned long *largest, unsigned long *total)
{
	return -1;
}

/* workloads.c's kbench.seed: no command line here, its default stands. */
int param_set_uint(const char *val, const struct kernel_param *kp)
{
	return -EINVAL;
}

bool kbench_filter_match(const char *name)
{
	if (!glob_match(filter, name))
		return false;
	matched = true;
	current = name;
	return true;
}

void kbench_workload_done(void)
{
	nr_workloads++;
	if (held_unknown)
		printk("kmbench: {\"workload\":\"%s\",\"held\":null}\n",
		       current);
}

/*
 * A line is written when its newline comes (pr_cont() builds it), or cut
 * with a newline when it fills the buffer, so that the next one starts
 * empty.
 */
static char line[2048];
static size_t line_len;

int vprintk(const char *fmt, va_list args)
{
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	n = vsnprintf(line + line_len, sizeof(line) - line_len, fmt, args);
	if (n > 0)
		line_len = min(line_len + n, sizeof(line) - 1);
	if (line_len == sizeof(line) - 1 && line[line_len - 1] != '\n')
		line[line_len++] = '\n';
	if (line_len && line[line_len - 1] == '\n') {
		kmr_write(line, line_len);
		line_len = 0;
	}
	return n;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

extern const struct kbench __kbench_start[], __kbench_end[];

/* Letters, digits and the glob and path signs: it goes into a JSON string. */
static bool filter_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("_/*?.-", *s)))
			return false;
	return true;
}

int main(int argc, char **argv)
{
	static struct kbench_ctx ctx;

	if (argc > 2 || (argc == 2 && (argv[1][0] == '-' || !argv[1][0] ||
				       !filter_ok(argv[1])))) {
		printk("usage: %s [FILTER]   (a glob of kbench workloads such as 'churn/64/*'; letters, digits, _/*?.-)\n",
		       argv[0]);
		return 2;
	}
	if (argc == 2)
		filter = argv[1];
	if (kmr_allocator.init)
		kmr_allocator.init();
	pr_info("kbench: {\"event\":\"start\",\"backend\":\"%s\",\"overhead\":0,\"empty_call\":0,\"filter\":\"%s\",\"sample_every\":0,\"held_source\":\"%s\"}\n",
		kmr_allocator.name, filter, kmr_allocator.held_source);
	for (const struct kbench *b = __kbench_start; b < __kbench_end; b++)
		b->run(&ctx);
	if (!matched) {
		pr_err("kbench: filter '%s' matches no workload: nothing ran\n",
		       filter);
		kbench_problems++;
	}
	pr_info("kbench: {\"event\":\"end\",\"workloads\":%u,\"problems\":%u}\n",
		nr_workloads, kbench_problems);
	return kbench_problems ? 1 : 0;
}
