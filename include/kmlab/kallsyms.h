/* SPDX-License-Identifier: GPL-2.0 */
/* Symbol lookup in the table embedded at link time (kernel/kallsyms.c). */
#ifndef _KMLAB_KALLSYMS_H
#define _KMLAB_KALLSYMS_H

#include <kmlab/types.h>

#define KSYM_NAME_LEN 128
#define KSYM_SYMBOL_LEN (KSYM_NAME_LEN + 32)

/**
 * kallsyms_lookup - find the function containing an address
 * @addr: a text address
 * @size: where to store the symbol's size in bytes (may be NULL)
 * @offset: where to store @addr's offset from the symbol start (may be NULL)
 *
 * Return: the symbol name, or NULL when @addr is outside the kernel text.
 * Any context.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset);

/**
 * kallsyms_lookup_name - address of a text symbol by name
 * @name: symbol name
 *
 * Return: the address, or 0 when there is no such symbol. Linear search.
 */
unsigned long kallsyms_lookup_name(const char *name);

/**
 * sprint_symbol - format "name+0xoff/0xsize" for @addr into @buf
 * @buf: at least KSYM_SYMBOL_LEN bytes
 * @addr: text address
 *
 * Addresses outside the text are printed as 0x%08lx.
 * Return: the length written.
 */
int sprint_symbol(char *buf, unsigned long addr);

/**
 * sprint_backtrace - like sprint_symbol() for a return address
 * @buf: at least KSYM_SYMBOL_LEN bytes
 * @ret: return address found on the stack
 *
 * Looks up @ret - 1, so a call at the very end of a noreturn function is
 * named after that function, not the next one. Return: the length written.
 */
int sprint_backtrace(char *buf, unsigned long ret);

#endif /* _KMLAB_KALLSYMS_H */
