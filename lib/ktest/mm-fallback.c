// SPDX-License-Identifier: GPL-2.0
/*
 * Weak stand-ins for the allocator API that ktest uses, so that ktest links
 * in a kernel without a heap backend (or before mm/ provides one): no
 * memory (kmalloc() returns NULL, with one line saying why) and zero
 * statistics (the leak check then sees nothing). The backend's real
 * definitions override these at link time.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include "ktest-internal.h"

#if !KMALLOC_INLINE /* an inline kmalloc() implies a backend */
__weak void *kmalloc(size_t size, gfp_t gfp)
{
	static bool warned;

	if (!warned) {
		warned = true;
		pr_warn("ktest: no kmalloc backend is built in; ktest_kmalloc() returns NULL\n");
	}
	return NULL;
}
#endif

__weak void kfree(const void *p)
{
}

__weak void kmalloc_get_stats(struct kmalloc_stats *st)
{
	memset(st, 0, sizeof(*st));
}
