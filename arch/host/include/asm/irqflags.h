/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interrupt flag of a process: a variable the timer signal reads
 * (include/shared/os.h). A tick that comes while it is clear is held and
 * delivered by the next local_irq_enable(), as a CPU takes a held
 * interrupt on sti; no system call on the common path.
 */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#include <kmlab/compiler.h>
#include <os.h>

/**
 * local_irq_enable - let timer ticks in; deliver one that was held
 *
 * Any context.
 */
static inline void local_irq_enable(void)
{
	barrier();
	os_irqs_on = 1;
	barrier();
	if (os_irq_pending)
		os_irq_replay();
}

/**
 * local_irq_disable - hold timer ticks until local_irq_enable()
 *
 * Any context.
 */
static inline void local_irq_disable(void)
{
	barrier();
	os_irqs_on = 0;
	barrier();
}

/**
 * local_irq_save - hold timer ticks and return the previous state
 *
 * Return: the state for local_irq_restore(): non-zero when they were on.
 */
static inline unsigned long local_irq_save(void)
{
	unsigned long flags = os_irqs_on;

	local_irq_disable();
	return flags;
}

/**
 * local_irq_restore - put back the state local_irq_save() returned
 * @flags: that state
 */
static inline void local_irq_restore(unsigned long flags)
{
	if (flags)
		local_irq_enable();
	else
		local_irq_disable();
}

#endif /* _ASM_IRQFLAGS_H */
