// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc: virtually contiguous areas from pages anywhere in RAM, after
 * Linux's mm/vmalloc.c (Uladzislau Rezki's free-area tree of 2019) and
 * Gorman, "Understanding the Linux Virtual Memory Manager", chapter 7.
 *
 * The vmalloc area (VMALLOC_START .. VMALLOC_END, asm/pgtable.h) is cut
 * into struct vmap_area ranges, each in exactly one place:
 *  - the free tree: free ranges, address ordered, merged with their
 *    neighbours, in a red-black tree (lib/rbtree.c) augmented with the
 *    largest free range in each subtree (subtree_max_size). First fit
 *    goes left while the left subtree has a range large enough, else
 *    takes the node if it fits, else goes right: the lowest-addressed
 *    fitting range in O(log n) (Linux's find_vmap_lowest_match(), which
 *    also handles alignment; kmlab's areas are page aligned only);
 *  - the busy tree: areas in use, by address, each with its vm_struct
 *    (address, size, pages, caller); find_vm_area() and vfree() look up
 *    there;
 *  - the purge list: areas freed lazily.
 *
 * An area is its pages plus one guard page after them that is never
 * mapped: a write one byte past the end faults at once (a ktest case
 * that does it fails with vmalloc_describe_addr()'s report naming the
 * area and its caller).
 *
 * Lazy TLB flushing (Linux's vmap_lazy_nr / lazy_max_pages()): vfree()
 * and vunmap() clear the ptes and free the pages at once but do not
 * flush the TLB; the area goes on the purge list and its addresses are
 * not reused. When more than vmap_lazy_max_pages pages wait, or when an
 * allocation finds no free range, the purge flushes the whole span of
 * the waiting areas with one flush_tlb_kernel_range(), frees the page
 * tables left empty and merges the areas into the free tree. Stale
 * translations are harmless meanwhile: only a use after vfree() could
 * reach them (and read freed pages instead of faulting, as in Linux).
 *
 * Metadata (vmap_area, vm_struct, the page array) comes from kmalloc(),
 * pages from alloc_page() one at a time and page tables from
 * mm/pgtable.c, so every backend serves vmalloc with no change.
 *
 * Locking: the free tree, the busy tree, the purge list and vmap_lazy_nr
 * are vmap_area_lock's, one spinlock where Linux has three (its
 * free_vmap_area_lock, vmap_area_lock and purge_vmap_area_lock: kmlab
 * studies the structures, not their scaling). It is held only while a
 * tree or the list changes or is searched, and over a purge; not while
 * pages are allocated, mapped or unmapped (mm/pgtable.c has its own lock
 * for the page tables), nor while the metadata is allocated: alloc_vmap_area()
 * gets its vmap_area before it takes the lock, as Linux's preload does.
 * Taking an area out of the busy tree and putting it on the purge list
 * are each done under the lock, so two CPUs freeing one address free it
 * once and report the other. A purge under the lock flushes the kernel
 * range on every CPU (flush_tlb_kernel_range(), a TLB shootdown by NMI,
 * which a CPU spinning for the lock with interrupts off still serves).
 * Order: vmap_area_lock, then init_mm_page_table_lock, then the heap's
 * lock (kfree() of merged areas under it). Process context only.
 */
#include <kmlab/vmalloc.h>
#include <kmlab/rbtree.h>
#include <kmlab/slab.h>
#include <kmlab/mm.h>
#include <kmlab/list.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/init.h>
#include <kmlab/errno.h>
#include <kmlab/spinlock.h>
#include "internal.h"

/**
 * struct vmap_area - a range of the vmalloc area
 * @va_start: first address
 * @va_end: one past the last (the guard page included for a busy area)
 * @rb_node: link in the free or the busy tree
 * @purge_list: link on the purge list while freed lazily
 * @subtree_max_size: free tree: the largest range in the subtree, bytes
 * @vm: busy tree and purge list: the area's vm_struct (NULL once purged
 *      of it)
 */
struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;
	struct rb_node rb_node;
	struct list_head purge_list;
	union {
		unsigned long subtree_max_size;
		struct vm_struct *vm;
	};
};

static struct rb_root free_vmap_area_root = RB_ROOT;
static struct rb_root vmap_area_root = RB_ROOT;
static LIST_HEAD(purge_vmap_area_list);
static DEFINE_SPINLOCK(vmap_area_lock);

unsigned long vmap_lazy_max_pages = (32UL << 20) >> PAGE_SHIFT;
unsigned long vmap_lazy_nr, nr_vmap_purges;

static inline unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

static inline struct vmap_area *to_va(const struct rb_node *node)
{
	return rb_entry(node, struct vmap_area, rb_node);
}

static inline unsigned long subtree_max(const struct rb_node *node)
{
	return node ? to_va(node)->subtree_max_size : 0;
}

/* rb_augment_fn of the free tree. */
static bool free_va_update(struct rb_node *node)
{
	struct vmap_area *va = to_va(node);
	unsigned long m = max(va_size(va), max(subtree_max(node->rb_left),
					       subtree_max(node->rb_right)));

	if (m == va->subtree_max_size)
		return false;
	va->subtree_max_size = m;
	return true;
}

/*
 * Where @addr belongs in a tree keyed by va_start: the link to fill, its
 * parent, and the nearest nodes before and after (NULL at the ends).
 */
static struct rb_node **find_link(struct rb_root *root, unsigned long addr,
				  struct rb_node **parent,
				  struct vmap_area **prev,
				  struct vmap_area **next)
{
	struct rb_node **link = &root->rb_node;

	*parent = NULL;
	*prev = *next = NULL;
	while (*link) {
		struct vmap_area *va = to_va(*link);

		*parent = *link;
		if (addr < va->va_start) {
			*next = va;
			link = &(*link)->rb_left;
		} else {
			*prev = va;
			link = &(*link)->rb_right;
		}
	}
	return link;
}

/* The busy area whose range (guard page included) holds @addr, or NULL. */
static struct vmap_area *find_vmap_area(unsigned long addr)
{
	struct rb_node *node = vmap_area_root.rb_node;

	while (node) {
		struct vmap_area *va = to_va(node);

		if (addr < va->va_start)
			node = node->rb_left;
		else if (addr >= va->va_end)
			node = node->rb_right;
		else
			return va;
	}
	return NULL;
}

static void insert_busy(struct vmap_area *va)
{
	struct rb_node *parent;
	struct vmap_area *prev, *next;
	struct rb_node **link =
		find_link(&vmap_area_root, va->va_start, &parent, &prev, &next);

	rb_link_node(&va->rb_node, parent, link);
	rb_insert_color(&va->rb_node, &vmap_area_root);
}

/*
 * Give @va's range back to the free tree, merged with a free neighbour
 * on either side (Linux's merge_or_add_vmap_area()). @va itself is
 * linked, or freed when a neighbour absorbs it.
 */
static void merge_or_add_vmap_area(struct vmap_area *va)
{
	struct rb_node *parent;
	struct vmap_area *prev, *next;
	struct rb_node **link = find_link(&free_vmap_area_root, va->va_start,
					  &parent, &prev, &next);
	bool with_prev = prev && prev->va_end == va->va_start;

	if (next && next->va_start == va->va_end) {
		if (with_prev) {
			rb_erase_augmented(&next->rb_node, &free_vmap_area_root,
					   free_va_update);
			prev->va_end = next->va_end;
			rb_propagate(&prev->rb_node, free_va_update);
			kfree(next);
		} else {
			next->va_start = va->va_start;
			rb_propagate(&next->rb_node, free_va_update);
		}
		kfree(va);
	} else if (with_prev) {
		prev->va_end = va->va_end;
		rb_propagate(&prev->rb_node, free_va_update);
		kfree(va);
	} else {
		va->subtree_max_size = va_size(va);
		rb_link_node(&va->rb_node, parent, link);
		rb_insert_augmented(&va->rb_node, &free_vmap_area_root,
				    free_va_update);
	}
}

/* The lowest-addressed free range of at least @size bytes, or NULL. */
static struct vmap_area *find_vmap_lowest_match(unsigned long size)
{
	struct rb_node *node = free_vmap_area_root.rb_node;

	if (subtree_max(node) < size)
		return NULL;
	for (;;) {
		if (subtree_max(node->rb_left) >= size)
			node = node->rb_left;
		else if (va_size(to_va(node)) >= size)
			return to_va(node);
		else
			node = node->rb_right; /* its maximum is >= size */
	}
}

/* The purge itself, under vmap_area_lock. */
static void purge_vmap_area_lazy(void)
{
	unsigned long start = ULONG_MAX, end = 0;
	struct vmap_area *va, *n;

	if (list_empty(&purge_vmap_area_list))
		return;
	list_for_each_entry(va, &purge_vmap_area_list, purge_list) {
		start = min(start, va->va_start);
		end = max(end, va->va_end);
	}
	flush_tlb_kernel_range(start, end);
	free_pgtables_kernel(start, end);
	list_for_each_entry_safe(va, n, &purge_vmap_area_list, purge_list) {
		list_del(&va->purge_list);
		merge_or_add_vmap_area(va);
	}
	vmap_lazy_nr = 0;
	nr_vmap_purges++;
}

/**
 * vm_unmap_aliases - purge the lazily freed areas now
 *
 * One flush_tlb_kernel_range() over the span of every area on the purge
 * list, the page tables that map nothing there freed, then the areas
 * merged into the free tree (Linux's __purge_vmap_area_lazy()); nothing
 * to do when the list is empty. After it no stale translation of a freed
 * area is left. ktest cases that vfree() call it before they end, so
 * their metadata is freed within the case. Context: process, any CPU.
 */
void vm_unmap_aliases(void)
{
	spin_lock(&vmap_area_lock);
	purge_vmap_area_lazy();
	spin_unlock(&vmap_area_lock);
}

/*
 * Take @size bytes (guard page included) from the lowest free range that
 * fits, purging the lazy areas once if none does, and put the area with
 * @vm in the busy tree: one hold of vmap_area_lock, so the range is always
 * in one tree. Return: the busy area, or NULL (nothing printed).
 */
static struct vmap_area *alloc_vmap_area(unsigned long size,
					 struct vm_struct *vm)
{
	struct vmap_area *va = kmalloc(sizeof(*va), GFP_KERNEL | __GFP_NOWARN);
	struct vmap_area *free;

	if (!va)
		return NULL;
	spin_lock(&vmap_area_lock);
	free = find_vmap_lowest_match(size);
	if (!free && !list_empty(&purge_vmap_area_list)) {
		purge_vmap_area_lazy();
		free = find_vmap_lowest_match(size);
	}
	if (!free) {
		spin_unlock(&vmap_area_lock);
		kfree(va);
		return NULL;
	}
	va->va_start = free->va_start;
	va->va_end = free->va_start + size;
	if (va_size(free) == size) {
		rb_erase_augmented(&free->rb_node, &free_vmap_area_root,
				   free_va_update);
		kfree(free);
	} else {
		/* Cut from the front: the order of the tree stays. */
		free->va_start += size;
		rb_propagate(&free->rb_node, free_va_update);
	}
	va->vm = vm;
	insert_busy(va);
	spin_unlock(&vmap_area_lock);
	return va;
}

/*
 * Take the busy area starting at @addr out of the busy tree, so that no
 * other CPU finds or frees it. Return: the area, or NULL when no busy
 * area starts at @addr.
 */
static struct vmap_area *unlink_busy(unsigned long addr)
{
	struct vmap_area *va;

	spin_lock(&vmap_area_lock);
	va = find_vmap_area(addr);
	if (va && va->va_start == addr)
		rb_erase(&va->rb_node, &vmap_area_root);
	else
		va = NULL;
	spin_unlock(&vmap_area_lock);
	return va;
}

/* An unlinked area onto the purge list; purge past the threshold. */
static void free_vmap_area_noflush(struct vmap_area *va)
{
	spin_lock(&vmap_area_lock);
	list_add_tail(&va->purge_list, &purge_vmap_area_list);
	vmap_lazy_nr += va_size(va) >> PAGE_SHIFT;
	if (vmap_lazy_nr > vmap_lazy_max_pages)
		purge_vmap_area_lazy();
	spin_unlock(&vmap_area_lock);
}

static void warn_alloc(gfp_t gfp, unsigned long size, const char *why,
		       unsigned long caller)
{
	kmalloc_stats.failed_allocs++;
	if (!(gfp & __GFP_NOWARN))
		pr_warn("vmalloc: allocation of %lu bytes failed: %s (caller %pS)\n",
			size, why, (void *)caller);
}

/*
 * A busy area of @nr_pages pages plus the guard page, with its vm_struct;
 * nothing mapped yet. Return: NULL after warn_alloc().
 */
static struct vm_struct *get_vm_area(unsigned int nr_pages, unsigned long flags,
				     gfp_t gfp, unsigned long caller)
{
	unsigned long size = ((unsigned long)nr_pages + 1) << PAGE_SHIFT;
	struct vm_struct *vm = kzalloc(sizeof(*vm), GFP_KERNEL | __GFP_NOWARN);
	struct vmap_area *va = NULL;

	if (vm) {
		vm->size = size;
		vm->flags = flags;
		vm->nr_pages = nr_pages;
		vm->caller = caller;
		va = alloc_vmap_area(size, vm);
	}
	if (!va) {
		kfree(vm);
		warn_alloc(gfp, size - PAGE_SIZE,
			   vm ? "out of vmalloc space" : "out of memory",
			   caller);
		return NULL;
	}
	vm->addr = (void *)va->va_start;
	return vm;
}

/* Unmap an unlinked area, free what it owns; the range goes lazy. */
static void remove_vm_area(struct vmap_area *va)
{
	struct vm_struct *vm = va->vm;

	vunmap_range_noflush(va->va_start, va->va_end - PAGE_SIZE);
	if ((vm->flags & VM_ALLOC) && vm->pages) {
		for (unsigned int i = 0; i < vm->nr_pages; i++)
			if (vm->pages[i])
				__free_page(vm->pages[i]);
		kfree(vm->pages);
	}
	kfree(vm);
	va->vm = NULL;
	free_vmap_area_noflush(va);
}

static void *__vmalloc_node(unsigned long size, gfp_t gfp, unsigned long caller)
{
	unsigned long max = VMALLOC_END - VMALLOC_START - PAGE_SIZE;
	struct vm_struct *vm;
	unsigned int nr;

	if (!size || size > max) {
		warn_alloc(gfp, size,
			   size ? "larger than the vmalloc area" : "size 0",
			   caller);
		return NULL;
	}
	nr = PFN_UP(size);
	vm = get_vm_area(nr, VM_ALLOC, gfp, caller);
	if (!vm)
		return NULL;
	vm->pages = kcalloc(nr, sizeof(*vm->pages), GFP_KERNEL | __GFP_NOWARN);
	for (unsigned int i = 0; vm->pages && i < nr; i++) {
		vm->pages[i] = alloc_page((gfp & __GFP_ZERO) | __GFP_NOWARN);
		if (!vm->pages[i])
			goto fail;
	}
	if (vm->pages &&
	    !vmap_pages_range((unsigned long)vm->addr,
			      (unsigned long)vm->addr + (nr << PAGE_SHIFT),
			      PAGE_KERNEL, vm->pages))
		return vm->addr;
fail:
	remove_vm_area(unlink_busy((unsigned long)vm->addr));
	warn_alloc(gfp, size, "out of memory", caller);
	return NULL;
}

/**
 * __vmalloc - allocate virtually contiguous memory
 * @size: bytes, 1 .. the size of the vmalloc area less one page
 * @gfp: __GFP_ZERO zeroes, __GFP_NOWARN silences failure
 *
 * PFN_UP(@size) pages, each from alloc_page() wherever it lies, mapped
 * side by side at the lowest free range of the vmalloc area that also
 * holds the guard page after them. Linux's __vmalloc().
 * Context: process (may allocate page tables and purge lazy areas).
 * Return: the page-aligned address, or NULL with one line ("vmalloc:
 * allocation of N bytes failed: WHY (caller F)") for size 0, a size
 * larger than the area, no free range or no memory; what was taken is
 * given back.
 */
void *__vmalloc(unsigned long size, gfp_t gfp)
{
	return __vmalloc_node(size, gfp, _RET_IP_);
}

/**
 * vmalloc - allocate virtually contiguous memory
 * @size: bytes
 *
 * __vmalloc(@size, GFP_KERNEL). Context: process.
 * Return: the address, or NULL (one line).
 */
void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL, _RET_IP_);
}

/**
 * vzalloc - allocate zeroed virtually contiguous memory
 * @size: bytes
 *
 * __vmalloc(@size, GFP_KERNEL | __GFP_ZERO). Context: process.
 * Return: the address, or NULL (one line).
 */
void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL | __GFP_ZERO, _RET_IP_);
}

/*
 * Free the busy area starting at @addr (NULL: nothing); anything else is
 * reported as @what and left alone.
 */
static void free_area_at(const void *addr, const char *what,
			 unsigned long caller)
{
	struct vmap_area *va;

	if (!addr)
		return;
	va = unlink_busy((unsigned long)addr);
	if (!va) {
		kmalloc_report_bad(what, addr, caller);
		return;
	}
	remove_vm_area(va);
}

/**
 * vfree - free memory from vmalloc() (or unmap a vmap() area)
 * @addr: the address vmalloc() returned, or NULL (ignored)
 *
 * Unmaps the area without a TLB flush, frees its pages and puts its
 * range on the purge list (see vm_unmap_aliases()). An address that does
 * not start a live area (never handed out, inside one, freed already) is
 * reported ("kmalloc: invalid vfree of 0x... (caller F)") and ignored.
 * Context: process.
 */
void vfree(const void *addr)
{
	free_area_at(addr, "invalid vfree", _RET_IP_);
}

/**
 * vmap - map an array of pages contiguously
 * @pages: @count pages, in any physical order; they stay the caller's
 * @count: number of pages, >= 1
 * @flags: VM_MAP (other bits are ignored)
 * @prot: PAGE_KERNEL, PAGE_KERNEL_RO ...
 *
 * As vmalloc() with the caller's pages, guard page included. Linux's
 * vmap(). Context: process.
 * Return: the address, or NULL (one line) for @count 0, too large, no
 * free range or no memory for page tables.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot)
{
	unsigned long caller = _RET_IP_;
	struct vm_struct *vm;

	if (!count || count > (VMALLOC_END - VMALLOC_START) / PAGE_SIZE - 1) {
		warn_alloc(0, (unsigned long)count << PAGE_SHIFT,
			   count ? "larger than the vmalloc area" : "size 0",
			   caller);
		return NULL;
	}
	vm = get_vm_area(count, VM_MAP, 0, caller);
	if (!vm)
		return NULL;
	if (!vmap_pages_range((unsigned long)vm->addr,
			      (unsigned long)vm->addr +
				      ((unsigned long)count << PAGE_SHIFT),
			      prot, pages))
		return vm->addr;
	remove_vm_area(unlink_busy((unsigned long)vm->addr));
	warn_alloc(0, (unsigned long)count << PAGE_SHIFT, "out of memory",
		   caller);
	return NULL;
}

/**
 * vunmap - unmap an area from vmap()
 * @addr: the address vmap() returned, or NULL (ignored)
 *
 * The pages stay the caller's; the range goes on the purge list. An
 * address that does not start a live area is reported ("kmalloc: invalid
 * vunmap of 0x...") and ignored. Context: process.
 */
void vunmap(const void *addr)
{
	free_area_at(addr, "invalid vunmap", _RET_IP_);
}

/**
 * is_vmalloc_addr - is @addr inside the vmalloc area?
 * @addr: any address
 * Return: true for VMALLOC_START <= @addr < VMALLOC_END, mapped or not.
 */
bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= VMALLOC_START && a < VMALLOC_END;
}

/**
 * vmalloc_to_page - the struct page mapped at a vmalloc address
 * @addr: any address inside a vmalloc() or vmap() area
 *
 * Walks the page tables (lookup_address()). Context: any.
 * Return: the page, or NULL when @addr is not mapped or not in the
 * vmalloc area.
 */
struct page *vmalloc_to_page(const void *addr)
{
	unsigned int level;
	pte_t *pte;

	if (!is_vmalloc_addr(addr))
		return NULL;
	pte = lookup_address((unsigned long)addr, &level);
	if (!pte || !pte_present(*pte) || !pfn_valid(pte_pfn(*pte)))
		return NULL;
	return pfn_to_page(pte_pfn(*pte));
}

/**
 * find_vm_area - the vm_struct of the live area holding @addr
 * @addr: any address (the guard page counts as the area's)
 * Return: the vm_struct, or NULL. Context: any.
 */
struct vm_struct *find_vm_area(const void *addr)
{
	struct vmap_area *va;

	spin_lock(&vmap_area_lock);
	va = find_vmap_area((unsigned long)addr);
	spin_unlock(&vmap_area_lock);
	return va ? va->vm : NULL;
}

/**
 * kvmalloc - kmalloc(), or vmalloc() when that fails
 * @size: bytes
 * @gfp: GFP flags (__GFP_ZERO zeroes)
 *
 * As Linux's kvmalloc(): up to PAGE_SIZE only kmalloc() (it does not fail
 * for lack of contiguity); above, kmalloc() without its failure line,
 * then vmalloc() for what needs more contiguous memory than there is.
 * Free with kvfree(). Context: process.
 * Return: the memory, or NULL (one line unless __GFP_NOWARN).
 */
void *kvmalloc(size_t size, gfp_t gfp)
{
	void *p;

	if (size <= PAGE_SIZE)
		return kmalloc(size, gfp);
	p = kmalloc(size, gfp | __GFP_NOWARN);
	if (p)
		return p;
	return __vmalloc_node(size, gfp, _RET_IP_);
}

/**
 * kvzalloc - kvmalloc() of zeroed memory
 * @size: bytes
 * @gfp: GFP flags
 * Return: as kvmalloc().
 */
void *kvzalloc(size_t size, gfp_t gfp)
{
	return kvmalloc(size, gfp | __GFP_ZERO);
}

/**
 * kvfree - free memory from kvmalloc()
 * @addr: the address, or NULL (ignored)
 *
 * vfree() for a vmalloc address, kfree() for anything else (which
 * reports what it cannot free). Context: process.
 */
void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}

/* How long a fault report waits for vmap_area_lock: about 10 ms of TCG. */
#define DESCRIBE_LOCK_SPINS 1000000UL

/* vmalloc_describe_addr() under vmap_area_lock. */
static int describe_locked(unsigned long addr, char *buf, size_t size)
{
	struct vmap_area *va, *lazy = NULL;
	struct vm_struct *vm;

	va = find_vmap_area(addr);
	if (!va) {
		list_for_each_entry(va, &purge_vmap_area_list, purge_list)
			if (addr >= va->va_start && addr < va->va_end)
				lazy = va;
		if (lazy)
			return snprintf(
				buf, size,
				"address %#lx is in vmalloc area %#lx-%#lx, freed (lazily, not purged yet)",
				addr, lazy->va_start, lazy->va_end - 1);
		return snprintf(
			buf, size,
			"address %#lx is in the vmalloc area, in no live area",
			addr);
	}
	vm = va->vm;
	return snprintf(
		buf, size,
		"address %#lx is %s vmalloc area %#lx-%#lx (%lu bytes) from %pS",
		addr,
		addr >= va->va_end - PAGE_SIZE ? "the guard page of" : "inside",
		va->va_start, va->va_end - PAGE_SIZE - 1, vm->size - PAGE_SIZE,
		(void *)vm->caller);
}

/**
 * vmalloc_describe_addr - say what a vmalloc address belongs to
 * @addr: a faulting address, say
 * @buf: where the sentence goes
 * @size: bytes in @buf
 *
 * For fault reports: "address 0x... is the guard page of vmalloc area
 * 0x...-0x... (N bytes) from CALLER", "... is inside vmalloc area ...",
 * "... is in a vmalloc area freed lazily" or "... is in the vmalloc
 * area, in no live area"; when vmap_area_lock stays taken for about
 * 10 ms (a fault inside vmalloc itself), only "... is in the vmalloc
 * area (its areas are locked: not described)". Reads only.
 * Context: any but NMI (a fault handler), any CPU.
 * Return: the length written, 0 when @addr is outside the vmalloc area
 * (nothing to say).
 */
int vmalloc_describe_addr(unsigned long addr, char *buf, size_t size)
{
	int len;

	if (!is_vmalloc_addr((void *)addr))
		return 0;
	/* A fault inside vmalloc itself must not wait for its own lock. */
	for (unsigned long i = 0; !spin_trylock(&vmap_area_lock); i++) {
		if (i == DESCRIBE_LOCK_SPINS)
			return snprintf(
				buf, size,
				"address %#lx is in the vmalloc area (its areas are locked: not described)",
				addr);
		cpu_relax();
	}
	len = describe_locked(addr, buf, size);
	spin_unlock(&vmap_area_lock);
	return len;
}

/*
 * One range of a tree walk for vmalloc_validate(): in address order after
 * @prev_end, and in the free tree not adjacent to the previous one.
 */
static int check_range(const struct vmap_area *va, unsigned long *prev_end,
		       bool free)
{
	int errors = 0;

	if (va->va_start >= va->va_end || va->va_start < *prev_end ||
	    (free && va->va_start == *prev_end) ||
	    !IS_ALIGNED(va->va_start | va->va_end, PAGE_SIZE) ||
	    va->va_start < VMALLOC_START || va->va_end > VMALLOC_END)
		errors += kmalloc_validate_fail(
			"vmalloc: %s area %#lx-%#lx out of order, overlapping, unmerged or outside",
			free ? "free" : "busy", va->va_start, va->va_end);
	*prev_end = va->va_end;
	return errors;
}

/**
 * vmalloc_validate - check the vmalloc area's bookkeeping
 *
 * The free tree: ranges in order, page aligned, not touching (merged),
 * each node's subtree_max_size right. The busy tree: in order, each
 * area's pages mapped and its guard page not. Free, busy and lazily
 * freed bytes add up to the whole area. Each violation is printed by
 * kmalloc_validate_fail(). Context: process, any CPU (under
 * vmap_area_lock); reads only.
 * Return: the number of violations.
 */
int vmalloc_validate(void)
{
	unsigned long prev_end = 0, bytes = 0;
	struct rb_node *node;
	struct vmap_area *va;
	int errors = 0;

	spin_lock(&vmap_area_lock);
	for (node = rb_first(&free_vmap_area_root); node;
	     node = rb_next(node)) {
		unsigned long m;

		va = to_va(node);
		errors += check_range(va, &prev_end, true);
		m = max(va_size(va), max(subtree_max(node->rb_left),
					 subtree_max(node->rb_right)));
		if (va->subtree_max_size != m)
			errors += kmalloc_validate_fail(
				"vmalloc: free area %#lx-%#lx: subtree_max_size %lu, should be %lu",
				va->va_start, va->va_end, va->subtree_max_size,
				m);
		bytes += va_size(va);
	}
	prev_end = 0;
	for (node = rb_first(&vmap_area_root); node; node = rb_next(node)) {
		va = to_va(node);
		errors += check_range(va, &prev_end, false);
		if (!va->vm || va->vm->size != va_size(va) ||
		    !vmalloc_to_page((void *)va->va_start) ||
		    vmalloc_to_page((void *)(va->va_end - PAGE_SIZE)))
			errors += kmalloc_validate_fail(
				"vmalloc: busy area %#lx-%#lx: vm_struct, mapping or guard page wrong",
				va->va_start, va->va_end);
		bytes += va_size(va);
	}
	list_for_each_entry(va, &purge_vmap_area_list, purge_list)
		bytes += va_size(va);
	if (bytes != VMALLOC_END - VMALLOC_START)
		errors += kmalloc_validate_fail(
			"vmalloc: free, busy and lazy areas cover %lu bytes of %lu",
			bytes, VMALLOC_END - VMALLOC_START);
	spin_unlock(&vmap_area_lock);
	return errors;
}

/* The whole area free: one node in the free tree. */
static int __init vmalloc_init(void)
{
	struct vmap_area *va = kmalloc(sizeof(*va), GFP_KERNEL);

	if (!va)
		return -ENOMEM;
	va->va_start = VMALLOC_START;
	va->va_end = VMALLOC_END;
	merge_or_add_vmap_area(va);
	return 0;
}
core_initcall(vmalloc_init);
