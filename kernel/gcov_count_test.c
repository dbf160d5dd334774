// SPDX-License-Identifier: GPL-2.0
/*
 * A function that runs a known number of times, for the coverage tests
 * (CONFIG_GCOV_COUNT_TEST, tools/testing/coverage/).
 *
 * An initcall calls gcov_count_test_step() gcov_count_test.calls=N times
 * (command line, default 0); the test boots with an N of its choosing and
 * checks that gcov reports exactly N executions of the line marked
 * GCOV_COUNT_LINE, and N / 3 rounded up for the line marked
 * GCOV_COUNT_THIRD. Nothing else calls this code.
 */
#include <kmlab/init.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>

static unsigned int gcov_count_test_calls;
kernel_param("gcov_count_test.calls", gcov_count_test_calls, uint,
	     "times the coverage count test calls its function");

static unsigned int gcov_count_test_sum, gcov_count_test_thirds;

static __noinline void gcov_count_test_step(unsigned int i)
{
	gcov_count_test_sum += i; /* GCOV_COUNT_LINE */
	if (i % 3 == 0)
		gcov_count_test_thirds++; /* GCOV_COUNT_THIRD */
	barrier();
}

static int gcov_count_test_init(void)
{
	for (unsigned int i = 0; i < gcov_count_test_calls; i++)
		gcov_count_test_step(i);
	pr_info("gcov_count_test: %u calls, %u multiples of 3\n",
		gcov_count_test_calls, gcov_count_test_thirds);
	return 0;
}
late_initcall(gcov_count_test_init);
