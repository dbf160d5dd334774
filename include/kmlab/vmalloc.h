/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmalloc: virtually contiguous memory from pages that need not be
 * physically contiguous (mm/vmalloc.c), with Linux's API: vmalloc,
 * vzalloc, vfree, vmap, vunmap, kvmalloc, kvfree, is_vmalloc_addr.
 * Built with CONFIG_MMU; Documentation/mm/vmalloc.rst.
 */
#ifndef _KMLAB_VMALLOC_H
#define _KMLAB_VMALLOC_H

#include <kmlab/types.h>
#include <kmlab/gfp.h>
#ifdef CONFIG_MMU
#include <kmlab/pgtable.h>
#endif

struct page;

/* vm_struct.flags */
#define VM_ALLOC 0x1ul /* vmalloc(): the pages are the area's own */
#define VM_MAP 0x2ul /* vmap(): the caller's pages */

/**
 * struct vm_struct - a mapped vmalloc area, as Linux's
 * @addr: its first address
 * @size: bytes, the guard page after it included
 * @flags: VM_ALLOC or VM_MAP
 * @pages: the pages mapped, in order (VM_ALLOC: owned by the area)
 * @nr_pages: entries in @pages
 * @caller: return address of the vmalloc()/vmap() caller
 */
struct vm_struct {
	void *addr;
	unsigned long size;
	unsigned long flags;
	struct page **pages;
	unsigned int nr_pages;
	unsigned long caller;
};

/*
 * Lazily freed pages that trigger a purge (Linux's lazy_max_pages(),
 * 32 MiB with one CPU); tests lower it.
 */
extern unsigned long vmap_lazy_max_pages;
/* Pages in lazily freed areas, and purges so far. */
extern unsigned long vmap_lazy_nr, nr_vmap_purges;

#ifdef CONFIG_MMU
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void *__vmalloc(unsigned long size, gfp_t gfp);
void vfree(const void *addr);
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot);
void vunmap(const void *addr);
void *kvmalloc(size_t size, gfp_t gfp);
void *kvzalloc(size_t size, gfp_t gfp);
void kvfree(const void *addr);
bool is_vmalloc_addr(const void *addr);
struct page *vmalloc_to_page(const void *addr);
struct vm_struct *find_vm_area(const void *addr);
void vm_unmap_aliases(void);
int vmalloc_validate(void);
int vmalloc_describe_addr(unsigned long addr, char *buf, size_t size);
#else
/* Without paging there is no vmalloc area: nothing to describe. */
static inline int vmalloc_describe_addr(unsigned long addr, char *buf,
					size_t size)
{
	return 0;
}
#endif

#endif /* _KMLAB_VMALLOC_H */
