// SPDX-License-Identifier: GPL-2.0
/*
 * The "kmalloc_smp" ktest suite: every online CPU hammers the heap at
 * once, whatever the backend (Documentation/core-api/smp.rst, "The heap
 * lock").
 *
 * Each CPU (ktest_run_on_each_cpu()) runs a pseudo-random mix of
 * kmalloc() of 16 bytes to two pages, kmem_cache_alloc() from a shared
 * cache and alloc_pages() of order 0 and 1, keeps up to SLOTS objects,
 * and frees each one either itself or on the next CPU: it hands the
 * object over through that CPU's queue (a spinlock_t-protected ring),
 * and every CPU frees what its queue holds. Every object is written
 * from end to end: a stamp at its start (a serial number unique to the
 * allocation, its kind and size, a check word tied to its address), the
 * check word inverted in its last word, a pattern of the serial in one
 * word of every 64 bytes in between.
 * Whoever frees it checks all of it against the serial it was given, so
 * an object handed out twice while live or overwritten by another CPU
 * fails the case with the CPU number; a lost one shows in the
 * statistics: afterwards the heap validates and the statistics add up
 * exactly (as many allocations and frees as the CPUs counted, the live
 * objects and bytes where they were).
 *
 * kmalloc_smp.ops= sets the operation count (allocations plus frees, all
 * CPUs together; default 20000, so that every defconfig boot, "make run"
 * on 2 CPUs included, stays short on the one-lock backends); make check
 * asks for more where it runs the suite under QEMU's multi-threaded TCG,
 * where the CPUs really run at the same time, at -smp 2 and 4
 * (Documentation/core-api/smp.rst, "Tests").
 */
#include <ktest.h>
#include <kmlab/slab.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/random.h>
#include <kmlab/smp.h>
#include <kmlab/spinlock.h>
#include <kmlab/printk.h>
#include <kmlab/param.h>
#include <kmlab/unaligned.h>
#include "internal.h"

/* Operations per case, all CPUs together (allocations plus frees). */
#define KMALLOC_SMP_OPS KMALLOC_TEST_OPS(20000)
/* Objects a CPU keeps live at most. */
#define SLOTS 32
/* Objects a queue holds at most. */
#define QLEN 64

#define STAMP_MAGIC 0x5a17c0deu
/*
 * The pattern fills one word every FILL_STEP bytes (one per 64-byte
 * cache line): writing and checking every word was 3 in 4 of the
 * suite's instructions (TLSF under -icount, kmalloc_smp.ops=200000: 2210
 * instructions per operation, 498 with this step), too slow for 10^6
 * operations per backend in make check.
 */
#define FILL_STEP 64

enum obj_kind { OBJ_KMALLOC, OBJ_CACHE, OBJ_PAGES };

/* The stamp at the start of every object; ~check is its last word. */
struct stamp {
	u32 check; /* STAMP_MAGIC ^ address ^ serial ^ info */
	u32 serial; /* cpu << 24 | allocation number on that CPU */
	u32 info; /* kind << 28 | size in bytes */
};

struct held {
	void *p;
	u32 serial;
};

struct xfer_queue {
	spinlock_t lock;
	unsigned int head, count;
	struct held obj[QLEN];
};

struct smp_run {
	struct kmem_cache *cache;
	unsigned long ops_per_cpu;
	unsigned int max_size; /* largest kmalloc size, bytes */
	unsigned long allocs[CONFIG_NR_CPUS];
	unsigned long frees[CONFIG_NR_CPUS];
	unsigned long handed[CONFIG_NR_CPUS];
	struct xfer_queue q[CONFIG_NR_CPUS];
};

static struct smp_run run;

static unsigned long smp_ops = KMALLOC_SMP_OPS;
kernel_param_range("kmalloc_smp.ops", smp_ops, ulong, 1000, 100000000,
		   "operations of kmalloc_smp_churn, all CPUs (1000-100000000)");

#define CACHE_OBJ_SIZE 96

static size_t obj_size(u32 info)
{
	return info & 0x0fffffff;
}

/* The object's last four bytes: unaligned when @size is not a multiple of 4. */
static u32 *tail_word(void *p, size_t size)
{
	return (u32 *)((char *)p + size - 4);
}

static void stamp(void *p, u32 serial, enum obj_kind kind, size_t size)
{
	struct stamp *s = p;

	s->serial = serial;
	s->info = (u32)kind << 28 | (u32)size;
	s->check = STAMP_MAGIC ^ (u32)(unsigned long)p ^ serial ^ s->info;
	put_unaligned(~s->check, tail_word(p, size));
	for (size_t i = FILL_STEP; i + 8 <= size; i += FILL_STEP)
		*(u32 *)((char *)p + i) = serial ^ i;
}

/* The offset of the first word of @p's fill that differs, or 0. */
static size_t fill_damaged(const void *p, u32 serial, size_t size)
{
	for (size_t i = FILL_STEP; i + 8 <= size; i += FILL_STEP)
		if (*(const u32 *)((const char *)p + i) != (serial ^ i))
			return i;
	return 0;
}

/*
 * Check @h's stamp and free it. Return: 0, or 1 after describing the
 * damage in @msg (the object is then leaked: it cannot be trusted).
 */
static unsigned long check_and_free(struct held *h, unsigned int cpu, char *msg)
{
	struct stamp *s = h->p;
	u32 info = s->info;
	size_t size = obj_size(info), at;

	if (s->serial != h->serial || size < sizeof(*s) ||
	    s->check != (STAMP_MAGIC ^ (u32)(unsigned long)h->p ^ h->serial ^
			 info) ||
	    get_unaligned(tail_word(h->p, size)) != ~s->check) {
		snprintf(msg, KTEST_CPU_MSG_SIZE,
			 "object %p of serial %#x holds serial %#x", h->p,
			 h->serial, s->serial);
		return 1;
	}
	at = fill_damaged(h->p, h->serial, size);
	if (at) {
		snprintf(msg, KTEST_CPU_MSG_SIZE,
			 "object %p of serial %#x overwritten at +%zu", h->p,
			 h->serial, at);
		return 1;
	}
	switch (info >> 28) {
	case OBJ_KMALLOC:
		kfree(h->p);
		break;
	case OBJ_CACHE:
		kmem_cache_free(run.cache, h->p);
		break;
	default:
		free_pages((unsigned long)h->p, size > PAGE_SIZE);
	}
	run.frees[cpu]++;
	return 0;
}

static bool queue_push(struct xfer_queue *q, struct held h)
{
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&q->lock, flags);
	if (q->count < QLEN) {
		q->obj[(q->head + q->count++) % QLEN] = h;
		ok = true;
	}
	spin_unlock_irqrestore(&q->lock, flags);
	return ok;
}

static bool queue_pop(struct xfer_queue *q, struct held *h)
{
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&q->lock, flags);
	if (q->count) {
		*h = q->obj[q->head];
		q->head = (q->head + 1) % QLEN;
		q->count--;
		ok = true;
	}
	spin_unlock_irqrestore(&q->lock, flags);
	return ok;
}

/* One new object of a random kind and size, stamped; false when OOM. */
static bool alloc_one(struct held *h, unsigned int cpu, u32 serial,
		      struct rnd_state *rnd)
{
	u32 r = prandom_u32_state(rnd);
	enum obj_kind kind = r % 16 < 12 ? OBJ_KMALLOC :
			     r % 16 < 15 ? OBJ_CACHE :
					   OBJ_PAGES;
	size_t size;

	if (kind == OBJ_KMALLOC) {
		/* Mostly small, a few up to run.max_size. */
		size = (r >> 8) % 8 ? 16 + (r >> 12) % 240 :
				      16 + (r >> 12) % (run.max_size - 15);
		h->p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	} else if (kind == OBJ_CACHE) {
		size = CACHE_OBJ_SIZE;
		h->p = kmem_cache_alloc(run.cache, GFP_KERNEL | __GFP_NOWARN);
	} else {
		unsigned int order = (r >> 8) & 1;

		size = PAGE_SIZE << order;
		h->p = (void *)__get_free_pages(GFP_KERNEL | __GFP_NOWARN,
						order);
	}
	if (!h->p)
		return false;
	h->serial = serial;
	stamp(h->p, serial, kind, size);
	run.allocs[cpu]++;
	return true;
}

static unsigned long churn_on_cpu(void *arg, unsigned int cpu, char *msg)
{
	unsigned int next = cpu + 1, n = num_online_cpus();
	struct held slot[SLOTS] = {};
	unsigned long failures = 0, i;
	struct rnd_state rnd;
	struct held h;
	u32 serial = (u32)cpu << 24;

	prandom_seed_state(&rnd, 0x19 + cpu);
	while (next < CONFIG_NR_CPUS && !cpu_online(next))
		next++;
	if (next >= CONFIG_NR_CPUS)
		next = 0; /* the CPU after the last online one is CPU 0 */
	for (i = 0; run.allocs[cpu] + run.frees[cpu] < run.ops_per_cpu; i++) {
		struct held *s = &slot[prandom_u32_below(&rnd, SLOTS)];

		if (queue_pop(&run.q[cpu], &h))
			failures += check_and_free(&h, cpu, msg);
		if (!s->p) {
			if (!alloc_one(s, cpu, ++serial, &rnd)) {
				snprintf(msg, KTEST_CPU_MSG_SIZE,
					 "out of memory at allocation %u",
					 serial & 0xffffff);
				failures++;
				break;
			}
		} else if (n > 1 && i % 2 && queue_push(&run.q[next], *s)) {
			run.handed[cpu]++;
			s->p = NULL;
		} else {
			failures += check_and_free(s, cpu, msg);
			s->p = NULL;
		}
	}
	for (i = 0; i < SLOTS; i++)
		if (slot[i].p)
			failures += check_and_free(&slot[i], cpu, msg);
	return failures;
}

/*
 * With CONFIG_LOCK_STAT, print heap_lock's acquisitions, contended
 * acquisitions and wait-loop turns since @before (Documentation/core-api/
 * smp.rst, "Tests", divides them by the operations).
 */
static void heap_lock_report(struct ktest *test, struct lock_stat before)
{
#ifdef CONFIG_LOCK_STAT
	struct lock_stat now = spin_lock_stat(&heap_lock);

	ktest_printk(test,
		     "heap_lock: %lu acquisitions, %lu contended, %lu spins",
		     now.acquisitions - before.acquisitions,
		     now.contentions - before.contentions,
		     now.spins - before.spins);
#endif
}

static void kmalloc_smp_churn(struct ktest *test)
{
	unsigned long allocs = 0, frees = 0, handed = 0, drained = 0;
	struct kmalloc_stats before, after;
	unsigned int cpu, n = num_online_cpus();
	char msg[KTEST_CPU_MSG_SIZE];
	struct lock_stat locks = {};
	struct held h;

	memset(&run, 0, sizeof(run));
	run.max_size = 2 * PAGE_SIZE;
	run.ops_per_cpu = smp_ops / n;
	if (!backend_info.reuses_memory) {
		/* bump never reuses: stay far below the heap's size. */
		run.ops_per_cpu /= 20;
		run.max_size = 256;
	}
	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		spin_lock_init(&run.q[cpu].lock);
	run.cache =
		kmem_cache_create("kmalloc_smp", CACHE_OBJ_SIZE, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(test, run.cache);
	kmalloc_get_stats(&before);
#ifdef CONFIG_LOCK_STAT
	locks = spin_lock_stat(&heap_lock);
#endif

	ktest_run_on_each_cpu(test, churn_on_cpu, NULL);
	heap_lock_report(test, locks);

	/* What the last hand-overs left in the queues, freed here. */
	for_each_online_cpu(cpu) while (queue_pop(&run.q[cpu], &h))
	{
		msg[0] = '\0';
		KTEST_EXPECT_EQ_MSG(test, check_and_free(&h, 0, msg), 0, "%s",
				    msg);
		drained++;
	}
	for_each_online_cpu(cpu)
	{
		allocs += run.allocs[cpu];
		frees += run.frees[cpu];
		handed += run.handed[cpu];
	}
	kmalloc_get_stats(&after);
	ktest_printk(
		test,
		"%u CPUs: %lu allocations, %lu frees, %lu handed to another CPU (%lu freed after the run)",
		n, allocs, frees, handed, drained);
	KTEST_EXPECT_EQ(test, allocs, frees);
	KTEST_EXPECT_GE(test, allocs + frees, run.ops_per_cpu * n);
	if (n > 1)
		KTEST_EXPECT_GT(test, handed, 0);
	KTEST_EXPECT_EQ(test, after.nr_allocs - before.nr_allocs, allocs);
	KTEST_EXPECT_EQ(test, after.nr_frees - before.nr_frees, frees);
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	KTEST_EXPECT_EQ(test, after.failed_allocs, before.failed_allocs);
	KTEST_EXPECT_EQ(test, after.bad_input, before.bad_input);
	KTEST_EXPECT_EQ(test, kmalloc_validate(), 0);
	kmem_cache_destroy(run.cache);
}

/* Guest seconds the case may take per 10^6 operations (and at least). */
#define SMP_TIMEOUT_PER_MOPS 60

static struct ktest_case kmalloc_smp_cases[] = {
	/* 600000 operations took 4.1 s of guest time at -smp 2, load 3. */
	KTEST_CASE_TIMEOUT(kmalloc_smp_churn, SMP_TIMEOUT_PER_MOPS),
	{}
};

/*
 * A run of kmalloc_smp.ops=10^7 (the one-off figure) needs more
 * than the 60 s that 10^6 operations get: the timeout grows with the
 * operations.
 */
static int kmalloc_smp_suite_init(struct ktest_suite *suite)
{
	unsigned long mops = DIV_ROUND_UP(smp_ops, 1000000);

	kmalloc_smp_cases[0].timeout = SMP_TIMEOUT_PER_MOPS * mops;
	return 0;
}

static struct ktest_suite kmalloc_smp_suite = {
	.name = "kmalloc_smp",
	.suite_init = kmalloc_smp_suite_init,
	.cases = kmalloc_smp_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(kmalloc_smp_suite);
