/* SPDX-License-Identifier: GPL-2.0 */
/*
 * init_on_alloc= and init_on_free=: heap memory zeroed when it is handed
 * out or when it is given back, as Linux's boot parameters of the same
 * names (mm/page_alloc.c, include/linux/mm.h: want_init_on_alloc()).
 *
 * Both are booleans set from the command line before the heap starts
 * (defaults CONFIG_INIT_ON_ALLOC_DEFAULT_ON, CONFIG_INIT_ON_FREE_DEFAULT_ON)
 * and read by the generic layers, mm/kmalloc.c and mm/page_alloc.c, so
 * every backend gets them, kmem_cache and page allocations included.
 * Linux reads them through static keys, which cost nothing while off.
 * kmlab compiles both away without CONFIG_INIT_ON_ALLOC_FREE (the tests
 * below are constants); with it, each is one load and a predictable
 * branch in the inline fast paths of <kmlab/slab.h>
 * (Documentation/mm/hardening.rst has the measured cost). Under
 * CONFIG_KMALLOC_POISON init_on_free does nothing: the poison is what a
 * freed object holds, as Linux's poisoning takes precedence.
 */
#ifndef _KMLAB_INIT_ON_H
#define _KMLAB_INIT_ON_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/gfp.h>

/*
 * Set by the boot parameters; tests may flip them between operations.
 * Read only with CONFIG_INIT_ON_ALLOC_FREE.
 */
extern bool init_on_alloc;
extern bool init_on_free;

/**
 * want_init_on_alloc - must an allocation be zeroed?
 * @gfp: the allocation's GFP flags
 *
 * Context: any. Return: true with __GFP_ZERO or init_on_alloc=1 (the
 * latter only with CONFIG_INIT_ON_ALLOC_FREE).
 */
static __always_inline bool want_init_on_alloc(gfp_t gfp)
{
	if (IS_ENABLED(CONFIG_INIT_ON_ALLOC_FREE) && unlikely(init_on_alloc))
		return true;
	return gfp & __GFP_ZERO;
}

/**
 * want_init_on_free - must memory be zeroed before it is freed?
 *
 * Context: any. Return: true with init_on_free=1, CONFIG_INIT_ON_ALLOC_FREE
 * and not CONFIG_KMALLOC_POISON (poisoning wins, as in Linux).
 */
static __always_inline bool want_init_on_free(void)
{
	return IS_ENABLED(CONFIG_INIT_ON_ALLOC_FREE) &&
	       !IS_ENABLED(CONFIG_KMALLOC_POISON) && unlikely(init_on_free);
}

#endif /* _KMLAB_INIT_ON_H */
