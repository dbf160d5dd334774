// SPDX-License-Identifier: GPL-2.0
/*
 * panic() and WARN_ON(): the fatal and the non-fatal complaint.
 *
 * With several CPUs, the first CPU to panic stops the others
 * (smp_send_stop()) before it prints, so that nothing runs or prints
 * after the report; a CPU that panics second halts where it is (the
 * first one stops it).
 */
#include <kmlab/printk.h>
#include <kmlab/smp.h>
#include <kmlab/machine.h>
#include <asm/traps.h>
#include <asm/bochs.h>

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list args;

	local_irq_disable();
#ifdef CONFIG_SMP
	{
		static int panic_cpu = -1;
		int self = smp_processor_id(), old = -1;

		if (!__atomic_compare_exchange_n(&panic_cpu, &old, self, false,
						 __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE) &&
		    old != self)
			for (;;)
				__asm__ __volatile__("hlt");
		smp_send_stop();
		printk_bust_lock();
	}
#endif
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
