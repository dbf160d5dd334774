// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC, only as far as SMP needs it: enabling it (spurious
 * vector register), routing the PIC through LINT0 on the boot CPU as the
 * firmware left it (virtual wire mode, MP spec 3.6.2.2) and sending IPIs
 * through the interrupt command register (SDM vol. 3A, 11.6). Its timer
 * tick is apic_timer.c's.
 */
#include <kmlab/printk.h>
#include <asm/apic.h>
#include <asm/traps.h>
#include <asm/spinlock.h>

unsigned long lapic_phys_base = APIC_DEFAULT_PHYS_BASE;

void lapic_setup(bool boot_cpu)
{
	apic_write(APIC_TASKPRI, 0); /* accept every priority */
	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVTT, APIC_LVT_MASKED);
	apic_write(APIC_LVTERR, APIC_LVT_MASKED);
	apic_write(APIC_LVT0, boot_cpu ? APIC_DM_EXTINT : APIC_LVT_MASKED);
	apic_write(APIC_LVT1, boot_cpu ? APIC_DM_NMI : APIC_LVT_MASKED);
	apic_write(APIC_ESR, 0);
	apic_eoi();
	setup_apic_timer(boot_cpu);
}

/* Spins of about 100 instructions each; far more than QEMU or Bochs need. */
#define ICR_BUSY_SPINS 10000000UL

bool apic_send_ipi(unsigned int apic_id, u32 icr_low)
{
	unsigned long flags = local_irq_save(), spins = 0;

	apic_write(APIC_ICR2, apic_id << 24);
	apic_write(APIC_ICR, icr_low);
	while ((apic_read(APIC_ICR) & APIC_ICR_BUSY) &&
	       ++spins < ICR_BUSY_SPINS)
		cpu_relax();
	local_irq_restore(flags);
	return spins < ICR_BUSY_SPINS;
}
