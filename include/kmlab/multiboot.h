/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot (version 1) boot information, as the Multiboot Specification
 * 0.6.96 defines it (section 3.3). Only the fields kmlab reads.
 */
#ifndef _KMLAB_MULTIBOOT_H
#define _KMLAB_MULTIBOOT_H

#define MULTIBOOT_HEADER_MAGIC 0x1BADB002
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
#define MULTIBOOT_PAGE_ALIGN (1 << 0)
#define MULTIBOOT_MEMORY_INFO (1 << 1)

#ifndef __ASSEMBLY__
#include <kmlab/types.h>
#include <kmlab/compiler.h>

#define MULTIBOOT_INFO_MEMORY (1 << 0)
#define MULTIBOOT_INFO_CMDLINE (1 << 2)
#define MULTIBOOT_INFO_MODS (1 << 3)
#define MULTIBOOT_INFO_MEM_MAP (1 << 6)
#define MULTIBOOT_INFO_BOOT_LOADER_NAME (1 << 9)

#define MULTIBOOT_MEMORY_AVAILABLE 1

struct multiboot_info {
	u32 flags;
	u32 mem_lower; /* KiB below 1 MiB */
	u32 mem_upper; /* KiB above 1 MiB */
	u32 boot_device;
	u32 cmdline;
	u32 mods_count;
	u32 mods_addr;
	u32 syms[4];
	u32 mmap_length;
	u32 mmap_addr;
	u32 drives_length;
	u32 drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __packed;

/* One memory map entry; size does not count itself. */
struct multiboot_mmap_entry {
	u32 size;
	u64 addr;
	u64 len;
	u32 type;
} __packed;

struct multiboot_mod_list {
	u32 mod_start;
	u32 mod_end;
	u32 cmdline;
	u32 pad;
} __packed;
#endif

#endif /* _KMLAB_MULTIBOOT_H */
