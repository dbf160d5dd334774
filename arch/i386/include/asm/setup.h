/* SPDX-License-Identifier: GPL-2.0 */
/* Bring-up steps of the i386 port, called from i386_start_kernel(). */
#ifndef _ASM_SETUP_H
#define _ASM_SETUP_H

#include <kmlab/compiler.h>

/* What the boot banner calls the machine (init/main.c). */
#define UTS_MACHINE "i386"

void gdt_init(void);
void gdt_load(void);
void idt_init(void);
void idt_load(void);
#ifdef CONFIG_SMP
/* Set CPU @cpu's per-CPU segment base (its __per_cpu_offset, bytes). */
void gdt_set_percpu_base(unsigned int cpu, unsigned long base);
/* Load CPU @cpu's per-CPU segment into %fs on the running CPU. */
void load_percpu_segment(unsigned int cpu);
#endif
void pic_init(void);
void time_init(void);
void paging_init(void);
void reserve_virtual_areas(void);
#ifdef CONFIG_HIGHMEM
void reserve_highmem(void);
#else
static inline void reserve_highmem(void)
{
}
#endif
void early_console_init(void);
#ifdef CONFIG_DEBUG_E9_CONSOLE
void e9_console_init(void);
#else
static inline void e9_console_init(void)
{
}
#endif

/* True once paging is on (checked by the boot self-tests). */
bool paging_enabled(void);

/* Kernel image bounds from the linker script. */
extern char _start[], _etext[], _end[], __bss_start[], __bss_stop[];

#endif /* _ASM_SETUP_H */
