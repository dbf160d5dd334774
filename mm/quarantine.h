/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The delayed-reuse quarantine (CONFIG_KMALLOC_QUARANTINE, mm/quarantine.c)
 * as mm/kmalloc.c drives it: Documentation/mm/hardening.rst.
 */
#ifndef _MM_QUARANTINE_H
#define _MM_QUARANTINE_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>

struct kmem_cache;

/**
 * struct quarantine_entry - one freed object waiting in the quarantine
 * @p: the object, as the caller of kfree() or kmem_cache_free() gave it
 * @s: its emulated kmem_cache, or NULL for an object kfree() frees
 * @bytes: what the backend counts for it in live_bytes (its block's usable
 *         bytes), taken out of the statistics while it waits
 * @caller: return address of the free's caller, for the report of a write
 *          after free found when it leaves
 * @word: the object's first word, which the mark replaces while it waits
 *        (put back when it leaves: a constructed object keeps its state)
 * @written: set by quarantine_take(): the mark was overwritten, a write
 *           after free (the first word is then left as the writer left it)
 */
struct quarantine_entry {
	const void *p;
	struct kmem_cache *s;
	size_t bytes;
	unsigned long caller;
	unsigned long word;
	bool written;
};

#ifdef CONFIG_KMALLOC_QUARANTINE
/* The limits (boot parameters kmalloc.quarantine_bytes, _objects). */
extern unsigned long quarantine_max_bytes;
extern unsigned int quarantine_max_objects;

/**
 * quarantine_active - does a free go through the quarantine now?
 *
 * Context: heap_lock held. Return: true when both limits are above 0.
 */
static inline bool quarantine_active(void)
{
	return quarantine_max_bytes && quarantine_max_objects;
}
#else
static inline bool quarantine_active(void)
{
	return false;
}
#endif

/**
 * quarantine_holds - is @p waiting in the quarantine?
 * @p: any pointer (not NULL)
 *
 * O(1) when the object's first word is not the quarantine's mark, else a
 * scan of the entries. Context: heap_lock held. Return: true when it is.
 */
bool quarantine_holds(const void *p);

/**
 * quarantine_put - append a freed object (the caller vouched it is live)
 * @e: the entry; its object's first word is overwritten with the mark
 *
 * Context: heap_lock held; the quarantine must be active.
 */
void quarantine_put(const struct quarantine_entry *e);

/**
 * quarantine_take - remove the oldest object, its first word put back
 * @e: out: the entry (@e->written says whether its mark was intact)
 * @all: true: whenever one is held (a flush); false: only while the
 *       quarantine is over one of its limits
 *
 * Context: heap_lock held. Return: true when @e was filled in.
 */
bool quarantine_take(struct quarantine_entry *e, bool all);

/**
 * quarantine_validate - check every object waiting in the quarantine
 *
 * Each must still hold its mark; a violation is printed with
 * kmalloc_validate_fail(). Context: heap_lock held. Return: violations.
 */
int quarantine_validate(void);

/**
 * quarantine_usage - what the quarantine holds now
 * @objects: out: objects
 * @bytes: out: their bytes, as the statistics counted them
 *
 * Context: any (tests). Never fails.
 */
void quarantine_usage(unsigned long *objects, unsigned long *bytes);

/**
 * kmalloc_quarantine_flush - free every object waiting in the quarantine
 *
 * Each leaves as when a bound is passed (a write after free over its mark
 * is reported). For tests; kmem_cache_destroy() does the same under the
 * lock. Context: any; takes heap_lock (CONFIG_SMP). Defined in
 * mm/kmalloc.c, which frees them.
 */
void kmalloc_quarantine_flush(void);

#endif /* _MM_QUARANTINE_H */
