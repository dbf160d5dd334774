/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UBSan, the undefined behaviour sanitizer (lib/ubsan.c,
 * Documentation/dev-tools/ubsan.rst): what the rest of the kernel asks it.
 * Without CONFIG_UBSAN, or with CONFIG_UBSAN_TRAP (no report handlers: a
 * failed check is an invalid opcode), nothing is ever reported.
 */
#ifndef _KMLAB_UBSAN_H
#define _KMLAB_UBSAN_H

#include <kmlab/types.h>

#if defined(CONFIG_UBSAN) && !defined(CONFIG_UBSAN_TRAP)
/**
 * ubsan_report_count - how many UBSan checks have failed since boot
 *
 * Every failed check counts, also those whose report was not printed
 * again (a location already reported) or not at all (a check failing
 * while a report is printed). Context: any.
 *
 * Return: the number of failed checks since boot.
 */
unsigned int ubsan_report_count(void);

/**
 * ubsan_run_failed - whether UBSan reports fail the run, at its end
 *
 * A report made while a ktest case ran has failed that case; one made
 * outside any case (boot, an initcall, after the tests) fails nothing
 * else, so start_kernel() asks this before it exits. When any check
 * failed, prints "ubsan: N reports since boot, M outside ktest cases".
 * Context: process, at the end of the run.
 *
 * Return: true if a check failed while no ktest case was running.
 */
bool ubsan_run_failed(void);
#else
static inline unsigned int ubsan_report_count(void)
{
	return 0;
}

static inline bool ubsan_run_failed(void)
{
	return false;
}
#endif

#endif /* _KMLAB_UBSAN_H */
