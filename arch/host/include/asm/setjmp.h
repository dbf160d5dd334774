/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Non-local jumps for ARCH=host: the C library's sigsetjmp()/siglongjmp(),
 * so that leaving a signal handler (a fault, the timer's timeout) restores
 * the signal mask, and so that AddressSanitizer sees the jump (its
 * siglongjmp interceptor clears the abandoned frames' poison).
 */
#ifndef _ASM_SETJMP_H
#define _ASM_SETJMP_H

#include <os.h>

/* Room for a glibc sigjmp_buf (arch/host/os/signal.c checks the size). */
typedef unsigned long jmp_buf[OS_JMP_BUF_LONGS] __attribute__((aligned(8)));

/* glibc's sigsetjmp() macro calls __sigsetjmp(). */
int __sigsetjmp(void *env, int savemask) __attribute__((returns_twice));
void siglongjmp(void *env, int val) __attribute__((noreturn));

/**
 * setjmp - save the calling context and the signal mask in @env
 * Return: 0 when called, the value given to longjmp() when jumped to.
 */
#define setjmp(env) __sigsetjmp((env), 1)

/**
 * longjmp - resume at the setjmp() that saved @env, returning @val (0 -> 1)
 *
 * May be called from a signal handler: the saved signal mask comes back.
 */
#define longjmp(env, val) siglongjmp((env), (val))

#endif /* _ASM_SETJMP_H */
