/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The time stamp counter. Under "qemu-system-i386 -icount shift=0" it
 * advances exactly one tick per guest instruction, so differences are exact
 * instruction counts (Documentation/mm/compare.rst).
 */
#ifndef _ASM_TSC_H
#define _ASM_TSC_H

#include <kmlab/types.h>

/**
 * rdtsc - read the time stamp counter
 *
 * Not serialising: surrounding instructions may be counted on either side,
 * which under -icount is exact anyway. Any context.
 */
static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#endif /* _ASM_TSC_H */
