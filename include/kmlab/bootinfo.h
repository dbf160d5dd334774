/* SPDX-License-Identifier: GPL-2.0 */
/* What the boot loader handed over, in a boot-loader-neutral form. */
#ifndef _KMLAB_BOOTINFO_H
#define _KMLAB_BOOTINFO_H

#include <kmlab/types.h>

#define BOOT_MODULES_MAX 8

/* A module loaded by GRUB ("module2"/"module") or QEMU's -initrd. */
struct boot_module {
	const void *data; /* identity-mapped start */
	size_t size; /* bytes */
	const char *cmdline; /* the module's string: its path for GRUB */
};

extern struct boot_module boot_modules[BOOT_MODULES_MAX];
extern unsigned int boot_module_count;
extern const char *boot_loader_name;

#endif /* _KMLAB_BOOTINFO_H */
