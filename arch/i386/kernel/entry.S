/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception and interrupt entry stubs. Every vector pushes an error code
 * (a dummy 0 where the CPU does not push one) and its number, then
 * common_entry saves the registers as struct pt_regs and calls
 * do_trap(regs) for vectors 0-31 or do_irq(regs) for 32-47 and, with
 * CONFIG_SMP, the local APIC's vectors 236, 240, 241 and 255.
 */
#include <asm/segment.h>

.macro VEC_NOERR n
	.globl vector_\n
vector_\n:
	pushl $0
	pushl $\n
	jmp common_entry
.endm

.macro VEC_ERR n
	.globl vector_\n
vector_\n:
	pushl $\n
	jmp common_entry
.endm

	.section .text
VEC_NOERR 0
VEC_NOERR 1
VEC_NOERR 2
VEC_NOERR 3
VEC_NOERR 4
VEC_NOERR 5
VEC_NOERR 6
VEC_NOERR 7
VEC_ERR 8
VEC_NOERR 9
VEC_ERR 10
VEC_ERR 11
VEC_ERR 12
VEC_ERR 13
VEC_ERR 14
VEC_NOERR 15
VEC_NOERR 16
VEC_ERR 17
VEC_NOERR 18
VEC_NOERR 19
VEC_NOERR 20
VEC_ERR 21
VEC_NOERR 22
VEC_NOERR 23
VEC_NOERR 24
VEC_NOERR 25
VEC_NOERR 26
VEC_NOERR 27
VEC_NOERR 28
VEC_ERR 29
VEC_ERR 30
VEC_NOERR 31
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
VEC_NOERR \n
.endr
#ifdef CONFIG_SMP
/* The local APIC's: LOCAL_TIMER_VECTOR, CALL_FUNCTION_VECTOR, STOP_VECTOR,
   SPURIOUS_APIC_VECTOR. */
.irp n, 236,240,241,255
VEC_NOERR \n
.endr
#endif

	.type common_entry, @function
common_entry:
	pushal
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	cld
	movl %esp, %eax
	pushl %eax
	cmpl $32, 48(%eax)	/* pt_regs.vector */
	jae 1f
	call do_trap
	jmp 2f
1:	call do_irq
2:	addl $4, %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp		/* vector and error code */
	iret
	.size common_entry, . - common_entry

	.section .rodata
	.align 4
	.globl vector_table
vector_table:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.long vector_\n
.endr

#ifdef CONFIG_SMP
	.globl smp_vector_table
smp_vector_table:
	.long vector_236, vector_240, vector_241, vector_255
#endif
