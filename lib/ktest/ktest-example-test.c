// SPDX-License-Identifier: GPL-2.0
/*
 * The examples of Documentation/dev-tools/ktest.rst, built and run so that
 * they stay correct: a plain case, a parameterised case, per-case and
 * per-suite hooks, managed memory and a deferred action. Every case passes.
 * When you change an example here, change the document with it.
 */
#include <ktest.h>
#include <kmlab/page.h>
#include <kmlab/string.h>

/* -- A plain case --------------------------------------------------------- */

static int add(int a, int b)
{
	return a + b;
}

static void example_add_test(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, add(1, 1), 2);
	KTEST_EXPECT_EQ_MSG(test, add(-1, 1), 0, "adding %d to its opposite",
			    1);
}

/* -- Assertions end the case early ----------------------------------------- */

static void example_assert_test(struct ktest *test)
{
	char *buf = ktest_kzalloc(test, 16, GFP_KERNEL);

	/* Without memory there is nothing to check: stop here if so. */
	KTEST_ASSERT_NOT_NULL(test, buf);
	strscpy(buf, "kmlab", 16);
	KTEST_EXPECT_STREQ(test, buf, "kmlab");
	KTEST_EXPECT_MEMEQ(test, buf + 5, "\0\0\0", 3);
	/* buf is freed when the case ends: no kfree(), no leak. */
}

/* -- A parameterised case ------------------------------------------------- */

struct example_round_up {
	unsigned long size, align, want;
};

static const struct example_round_up example_round_ups[] = {
	{ 1, 8, 8 },
	{ 8, 8, 8 },
	{ 9, 8, 16 },
	{ 4095, 4096, 4096 },
};

static void example_round_up_desc(const struct example_round_up *p, char *desc)
{
	snprintf(desc, KTEST_PARAM_DESC_SIZE, "ALIGN(%lu, %lu)", p->size,
		 p->align);
}

KTEST_ARRAY_PARAM(example_round_up, example_round_ups, example_round_up_desc);

static void example_align_test(struct ktest *test)
{
	const struct example_round_up *p = test->param_value;

	KTEST_EXPECT_EQ(test, ALIGN(p->size, p->align), p->want);
}

/* -- Hooks, priv and a deferred action -------------------------------------- */

struct example_ctx {
	int *counter;
};

static int example_init(struct ktest *test)
{
	struct example_ctx *ctx = ktest_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -12; /* -ENOMEM: the case fails without running */
	test->priv = ctx;
	return 0;
}

static void example_count_down(void *arg)
{
	int *counter = arg;

	(*counter)--;
}

static int example_counter;

static void example_action_test(struct ktest *test)
{
	struct example_ctx *ctx = test->priv;

	ctx->counter = &example_counter;
	example_counter = 1;
	/* Runs when the case ends, pass or fail, even after an assertion. */
	KTEST_ASSERT_EQ(
		test, ktest_add_action(test, example_count_down, ctx->counter),
		0);
	KTEST_EXPECT_EQ(test, example_counter, 1);
}

/* -- Skipping -------------------------------------------------------------- */

static void example_skip_test(struct ktest *test)
{
	/* Skip when a precondition does not hold (it holds here). */
	if (PAGE_SIZE != 4096)
		ktest_skip(test, "needs 4 KiB pages, have %lu", PAGE_SIZE);
	KTEST_EXPECT_TRUE(test, IS_ALIGNED(8192, PAGE_SIZE));
}

/* -- Attributes ------------------------------------------------------------ */

/*
 * KUnit's example_slow_test: a case that says it is slow, and what it is
 * about, so that ktest.filter=speed>slow or area=example select on it.
 */
static void example_slow_test(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, 1 + 1, 2);
}

static struct ktest_case example_cases[] = {
	KTEST_CASE(example_add_test),
	KTEST_CASE(example_assert_test),
	KTEST_CASE_PARAM(example_align_test, example_round_up_gen_params),
	KTEST_CASE(example_action_test),
	KTEST_CASE(example_skip_test),
	KTEST_CASE_ATTR(example_slow_test, { .speed = KTEST_SPEED_SLOW,
					     .custom = "area=example" }),
	{}
};

static struct ktest_suite example_suite = {
	.name = "example",
	.cases = example_cases,
	.init = example_init,
};
KTEST_SUITE(example_suite);
