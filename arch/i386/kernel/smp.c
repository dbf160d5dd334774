// SPDX-License-Identifier: GPL-2.0
/*
 * Inter-processor interrupts: the local APIC's vectors (asm/apic.h) and
 * stopping the other CPUs (after Linux's arch/x86/kernel/smp.c).
 *
 * CALL_FUNCTION_VECTOR runs the CPU's queue of inter-processor calls
 * (kernel/smp.c). STOP_VECTOR and, for a CPU that does not take it
 * because its interrupts are off, an NMI stop the CPU for good:
 * smp_send_stop() sets stopping_cpu first, so that an NMI handler knows
 * the NMI is a stop request.
 */
#include <kmlab/smp.h>
#include <kmlab/printk.h>
#include <asm/apic.h>
#include <asm/smp.h>
#include <asm/spinlock.h>

/* The CPU that runs smp_send_stop(), -1 before. */
static int stopping_cpu = -1;

/* About a second of spinning under QEMU TCG: interrupts may be off. */
#define STOP_WAIT_SPINS 100000000UL

void arch_send_call_function_ipi(unsigned int cpu)
{
	apic_send_ipi(cpu_apic_id[cpu], APIC_DM_FIXED | CALL_FUNCTION_VECTOR);
}

void arch_send_nmi_ipi(unsigned int cpu)
{
	apic_send_ipi(cpu_apic_id[cpu], APIC_DM_NMI);
}

static void __noreturn stop_this_cpu(void)
{
	set_cpu_online(smp_processor_id(), false);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

void smp_stop_nmi_check(void)
{
	int stopper = __atomic_load_n(&stopping_cpu, __ATOMIC_ACQUIRE);

	if (stopper >= 0 && stopper != (int)smp_processor_id())
		stop_this_cpu();
}

void smp_apic_interrupt(struct pt_regs *regs)
{
	switch (regs->vector) {
	case LOCAL_TIMER_VECTOR:
		local_apic_timer_interrupt();
		break;
	case CALL_FUNCTION_VECTOR:
		apic_eoi();
		generic_smp_call_function_interrupt();
		break;
	case STOP_VECTOR:
		apic_eoi();
		stop_this_cpu();
	default: /* SPURIOUS_APIC_VECTOR: no EOI (SDM 11.9) */
		break;
	}
}

/* Send @icr_low to every online CPU but this one; wait until they stop. */
static bool stop_others(u32 icr_low)
{
	unsigned int self = smp_processor_id(), cpu;

	for_each_online_cpu(cpu) if (cpu != self)
		apic_send_ipi(cpu_apic_id[cpu], icr_low);
	for (unsigned long i = 0; i < STOP_WAIT_SPINS; i++) {
		if (num_online_cpus() <= 1)
			return true;
		cpu_relax();
	}
	return false;
}

unsigned int smp_send_stop(void)
{
	int self = smp_processor_id(), none = -1;
	unsigned int cpu, left = 0;

	if (!__atomic_compare_exchange_n(&stopping_cpu, &none, self, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return 0; /* done already, or another CPU is doing it */
	if (num_online_cpus() <= 1)
		return 0;
	if (stop_others(APIC_DM_FIXED | STOP_VECTOR) ||
	    stop_others(APIC_DM_NMI))
		return 0;
	for_each_online_cpu(cpu)
	{
		if ((int)cpu == self)
			continue;
		printk(KERN_EMERG "smp: CPU %u did not stop\n", cpu);
		left++;
	}
	return left;
}
