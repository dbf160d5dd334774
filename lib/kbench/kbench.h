/* SPDX-License-Identifier: GPL-2.0 */
/* kbench internals shared by the files of lib/kbench (API: <kmlab/kbench.h>). */
#ifndef _LIB_KBENCH_H
#define _LIB_KBENCH_H

#include <kmlab/types.h>

/* core.c */
bool kbench_run_requested(void);
bool kbench_filter_match(const char *name);
void kbench_workload_done(void);
/* Workloads that failed validate() plus rejected trace modules. */
extern unsigned int kbench_problems;

/*
 * replay.c, for the split replay of smp.c. kbench_trace_module(): the
 * checked header of boot module @i, its workload name @prefix + "trace/
 * NAME" in @name; NULL when the filter does not match it or it was
 * rejected (reported). kbench_trace_caches_create(): the trace's caches;
 * Return: how many could not be created. kbench_trace_share(): replay the
 * events of the allocation IDs that are @k modulo @n (with @walk_only,
 * only decode every event), each free by the CPU that allocated; failed
 * allocations added to *@failed; Return: the allocations and frees done.
 * kbench_trace_cleanup(): free the survivors, destroy the caches.
 */
struct kmt_header;
const struct kmt_header *kbench_trace_module(unsigned int i, const char *prefix,
					     char *name, size_t len);
u32 kbench_trace_caches_create(const struct kmt_header *h);
unsigned long kbench_trace_share(const struct kmt_header *h, unsigned int k,
				 unsigned int n, bool walk_only,
				 unsigned long *failed);
void kbench_trace_cleanup(const struct kmt_header *h);

/* Format "%llu.%02llu" of @num / @den into @buf (den 0: "null"). */
char *kbench_ratio(char *buf, size_t len, u64 num, u64 den);

#endif /* _LIB_KBENCH_H */
