/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Added to ld's default script for a Linux program (INSERT): the kernel's
 * registries (ktest suites, parameters, initcalls, exit hooks, benchmarks)
 * after .rodata, bounded by the same start/end symbols as in the i386
 * image, and the symbol table (.kallsyms) after .bss, so that filling it
 * in the second link pass moves nothing.
 */
#include <kmlab/vmlinux.lds.h>

SECTIONS
{
	.kmlab_registries : {
		KMLAB_REGISTRIES
	}
}
INSERT AFTER .rodata;

SECTIONS
{
	.kallsyms ALIGN(4096) : {
		KEEP(*(.kallsyms))
	}
}
INSERT AFTER .bss;
