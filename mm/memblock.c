// SPDX-License-Identifier: GPL-2.0
/*
 * memblock: the boot-time view of memory.
 *
 * Three small sorted arrays of [base, base + size) regions: RAM as the boot
 * loader reported it, reservations (first 1 MiB, kernel image, modules,
 * boot-time allocations) and, after memblock_finalize(), the usable regions
 * = RAM minus reservations, page aligned and below 4 GiB. The heap backend
 * takes the usable regions as its whole world. Modelled on Linux's
 * mm/memblock.c, without its allocator machinery.
 */
#include <kmlab/kasan.h>
#include <kmlab/memblock.h>
#include <kmlab/printk.h>
#include <kmlab/errno.h>
#include <kmlab/page.h>
#include <kmlab/string.h>

#define FOUR_GIB (1ULL << 32)

struct memblock_type memblock_memory = { .name = "memory" };
struct memblock_type memblock_reserved = { .name = "reserved" };
struct memblock_type memblock_usable = { .name = "usable" };

/* Insert keeping the array sorted; merge overlapping or touching regions. */
static int memblock_insert(struct memblock_type *type, phys_addr_t base,
			   phys_addr_t size)
{
	phys_addr_t end = base + size;
	unsigned int i, j;

	if (!size)
		return 0;
	for (i = 0; i < type->cnt; i++) {
		struct memblock_region *r = &type->regions[i];

		if (end < r->base)
			break;
		if (base <= r->base + r->size) {
			/* Overlaps or touches: grow r, then swallow followers. */
			phys_addr_t nbase = min(base, r->base);
			phys_addr_t nend = max(end, r->base + r->size);

			r->base = nbase;
			r->size = nend - nbase;
			for (j = i + 1;
			     j < type->cnt && type->regions[j].base <= nend;) {
				phys_addr_t jend = type->regions[j].base +
						   type->regions[j].size;

				r->size = max(nend, jend) - nbase;
				memmove(&type->regions[j],
					&type->regions[j + 1],
					(type->cnt - j - 1) * sizeof(*r));
				type->cnt--;
			}
			return 0;
		}
	}
	if (type->cnt == MEMBLOCK_MAX_REGIONS) {
		pr_err("memblock: %s table full, dropping %#llx-%#llx\n",
		       type->name, base, end);
		return -ENOSPC;
	}
	memmove(&type->regions[i + 1], &type->regions[i],
		(type->cnt - i) * sizeof(type->regions[0]));
	type->regions[i].base = base;
	type->regions[i].size = size;
	type->cnt++;
	return 0;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_insert(&memblock_memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_insert(&memblock_reserved, base, size);
}

static void add_usable(phys_addr_t base, phys_addr_t end)
{
	base = ALIGN(base, (phys_addr_t)PAGE_SIZE);
	end = ALIGN_DOWN(end, (phys_addr_t)PAGE_SIZE);
	if (end > FOUR_GIB)
		end = FOUR_GIB;
	if (base < end)
		memblock_insert(&memblock_usable, base, end - base);
}

void memblock_finalize(void)
{
	memblock_usable.cnt = 0;
	for (unsigned int i = 0; i < memblock_memory.cnt; i++) {
		phys_addr_t base = memblock_memory.regions[i].base;
		phys_addr_t end = base + memblock_memory.regions[i].size;

		for (unsigned int j = 0; j < memblock_reserved.cnt; j++) {
			phys_addr_t rb = memblock_reserved.regions[j].base;
			phys_addr_t re = rb + memblock_reserved.regions[j].size;

			if (re <= base || rb >= end)
				continue;
			if (rb > base)
				add_usable(base, rb);
			base = max(base, re);
			if (base >= end)
				break;
		}
		if (base < end)
			add_usable(base, end);
	}
}

void *memblock_alloc(size_t size, size_t align)
{
	for (int i = memblock_usable.cnt - 1; i >= 0; i--) {
		struct memblock_region *r = &memblock_usable.regions[i];
		phys_addr_t end = r->base + r->size, start;

		if (r->size < size)
			continue;
		start = ALIGN_DOWN(end - size, (phys_addr_t)align);
		start = ALIGN_DOWN(start, (phys_addr_t)PAGE_SIZE);
		if (start < r->base)
			continue;
		/* Keep regions page aligned: give the tail to the caller. */
		memblock_reserve(start, end - start);
		r->size = start - r->base;
		if (!r->size) {
			memmove(r, r + 1,
				(memblock_usable.cnt - i - 1) * sizeof(*r));
			memblock_usable.cnt--;
		}
		/* CONFIG_KASAN: boot memory is the kernel's, not the heap's. */
		kasan_unpoison((void *)(unsigned long)start, size);
		return (void *)(unsigned long)start;
	}
	pr_err("memblock: cannot allocate %zu bytes\n", size);
	return NULL;
}

phys_addr_t memblock_usable_bytes(void)
{
	phys_addr_t total = 0;

	for (unsigned int i = 0; i < memblock_usable.cnt; i++)
		total += memblock_usable.regions[i].size;
	return total;
}

static void dump_type(const struct memblock_type *type)
{
	phys_addr_t total = 0;

	for (unsigned int i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		pr_info("memblock: %-8s [%#010llx-%#010llx] %llu KiB\n",
			type->name, r->base, r->base + r->size - 1,
			r->size >> 10);
		total += r->size;
	}
	pr_info("memblock: %-8s total %llu KiB in %u regions\n", type->name,
		total >> 10, type->cnt);
}

void memblock_dump(void)
{
	dump_type(&memblock_memory);
	dump_type(&memblock_reserved);
	dump_type(&memblock_usable);
}
