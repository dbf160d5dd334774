/* SPDX-License-Identifier: GPL-2.0 */
/* CR2 as a process sees it: the fault address of the last SIGSEGV/SIGBUS. */
#ifndef _ASM_SPECIAL_INSNS_H
#define _ASM_SPECIAL_INSNS_H

#include <os.h>

/**
 * read_cr2 - the address of the last page fault
 *
 * The si_addr of the last SIGSEGV or SIGBUS (arch/host/os/signal.c).
 * Any context.
 *
 * Return: that address, 0 before any fault.
 */
static inline unsigned long read_cr2(void)
{
	return os_fault_address;
}

#endif /* _ASM_SPECIAL_INSNS_H */
