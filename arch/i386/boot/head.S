/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot (version 1) header and entry point.
 *
 * GRUB (or QEMU's -kernel) loads the ELF image at 1 MiB and jumps to
 * _start in 32-bit protected mode, paging off, with the boot loader magic
 * in %eax and the physical address of the multiboot_info in %ebx
 * (Multiboot Specification 0.6.96, section 3.2). We set up a stack and
 * call i386_start_kernel(magic, info) in C.
 */
#include <kmlab/multiboot.h>

#define MB_FLAGS (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)

	.section .multiboot, "a"
	.align 4
	.long MULTIBOOT_HEADER_MAGIC
	.long MB_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MB_FLAGS)

	.section .bss
	.align 16
	.globl boot_stack_bottom
boot_stack_bottom:
	.skip 32768
	.globl boot_stack_top
boot_stack_top:

	.section .text
	.globl _start
	.type _start, @function
_start:
	cli
	cld
	/* Zero .bss (the stack is in it) before anything uses it. */
	movl %eax, %edx
	movl $__bss_start, %edi
	movl $__bss_stop, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl %edx, %eax
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp		/* ends the backtrace */
	pushl $0		/* EFLAGS = 0: interrupts off, DF clear */
	popfl
	pushl %ebx
	pushl %eax
	call i386_start_kernel
1:	cli
	hlt
	jmp 1b
	.size _start, . - _start
