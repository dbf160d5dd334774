/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KASAN hooks: the heap tells the address sanitizer which bytes a caller
 * may touch (CONFIG_KASAN, ARCH=host only: arch/host/kernel/kasan.c on top
 * of gcc's AddressSanitizer). As in Linux, the allocator calls them where
 * it hands memory out or takes it back; without CONFIG_KASAN (the i386
 * kernel) they compile to nothing.
 *
 * Poisoned bytes are reported when instrumented code touches them; the
 * heap's own code is not instrumented (mm/Kbuild: KASAN_SANITIZE := n), so
 * its metadata in poisoned memory stays reachable to it.
 */
#ifndef _KMLAB_KASAN_H
#define _KMLAB_KASAN_H

#include <kmlab/types.h>

#ifdef CONFIG_KASAN
/**
 * kasan_poison - no caller may touch [@addr, @addr + @size) from now on
 * @addr: first byte
 * @size: bytes (0 does nothing)
 *
 * Context: any.
 */
void kasan_poison(const void *addr, size_t size);

/**
 * kasan_unpoison - callers may touch [@addr, @addr + @size) from now on
 * @addr: first byte, 8-byte aligned (ARCH_KMALLOC_MINALIGN) for exact
 *        bounds at the end
 * @size: bytes (0 does nothing)
 *
 * Context: any.
 */
void kasan_unpoison(const void *addr, size_t size);

/**
 * kasan_disable_current - ignore reports until kasan_enable_current()
 *
 * For code that touches poisoned bytes on purpose (a test that overwrites
 * a redzone to see the backend report it), as Linux's. Nests.
 * Context: any.
 */
void kasan_disable_current(void);

/**
 * kasan_enable_current - undo one kasan_disable_current()
 */
void kasan_enable_current(void);

/**
 * kasan_report_count - reports since boot, ignored ones included
 *
 * For tests that expect a report (arch/host/kernel/kasan_test.c).
 * Return: the number of AddressSanitizer reports so far.
 */
unsigned long kasan_report_count(void);
#else
static inline void kasan_poison(const void *addr, size_t size)
{
}

static inline void kasan_unpoison(const void *addr, size_t size)
{
}

static inline void kasan_disable_current(void)
{
}

static inline void kasan_enable_current(void)
{
}

static inline unsigned long kasan_report_count(void)
{
	return 0;
}
#endif

#endif /* _KMLAB_KASAN_H */
