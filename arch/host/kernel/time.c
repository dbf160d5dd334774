// SPDX-License-Identifier: GPL-2.0
/*
 * Time under ARCH=host: jiffies count the timer signal's ticks (HZ per
 * second, arch/host/os/signal.c), which also run ktest's timeout hook, as
 * the PIT interrupt does on i386; ktime_get_ns() reads CLOCK_MONOTONIC.
 */
#include <kmlab/types.h>
#include <asm/timer.h>
#include <asm/traps.h>
#include <os.h>

volatile unsigned long jiffies;
static timer_hook_fn timer_hook;
static unsigned long long time_start_ns;

void host_time_init(void);
void host_time_init(void)
{
	time_start_ns = os_monotonic_ns();
}

void set_timer_hook(timer_hook_fn fn)
{
	timer_hook = fn;
}

void host_timer_interrupt(struct pt_regs *regs)
{
	jiffies++;
	if (timer_hook)
		timer_hook(regs);
}

u64 ktime_get_ns(void)
{
	return os_monotonic_ns() - time_start_ns;
}
