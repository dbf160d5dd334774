/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The heap hardening options' shared state (mm/hardening.c), for the
 * backends and mm_init(): Documentation/mm/hardening.rst.
 */
#ifndef _MM_HARDENING_H
#define _MM_HARDENING_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>

#ifdef CONFIG_KMALLOC_HEADER_CHECKSUM
/*
 * The key of the header checksums (the boundary tags' magic of
 * mm/boundary_tag.h, SLOB's unit headers), never 0.
 */
extern u32 header_secret;
#endif

/**
 * header_key - key a metadata checksum with the per-boot secret
 * @v: the unkeyed checksum (a constant xor the fields xor the address)
 *
 * CONFIG_KMALLOC_HEADER_CHECKSUM: @v xor header_secret through
 * MurmurHash3's fmix32 (Appleby; a bijection whose every output bit
 * depends on every input bit), as Scudo keys its chunk headers. Used by
 * the boundary tags of first-fit and TLSF and by SLOB's unit headers.
 * Return: that, or @v without the option. Context: any.
 */
static __always_inline u32 header_key(u32 v)
{
#ifdef CONFIG_KMALLOC_HEADER_CHECKSUM
	v ^= header_secret;
	v ^= v >> 16;
	v *= 0x85ebca6bu;
	v ^= v >> 13;
	v *= 0xc2b2ae35u;
	v ^= v >> 16;
#endif
	return v;
}

/**
 * hardening_init - draw the heap's per-boot secrets
 *
 * Draws freeptr_secret (CONFIG_SLAB_FREELIST_HARDENED) and
 * header_secret (CONFIG_KMALLOC_HEADER_CHECKSUM) from
 * get_random_u32() and says which of init_on_alloc/init_on_free are on
 * ("kmalloc: mem auto-init: heap alloc:on, heap free:off"). Context: boot, from mm_init() after random_init() and
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

/**
 * page_block_is_live - is @addr a block alloc_pages() handed out, of @order?
 * @addr: any address
 * @order: the order the caller says the block has
 *
 * What every backend marks in a page block's first struct page (PG_head,
 * the order in private, none of the flags of free, slab, SLOB or kmalloc
 * pages), read without reporting: init_on_free zeroes a block only when
 * this holds, so a bad free_pages() is reported by the backend and writes
 * nothing. Context: any; reads only. Return: true when it is.
 */
bool page_block_is_live(const void *addr, unsigned int order);

#endif /* _MM_HARDENING_H */
