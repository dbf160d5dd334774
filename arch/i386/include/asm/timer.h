/* SPDX-License-Identifier: GPL-2.0 */
/* The PIT tick (arch/i386/kernel/time.c). */
#ifndef _ASM_TIMER_H
#define _ASM_TIMER_H

#include <kmlab/types.h>

#define HZ 100
/* The 8254 PIT's input clock, Hz (Linux's PIT_TICK_RATE). */
#define PIT_TICK_RATE 1193182

/* The PIT's I/O ports (Linux's names, <linux/i8253.h>). */
#define PIT_CH0 0x40 /* channel 0's count: the tick */
#define PIT_CH2 0x42 /* channel 2's count: calibration */
#define PIT_MODE 0x43 /* mode/command register */
#define PIT_PORT_B 0x61 /* bit 0: channel 2's gate, bit 5: its output */

/* Ticks since the timer started; HZ per second of guest time. */
extern volatile unsigned long jiffies;

/**
 * ktime_get_ns - guest time since the timer started, in nanoseconds
 *
 * jiffies plus the PIT's count within the current tick, so the resolution
 * is one PIT period (838 ns), not a jiffy. Never goes backwards: while
 * interrupts are off a tick may be pending, and the time then stays at the
 * last value read until it is handled. Any context.
 *
 * Return: nanoseconds of guest time (QEMU's virtual clock).
 */
u64 ktime_get_ns(void);

#endif /* _ASM_TIMER_H */
