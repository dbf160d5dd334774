// SPDX-License-Identifier: GPL-2.0
/*
 * kmreplay contender: gperftools' tcmalloc (libtcmalloc_minimal), through
 * tc_malloc() and tc_free(). Held bytes: the "generic.heap_size" property
 * less "tcmalloc.pageheap_unmapped_bytes" (released to the system). Pages
 * (kmbench): tc_memalign(); ksize(): tc_malloc_size().
 */
#include <stddef.h>
#include <gperftools/tcmalloc.h>
#include <gperftools/malloc_extension_c.h>
#include "kmreplay.h"

static long long tcmalloc_held(void)
{
	size_t heap, unmapped;

	if (!MallocExtension_GetNumericProperty("generic.heap_size", &heap) ||
	    !MallocExtension_GetNumericProperty(
		    "tcmalloc.pageheap_unmapped_bytes", &unmapped))
		return -1;
	return (long long)heap - (long long)unmapped;
}

const struct kmr_allocator kmr_allocator = {
	.name = "tcmalloc",
	.held_source = "generic.heap_size - tcmalloc.pageheap_unmapped_bytes",
	.alloc = tc_malloc,
	.alloc_aligned = tc_memalign,
	.free = tc_free,
	.usable = tc_malloc_size,
	.held = tcmalloc_held,
};
