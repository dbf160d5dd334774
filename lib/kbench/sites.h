/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The allocator calls kbench measures (its "sites"), one function each,
 * shared by the trace replay (replay.c) and the synthetic workloads
 * (workloads.c).
 *
 * In the kernel each site is the call itself (static, always inlined): the
 * -icount bracket around it is the allocator call and nothing else.
 *
 * On the host each is a function of its own, never inlined and not static,
 * so that callgrind names it as it is and its inclusive cost over its calls
 * is the figure (Documentation/mm/compare.rst, "The host side"), the method
 * of the host anchors' kmr_alloc_site():
 *
 *  - ARCH=host (CONFIG_ARCH_HOST): sites.c defines them with the bodies
 *    below (KBENCH_SITES_DEFINE), the kernel's allocator behind them;
 *  - make compare's host program (tools/mm/kmreplay/kmbench.c, built with
 *    KBENCH_EXTERN_SITES): workloads.c compiled as it is, its sites mapped
 *    to glibc, jemalloc, mimalloc or tcmalloc.
 */
#ifndef _LIB_KBENCH_SITES_H
#define _LIB_KBENCH_SITES_H

#include <kmlab/kbench.h>
#include <kmlab/gfp.h>
#include <kmlab/mm.h>
#include <kmlab/slab.h>

#if defined(CONFIG_ARCH_HOST) || defined(KBENCH_EXTERN_SITES)
#define KBENCH_SITES_EXTERN
void *kbench_kmalloc(u32 size);
void kbench_kfree(const void *p);
void *kbench_cache_alloc(struct kmem_cache *s);
void kbench_cache_free(struct kmem_cache *s, void *p);
struct page *kbench_alloc_pages(unsigned int order);
void kbench_free_pages(unsigned long addr, unsigned int order);
#endif

#if !defined(KBENCH_SITES_EXTERN) || defined(KBENCH_SITES_DEFINE)
#ifdef KBENCH_SITES_EXTERN
#define KBENCH_SITE __attribute__((__noinline__))
#else
#define KBENCH_SITE static __always_inline
#endif

/* kmalloc(@size, KBENCH_GFP). Return: the object or NULL. */
KBENCH_SITE void *kbench_kmalloc(u32 size)
{
	return kmalloc(size, KBENCH_GFP);
}

/* kfree(@p). */
KBENCH_SITE void kbench_kfree(const void *p)
{
	kfree(p);
}

/* kmem_cache_alloc(@s, KBENCH_GFP). Return: the object or NULL. */
KBENCH_SITE void *kbench_cache_alloc(struct kmem_cache *s)
{
	return kmem_cache_alloc(s, KBENCH_GFP);
}

/* kmem_cache_free(@s, @p). */
KBENCH_SITE void kbench_cache_free(struct kmem_cache *s, void *p)
{
	kmem_cache_free(s, p);
}

/* alloc_pages(KBENCH_GFP, @order). Return: the first page, or NULL. */
KBENCH_SITE struct page *kbench_alloc_pages(unsigned int order)
{
	return alloc_pages(KBENCH_GFP, order);
}

/* free_pages(@addr, @order). */
KBENCH_SITE void kbench_free_pages(unsigned long addr, unsigned int order)
{
	free_pages(addr, order);
}
#endif

#endif /* _LIB_KBENCH_SITES_H */
