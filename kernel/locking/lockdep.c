// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIG_PROVE_LOCKING: lock-order checking, the idea of Linux's lockdep
 * (Documentation/locking/lockdep-design.rst, kernel/locking/lockdep.c)
 * made small.
 *
 * Lock classes. The checker reasons about classes, not lock instances:
 * every lock spin_lock_init() initialises at one call site is one class
 * (a static struct lock_class_key there), and a lock defined with
 * DEFINE_SPINLOCK() is a class of its own, keyed by its address, as
 * lockdep keys static locks. So one wrong order seen once, between any two
 * locks of two classes, is enough to report a deadlock that needs other
 * locks of the same classes and unlucky timing to happen.
 *
 * What is recorded. Each CPU keeps a stack of the locks it holds (struct
 * held_lock, at most MAX_LOCK_DEPTH) and how deep it is in interrupt
 * handlers (do_irq() calls lockdep_hardirq_enter()/exit()). Taking a lock
 * adds, for the lock held last in the same context (and the trylocks above
 * it, as lockdep's check_prevs_add()), the dependency "held -> taken" to a
 * graph of classes; the others follow by transitivity. Locks held by the
 * code an interrupt interrupted are another context: the interrupt-safety
 * rules below cover them. A class also records whether it was ever taken
 * in a hardirq handler (HARDIRQ-safe, lockdep's {IN-HARDIRQ-W}) and with
 * interrupts enabled (HARDIRQ-unsafe, {HARDIRQ-ON-W}).
 *
 * What is reported, each as one greppable line, the chain that proves it,
 * and a backtrace:
 *  - "possible circular locking dependency detected": a new dependency
 *    A -> B while B -> ... -> A is known (direct or transitive); the
 *    order is not learnt, so the graph stays acyclic;
 *  - "inconsistent lock state": a class both HARDIRQ-safe and -unsafe
 *    (an interrupt on the CPU that holds the lock with interrupts on spins
 *    forever);
 *  - "HARDIRQ-safe -> HARDIRQ-unsafe lock order detected": a HARDIRQ-safe
 *    class S leads to a HARDIRQ-unsafe class U (CPU 0 holds U with
 *    interrupts on; CPU 1 holds S and waits for U; CPU 0's interrupt
 *    waits for S), checked whether the dependency or the usage comes last;
 *  - "BUG: MAX_... too low!": a table is full; checking stops for good
 *    (lockdep's debug_locks_off()), since what it would say is incomplete.
 * Each pair of classes (each class, for the inconsistent state) is
 * reported once. A report in the boot graph fails the running ktest case
 * (as a KFENCE or UBSan report does) or, outside a case, the run
 * (lockdep_run_failed()).
 *
 * Cost. With at most MAX_LOCKDEP_KEYS classes, the graph is a bitmap per
 * class (fwd and bwd): taking a lock whose order with the held one is
 * already known reads one bit and takes no lock; only a new class, usage
 * or dependency takes the graph's lock and searches the graph (breadth
 * first, over the bitmaps). Lockdep's chain hash does the same job for
 * graphs of thousands of classes.
 *
 * Left out, compared with lockdep: readers (kmlab has no rwlock), softirq
 * and nesting annotations (spin_lock_nested()): two locks of one class held
 * together are not checked against each other (taking every CPU's list of
 * one class in turn is how kmlab's per-CPU layers drain and validate).
 *
 * Does kmlab take locks in interrupt handlers? Yes: the inter-processor
 * call interrupt takes its CPU's call queue lock, and the functions it
 * runs (ktest_run_on_each_cpu()'s shares: every concurrent suite) take
 * heap_lock, the per-CPU caches' and page lists' locks. Those are taken
 * with interrupts off everywhere, which is what the interrupt rules check.
 */
#include <kmlab/lockdep.h>
#include <kmlab/spinlock.h>
#include <kmlab/smp.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <ktest/test-bug.h>
#include "lockdep_internals.h"

/**
 * struct held_lock - a lock this CPU holds
 * @lock: the lock
 * @ip: where it was taken
 * @class: its class index in the CPU's graph
 * @trylock: taken by spin_trylock()
 * @hardirq: the CPU's hardirq depth when it was taken (its context)
 */
struct held_lock {
	spinlock_t *lock;
	unsigned long ip;
	u8 class;
	bool trylock;
	u8 hardirq;
};

/**
 * struct lockdep_cpu - the checker's state of one CPU
 * @graph: the graph this CPU checks against
 * @depth: entries used in @held
 * @hardirq: interrupt handlers this CPU is in
 * @recursion: non-zero while the checker runs (its own printk()s and
 *             ktest calls are not checked)
 * @held: the locks held, oldest first
 */
struct lockdep_cpu {
	struct lockdep_graph *graph;
	unsigned int depth;
	unsigned int hardirq;
	unsigned int recursion;
	struct held_lock held[MAX_LOCK_DEPTH];
};

_Static_assert(MAX_LOCK_DEPTH >= CONFIG_NR_CPUS + 8,
	       "pcp_lock_all() holds every CPU's page list");

struct lockdep_graph lockdep_boot_graph;
struct lock_class_key __lockdep_no_validate__;
static DEFINE_PER_CPU(struct lockdep_cpu, lockdep_cpu) = {
	.graph = &lockdep_boot_graph,
};

enum report_kind {
	REPORT_NONE,
	REPORT_CYCLE,
	REPORT_INCONSISTENT,
	REPORT_IRQ_ORDER,
	REPORT_FULL,
};

/*
 * What to print, decided under the graph's lock and printed after it is
 * released (printing may take other locks).
 */
struct report {
	enum report_kind kind;
	const char *table; /* REPORT_FULL: the limit's name */
	unsigned int limit; /* and its value */
	unsigned int held, taken; /* classes */
	unsigned long held_ip, taken_ip;
	unsigned int len; /* classes in chain */
	u8 chain[2 * MAX_LOCKDEP_KEYS];
};

static const char *const report_title[] = {
	[REPORT_CYCLE] = "possible circular locking dependency detected",
	[REPORT_INCONSISTENT] = "inconsistent lock state",
	[REPORT_IRQ_ORDER] =
		"HARDIRQ-safe -> HARDIRQ-unsafe lock order detected",
};

/* -- Class bitmaps -------------------------------------------------------- */

static bool mask_test(const u32 *m, unsigned int c)
{
	return __atomic_load_n(&m[c / 32], __ATOMIC_RELAXED) >> (c % 32) & 1;
}

static void mask_set(u32 *m, unsigned int c)
{
	__atomic_fetch_or(&m[c / 32], 1U << (c % 32), __ATOMIC_RELAXED);
}

/*
 * Breadth first from @from along @adj (a graph's fwd or bwd) to the
 * nearest class in @target, @from itself included. @parent[c] is the class
 * c was reached from. Return: the class found, or -1.
 */
static int bfs(u32 (*adj)[LOCKDEP_CLASS_WORDS], unsigned int from,
	       const u32 *target, u8 *parent)
{
	u8 queue[MAX_LOCKDEP_KEYS];
	u32 seen[LOCKDEP_CLASS_WORDS] = { 0 };
	unsigned int head = 0, tail = 0;

	queue[tail++] = from;
	mask_set(seen, from);
	parent[from] = from;
	while (head < tail) {
		unsigned int c = queue[head++];

		if (mask_test(target, c))
			return c;
		for (unsigned int w = 0; w < LOCKDEP_CLASS_WORDS; w++) {
			u32 next = adj[c][w] & ~seen[w];

			seen[w] |= next;
			while (next) {
				unsigned int n = w * 32 + __builtin_ctz(next);

				next &= next - 1;
				parent[n] = c;
				queue[tail++] = n;
			}
		}
	}
	return -1;
}

/* Append to @r's chain the path @parent leads from @c back to its start. */
static void chain_back(struct report *r, const u8 *parent, unsigned int c)
{
	r->chain[r->len++] = c;
	while (parent[c] != c) {
		c = parent[c];
		r->chain[r->len++] = c;
	}
}

/* Append the path from the start of @parent's search to @c, in order. */
static void chain_forward(struct report *r, const u8 *parent, unsigned int c)
{
	unsigned int first = r->len;

	chain_back(r, parent, c);
	for (unsigned int i = first, j = r->len - 1; i < j; i++, j--) {
		u8 t = r->chain[i];

		r->chain[i] = r->chain[j];
		r->chain[j] = t;
	}
}

/* -- Classes -------------------------------------------------------------- */

static unsigned int key_hash(const void *key)
{
	return ((unsigned long)key * 0x9e3779b1UL) >> 24; /* 8 bits */
}

static const void *key_of(spinlock_t *lock)
{
	return lock->key ? (const void *)lock->key : lock;
}

/* The class of @key, or -1 (the graph's lock is not needed). */
static int find_class(struct lockdep_graph *g, const void *key)
{
	unsigned int h = key_hash(key);

	for (unsigned int i = 0; i < LOCKDEP_HASH_SIZE; i++) {
		unsigned int slot = (h + i) % LOCKDEP_HASH_SIZE;
		unsigned int c =
			__atomic_load_n(&g->hash[slot], __ATOMIC_ACQUIRE);

		if (!c)
			return -1;
		if (g->classes[c - 1].key == key)
			return c - 1;
	}
	return -1;
}

/* Turn checking off for good: a table of @g is full. Graph lock held. */
static void graph_full(struct lockdep_graph *g, struct report *r,
		       const char *table, unsigned int limit)
{
	g->off = true;
	r->kind = REPORT_FULL;
	r->held = r->taken = 0;
	r->table = table;
	r->limit = limit;
}

/*
 * The class of @lock, registered if new. Return: its index, or -1 when
 * the class table is full (reported in @r, checking off).
 */
static int register_class(struct lockdep_graph *g, spinlock_t *lock,
			  struct report *r)
{
	const void *key = key_of(lock);
	struct lock_class *cached =
		__atomic_load_n(&lock->class_cache, __ATOMIC_RELAXED);
	unsigned int h;
	int c;

	/* Lockdep's class_cache: valid if it is @g's class of this key. */
	if (cached >= g->classes && cached < g->classes + MAX_LOCKDEP_KEYS &&
	    cached->key == key)
		return cached - g->classes;
	c = find_class(g, key);
	if (c >= 0)
		goto cache;
	arch_spin_lock(&g->lock);
	c = find_class(g, key);
	if (c < 0 && !g->off) {
		if (g->nr_classes == MAX_LOCKDEP_KEYS) {
			graph_full(g, r, "MAX_LOCKDEP_KEYS", MAX_LOCKDEP_KEYS);
		} else {
			c = g->nr_classes++;
			g->classes[c].key = key;
			g->classes[c].name = lock->name;
			for (h = key_hash(key); g->hash[h % LOCKDEP_HASH_SIZE];
			     h++)
				;
			__atomic_store_n(&g->hash[h % LOCKDEP_HASH_SIZE], c + 1,
					 __ATOMIC_RELEASE);
		}
	}
	arch_spin_unlock(&g->lock);
	if (c < 0)
		return c;
cache:
	__atomic_store_n(&lock->class_cache, &g->classes[c], __ATOMIC_RELAXED);
	return c;
}

struct lock_class *lockdep_class_of(struct lockdep_graph *g, spinlock_t *lock)
{
	int c = find_class(g, key_of(lock));

	return c < 0 ? NULL : &g->classes[c];
}

/* -- The checks ----------------------------------------------------------- */

/*
 * A HARDIRQ-safe class s at or before @back_from and a HARDIRQ-unsafe class
 * u at or after @fwd_from, where @back_from -> @fwd_from is known (or they
 * are one class): report the pair, once, with the chain s -> ... -> u.
 * Graph lock held.
 */
static void check_irq_order(struct lockdep_graph *g, unsigned int back_from,
			    unsigned int fwd_from, struct report *r)
{
	u8 back[MAX_LOCKDEP_KEYS], fwd[MAX_LOCKDEP_KEYS];
	unsigned int n;
	int s, u;

	s = bfs(g->bwd, back_from, g->usage_mask[LOCK_USED_IN_HARDIRQ], back);
	if (s < 0)
		return;
	u = bfs(g->fwd, fwd_from, g->usage_mask[LOCK_ENABLED_HARDIRQ], fwd);
	if (u < 0 || s == u || mask_test(g->irq_reported[s], u))
		return;
	mask_set(g->irq_reported[s], u);
	r->kind = REPORT_IRQ_ORDER;
	r->held = s;
	r->taken = u;
	r->len = 0;
	chain_back(r, back, s); /* s, ..., back_from */
	n = r->len;
	chain_forward(r, fwd, u); /* fwd_from, ..., u */
	if (fwd_from == back_from) {
		memmove(&r->chain[n], &r->chain[n + 1], r->len - n - 1);
		r->len--;
	}
}

/*
 * Record that class @c is used as @bit says; the first time, check it
 * against the class's other usage and the classes before and after it.
 */
static void mark_usage(struct lockdep_graph *g, unsigned int c,
		       enum lock_usage_bit bit, unsigned long ip,
		       struct report *r)
{
	struct lock_class *cl = &g->classes[c];

	if (__atomic_load_n(&cl->usage, __ATOMIC_RELAXED) & (1U << bit))
		return;
	arch_spin_lock(&g->lock);
	if (!(cl->usage & (1U << bit)) && !g->off) {
		cl->usage_ip[bit] = ip;
		__atomic_fetch_or(&cl->usage, 1U << bit, __ATOMIC_RELAXED);
		mask_set(g->usage_mask[bit], c);
		if (cl->usage != (1U << LOCK_USAGE_STATES) - 1) {
			check_irq_order(g, c, c, r);
		} else if (!cl->inconsistent_reported) {
			cl->inconsistent_reported = true;
			r->kind = REPORT_INCONSISTENT;
			r->held = r->taken = c;
		}
	}
	arch_spin_unlock(&g->lock);
}

/*
 * @next is taken while @prev is held: learn the dependency, unless it
 * closes a cycle (reported once per pair) or the table is full.
 */
static void check_prev_add(struct lockdep_graph *g, struct held_lock *prev,
			   unsigned int next, unsigned long ip,
			   struct report *r)
{
	u8 parent[MAX_LOCKDEP_KEYS];
	u32 target[LOCKDEP_CLASS_WORDS] = { 0 };
	struct lock_list *e;
	int found;

	if (mask_test(g->fwd[prev->class], next))
		return; /* known: the common case, no lock taken */
	arch_spin_lock(&g->lock);
	if (g->off || mask_test(g->fwd[prev->class], next))
		goto out;
	mask_set(target, prev->class);
	found = bfs(g->fwd, next, target, parent);
	if (found >= 0) {
		if (!mask_test(g->cycle_reported[prev->class], next)) {
			mask_set(g->cycle_reported[prev->class], next);
			r->kind = REPORT_CYCLE;
			r->held = prev->class;
			r->held_ip = prev->ip;
			r->taken = next;
			r->taken_ip = ip;
			r->len = 0;
			chain_forward(r, parent, found);
		}
		goto out;
	}
	if (g->nr_edges == MAX_LOCKDEP_ENTRIES) {
		graph_full(g, r, "MAX_LOCKDEP_ENTRIES", MAX_LOCKDEP_ENTRIES);
		goto out;
	}
	e = &g->edges[g->nr_edges++];
	e->from = prev->class;
	e->to = next;
	e->from_ip = prev->ip;
	e->to_ip = ip;
	mask_set(g->bwd[next], prev->class);
	mask_set(g->fwd[prev->class], next);
	check_irq_order(g, prev->class, next, r);
out:
	arch_spin_unlock(&g->lock);
}

/* -- Reports -------------------------------------------------------------- */

static const char *class_name(struct lockdep_graph *g, unsigned int c)
{
	return g->classes[c].name ? g->classes[c].name : "(unnamed)";
}

/* Where the dependency @from -> @to was learnt, or NULL. */
static struct lock_list *find_edge(struct lockdep_graph *g, unsigned int from,
				   unsigned int to)
{
	for (unsigned int i = 0; i < g->nr_edges; i++)
		if (g->edges[i].from == from && g->edges[i].to == to)
			return &g->edges[i];
	return NULL;
}

/* "a -> b -> c" into @buf (cut short with "..." if it does not fit). */
static void format_chain(struct lockdep_graph *g, const struct report *r,
			 char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < r->len && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? " -> " : "",
				class_name(g, r->chain[i]));
	if (len >= size)
		memcpy(buf + size - 4, "...", 4);
}

/* Each dependency of the chain with where it was learnt. */
static void print_chain_edges(struct lockdep_graph *g, const struct report *r)
{
	for (unsigned int i = 0; i + 1 < r->len; i++) {
		struct lock_list *e =
			find_edge(g, r->chain[i], r->chain[i + 1]);

		if (e)
			pr_err(" %s -> %s: %s taken at %pS while holding %s taken at %pS\n",
			       class_name(g, e->from), class_name(g, e->to),
			       class_name(g, e->to), (void *)e->to_ip,
			       class_name(g, e->from), (void *)e->from_ip);
	}
}

static void print_report(struct lockdep_graph *g, const struct report *r)
{
	const struct lock_class *held = &g->classes[r->held];
	const struct lock_class *taken = &g->classes[r->taken];
	int cpu = smp_processor_id();
	const char *held_name = class_name(g, r->held);
	const char *taken_name = class_name(g, r->taken);
	char chain[256], subject[128], line[192];

	switch (r->kind) {
	case REPORT_CYCLE:
		snprintf(subject, sizeof(subject), "takes %s while holding %s",
			 taken_name, held_name);
		break;
	case REPORT_INCONSISTENT:
		snprintf(
			subject, sizeof(subject),
			"%s taken in hardirq context and with interrupts enabled",
			held_name);
		break;
	case REPORT_IRQ_ORDER:
		snprintf(subject, sizeof(subject), "%s -> %s", held_name,
			 taken_name);
		break;
	default:
		break;
	}
	if (r->kind == REPORT_FULL)
		snprintf(
			line, sizeof(line),
			"BUG: %s too low! (%u), turning off the locking correctness validator",
			r->table, r->limit);
	else
		snprintf(line, sizeof(line), "WARNING: %s: CPU#%d: %s",
			 report_title[r->kind], cpu, subject);
	/* Outside g->lock: CPUs may report at once. */
	__atomic_fetch_add(&g->reports, 1, __ATOMIC_RELAXED);
	pr_err("%s\n", line);
	switch (r->kind) {
	case REPORT_CYCLE:
		pr_err("CPU#%d takes %s at %pS while holding %s taken at %pS\n",
		       cpu, taken_name, (void *)r->taken_ip, held_name,
		       (void *)r->held_ip);
		format_chain(g, r, chain, sizeof(chain));
		pr_err("existing dependency chain: %s\n", chain);
		print_chain_edges(g, r);
		break;
	case REPORT_INCONSISTENT:
		pr_err("%s taken in hardirq context at %pS, with interrupts enabled at %pS\n",
		       held_name, (void *)held->usage_ip[LOCK_USED_IN_HARDIRQ],
		       (void *)held->usage_ip[LOCK_ENABLED_HARDIRQ]);
		break;
	case REPORT_IRQ_ORDER:
		format_chain(g, r, chain, sizeof(chain));
		pr_err("dependency chain: %s\n", chain);
		print_chain_edges(g, r);
		pr_err("%s taken in hardirq context at %pS, %s with interrupts enabled at %pS\n",
		       held_name, (void *)held->usage_ip[LOCK_USED_IN_HARDIRQ],
		       taken_name,
		       (void *)taken->usage_ip[LOCK_ENABLED_HARDIRQ]);
		break;
	default:
		break;
	}
	dump_stack();
	if (g == &lockdep_boot_graph &&
	    !__ktest_fail_current_test(NULL, 0, "%s", line))
		__atomic_fetch_add(&g->reports_outside, 1, __ATOMIC_RELAXED);
}

/*
 * Print the report a check filled in @r, if any, and empty @r: each
 * report is printed when made, none overwrites another. Graph lock not
 * held.
 */
static void flush_report(struct lockdep_graph *g, struct report *r)
{
	if (r->kind == REPORT_NONE)
		return;
	print_report(g, r);
	r->kind = REPORT_NONE;
}

/* -- The hooks ------------------------------------------------------------ */

/*
 * Interrupts off while the CPU's stack changes, without touching EFLAGS
 * when they are off already (most locks are taken so): under QEMU's TCG
 * every popf or sti ends a translation block, which cost kmalloc_smp
 * several times its run time. Return: whether they were on.
 */
static bool lockdep_irq_disable(void)
{
	if (irqs_disabled())
		return false;
	local_irq_disable();
	return true;
}

static void lockdep_irq_enable(bool irqs_on)
{
	if (irqs_on)
		local_irq_enable();
}

void lock_acquire(spinlock_t *lock, bool trylock, unsigned long ip)
{
	bool irqs_on = lockdep_irq_disable();
	struct lockdep_cpu *cpu = this_cpu_ptr(&lockdep_cpu);
	struct lockdep_graph *g = cpu->graph;
	/* Only r.kind is read unless a check fills it; printed at once. */
	struct report r;
	struct held_lock *hl;
	int c;

	if (cpu->recursion || __atomic_load_n(&g->off, __ATOMIC_RELAXED) ||
	    lock->key == &__lockdep_no_validate__)
		goto out;
	cpu->recursion++;
	r.kind = REPORT_NONE;
	c = register_class(g, lock, &r);
	if (c < 0)
		goto report;
	if (cpu->hardirq)
		mark_usage(g, c, LOCK_USED_IN_HARDIRQ, ip, &r);
	else if (irqs_on)
		mark_usage(g, c, LOCK_ENABLED_HARDIRQ, ip, &r);
	/* Printed now: the dependency below is still checked and learnt. */
	flush_report(g, &r);
	if (cpu->depth == MAX_LOCK_DEPTH) {
		arch_spin_lock(&g->lock);
		if (!g->off)
			graph_full(g, &r, "MAX_LOCK_DEPTH", MAX_LOCK_DEPTH);
		arch_spin_unlock(&g->lock);
		goto report;
	}
	/* Lockdep's check_prevs_add(): the last lock, and trylocks above it. */
	for (int i = cpu->depth - 1; !trylock && i >= 0; i--) {
		hl = &cpu->held[i];
		if (hl->hardirq != cpu->hardirq)
			break;
		if (hl->class != c)
			check_prev_add(g, hl, c, ip, &r);
		flush_report(g, &r);
		if (!hl->trylock)
			break;
	}
	hl = &cpu->held[cpu->depth++];
	hl->lock = lock;
	hl->ip = ip;
	hl->class = c;
	hl->trylock = trylock;
	hl->hardirq = cpu->hardirq;
	if (cpu->depth > g->max_depth)
		g->max_depth = cpu->depth;
report:
	flush_report(g, &r);
	cpu->recursion--;
out:
	lockdep_irq_enable(irqs_on);
}

void lock_release(spinlock_t *lock)
{
	bool irqs_on = lockdep_irq_disable();
	struct lockdep_cpu *cpu = this_cpu_ptr(&lockdep_cpu);

	for (int i = cpu->depth - 1; i >= 0; i--) {
		if (cpu->held[i].lock != lock)
			continue;
		/* Usually the last one taken: nothing to move. */
		for (cpu->depth--; i < cpu->depth; i++)
			cpu->held[i] = cpu->held[i + 1];
		break;
	}
	lockdep_irq_enable(irqs_on);
}

void lockdep_set_class_and_name(spinlock_t *lock, struct lock_class_key *key,
				const char *name)
{
	lock->key = key;
	lock->name = name;
	lock->class_cache = NULL;
}

void lockdep_hardirq_enter(void)
{
	this_cpu_ptr(&lockdep_cpu)->hardirq++;
}

void lockdep_hardirq_exit(void)
{
	this_cpu_ptr(&lockdep_cpu)->hardirq--;
}

unsigned long lockdep_context_save(void)
{
	struct lockdep_cpu *cpu = this_cpu_ptr(&lockdep_cpu);

	/* Bits 0-15 depth, 16-23 hardirq, 24-31 recursion. */
	return cpu->depth | (cpu->hardirq & 0xff) << 16 |
	       (cpu->recursion & 0xff) << 24;
}

void lockdep_context_restore(unsigned long context)
{
	struct lockdep_cpu *cpu = this_cpu_ptr(&lockdep_cpu);
	unsigned long flags = local_irq_save();

	if (cpu->depth > (context & 0xffff))
		cpu->depth = context & 0xffff;
	cpu->hardirq = context >> 16 & 0xff;
	/* Left from inside lock_acquire() (a fault): checking goes on. */
	cpu->recursion = context >> 24;
	local_irq_restore(flags);
}

bool lockdep_in_checker(void)
{
	return this_cpu_ptr(&lockdep_cpu)->recursion != 0;
}

struct lockdep_graph *lockdep_swap_graph(struct lockdep_graph *g)
{
	struct lockdep_cpu *cpu = this_cpu_ptr(&lockdep_cpu);
	struct lockdep_graph *old = cpu->graph;

	cpu->graph = g;
	return old;
}

bool lockdep_run_failed(void)
{
	struct lockdep_graph *g = &lockdep_boot_graph;
	unsigned int safe = 0, unsafe = 0;

	for (unsigned int c = 0; c < g->nr_classes; c++) {
		safe += g->classes[c].usage >> LOCK_USED_IN_HARDIRQ & 1;
		unsafe += g->classes[c].usage >> LOCK_ENABLED_HARDIRQ & 1;
	}
	pr_info("lockdep: %u lock classes (%u HARDIRQ-safe, %u HARDIRQ-unsafe), %u dependencies, at most %u locks held, %u reports, %u outside ktest cases%s\n",
		g->nr_classes, safe, unsafe, g->nr_edges, g->max_depth,
		__atomic_load_n(&g->reports, __ATOMIC_RELAXED),
		__atomic_load_n(&g->reports_outside, __ATOMIC_RELAXED),
		g->off ? ", checking turned off" : "");
	return __atomic_load_n(&g->reports_outside, __ATOMIC_RELAXED) != 0;
}
