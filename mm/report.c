// SPDX-License-Identifier: GPL-2.0
/*
 * What every backend calls down into to report bad input and to count:
 * kmalloc_stats, the one greppable bad-input line, validate() lines, and
 * the check-report-repair of a poison or redzone fill (Linux's SLUB has
 * the same check_bytes_and_report()). The prototypes and the inline
 * statistics helpers are in mm/internal.h, the fill values in
 * <kmlab/poison.h>.
 *
 * Nothing here calls a backend or the API above it, so the layering is
 * kmalloc.c -> backend -> report.c, without a circle.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include "internal.h"

struct kmalloc_stats kmalloc_stats;
bool kmalloc_validating_op;
unsigned int kmalloc_report_quiet;

void kmalloc_report_bad(const char *what, const void *p, unsigned long caller)
{
	if (kmalloc_report_quiet)
		return;
	kmalloc_stats.bad_input++;
	pr_err("kmalloc: %s of 0x%08lx (caller %pS)\n", what, (unsigned long)p,
	       (void *)caller);
}

int kmalloc_validate_fail(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_err("kmalloc: validate: %s\n", buf);
	return 1;
}

bool check_bytes_and_report(const char *what, const void *obj,
			    unsigned long caller, void *start, u8 value,
			    size_t bytes)
{
	u8 *fault = memchr_inv(start, value, bytes);

	if (likely(!fault))
		return true;
	kmalloc_report_bad(what, obj ? obj : fault, caller);
	memset(fault, value, (u8 *)start + bytes - fault);
	return false;
}
