// SPDX-License-Identifier: GPL-2.0
/*
 * The "params" ktest suite: the command line parser (kernel/params.c) and
 * every parameter handler, over the classes of bad values a user may type:
 * empty, negative, huge or overflowing, not a number, trailing text,
 * control bytes, over-long; then quotes, bare names and the messages.
 *
 * The parser runs on a table of this file's own parameters
 * (parse_args_table()), so nothing of the running kernel changes. The
 * handlers of the kernel's declared parameters (.kernel_params) are called
 * directly with each bad value: each must refuse it and leave its variable
 * as it was; the variable is compared byte for byte before and after.
 * Expected values are written from the rules in include/kmlab/param.h.
 */
#include <ktest.h>
#include <kmlab/param.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include <asm/timer.h>

extern const struct kernel_param __kernel_params_start[], __kernel_params_end[];

static int t_int;
static unsigned int t_uint;
static unsigned long t_ulong;
static bool t_bool;
static const char *t_charp;
static unsigned int t_ranged;

/* A parameter table of this file's own; entries as kernel_param() makes. */
static const struct kernel_param test_params[] = {
	{ .name = "t.int", .set = param_set_int, .arg = &t_int },
	{ .name = "t.uint", .set = param_set_uint, .arg = &t_uint },
	{ .name = "t.ulong", .set = param_set_ulong, .arg = &t_ulong },
	{ .name = "t.bool", .set = param_set_bool, .arg = &t_bool },
	{ .name = "t.charp", .set = param_set_charp, .arg = &t_charp },
	{ .name = "t.ranged",
	  .help = "a ranged test parameter",
	  .set = param_set_uint,
	  .arg = &t_ranged,
	  .min = 1,
	  .max = 100,
	  .ranged = true },
};

static char args[COMMAND_LINE_SIZE];

/* Parse @line (copied: the parser splits in place) on test_params. */
static int parse(const char *line)
{
	strscpy(args, line, sizeof(args));
	return parse_args_table(args, false, test_params,
				test_params + ARRAY_SIZE(test_params));
}

static int params_init(struct ktest *test)
{
	t_int = 7;
	t_uint = 7;
	t_ulong = 7;
	t_bool = false;
	t_charp = "unset";
	t_ranged = 7;
	return ktest_log_capture_start(test);
}

/* Values no numeric parameter may take, one class each. */
static const char *const bad_numbers[] = {
	"", /* empty */
	"-", /* a sign alone */
	"-+5", /* two signs */
	"abc", /* not a number */
	"12abc", /* trailing text */
	"1 ", /* trailing space (inside quotes) */
	"0x", /* a prefix alone */
	"09", /* not octal */
	"99999999999999999999", /* overflows 64 bits */
	"18446744073709551616", /* 2^64 */
	"4294967296", /* 2^32: overflows 32 bits */
	"\001", /* control bytes */
	"1\0332",
	"\x7f",
	"\xff",
	/* over-long: 150 digits */
	"1111111111111111111111111111111111111111111111111111111111111111111111"
	"1111111111111111111111111111111111111111111111111111111111111111111111"
	"1111111111",
};

KTEST_ARRAY_PARAM(bad_number, bad_numbers, NULL);

/* Every numeric type refuses the value and keeps its variable. */
static void numbers_refuse_bad_values(struct ktest *test)
{
	const char *val = *(const char *const *)test->param_value;
	const char *names[] = { "t.int", "t.uint", "t.ulong", "t.ranged" };

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		const struct kernel_param *kp = &test_params[i < 3 ? i : 5];

		KTEST_EXPECT_LT_MSG(test, kp->set(val, kp), 0, "%s", names[i]);
	}
	KTEST_EXPECT_EQ(test, t_int, 7);
	KTEST_EXPECT_EQ(test, t_uint, 7);
	KTEST_EXPECT_EQ(test, t_ulong, 7);
	KTEST_EXPECT_EQ(test, t_ranged, 7);
}

/* A bare name is no value for a number. */
static void numbers_refuse_a_bare_name(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, parse("t.int t.uint t.ulong t.ranged"), 4);
	KTEST_EXPECT_EQ(test, t_int, 7);
	KTEST_EXPECT_EQ(test, t_uint, 7);
	KTEST_EXPECT_EQ(test, t_ulong, 7);
	KTEST_EXPECT_EQ(test, t_ranged, 7);
	KTEST_EXPECT_LOG_CONTAINS(test, "params: bad value '' for 't.int'");
}

/* Each type's limits: the last value that fits, the first that does not. */
static void numbers_take_their_type_limits(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, parse("t.int=-2147483648"), 0);
	KTEST_EXPECT_EQ(test, t_int, -2147483647 - 1);
	KTEST_EXPECT_EQ(test, parse("t.int=2147483647"), 0);
	KTEST_EXPECT_EQ(test, t_int, 2147483647);
	KTEST_EXPECT_EQ(test, parse("t.int=2147483648 t.int=-2147483649"), 2);
	KTEST_EXPECT_EQ(test, t_int, 2147483647);
	KTEST_EXPECT_EQ(test, parse("t.uint=0xffffffff t.ulong=4294967295"), 0);
	KTEST_EXPECT_EQ(test, t_uint, 0xffffffffU);
	KTEST_EXPECT_EQ(test, t_ulong, 0xffffffffUL);
	KTEST_EXPECT_EQ(test, parse("t.uint=-1 t.ulong=-1"), 2);
	KTEST_EXPECT_EQ(test, parse("t.uint=0x100000000 t.ulong=4294967296"),
			2);
	KTEST_EXPECT_EQ(test, t_uint, 0xffffffffU);
	KTEST_EXPECT_EQ(test, t_ulong, 0xffffffffUL);
	KTEST_EXPECT_LOG_CONTAINS(
		test,
		"params: bad value '2147483648' for 't.int' (out of range");
	KTEST_EXPECT_LOG_CONTAINS(
		test, "params: bad value '-1' for 't.uint' (not valid");
}

/* A range is checked at both ends and named in the message. */
static void range_is_checked(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, parse("t.ranged=1"), 0);
	KTEST_EXPECT_EQ(test, t_ranged, 1);
	KTEST_EXPECT_EQ(test, parse("t.ranged=100"), 0);
	KTEST_EXPECT_EQ(test, t_ranged, 100);
	KTEST_EXPECT_EQ(test, parse("t.ranged=0 t.ranged=101"), 2);
	KTEST_EXPECT_EQ(test, t_ranged, 100);
	KTEST_EXPECT_LOG_CONTAINS(
		test,
		"params: bad value '101' for 't.ranged' (out of range 1..100: a ranged test parameter), ignored\n");
}

/* Booleans: the documented words, a bare name; nothing else. */
static void bools_take_their_words_only(struct ktest *test)
{
	static const char *const bad[] = {
		"",   "2", "-1",   "yes", "10",	  "1x",	  "onx", "onf",
		"of", "o", "true", " 1",  "\001", "\xff", "offf"
	};

	KTEST_EXPECT_EQ(test, parse("t.bool"), 0);
	KTEST_EXPECT_TRUE(test, t_bool);
	KTEST_EXPECT_EQ(test, parse("t.bool=off"), 0);
	KTEST_EXPECT_FALSE(test, t_bool);
	KTEST_EXPECT_EQ(test, parse("t.bool=ON"), 0);
	KTEST_EXPECT_TRUE(test, t_bool);
	KTEST_EXPECT_EQ(test, parse("t.bool=n"), 0);
	KTEST_EXPECT_FALSE(test, t_bool);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		KTEST_EXPECT_EQ_MSG(test,
				    test_params[3].set(bad[i], &test_params[3]),
				    -EINVAL, "value %u", i);
		KTEST_EXPECT_FALSE(test, t_bool);
	}
	/* "name=" is an empty value, not a bare name. */
	KTEST_EXPECT_EQ(test, parse("t.bool="), 1);
	KTEST_EXPECT_FALSE(test, t_bool);
}

/* Words, spaces and quotes, as Linux's next_arg(). */
static void words_and_quotes(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, parse("   t.int=1    t.uint=2   "), 0);
	KTEST_EXPECT_EQ(test, t_int, 1);
	KTEST_EXPECT_EQ(test, t_uint, 2);
	KTEST_EXPECT_EQ(test, parse("t.charp=\"a b\" t.int=3"), 0);
	KTEST_EXPECT_STREQ(test, t_charp, "a b");
	KTEST_EXPECT_EQ(test, t_int, 3);
	/* GRUB quotes a whole word that holds a space. */
	KTEST_EXPECT_EQ(test, parse("\"t.charp=c d\" t.int=4"), 0);
	KTEST_EXPECT_STREQ(test, t_charp, "c d");
	KTEST_EXPECT_EQ(test, t_int, 4);
	KTEST_EXPECT_EQ(test, parse("t.charp="), 0);
	KTEST_EXPECT_STREQ(test, t_charp, "");
	KTEST_EXPECT_EQ(test, parse(""), 0);
	KTEST_EXPECT_EQ(test, parse("    "), 0);
}

/* An unbalanced quote drops its word alone, with a message. */
static void unbalanced_quote_drops_one_word(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, parse("t.charp=\"nu t.int=5 t.uint=6"), 1);
	KTEST_EXPECT_STREQ(test, t_charp, "unset");
	KTEST_EXPECT_EQ(test, t_int, 5);
	KTEST_EXPECT_EQ(test, t_uint, 6);
	KTEST_EXPECT_LOG_CONTAINS(
		test, "params: unbalanced quote in 't.charp=\"nu', ignored\n");
	KTEST_EXPECT_EQ(test, parse("\"t.int=8 t.uint=9"), 1);
	KTEST_EXPECT_EQ(test, t_int, 5);
	KTEST_EXPECT_EQ(test, t_uint, 9);
	KTEST_EXPECT_EQ(test, parse("t.int=10 \""), 1);
	KTEST_EXPECT_EQ(test, t_int, 10);
}

/* Unknown names are counted and reported in the late pass only. */
static void unknown_names_are_reported_once(struct ktest *test)
{
	strscpy(args, "t.nosuch=1 t.int=11", sizeof(args));
	KTEST_EXPECT_EQ(test,
			parse_args_table(args, true, test_params,
					 test_params + ARRAY_SIZE(test_params)),
			0);
	KTEST_EXPECT_EQ(test, t_int, 7); /* not early: left for later */
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "t.nosuch");
	KTEST_EXPECT_EQ(test, parse("t.nosuch=1 t.int=11 =x"), 2);
	KTEST_EXPECT_EQ(test, t_int, 11);
	KTEST_EXPECT_LOG_CONTAINS(
		test, "params: unknown parameter 't.nosuch' ignored\n");
	KTEST_EXPECT_LOG_CONTAINS(test,
				  "params: unknown parameter '=x' ignored\n");
}

/* Control bytes are shown escaped, over-long values cut, lines bounded. */
static void messages_escape_and_cut(struct ktest *test)
{
	char line[300];

	KTEST_EXPECT_EQ(test, parse("t.int=\001\033[31m\\ t.\tx=1"), 2);
	KTEST_EXPECT_LOG_CONTAINS(
		test, "params: bad value '\\x01\\x1b[31m\\\\' for 't.int'");
	KTEST_EXPECT_LOG_CONTAINS(
		test, "params: unknown parameter 't.\\x09x' ignored");
	KTEST_EXPECT_NULL(test, strchr(ktest_log_text(test), '\033'));
	KTEST_EXPECT_NULL(test, strchr(ktest_log_text(test), '\t'));
	memset(line, 'a', sizeof(line) - 1);
	memcpy(line, "t.int=", 6);
	line[sizeof(line) - 1] = '\0';
	KTEST_EXPECT_EQ(test, parse(line), 1);
	KTEST_EXPECT_LOG_CONTAINS(test, "aaaa...' for 't.int'");
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, line + 6);
}

static void escape_str_cuts_at_whole_escapes(struct ktest *test)
{
	char buf[8];

	KTEST_EXPECT_EQ(test, string_escape_str("abc", buf, sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(test, buf, "abc");
	KTEST_EXPECT_EQ(test, string_escape_str("a\nb", buf, sizeof(buf)), 6);
	KTEST_EXPECT_STREQ(test, buf, "a\\x0ab");
	string_escape_str("\001\002\003", buf, sizeof(buf));
	KTEST_EXPECT_STREQ(test, buf, "\\x01...");
	string_escape_str("abcdefghij", buf, sizeof(buf));
	KTEST_EXPECT_STREQ(test, buf, "abcd...");
	KTEST_EXPECT_EQ(test, string_escape_str("", buf, sizeof(buf)), 0);
}

/* How many bytes a declared parameter's variable has, 0: not numeric/bool. */
static size_t var_size(const struct kernel_param *kp)
{
	if (kp->set == param_set_int)
		return sizeof(int);
	if (kp->set == param_set_uint)
		return sizeof(unsigned int);
	if (kp->set == param_set_ulong)
		return sizeof(unsigned long);
	if (kp->set == param_set_bool)
		return sizeof(bool);
	return 0;
}

/*
 * Every declared int, uint, ulong and bool parameter of this kernel
 * (loglevel, ktest.timeout, slabinfo ...) refuses every bad value and keeps
 * its variable; a ranged one also refuses the values just outside it.
 */
static void every_declared_parameter_refuses_bad_values(struct ktest *test)
{
	unsigned int checked = 0;

	for (const struct kernel_param *kp = __kernel_params_start;
	     kp < __kernel_params_end; kp++) {
		size_t size = var_size(kp);
		char before[sizeof(long)], after[sizeof(long)], edge[24];

		if (!size)
			continue;
		checked++;
		memcpy(before, kp->arg, size);
		for (unsigned int i = 0; i < ARRAY_SIZE(bad_numbers); i++) {
			KTEST_EXPECT_LT_MSG(test, kp->set(bad_numbers[i], kp),
					    0, "%s, bad value %u", kp->name, i);
		}
		if (kp->ranged) {
			snprintf(edge, sizeof(edge), "%lld", kp->min - 1);
			if (kp->min > 0 || kp->set == param_set_int)
				KTEST_EXPECT_EQ_MSG(test, kp->set(edge, kp),
						    -ERANGE, "%s=%s", kp->name,
						    edge);
			snprintf(edge, sizeof(edge), "%lld", kp->max + 1);
			KTEST_EXPECT_EQ_MSG(test, kp->set(edge, kp), -ERANGE,
					    "%s=%s", kp->name, edge);
		}
		memcpy(after, kp->arg, size);
		KTEST_EXPECT_MEMEQ_MSG(test, after, before, size, "%s",
				       kp->name);
	}
	/* loglevel at least is declared in every kernel. */
	KTEST_EXPECT_GT(test, checked, 0);
}

/* The ranges the code using them needs (K2, K8 of issue 12). */
static void declared_ranges(struct ktest *test)
{
	const struct kernel_param *kp = kernel_param_find("loglevel");

	KTEST_ASSERT_NOT_NULL(test, kp);
	KTEST_EXPECT_TRUE(test, kp->ranged);
	KTEST_EXPECT_EQ(test, kp->min, 0);
	KTEST_EXPECT_EQ(test, kp->max, 8);
	KTEST_EXPECT_EQ(test, kp->set("-1", kp), -ERANGE);
	KTEST_EXPECT_EQ(test, kp->set("100", kp), -ERANGE);
	kp = kernel_param_find("ktest.timeout");
	KTEST_ASSERT_NOT_NULL(test, kp);
	KTEST_EXPECT_TRUE(test, kp->ranged);
	/* seconds * HZ must stay below LONG_MAX jiffies; 0 is no timeout. */
	KTEST_EXPECT_EQ(test, kp->min, 1);
	KTEST_EXPECT_LE(test, kp->max * HZ, (long long)LONG_MAX);
	KTEST_EXPECT_GT(test, (kp->max + 1) * HZ, (long long)LONG_MAX);
	KTEST_EXPECT_EQ(test, kp->set("4294967295", kp), -ERANGE);
	KTEST_EXPECT_EQ(test, kp->set("0", kp), -ERANGE);
	kp = kernel_param_find("slabinfo");
	if (kp)
		KTEST_EXPECT_EQ(test, kp->set("", kp), -EINVAL);
	KTEST_EXPECT_NULL(test, kernel_param_find("no.such.parameter"));
}

static struct ktest_case params_cases[] = {
	KTEST_CASE_PARAM(numbers_refuse_bad_values, bad_number_gen_params),
	KTEST_CASE(numbers_refuse_a_bare_name),
	KTEST_CASE(numbers_take_their_type_limits),
	KTEST_CASE(range_is_checked),
	KTEST_CASE(bools_take_their_words_only),
	KTEST_CASE(words_and_quotes),
	KTEST_CASE(unbalanced_quote_drops_one_word),
	KTEST_CASE(unknown_names_are_reported_once),
	KTEST_CASE(messages_escape_and_cut),
	KTEST_CASE(escape_str_cuts_at_whole_escapes),
	KTEST_CASE(every_declared_parameter_refuses_bad_values),
	KTEST_CASE(declared_ranges),
	{}
};

static struct ktest_suite params_suite = {
	.name = "params",
	.cases = params_cases,
	.init = params_init,
};
KTEST_SUITE(params_suite);
