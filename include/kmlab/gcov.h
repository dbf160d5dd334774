/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-test coverage (kernel/gcov.c, CONFIG_GCOV_KERNEL): the ktest runner
 * calls these around every case and every parameter of a parameterised
 * case. With gcov.per_test=1 on the command line the counters are
 * dumped over COM2 after each case, framed with the case's full name,
 * and zeroed before the next one; without it (or without
 * CONFIG_GCOV_KERNEL) they do nothing (kernel/gcov_case.c). On ARCH=host the
 * counters are written by libgcov instead (arch/host/kernel/gcov.c).
 * Documentation/dev-tools/coverage.rst.
 */
#ifndef _KMLAB_GCOV_H
#define _KMLAB_GCOV_H

#include <kmlab/types.h>

#ifdef CONFIG_GCOV_KERNEL
/**
 * gcov_case_begin - start counting for one ktest case
 * @suite: the suite's name
 * @tcase: the case's name
 * @param: the parameter's description, or NULL for a plain case; the
 *	three strings must stay valid until gcov_case_end()
 *
 * Under gcov.per_test=1: sends what ran since the last dump (boot, the
 * runner between cases, suite_init) as a dump of code outside any case
 * (the first one holds every object, so the host knows every line), then
 * zeroes every counter. Interrupts are off while it runs.
 * Context: the ktest runner, outside the case's protected run.
 */
void gcov_case_begin(const char *suite, const char *tcase, const char *param);

/**
 * gcov_case_end - send the counters of the ktest case that just ran
 *
 * Under gcov.per_test=1: sends the objects whose counters are not all
 * zero, framed with the case's full name ("suite.case[.param]"), then
 * zeroes every counter. A run that ends inside a case (a panic) sends
 * that case's counters from the exit hook, under its name.
 * Context: as gcov_case_begin().
 */
void gcov_case_end(void);

/* gcov.per_test=1 is in force; cleared when a dump fails. */
extern bool gcov_per_test;
/*
 * The running case's suite, case and parameter (NULL-terminated), or
 * gcov_case_name[0] NULL outside a case.
 */
extern const char *gcov_case_name[3];

/**
 * gcov_dump_case - the architecture's per-test dump
 *
 * Sends (i386, kernel/gcov.c) or writes (ARCH=host,
 * arch/host/kernel/gcov.c) the counters of what ran since the last dump,
 * named after gcov_case_name[], then zeroes them; on an error it reports
 * one line and clears gcov_per_test.
 * Context: gcov_case_begin() and gcov_case_end(); takes care of interrupts.
 */
void gcov_dump_case(void);
#else
static inline void gcov_case_begin(const char *suite, const char *tcase,
				   const char *param)
{
}

static inline void gcov_case_end(void)
{
}
#endif

#endif /* _KMLAB_GCOV_H */
