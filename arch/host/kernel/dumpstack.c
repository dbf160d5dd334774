// SPDX-License-Identifier: GPL-2.0
/*
 * The fault path of ARCH=host: a fault signal is a CPU exception
 * (include/shared/os.h), handled by i386's do_trap() and reported by its
 * code, unchanged: struct pt_regs is the same, and read_cr2() gives the
 * signal's fault address.
 */
#include "../../i386/kernel/dumpstack.c"
#include <os.h>

void host_trap(struct pt_regs *regs)
{
	do_trap(regs);
	/* do_trap() ends in machine_exit() when no hook recovers. */
	os_exit(KMLAB_EXIT_FAULT);
}
