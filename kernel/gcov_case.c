// SPDX-License-Identifier: GPL-2.0
/*
 * Per-test coverage, the part both architectures share (CONFIG_GCOV_KERNEL):
 * the gcov.per_test parameter and the name of the ktest case that runs.
 * The ktest runner calls gcov_case_begin() and gcov_case_end() around
 * every case and parameter (include/kmlab/gcov.h); each asks the
 * architecture's dump, gcov_dump_case(), to send or write what ran since
 * the last dump and zero the counters: kernel/gcov.c over COM2 on i386,
 * arch/host/kernel/gcov.c through libgcov on ARCH=host.
 * Not profiled (GCOV_PROFILE_gcov_case.o := n): it runs between dumps.
 * Documentation/dev-tools/coverage.rst, "Coverage per test".
 */
#include <kmlab/gcov.h>
#include <kmlab/param.h>

bool gcov_per_test;
kernel_param("gcov.per_test", gcov_per_test, bool,
	     "dump and zero the coverage counters around every ktest case");

const char *gcov_case_name[3];

void gcov_case_begin(const char *suite, const char *tcase, const char *param)
{
	if (!gcov_per_test)
		return;
	gcov_case_name[0] = NULL;
	gcov_dump_case();
	gcov_case_name[0] = suite;
	gcov_case_name[1] = tcase;
	gcov_case_name[2] = param;
}

void gcov_case_end(void)
{
	if (!gcov_per_test || !gcov_case_name[0])
		return;
	gcov_dump_case();
	gcov_case_name[0] = NULL;
}
