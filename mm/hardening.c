// SPDX-License-Identifier: GPL-2.0
/*
 * The heap hardening options' shared state (Documentation/mm/hardening.rst):
 * the per-boot secrets drawn from the random source (lib/random.c) before
 * the backend starts, the one report of a forged free pointer, and the
 * init_on_alloc=/init_on_free= boot parameters (<kmlab/init_on.h>).
 */
#include <kmlab/random.h>
#include <kmlab/freeptr.h>
#include <kmlab/printk.h>
#include <kmlab/init.h>
#include <kmlab/init_on.h>
#include <kmlab/param.h>
#include <kmlab/mm.h>
#include "internal.h"
#include "hardening.h"

#ifdef CONFIG_SLAB_FREELIST_HARDENED
unsigned long freeptr_secret;
#endif
#ifdef CONFIG_KMALLOC_HEADER_CHECKSUM
u32 header_secret;
#endif

/* Always defined (the init_on suite sets them); read only when built in. */
bool init_on_alloc = IS_ENABLED(CONFIG_INIT_ON_ALLOC_DEFAULT_ON);
bool init_on_free = IS_ENABLED(CONFIG_INIT_ON_FREE_DEFAULT_ON);

#ifdef CONFIG_INIT_ON_ALLOC_FREE
kernel_param(
	"init_on_alloc", init_on_alloc, bool,
	"zero heap memory when it is allocated (default CONFIG_INIT_ON_ALLOC_DEFAULT_ON)");
kernel_param(
	"init_on_free", init_on_free, bool,
	"zero heap memory when it is freed (default CONFIG_INIT_ON_FREE_DEFAULT_ON)");
#endif

void __init hardening_init(void)
{
	/* Linux prints the same lines; kmlab only when one is asked for. */
	if (IS_ENABLED(CONFIG_KMALLOC_POISON) && init_on_free &&
	    IS_ENABLED(CONFIG_INIT_ON_ALLOC_FREE))
		pr_info("kmalloc: mem auto-init: CONFIG_KMALLOC_POISON is on, will take precedence over init_on_free\n");
	if (want_init_on_alloc(0) || want_init_on_free())
		pr_info("kmalloc: mem auto-init: heap alloc:%s, heap free:%s\n",
			want_init_on_alloc(0) ? "on" : "off",
			want_init_on_free() ? "on" : "off");
#ifdef CONFIG_KMALLOC_HEADER_CHECKSUM
	do
		header_secret = get_random_u32();
	while (!header_secret);
	pr_info("kmalloc: header checksums keyed (CONFIG_KMALLOC_HEADER_CHECKSUM)\n");
#endif
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

bool page_block_is_live(const void *addr, unsigned int order)
{
	const unsigned long not_live = 1UL << PG_reserved | 1UL << PG_buddy |
				       1UL << PG_slab | 1UL << PG_slob |
				       1UL << PG_large_kmalloc;
	const struct page *page;

	if (!virt_addr_valid(addr) ||
	    !IS_ALIGNED((unsigned long)addr, PAGE_SIZE))
		return false;
	page = virt_to_page(addr);
	return PageHead(page) && !(page->flags & not_live) &&
	       page->private == order;
}
