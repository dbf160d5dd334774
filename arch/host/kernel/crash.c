// SPDX-License-Identifier: GPL-2.0
/*
 * crash=MODE of i386, unchanged: each deliberate crash faults the same way
 * in a process (a NULL read is SIGSEGV, ud2 SIGILL, idiv by zero SIGFPE, a
 * bad segment selector SIGSEGV with vector 13; hang spins with the timer
 * held).
 */
#include "../../i386/kernel/crash.c"
