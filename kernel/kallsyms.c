// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol lookup for backtraces and %pS. The table is generated at link
 * time from the kernel's own symbols (scripts/kallsyms.py): sorted text
 * addresses, so a lookup is a binary search; a symbol's size is the
 * distance to the next one, as in Linux's kallsyms.
 */
#include <kmlab/kallsyms.h>
#include <kmlab/kallsyms_table.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>

const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset)
{
	unsigned long lo = 0, hi = kallsyms_num;

	if (!kallsyms_num || addr < kallsyms_addresses[0] ||
	    addr >= kallsyms_addresses[kallsyms_num])
		return NULL;
	while (hi - lo > 1) {
		unsigned long mid = (lo + hi) / 2;

		if (kallsyms_addresses[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (size)
		*size = kallsyms_addresses[lo + 1] - kallsyms_addresses[lo];
	if (offset)
		*offset = addr - kallsyms_addresses[lo];
	return &kallsyms_names[kallsyms_offsets[lo]];
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (unsigned long i = 0; i < kallsyms_num; i++)
		if (!strcmp(&kallsyms_names[kallsyms_offsets[i]], name))
			return kallsyms_addresses[i];
	return 0;
}

int sprint_symbol(char *buf, unsigned long addr)
{
	unsigned long size, offset;
	const char *name = kallsyms_lookup(addr, &size, &offset);

	if (!name)
		return snprintf(buf, KSYM_SYMBOL_LEN, "0x%08lx", addr);
	return snprintf(buf, KSYM_SYMBOL_LEN, "%s+%#lx/%#lx", name, offset,
			size);
}

int sprint_backtrace(char *buf, unsigned long ret)
{
	unsigned long size, offset;
	/* A call may be the last instruction of a noreturn function. */
	const char *name = kallsyms_lookup(ret - 1, &size, &offset);

	if (!name)
		return snprintf(buf, KSYM_SYMBOL_LEN, "0x%08lx", ret);
	return snprintf(buf, KSYM_SYMBOL_LEN, "%s+%#lx/%#lx", name, offset + 1,
			size);
}

void dump_stack(void)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned long *frame = __builtin_frame_address(0);
	int depth = 0;

	printk("Call Trace:\n");
	while (frame && depth++ < 32 && (unsigned long)frame >= 0x1000) {
		unsigned long ret = frame[1];

		if (!kallsyms_lookup(ret - 1, NULL, NULL))
			break;
		sprint_backtrace(sym, ret);
		printk(" [<%08lx>] %s\n", ret, sym);
		frame = (unsigned long *)frame[0];
	}
}
