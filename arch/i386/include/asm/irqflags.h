/* SPDX-License-Identifier: GPL-2.0 */
/* The interrupt flag: cli, sti and EFLAGS.IF saved and restored. */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#include <kmlab/types.h>

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline unsigned long local_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("pushl %0; popfl" : : "r"(flags) : "memory", "cc");
}

#define X86_EFLAGS_IF 0x00000200

/* Whether interrupts are disabled on this CPU (EFLAGS.IF clear). */
static inline bool irqs_disabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfl; popl %0" : "=r"(flags));
	return !(flags & X86_EFLAGS_IF);
}

#endif /* _ASM_IRQFLAGS_H */
