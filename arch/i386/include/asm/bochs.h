/* SPDX-License-Identifier: GPL-2.0 */
/* Bochs magic breakpoint (Documentation/dev-tools/bochs.rst). */
#ifndef _ASM_BOCHS_H
#define _ASM_BOCHS_H

/**
 * bochs_break - stop in the Bochs debugger here
 *
 * "xchg %bx,%bx" is Bochs's magic breakpoint when bochsrc has
 * "magic_break: enabled=1"; everywhere else it does nothing. Compiled to
 * nothing without CONFIG_BOCHS_MAGIC_BREAK. Any context.
 */
static inline void bochs_break(void)
{
	if (IS_ENABLED(CONFIG_BOCHS_MAGIC_BREAK))
		__asm__ __volatile__("xchgw %%bx, %%bx" : : : "memory");
}

#endif /* _ASM_BOCHS_H */
