/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GDT selectors: a flat 4 GiB code and data segment in ring 0 and, with
 * CONFIG_SMP, one data segment per CPU whose base is that CPU's per-CPU
 * offset (loaded into %fs, <kmlab/percpu.h>).
 */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS 1
#define GDT_ENTRY_KERNEL_DS 2
#define GDT_ENTRY_PERCPU 3

#define __KERNEL_CS (GDT_ENTRY_KERNEL_CS * 8)
#define __KERNEL_DS (GDT_ENTRY_KERNEL_DS * 8)

#ifdef CONFIG_SMP
#define GDT_ENTRIES (GDT_ENTRY_PERCPU + CONFIG_NR_CPUS)
/* The per-CPU data segment of CPU @cpu. */
#define __KERNEL_PERCPU(cpu) ((GDT_ENTRY_PERCPU + (cpu)) * 8)
#else
#define GDT_ENTRIES GDT_ENTRY_PERCPU
#endif

#endif /* _ASM_SEGMENT_H */
