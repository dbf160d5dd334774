/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel image layout. Loaded at 1 MiB by the multiboot loader. The
 * registries (ktest suites, parameters, initcalls, exit hooks, benchmarks)
 * are arrays of descriptors collected from every object into one section
 * each, bounded by start/end symbols. The symbol table (.kallsyms) comes
 * last, after .bss, so filling it in the second link pass moves nothing.
 */
OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(_start)

#include <kmlab/vmlinux.lds.h>

SECTIONS
{
	. = 0x100000;
	__kernel_start = .;

	.text : {
		KEEP(*(.multiboot))
		*(.text .text.*)
		_etext = .;
	}

	.rodata ALIGN(4096) : {
		*(.rodata .rodata.*)
		KMLAB_REGISTRIES
	}

	.data ALIGN(4096) : {
		/*
		 * The per-CPU template (CONFIG_SMP, <kmlab/percpu.h>): first,
		 * because .data.* below would take it too. Empty without SMP.
		 */
		__per_cpu_start = .;
		KEEP(*(.data..percpu))
		. = ALIGN(64);
		__per_cpu_end = .;
		*(.data .data.*)
		/* gcov_info pointers (-fprofile-info-section) */
		. = ALIGN(4);
		__gcov_info_start = .;
		KEEP(*(.gcov_info))
		__gcov_info_end = .;
	}

	.bss ALIGN(4096) : {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		__bss_stop = .;
	}

	.kallsyms ALIGN(4096) : {
		KEEP(*(.kallsyms))
	}

	. = ALIGN(4096);
	_end = .;

	/DISCARD/ : {
		*(.note.gnu.property)
		*(.comment)
		*(.eh_frame)
	}
}
