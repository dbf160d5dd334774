/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memblock: boot-time memory regions (mm/memblock.c).
 *
 * The architecture adds RAM from the boot loader's memory map with
 * memblock_add() and reserves what is in use (kernel image, modules, boot
 * data) with memblock_reserve(). memblock_finalize() then computes the
 * usable regions: RAM minus reservations, page aligned, below 4 GiB. The
 * heap backend owns all usable memory from then on; every backend gets the
 * same regions, so comparisons are fair.
 */
#ifndef _KMLAB_MEMBLOCK_H
#define _KMLAB_MEMBLOCK_H

#include <kmlab/types.h>

#define MEMBLOCK_MAX_REGIONS 64

struct memblock_region {
	phys_addr_t base; /* bytes */
	phys_addr_t size; /* bytes */
};

struct memblock_type {
	const char *name;
	unsigned int cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

extern struct memblock_type memblock_memory;
extern struct memblock_type memblock_reserved;
extern struct memblock_type memblock_usable;

/**
 * memblock_add - record RAM
 * @base: physical address, bytes
 * @size: bytes
 *
 * Overlapping or adjacent regions are merged. Return: 0, or -ENOSPC when
 * MEMBLOCK_MAX_REGIONS regions are already recorded (reported).
 */
int memblock_add(phys_addr_t base, phys_addr_t size);

/**
 * memblock_reserve - mark a range as in use (never handed to the heap)
 * @base: physical address, bytes
 * @size: bytes
 * Return: 0, or -ENOSPC when the table is full (reported).
 */
int memblock_reserve(phys_addr_t base, phys_addr_t size);

/**
 * memblock_finalize - compute memblock_usable = memory - reserved
 *
 * Region ends are rounded inwards to PAGE_SIZE; memory at or above 4 GiB
 * is dropped (kmlab runs without PAE). Call once, after all add/reserve.
 */
void memblock_finalize(void);

/**
 * memblock_alloc - take @size bytes from the usable regions, at boot
 * @size: bytes
 * @align: bytes, a power of two
 *
 * For boot data that lives forever (the struct page array). Carves from
 * the end of the highest usable region that fits. Return: the address or
 * NULL. Only before the heap backend is initialised.
 */
void *memblock_alloc(size_t size, size_t align);

/* Total usable bytes. */
phys_addr_t memblock_usable_bytes(void);

/* Print the memory, reserved and usable regions (the boot memory map). */
void memblock_dump(void);

#endif /* _KMLAB_MEMBLOCK_H */
