// SPDX-License-Identifier: GPL-2.0
/*
 * Scaling workloads (CONFIG_SMP): every online CPU runs the same loop at
 * once, started by on_each_cpu() from the boot CPU, and the host boots
 * the same kernel with -smp 1, 2 and 4 (scripts/compare, "Scaling" in
 * Documentation/mm/compare.rst):
 *
 *  smp/pairs/64    kmalloc(64) and kfree() pairs, each CPU on its own
 *  smp/churn/64    rounds: every CPU allocates SMP_ROUND kmalloc(64)
 *                  objects, then every CPU frees its own (local free)
 *  smp/remote/64   the same rounds, but each CPU frees the objects the
 *                  previous online CPU allocated (cross-CPU free)
 *  smp/random/1024 random/CAP's loop (workloads.c) on each CPU with a
 *                  live set of its own capped at 1024 objects, each CPU
 *                  seeded differently
 *  smp/trace/NAME  each trace module split by allocation across the CPUs:
 *                  CPU k of n replays the allocations whose ID is k
 *                  modulo n, in trace order, and frees them where the
 *                  trace does. Every CPU decodes every event, so a first
 *                  pass decodes only and its instructions ("walk") are
 *                  taken off: "instructions" is the allocator's work
 *                  and the replay's bookkeeping around it.
 *
 * kbench.smp_ops= sets the operations (allocations plus frees) per CPU
 * of the pairs, churn, remote and random workloads; random's frees of
 * the objects still live at the end come on top (up to SMP_RANDOM_CAP
 * more), and smp/trace/NAME replays its trace whatever the setting. The
 * objects of those four workloads are stamped with their CPU and index
 * and checked before they are freed (not smp/trace/NAME's);
 * kmalloc_validate() runs after each workload.
 *
 * Instructions: under -icount QEMU runs the vCPUs in turn on one thread,
 * and the TSC is one instruction counter for all of them, so the
 * difference of two reads on the boot CPU around a phase is every CPU's
 * instructions in it, waiting included (a CPU spinning on a lock or for
 * the other CPUs executes pause, which hands the turn to the next vCPU).
 * The result is instructions per operation with N CPUs at once: flat
 * when the CPUs do not get in each other's way. Without -icount the
 * figures are cycles of one CPU's clock and mean little.
 *
 * With CONFIG_LOCK_STAT the line also gives the acquisitions, contended
 * acquisitions and wait-loop turns of heap_lock and of the per-CPU layers'
 * locks during the workload (<kmlab/heap_lock_stat.h>).
 *
 * Output, one line per workload (scripts/compare_lib/smp.py):
 *
 *	kbench-smp: {"workload":"smp/pairs/64","cpus":2,"ops":131072,
 *		"instructions":...,"per_op":140.125,"failed":0,"corrupted":0,
 *		"validate":0,"lock":{"heap":[a,c,s],"percpu":[a,c,s]}}
 *
 * smp/trace/NAME add "walk", the instructions of the decode-only pass,
 * and "cache_create_failed", the trace's caches kmem_cache_create()
 * could not create (as the uniprocessor replay's line).
 */
#include <kmlab/bootinfo.h>
#include <kmlab/heap_lock_stat.h>
#include <kmlab/kbench.h>
#include <kmlab/mm.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/random.h>
#include <kmlab/smp.h>
#include <kmlab/string.h>
#include "kbench.h"
#include "sites.h"

#define SMP_ROUND 256
#define SMP_RANDOM_CAP 1024
#define SMP_SIZE 64

static unsigned long smp_ops = 65536;
kernel_param_range("kbench.smp_ops", smp_ops, ulong, 2 * SMP_ROUND, 100000000,
		   "operations per CPU of each smp/* workload (default 65536)");

/* One workload's state, shared by every CPU (static: not from the heap). */
static struct {
	unsigned long rounds; /* pairs or rounds per CPU */
	const struct kmt_header *trace; /* smp/trace/NAME */
	bool walk_only;
	unsigned int seed;
	void *slot[CONFIG_NR_CPUS][SMP_RANDOM_CAP];
	unsigned int victim[CONFIG_NR_CPUS]; /* whose round a CPU frees */
	unsigned long ops[CONFIG_NR_CPUS];
	unsigned long failed[CONFIG_NR_CPUS];
	unsigned long corrupted[CONFIG_NR_CPUS];
} w;

/* The 64-bit TSC: a phase of many CPUs can exceed 2^32 instructions. */
static __always_inline u64 tsc_now(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (u64)hi << 32 | lo;
}

static u32 stamp(unsigned int cpu, u32 i)
{
	return 0x5a000000u | cpu << 16 | (i & 0xffff);
}

static void pairs_fn(void *arg)
{
	unsigned int cpu = smp_processor_id();

	for (unsigned long i = 0; i < w.rounds; i++) {
		u32 *p = kbench_kmalloc(SMP_SIZE);

		w.ops[cpu]++;
		if (!p) {
			w.failed[cpu]++;
			continue;
		}
		*(volatile u32 *)p = stamp(cpu, i);
		w.corrupted[cpu] += *(volatile u32 *)p != stamp(cpu, i);
		kbench_kfree(p);
		w.ops[cpu]++;
	}
}

static void alloc_round_fn(void *arg)
{
	unsigned int cpu = smp_processor_id();

	for (u32 i = 0; i < SMP_ROUND; i++) {
		u32 *p = kbench_kmalloc(SMP_SIZE);

		w.ops[cpu]++;
		w.slot[cpu][i] = p;
		if (p)
			*p = stamp(cpu, i);
		else
			w.failed[cpu]++;
	}
}

static void free_round_fn(void *arg)
{
	unsigned int cpu = smp_processor_id(), v = w.victim[cpu];

	for (u32 i = 0; i < SMP_ROUND; i++) {
		u32 *p = w.slot[v][i];

		if (!p)
			continue;
		w.corrupted[cpu] += *p != stamp(v, i);
		kbench_kfree(p);
		w.slot[v][i] = NULL;
		w.ops[cpu]++;
	}
}

static void random_fn(void *arg)
{
	unsigned int cpu = smp_processor_id();
	void **slot = w.slot[cpu];
	struct rnd_state rnd;

	prandom_seed_state(&rnd, w.seed + cpu);
	for (u32 i = 0; i < SMP_RANDOM_CAP; i++)
		slot[i] = NULL;
	for (unsigned long step = 0; step < w.rounds; step++) {
		u32 i = prandom_u32_below(&rnd, SMP_RANDOM_CAP);

		if (slot[i]) {
			w.corrupted[cpu] += *(u32 *)slot[i] != stamp(cpu, i);
			kbench_kfree(slot[i]);
			slot[i] = NULL;
		} else {
			u32 size = kbench_random_size(&rnd);

			/* At least the 4 bytes of the stamp. */
			slot[i] = kbench_kmalloc(size < 4 ? 4 : size);
			if (slot[i])
				*(u32 *)slot[i] = stamp(cpu, i);
			else
				w.failed[cpu]++;
		}
		w.ops[cpu]++;
	}
	for (u32 i = 0; i < SMP_RANDOM_CAP; i++) {
		if (!slot[i])
			continue;
		w.corrupted[cpu] += *(u32 *)slot[i] != stamp(cpu, i);
		kbench_kfree(slot[i]);
		slot[i] = NULL;
		w.ops[cpu]++;
	}
}

/*
 * The online CPUs below @cpu: CPU @cpu's share of a trace. Not @cpu
 * itself: with a CPU that did not come up (a gap in the online mask),
 * the shares k = @cpu would leave some of 0 .. n - 1 to no CPU.
 */
static unsigned int online_position(unsigned int cpu)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < cpu; i++)
		k += cpu_online(i);
	return k;
}

static void trace_fn(void *arg)
{
	unsigned int cpu = smp_processor_id();

	w.ops[cpu] = kbench_trace_share(w.trace, online_position(cpu),
					num_online_cpus(), w.walk_only,
					&w.failed[cpu]);
}

/* The previous online CPU before @cpu, wrapping; @cpu when alone. */
static unsigned int prev_online(unsigned int cpu)
{
	for (unsigned int i = 1; i <= CONFIG_NR_CPUS; i++) {
		unsigned int p = (cpu + CONFIG_NR_CPUS - i) % CONFIG_NR_CPUS;

		if (cpu_online(p))
			return p;
	}
	return cpu;
}

/* Instructions of on_each_cpu(@fn), all CPUs together. */
static u64 run_everywhere(smp_call_func_t fn)
{
	u64 t = tsc_now();

	on_each_cpu(fn, NULL, true);
	return tsc_now() - t;
}

enum smp_kind { SMP_PAIRS, SMP_CHURN, SMP_REMOTE, SMP_RANDOM, SMP_TRACE };

static void lock_stat_json(char *buf, size_t len, struct heap_lock_stat *a)
{
#ifdef CONFIG_LOCK_STAT
	struct heap_lock_stat b;

	heap_lock_stat_now(&b);
	snprintf(buf, len, "{\"heap\":[%lu,%lu,%lu],\"percpu\":[%lu,%lu,%lu]}",
		 b.heap.acquisitions - a->heap.acquisitions,
		 b.heap.contentions - a->heap.contentions,
		 b.heap.spins - a->heap.spins,
		 b.percpu.acquisitions - a->percpu.acquisitions,
		 b.percpu.contentions - a->percpu.contentions,
		 b.percpu.spins - a->percpu.spins);
#else
	snprintf(buf, len, "null");
#endif
}

static void smp_one(const char *name, enum smp_kind kind,
		    const struct kmt_header *trace)
{
	unsigned long ops = 0, failed = 0, corrupted = 0;
	struct heap_lock_stat before = {};
	char per_op[24], locks[128], walk[64] = "";
	unsigned int cpu;
	u64 instr = 0;
	int errors;

	if (!trace && !kbench_filter_match(name))
		return;
	memset(&w, 0, sizeof(w));
	w.trace = trace;
	w.seed = 1;
	for_each_online_cpu(cpu)
		w.victim[cpu] = kind == SMP_REMOTE ? prev_online(cpu) : cpu;
	/* The same page lists whatever ran before: empty ones. */
	drain_all_pages();
#ifdef CONFIG_LOCK_STAT
	heap_lock_stat_now(&before);
#endif
	switch (kind) {
	case SMP_PAIRS:
		w.rounds = smp_ops / 2;
		instr = run_everywhere(pairs_fn);
		break;
	case SMP_CHURN:
	case SMP_REMOTE:
		for (unsigned long r = 0; r < smp_ops / (2 * SMP_ROUND); r++) {
			instr += run_everywhere(alloc_round_fn);
			instr += run_everywhere(free_round_fn);
		}
		break;
	case SMP_RANDOM:
		w.rounds = smp_ops;
		instr = run_everywhere(random_fn);
		break;
	case SMP_TRACE: {
		u32 cache_fail;
		u64 decode;

		w.walk_only = true;
		decode = run_everywhere(trace_fn);
		w.walk_only = false;
		cache_fail = kbench_trace_caches_create(trace);
#ifdef CONFIG_LOCK_STAT
		heap_lock_stat_now(&before);
#endif
		instr = run_everywhere(trace_fn);
		instr = instr > decode ? instr - decode : 0;
		/* A cache not created fails its allocations: say why. */
		snprintf(walk, sizeof(walk),
			 ",\"walk\":%llu,\"cache_create_failed\":%u", decode,
			 cache_fail);
		break;
	}
	}
	lock_stat_json(locks, sizeof(locks), &before);
	for_each_online_cpu(cpu)
	{
		ops += w.ops[cpu];
		failed += w.failed[cpu];
		corrupted += w.corrupted[cpu];
	}
	if (trace)
		kbench_trace_cleanup(trace);
	errors = kmalloc_validate();
	if (corrupted || errors) {
		pr_err("kbench: %s: %lu objects corrupted, validate found %d problems\n",
		       name, corrupted, errors);
		kbench_problems++;
	}
	kbench_ratio(per_op, sizeof(per_op), instr, ops);
	pr_info("kbench-smp: {\"workload\":\"%s\",\"cpus\":%u,\"ops\":%lu,\"instructions\":%llu,\"per_op\":%s,\"failed\":%lu,\"corrupted\":%lu,\"validate\":%d,\"lock\":%s%s}\n",
		name, num_online_cpus(), ops, instr, per_op, failed, corrupted,
		errors, locks, walk);
	kbench_workload_done();
}

static void smp_bench(struct kbench_ctx *ctx)
{
	smp_one("smp/pairs/64", SMP_PAIRS, NULL);
	smp_one("smp/churn/64", SMP_CHURN, NULL);
	smp_one("smp/remote/64", SMP_REMOTE, NULL);
	smp_one("smp/random/1024", SMP_RANDOM, NULL);
	for (unsigned int i = 0; i < boot_module_count; i++) {
		const struct kmt_header *h;
		char name[48];

		h = kbench_trace_module(i, "smp/", name, sizeof(name));
		if (h)
			smp_one(name, SMP_TRACE, h);
	}
}
KBENCH(smp, smp_bench);
