// SPDX-License-Identifier: GPL-2.0
/*
 * Deliberately failing UBSan examples (CONFIG_TEST_UBSAN), as Linux's
 * lib/test_ubsan.c: each case below commits one kind of undefined
 * behaviour that CONFIG_UBSAN's checks catch, so that the report fails the
 * case, between cases that pass. Each case also expects exactly one more
 * failed check (ubsan_report_count()): a case whose check did not fire
 * passes, and tools/testing/ubsan/, which boots this suite, sees that.
 * With CONFIG_UBSAN_TRAP each UB case ends at its check instead, with an
 * invalid opcode, and the expectation is never reached.
 *
 * The host test finds the line each report must name by the "UB:" comment
 * on it: keep one UB per such line, and change both together.
 *
 * Volatile operands keep the compiler from folding the UB away at compile
 * time (a constant shift by 32 is only a warning, and no check).
 */
#include <ktest.h>
#include <kmlab/init.h>
#include <kmlab/param.h>
#include <kmlab/string.h>
#include <kmlab/ubsan.h>

static volatile int int_max = INT_MAX;
static volatile int one = 1;
static volatile int thirty_two = 32;
static volatile int minus_one = -1;
static volatile int four = 4;
static volatile unsigned int zero_bits;

/* Runs @ub and expects it to have made exactly one failed check. */
#define EXPECT_ONE_REPORT(test, ub)                                         \
	do {                                                                \
		unsigned int __before = ubsan_report_count();               \
		ub;                                                         \
		KTEST_EXPECT_EQ(test, ubsan_report_count() - __before, 1u); \
	} while (0)

static volatile int sink;

static void passes_first(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, one << 4, 16);
}

static void shift_too_far(struct ktest *test)
{
	EXPECT_ONE_REPORT(test, sink = one << thirty_two); /* UB: shift */
}

static void shift_negative_value(struct ktest *test)
{
	EXPECT_ONE_REPORT(test, sink = minus_one << 1); /* UB: negative shift */
}

static void signed_add_overflow(struct ktest *test)
{
	EXPECT_ONE_REPORT(test, sink = int_max + one); /* UB: add */
}

static void signed_mul_overflow(struct ktest *test)
{
	EXPECT_ONE_REPORT(test, sink = int_max * four); /* UB: mul */
}

static void signed_negate_overflow(struct ktest *test)
{
	volatile int int_min = -int_max - 1;

	EXPECT_ONE_REPORT(test, sink = -int_min); /* UB: negate */
}

/* The index past the array reads the next member: nothing is harmed. */
static struct {
	int array[4];
	int after;
} bounded;

static void index_out_of_bounds(struct ktest *test)
{
	EXPECT_ONE_REPORT(test, sink = bounded.array[four]); /* UB: index */
}

static void load_invalid_bool(struct ktest *test)
{
	volatile unsigned char byte = 5;
	volatile bool *b = (volatile bool *)&byte;

	EXPECT_ONE_REPORT(test, sink = *b); /* UB: bool */
}

static void ctz_of_zero(struct ktest *test)
{
	EXPECT_ONE_REPORT(test, sink = __builtin_ctz(zero_bits)); /* UB: ctz */
}

static void misaligned_load(struct ktest *test)
{
	static u32 words[2];
	volatile u32 *p = (volatile u32 *)((char *)words + 1);

	if (!IS_ENABLED(CONFIG_UBSAN_ALIGNMENT))
		ktest_skip(test, "needs CONFIG_UBSAN_ALIGNMENT");
	EXPECT_ONE_REPORT(test, sink = *p); /* UB: misaligned */
}

/* A second time through the same check prints no second report. */
static void same_location_reported_once(struct ktest *test)
{
	unsigned int before = ubsan_report_count();

	for (int i = 0; i < 3; i++)
		sink = one << (thirty_two + i); /* UB: repeated */
	KTEST_EXPECT_EQ(test, ubsan_report_count() - before, 3u);
}

/* Nothing undefined: the failures above stay with their cases. */
static void passes_last(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, int_max - one, INT_MAX - 1);
}

static struct ktest_case ubsan_fail_cases[] = {
	KTEST_CASE(passes_first),
	KTEST_CASE(shift_too_far),
	KTEST_CASE(shift_negative_value),
	KTEST_CASE(signed_add_overflow),
	KTEST_CASE(signed_mul_overflow),
	KTEST_CASE(signed_negate_overflow),
	KTEST_CASE(index_out_of_bounds),
	KTEST_CASE(load_invalid_bool),
	KTEST_CASE(ctz_of_zero),
	KTEST_CASE(misaligned_load),
	KTEST_CASE(same_location_reported_once),
	KTEST_CASE(passes_last),
	{}
};

static struct ktest_suite ubsan_fail_suite = {
	.name = "ubsan_fail",
	.cases = ubsan_fail_cases,
};
KTEST_SUITE(ubsan_fail_suite);

/*
 * test_ubsan.at_boot=1: the same kind of UB in an initcall, twice, before
 * any case runs: printed once, counted twice. Nothing fails then but the
 * run, at its end.
 */
static bool at_boot;
kernel_param(
	"test_ubsan.at_boot", at_boot, bool,
	"commit a shift out of bounds twice in an initcall, outside any case");

static int __init test_ubsan_at_boot(void)
{
	for (int i = 0; at_boot && i < 2; i++)
		sink = one << thirty_two; /* UB: at boot */
	return 0;
}
late_initcall(test_ubsan_at_boot);
