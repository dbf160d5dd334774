/* SPDX-License-Identifier: GPL-2.0 */
/* Registers saved on entry to an exception or interrupt (entry.S). */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#include <kmlab/types.h>

struct pt_regs {
	u32 gs, fs, es, ds;
	u32 edi, esi, ebp, esp_unused, ebx, edx, ecx, eax; /* pushal */
	u32 vector, error_code;
	u32 eip, cs, eflags; /* pushed by the CPU */
};

#ifndef kernel_stack_pointer
/**
 * kernel_stack_pointer - the stack pointer when the exception came
 * @regs: the saved registers
 *
 * In ring 0 the CPU pushes no stack pointer: the interrupted stack starts
 * just above the saved registers. Any context.
 *
 * Return: the ESP of the interrupted code.
 */
static inline unsigned long kernel_stack_pointer(const struct pt_regs *regs)
{
	return (unsigned long)regs + sizeof(*regs);
}
#endif

#endif /* _ASM_PTRACE_H */
