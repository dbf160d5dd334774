// SPDX-License-Identifier: GPL-2.0
/*
 * Deliberately failing examples (CONFIG_KTEST_EXAMPLES_FAIL): every kind of
 * failed expectation and assertion, skips, CPU exceptions, a hang and a
 * leak, between cases that pass. They show what each failure looks like
 * and, booted by tools/testing/ktest-examples/, prove that each one is
 * reported as it should be and that the run goes on to its end. The host
 * test knows the exact expected result of every case here: change both
 * together.
 */
#include <ktest.h>
#include <kmlab/slab.h>
#include <kmlab/string.h>

static void passes_first(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, 2 + 2, 4);
}

/* -- One failing expectation per macro (each parameter fails) ------------ */

struct failing_check {
	const char *name;
	void (*fn)(struct ktest *test);
};

static int neg_one = -1;
static unsigned int three = 3;
static const char *const kmlab_str = "kmlab";
static const u8 bytes_a[20] = { 1,  2,	3,  4,	5,  6,	7,  8,	9,  10,
				11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
static const u8 bytes_b[20] = { 1,  2,	3,  4,	5,  6,	7,    8,  9,  10,
				11, 12, 13, 14, 15, 16, 0x77, 18, 19, 20 };

static void fail_true(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, three == 4);
}
static void fail_false(struct ktest *t)
{
	KTEST_EXPECT_FALSE(t, three == 3);
}
static void fail_eq(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, neg_one, 1);
}
static void fail_ne(struct ktest *t)
{
	KTEST_EXPECT_NE(t, three, 3);
}
static void fail_lt(struct ktest *t)
{
	KTEST_EXPECT_LT(t, three, 3);
}
static void fail_le(struct ktest *t)
{
	KTEST_EXPECT_LE(t, three, 2);
}
static void fail_gt(struct ktest *t)
{
	KTEST_EXPECT_GT(t, neg_one, 0);
}
static void fail_ge(struct ktest *t)
{
	KTEST_EXPECT_GE(t, neg_one, 0);
}
static void fail_ptr_eq(struct ktest *t)
{
	KTEST_EXPECT_PTR_EQ(t, &three, &neg_one);
}
static void fail_ptr_ne(struct ktest *t)
{
	KTEST_EXPECT_PTR_NE(t, &three, &three);
}
static void fail_null(struct ktest *t)
{
	KTEST_EXPECT_NULL(t, &three);
}
static void fail_not_null(struct ktest *t)
{
	KTEST_EXPECT_NOT_NULL(t, NULL);
}
static void fail_streq(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, kmlab_str, "kmlib");
}
static void fail_strneq(struct ktest *t)
{
	KTEST_EXPECT_STRNEQ(t, kmlab_str, "kmlab");
}
static void fail_memeq(struct ktest *t)
{
	KTEST_EXPECT_MEMEQ(t, bytes_a, bytes_b, 20);
}
static void fail_fail(struct ktest *t)
{
	KTEST_FAIL(t, "KTEST_FAIL says %d", 42);
}

static const struct failing_check failing_expectations[] = {
	{ "TRUE", fail_true },	   { "FALSE", fail_false },
	{ "EQ", fail_eq },	   { "NE", fail_ne },
	{ "LT", fail_lt },	   { "LE", fail_le },
	{ "GT", fail_gt },	   { "GE", fail_ge },
	{ "PTR_EQ", fail_ptr_eq }, { "PTR_NE", fail_ptr_ne },
	{ "NULL", fail_null },	   { "NOT_NULL", fail_not_null },
	{ "STREQ", fail_streq },   { "STRNEQ", fail_strneq },
	{ "MEMEQ", fail_memeq },   { "FAIL", fail_fail },
};
KTEST_ARRAY_PARAM_DESC(failing_expectations, failing_expectations, name);

static void each_expectation_fails(struct ktest *test)
{
	const struct failing_check *c = test->param_value;

	c->fn(test);
}

/* -- One failing assertion per macro; each must end its case ------------- */

static void assert_true(struct ktest *t)
{
	KTEST_ASSERT_TRUE(t, three == 4);
}
static void assert_false(struct ktest *t)
{
	KTEST_ASSERT_FALSE(t, three);
}
static void assert_eq(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, three, 4);
}
static void assert_ne(struct ktest *t)
{
	KTEST_ASSERT_NE(t, three, 3);
}
static void assert_lt(struct ktest *t)
{
	KTEST_ASSERT_LT(t, three, 1);
}
static void assert_le(struct ktest *t)
{
	KTEST_ASSERT_LE(t, three, 1);
}
static void assert_gt(struct ktest *t)
{
	KTEST_ASSERT_GT(t, three, 3);
}
static void assert_ge(struct ktest *t)
{
	KTEST_ASSERT_GE(t, three, 4);
}
static void assert_ptr_eq(struct ktest *t)
{
	KTEST_ASSERT_PTR_EQ(t, &three, NULL);
}
static void assert_ptr_ne(struct ktest *t)
{
	KTEST_ASSERT_PTR_NE(t, &three, &three);
}
static void assert_null(struct ktest *t)
{
	KTEST_ASSERT_NULL(t, &three);
}
static void assert_not_null(struct ktest *t)
{
	KTEST_ASSERT_NOT_NULL(t, NULL);
}
static void assert_streq(struct ktest *t)
{
	KTEST_ASSERT_STREQ(t, kmlab_str, NULL);
}
static void assert_strneq(struct ktest *t)
{
	KTEST_ASSERT_STRNEQ(t, kmlab_str, "kmlab");
}
static void assert_memeq(struct ktest *t)
{
	KTEST_ASSERT_MEMEQ(t, bytes_a, bytes_b, 20);
}
static void assert_failure(struct ktest *t)
{
	KTEST_ASSERT_FAILURE(t, "ASSERT_FAILURE says %d", 7);
}

static const struct failing_check failing_assertions[] = {
	{ "TRUE", assert_true },     { "FALSE", assert_false },
	{ "EQ", assert_eq },	     { "NE", assert_ne },
	{ "LT", assert_lt },	     { "LE", assert_le },
	{ "GT", assert_gt },	     { "GE", assert_ge },
	{ "PTR_EQ", assert_ptr_eq }, { "PTR_NE", assert_ptr_ne },
	{ "NULL", assert_null },     { "NOT_NULL", assert_not_null },
	{ "STREQ", assert_streq },   { "STRNEQ", assert_strneq },
	{ "MEMEQ", assert_memeq },   { "FAILURE", assert_failure },
};
KTEST_ARRAY_PARAM_DESC(failing_assertions, failing_assertions, name);

static void each_assertion_ends_case(struct ktest *test)
{
	const struct failing_check *c = test->param_value;

	c->fn(test);
	ktest_printk(test, "NOT REACHED: the assertion did not end the case");
}

/* -- _MSG messages --------------------------------------------------------- */

static void message_printed(struct ktest *test)
{
	KTEST_EXPECT_EQ_MSG(test, three, 4, "three is %u, message %s", three,
			    "printed");
}

/* -- Skips ------------------------------------------------------------------ */

static void skips(struct ktest *test)
{
	ktest_skip(test, "deliberately skipped");
	ktest_printk(test, "NOT REACHED: ktest_skip() returned");
}

static void marks_skipped_and_goes_on(struct ktest *test)
{
	ktest_mark_skipped(test, "marked skipped");
	ktest_printk(test, "still running after ktest_mark_skipped()");
	KTEST_EXPECT_EQ(test, three, 3);
}

static void skip_after_failure_still_fails(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, three, 0);
	ktest_skip(test, "a skip does not hide the failure");
}

/* A parameterised case whose parameters pass, fail and skip: it fails. */
static const int mixed_params[] = { 0, 1, 2 };

static void mixed_desc(const int *p, char *desc)
{
	static const char *const names[] = { "passes", "fails", "skips" };

	strscpy(desc, names[*p], KTEST_PARAM_DESC_SIZE);
}
KTEST_ARRAY_PARAM(mixed, mixed_params, mixed_desc);

static void mixed_param_results(struct ktest *test)
{
	int which = *(const int *)test->param_value;

	if (which == 2)
		ktest_skip(test, "parameter skips");
	KTEST_EXPECT_EQ(test, which, 0);
}

/* -- CPU exceptions ----------------------------------------------------------- */

/* volatile: the compiler may not prove the fault and drop the access. */
static const volatile int *volatile null_int;
static volatile int zero;

static void null_dereference(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, *null_int, 0);
}

static void invalid_opcode(struct ktest *test)
{
	__asm__ __volatile__("ud2");
}

static void divide_error(struct ktest *test)
{
	volatile int r = 100 / zero;

	(void)r;
}

static void general_protection(struct ktest *test)
{
	/* Selector 0x1230 is far past the end of the GDT. */
	__asm__ __volatile__("movw $0x1230, %%ax\n\tmovw %%ax, %%fs"
			     :
			     :
			     : "eax", "memory");
}

/* -- Hangs ------------------------------------------------------------------- */

static void hangs_past_case_timeout(struct ktest *test)
{
	for (;;)
		barrier();
}

static void hangs_past_default_timeout(struct ktest *test)
{
	for (;;)
		barrier();
}

/* -- Leaks -------------------------------------------------------------------- */

static void *kept;

static void leaks(struct ktest *test)
{
	void *p = kmalloc(100, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	/* Deliberately never freed: the leak check fails this case. */
}

static void keeps_memory_on_purpose(struct ktest *test)
{
	kept = kmalloc(24, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, kept);
	ktest_allow_leak(test);
}

/*
 * The object kept above moves to a larger block: as many live objects as
 * before the case, more bytes. Said, not failed: not a leak.
 */
static void grows_kept_object(struct ktest *test)
{
	void *p;

	KTEST_ASSERT_NOT_NULL(test, kept);
	p = krealloc(kept, 200, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	kept = p;
}

/* -- Deferred actions and exit run after a failure ------------------------------ */

static int action_runs;

static void count_action(void *arg)
{
	action_runs++;
}

static void action_after_assertion(struct ktest *test)
{
	action_runs = 0;
	ktest_add_action(test, count_action, NULL);
	KTEST_ASSERT_TRUE(test, false);
}

static void action_ran(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, action_runs, 1);
}

/* -- Console capture: a failed log check, and release at case end -------- */

static void log_capture_then_assertion(struct ktest *test)
{
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	pr_info("ktest_fail: captured and still on the console\n");
	KTEST_EXPECT_LOG_CONTAINS(test, "captured and still");
	KTEST_ASSERT_LOG_CONTAINS(test, "never printed");
}

/* The failed case above ended its capture and forgot its text. */
static void log_capture_released(struct ktest *test)
{
	KTEST_EXPECT_FALSE(test, ktest_log_capturing(test));
	KTEST_EXPECT_STREQ(test, ktest_log_text(test), "");
}

/* -- Failed from code that is not a test (a sanitizer, a debug check) ------ */

static bool checker_failed_a_case;

/* Stands for a checker outside the test: it knows no struct ktest. */
static void checker_finds_a_bug(void)
{
	checker_failed_a_case =
		ktest_fail_current_test("checker: bad state in %s", "kmlab");
}

static void failed_from_outside(struct ktest *test)
{
	checker_finds_a_bug();
	/* The case goes on after the failure. */
	ktest_printk(test, "still running, ktest_fail_current_test() %s",
		     checker_failed_a_case ? "returned true" :
					     "returned false");
}

static void passes_last(struct ktest *test)
{
	KTEST_EXPECT_STREQ(test, test->name, "passes_last");
}

static struct ktest_case ktest_fail_cases[] = {
	KTEST_CASE(passes_first),
	KTEST_CASE_PARAM(each_expectation_fails,
			 failing_expectations_gen_params),
	KTEST_CASE_PARAM(each_assertion_ends_case,
			 failing_assertions_gen_params),
	KTEST_CASE(message_printed),
	KTEST_CASE(skips),
	KTEST_CASE(marks_skipped_and_goes_on),
	KTEST_CASE(skip_after_failure_still_fails),
	KTEST_CASE_PARAM(mixed_param_results, mixed_gen_params),
	KTEST_CASE(null_dereference),
	KTEST_CASE(invalid_opcode),
	KTEST_CASE(divide_error),
	KTEST_CASE(general_protection),
	KTEST_CASE_TIMEOUT(hangs_past_case_timeout, 1),
	KTEST_CASE(hangs_past_default_timeout),
	KTEST_CASE(leaks),
	KTEST_CASE(keeps_memory_on_purpose),
	KTEST_CASE(grows_kept_object),
	KTEST_CASE(action_after_assertion),
	KTEST_CASE(action_ran),
	KTEST_CASE(log_capture_then_assertion),
	KTEST_CASE(log_capture_released),
	KTEST_CASE(failed_from_outside),
	KTEST_CASE(passes_last),
	{}
};

static struct ktest_suite ktest_fail_suite = {
	.name = "ktest_fail",
	.cases = ktest_fail_cases,
};
KTEST_SUITE(ktest_fail_suite);

/* -- A suite whose suite_init fails: none of its cases runs ----------------------- */

static int failing_suite_init(struct ktest_suite *suite)
{
	return -22;
}

static void never_runs(struct ktest *test)
{
	ktest_printk(test, "NOT REACHED: suite_init failed");
}

static struct ktest_case ktest_fail_init_cases[] = { KTEST_CASE(never_runs),
						     {} };

static struct ktest_suite ktest_fail_init_suite = {
	.name = "ktest_fail_init",
	.cases = ktest_fail_init_cases,
	.suite_init = failing_suite_init,
};
KTEST_SUITE(ktest_fail_init_suite);
