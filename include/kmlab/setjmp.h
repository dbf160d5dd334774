/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Non-local jumps, used by ktest to leave a test case that faulted or timed
 * out: jmp_buf, setjmp() and longjmp() come from the architecture
 * (arch/i386: our own, arch/host: the C library's sigsetjmp/siglongjmp).
 */
#ifndef _KMLAB_SETJMP_H
#define _KMLAB_SETJMP_H

#include <asm/setjmp.h>

#endif /* _KMLAB_SETJMP_H */
