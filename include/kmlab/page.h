/* SPDX-License-Identifier: GPL-2.0 */
/* Page size and page frame numbers. Memory is identity mapped. */
#ifndef _KMLAB_PAGE_H
#define _KMLAB_PAGE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_PHYS(pfn) ((phys_addr_t)(pfn) << PAGE_SHIFT)

#endif /* _KMLAB_PAGE_H */
