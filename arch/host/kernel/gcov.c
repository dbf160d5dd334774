// SPDX-License-Identifier: GPL-2.0
/*
 * gcov coverage under ARCH=host (CONFIG_GCOV_KERNEL): libgcov's own
 * .gcda files, no dump of ours.
 *
 * Under ARCH=host the profiled objects are built with plain --coverage
 * (no -fprofile-info-section): each registers its struct gcov_info with
 * libgcov from a constructor, as in any Linux program. The process ends
 * with _exit() (arch/host/os/main.c), which runs no destructor, so this
 * exit hook asks libgcov to write the .gcda files (__gcov_dump(), in
 * arch/host/os/gcov.c), on passing, failing, panicking and faulting
 * runs alike. libgcov merges them with the .gcda files already there, as
 * for any program: scripts/coverage removes those before a run.
 *
 * Per test (gcov.per_test=1 and gcov.per_test_dir=DIR, which
 * scripts/coverage --host --per-test sets): around every ktest case
 * (gcov_case_begin() and gcov_case_end(), kernel/gcov_case.c) the
 * counters are written (__gcov_dump() under GCOV_PREFIX=DIR/NNNN, one
 * numbered directory per dump, in run order) and zeroed (__gcov_reset()),
 * and one line "NNNN suite.case[.param]" ("NNNN" alone outside a case)
 * is appended to DIR/index.txt. The dumps of one run add up to a plain
 * run's counters. libgcov writes every object in every dump; those whose
 * counters are all zero are dropped on the host (scripts/coverage).
 *
 * This file is not profiled (GCOV_PROFILE_gcov.o := n): nothing the dump
 * runs changes a counter. Documentation/dev-tools/coverage.rst, "ARCH=host".
 */
#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/printk.h>
#include <kmlab/machine.h>
#include <kmlab/param.h>
#include <kmlab/gcov.h>
#include <asm/irqflags.h>
#include <os.h>

static char *gcov_per_test_dir;
kernel_param("gcov.per_test_dir", gcov_per_test_dir, charp,
	     "directory for the per-test dumps (ARCH=host, gcov.per_test=1)");

static unsigned int gcov_dumps;

/* Write one per-test dump named after gcov_case_name[], then zero. */
void gcov_dump_case(void)
{
	unsigned long flags;
	int err;

	if (!gcov_per_test_dir) {
		pr_err("gcov: gcov.per_test=1 needs gcov.per_test_dir=DIR under ARCH=host; per-test coverage is off\n");
		gcov_per_test = false;
		return;
	}
	flags = local_irq_save();
	err = os_gcov_dump(gcov_per_test_dir, gcov_dumps, gcov_case_name);
	local_irq_restore(flags);
	if (err) {
		pr_err("gcov: cannot write dump %u under %s: %s; per-test coverage is off\n",
		       gcov_dumps, gcov_per_test_dir, os_strerror(err));
		gcov_per_test = false;
		return;
	}
	gcov_dumps++;
}

/*
 * The exit hook: under gcov.per_test=1 the last per-test dump (the case
 * that was running, if the run ended inside one); otherwise every .gcda
 * file where the compiler put its .gcno. One line on the console.
 */
static void gcov_exit(int status)
{
	int err;

	if (gcov_per_test) {
		gcov_dump_case();
		if (gcov_per_test)
			pr_info("gcov: %u dumps written under %s\n", gcov_dumps,
				gcov_per_test_dir);
		return;
	}
	err = os_gcov_dump(NULL, 0, NULL);
	if (err)
		pr_err("gcov: libgcov could not write the .gcda files: %s\n",
		       os_strerror(err));
	else
		pr_info("gcov: .gcda files written by libgcov\n");
}
machine_exit_hook(gcov_exit);
