/* SPDX-License-Identifier: GPL-2.0 */
/* Ending a run: the status the host sees (arch/i386/kernel/shutdown.c). */
#ifndef _KMLAB_MACHINE_H
#define _KMLAB_MACHINE_H

#include <kmlab/compiler.h>

/*
 * Exit statuses.  Under QEMU the isa-debug-exit device turns status S into
 * the process exit code (S << 1) | 1; scripts/run-qemu maps it back.
 */
enum kmlab_exit_status {
	KMLAB_EXIT_PASS = 0, /* every test passed */
	KMLAB_EXIT_TESTS_FAILED = 1, /* the run completed, some tests failed */
	KMLAB_EXIT_PANIC = 2, /* panic() */
	KMLAB_EXIT_FAULT = 3, /* CPU exception outside a test */
};

/**
 * machine_exit - end the run with @status
 * @status: an enum kmlab_exit_status value
 *
 * Runs the exit hooks (the gcov dump, for one) first, then
 * arch_machine_exit(): on i386, under QEMU writes @status to the
 * isa-debug-exit port (0xf4), under Bochs writes "Shutdown" to port
 * 0x8900, anywhere else halts the CPU forever; under ARCH=host the process
 * exits with @status. Never returns.
 */
__noreturn void machine_exit(int status);

/**
 * arch_machine_exit - the architecture's end of machine_exit()
 * @status: an enum kmlab_exit_status value
 *
 * Called by machine_exit() with interrupts off, after the exit hooks and
 * the status line; never returns.
 */
__noreturn void arch_machine_exit(int status);

/**
 * machine_exit_hook - a function run by machine_exit() before the machine stops
 * @fn: called with the exit status; must not call machine_exit()
 */
struct machine_exit_hook {
	void (*fn)(int status);
};
#define machine_exit_hook(fn)                                         \
	static const struct machine_exit_hook __exit_hook_##fn __used \
		__section(".exit_hooks") __aligned(4) = { fn }

#endif /* _KMLAB_MACHINE_H */
