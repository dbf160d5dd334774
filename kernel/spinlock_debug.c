// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIG_DEBUG_SPINLOCK: the checks around every spin_lock() and
 * spin_unlock(), after Linux's kernel/locking/spinlock_debug.c.
 *
 * The lock records its holder's CPU and where it was taken. Before
 * taking it we check that this CPU does not hold it already (it would
 * spin on its own ticket forever); before releasing it, that it is held,
 * and by this CPU. A failed check prints one "BUG: spinlock <what> on
 * CPU#n" line naming the lock and its owner, a backtrace, counts the
 * report in spin_bug_count and skips the operation, so that the lock
 * stays consistent:
 *
 * - a recursive spin_lock() does not take the lock; @recursed remembers
 *   it, and the next spin_unlock() on this CPU consumes it instead of
 *   releasing the outer hold;
 * - a spin_unlock() by another CPU, or of a free lock, changes nothing.
 *
 * Reports go through printk(), whose own lock is the bare ticket lock
 * (arch_spinlock_t), so a report cannot recurse into these checks.
 *
 * With CONFIG_PROVE_LOCKING every acquisition that passed these checks
 * goes through lock_acquire() before it spins (so that an order that can
 * deadlock is reported before it does) and every release through
 * lock_release() (kernel/locking/lockdep.c). A refused operation is not
 * recorded. Its reports name the caller of spin_lock() (the return
 * address here: spin_lock() is inlined into it).
 */
#include <kmlab/spinlock.h>
#include <kmlab/smp.h>
#include <kmlab/printk.h>

unsigned long spin_bug_count;

static void spin_bug(spinlock_t *lock, const char *msg)
{
	int cpu = smp_processor_id();

	__atomic_fetch_add(&spin_bug_count, 1, __ATOMIC_RELAXED);
	printk(KERN_ERR
	       "BUG: spinlock %s on CPU#%d, lock: %s (%p), .magic: %08x, .owner_cpu: %d, taken at %ps\n",
	       msg, cpu, lock->magic == SPINLOCK_MAGIC ? lock->name : "?", lock,
	       lock->magic, lock->owner_cpu, (void *)lock->owner_ip);
	dump_stack();
}

void do_raw_spin_lock(spinlock_t *lock, unsigned long ip)
{
	int cpu = smp_processor_id();

	if (lock->magic != SPINLOCK_MAGIC) {
		spin_bug(lock, "bad magic");
		return;
	}
	if (__atomic_load_n(&lock->owner_cpu, __ATOMIC_RELAXED) == cpu) {
		spin_bug(lock, "recursion");
		lock->recursed++;
		return;
	}
	lock_acquire(lock, false, _RET_IP_);
	spin_acquire_raw(lock);
	lock->owner_cpu = cpu;
	lock->owner_ip = ip;
}

bool do_raw_spin_trylock(spinlock_t *lock, unsigned long ip)
{
	if (lock->magic != SPINLOCK_MAGIC) {
		spin_bug(lock, "bad magic");
		return false;
	}
	if (!spin_tryacquire_raw(lock))
		return false;
	lock_acquire(lock, true, _RET_IP_);
	lock->owner_cpu = smp_processor_id();
	lock->owner_ip = ip;
	return true;
}

void do_raw_spin_unlock(spinlock_t *lock)
{
	int cpu = smp_processor_id();

	if (lock->magic != SPINLOCK_MAGIC) {
		spin_bug(lock, "bad magic");
		return;
	}
	if (!arch_spin_is_locked(&lock->raw)) {
		spin_bug(lock, "already unlocked");
		return;
	}
	if (lock->owner_cpu != cpu) {
		spin_bug(lock, "wrong CPU");
		return;
	}
	if (lock->recursed) {
		lock->recursed--;
		return;
	}
	lock->owner_cpu = -1;
	lock->owner_ip = 0;
	lock_release(lock);
	arch_spin_unlock(&lock->raw);
}
