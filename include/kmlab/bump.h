/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bump backend's kmalloc fast path, inline in every caller
 * (include/kmlab/slab.h includes this when mm/bump.c is the heap; the
 * fast path is used when mm/Kconfig selects CONFIG_HAVE_KMALLOC_INLINE,
 * that is without CONFIG_KMALLOC_REDZONE and CONFIG_KMALLOC_CHECK_EVERY_OP).
 *
 * Objects have no header: each region is filled with objects from its
 * start upwards and with one 4-byte metadata word per block from its end
 * downwards (mm/bump.c explains the layout). So the fast path is a cursor
 * bump with an end check, one store of the object's address into the
 * metadata array, and nothing else: the statistics are derived from the
 * cursors when they are read, and a power-of-two size whose alignment the
 * cursor does not already have takes the out-of-line path, which pads.
 */
#ifndef _KMLAB_BUMP_H
#define _KMLAB_BUMP_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/page.h>

/* The current region's object cursor (next free byte) and metadata
 * cursor (lowest metadata word, or the region's end when it is empty). */
extern unsigned long bump_cursor, bump_meta;

/**
 * bump_kmalloc_inline - the inline kmalloc fast path of the bump backend
 * @size: bytes, any value
 * @objp: out: the object, when the fast path served it
 *
 * Serves 1 .. PAGE_SIZE bytes from the current region when an object fits
 * between the two cursors and, for a power-of-two size, the object cursor
 * is already aligned to it (natural alignment; smaller sizes get 8, which
 * the cursor always has). Context: any.
 * Return: true when served; false: the caller then takes the out-of-line
 * path (kmalloc_slow()), which handles every other case and every error.
 * (A bool rather than a NULL test: the object's address needs no check.)
 */
static __always_inline bool bump_kmalloc_inline(size_t size, void **objp)
{
	unsigned long p = bump_cursor, mask = size - 1;
	unsigned long meta = bump_meta - sizeof(u32), end;

	if (unlikely(mask >= PAGE_SIZE))
		return false;
	if (!(size & mask) && unlikely(p & mask))
		return false;
	end = p + (mask | 7) + 1; /* the size rounded up to 8 */
	if (unlikely(end > meta))
		return false;
	bump_cursor = end;
	bump_meta = meta;
	*(u32 *)meta = p;
	*objp = (void *)p;
	return true;
}

/**
 * backend_kmalloc_inline - kmalloc()'s inline fast path (the contract name)
 * @size: bytes, any value
 * @objp: out: the object, when true is returned
 *
 * bump_kmalloc_inline() under the name <kmlab/slab.h> calls.
 * Return: as bump_kmalloc_inline().
 */
static __always_inline bool backend_kmalloc_inline(size_t size, void **objp)
{
	return bump_kmalloc_inline(size, objp);
}

#endif /* _KMLAB_BUMP_H */
