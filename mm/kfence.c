// SPDX-License-Identifier: GPL-2.0
/*
 * KFENCE: a sampling guard-page checker in front of every heap backend,
 * after Linux's mm/kfence/ (Marco Elver, Alexander Potapenko, 2021; its
 * design: Documentation/dev-tools/kfence.rst of Linux) and the electric
 * fence idea before it (Bruce Perens, 1987).
 *
 * The pool is 2 * CONFIG_KFENCE_NUM_OBJECTS + 1 pages of lowmem taken at
 * boot with alloc_pages(), so that its addresses stay in the identity map
 * and virt_to_page() works on its objects, as Linux keeps its pool in the
 * direct map. The identity map uses 4 MiB pages; kfence_init() splits the
 * ones that cover the pool into 4 KiB page tables (Linux's
 * arch_kfence_init_pool()), so each pool page can be unmapped alone:
 *
 *	| guard | object 0 | guard | object 1 | guard | ... | object N-1 | guard |
 *
 * Guard pages are never mapped. An object page is mapped while its object
 * is live and unmapped once it is freed. An object sits against the end of
 * its page or against its start, in turn, so an overflow or an underflow
 * reaches a guard page at once; the bytes of the page around the object
 * are a canary (a pattern tied to their address), checked when the object
 * is freed, which catches the writes past the end that stay in the page
 * (up to alignment - 1 bytes).
 *
 * Sampling: kmalloc() and kmem_cache_alloc() count down from
 * kfence.sample_interval (allocations; Linux counts milliseconds with a
 * timer, which would make kmlab's runs irreproducible); the allocation
 * that reaches 0 takes a free slot, if any, else goes to the backend.
 * Slots are reused oldest-freed first (a FIFO, as Linux's freelist), so a
 * freed object's page stays unmapped as long as possible.
 *
 * A page fault in the pool that demand paging did not serve comes to
 * kfence_handle_page_fault(): a guard page is an out-of-bounds access of
 * the nearer live neighbour, a freed object's page a use after free. The
 * report names the access, the object and who allocated and freed it:
 * the caller of kmalloc()/kfree() and up to KFENCE_STACK_DEPTH frames
 * above it, saved at the allocation and the free by a frame-pointer walk
 * (stack_trace_save(): a few loads per frame, on sampled objects only;
 * Linux saves up to 64 frames with its stack depot);
 * then the page is mapped again and the access goes on, as in Linux (the
 * next allocation of a neighbouring slot unmaps its guard pages again).
 *
 * Locking, as Linux's: kfence_freelist_lock guards the list of free
 * slots; each slot's lock (Linux's meta->lock) guards its state, object
 * and callers between an allocation, a free and a fault report, which may
 * run on different CPUs at once; the counters are atomic. So KFENCE needs
 * nothing of heap_lock (the hooks in mm/kmalloc.c may run under it or
 * not). The locks are taken with interrupts off: a page fault handler
 * takes a slot's lock.
 *
 * TLB: a page made present needs no flush anywhere (x86 caches no
 * not-present translation; the local one is dropped all the same). A page
 * made not present (a freed object, a guard page mapped again by a
 * report) may still be in another CPU's TLB, which would let a use after
 * free there go through unseen; flush_tlb_kernel_range() shoots it down
 * on every CPU. That happens with interrupts off (in the fault handler,
 * under a slot's lock, perhaps under heap_lock while another CPU spins
 * on heap_lock with interrupts off): safe because the shootdown is sent
 * by NMI, which those CPUs take all the same (arch/i386/mm/tlb.c). Linux
 * avoids the IPI instead and flushes only the local TLB (x86's
 * kfence_protect_page(): "best-effort"), accepting misses on other CPUs.
 */
#include <kmlab/kfence.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/gfp.h>
#include <kmlab/pgtable.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/init.h>
#include <kmlab/param.h>
#include <kmlab/list.h>
#include <kmlab/errno.h>
#include <kmlab/stacktrace.h>
#include <ktest/test-bug.h>
#include "internal.h"

#define KFENCE_NR CONFIG_KFENCE_NUM_OBJECTS
#define KFENCE_POOL_PAGES (2 * KFENCE_NR + 1)
#define KFENCE_CANARY 0xaa
/* Frames kept above the caller of each allocation and free. */
#define KFENCE_STACK_DEPTH 8

/**
 * enum kfence_state - the life of a pool slot
 * @KFENCE_UNUSED: never allocated (its page unmapped)
 * @KFENCE_ALLOCATED: holds a live object (its page mapped)
 * @KFENCE_FREED: its object was freed (its page unmapped)
 */
enum kfence_state { KFENCE_UNUSED, KFENCE_ALLOCATED, KFENCE_FREED };

/**
 * struct kfence_metadata - one slot of the pool
 * @addr: the object's address (within the slot's page)
 * @size: the bytes requested
 * @cache: the kmem_cache, NULL for kmalloc() or after the cache was
 *	destroyed
 * @state: see enum kfence_state
 * @alloc_caller: who allocated the object last
 * @free_caller: who freed it last (0 while allocated)
 * @alloc_stack: return addresses above @alloc_caller, innermost first
 * @free_stack: the same above @free_caller
 * @alloc_nr: entries in @alloc_stack
 * @free_nr: entries in @free_stack
 * @list: on kfence_freelist while not allocated (kfence_freelist_lock)
 * @lock: guards the fields above but @list, and the page's protection
 */
struct kfence_metadata {
	unsigned long addr;
	size_t size;
	struct kmem_cache *cache;
	enum kfence_state state;
	unsigned long alloc_caller;
	unsigned long free_caller;
	unsigned long alloc_stack[KFENCE_STACK_DEPTH];
	unsigned long free_stack[KFENCE_STACK_DEPTH];
	unsigned int alloc_nr, free_nr;
	struct list_head list;
	spinlock_t lock;
};

unsigned long __kfence_pool_start, __kfence_pool_end;

/* Allocations between two samples; 0 disables KFENCE. */
unsigned long kfence_sample_interval = CONFIG_KFENCE_SAMPLE_INTERVAL;
kernel_param("kfence.sample_interval", kfence_sample_interval, ulong,
	     "KFENCE: sample one kmalloc/kmem_cache_alloc in every N (0: off)");
/* Allocations left until the next sample. */
unsigned long kfence_countdown = CONFIG_KFENCE_SAMPLE_INTERVAL;

static struct kfence_metadata kfence_metadata[KFENCE_NR];
static LIST_HEAD(kfence_freelist);
static DEFINE_SPINLOCK(kfence_freelist_lock);
static unsigned long kfence_reports;
/* KFENCE's objects, apart from the backend's kmalloc_stats (mm/report.c). */
static unsigned long kfence_allocs, kfence_frees, kfence_live_bytes;
static unsigned int kfence_quiet;
static unsigned int kfence_placement;

void kfence_set_sample_interval(unsigned long interval)
{
	kfence_sample_interval = interval;
	kfence_countdown = interval;
}

void kfence_disable_current(void)
{
	kfence_quiet++;
}

void kfence_enable_current(void)
{
	kfence_quiet--;
}

unsigned long kfence_report_count(void)
{
	return __atomic_load_n(&kfence_reports, __ATOMIC_RELAXED);
}

/* The counters change on any CPU: atomic adds. */
static void counter_add(unsigned long *counter, long delta)
{
	__atomic_fetch_add(counter, delta, __ATOMIC_RELAXED);
}

void kfence_add_stats(struct kmalloc_stats *st)
{
	st->nr_allocs += kfence_allocs;
	st->nr_frees += kfence_frees;
	st->live_objects += kfence_allocs - kfence_frees;
	st->live_bytes += kfence_live_bytes;
}

static unsigned long slot_page(unsigned int i)
{
	return __kfence_pool_start + (2 * i + 1) * PAGE_SIZE;
}

static pte_t *pool_pte(unsigned long addr)
{
	unsigned int level;

	return lookup_address(addr, &level);
}

/*
 * Map (@present) or unmap one pool page, Linux's kfence_protect_page():
 * an unmapped page is shot down on every CPU, a mapped one only here
 * (see the top of the file).
 */
static void set_page_present(unsigned long addr, bool present)
{
	pte_t *pte = pool_pte(addr);
	unsigned long v = pte_val(*pte);

	/* As it is already (a guard page): no change, no shootdown. */
	if (!!(v & _PAGE_PRESENT) == present)
		return;
	v = present ? v | _PAGE_PRESENT : v & ~_PAGE_PRESENT;
	set_pte(pte, __pte(v));
	if (present)
		flush_tlb_one_kernel(addr);
	else
		flush_tlb_kernel_range(addr, addr + PAGE_SIZE);
}

static u8 canary_at(unsigned long addr)
{
	return KFENCE_CANARY ^ (u8)(addr & 7);
}

/* Fill [start, end) with the canary; return the first wrong byte or 0. */
static unsigned long canary(unsigned long start, unsigned long end, bool fill)
{
	for (unsigned long a = start; a < end; a++) {
		if (fill)
			*(u8 *)a = canary_at(a);
		else if (*(u8 *)a != canary_at(a))
			return a;
	}
	return 0;
}

static const char *cache_name(const struct kfence_metadata *m)
{
	return m->cache ? m->cache->name : "kmalloc";
}

/*
 * The frames above @caller on this CPU's stack into @stack (at most
 * KFENCE_STACK_DEPTH). Return: how many; 0 when @caller is not on the
 * chain (a tail call), rather than KFENCE's own frames.
 */
static unsigned int save_callers(unsigned long *stack, unsigned long caller)
{
	unsigned long raw[KFENCE_STACK_DEPTH + 8];
	unsigned int n = stack_trace_save(raw, ARRAY_SIZE(raw), 0), i = 0;

	while (i < n && raw[i] != caller)
		i++;
	if (i == n)
		return 0;
	n = min(n - i - 1, (unsigned int)KFENCE_STACK_DEPTH);
	memcpy(stack, raw + i + 1, n * sizeof(*stack));
	return n;
}

static void print_stack(const unsigned long *stack, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		pr_err(" %pS\n", (void *)stack[i]);
}

static void print_object(const struct kfence_metadata *m)
{
	pr_err("kfence-#%td: 0x%08lx-0x%08lx, size=%zu, cache=%s\n",
	       m - kfence_metadata, m->addr, m->addr + m->size - 1, m->size,
	       cache_name(m));
	pr_err("allocated by %pS\n", (void *)m->alloc_caller);
	print_stack(m->alloc_stack, m->alloc_nr);
	if (m->state == KFENCE_FREED) {
		pr_err("freed by %pS\n", (void *)m->free_caller);
		print_stack(m->free_stack, m->free_nr);
	}
}

/* Count a report; fail the running ktest case unless reports are expected. */
static void report_start(const char *what, unsigned long ip)
{
	counter_add(&kfence_reports, 1);
	pr_err("==================================================================\n");
	pr_err("BUG: KFENCE: %s in %pS\n", what, (void *)ip);
	if (!kfence_quiet)
		__ktest_fail_current_test(NULL, 0, "BUG: KFENCE: %s in %pS",
					  what, (void *)ip);
}

static void report_end(void)
{
	pr_err("==================================================================\n");
}

static struct kfence_metadata *slot_of(unsigned long addr)
{
	unsigned long page = (addr - __kfence_pool_start) / PAGE_SIZE;

	if (!is_kfence_address((void *)addr) || !(page & 1))
		return NULL;
	return &kfence_metadata[page / 2];
}

void *__kfence_alloc(struct kmem_cache *s, size_t size, size_t align, gfp_t gfp,
		     unsigned long caller)
{
	struct kfence_metadata *m = NULL;
	unsigned long page, addr, flags;
	unsigned int i;

	if (!size || size > PAGE_SIZE)
		return NULL;
	spin_lock_irqsave(&kfence_freelist_lock, flags);
	if (!list_empty(&kfence_freelist)) {
		m = list_first_entry(&kfence_freelist, struct kfence_metadata,
				     list);
		list_del(&m->list);
	}
	spin_unlock_irqrestore(&kfence_freelist_lock, flags);
	if (!m)
		return NULL;
	i = m - kfence_metadata;
	page = slot_page(i);
	/* Against the end of the page, or its start, in turn. */
	addr = (__atomic_fetch_add(&kfence_placement, 1, __ATOMIC_RELAXED) &
		1) ?
		       page :
		       ALIGN_DOWN(page + PAGE_SIZE - size, align);
	spin_lock_irqsave(&m->lock, flags);
	m->addr = addr;
	m->size = size;
	m->cache = s;
	m->state = KFENCE_ALLOCATED;
	m->alloc_caller = caller;
	m->alloc_nr = save_callers(m->alloc_stack, caller);
	m->free_caller = 0;
	m->free_nr = 0;
	/* A guard page a fault mapped again is a guard page again. */
	set_page_present(page - PAGE_SIZE, false);
	set_page_present(page + PAGE_SIZE, false);
	set_page_present(page, true);
	canary(page, addr, true);
	canary(addr + size, page + PAGE_SIZE, true);
	spin_unlock_irqrestore(&m->lock, flags);
	/* Constructed, then zeroed, as the backends' kmem_cache_zalloc(). */
	if (s && s->ctor)
		s->ctor((void *)addr);
	if (gfp & __GFP_ZERO)
		memset((void *)addr, 0, size);
	counter_add(&kfence_allocs, 1);
	counter_add(&kfence_live_bytes, size);
	return (void *)addr;
}

/*
 * The live object at @addr, its lock held (@flags for the unlock), or
 * NULL after a bad-input report.
 */
static struct kfence_metadata *live_object(const void *addr, const char *op,
					   unsigned long caller,
					   unsigned long *flags)
{
	struct kfence_metadata *m = slot_of((unsigned long)addr);

	if (m)
		spin_lock_irqsave(&m->lock, *flags);
	if (m && m->state == KFENCE_ALLOCATED && m->addr == (unsigned long)addr)
		return m;
	if (m && m->state == KFENCE_FREED && m->addr == (unsigned long)addr)
		kmalloc_report_bad("double free", addr, caller);
	else
		kmalloc_report_bad(op, addr, caller);
	counter_add(&kfence_reports, 1);
	if (m && m->state != KFENCE_UNUSED) {
		pr_err("BUG: KFENCE: invalid %s of kfence-#%td\n",
		       m->state == KFENCE_FREED ? "free" : "pointer",
		       m - kfence_metadata);
		print_object(m);
	}
	if (m)
		spin_unlock_irqrestore(&m->lock, *flags);
	return NULL;
}

void kfence_free(const void *addr, struct kmem_cache *s, unsigned long caller)
{
	unsigned long page, bad, flags;
	struct kfence_metadata *m =
		live_object(addr, "free of a pointer kmalloc did not return",
			    caller, &flags);

	if (!m)
		return;
	if (s && s != m->cache) {
		kmalloc_report_bad("free to the wrong cache", addr, caller);
		spin_unlock_irqrestore(&m->lock, flags);
		return;
	}
	page = m->addr & PAGE_MASK;
	bad = canary(page, m->addr, false);
	if (!bad)
		bad = canary(m->addr + m->size, page + PAGE_SIZE, false);
	m->state = KFENCE_FREED;
	m->free_caller = caller;
	m->free_nr = save_callers(m->free_stack, caller);
	if (bad) {
		report_start("memory corruption", caller);
		pr_err("Corrupted memory at 0x%08lx (%ld bytes %s kfence-#%td)\n",
		       bad,
		       bad < m->addr ? (long)(m->addr - bad) :
				       (long)(bad - (m->addr + m->size) + 1),
		       bad < m->addr ? "before" : "after", m - kfence_metadata);
		print_object(m);
		report_end();
	}
	set_page_present(page, false);
	counter_add(&kfence_frees, 1);
	counter_add(&kfence_live_bytes, -(long)m->size);
	spin_unlock_irqrestore(&m->lock, flags);
	spin_lock_irqsave(&kfence_freelist_lock, flags);
	list_add_tail(&m->list, &kfence_freelist);
	spin_unlock_irqrestore(&kfence_freelist_lock, flags);
}

size_t kfence_ksize(const void *addr, unsigned long caller)
{
	unsigned long flags;
	struct kfence_metadata *m = live_object(addr, "ksize", caller, &flags);
	size_t size;

	if (!m)
		return 0;
	size = m->size;
	spin_unlock_irqrestore(&m->lock, flags);
	return size;
}

/* The live neighbour of guard page @page nearer to @addr, or NULL. */
static struct kfence_metadata *guard_owner(unsigned long page,
					   unsigned long addr, bool *left_side)
{
	struct kfence_metadata *left, *right;

	/* Unlocked reads, as Linux's: the caller locks and checks again. */
	left = page ? &kfence_metadata[page / 2 - 1] : NULL;
	right = page / 2 < KFENCE_NR ? &kfence_metadata[page / 2] : NULL;
	if (left &&
	    __atomic_load_n(&left->state, __ATOMIC_RELAXED) != KFENCE_ALLOCATED)
		left = NULL;
	if (right && __atomic_load_n(&right->state, __ATOMIC_RELAXED) !=
			     KFENCE_ALLOCATED)
		right = NULL;
	if (left && right &&
	    addr - (left->addr + left->size) > right->addr - addr)
		left = NULL;
	*left_side = left;
	return left ? left : right;
}

bool kfence_handle_page_fault(unsigned long addr, bool write, unsigned long ip)
{
	unsigned long page, rel, flags = 0;
	struct kfence_metadata *m;
	const char *rw = write ? "write" : "read";
	bool left;
	char what[48];

	if (!is_kfence_address((void *)addr))
		return false;
	page = (addr - __kfence_pool_start) / PAGE_SIZE;
	m = slot_of(addr);
	if (m) {
		spin_lock_irqsave(&m->lock, flags);
		if (m->state == KFENCE_ALLOCATED) {
			/* Allocated again on another CPU meanwhile: retry. */
			bool mapped = pte_present(*pool_pte(addr));

			spin_unlock_irqrestore(&m->lock, flags);
			return mapped;
		}
		snprintf(what, sizeof(what), "use-after-free %s", rw);
		report_start(what, ip);
		pr_err("Use-after-free %s at 0x%08lx (in kfence-#%td)\n", rw,
		       addr, m - kfence_metadata);
		print_object(m);
	} else {
		/* A guard page: the access went past the nearer live object. */
		m = guard_owner(page, addr, &left);
		if (m) {
			spin_lock_irqsave(&m->lock, flags);
			if (m->state != KFENCE_ALLOCATED) {
				spin_unlock_irqrestore(&m->lock, flags);
				m = NULL;
			}
		}
		snprintf(what, sizeof(what), "out-of-bounds %s", rw);
		report_start(what, ip);
		if (m) {
			/* 1B: the byte just past the object's end or start. */
			rel = left ? addr - (m->addr + m->size) + 1 :
				     m->addr - addr;
			pr_err("Out-of-bounds %s at 0x%08lx (%luB %s of kfence-#%td)\n",
			       rw, addr, rel, left ? "right" : "left",
			       m - kfence_metadata);
			print_object(m);
		} else {
			pr_err("Out-of-bounds %s at 0x%08lx (no live object beside it)\n",
			       rw, addr);
		}
	}
	report_end();
	/* Let the access go on, as Linux's kfence_unprotect(). */
	set_page_present(addr & PAGE_MASK, true);
	if (m)
		spin_unlock_irqrestore(&m->lock, flags);
	return true;
}

unsigned int kfence_shutdown_cache(struct kmem_cache *s)
{
	unsigned int live = 0;

	for (unsigned int i = 0; i < KFENCE_NR; i++) {
		struct kfence_metadata *m = &kfence_metadata[i];

		if (m->cache == s && m->state == KFENCE_ALLOCATED) {
			pr_err("kfence: kmem_cache_destroy(%s): kfence-#%u still allocated by %pS\n",
			       s->name, i, (void *)m->alloc_caller);
			live++;
		}
	}
	if (live)
		return live;
	/* Freed objects name no cache once it is gone. */
	for (unsigned int i = 0; i < KFENCE_NR; i++)
		if (kfence_metadata[i].cache == s)
			kfence_metadata[i].cache = NULL;
	return 0;
}

/*
 * Make the identity map's 4 MiB page at @addr a page table of 1024 ptes
 * mapping the same memory, so its pages can be unmapped one by one.
 */
static int split_large_page(unsigned long addr)
{
	pgd_t *pgd = pgd_offset_k(addr);
	unsigned long base = addr & PGDIR_MASK, flags;
	pte_t *table;

	if (!pgd_large(*pgd))
		return 0;
	table = (pte_t *)get_zeroed_page(GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	flags = pgd_val(*pgd) & (PAGE_SIZE - 1) & ~_PAGE_PSE;
	for (unsigned int i = 0; i < PTRS_PER_PTE; i++)
		table[i] = __pte((base + i * PAGE_SIZE) | flags);
	set_pgd(pgd, __pgd((unsigned long)table | _KERNPG_TABLE));
	flush_tlb_all();
	return 0;
}

static int __init kfence_init(void)
{
	unsigned int order = 0;
	unsigned long pool;

	while ((PAGE_SIZE << order) < KFENCE_POOL_PAGES * PAGE_SIZE)
		order++;
	pool = __get_free_pages(GFP_KERNEL, order);
	if (!pool || split_large_page(pool) ||
	    split_large_page(pool + KFENCE_POOL_PAGES * PAGE_SIZE - 1)) {
		pr_err("kfence: no memory for the pool of %u pages: KFENCE is off\n",
		       KFENCE_POOL_PAGES);
		kfence_sample_interval = 0;
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < KFENCE_POOL_PAGES; i++)
		set_page_present(pool + i * PAGE_SIZE, false);
	for (unsigned int i = 0; i < KFENCE_NR; i++) {
		spin_lock_init(&kfence_metadata[i].lock);
		list_add_tail(&kfence_metadata[i].list, &kfence_freelist);
	}
	__kfence_pool_end = pool + KFENCE_POOL_PAGES * PAGE_SIZE;
	__kfence_pool_start = pool;
	kfence_countdown = kfence_sample_interval;
	pr_info("kfence: %u objects in a pool of %u pages at 0x%08lx, one allocation in %lu sampled\n",
		KFENCE_NR, KFENCE_POOL_PAGES, pool, kfence_sample_interval);
	return 0;
}
subsys_initcall(kfence_init);
