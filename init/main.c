// SPDX-License-Identifier: GPL-2.0
/*
 * start_kernel(): the architecture-independent part of boot.
 *
 * Order: banner and command line, the memory map, the CPUs' per-CPU
 * areas and stacks (smp_prepare_cpus, from memblock), the key of the
 * random source (random_init), the heap (mm_init),
 * interrupts on, the other CPUs started (smp_init), initcalls level by
 * level, then the tests, then the exit hooks (the coverage dump among
 * them) and machine_exit() with the tests' status.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/param.h>
#include <kmlab/init.h>
#include <kmlab/memblock.h>
#include <kmlab/machine.h>
#include <kmlab/bootinfo.h>
#include <asm/setup.h>
#include <asm/traps.h>
#include <ktest.h>
#include <kmlab/kbench.h>
#include <kmlab/smp.h>
#include <kmlab/ubsan.h>
#include <kmlab/random.h>
#include <kmlab/lockdep.h>

extern const initcall_t __initcall_start[], __initcall_end[];

void start_kernel(void);
void start_kernel_core(void);
void mm_init(void);

/*
 * Out of line: a fault or panic in an initcall shows do_initcalls in its
 * backtrace (tools/testing/boot/test_boot.py), whatever the compiler
 * would otherwise fold into start_kernel_core().
 */
__noinline void do_initcalls(void)
{
	for (const initcall_t *fn = __initcall_start; fn < __initcall_end;
	     fn++) {
		int ret = (*fn)();

		if (ret)
			pr_warn("initcall %ps returned %d\n", *fn, ret);
	}
}

/*
 * The command line as the kernel got it, control bytes escaped
 * (string_escape_str()); a long one in parts, each well under printk's
 * line limit, so that nothing of it is cut.
 */
static void print_command_line(void)
{
	static char esc[COMMAND_LINE_SIZE * 4];
	const int part = 384;
	int len = string_escape_str(saved_command_line, esc, sizeof(esc));

	if (len <= part) {
		pr_info("kmlab: boot loader '%s', command line '%s'\n",
			boot_loader_name, esc);
		return;
	}
	pr_info("kmlab: boot loader '%s', command line of %zu bytes, in parts:\n",
		boot_loader_name, strlen(saved_command_line));
	for (int i = 0; i < len; i += part)
		pr_info("kmlab:   '%.*s'\n", len - i < part ? len - i : part,
			esc + i);
}

/*
 * The least usable memory (memblock_usable_bytes(), bytes) this kernel
 * boots with: the heap's own bookkeeping, the ktest runner and the cases
 * of every suite that does not ask for more (struct ktest_suite's
 * min_memory). QEMU -m 4M gives about 2.6 MiB; -m 3M, 1.6 MiB, is refused.
 */
#define KMLAB_MIN_USABLE_MEMORY (2UL << 20)

/* Below the minimum, stop with a reason rather than fail tests at random. */
static void check_memory_size(void)
{
	unsigned long long usable = memblock_usable_bytes();

	pr_info("kmlab: %llu KiB of usable memory; this kernel needs at least %lu KiB\n",
		usable >> 10, KMLAB_MIN_USABLE_MEMORY >> 10);
	if (usable < KMLAB_MIN_USABLE_MEMORY)
		panic("mm: %llu KiB of usable memory is less than the %lu KiB this kernel needs: give the machine more RAM (make run MEM=4M or more)",
		      usable >> 10, KMLAB_MIN_USABLE_MEMORY >> 10);
}

/*
 * From memblock to a running kernel: the CPUs' areas, kbench's ID table,
 * the heap, interrupts, the other CPUs, the initcalls. Also the whole boot
 * of a heap in ARCH=host's library (arch/host/lib/api.c), so that the two
 * never differ.
 */
void start_kernel_core(void)
{
	smp_prepare_cpus();
	kbench_reserve();
	random_init();
	mm_init();
	local_irq_enable();
	smp_init();
	do_initcalls();
}

void start_kernel(void)
{
	int status;

	pr_info("kmlab: " UTS_MACHINE
		" kernel for studying memory allocators\n");
	print_command_line();
	parse_args((char *)saved_command_line, false);
	memblock_dump();
	check_memory_size();
	start_kernel_core();
	status = ktest_run_all();
	if (kbench_run_all() && status == KMLAB_EXIT_PASS)
		status = KMLAB_EXIT_TESTS_FAILED;
	/* A UBSan report inside a case failed it; outside one, the run. */
	if (ubsan_run_failed() && status == KMLAB_EXIT_PASS)
		status = KMLAB_EXIT_TESTS_FAILED;
	/* So does a lock-order report (CONFIG_PROVE_LOCKING). */
	if (lockdep_run_failed() && status == KMLAB_EXIT_PASS)
		status = KMLAB_EXIT_TESTS_FAILED;
	machine_exit(status);
}
