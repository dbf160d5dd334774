/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lock-order checking, CONFIG_PROVE_LOCKING: Linux's lockdep
 * (include/linux/lockdep.h) made small. kernel/locking/lockdep.c holds the
 * design; Documentation/core-api/smp.rst says how to use it.
 *
 * spin_lock() and friends call lock_acquire() and lock_release() through
 * CONFIG_DEBUG_SPINLOCK's out-of-line paths (kernel/spinlock_debug.c);
 * do_irq() brackets every interrupt handler with lockdep_hardirq_enter()
 * and lockdep_hardirq_exit(). Without CONFIG_PROVE_LOCKING every function
 * here is an empty inline and spinlock_t has no key.
 */
#ifndef _KMLAB_LOCKDEP_H
#define _KMLAB_LOCKDEP_H

#include <kmlab/types.h>

/**
 * struct lock_class_key - what makes locks one lock class
 * @__one_byte: gives every key its own address
 *
 * As Linux's: only the address counts. spin_lock_init() defines one static
 * key per call site, so every lock initialised there is one class; a lock
 * defined with DEFINE_SPINLOCK() has no key and its own address is its
 * class's key. lockdep_set_class_and_name() gives any lock another key.
 */
struct lock_class_key {
	char __one_byte;
};

struct spinlock;
struct lock_class;

/*
 * The checker's tables (Linux's limits, scaled to kmlab; Linux: 8192,
 * 32768 and 48): lock classes, dependencies between them, locks one CPU
 * holds at once (the buddy allocator's validate() holds every CPU's page
 * list and heap_lock: CONFIG_NR_CPUS + 1). A full table is reported and
 * turns checking off.
 */
#define MAX_LOCKDEP_KEYS 128
#define MAX_LOCKDEP_ENTRIES 512
#define MAX_LOCK_DEPTH 48

#ifdef CONFIG_PROVE_LOCKING
/* The key of lockdep_set_novalidate_class(): locks that are not checked. */
extern struct lock_class_key __lockdep_no_validate__;

/**
 * lock_acquire - check and record that this CPU takes @lock
 * @lock: the lock about to be taken (or just taken, for a trylock)
 * @trylock: true for a successful spin_trylock(): recorded as held, but
 *           no order is learnt from it (a trylock cannot wait)
 * @ip: the caller's address, shown in reports
 *
 * Finds or registers @lock's class, records how it is used (in a
 * hardirq handler, with interrupts enabled), learns the order "each lock
 * this CPU holds in this context, then @lock" and reports an order that
 * closes a cycle or an interrupt-safety inversion (kernel/locking/
 * lockdep.c). Called by do_raw_spin_lock() before it spins, so that a
 * report comes before the deadlock. Context: any; it disables interrupts
 * itself.
 */
void lock_acquire(struct spinlock *lock, bool trylock, unsigned long ip);

/**
 * lock_release - record that this CPU released @lock
 * @lock: a lock lock_acquire() recorded on this CPU (one it did not, for
 *        example while checking was off, is ignored)
 *
 * Context: any.
 */
void lock_release(struct spinlock *lock);

/**
 * lockdep_set_class_and_name - give @lock the class of @key, named @name
 * @lock: an initialised lock, not held
 * @key: a static key (its address is the class)
 * @name: the class's name in reports if the class is new
 *
 * As Linux's: for locks one spin_lock_init() call site initialises but
 * that are taken in different orders (each group gets its own key).
 * Context: before @lock is used.
 */
void lockdep_set_class_and_name(struct spinlock *lock,
				struct lock_class_key *key, const char *name);

/**
 * lockdep_hardirq_enter - this CPU enters an interrupt handler
 *
 * Locks taken until lockdep_hardirq_exit() are taken in hardirq context:
 * their classes become HARDIRQ-safe, and locks the interrupted code holds
 * are not held "before" them. Context: do_irq(), interrupts off.
 */
void lockdep_hardirq_enter(void);

/**
 * lockdep_hardirq_exit - this CPU leaves its interrupt handler
 *
 * Ends what lockdep_hardirq_enter() began: locks taken from here on are
 * taken in the interrupted code's context again. Context: do_irq(),
 * interrupts off, after the handler and before the return from the
 * interrupt; pairs with lockdep_hardirq_enter() on the same CPU.
 */
void lockdep_hardirq_exit(void);

/**
 * lockdep_context_save - this CPU's held locks, interrupt depth, recursion
 *
 * For code that may come back through longjmp() (ktest's try-catch, an
 * inter-processor call left by smp_call_leave()): pass the value to
 * lockdep_context_restore() where it lands. Context: any.
 * Return: an opaque value.
 */
unsigned long lockdep_context_save(void);

/**
 * lockdep_context_restore - forget what happened since the save
 * @context: what lockdep_context_save() returned on this CPU
 *
 * Locks recorded as taken since are forgotten (they may stay held: the
 * code that held them is gone) and the interrupt depth goes back, so
 * that later acquisitions do not learn orders from them; so does the
 * checker's recursion count (left from inside the checker, it would
 * turn checking off on this CPU for good). Context: the
 * landing point of a longjmp(), on the CPU that saved.
 */
void lockdep_context_restore(unsigned long context);

/**
 * lockdep_in_checker - whether this CPU runs the checker now
 *
 * True inside lock_acquire()'s checks, which may hold the graph's own
 * lock: an NMI that lands there must not leave by longjmp(), or that
 * lock stays held and every CPU's next lock_acquire() spins forever.
 * ktest's recall NMI returns instead and is sent again.
 * Context: any, typically an NMI handler on this CPU.
 * Return: true while this CPU is inside the checker.
 */
bool lockdep_in_checker(void);

/**
 * lockdep_run_failed - print the checker's totals; whether the run fails
 *
 * Prints one "lockdep: " line with the classes, orders and reports since
 * boot. A report inside a ktest case failed that case; one outside any
 * case (boot, initcalls) fails the run, as UBSan's do. Context: after the
 * tests, before machine_exit().
 * Return: true if a report was made outside a ktest case.
 */
bool lockdep_run_failed(void);
#else
static inline void lock_acquire(struct spinlock *lock, bool trylock,
				unsigned long ip)
{
}

static inline void lock_release(struct spinlock *lock)
{
}

static inline void lockdep_hardirq_enter(void)
{
}

static inline void lockdep_hardirq_exit(void)
{
}

static inline unsigned long lockdep_context_save(void)
{
	return 0;
}

static inline void lockdep_context_restore(unsigned long context)
{
}

static inline bool lockdep_in_checker(void)
{
	return false;
}

static inline bool lockdep_run_failed(void)
{
	return false;
}
#endif

/**
 * lockdep_set_novalidate_class - leave @lock out of lock-order checking
 * @lock: an initialised spinlock_t
 *
 * For a lock whose users break the rules on purpose (a test of the lock
 * itself taking it in an interrupt handler and with interrupts on), as
 * Linux's. Context: before the lock is used. Without
 * CONFIG_PROVE_LOCKING it does nothing.
 */
#ifdef CONFIG_PROVE_LOCKING
#define lockdep_set_novalidate_class(lock) \
	lockdep_set_class_and_name(lock, &__lockdep_no_validate__, (lock)->name)
#else
#define lockdep_set_novalidate_class(lock) ((void)(lock))
#endif

#endif /* _KMLAB_LOCKDEP_H */
