/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The application processors' way from real mode into the kernel.
 *
 * An AP starts, after the INIT-SIPI-SIPI sequence, in real mode at
 * CS:IP = (vector << 8):0 (SDM vol. 3A, 8.4.4). smp_init() copies
 * trampoline_start..trampoline_end to TRAMPOLINE_BASE (0x8000, SIPI
 * vector 8) and fills in trampoline_gdt with the kernel GDT's limit and
 * base. The code there loads that GDT, sets CR0.PE and jumps far to
 * ap_startup_32 in the kernel image (a 32-bit linear address: the code
 * segment is flat). ap_startup_32 loads the flat data segments, turns on
 * paging with the boot CPU's page directory (smp_boot_cr3, 4 MiB pages:
 * CR4.PSE) and the stack smp_boot_esp, and calls start_secondary().
 * The boot CPU starts one AP at a time, so one set of these variables is
 * enough.
 */
#include <asm/segment.h>

#define CR0_PE 0x00000001
#define CR0_WP 0x00010000
#define CR0_PG 0x80000000
#define CR4_PSE 0x00000010

	.section .rodata
	.balign 16
	.globl trampoline_start
trampoline_start:
	.code16
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl trampoline_gdt - trampoline_start
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $__KERNEL_CS, $ap_startup_32

	.balign 4
	.globl trampoline_gdt
trampoline_gdt:
	.word 0		/* limit */
	.long 0		/* base */
	.globl trampoline_end
trampoline_end:

	.code32
	.section .text
	.type ap_startup_32, @function
ap_startup_32:
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %fs
	movl %eax, %gs
	movl %eax, %ss
	movl %cr4, %eax
	orl $CR4_PSE, %eax
	movl %eax, %cr4
	movl smp_boot_cr3, %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0
	movl smp_boot_esp, %esp
	xorl %ebp, %ebp		/* ends the backtrace */
	pushl $0		/* EFLAGS = 0: interrupts off, DF clear */
	popfl
	call start_secondary
1:	cli
	hlt
	jmp 1b
	.size ap_startup_32, . - ap_startup_32
