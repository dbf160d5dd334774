/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tables of CONFIG_PROVE_LOCKING (kernel/locking/lockdep.c), shared
 * with its ktest suite (lockdep_test.c), as Linux's lockdep_internals.h.
 */
#ifndef _KERNEL_LOCKING_LOCKDEP_INTERNALS_H
#define _KERNEL_LOCKING_LOCKDEP_INTERNALS_H

#include <kmlab/spinlock.h>

#define LOCKDEP_HASH_SIZE (2 * MAX_LOCKDEP_KEYS)
#define LOCKDEP_CLASS_WORDS (MAX_LOCKDEP_KEYS / 32)

/* How a class was used (Linux's LOCK_USED_IN_HARDIRQ, LOCK_ENABLED_HARDIRQ). */
enum lock_usage_bit {
	LOCK_USED_IN_HARDIRQ, /* taken in a hardirq handler: HARDIRQ-safe */
	LOCK_ENABLED_HARDIRQ, /* taken with interrupts on: HARDIRQ-unsafe */
	LOCK_USAGE_STATES,
};

/**
 * struct lock_class - one lock class
 * @key: its struct lock_class_key, or the address of its static lock
 * @name: the name of the first lock seen of the class
 * @usage: bit N set: used as enum lock_usage_bit N says
 * @usage_ip: where each usage was first seen
 * @inconsistent_reported: the class's inconsistent-state report was made
 */
struct lock_class {
	const void *key;
	const char *name;
	unsigned int usage;
	unsigned long usage_ip[LOCK_USAGE_STATES];
	bool inconsistent_reported;
};

/**
 * struct lock_list - one dependency: @to was taken while @from was held
 * @from: the class held
 * @to: the class taken
 * @from_ip: where @from had been taken, the first time the order was seen
 * @to_ip: where @to was taken then
 */
struct lock_list {
	u8 from, to;
	unsigned long from_ip, to_ip;
};

/**
 * struct lockdep_graph - every class and dependency the checker learnt
 * @lock: serialises every change (a bare ticket lock, never checked)
 * @off: a table was full: checking stopped (one report said so)
 * @nr_classes: entries used in @classes
 * @nr_edges: entries used in @edges
 * @reports: reports made (atomic: counted outside @lock)
 * @reports_outside: those made while no ktest case ran (atomic, too)
 * @max_depth: the most locks one CPU held at once
 * @hash: open-addressing table from a key to its class index + 1
 * @classes: the classes
 * @fwd: bit T of @fwd[F]: the dependency F -> T is known
 * @bwd: bit F of @bwd[T]: the same, the other way round
 * @usage_mask: bit C of @usage_mask[U]: class C has usage U
 * @cycle_reported: bit T of @cycle_reported[F]: "taking T while holding F
 *                  closes a cycle" was reported
 * @irq_reported: bit U of @irq_reported[S]: the HARDIRQ-safe class S
 *                before the HARDIRQ-unsafe class U was reported
 * @edges: the dependencies in the order they were learnt
 *
 * One graph serves the whole kernel (the boot graph); the lockdep suite
 * lets one CPU use a scratch graph while it provokes reports on purpose.
 */
struct lockdep_graph {
	arch_spinlock_t lock;
	bool off;
	unsigned int nr_classes;
	unsigned int nr_edges;
	unsigned int reports;
	unsigned int reports_outside;
	unsigned int max_depth;
	u16 hash[LOCKDEP_HASH_SIZE];
	struct lock_class classes[MAX_LOCKDEP_KEYS];
	u32 fwd[MAX_LOCKDEP_KEYS][LOCKDEP_CLASS_WORDS];
	u32 bwd[MAX_LOCKDEP_KEYS][LOCKDEP_CLASS_WORDS];
	u32 usage_mask[LOCK_USAGE_STATES][LOCKDEP_CLASS_WORDS];
	u32 cycle_reported[MAX_LOCKDEP_KEYS][LOCKDEP_CLASS_WORDS];
	u32 irq_reported[MAX_LOCKDEP_KEYS][LOCKDEP_CLASS_WORDS];
	struct lock_list edges[MAX_LOCKDEP_ENTRIES];
};

/* The graph every CPU uses unless lockdep_swap_graph() changed it. */
extern struct lockdep_graph lockdep_boot_graph;

/**
 * lockdep_swap_graph - make this CPU check against @g
 * @g: a graph (emptied with memset() and then used, or the old one back)
 *
 * Context: this CPU holds no lock lockdep recorded.
 * Return: the graph this CPU used until now.
 */
struct lockdep_graph *lockdep_swap_graph(struct lockdep_graph *g);

/**
 * lockdep_class_of - the class of @lock in @g, if it has one yet
 * @g: a graph
 * @lock: a lock
 *
 * Context: any. Return: the class, or NULL when @g has not seen the lock's
 * class.
 */
struct lock_class *lockdep_class_of(struct lockdep_graph *g, spinlock_t *lock);

#endif /* _KERNEL_LOCKING_LOCKDEP_INTERNALS_H */
