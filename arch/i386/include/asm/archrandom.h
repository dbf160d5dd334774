/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU's random number generator, RDRAND (Intel SDM vol. 2, "RDRAND"),
 * where CPUID.01H:ECX bit 30 says it exists. QEMU's default qemu32 CPU has
 * none; a host CPU usually has one (ARCH=host runs it in user mode).
 */
#ifndef _ASM_ARCHRANDOM_H
#define _ASM_ARCHRANDOM_H

#include <kmlab/types.h>

#define X86_FEATURE_RDRAND_ECX (1U << 30)

/**
 * arch_has_rdrand - does this CPU implement RDRAND
 *
 * Reads CPUID leaf 1 (every CPU kmlab boots on has CPUID). Any context.
 * Return: true when CPUID.01H:ECX.RDRAND[bit 30] is set.
 */
static inline bool arch_has_rdrand(void)
{
	u32 eax = 1, ebx, ecx = 0, edx;

	__asm__ __volatile__("cpuid"
			     : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return ecx & X86_FEATURE_RDRAND_ECX;
}

/**
 * rdrand_long - one word from RDRAND, retried as Intel advises
 * @v: where the word goes
 *
 * Up to 10 tries (Intel's DRNG guide: a failure ten times in a row means
 * the generator is broken). Only call it when arch_has_rdrand(). Any
 * context.
 * Return: true and *@v set, or false when every try failed.
 */
static inline bool rdrand_long(unsigned long *v)
{
	for (int i = 0; i < 10; i++) {
		bool ok;

		__asm__ __volatile__("rdrand %0; setc %1"
				     : "=r"(*v), "=qm"(ok)
				     :
				     : "cc");
		if (ok)
			return true;
	}
	return false;
}

#endif /* _ASM_ARCHRANDOM_H */
