/* SPDX-License-Identifier: GPL-2.0 */
/* Privileged instructions the generic fault reports need. */
#ifndef _ASM_SPECIAL_INSNS_H
#define _ASM_SPECIAL_INSNS_H

/**
 * read_cr2 - the linear address of the last page fault
 *
 * Meaningful in a page fault handler, before anything else can fault.
 * Any context.
 *
 * Return: the CR2 register.
 */
static inline unsigned long read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("movl %%cr2, %0" : "=r"(v));
	return v;
}

#endif /* _ASM_SPECIAL_INSNS_H */
