/* SPDX-License-Identifier: GPL-2.0 */
/* The PIT tick (arch/i386/kernel/time.c). */
#ifndef _ASM_TIMER_H
#define _ASM_TIMER_H

#define HZ 100

/* Ticks since the timer started; HZ per second of guest time. */
extern volatile unsigned long jiffies;

#endif /* _ASM_TIMER_H */
