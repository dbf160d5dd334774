// SPDX-License-Identifier: GPL-2.0
/*
 * machine_exit(), the end of every run on every architecture: interrupts
 * off, the other CPUs stopped (CONFIG_SMP), the exit hooks once (the
 * coverage dump, ktest's "running" line), the status line, then the
 * architecture's way out (arch_machine_exit(): QEMU's isa-debug-exit on
 * i386, _exit() on ARCH=host).
 */
#include <kmlab/machine.h>
#include <kmlab/printk.h>
#include <kmlab/smp.h>
#include <asm/traps.h>

extern const struct machine_exit_hook __exit_hooks_start[], __exit_hooks_end[];
static bool exiting;

void machine_exit(int status)
{
	local_irq_disable();
	smp_send_stop(); /* nothing prints or runs while the hooks dump */
	if (!exiting) {
		exiting = true;
		for (const struct machine_exit_hook *h = __exit_hooks_start;
		     h < __exit_hooks_end; h++)
			h->fn(status);
	}
	printk(KERN_INFO "kmlab: exit status %d\n", status);
	arch_machine_exit(status);
}
