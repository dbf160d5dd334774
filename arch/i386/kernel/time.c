// SPDX-License-Identifier: GPL-2.0
/* The 8253/8254 PIT, channel 0, rate generator at HZ. */
#include <kmlab/types.h>
#include <asm/io.h>
#include <asm/timer.h>
#include <asm/setup.h>

#define PIT_FREQ 1193182
volatile unsigned long jiffies;

void timer_tick(void);
void timer_tick(void)
{
	jiffies++;
}

void time_init(void)
{
	u16 div = PIT_FREQ / HZ;

	outb(0x34, 0x43); /* channel 0, lo/hi byte, mode 2 */
	outb(div & 0xff, 0x40);
	outb(div >> 8, 0x40);
}
