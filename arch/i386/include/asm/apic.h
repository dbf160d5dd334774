/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC (Intel SDM vol. 3A, chapter 11): its registers, the
 * interrupt vectors kmlab gives it, and the inter-processor interrupt
 * (IPI) primitives (arch/i386/kernel/apic.c).
 *
 * The registers are memory mapped at the address the ACPI MADT gives
 * (0xfee00000 by default), which the identity mapping of paging.c covers.
 */
#ifndef _ASM_APIC_H
#define _ASM_APIC_H

#include <kmlab/types.h>

#define APIC_DEFAULT_PHYS_BASE 0xfee00000UL

#define APIC_ID 0x20
#define APIC_LVR 0x30
#define APIC_TASKPRI 0x80
#define APIC_EOI 0xb0
#define APIC_SPIV 0xf0
#define APIC_SPIV_APIC_ENABLED 0x100
#define APIC_ESR 0x280
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define APIC_LVTT 0x320
#define APIC_LVT0 0x350
#define APIC_LVT1 0x360
#define APIC_LVTERR 0x370
#define APIC_TMICT 0x380 /* timer initial count */
#define APIC_TMCCT 0x390 /* timer current count */
#define APIC_TDCR 0x3e0 /* timer divide configuration */
#define APIC_TDR_DIV_16 0x3

/* ICR low word (SDM 11.6.1) */
#define APIC_DM_FIXED 0x00000
#define APIC_DM_NMI 0x00400
#define APIC_DM_INIT 0x00500
#define APIC_DM_STARTUP 0x00600
#define APIC_DM_EXTINT 0x00700
#define APIC_ICR_BUSY 0x01000
#define APIC_INT_ASSERT 0x04000
#define APIC_INT_LEVELTRIG 0x08000
#define APIC_LVT_MASKED 0x10000
#define APIC_LVT_TIMER_PERIODIC 0x20000
#define APIC_DEST_ALLBUT 0xc0000

/*
 * Vectors of the local APIC's own interrupts, above the PIC's 32-47 and
 * at the top of the range as in Linux (arch/x86/include/asm/irq_vectors.h).
 */
#define LOCAL_TIMER_VECTOR 0xec
#define FIRST_SYSTEM_VECTOR LOCAL_TIMER_VECTOR
#define CALL_FUNCTION_VECTOR 0xf0
#define STOP_VECTOR 0xf1
#define SPURIOUS_APIC_VECTOR 0xff

/* The MADT's local APIC address, or the default (set before use). */
extern unsigned long lapic_phys_base;

static inline u32 apic_read(u32 reg)
{
	return *(volatile u32 *)(lapic_phys_base + reg);
}

static inline void apic_write(u32 reg, u32 val)
{
	*(volatile u32 *)(lapic_phys_base + reg) = val;
}

/** read_apic_id - this CPU's local APIC ID (bits 31:24 of APIC_ID) */
static inline unsigned int read_apic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

/** apic_eoi - signal the end of the interrupt being handled */
static inline void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/**
 * lapic_setup - enable this CPU's local APIC for IPIs and its timer tick
 * @boot_cpu: true on the boot CPU, which keeps receiving the PIC through
 *            LINT0 (ExtINT, virtual wire mode); the others mask LINT0
 */
void lapic_setup(bool boot_cpu);

/**
 * apic_send_ipi - send an inter-processor interrupt, wait until it is sent
 * @apic_id: the destination's local APIC ID (ignored for a shorthand)
 * @icr_low: delivery mode, vector, level and shorthand (APIC_DM_*, ...)
 *
 * Return: true if the local APIC reported the IPI sent, false if it stayed
 * busy for about a second. Context: any; interrupts are disabled around
 * the two register writes.
 */
bool apic_send_ipi(unsigned int apic_id, u32 icr_low);

/*
 * The local APIC timer tick (arch/i386/kernel/apic_timer.c): APIC timer
 * counts per tick (HZ ticks a second), calibrated on the boot CPU; 0 when
 * the timer is off: "noapictimer", or calibration measured 0 (reported).
 */
extern u32 apic_timer_period;

/* "noapictimer" was given: every CPU's timer stays masked. */
extern bool disable_apic_timer;

/* Ticks of this CPU's local APIC timer since it started (per CPU). */
extern unsigned long apic_timer_ticks;

/**
 * setup_apic_timer - start this CPU's local APIC timer tick
 * @boot_cpu: true on the boot CPU, which calibrates the timer first
 *
 * Periodic mode at HZ on LOCAL_TIMER_VECTOR, divide by 16. The boot CPU
 * measures how far the timer counts while the PIT's channel 2 counts
 * 1/HZ s; the other CPUs reuse that period (their local APICs share the
 * bus clock). Nothing happens with "noapictimer". Context: interrupts
 * off, from lapic_setup().
 */
void setup_apic_timer(bool boot_cpu);

/**
 * local_apic_timer_interrupt - handle this CPU's local APIC timer tick
 *
 * Sends the EOI to the local APIC and adds one to this CPU's
 * apic_timer_ticks (as Linux's local_apic_timer_interrupt(), without
 * clock events). Context: LOCAL_TIMER_VECTOR's handler, called from
 * smp_apic_interrupt() in hardirq context, interrupts off.
 */
void local_apic_timer_interrupt(void);

#endif /* _ASM_APIC_H */
