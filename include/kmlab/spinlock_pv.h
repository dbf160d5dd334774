/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Paravirtual-style spin locks: a ticket-lock waiter that halts and is
 * kicked (CONFIG_PARAVIRT_SPINLOCKS, kernel/locking/pv_spinlock.c).
 *
 * The waiter of a contended ticket lock spins a bounded number of turns
 * (pv_spin.threshold=), then publishes which lock and ticket it waits for,
 * sets its bit in pv_halted_cpus and halts. The unlocker, after moving the
 * ticket on with a locked instruction (a full barrier), reads
 * pv_halted_cpus: only when it is not empty does it look for the CPU
 * waiting for the ticket now served and send that one CPU an NMI. This
 * is the idea of Linux's pv_wait()/pv_kick() (kernel/locking/
 * qspinlock_paravirt.h, and before it the paravirt ticket locks of
 * arch/x86/kernel/kvm.c), with the NMI as the hypercall.
 */
#ifndef _KMLAB_SPINLOCK_PV_H
#define _KMLAB_SPINLOCK_PV_H

#include <kmlab/types.h>

struct pt_regs;

/* Bit n set: CPU n has published a wait and may be halted (atomic). */
extern unsigned long pv_halted_cpus;
extern unsigned int pv_nmi_depth[CONFIG_NR_CPUS];

/**
 * pv_spin_wait - wait until @ticket is served, halting after a bounded spin
 * @head: the lock's now-serving counter
 * @ticket: the ticket the caller took
 *
 * Spins with cpu_relax() for pv_spin.threshold= turns, then halts until
 * the unlocker kicks it (or any interrupt or NMI wakes it), and again,
 * until *@head reaches @ticket. Interrupts keep the state they had:
 * with interrupts on the CPU halts with "sti; hlt", with them off it halts
 * with them off and only the kick's NMI wakes it.
 *
 * Context: any; inside an NMI handler (counted in pv_nmi_depth[] by
 * do_trap()) it only spins, as NMIs are blocked there and no kick could
 * wake it. Called by arch_spin_lock() once the ticket was not served at
 * the first look.
 * Return: the turns of cpu_relax() spent (a count, not a time).
 */
unsigned int pv_spin_wait(u16 *head, u16 ticket);

/**
 * pv_spin_kick - wake the CPU halted for the ticket now served on @head
 * @head: the now-serving counter of a lock just released
 *
 * Called by arch_spin_unlock() only when pv_halted_cpus is not empty;
 * sends an NMI to the one CPU (if any) whose published wait is for
 * *@head on this lock.
 *
 * Context: any.
 */
void pv_spin_kick(u16 *head);

/**
 * pv_spin_nmi - the NMI handler's part: end a halt the kick interrupted
 * @regs: the registers the NMI saved
 *
 * An NMI that lands between the waiter's last look at the lock and its
 * hlt would return to the hlt and lose the kick: the saved EIP is moved
 * past the hlt, so the waiter looks at the lock again.
 *
 * Context: the NMI handler (do_trap()).
 * Return: true if this CPU had been kicked (the NMI was for it), else
 * false.
 */
bool pv_spin_nmi(struct pt_regs *regs);

/**
 * struct pv_spin_stats - counts of halts and kicks since boot
 * @halts: times a waiter halted (reached hlt)
 * @kicks: NMIs sent by unlockers to a halted waiter
 */
struct pv_spin_stats {
	unsigned long halts;
	unsigned long kicks;
};

/**
 * pv_spin_stats - the halts and kicks of every CPU, summed (a snapshot)
 *
 * Context: any. Return: the counts since boot.
 */
struct pv_spin_stats pv_spin_stats(void);

#endif /* _KMLAB_SPINLOCK_PV_H */
