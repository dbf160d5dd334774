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

/* Format "%llu.%02llu" of @num / @den into @buf (den 0: "null"). */
char *kbench_ratio(char *buf, size_t len, u64 num, u64 den);

#endif /* _LIB_KBENCH_H */
