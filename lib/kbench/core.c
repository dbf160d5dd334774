// SPDX-License-Identifier: GPL-2.0
/*
 * kbench runner: walks the .kbench section (KBENCH() descriptors) at boot,
 * after the tests, when the command line says kbench.run=1.
 *
 * Output, all on the serial console, one line each (the host parses them,
 * scripts/compare; Documentation/mm/compare.rst lists every field):
 *
 *	kbench: {"event":"start","backend":"buddy+slab",...}
 *	kbench: {"workload":"churn/64/fwd",...}		one per workload
 *	kbench-series: {"workload":"trace/fs","ev":1000,...}	replays only
 *	kbench: {"event":"end","workloads":N,"problems":M}
 *
 * The "end" line tells the host that the log is complete: a log without it
 * was cut (hang, crash, timeout).
 *
 * Fairness: everything the runner itself needs is taken before the heap
 * exists (the replay's ID table from memblock, kbench_reserve()) or is
 * static (.bss: histograms, synthetic workloads' pointer arrays), so every
 * backend gets exactly the same memory and no benchmark bookkeeping shows
 * in a backend's footprint.
 */
#include <kmlab/kbench.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include "kbench.h"

static bool kbench_enabled;
kernel_param("kbench.run", kbench_enabled, bool,
	     "run the allocator benchmarks after the tests (CONFIG_KBENCH)");

static const char *kbench_filter = "*";
kernel_param("kbench.filter", kbench_filter, charp,
	     "glob of the workloads to run, e.g. 'trace/*' (default '*')");

unsigned int kbench_sample_every = 1000;
kernel_param(
	"kbench.sample", kbench_sample_every, uint,
	"events between footprint samples of a trace replay (default 1000, 0: none)");

extern const struct kbench __kbench_start[], __kbench_end[];

u32 kbench_overhead;
static struct kbench_ctx kbench_context;
static unsigned int nr_workloads;
static bool kbench_filter_matched; /* by any workload or trace module */
unsigned int kbench_problems;

bool kbench_run_requested(void)
{
	return kbench_enabled;
}

bool kbench_filter_match(const char *name)
{
	bool match = glob_match(kbench_filter, name);

	kbench_filter_matched |= match;
	return match;
}

void kbench_workload_done(void)
{
	nr_workloads++;
}

/*
 * The smallest difference of two back-to-back reads: what the reads
 * themselves add to every sample. Under -icount this is the same on every
 * run; the minimum of a few reads guards against an interrupt in between.
 */
static u32 measure_overhead(void)
{
	u32 best = ~0u;

	for (int i = 0; i < 16; i++) {
		u32 t = kbench_now();

		t = kbench_now() - t;
		if (t < best)
			best = t;
	}
	return best;
}

/* An empty call with kmalloc's signature, to show what a call costs. */
static __noinline void *kbench_nop_alloc(size_t size, gfp_t gfp)
{
	barrier();
	return NULL;
}

static u32 measure_call(void)
{
	u32 best = ~0u;

	for (int i = 0; i < 16; i++) {
		u32 t = kbench_now();

		kbench_nop_alloc(64, KBENCH_GFP);
		t = kbench_now() - t;
		if (t < best)
			best = t;
	}
	return best - kbench_overhead;
}

int kbench_run_all(void)
{
	const struct kbench *b;

	if (!kbench_enabled)
		return 0;
	kbench_overhead = measure_overhead();
	pr_info("kbench: {\"event\":\"start\",\"backend\":\"%s\",\"overhead\":%u,\"empty_call\":%u,\"filter\":\"%s\",\"sample_every\":%u}\n",
		kmalloc_backend_name(), kbench_overhead, measure_call(),
		kbench_filter, kbench_sample_every);
	for (b = __kbench_start; b < __kbench_end; b++)
		b->run(&kbench_context);
	/* A run that measured nothing is not a success (a filter typo). */
	if (!kbench_filter_matched) {
		char glob[PARAM_ECHO_MAX];

		string_escape_str(kbench_filter, glob, sizeof(glob));
		pr_err("kbench: kbench.filter '%s' matches no workload: nothing ran\n",
		       glob);
		kbench_problems++;
	}
	pr_info("kbench: {\"event\":\"end\",\"workloads\":%u,\"problems\":%u}\n",
		nr_workloads, kbench_problems);
	return kbench_problems;
}
