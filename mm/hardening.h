/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The heap hardening options' shared state (mm/hardening.c), for the
 * backends and mm_init(): Documentation/mm/hardening.rst.
 */
#ifndef _MM_HARDENING_H
#define _MM_HARDENING_H

#include <kmlab/types.h>

/**
 * hardening_init - draw the heap's per-boot secrets
 *
 * Draws freeptr_secret (CONFIG_SLAB_FREELIST_HARDENED) from
 * get_random_u32(). Context: boot, from mm_init() after random_init() and
 * before the backend stores its first free pointer.
 */
void hardening_init(void);

/**
 * freeptr_report_forged - report a free pointer that failed its check
 * @obj: the free object (or block) whose stored link was overwritten
 * @caller: return address of the API caller
 *
 * One line, "kmalloc: free pointer corrupted of 0x<obj> (caller ...)",
 * counted in kmalloc_stats.bad_input. The caller must not follow the link
 * and must leave its heap consistent (what it abandons stays allocated).
 * Context: the backend's.
 */
void freeptr_report_forged(const void *obj, unsigned long caller);

#endif /* _MM_HARDENING_H */
