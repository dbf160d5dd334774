// SPDX-License-Identifier: GPL-2.0
/*
 * Ending a run under ARCH=host (machine_exit(), kernel/reboot.c, ends
 * here): the process exits with the status itself, no isa-debug-exit
 * encoding.
 */
#include <kmlab/machine.h>
#include <os.h>

void arch_machine_exit(int status)
{
	os_exit(status);
}
