// SPDX-License-Identifier: GPL-2.0
/*
 * Ending a run. QEMU's isa-debug-exit device (iobase 0xf4, 4 bytes wide)
 * exits QEMU with (value << 1) | 1; Bochs shuts down when "Shutdown" is
 * written to port 0x8900; on real hardware nothing answers and we halt.
 * The other CPUs are stopped first (smp_send_stop()), so that nothing
 * prints or runs while the exit hooks dump coverage.
 */
#include <kmlab/machine.h>
#include <kmlab/printk.h>
#include <asm/io.h>
#include <asm/serial.h>
#include <asm/traps.h>
#include <kmlab/smp.h>

#define ISA_DEBUG_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900

extern const struct machine_exit_hook __exit_hooks_start[], __exit_hooks_end[];
static bool exiting;

void machine_exit(int status)
{
	local_irq_disable();
	smp_send_stop();
	if (!exiting) {
		exiting = true;
		for (const struct machine_exit_hook *h = __exit_hooks_start;
		     h < __exit_hooks_end; h++)
			h->fn(status);
	}
	printk(KERN_INFO "kmlab: exit status %d\n", status);
	serial_flush(COM1_PORT);
	serial_flush(COM2_PORT);
	outl(status, ISA_DEBUG_EXIT_PORT);
	for (const char *s = "Shutdown"; *s; s++)
		outb(*s, BOCHS_SHUTDOWN_PORT);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
