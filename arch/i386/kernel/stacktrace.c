// SPDX-License-Identifier: GPL-2.0
/*
 * stack_trace_save(): the calling CPU's return addresses, by the
 * frame-pointer walk of <asm/stacktrace.h> (Linux's kernel/stacktrace.c
 * over arch_stack_walk()). KFENCE keeps one per allocation and free.
 */
#include <kmlab/stacktrace.h>
#include <asm/stacktrace.h>

unsigned int stack_trace_save(unsigned long *store, unsigned int size,
			      unsigned int skipnr)
{
	unsigned long ebp = (unsigned long)__builtin_frame_address(0), ret;
	unsigned int n = 0;

	while (n < size && unwind_frame(&ebp, &ret)) {
		if (skipnr) {
			skipnr--;
			continue;
		}
		store[n++] = ret;
	}
	return n;
}
