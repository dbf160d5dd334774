/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Byte values the heap backends fill debug areas with, one place for all
 * of them (Linux's include/linux/poison.h, same names and values):
 * CONFIG_KMALLOC_POISON fills freed objects with POISON_FREE and
 * CONFIG_KMALLOC_REDZONE the red zone after each live object with
 * SLUB_RED_ACTIVE. A backend checks a fill with check_bytes_and_report()
 * (mm/internal.h). Both values are odd bytes that are neither a valid
 * pointer nor a small integer, so a use after free or an overflow that
 * reads them shows up.
 */
#ifndef _KMLAB_POISON_H
#define _KMLAB_POISON_H

/* Every byte of a freed object, with CONFIG_KMALLOC_POISON. */
#define POISON_FREE 0x6b

/* Every byte of a live object's red zone, with CONFIG_KMALLOC_REDZONE. */
#define SLUB_RED_ACTIVE 0xcc

#endif /* _KMLAB_POISON_H */
