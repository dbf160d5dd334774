/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the suites of the per-CPU layers (mm/slab_cpu_test.c,
 * mm/page_pcp_test.c): how often heap_lock was taken, which CPU to send
 * work to, and init_on_alloc=/init_on_free= turned off for a suite
 * (either sends every request to the locked path). heap_lock is a
 * ticket lock (CONFIG_SMP): its tail counts the acquisitions, which is
 * how a case checks that a path takes no shared lock, or takes it once
 * per batch.
 */
#ifndef _MM_CPU_LAYER_TEST_H
#define _MM_CPU_LAYER_TEST_H

#include <ktest.h>
#include <kmlab/smp.h>
#include <kmlab/spinlock.h>
#include <kmlab/init_on.h>
#include "internal.h"

/* heap_lock acquisitions since boot, modulo 2^16. */
static inline u16 heap_lock_taken(void)
{
	return heap_lock.raw.tail;
}

/* The last online CPU (CPU 0 when it is the only one). */
static inline unsigned int last_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu) last = cpu;
	return last;
}

/* The next online CPU after @cpu, wrapping; @cpu itself when alone. */
static inline unsigned int next_online(unsigned int cpu)
{
	for (unsigned int i = 1; i <= CONFIG_NR_CPUS; i++) {
		unsigned int n = (cpu + i) % CONFIG_NR_CPUS;

		if (cpu_online(n))
			return n;
	}
	return cpu;
}

/* The online CPU before @cpu, wrapping; @cpu itself when alone. */
static inline unsigned int prev_online(unsigned int cpu)
{
	for (unsigned int i = 1; i <= CONFIG_NR_CPUS; i++) {
		unsigned int p = (cpu + CONFIG_NR_CPUS - i) % CONFIG_NR_CPUS;

		if (cpu_online(p))
			return p;
	}
	return cpu;
}

/*
 * heap_lock acquisitions since @*mark, which moves on: called at least
 * every 2^16 acquisitions (the ticket counter's width).
 */
static inline u32 lock_count(u16 *mark)
{
	u16 now = heap_lock_taken(), d = now - *mark;

	*mark = now;
	return d;
}

/* What init_on_pause() found, for init_on_resume(). */
struct init_on_saved {
	bool alloc, free;
};

/* Turn init_on_alloc= and init_on_free= off; Return: what they were. */
static inline struct init_on_saved init_on_pause(void)
{
	struct init_on_saved saved = { init_on_alloc, init_on_free };

	init_on_alloc = false;
	init_on_free = false;
	return saved;
}

static inline void init_on_resume(struct init_on_saved saved)
{
	init_on_alloc = saved.alloc;
	init_on_free = saved.free;
}

/**
 * struct layer_locks - CONFIG_LOCK_STAT counts of a per-CPU layer's locks
 * @heap: heap_lock's
 * @percpu: the per-CPU locks', summed over every CPU
 */
struct layer_locks {
#ifdef CONFIG_LOCK_STAT
	struct lock_stat heap, percpu;
#endif
};

/* The layer's per-CPU lock of CPU @cpu, for layer_locks_now(). */
typedef spinlock_t *(*percpu_lock_fn)(unsigned int cpu, void *arg);

#ifdef CONFIG_LOCK_STAT
static inline void lock_stat_add(struct lock_stat *sum, struct lock_stat s,
				 int sign)
{
	sum->acquisitions += sign * s.acquisitions;
	sum->contentions += sign * s.contentions;
	sum->spins += sign * s.spins;
}
#endif

/* The counts now (nothing without CONFIG_LOCK_STAT). */
static inline struct layer_locks layer_locks_now(percpu_lock_fn lock_of,
						 void *arg)
{
	struct layer_locks l = {};

#ifdef CONFIG_LOCK_STAT
	l.heap = spin_lock_stat(&heap_lock);
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		lock_stat_add(&l.percpu, spin_lock_stat(lock_of(cpu, arg)), 1);
#endif
	return l;
}

/*
 * Print the acquisitions, contended acquisitions and spins of heap_lock
 * and of the per-CPU locks since @before, for @ops operations (the
 * figures of Documentation/mm/slab-percpu.rst divide them).
 */
static inline void layer_locks_report(struct ktest *test, unsigned long ops,
				      struct layer_locks before,
				      percpu_lock_fn lock_of, void *arg)
{
#ifdef CONFIG_LOCK_STAT
	struct layer_locks now = layer_locks_now(lock_of, arg);

	lock_stat_add(&now.heap, before.heap, -1);
	lock_stat_add(&now.percpu, before.percpu, -1);
	ktest_printk(
		test,
		"lock_stat, %lu operations: heap_lock %lu acquisitions, %lu contended, %lu spins; per-CPU locks %lu acquisitions, %lu contended, %lu spins",
		ops, now.heap.acquisitions, now.heap.contentions,
		now.heap.spins, now.percpu.acquisitions, now.percpu.contentions,
		now.percpu.spins);
#endif
}

#endif /* _MM_CPU_LAYER_TEST_H */
