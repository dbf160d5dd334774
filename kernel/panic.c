// SPDX-License-Identifier: GPL-2.0
/* panic() and WARN_ON(): the fatal and the non-fatal complaint. */
#include <kmlab/printk.h>
#include <kmlab/machine.h>
#include <asm/traps.h>
#include <asm/bochs.h>

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list args;

	local_irq_disable();
	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n",
	       buf);
	/* CONFIG_BOCHS_MAGIC_BREAK: stop in the Bochs debugger, stack intact. */
	bochs_break();
	machine_exit(KMLAB_EXIT_PANIC);
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	printk(KERN_WARNING "WARNING: at %s:%d: %s\n", file, line, cond);
	dump_stack();
}
