// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC timer tick: every CPU's own periodic interrupt at HZ
 * (after Linux's arch/x86/kernel/apic/apic.c, setup_APIC_timer() and
 * calibrate_APIC_clock(), much smaller).
 *
 * Calibration, once, on the boot CPU with interrupts off: the timer
 * counts down from 0xffffffff (divide by 16) while the PIT's channel 2
 * counts PIT_TICK_RATE / HZ input clocks in mode 0 (one tick, 10 ms);
 * what the timer counted meanwhile is its period. Channel 2 rather than
 * the TSC or the ACPI PM timer: the TSC's own rate is unknown until it is
 * measured against the PIT (and under qemu -icount it counts
 * instructions), the PM timer needs the FADT, which acpi.c does not read;
 * channel 2's gate is under software control (port 0x61), it needs no
 * interrupt and leaves channel 0 (jiffies) alone, and it is what Linux's
 * pit_calibrate_tsc() uses. Under -icount QEMU's PIT and local APIC
 * timers both run on the virtual clock, which advances with the
 * instructions executed, so the period is the same on every boot.
 *
 * Each CPU, the boot CPU from smp_prepare_cpus() and each other one from
 * start_secondary() (both through lapic_setup()), then runs its timer in
 * periodic mode with that period on LOCAL_TIMER_VECTOR; the handler
 * sends the EOI and counts apic_timer_ticks, a per-CPU variable. jiffies
 * stay the PIT's (CPU 0, through the PIC): ktime_get_ns() reads the PIT's
 * count within a jiffy, CONFIG_SMP=n has no local APIC code, and ARCH=host
 * ticks from a signal; ktest's timeout of a case hung on another CPU is
 * CPU 0's (lib/ktest/smp.c recalls the CPU with an NMI). "noapictimer"
 * (Linux's parameter) leaves every CPU's timer masked.
 */
#include <kmlab/percpu.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/timer.h>
#include <asm/spinlock.h>

#define CAL_PIT_COUNT (PIT_TICK_RATE / HZ)
/*
 * Loop turns between two reads of port 0x61, about a microsecond of
 * TCG: each read is an exit to QEMU, which under -icount costs far more
 * host time than the instructions around it (reading it back to back,
 * the calibration took 11 s of host time per boot). The period is then
 * late by up to that microsecond of 10 ms, 0.01 %.
 */
#define CAL_POLL_SPINS 256
/*
 * Reads of port 0x61 before calibration gives up: about a second, a
 * hundred times the 10 ms channel 2 needs, should its output never rise
 * (no PIT, or its gate not wired).
 */
#define CAL_POLL_MAX 1000000

u32 apic_timer_period;
DEFINE_PER_CPU(unsigned long, apic_timer_ticks);

bool disable_apic_timer;
kernel_param("noapictimer", disable_apic_timer, bool,
	     "1: no local APIC timer tick on any CPU");

/*
 * APIC timer counts in 1/HZ s of the PIT's channel 2, 0 when channel 2
 * did not count down within CAL_POLL_MAX reads (reported). Interrupts
 * off.
 */
static u32 calibrate_apic_timer(void)
{
	unsigned long polls = 0;
	u32 left;

	outb((inb(PIT_PORT_B) & ~0x02) | 0x01, PIT_PORT_B); /* gate on */
	outb(0xb0, PIT_MODE); /* channel 2, lo/hi byte, mode 0 */
	outb(CAL_PIT_COUNT & 0xff, PIT_CH2);
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	outb(CAL_PIT_COUNT >> 8, PIT_CH2); /* the count starts here */
	apic_write(APIC_TMICT, 0xffffffff);
	while (!(inb(PIT_PORT_B) & 0x20)) {
		if (++polls > CAL_POLL_MAX) {
			apic_write(APIC_TMICT, 0);
			pr_err("apic: PIT channel 2 did not count down within %u reads of port 0x61: local APIC timer left off\n",
			       CAL_POLL_MAX);
			return 0;
		}
		for (unsigned int i = 0; i < CAL_POLL_SPINS; i++)
			barrier();
	}
	left = apic_read(APIC_TMCCT);
	apic_write(APIC_TMICT, 0);
	return 0xffffffff - left;
}

void setup_apic_timer(bool boot_cpu)
{
	if (disable_apic_timer)
		return;
	if (boot_cpu) {
		apic_timer_period = calibrate_apic_timer();
		if (!apic_timer_period)
			pr_err("apic: local APIC timer calibration measured 0 counts per tick: timer left off on every CPU\n");
		else
			pr_info("apic: local APIC timer: %u counts per tick (divide by 16, HZ %u), calibrated against PIT channel 2\n",
				apic_timer_period, HZ);
	}
	if (!apic_timer_period)
		return;
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, apic_timer_period);
}

void local_apic_timer_interrupt(void)
{
	apic_eoi();
	this_cpu_write(apic_timer_ticks, this_cpu_read(apic_timer_ticks) + 1);
}
