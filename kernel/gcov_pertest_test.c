// SPDX-License-Identifier: GPL-2.0
/*
 * A ktest suite whose cases run known lines, for the per-test coverage
 * test (CONFIG_GCOV_COUNT_TEST, tools/testing/coverage/test_pertest.py).
 *
 * A line marked "GCOV_PERTEST: NAME..." is run by the cases NAME of this
 * suite ("all": every case) and by no other code: the cases "first",
 * "second" and the two parameters of "param" each run lines no other
 * case runs, and "repeat" runs the very code of "first", so that neither
 * of these two has a line of its own. Nothing outside this suite calls
 * this code.
 */
#include <ktest.h>
#include <kmlab/compiler.h>

static unsigned int gcov_pertest_sum;

/* Every case comes here: each adds its own value. */
static __noinline void gcov_pertest_add(unsigned int v)
{
	gcov_pertest_sum += v; /* GCOV_PERTEST: all */
}

static void gcov_pertest_first(struct ktest *test)
{
	unsigned int before = gcov_pertest_sum;

	gcov_pertest_add(1); /* GCOV_PERTEST: first repeat */
	KTEST_EXPECT_EQ(test, gcov_pertest_sum, before + 1);
}

static void gcov_pertest_second(struct ktest *test)
{
	unsigned int before = gcov_pertest_sum;

	gcov_pertest_add(2); /* GCOV_PERTEST: second */
	KTEST_EXPECT_EQ(test, gcov_pertest_sum, before + 2);
}

static const unsigned int gcov_pertest_values[] = { 10, 20 };

static void gcov_pertest_desc(const unsigned int *v, char *desc)
{
	snprintf(desc, KTEST_PARAM_DESC_SIZE, "%s", *v == 10 ? "one" : "two");
}

KTEST_ARRAY_PARAM(gcov_pertest, gcov_pertest_values, gcov_pertest_desc);

static void gcov_pertest_param(struct ktest *test)
{
	const unsigned int *v = test->param_value;
	unsigned int before = gcov_pertest_sum;

	if (*v == 10)
		gcov_pertest_add(10); /* GCOV_PERTEST: param.one */
	else
		gcov_pertest_add(20); /* GCOV_PERTEST: param.two */
	KTEST_EXPECT_EQ(test, gcov_pertest_sum, before + *v);
}

static struct ktest_case gcov_pertest_cases[] = {
	{ .run_case = gcov_pertest_first, .name = "first" },
	{ .run_case = gcov_pertest_second, .name = "second" },
	{ .run_case = gcov_pertest_param,
	  .name = "param",
	  .generate_params = gcov_pertest_gen_params },
	{ .run_case = gcov_pertest_first, .name = "repeat" },
	{}
};

static struct ktest_suite gcov_pertest_suite = {
	.name = "gcov_pertest",
	.cases = gcov_pertest_cases,
};
KTEST_SUITE(gcov_pertest_suite);
