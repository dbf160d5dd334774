/* SPDX-License-Identifier: GPL-2.0 */
/* GDT selectors: a flat 4 GiB code and data segment in ring 0. */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H

#define __KERNEL_CS 0x08
#define __KERNEL_DS 0x10

#endif /* _ASM_SEGMENT_H */
