/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's registries in a linker script (as Linux's
 * include/asm-generic/vmlinux.lds.h): ktest suites, parameters,
 * initcalls, exit hooks and benchmarks, each an array of descriptors
 * collected from every object into one section, bounded by start/end
 * symbols. Used by arch/i386's and arch/host's vmlinux.lds.S.
 */
/* Linker script, not C: */
/* clang-format off */
#define REGISTRY(name, sec)						\
	. = ALIGN(4);							\
	__##name##_start = .;						\
	KEEP(*(SORT_BY_NAME(sec)))					\
	__##name##_end = .;

#define KMLAB_REGISTRIES						\
	REGISTRY(kernel_params, .kernel_params)				\
	__initcall_start = .;						\
	KEEP(*(SORT_BY_NAME(.initcall*.init)))				\
	__initcall_end = .;						\
	REGISTRY(exit_hooks, .exit_hooks)				\
	REGISTRY(ktest_suites, .ktest_suites)				\
	REGISTRY(kbench, .kbench)
