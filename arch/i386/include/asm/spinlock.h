/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The i386 ticket lock (Nick Piggin's x86 ticket spinlocks, Linux 2.6.25,
 * arch/x86/include/asm/spinlock.h before qspinlock).
 *
 * Two 16-bit counters: @tail is the next ticket to hand out, @head the
 * ticket now being served. A locker takes a ticket with one atomic
 * fetch-and-add on @tail (lock xadd) and spins until @head reaches it;
 * unlock moves @head on by one (only the owner writes @head, so a plain
 * store with release order is enough). CPUs get the lock in the order they
 * took their tickets: no CPU waits while a later one gets in (FIFO, fair),
 * which a test-and-set lock does not promise. 65536 tickets: at most
 * 65535 CPUs may wait at once.
 *
 * These are the bare operations, without the checks of
 * CONFIG_DEBUG_SPINLOCK; use spinlock_t (<kmlab/spinlock.h>). printk()
 * uses them directly, because the checks report through printk().
 */
#ifndef _ASM_SPINLOCK_H
#define _ASM_SPINLOCK_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#ifdef CONFIG_PARAVIRT_SPINLOCKS
#include <kmlab/spinlock_pv.h>
#endif

/**
 * cpu_relax - tell the CPU it is in a spin-wait loop (the PAUSE instruction)
 *
 * Saves power and, on a hyper-threaded core, lets the sibling run; a NOP
 * on CPUs before the Pentium 4 (it is encoded as "rep; nop").
 */
static __always_inline void cpu_relax(void)
{
	__asm__ __volatile__("rep; nop" : : : "memory");
}

/**
 * typedef arch_spinlock_t - a ticket lock
 * @head: the ticket being served
 * @tail: the next ticket to hand out
 * @slock: both, for the compare-and-exchange of trylock
 *
 * Unlocked when @head == @tail; zero-initialised is unlocked.
 */
typedef struct {
	union {
		u32 slock;
		struct {
			u16 head;
			u16 tail;
		};
	};
} arch_spinlock_t;

#define __ARCH_SPIN_LOCK_UNLOCKED  \
	{                          \
		{                  \
			.slock = 0 \
		}                  \
	}

/* Take a ticket and wait for it. Context: any; no sleeping (none exists). */
static __always_inline void arch_spin_lock(arch_spinlock_t *lock)
{
	u16 ticket = __atomic_fetch_add(&lock->tail, 1, __ATOMIC_ACQUIRE);

#ifdef CONFIG_PARAVIRT_SPINLOCKS
	if (__atomic_load_n(&lock->head, __ATOMIC_ACQUIRE) != ticket)
		pv_spin_wait(&lock->head, ticket);
#else
	while (__atomic_load_n(&lock->head, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
#endif
}

/**
 * arch_spin_lock_spins - arch_spin_lock() that counts, for CONFIG_LOCK_STAT
 * @lock: the ticket lock to take
 * @contended: set to true when the lock was held or waited for as the
 *             ticket was taken (one atomic add on the whole word reads
 *             both halves), else to false
 *
 * Takes a ticket and spins with cpu_relax() until it is served, as
 * arch_spin_lock() does (Linux's ticket spinlock); with
 * CONFIG_PARAVIRT_SPINLOCKS it halts after a bounded spin as
 * arch_spin_lock() does.
 *
 * Context: any; the caller keeps preemption or interrupts off as for
 * arch_spin_lock().
 * Return: the turns of the wait loop (0 when the lock was free), a count
 * of cpu_relax() calls, not a time.
 */
static __always_inline unsigned int arch_spin_lock_spins(arch_spinlock_t *lock,
							 bool *contended)
{
	u32 old = __atomic_fetch_add(&lock->slock, 0x10000, __ATOMIC_ACQUIRE);
	u16 ticket = old >> 16;
	unsigned int spins = 0;

	*contended = (u16)old != ticket;
#ifdef CONFIG_PARAVIRT_SPINLOCKS
	if (__atomic_load_n(&lock->head, __ATOMIC_ACQUIRE) != ticket)
		spins = pv_spin_wait(&lock->head, ticket);
#else
	while (__atomic_load_n(&lock->head, __ATOMIC_ACQUIRE) != ticket) {
		cpu_relax();
		spins++;
	}
#endif
	return spins;
}

/* Take the lock only if nobody holds or waits for it. Return: true if taken. */
static __always_inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	u32 old = __atomic_load_n(&lock->slock, __ATOMIC_RELAXED);

	if ((old & 0xffff) != (old >> 16))
		return false;
	return __atomic_compare_exchange_n(&lock->slock, &old, old + 0x10000,
					   false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/*
 * Serve the next ticket. Context: the owner only. With
 * CONFIG_PARAVIRT_SPINLOCKS the increment is a locked instruction (a full
 * barrier, so the read of pv_halted_cpus cannot pass it: the waiter sets
 * its bit, then looks at @head) and a halted waiter is kicked.
 */
static __always_inline void arch_spin_unlock(arch_spinlock_t *lock)
{
#ifdef CONFIG_PARAVIRT_SPINLOCKS
	__atomic_fetch_add(&lock->head, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&pv_halted_cpus, __ATOMIC_RELAXED))
		pv_spin_kick(&lock->head);
#else
	__atomic_store_n(&lock->head, (u16)(lock->head + 1), __ATOMIC_RELEASE);
#endif
}

/* Whether some CPU holds the lock (a snapshot). */
static __always_inline bool arch_spin_is_locked(arch_spinlock_t *lock)
{
	u32 v = __atomic_load_n(&lock->slock, __ATOMIC_RELAXED);

	return (v & 0xffff) != (v >> 16);
}

/* How many CPUs wait for the lock besides its holder (a snapshot). */
static __always_inline unsigned int arch_spin_waiters(arch_spinlock_t *lock)
{
	u32 v = __atomic_load_n(&lock->slock, __ATOMIC_RELAXED);
	u16 queued = (u16)((v >> 16) - (v & 0xffff));

	return queued ? queued - 1 : 0;
}

#endif /* _ASM_SPINLOCK_H */
