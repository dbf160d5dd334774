// SPDX-License-Identifier: GPL-2.0
/*
 * Ending a run (machine_exit(), kernel/reboot.c, ends here). QEMU's
 * isa-debug-exit device (iobase 0xf4, 4 bytes wide) exits QEMU with
 * (value << 1) | 1; Bochs shuts down when "Shutdown" is written to port
 * 0x8900; on real hardware nothing answers and we halt.
 */
#include <kmlab/machine.h>
#include <asm/io.h>
#include <asm/serial.h>

#define ISA_DEBUG_EXIT_PORT 0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900

void arch_machine_exit(int status)
{
	serial_flush(COM1_PORT);
	serial_flush(COM2_PORT);
	outl(status, ISA_DEBUG_EXIT_PORT);
	for (const char *s = "Shutdown"; *s; s++)
		outb(*s, BOCHS_SHUTDOWN_PORT);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
