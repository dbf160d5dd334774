// SPDX-License-Identifier: GPL-2.0
/*
 * Paravirtual-style spin locks: ticket-lock waiters that halt and are
 * kicked (CONFIG_PARAVIRT_SPINLOCKS, Documentation/core-api/smp.rst).
 *
 * Why: under QEMU's multi-threaded TCG every vCPU is a host thread. With
 * more vCPUs than host cores, the host may deschedule the vCPU that holds
 * a ticket lock (or the one whose ticket comes next) while the others spin
 * for their whole time slice: PAUSE gives nothing back to the host. A
 * halted vCPU does: its thread sleeps until an interrupt or an NMI is
 * delivered, and the host runs the vCPU the lock waits for. Linux solves
 * the same problem for guests of a hypervisor with pv_wait() and
 * pv_kick() (kernel/locking/qspinlock_paravirt.h; before qspinlock,
 * the paravirt ticket locks of arch/x86/kernel/kvm.c: kvm_lock_spinning()
 * halted, kvm_unlock_kick() woke the waiter of the next ticket with a
 * hypercall). This file is that idea for kmlab's ticket lock, with an NMI
 * as the kick.
 *
 * The waiter (pv_spin_wait()): spin pv_spin.threshold= turns with
 * cpu_relax(); if the ticket is still not served, with interrupts off
 * publish (head, ticket) in this CPU's pv_waiters slot, set this CPU's
 * bit in pv_halted_cpus with a locked OR (a full barrier), look at the
 * lock once more and halt: "sti; hlt" if the caller had interrupts on
 * (STI's one-instruction shadow means no interrupt can come in between),
 * a plain hlt if it had them off. Then clear the bit, restore interrupts
 * and loop. The ticket order is kept: a waiter that halts keeps its
 * ticket, so the lock stays FIFO; only the one CPU whose ticket comes
 * next is kicked.
 *
 * The unlocker (arch_spin_unlock()): move head on with a locked add (a
 * full barrier), then read pv_halted_cpus; only when a bit is set,
 * pv_spin_kick() looks for the CPU whose published wait is this lock's
 * new head and sends it an NMI. No lost wake-up: the waiter's locked OR
 * precedes its last look at head and the unlocker's locked add precedes
 * its look at the mask, so either the waiter sees the new head or the
 * unlocker sees the bit. The kick may land between the waiter's last look
 * and its hlt: pv_spin_nmi() then moves the saved EIP past the hlt.
 *
 * Why an NMI: the waiters that matter most take heap_lock with
 * spin_lock_irqsave(), so they wait with interrupts off, and only an NMI
 * wakes a CPU halted with interrupts off. One NMI kind serves both cases.
 * Kicks that meet in one NMI (NMIs do not queue) leave a credit that
 * swallows that many later unexplained NMIs of this CPU.
 */
#include <kmlab/spinlock_pv.h>
#include <kmlab/smp.h>
#include <kmlab/param.h>
#include <asm/spinlock.h>
#include <asm/irqflags.h>
#include <asm/ptrace.h>
#include <asm/smp.h>

unsigned long pv_halted_cpus;

/* What each CPU waits for while its bit is set in pv_halted_cpus. */
static struct pv_waiter {
	u16 *head;
	u16 ticket;
} pv_waiters[CONFIG_NR_CPUS];

/* Kicks sent to each CPU and not yet matched by an NMI (atomic). */
static unsigned long pv_kick_credit[CONFIG_NR_CPUS];
/* Per CPU: halts it made, kicks it sent. */
static unsigned long pv_halts[CONFIG_NR_CPUS], pv_kicks[CONFIG_NR_CPUS];

/*
 * Turns of cpu_relax() before a waiter halts: long enough that a holder
 * running on another host core releases the lock first (a critical
 * section of the heap is a few thousand guest instructions), short
 * enough that a waiter gives its host core back soon when the holder is
 * not running.
 */
static unsigned long pv_spin_threshold = 1UL << 12;
kernel_param_range("pv_spin.threshold", pv_spin_threshold, ulong, 1, 1UL << 30,
		   "turns of cpu_relax() before a spin-lock waiter halts");

/* The halt window: an NMI inside it returns to pv_halt_end. */
extern char pv_halt_begin[], pv_halt_end[];

/*
 * Look at *@head once more; unless it shows @ticket, halt (after "sti"
 * when @irqs_on). Returns 1 if it reached hlt, 0 if the ticket was
 * served. One copy only (__noinline, noclone): the labels are global.
 */
static __noinline __attribute__((noclone)) int pv_halt(u16 *head, u16 ticket,
						       unsigned long irqs_on)
{
	int halted;

	__asm__ __volatile__("xorl %0, %0\n"
			     ".globl pv_halt_begin\n"
			     "pv_halt_begin:\n\t"
			     "cmpw %w2, (%1)\n\t"
			     "je pv_halt_end\n\t"
			     "movl $1, %0\n\t"
			     "testl %3, %3\n\t"
			     "jz 1f\n\t"
			     "sti\n"
			     "1:\thlt\n"
			     ".globl pv_halt_end\n"
			     "pv_halt_end:"
			     : "=&r"(halted)
			     : "r"(head), "r"(ticket), "r"(irqs_on)
			     : "memory", "cc");
	return halted;
}

/* Publish the wait for @ticket on @head, halt once, withdraw it. */
static void pv_wait(u16 *head, u16 ticket)
{
	unsigned long flags = local_irq_save();
	unsigned int cpu = smp_processor_id();
	unsigned long bit = 1UL << cpu;
	struct pv_waiter *w = &pv_waiters[cpu];

	__atomic_store_n(&w->head, head, __ATOMIC_RELAXED);
	__atomic_store_n(&w->ticket, ticket, __ATOMIC_RELAXED);
	/* Locked: the slot is visible first, head is read after. */
	__atomic_fetch_or(&pv_halted_cpus, bit, __ATOMIC_SEQ_CST);
	if (pv_halt(head, ticket, flags & X86_EFLAGS_IF))
		pv_halts[cpu]++;
	__atomic_fetch_and(&pv_halted_cpus, ~bit, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}

/*
 * NMI handlers running on each CPU (do_trap() counts them): a waiter
 * inside one never halts, since NMIs are blocked until its iret and the
 * kick could not wake it (printk()'s logbuf_lock is taken there).
 */
unsigned int pv_nmi_depth[CONFIG_NR_CPUS];

unsigned int pv_spin_wait(u16 *head, u16 ticket)
{
	unsigned int spins = 0;

	if (__atomic_load_n(&pv_nmi_depth[smp_processor_id()],
			    __ATOMIC_RELAXED)) {
		while (__atomic_load_n(head, __ATOMIC_ACQUIRE) != ticket) {
			cpu_relax();
			spins++;
		}
		return spins;
	}
	for (;;) {
		for (unsigned long i = 0; i < pv_spin_threshold; i++) {
			if (__atomic_load_n(head, __ATOMIC_ACQUIRE) == ticket)
				return spins;
			cpu_relax();
			spins++;
		}
		pv_wait(head, ticket);
		if (__atomic_load_n(head, __ATOMIC_ACQUIRE) == ticket)
			return spins;
	}
}

void pv_spin_kick(u16 *head)
{
	unsigned long mask = __atomic_load_n(&pv_halted_cpus, __ATOMIC_ACQUIRE);
	u16 serving = __atomic_load_n(head, __ATOMIC_RELAXED);
	unsigned int self = smp_processor_id();

	while (mask) {
		unsigned int cpu = __builtin_ctzl(mask);
		struct pv_waiter *w = &pv_waiters[cpu];

		mask &= mask - 1;
		if (cpu == self ||
		    __atomic_load_n(&w->head, __ATOMIC_RELAXED) != head ||
		    __atomic_load_n(&w->ticket, __ATOMIC_RELAXED) != serving)
			continue;
		__atomic_fetch_add(&pv_kick_credit[cpu], 1, __ATOMIC_RELEASE);
		__atomic_fetch_add(&pv_kicks[self], 1, __ATOMIC_RELAXED);
		arch_send_nmi_ipi(cpu);
		return; /* one ticket, one waiter */
	}
}

bool pv_spin_nmi(struct pt_regs *regs)
{
	unsigned long *credit = &pv_kick_credit[smp_processor_id()];
	unsigned long c = __atomic_load_n(credit, __ATOMIC_ACQUIRE);

	if (regs->eip >= (unsigned long)pv_halt_begin &&
	    regs->eip < (unsigned long)pv_halt_end)
		regs->eip = (unsigned long)pv_halt_end;
	/* Only this CPU takes credits; kickers only add. */
	while (c &&
	       !__atomic_compare_exchange_n(credit, &c, c - 1, false,
					    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		;
	return c != 0;
}

struct pv_spin_stats pv_spin_stats(void)
{
	struct pv_spin_stats st = {};

	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		st.halts += __atomic_load_n(&pv_halts[cpu], __ATOMIC_RELAXED);
		st.kicks += __atomic_load_n(&pv_kicks[cpu], __ATOMIC_RELAXED);
	}
	return st;
}
