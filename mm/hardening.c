// SPDX-License-Identifier: GPL-2.0
/*
 * The heap hardening options' shared state (Documentation/mm/hardening.rst):
 * the per-boot secrets drawn from the random source (lib/random.c) before
 * the backend starts, and the one report of a forged free pointer.
 */
#include <kmlab/random.h>
#include <kmlab/freeptr.h>
#include <kmlab/printk.h>
#include <kmlab/init.h>
#include "internal.h"
#include "hardening.h"

#ifdef CONFIG_SLAB_FREELIST_HARDENED
unsigned long freeptr_secret;
#endif

void __init hardening_init(void)
{
#ifdef CONFIG_SLAB_FREELIST_HARDENED
	/* Never 0: a zeroed link must not decode to its own slot's mask. */
	do
		freeptr_secret = get_random_u32();
	while (!freeptr_secret);
	pr_info("kmalloc: free pointers encoded (CONFIG_SLAB_FREELIST_HARDENED)\n");
#endif
}

void freeptr_report_forged(const void *obj, unsigned long caller)
{
	kmalloc_report_bad("free pointer corrupted", obj, caller);
}
