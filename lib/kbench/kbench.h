/* SPDX-License-Identifier: GPL-2.0 */
/* kbench internals shared by the files of lib/kbench (API: <kmlab/kbench.h>). */
#ifndef _LIB_KBENCH_H
#define _LIB_KBENCH_H

#include <kmlab/types.h>
#include <kmlab/random.h>

/* core.c */
bool kbench_run_requested(void);
bool kbench_filter_match(const char *name);
void kbench_workload_done(void);
/* Workloads that failed validate() plus rejected trace modules. */
extern unsigned int kbench_problems;

/* replay.c, for the split replay of smp.c. */
struct kmt_header;

/**
 * kbench_trace_module - a boot module's checked trace, for a workload
 * @i: index of the boot module in boot_modules[], below boot_module_count
 * @prefix: the start of the workload name, e.g. "smp/"
 * @name: where to write the workload name, @prefix + "trace/NAME"
 * @len: size of @name in bytes (the name is truncated to fit)
 *
 * Checks the module as the uniprocessor replay does (an ID table large
 * enough, every event well-formed).
 * Return: the module's trace header; NULL when kbench.filter= does not
 * match @name, or when the module is rejected, which is reported on the
 * console and counted in kbench_problems.
 * Context: boot CPU, from a KBENCH() function, other CPUs idle.
 */
const struct kmt_header *kbench_trace_module(unsigned int i, const char *prefix,
					     char *name, size_t len);

/**
 * kbench_trace_caches_create - create the kmem_caches a trace uses
 * @h: a trace that kbench_trace_module() returned
 *
 * kmem_cache_create() for each of @h's caches, for kbench_trace_share().
 * Return: how many could not be created (their allocations then fail).
 * Context: boot CPU, other CPUs idle.
 */
u32 kbench_trace_caches_create(const struct kmt_header *h);

/**
 * kbench_trace_share - replay one CPU's share of a trace
 * @h: a trace that kbench_trace_module() returned, its caches created
 * @k: the share, 0 .. @n - 1 (the CPU's position among the online CPUs)
 * @n: how many shares (CPUs) the trace is split into, at least 1
 * @walk_only: only decode every event, allocate and free nothing
 * @failed: incremented for each allocation that returned NULL
 *
 * Replays, in trace order, the allocations whose ID is @k modulo @n and
 * their frees, so each object is freed by the CPU that allocated it.
 * Every event is decoded, whatever @k. Untimed: the caller measures all
 * CPUs at once.
 * Return: the allocations (failed ones included) and frees done; 0 with
 * @walk_only.
 * Context: any CPU, concurrently with the other shares of @h (each ID
 * belongs to one share), from an on_each_cpu() function.
 */
unsigned long kbench_trace_share(const struct kmt_header *h, unsigned int k,
				 unsigned int n, bool walk_only,
				 unsigned long *failed);

/**
 * kbench_trace_cleanup - free a trace's surviving objects, destroy caches
 * @h: a trace that kbench_trace_module() returned
 *
 * Frees every object still live after kbench_trace_share() and destroys
 * the caches kbench_trace_caches_create() made.
 * Context: boot CPU, after every share has finished, other CPUs idle.
 */
void kbench_trace_cleanup(const struct kmt_header *h);

/*
 * 1 .. 4096 bytes: an octave 2^4 .. 2^12 at random, then uniform in it
 * (random/CAP of workloads.c and smp/random/CAP of smp.c). Inline: the
 * uniprocessor workload's code stays as it was.
 */
static inline u32 kbench_random_size(struct rnd_state *rnd)
{
	u32 k = 4 + prandom_u32_below(rnd, 9);

	return 1 + prandom_u32_below(rnd, 1u << k);
}

/* Format "%llu.%03llu" of @num / @den into @buf (den 0: "null"). */
char *kbench_ratio(char *buf, size_t len, u64 num, u64 den);

#endif /* _LIB_KBENCH_H */
