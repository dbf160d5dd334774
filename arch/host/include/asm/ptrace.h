/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct pt_regs is i386's: glibc's i386 gregs[] at a signal have the same
 * layout (include/shared/os.h), and their REG_ESP slot, which entry.S
 * leaves unused, holds the interrupted stack pointer.
 */
#define kernel_stack_pointer(regs) ((unsigned long)(regs)->esp_unused)
#include "../../../i386/include/asm/ptrace.h"
