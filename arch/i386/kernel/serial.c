// SPDX-License-Identifier: GPL-2.0
/*
 * 16550 UART, polled: the console on COM1 (115200 8N1) and a raw byte
 * channel on COM2 for the coverage stream. Newlines are sent as CR LF on
 * the console only.
 */
#include <kmlab/printk.h>
#include <kmlab/errno.h>
#include <asm/io.h>
#include <asm/serial.h>
#include <asm/setup.h>

#define UART_THR 0
#define UART_IER 1
#define UART_DLL 0
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40

int serial_init(u16 port)
{
	outb(0x00, port + UART_IER); /* no interrupts */
	outb(0x80, port + UART_LCR); /* DLAB on */
	outb(1, port + UART_DLL); /* 115200 / 1 */
	outb(0, port + UART_DLM);
	outb(0x03, port + UART_LCR); /* 8N1, DLAB off */
	outb(0xc7, port + UART_FCR); /* FIFOs on and cleared, 14-byte trigger */
	outb(0x13, port + UART_MCR); /* loopback for the probe */
	outb(0xae, port + UART_THR);
	if (inb(port + UART_THR) != 0xae) {
		outb(0x03, port + UART_MCR);
		return -EIO;
	}
	outb(0x03, port + UART_MCR); /* DTR, RTS, normal operation */
	return 0;
}

static void serial_putc(u16 port, u8 c)
{
	while (!(inb(port + UART_LSR) & UART_LSR_THRE))
		;
	outb(c, port + UART_THR);
}

void serial_write(u16 port, const void *buf, size_t len)
{
	const u8 *p = buf;

	for (size_t i = 0; i < len; i++)
		serial_putc(port, p[i]);
}

void serial_flush(u16 port)
{
	/* Transmitter empty: holding register and shift register both. */
	while (!(inb(port + UART_LSR) & UART_LSR_TEMT))
		;
}

static void com1_console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc(COM1_PORT, '\r');
		serial_putc(COM1_PORT, s[i]);
	}
}

static struct console com1_console = {
	.name = "ttyS0",
	.write = com1_console_write,
};

void early_console_init(void)
{
	serial_init(COM1_PORT);
	register_console(&com1_console);
}
