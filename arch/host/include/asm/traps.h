/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The same exception interface as i386: the signals of arch/host/os/
 * become CPU exceptions and timer interrupts. Its <asm/irqflags.h>,
 * <asm/special_insns.h> and <asm/ptrace.h> are arch/host's.
 */
#include "../../../i386/include/asm/traps.h"
