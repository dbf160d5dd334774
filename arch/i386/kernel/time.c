// SPDX-License-Identifier: GPL-2.0
/* The 8253/8254 PIT, channel 0, rate generator at HZ. */
#include <kmlab/types.h>
#include <asm/io.h>
#include <asm/timer.h>
#include <asm/setup.h>
#include <asm/traps.h>

#define PIT_FREQ PIT_TICK_RATE
#define PIT_DIV (PIT_FREQ / HZ)
#define NSEC_PER_SEC 1000000000ULL
volatile unsigned long jiffies;

void timer_tick(void);
void timer_tick(void)
{
	jiffies++;
}

void time_init(void)
{
	u16 div = PIT_DIV;

	outb(0x34, PIT_MODE); /* channel 0, lo/hi byte, mode 2 */
	outb(div & 0xff, PIT_CH0);
	outb(div >> 8, PIT_CH0);
}

u64 ktime_get_ns(void)
{
	static u64 last;
	unsigned long flags = local_irq_save();
	unsigned int count;
	u64 ns;

	outb(0x00, PIT_MODE); /* latch channel 0's count */
	count = inb(PIT_CH0);
	count |= inb(PIT_CH0) << 8;
	if (count > PIT_DIV)
		count = PIT_DIV;
	/* Mode 2 counts PIT_DIV down to 1 in each tick. */
	ns = (u64)jiffies * (NSEC_PER_SEC / HZ) +
	     (u64)(PIT_DIV - count) * NSEC_PER_SEC / PIT_FREQ;
	if (ns < last)
		ns = last; /* a tick is pending while interrupts are off */
	last = ns;
	local_irq_restore(flags);
	return ns;
}
