/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The i386 side of SMP: bring-up (arch/i386/kernel/smpboot.c) and the
 * inter-processor interrupts (arch/i386/kernel/smp.c). The generic API is
 * <kmlab/smp.h>.
 */
#ifndef _ASM_SMP_H
#define _ASM_SMP_H

#include <kmlab/types.h>
#include <asm/ptrace.h>

#ifdef CONFIG_SMP
/* Physical address of the real-mode trampoline; the SIPI vector is its page. */
#define TRAMPOLINE_BASE 0x8000

/* Local APIC ID of each CPU number (smpboot.c). */
extern u8 cpu_apic_id[CONFIG_NR_CPUS];

/* smp.fail_cpu= (0: off), and CPUs that did not come up (smpboot.c). */
extern unsigned int smp_fail_cpu, smp_cpus_failed;

/* Send CALL_FUNCTION_VECTOR to @cpu (kernel/smp.c's queue has work). */
void arch_send_call_function_ipi(unsigned int cpu);

/*
 * Send @cpu a non-maskable interrupt: it arrives even while @cpu runs with
 * interrupts off; do_trap() hands it to the stop check, then to the
 * set_ap_trap_recovery() hook.
 */
void arch_send_nmi_ipi(unsigned int cpu);

/**
 * iret_to_self - end the CPU's NMI blocking after leaving an NMI handler
 *
 * A CPU blocks further NMIs from an NMI until its next IRET; code that
 * left an NMI handler with longjmp() (smp_call_leave(), ktest's recall)
 * runs this IRET to the next instruction, as Linux's iret_to_self() does,
 * so that the next NMI gets through. Harmless when no NMI was blocked.
 * Context: any; interrupt flag unchanged.
 */
static inline void iret_to_self(void)
{
	__asm__ __volatile__("pushfl; pushl %%cs; pushl $1f; iret; 1:" ::
				     : "memory");
}

/* The local APIC's vectors (FIRST_SYSTEM_VECTOR and up), from do_irq(). */
void smp_apic_interrupt(struct pt_regs *regs);

/* From the NMI handler: stop this CPU if smp_send_stop() asked for it. */
void smp_stop_nmi_check(void);

/* Ready CPU @cpu's inter-processor call queue (kernel/smp.c). */
void smp_init_call_queue(unsigned int cpu);

/* Mark CPU @cpu online or offline (smpboot.c, smp.c). */
void set_cpu_online(unsigned int cpu, bool online);

/* The first C code of an application processor (from trampoline.S). */
void start_secondary(void);
#endif

#endif /* _ASM_SMP_H */
