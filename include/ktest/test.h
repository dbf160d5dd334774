/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ktest test API, as Linux's include/kunit/test.h: struct ktest_case,
 * struct ktest_suite and KTEST_SUITE() to declare and register tests, struct
 * ktest for the running case, skipping, diagnostics and parameterised
 * cases. The checks are in <ktest/assert.h>, managed resources in
 * <ktest/resource.h>, console capture in <ktest/log.h>; <ktest.h> includes
 * them all and is what a test file includes.
 *
 * One case runs at a time (lib/ktest/test.c runs it, lib/ktest/try-catch.c
 * catches its assertions, faults and timeout, lib/ktest/executor.c picks
 * and orders the suites from the command line).
 */
#ifndef _KTEST_TEST_H
#define _KTEST_TEST_H

#include <kmlab/compiler.h>
#include <kmlab/printk.h>
#include <kmlab/setjmp.h>
#include <kmlab/string.h>

struct ktest;
struct ktest_suite;

/* Room for a parameter's description, NUL included (as KUnit's). */
#define KTEST_PARAM_DESC_SIZE 128
/* Room for a skip reason or a status comment, NUL included. */
#define KTEST_STATUS_COMMENT_SIZE 256

/**
 * enum ktest_status - the outcome of a case (or a parameter, or a suite)
 * @KTEST_SUCCESS: every expectation held
 * @KTEST_FAILURE: an expectation or assertion failed, the case faulted,
 *	timed out or leaked
 * @KTEST_SKIPPED: ktest_skip() or ktest_mark_skipped() was called (and
 *	nothing failed)
 */
enum ktest_status {
	KTEST_SUCCESS,
	KTEST_FAILURE,
	KTEST_SKIPPED,
};

/**
 * typedef ktest_gen_params_fn - produce the parameters of a parameterised case
 * @prev: the previous parameter, NULL for the first call
 * @desc: KTEST_PARAM_DESC_SIZE bytes for the parameter's description; left
 *	empty, the runner names the parameter "param-N"
 *
 * Return: the next parameter, or NULL when there are no more. Must depend
 * only on @prev (the runner calls it once to count, once to run).
 */
typedef const void *(*ktest_gen_params_fn)(const void *prev, char *desc);

/**
 * enum ktest_speed - how long a case or suite takes, as KUnit's kunit_speed
 * @KTEST_SPEED_UNSET: not said: a case takes its suite's, a suite "normal"
 * @KTEST_SPEED_VERY_SLOW: "very_slow", much longer than the others
 * @KTEST_SPEED_SLOW: "slow", a second or more of guest time
 * @KTEST_SPEED_NORMAL: "normal", the rest
 *
 * Ordered: ktest.filter="speed>slow" runs the normal ones only.
 */
enum ktest_speed {
	KTEST_SPEED_UNSET,
	KTEST_SPEED_VERY_SLOW,
	KTEST_SPEED_SLOW,
	KTEST_SPEED_NORMAL,
	KTEST_SPEED_MAX = KTEST_SPEED_NORMAL,
};

/**
 * struct ktest_attributes - what a case or suite says about itself
 * @speed: see enum ktest_speed
 * @custom: free-form attributes, "NAME=VALUE" words separated by spaces
 *	("area=slab needs=buddy"), or NULL. NAME and VALUE are KTAP-safe
 *	words (no space, '#', ',' or '='); a case's value of a NAME
 *	overrides its suite's.
 *
 * KTAP shows the attributes that are set as KUnit does: "# speed: slow"
 * after a suite's "# Subtest:" line, "# CASE.speed: slow" before a case's
 * result line. ktest.filter= selects cases on them.
 */
struct ktest_attributes {
	enum ktest_speed speed;
	const char *custom;
};

/**
 * struct ktest_case - one test case of a suite
 * @run_case: the test function
 * @name: its name in the output (KTEST_CASE() uses the function's name)
 * @generate_params: parameter generator for a parameterised case, or NULL
 * @timeout: seconds of guest time before the case is stopped; 0 means the
 *	default (ktest.timeout=, 10 s)
 * @attr: the case's attributes (speed, free-form)
 *
 * Build with KTEST_CASE(), KTEST_CASE_PARAM(), KTEST_CASE_TIMEOUT(),
 * KTEST_CASE_SLOW() or KTEST_CASE_ATTR(); end the array with an empty
 * entry {}.
 */
struct ktest_case {
	void (*run_case)(struct ktest *test);
	const char *name;
	ktest_gen_params_fn generate_params;
	unsigned int timeout;
	struct ktest_attributes attr;
};

/**
 * KTEST_CASE_ATTR - a test case with attributes, as KUnit's KUNIT_CASE_ATTR
 * @test_name: a function void test_name(struct ktest *test)
 * @...: a struct ktest_attributes initializer, e.g.
 *	{ .speed = KTEST_SPEED_SLOW, .custom = "area=slab" }
 */
#define KTEST_CASE_ATTR(test_name, ...)                                        \
	{                                                                      \
		.run_case = test_name, .name = #test_name, .attr = __VA_ARGS__ \
	}

/**
 * KTEST_CASE_SLOW - a test case marked speed "slow", as KUNIT_CASE_SLOW
 * @test_name: a function void test_name(struct ktest *test)
 */
#define KTEST_CASE_SLOW(test_name) \
	KTEST_CASE_ATTR(test_name, { .speed = KTEST_SPEED_SLOW })

/**
 * KTEST_CASE_TIMEOUT_ATTR - a case with its own timeout and attributes
 * @test_name: the test function
 * @seconds: seconds of guest time (jiffies / HZ) before it is stopped
 * @...: a struct ktest_attributes initializer
 */
#define KTEST_CASE_TIMEOUT_ATTR(test_name, seconds, ...)   \
	{                                                  \
		.run_case = test_name, .name = #test_name, \
		.timeout = (seconds), .attr = __VA_ARGS__  \
	}

/**
 * KTEST_CASE - a test case running @test_name
 * @test_name: a function void test_name(struct ktest *test)
 */
#define KTEST_CASE(test_name)                             \
	{                                                 \
		.run_case = test_name, .name = #test_name \
	}

/**
 * KTEST_CASE_PARAM - a case run once per parameter from @gen_params
 * @test_name: the test function; it reads test->param_value
 * @gen_params: a ktest_gen_params_fn, e.g. one made by KTEST_ARRAY_PARAM()
 *
 * Each parameter is reported as its own result in a nested subtest.
 */
#define KTEST_CASE_PARAM(test_name, gen_params)            \
	{                                                  \
		.run_case = test_name, .name = #test_name, \
		.generate_params = gen_params              \
	}

/**
 * KTEST_CASE_TIMEOUT - a case with its own timeout
 * @test_name: the test function
 * @seconds: seconds of guest time (jiffies / HZ) before it is stopped
 */
#define KTEST_CASE_TIMEOUT(test_name, seconds)             \
	{                                                  \
		.run_case = test_name, .name = #test_name, \
		.timeout = (seconds)                       \
	}

/**
 * struct ktest_suite - a named group of cases
 * @name: the suite's name (used by ktest.filter_glob and in the output)
 * @cases: the cases, ended by an empty entry {}
 * @suite_init: run once before the first case; a non-zero return (a
 *	negative errno) fails every case of the suite without running it
 * @suite_exit: run once after the last case (if @suite_init succeeded)
 * @init: run before each case (each parameter); non-zero fails the case
 * @exit: run after each case whose @init succeeded, even if it failed
 * @attr: the suite's attributes, the default of its cases' (speed,
 *	free-form); see struct ktest_attributes
 * @min_memory: the usable memory, in bytes (memblock_usable_bytes()), that
 *	the cases assume; on a machine with less, no hook and no case runs
 *	and every case is skipped with the reason ("needs 15360 KiB of usable
 *	memory, this machine has 2700 KiB"). 0: any machine the kernel boots
 *	on will do.
 *
 * Register with KTEST_SUITE(). All hooks are optional.
 */
struct ktest_suite {
	const char *name;
	struct ktest_case *cases;
	int (*suite_init)(struct ktest_suite *suite);
	void (*suite_exit)(struct ktest_suite *suite);
	int (*init)(struct ktest *test);
	void (*exit)(struct ktest *test);
	struct ktest_attributes attr;
	unsigned long min_memory;
};

/**
 * KTEST_SUITE - register @suite with the runner
 * @suite: a struct ktest_suite variable (not a pointer)
 *
 * Places a pointer in the .ktest_suites linker section. Suites run in link
 * order (the order of the Kbuild lines), or shuffled with ktest.shuffle=1.
 */
#define KTEST_SUITE(suite)                                            \
	static struct ktest_suite *const __ktest_suite_##suite __used \
		__section(".ktest_suites") __aligned(4) = &(suite)

/**
 * struct ktest - the state of the running case, passed to every test function
 * @name: the running case's name
 * @param_value: the current parameter of a parameterised case, else NULL
 * @param_index: 0-based index of that parameter
 * @priv: free for the suite's init/exit and the case to share data
 *
 * The fields after @priv belong to the runner.
 */
struct ktest {
	const char *name;
	const void *param_value;
	int param_index;
	void *priv;

	/* private: */
	struct ktest_suite *suite;
	enum ktest_status status;
	char status_comment[KTEST_STATUS_COMMENT_SIZE];
	const char *indent; /* "    " for cases, "        " for params */
	bool allow_leak;
	jmp_buf *abort_env; /* where assertions and faults jump to */
	unsigned int nr_resources;
};

/* -- Runner ------------------------------------------------------------ */

/**
 * ktest_run_all - run every registered suite and print KTAP version 1
 *
 * Honours ktest.enable, ktest.list, ktest.filter_glob, ktest.filter,
 * ktest.icount, ktest.shuffle,
 * ktest.seed, ktest.timeout and ktest.break_on_fail (see
 * Documentation/dev-tools/ktest.rst). Called once by start_kernel() after
 * the initcalls, with interrupts on.
 *
 * Return: KMLAB_EXIT_PASS if no case failed (skips are not failures),
 * KMLAB_EXIT_TESTS_FAILED otherwise.
 */
#ifdef CONFIG_KTEST
int ktest_run_all(void);

/**
 * ktest_icount - does the TSC count guest instructions (ktest.icount=1)?
 *
 * The runner (scripts/ktest run --icount) sets it when QEMU runs with
 * -icount shift=0, where every timer of the guest runs on its
 * instruction count: a case may then assert exact rates of guest time.
 * Context: any. Return: ktest.icount.
 */
bool ktest_icount(void);
#else
static inline int ktest_run_all(void)
{
	return 0; /* KMLAB_EXIT_PASS */
}
#endif

/* -- Skipping, messages, managed resources ------------------------------ */

/**
 * ktest_mark_skipped - mark the running case skipped and go on
 * @test: the running case
 * @fmt: printf-style reason, shown after "# SKIP"
 *
 * A later failure still fails the case.
 */
__printf(2, 3) void ktest_mark_skipped(struct ktest *test, const char *fmt,
				       ...);

/**
 * ktest_skip - mark the running case skipped and end it now
 * @test: the running case
 * @fmt: printf-style reason, shown after "# SKIP"
 *
 * Never returns (longjmp() to the runner); exit and deferred actions still
 * run.
 */
__printf(2, 3) __noreturn
	void ktest_skip(struct ktest *test, const char *fmt, ...);

/**
 * ktest_printk - print a diagnostic line "# CASE: message" for @test
 * @test: the running case
 * @fmt: printf-style message (one line; a trailing newline is optional)
 *
 * KTAP diagnostic lines print before the case's result line.
 */
__printf(2, 3) void ktest_printk(struct ktest *test, const char *fmt, ...);
#define ktest_info(test, fmt, ...) ktest_printk(test, fmt, ##__VA_ARGS__)

/* -- Parameterised cases ------------------------------------------------ */

/**
 * KTEST_ARRAY_PARAM - define name##_gen_params() walking @array
 * @name: prefix of the generator's name
 * @array: a static array of any element type
 * @get_desc: void get_desc(const T *param, char *desc) writing at most
 *	KTEST_PARAM_DESC_SIZE bytes, or NULL for "param-N"
 *
 * test->param_value then points at an element of @array.
 */
#define KTEST_ARRAY_PARAM(name, array, get_desc)                           \
	static const void *name##_gen_params(const void *prev, char *desc) \
	{                                                                  \
		typeof((array)[0]) *__next =                               \
			prev ? ((typeof(__next))prev) + 1 : (array);       \
		void (*__get_desc)(typeof(__next), char *) = get_desc;     \
		if (__next - (array) < (long)ARRAY_SIZE(array)) {          \
			if (__get_desc)                                    \
				__get_desc(__next, desc);                  \
			return __next;                                     \
		}                                                          \
		return NULL;                                               \
	}

/**
 * KTEST_ARRAY_PARAM_DESC - as KTEST_ARRAY_PARAM(), described by a member
 * @name: prefix of the generator's name
 * @array: a static array of structures
 * @desc_member: a const char * member naming each element
 */
#define KTEST_ARRAY_PARAM_DESC(name, array, desc_member)                   \
	static const void *name##_gen_params(const void *prev, char *desc) \
	{                                                                  \
		typeof((array)[0]) *__next =                               \
			prev ? ((typeof(__next))prev) + 1 : (array);       \
		if (__next - (array) < (long)ARRAY_SIZE(array)) {          \
			strscpy(desc, __next->desc_member,                 \
				KTEST_PARAM_DESC_SIZE);                    \
			return __next;                                     \
		}                                                          \
		return NULL;                                               \
	}

#endif /* _KTEST_TEST_H */
