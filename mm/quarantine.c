// SPDX-License-Identifier: GPL-2.0
/*
 * A delayed-reuse quarantine for freed objects (CONFIG_KMALLOC_QUARANTINE):
 * Scudo's quarantine and KASAN's (mm/kasan/quarantine.c) in their simplest
 * form. kfree() and an emulated cache's kmem_cache_free() do not give the
 * object back to the backend at once: mm/kmalloc.c appends it to a FIFO
 * bounded in bytes and in objects, and frees the oldest ones for real when
 * a limit is passed. So a use-after-free does not find its object handed
 * to the next kmalloc() of the same size, the classic reclaim of an
 * exploit: the attacker has to cycle the whole quarantine first.
 *
 * The FIFO is a ring of CONFIG_KMALLOC_QUARANTINE_OBJECTS + 1 entries in
 * .bss (no allocation while freeing). Each waiting object's first word holds a
 * mark, QUARANTINE_MARK xor its address: it makes a second kfree() of a
 * waiting object cheap to recognise (only a marked object is looked up in
 * the ring), and a write after free that hits it is reported when the
 * object leaves or by kmalloc_validate(). Everything runs under heap_lock.
 */
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/mm.h>
#include "internal.h"
#include "quarantine.h"

#define QUARANTINE_MARK 0x9a4a7e11UL

unsigned long quarantine_max_bytes = CONFIG_KMALLOC_QUARANTINE_BYTES;
kernel_param_range("kmalloc.quarantine_bytes", quarantine_max_bytes, ulong, 0,
		   1UL << 30,
		   "bytes of freed objects the quarantine delays (0: off)");

unsigned int quarantine_max_objects = CONFIG_KMALLOC_QUARANTINE_OBJECTS;
kernel_param_range(
	"kmalloc.quarantine_objects", quarantine_max_objects, uint, 0,
	CONFIG_KMALLOC_QUARANTINE_OBJECTS,
	"freed objects the quarantine delays, up to CONFIG_KMALLOC_QUARANTINE_OBJECTS (0: off)");

/* One more than the limit: an object is put before the oldest leave. */
static struct quarantine_entry ring[CONFIG_KMALLOC_QUARANTINE_OBJECTS + 1];
static unsigned int ring_head; /* the oldest entry */
static unsigned int ring_count;
static unsigned long ring_bytes;

static unsigned long mark_of(const void *p)
{
	return QUARANTINE_MARK ^ (unsigned long)p;
}

static bool mark_intact(const struct quarantine_entry *e)
{
	return *(const unsigned long *)e->p == mark_of(e->p);
}

bool quarantine_holds(const void *p)
{
	if (!ring_count || ((unsigned long)p & (sizeof(long) - 1)) ||
	    !virt_addr_valid(p) || *(const unsigned long *)p != mark_of(p))
		return false;
	for (unsigned int i = 0; i < ring_count; i++)
		if (ring[(ring_head + i) % ARRAY_SIZE(ring)].p == p)
			return true;
	return false;
}

void quarantine_put(const struct quarantine_entry *e)
{
	struct quarantine_entry *slot;

	slot = &ring[(ring_head + ring_count) % ARRAY_SIZE(ring)];
	*slot = *e;
	slot->word = *(const unsigned long *)e->p;
	*(unsigned long *)e->p = mark_of(e->p);
	ring_count++;
	ring_bytes += e->bytes;
}

bool quarantine_take(struct quarantine_entry *e, bool all)
{
	if (!ring_count)
		return false;
	if (!all && ring_count <= quarantine_max_objects &&
	    ring_bytes <= quarantine_max_bytes)
		return false;
	*e = ring[ring_head];
	ring_head = (ring_head + 1) % ARRAY_SIZE(ring);
	ring_count--;
	ring_bytes -= e->bytes;
	e->written = !mark_intact(e);
	if (!e->written)
		*(unsigned long *)e->p = e->word;
	return true;
}

int quarantine_validate(void)
{
	int errors = 0;

	for (unsigned int i = 0; i < ring_count; i++) {
		const struct quarantine_entry *e =
			&ring[(ring_head + i) % ARRAY_SIZE(ring)];

		if (!mark_intact(e))
			errors += kmalloc_validate_fail(
				"quarantine: object 0x%08lx written after free",
				(unsigned long)e->p);
	}
	return errors;
}

void quarantine_usage(unsigned long *objects, unsigned long *bytes)
{
	*objects = ring_count;
	*bytes = ring_bytes;
}
