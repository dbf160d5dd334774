/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Walking the kernel stack through frame pointers (the kernel is built
 * with -fno-omit-frame-pointer): each frame starts with the caller's
 * saved %ebp, then the return address into the caller (i386 System V
 * ABI). Linux's arch/x86/include/asm/stacktrace.h and the frame-pointer
 * unwinder (arch/x86/kernel/unwind_frame.c), without its checks of
 * which stack a frame is on: a chain ends at a zero, unaligned or low
 * %ebp, or at a return address outside the kernel's text.
 */
#ifndef _ASM_STACKTRACE_H
#define _ASM_STACKTRACE_H

#include <kmlab/types.h>
#include <kmlab/kallsyms.h>

/**
 * unwind_frame - step from one stack frame to its caller's
 * @ebp: in: a frame pointer; out: the caller's frame pointer
 * @ret: out: the return address into the caller
 *
 * Context: any. Return: false at the end of the chain (nothing written).
 */
static inline bool unwind_frame(unsigned long *ebp, unsigned long *ret)
{
	const unsigned long *frame = (const unsigned long *)*ebp;

	/* The stack is mapped RAM above the first page. */
	if (*ebp < 0x1000 || (*ebp & 3))
		return false;
	if (!kallsyms_lookup(frame[1] - 1, NULL, NULL))
		return false;
	*ret = frame[1];
	*ebp = frame[0];
	return true;
}

#endif /* _ASM_STACKTRACE_H */
