/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Non-local jumps for i386 (arch/i386/lib/setjmp.S), used by ktest to leave a test
 * case that faulted or timed out. Saves callee-saved registers only.
 */
#ifndef _ASM_SETJMP_H
#define _ASM_SETJMP_H

/* ebx, esi, edi, ebp, esp, eip */
typedef unsigned long jmp_buf[6];

/**
 * setjmp - save the calling context in @env
 * Return: 0 when called, the value given to longjmp() when jumped to.
 */
int setjmp(jmp_buf env) __attribute__((returns_twice));

/**
 * longjmp - resume at the setjmp() that saved @env, returning @val (0 -> 1)
 *
 * May be called from an exception or interrupt handler on the same stack:
 * the caller re-enables interrupts afterwards if it needs them.
 */
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

#endif /* _ASM_SETJMP_H */
