/* SPDX-License-Identifier: GPL-2.0 */
/* 16550 UART driver (arch/i386/kernel/serial.c). */
#ifndef _ASM_SERIAL_H
#define _ASM_SERIAL_H

#include <kmlab/types.h>

#define COM1_PORT 0x3f8
#define COM2_PORT 0x2f8

/**
 * serial_init - program a 16550 for 115200 baud, 8N1, FIFOs on, no interrupts
 * @port: I/O base (COM1_PORT, COM2_PORT)
 * Return: 0, or -EIO when no UART answers at @port (loopback test failed).
 */
int serial_init(u16 port);

/**
 * serial_write - write @len bytes to the UART at @port, polling
 * @port: I/O base
 * @buf: bytes (no newline translation)
 * @len: bytes
 */
void serial_write(u16 port, const void *buf, size_t len);

/**
 * serial_flush - wait until the UART at @port has sent every byte
 * @port: I/O base
 *
 * Used before the machine stops, so that an emulator that exits at once
 * (Bochs's shutdown port) does not lose the last bytes in the FIFO.
 */
void serial_flush(u16 port);

#endif /* _ASM_SERIAL_H */
