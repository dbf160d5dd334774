/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spinlock_t: Linux's spin_lock() family (include/linux/spinlock.h).
 *
 * With CONFIG_SMP a spinlock_t is a fair ticket lock (<asm/spinlock.h>).
 * Without it there is one CPU and no preemption, so spin_lock() does
 * nothing and spin_lock_irqsave() only saves and disables interrupts:
 * the uniprocessor kernel runs the same instructions as before locks
 * existed.
 *
 * The _irqsave forms disable interrupts on this CPU before they take the
 * lock and restore the saved state after they release it: use them for a
 * lock that an interrupt handler (an inter-processor call, say) also takes,
 * or the handler spins forever on the lock its own CPU holds.
 *
 * CONFIG_DEBUG_SPINLOCK adds the checks of Linux's spinlock_debug.c:
 * taking a lock this CPU already holds (recursion), releasing a lock that
 * is not held or that another CPU holds, and a lock that was never
 * initialised (bad magic). Each is reported as one line starting
 * "BUG: spinlock " with the lock's name and the CPUs, then a backtrace,
 * and counted (spin_bug_count). The offending operation is then skipped,
 * so the lock stays consistent and the kernel goes on: a recursive
 * spin_lock() does not hang the CPU (its spin_unlock() is matched to it
 * and skipped too), a release by the wrong CPU leaves the lock with its
 * owner.
 *
 * CONFIG_PROVE_LOCKING (on top of CONFIG_DEBUG_SPINLOCK) checks the order
 * in which lock classes are taken, as Linux's lockdep: <kmlab/lockdep.h>
 * and kernel/locking/lockdep.c. spin_lock_init() then gives the locks of
 * each call site one class (a static struct lock_class_key).
 *
 * CONFIG_LOCK_STAT counts, per lock, the acquisitions, the contended ones
 * (the lock was held or waited for when asked) and the turns of the wait
 * loop, as Linux's lock_stat counts acquisitions and contentions; the
 * holder updates them, so they need no atomic operation. Without it the
 * lock and its code are as they were.
 */
#ifndef _KMLAB_SPINLOCK_H
#define _KMLAB_SPINLOCK_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/lockdep.h>
#include <asm/spinlock.h>
#include <asm/traps.h>

#define SPINLOCK_MAGIC 0xdead4ead

/**
 * struct lock_stat - what CONFIG_LOCK_STAT counts for one lock
 * @acquisitions: spin_lock() and successful spin_trylock() calls
 * @contentions: acquisitions that found the lock held or waited for
 * @spins: turns of the wait loop of those (cpu_relax() calls)
 */
struct lock_stat {
	unsigned long acquisitions;
	unsigned long contentions;
	unsigned long spins;
};

/**
 * typedef spinlock_t - a spin lock
 * @raw: the ticket lock (CONFIG_SMP)
 * @stat: its counts since initialisation (CONFIG_LOCK_STAT)
 * @magic: SPINLOCK_MAGIC once initialised (CONFIG_DEBUG_SPINLOCK)
 * @owner_cpu: the holder's CPU number, -1 when free (CONFIG_DEBUG_SPINLOCK)
 * @recursed: recursive spin_lock() calls refused and not yet matched by
 *            a spin_unlock() (CONFIG_DEBUG_SPINLOCK)
 * @owner_ip: where the holder took it (CONFIG_DEBUG_SPINLOCK)
 * @name: the lock's name in reports (CONFIG_DEBUG_SPINLOCK)
 * @key: its lock class, NULL for the lock's own address
 *       (CONFIG_PROVE_LOCKING)
 * @class_cache: the class last found for it (CONFIG_PROVE_LOCKING)
 *
 * Initialise with DEFINE_SPINLOCK() or spin_lock_init().
 */
typedef struct spinlock {
#ifdef CONFIG_SMP
	arch_spinlock_t raw;
#endif
#ifdef CONFIG_LOCK_STAT
	struct lock_stat stat;
#endif
#ifdef CONFIG_DEBUG_SPINLOCK
	unsigned int magic;
	int owner_cpu;
	unsigned int recursed;
	unsigned long owner_ip;
	const char *name;
#endif
#ifdef CONFIG_PROVE_LOCKING
	struct lock_class_key *key;
	struct lock_class *class_cache;
#endif
} spinlock_t;

#ifdef CONFIG_SMP
#define __SPIN_LOCK_RAW .raw = __ARCH_SPIN_LOCK_UNLOCKED,
#else
#define __SPIN_LOCK_RAW
#endif
#ifdef CONFIG_DEBUG_SPINLOCK
#define __SPIN_LOCK_DEBUG(lockname) \
	.magic = SPINLOCK_MAGIC, .owner_cpu = -1, .name = #lockname,
#else
#define __SPIN_LOCK_DEBUG(lockname)
#endif

/** __SPIN_LOCK_UNLOCKED - the initialiser of an unlocked spinlock_t named @lockname */
#define __SPIN_LOCK_UNLOCKED(lockname)                      \
	(spinlock_t)                                        \
	{                                                   \
		__SPIN_LOCK_RAW __SPIN_LOCK_DEBUG(lockname) \
	}

/** DEFINE_SPINLOCK - define an unlocked spinlock_t @x, named "x" in reports */
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

/**
 * spin_lock_init - initialise a spinlock_t, unlocked
 * @lock: the lock (its expression is its name in reports)
 *
 * With CONFIG_PROVE_LOCKING every lock initialised at one call site is
 * one lock class, as in Linux.
 */
#ifdef CONFIG_PROVE_LOCKING
#define spin_lock_init(lock)                          \
	do {                                          \
		static struct lock_class_key __key;   \
		*(lock) = __SPIN_LOCK_UNLOCKED(lock); \
		(lock)->key = &__key;                 \
	} while (0)
#else
#define spin_lock_init(lock) (*(lock) = __SPIN_LOCK_UNLOCKED(lock))
#endif

#ifdef CONFIG_SMP
/**
 * spin_acquire_raw - take the ticket lock of a spinlock_t, counting it
 * @lock: the lock
 *
 * arch_spin_lock() of @lock->raw; with CONFIG_LOCK_STAT,
 * arch_spin_lock_spins() instead, and the acquisition, whether it was
 * contended and the wait loop's turns are added to @lock->stat once the
 * lock is held (so the counts need no lock of their own).
 *
 * Context: any; its callers (do_raw_spin_lock(), under spin_lock() and
 * friends) have preemption or interrupts off as they require.
 * Return: nothing; it spins until the lock is taken.
 */
static __always_inline void spin_acquire_raw(spinlock_t *lock)
{
#ifdef CONFIG_LOCK_STAT
	bool contended;
	unsigned int spins = arch_spin_lock_spins(&lock->raw, &contended);

	lock->stat.acquisitions++;
	lock->stat.contentions += contended;
	lock->stat.spins += spins;
#else
	arch_spin_lock(&lock->raw);
#endif
}

/**
 * spin_tryacquire_raw - take the ticket lock of a spinlock_t if it is free
 * @lock: the lock
 *
 * arch_spin_trylock() of @lock->raw: takes the lock only if nobody holds
 * or waits for it; with CONFIG_LOCK_STAT a success adds one acquisition
 * to @lock->stat (never a contention or spins).
 *
 * Context: any; never spins.
 * Return: true if the lock was taken, false if it was held or waited for.
 */
static __always_inline bool spin_tryacquire_raw(spinlock_t *lock)
{
	bool taken = arch_spin_trylock(&lock->raw);

#ifdef CONFIG_LOCK_STAT
	if (taken)
		lock->stat.acquisitions++;
#endif
	return taken;
}
#endif

#ifdef CONFIG_LOCK_STAT
/**
 * spin_lock_stat - the counts of @lock (a snapshot)
 * @lock: the lock
 *
 * Read without the lock: a count may miss the operations of the moment.
 * Context: any. Return: the counts since the lock was initialised.
 */
static inline struct lock_stat spin_lock_stat(spinlock_t *lock)
{
	struct lock_stat st;

	st.acquisitions =
		__atomic_load_n(&lock->stat.acquisitions, __ATOMIC_RELAXED);
	st.contentions =
		__atomic_load_n(&lock->stat.contentions, __ATOMIC_RELAXED);
	st.spins = __atomic_load_n(&lock->stat.spins, __ATOMIC_RELAXED);
	return st;
}
#endif

#ifdef CONFIG_DEBUG_SPINLOCK
/* Reports of CONFIG_DEBUG_SPINLOCK since boot (kernel/spinlock_debug.c). */
extern unsigned long spin_bug_count;
void do_raw_spin_lock(spinlock_t *lock, unsigned long ip);
bool do_raw_spin_trylock(spinlock_t *lock, unsigned long ip);
void do_raw_spin_unlock(spinlock_t *lock);
#elif defined(CONFIG_SMP)
static __always_inline void do_raw_spin_lock(spinlock_t *lock, unsigned long ip)
{
	spin_acquire_raw(lock);
}

static __always_inline bool do_raw_spin_trylock(spinlock_t *lock,
						unsigned long ip)
{
	return spin_tryacquire_raw(lock);
}

static __always_inline void do_raw_spin_unlock(spinlock_t *lock)
{
	arch_spin_unlock(&lock->raw);
}
#else
static __always_inline void do_raw_spin_lock(spinlock_t *lock, unsigned long ip)
{
	barrier();
}

static __always_inline bool do_raw_spin_trylock(spinlock_t *lock,
						unsigned long ip)
{
	barrier();
	return true;
}

static __always_inline void do_raw_spin_unlock(spinlock_t *lock)
{
	barrier();
}
#endif

/**
 * spin_lock - take @lock, spinning while another CPU holds it
 * @lock: the lock
 *
 * CPUs get a contended lock in the order they asked (ticket lock).
 * Context: any. Interrupts stay as they are: use spin_lock_irqsave() for
 * a lock an interrupt handler takes.
 */
static __always_inline void spin_lock(spinlock_t *lock)
{
	do_raw_spin_lock(lock, _THIS_IP_);
}

/**
 * spin_trylock - take @lock if it is free, never spin
 * @lock: the lock
 *
 * Return: true if this call took the lock (release it with
 * spin_unlock()), false if it is held or waited for.
 */
static __always_inline bool spin_trylock(spinlock_t *lock)
{
	return do_raw_spin_trylock(lock, _THIS_IP_);
}

/**
 * spin_unlock - release @lock
 * @lock: a lock this CPU holds
 */
static __always_inline void spin_unlock(spinlock_t *lock)
{
	do_raw_spin_unlock(lock);
}

/**
 * spin_lock_irqsave - disable interrupts on this CPU, then take the lock
 * @lock: the lock
 * @flags: an unsigned long lvalue that receives the saved EFLAGS
 *
 * Release with spin_unlock_irqrestore(@lock, @flags), which brings
 * interrupts back to the saved state (on or off).
 */
#define spin_lock_irqsave(lock, flags)      \
	do {                                \
		(flags) = local_irq_save(); \
		spin_lock(lock);            \
	} while (0)

/**
 * spin_unlock_irqrestore - release the lock, then restore interrupts
 * @lock: a lock this CPU took with spin_lock_irqsave()
 * @flags: what spin_lock_irqsave() saved
 */
static __always_inline void spin_unlock_irqrestore(spinlock_t *lock,
						   unsigned long flags)
{
	spin_unlock(lock);
	local_irq_restore(flags);
}

/**
 * spin_lock_irq - disable interrupts on this CPU, then take the lock
 * @lock: the lock
 *
 * Only where interrupts are known to be on: spin_unlock_irq() turns them
 * on whatever they were.
 */
static __always_inline void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	spin_lock(lock);
}

/**
 * spin_unlock_irq - release the lock, then enable interrupts
 * @lock: a lock this CPU took with spin_lock_irq()
 */
static __always_inline void spin_unlock_irq(spinlock_t *lock)
{
	spin_unlock(lock);
	local_irq_enable();
}

/**
 * spin_is_locked - whether some CPU holds @lock (a snapshot)
 * @lock: the lock
 *
 * Return: true if held; always false without CONFIG_SMP (nothing is
 * recorded there).
 */
static __always_inline bool spin_is_locked(spinlock_t *lock)
{
#ifdef CONFIG_SMP
	return arch_spin_is_locked(&lock->raw);
#else
	return false;
#endif
}

#endif /* _KMLAB_SPINLOCK_H */
