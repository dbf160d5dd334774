/* SPDX-License-Identifier: GPL-2.0 */
/* What the boot self-tests (init/selftest.c) ask of ARCH=host. */
#ifndef _ASM_SETUP_H
#define _ASM_SETUP_H

#include <kmlab/compiler.h>

/* What the boot banner calls the machine (init/main.c). */
#define UTS_MACHINE "host (a 32-bit Linux process)"

/* A process always runs with paging on. */
static inline bool paging_enabled(void)
{
	return true;
}

/* The program's bounds: crt1's _start and the linker's _end. */
extern char _start[], _end[];

#endif /* _ASM_SETUP_H */
