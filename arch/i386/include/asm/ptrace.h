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

#endif /* _ASM_PTRACE_H */
