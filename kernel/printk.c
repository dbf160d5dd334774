// SPDX-License-Identifier: GPL-2.0
/*
 * printk: format into a buffer on the stack and hand the text to every
 * registered console. No log buffer, no timestamps: the console is the
 * log, and KTAP lines reach the host exactly as printed. The level prefix
 * (KERN_*) is stripped; messages above console_loglevel are dropped.
 *
 * One message is at most PRINTK_LINE_MAX - 1 bytes. A longer one is cut
 * and ends with a marker and a newline ("... [printk: cut, 700 bytes in
 * all]"), so that the next line (a KTAP line, say) never gets glued to it.
 */
#include <kmlab/printk.h>
#include <kmlab/param.h>
#include <kmlab/string.h>
#include <asm/traps.h>

static struct console *consoles;
static int console_loglevel = 7;
kernel_param_range("loglevel", console_loglevel, int, 0, 8,
		   "print messages with a level below this (0-8, default 7)");

void register_console(struct console *con)
{
	con->next = consoles;
	consoles = con;
}

#define PRINTK_LINE_MAX 512

/* End a cut message in @buf (full: its length uncut) with the marker. */
static int printk_mark_cut(char *buf, size_t size, int full)
{
	char mark[48];
	int m = snprintf(mark, sizeof(mark),
			 " ... [printk: cut, %d bytes in all]\n", full);

	memcpy(buf + size - 1 - m, mark, m + 1);
	return size - 1;
}

int vprintk(const char *fmt, va_list args)
{
	char buf[PRINTK_LINE_MAX];
	int level = LOGLEVEL_DEFAULT, len;
	unsigned long flags;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	if (level >= console_loglevel)
		return 0;
	len = vsnprintf(buf, sizeof(buf), fmt, args);
	if (len >= (int)sizeof(buf))
		len = printk_mark_cut(buf, sizeof(buf), len);
	flags = local_irq_save();
	for (struct console *c = consoles; c; c = c->next)
		c->write(buf, len);
	local_irq_restore(flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = vprintk(fmt, args);
	va_end(args);
	return r;
}
