// SPDX-License-Identifier: GPL-2.0
/*
 * The port 0xE9 debug console (CONFIG_DEBUG_E9_CONSOLE).
 *
 * Bochs ("port_e9_hack: enabled=1") and QEMU ("-debugcon file:F" or
 * "-debugcon stdio") print every byte written to I/O port 0xE9, with no
 * UART to program and no transmitter to wait for, so the console keeps
 * working when the serial driver is the thing being debugged. Both answer
 * a read of the port with 0xE9; real hardware and a QEMU without
 * -debugcon answer 0xFF, and then the console is not registered, so the
 * option costs nothing where no one listens.
 *
 * The console mirrors printk: it is registered right after the COM1
 * console and receives the same text, newlines sent as CR LF like COM1
 * (Bochs's curses display leaves the terminal in raw mode).
 * Documentation/dev-tools/debugging.rst shows how to read it.
 */
#include <kmlab/printk.h>
#include <asm/io.h>
#include <asm/setup.h>

#define E9_PORT 0xe9

static void e9_console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			outb('\r', E9_PORT);
		outb(s[i], E9_PORT);
	}
}

static struct console e9_console = {
	.name = "e9",
	.write = e9_console_write,
};

/**
 * e9_console_init - register the port 0xE9 console if an emulator listens
 *
 * Probes the port (Bochs and QEMU's debugcon read back 0xE9) and, when it
 * answers, registers a console that mirrors every printk message to it.
 * Called once from i386_start_kernel() after early_console_init(), with
 * interrupts off. Prints "e9: ..." on the consoles either way.
 */
void e9_console_init(void)
{
	if (inb(E9_PORT) != E9_PORT) {
		pr_info("e9: no debug console on port 0xe9 (read %#x)\n",
			inb(E9_PORT));
		return;
	}
	register_console(&e9_console);
	pr_info("e9: debug console on port 0xe9 mirrors printk\n");
}
