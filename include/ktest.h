/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktest: kmlab's in-kernel unit test framework, shaped like Linux's KUnit
 * (include/kunit/test.h) with kmlab's names. Documentation/dev-tools/ktest.rst
 * explains how to write and run suites; lib/ktest/ holds the runner.
 *
 *	static void add_test(struct ktest *test)
 *	{
 *		KTEST_EXPECT_EQ(test, 1 + 1, 2);
 *	}
 *
 *	static struct ktest_case add_cases[] = {
 *		KTEST_CASE(add_test),
 *		{}
 *	};
 *
 *	static struct ktest_suite add_suite = {
 *		.name = "add",
 *		.cases = add_cases,
 *	};
 *	KTEST_SUITE(add_suite);
 *
 * KTEST_SUITE() puts a pointer to the suite in the .ktest_suites linker
 * section; ktest_run_all() walks that section at the end of boot and prints
 * KTAP version 1. Expectations (KTEST_EXPECT_*) record a failure and let the
 * case go on; assertions (KTEST_ASSERT_*) end the case at once through
 * longjmp(). After each case the runner frees the case's managed
 * allocations, runs its deferred actions and compares the allocator's live
 * objects and bytes with the figures before the case: a case that leaks
 * fails. A case that faults or runs past its timeout fails alone.
 */
#ifndef _KMLAB_KTEST_H
#define _KMLAB_KTEST_H

#include <kmlab/compiler.h>
#include <kmlab/gfp.h>
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
 * typedef ktest_action_fn - a deferred action, see ktest_add_action()
 * @arg: the pointer given to ktest_add_action()
 */
typedef void (*ktest_action_fn)(void *arg);

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
 * struct ktest_case - one test case of a suite
 * @run_case: the test function
 * @name: its name in the output (KTEST_CASE() uses the function's name)
 * @generate_params: parameter generator for a parameterised case, or NULL
 * @timeout: seconds of guest time before the case is stopped; 0 means the
 *	default (ktest.timeout=, 10 s)
 *
 * Build with KTEST_CASE(), KTEST_CASE_PARAM() or KTEST_CASE_TIMEOUT(); end
 * the array with an empty entry {}.
 */
struct ktest_case {
	void (*run_case)(struct ktest *test);
	const char *name;
	ktest_gen_params_fn generate_params;
	unsigned int timeout;
};

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
 * Honours ktest.enable, ktest.list, ktest.filter_glob, ktest.shuffle,
 * ktest.seed, ktest.timeout and ktest.break_on_fail (see
 * Documentation/dev-tools/ktest.rst). Called once by start_kernel() after
 * the initcalls, with interrupts on.
 *
 * Return: KMLAB_EXIT_PASS if no case failed (skips are not failures),
 * KMLAB_EXIT_TESTS_FAILED otherwise.
 */
#ifdef CONFIG_KTEST
int ktest_run_all(void);
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

/**
 * ktest_add_action - run @action(@arg) when the case ends, pass or fail
 * @test: the running case
 * @action: the function
 * @arg: its argument
 *
 * Actions run in reverse order of registration, after the suite's exit
 * hook and before the leak check. At most KTEST_MAX_RESOURCES actions and
 * managed allocations may be pending at once per case.
 *
 * Return: 0, or -ENOMEM when the table is full (the action then runs at
 * once, and the case fails).
 */
int ktest_add_action(struct ktest *test, ktest_action_fn action, void *arg);
#define KTEST_MAX_RESOURCES 256

/**
 * ktest_kmalloc - kmalloc() memory that is freed when the case ends
 * @test: the running case
 * @size: bytes
 * @gfp: allocation flags, as for kmalloc()
 *
 * Return: the memory, or NULL if kmalloc() failed (or the resource table
 * is full, which also fails the case).
 */
void *ktest_kmalloc(struct ktest *test, size_t size, gfp_t gfp);

/**
 * ktest_kzalloc - ktest_kmalloc() of zeroed memory
 * @test: the running case
 * @size: bytes
 * @gfp: allocation flags
 *
 * Return: as ktest_kmalloc().
 */
void *ktest_kzalloc(struct ktest *test, size_t size, gfp_t gfp);

/**
 * ktest_kfree - free managed memory before the case ends
 * @test: the running case
 * @ptr: memory from ktest_kmalloc()/ktest_kzalloc() (NULL is ignored)
 *
 * A pointer that is not managed is reported and fails the case.
 */
void ktest_kfree(struct ktest *test, const void *ptr);

/**
 * ktest_allow_leak - declare that the running case keeps memory on purpose
 * @test: the running case
 *
 * The leak check still prints what stayed live, as a diagnostic, but the
 * case does not fail for it.
 */
void ktest_allow_leak(struct ktest *test);

/* -- Console capture ------------------------------------------------------ */

/* Bytes of console text one capture keeps, NUL not included. */
#define KTEST_LOG_SIZE 4096

/**
 * ktest_log_capture_start - record what the kernel prints while @test runs
 * @test: the running case
 *
 * From now until the case ends (pass, fail, skip, fault or timeout) or
 * ktest_log_capture_stop(), every printk() that reaches the consoles is
 * also appended to a static KTEST_LOG_SIZE-byte buffer: the text after the
 * KERN_* level is stripped, exactly as the serial console shows it.
 * Messages dropped by loglevel= are not captured. The lines still reach
 * the console, so the serial log is unchanged. Lines ktest prints itself
 * (its diagnostics, failure reports, ktest_printk()) are not captured.
 * Text past KTEST_LOG_SIZE bytes is dropped and counted (see
 * ktest_log_dropped()); the count is printed when the capture ends.
 *
 * Calling it again restarts the capture with an empty buffer. The capture
 * never allocates (it may run while the heap is under test); it ends
 * through a deferred action (see ktest_add_action()). One case runs at a
 * time, so there is one buffer. Context: a running case.
 *
 * Return: 0, or -ENOMEM when the case's action table is full (then no
 * capture runs and the case fails).
 */
int ktest_log_capture_start(struct ktest *test);

/**
 * ktest_log_capture_stop - stop recording before the case ends
 * @test: the case that started the capture
 *
 * What was captured stays readable until the next capture starts. Does
 * nothing if no capture runs.
 */
void ktest_log_capture_stop(struct ktest *test);

/**
 * ktest_log_capturing - whether a capture of @test is recording now
 * @test: a case
 *
 * Return: true between ktest_log_capture_start() and the end of the case
 * (or ktest_log_capture_stop()), false otherwise.
 */
bool ktest_log_capturing(struct ktest *test);

/**
 * ktest_log_text - what the capture of @test recorded so far
 * @test: the case that started the capture
 *
 * Return: the NUL-terminated text (lines end in '\n'); "" if @test has
 * not started a capture or its case has ended (the text is forgotten
 * then). Valid until the next capture starts.
 */
const char *ktest_log_text(struct ktest *test);

/**
 * ktest_log_dropped - bytes that did not fit in the capture buffer
 * @test: the case that started the capture
 *
 * Return: 0 if everything printed was kept, else the bytes lost after the
 * first KTEST_LOG_SIZE.
 */
size_t ktest_log_dropped(struct ktest *test);

/**
 * ktest_log_count - how often @substr occurs in the captured text
 * @test: the case that started the capture
 * @substr: a non-empty string (it may span lines)
 *
 * Occurrences do not overlap. Use it to check that a message was printed
 * exactly once: KTEST_EXPECT_EQ(test, ktest_log_count(test, "oops"), 1).
 *
 * Return: the number of occurrences, 0 for an empty @substr.
 */
unsigned int ktest_log_count(struct ktest *test, const char *substr);

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

/* -- Expectations and assertions: the machinery ------------------------ */

/**
 * enum ktest_assert_type - what a failed check does
 * @KTEST_EXPECTATION: record the failure, the case goes on
 * @KTEST_ASSERTION: record the failure and end the case
 */
enum ktest_assert_type {
	KTEST_EXPECTATION,
	KTEST_ASSERTION,
};

/* Where a check is written and how it reads (one static object a check). */
struct ktest_loc {
	const char *file;
	int line;
	enum ktest_assert_type type;
	const char *op; /* "==", "<" ..., or NULL for TRUE/FALSE */
	const char *left; /* the expressions as written */
	const char *right;
};

/* The failure paths (lib/ktest/assert.c). They return for expectations and
 * longjmp() for assertions; fmt is the optional _MSG message or NULL. */
__printf(3, 4) void __ktest_fail(struct ktest *test,
				 const struct ktest_loc *loc, const char *fmt,
				 ...);
__printf(7, 8) void __ktest_fail_int(struct ktest *test,
				     const struct ktest_loc *loc,
				     unsigned long long left, bool left_signed,
				     unsigned long long right,
				     bool right_signed, const char *fmt, ...);
__printf(5, 6) void __ktest_fail_ptr(struct ktest *test,
				     const struct ktest_loc *loc,
				     const void *left, const void *right,
				     const char *fmt, ...);
__printf(5, 6) void __ktest_fail_str(struct ktest *test,
				     const struct ktest_loc *loc,
				     const char *left, const char *right,
				     const char *fmt, ...);
__printf(6, 7) void __ktest_fail_mem(struct ktest *test,
				     const struct ktest_loc *loc,
				     const void *left, const void *right,
				     size_t size, const char *fmt, ...);
void __ktest_check_log(struct ktest *test, const struct ktest_loc *loc,
		       const char *substr, bool want);
bool __ktest_streq(const char *a, const char *b);
bool __ktest_memeq(const void *a, const void *b, size_t size);

#define __ktest_is_signed(x)                                            \
	_Generic((x), char                                              \
		 : ((char)-1 < 1), signed char : 1, short : 1, int : 1, \
		   long : 1, long long : 1, default : 0)

#define __KTEST_LOC(_type, _op, _left, _right)  \
	static const struct ktest_loc __loc = { \
		.file = __FILE__,               \
		.line = __LINE__,               \
		.type = _type,                  \
		.op = _op,                      \
		.left = _left,                  \
		.right = _right,                \
	}

/* fmt is the _MSG message; the plain forms pass ("%s", "") so that every
 * message keeps printf checking, and an empty message prints nothing. */
#define __KTEST_BOOL(test, type, cond, want, text, fmt, ...)            \
	do {                                                            \
		__KTEST_LOC(type, NULL, text, want ? "true" : "false"); \
		if ((bool)(cond) != (want))                             \
			__ktest_fail(test, &__loc, fmt, ##__VA_ARGS__); \
	} while (0)

#define __KTEST_INT(test, type, left, op, right, ltext, rtext, fmt, ...) \
	do {                                                             \
		const __auto_type __l = (left);                          \
		const __auto_type __r = (right);                         \
		__KTEST_LOC(type, #op, ltext, rtext);                    \
		if (!(__l op __r))                                       \
			__ktest_fail_int(test, &__loc,                   \
					 (unsigned long long)__l,        \
					 __ktest_is_signed(__l),         \
					 (unsigned long long)__r,        \
					 __ktest_is_signed(__r), fmt,    \
					 ##__VA_ARGS__);                 \
	} while (0)

#define __KTEST_PTR(test, type, left, op, right, ltext, rtext, fmt, ...) \
	do {                                                             \
		const void *const __l = (left);                          \
		const void *const __r = (right);                         \
		__KTEST_LOC(type, #op, ltext, rtext);                    \
		if (!(__l op __r))                                       \
			__ktest_fail_ptr(test, &__loc, __l, __r, fmt,    \
					 ##__VA_ARGS__);                 \
	} while (0)

#define __KTEST_STR(test, type, left, want, right, ltext, rtext, fmt, ...) \
	do {                                                               \
		const char *const __l = (left);                            \
		const char *const __r = (right);                           \
		__KTEST_LOC(type, want ? "==" : "!=", ltext, rtext);       \
		if (__ktest_streq(__l, __r) != (want))                     \
			__ktest_fail_str(test, &__loc, __l, __r, fmt,      \
					 ##__VA_ARGS__);                   \
	} while (0)

#define __KTEST_MEM(test, type, left, right, size, ltext, rtext, fmt, ...) \
	do {                                                               \
		const void *const __l = (left);                            \
		const void *const __r = (right);                           \
		const size_t __n = (size);                                 \
		__KTEST_LOC(type, "==", ltext, rtext);                     \
		if (!__ktest_memeq(__l, __r, __n))                         \
			__ktest_fail_mem(test, &__loc, __l, __r, __n, fmt, \
					 ##__VA_ARGS__);                   \
	} while (0)

/* -- Expectations (KTEST_EXPECT_*) -------------------------------------- */

/**
 * KTEST_FAIL - fail the case with a message, and go on
 * @test: the running case
 * @fmt: printf-style message
 */
#define KTEST_FAIL(test, fmt, ...)                                    \
	__KTEST_BOOL(test, KTEST_EXPECTATION, false, true, NULL, fmt, \
		     ##__VA_ARGS__)

/**
 * KTEST_SUCCEED - an expectation that always holds (for readability)
 * @test: the running case
 */
#define KTEST_SUCCEED(test)   \
	do {                  \
		(void)(test); \
	} while (0)

/**
 * KTEST_EXPECT_TRUE - expect @cond to be true
 * @test: the running case
 * @cond: any scalar expression
 *
 * On failure prints file:line and the expression as written; the case goes
 * on and will be reported "not ok". Every KTEST_EXPECT_* has a _MSG form
 * taking a printf-style message after its operands, printed on failure,
 * and a KTEST_ASSERT_* form that ends the case instead of going on.
 */
#define KTEST_EXPECT_TRUE(test, cond) \
	__KTEST_BOOL(test, KTEST_EXPECTATION, cond, true, #cond, "%s", "")
#define KTEST_EXPECT_TRUE_MSG(test, cond, fmt, ...)                   \
	__KTEST_BOOL(test, KTEST_EXPECTATION, cond, true, #cond, fmt, \
		     ##__VA_ARGS__)

/**
 * KTEST_EXPECT_FALSE - expect @cond to be false
 * @test: the running case
 * @cond: any scalar expression
 */
#define KTEST_EXPECT_FALSE(test, cond) \
	__KTEST_BOOL(test, KTEST_EXPECTATION, cond, false, #cond, "%s", "")
#define KTEST_EXPECT_FALSE_MSG(test, cond, fmt, ...)                   \
	__KTEST_BOOL(test, KTEST_EXPECTATION, cond, false, #cond, fmt, \
		     ##__VA_ARGS__)

/**
 * KTEST_EXPECT_EQ - expect integers @left == @right
 * @test: the running case
 * @left: an integer expression, evaluated once
 * @right: an integer expression, evaluated once
 *
 * Compared with C's rules for the two types; on failure both values are
 * printed in decimal and hex. KTEST_EXPECT_NE, _LT, _LE, _GT and _GE work
 * the same way with !=, <, <=, > and >=.
 */
#define KTEST_EXPECT_EQ(test, left, right)                                   \
	__KTEST_INT(test, KTEST_EXPECTATION, left, ==, right, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_EQ_MSG(test, left, right, fmt, ...)                     \
	__KTEST_INT(test, KTEST_EXPECTATION, left, ==, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_EXPECT_NE(test, left, right)                                   \
	__KTEST_INT(test, KTEST_EXPECTATION, left, !=, right, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_NE_MSG(test, left, right, fmt, ...)                     \
	__KTEST_INT(test, KTEST_EXPECTATION, left, !=, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_EXPECT_LT(test, left, right)                                  \
	__KTEST_INT(test, KTEST_EXPECTATION, left, <, right, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_LT_MSG(test, left, right, fmt, ...)                    \
	__KTEST_INT(test, KTEST_EXPECTATION, left, <, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_EXPECT_LE(test, left, right)                                   \
	__KTEST_INT(test, KTEST_EXPECTATION, left, <=, right, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_LE_MSG(test, left, right, fmt, ...)                     \
	__KTEST_INT(test, KTEST_EXPECTATION, left, <=, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_EXPECT_GT(test, left, right)                                  \
	__KTEST_INT(test, KTEST_EXPECTATION, left, >, right, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_GT_MSG(test, left, right, fmt, ...)                    \
	__KTEST_INT(test, KTEST_EXPECTATION, left, >, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_EXPECT_GE(test, left, right)                                   \
	__KTEST_INT(test, KTEST_EXPECTATION, left, >=, right, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_GE_MSG(test, left, right, fmt, ...)                     \
	__KTEST_INT(test, KTEST_EXPECTATION, left, >=, right, #left, #right, \
		    fmt, ##__VA_ARGS__)

/**
 * KTEST_EXPECT_PTR_EQ - expect pointers @left == @right
 * @test: the running case
 * @left: a pointer expression, evaluated once
 * @right: a pointer expression, evaluated once
 *
 * KTEST_EXPECT_PTR_NE is the != form. Both print the pointers in hex.
 */
#define KTEST_EXPECT_PTR_EQ(test, left, right)                               \
	__KTEST_PTR(test, KTEST_EXPECTATION, left, ==, right, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_PTR_EQ_MSG(test, left, right, fmt, ...)                 \
	__KTEST_PTR(test, KTEST_EXPECTATION, left, ==, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_EXPECT_PTR_NE(test, left, right)                               \
	__KTEST_PTR(test, KTEST_EXPECTATION, left, !=, right, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_PTR_NE_MSG(test, left, right, fmt, ...)                 \
	__KTEST_PTR(test, KTEST_EXPECTATION, left, !=, right, #left, #right, \
		    fmt, ##__VA_ARGS__)

/**
 * KTEST_EXPECT_NULL - expect the pointer @ptr to be NULL
 * @test: the running case
 * @ptr: a pointer expression, evaluated once
 *
 * KTEST_EXPECT_NOT_NULL is the opposite.
 */
#define KTEST_EXPECT_NULL(test, ptr)                                      \
	__KTEST_PTR(test, KTEST_EXPECTATION, ptr, ==, NULL, #ptr, "NULL", \
		    "%s", "")
#define KTEST_EXPECT_NULL_MSG(test, ptr, fmt, ...)                             \
	__KTEST_PTR(test, KTEST_EXPECTATION, ptr, ==, NULL, #ptr, "NULL", fmt, \
		    ##__VA_ARGS__)
#define KTEST_EXPECT_NOT_NULL(test, ptr)                                  \
	__KTEST_PTR(test, KTEST_EXPECTATION, ptr, !=, NULL, #ptr, "NULL", \
		    "%s", "")
#define KTEST_EXPECT_NOT_NULL_MSG(test, ptr, fmt, ...)                         \
	__KTEST_PTR(test, KTEST_EXPECTATION, ptr, !=, NULL, #ptr, "NULL", fmt, \
		    ##__VA_ARGS__)

/**
 * KTEST_EXPECT_STREQ - expect NUL-terminated strings @left and @right equal
 * @test: the running case
 * @left: a const char * (NULL equals only NULL)
 * @right: a const char *
 *
 * KTEST_EXPECT_STRNEQ expects them to differ. Both strings are printed,
 * quoted, on failure.
 */
#define KTEST_EXPECT_STREQ(test, left, right)                                  \
	__KTEST_STR(test, KTEST_EXPECTATION, left, true, right, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_STREQ_MSG(test, left, right, fmt, ...)                    \
	__KTEST_STR(test, KTEST_EXPECTATION, left, true, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_EXPECT_STRNEQ(test, left, right)                          \
	__KTEST_STR(test, KTEST_EXPECTATION, left, false, right, #left, \
		    #right, "%s", "")
#define KTEST_EXPECT_STRNEQ_MSG(test, left, right, fmt, ...)            \
	__KTEST_STR(test, KTEST_EXPECTATION, left, false, right, #left, \
		    #right, fmt, ##__VA_ARGS__)

/**
 * KTEST_EXPECT_MEMEQ - expect @size bytes at @left and @right to be equal
 * @test: the running case
 * @left: a pointer
 * @right: a pointer
 * @size: bytes to compare
 *
 * On failure prints the offset of the first differing byte and the bytes
 * around it from both sides, differing bytes marked <xx>.
 */
#define KTEST_EXPECT_MEMEQ(test, left, right, size)                            \
	__KTEST_MEM(test, KTEST_EXPECTATION, left, right, size, #left, #right, \
		    "%s", "")
#define KTEST_EXPECT_MEMEQ_MSG(test, left, right, size, fmt, ...)              \
	__KTEST_MEM(test, KTEST_EXPECTATION, left, right, size, #left, #right, \
		    fmt, ##__VA_ARGS__)

/**
 * KTEST_EXPECT_LOG_CONTAINS - expect the captured console text to hold @substr
 * @test: the running case, which called ktest_log_capture_start()
 * @substr: a const char *, matched as a plain substring (no regex)
 *
 * Fails, and prints the captured lines as diagnostics, if @substr is not in
 * ktest_log_text() or no capture was started. KTEST_ASSERT_LOG_CONTAINS
 * ends the case instead of going on.
 */
#define KTEST_EXPECT_LOG_CONTAINS(test, substr)                             \
	do {                                                                \
		__KTEST_LOC(KTEST_EXPECTATION, "contains", "log", #substr); \
		__ktest_check_log(test, &__loc, substr, true);              \
	} while (0)

/**
 * KTEST_EXPECT_LOG_NOT_CONTAINS - expect @substr was not printed
 * @test: the running case, which called ktest_log_capture_start()
 * @substr: a const char *, matched as a plain substring
 *
 * Also fails when the capture dropped text (buffer full) or was never
 * started: absence cannot be shown then. KTEST_ASSERT_LOG_NOT_CONTAINS
 * ends the case instead of going on.
 */
#define KTEST_EXPECT_LOG_NOT_CONTAINS(test, substr)                      \
	do {                                                             \
		__KTEST_LOC(KTEST_EXPECTATION, "lacks", "log", #substr); \
		__ktest_check_log(test, &__loc, substr, false);          \
	} while (0)

/* -- Assertions (KTEST_ASSERT_*): as KTEST_EXPECT_*, but end the case ---- */

#define KTEST_ASSERT_LOG_CONTAINS(test, substr)                           \
	do {                                                              \
		__KTEST_LOC(KTEST_ASSERTION, "contains", "log", #substr); \
		__ktest_check_log(test, &__loc, substr, true);            \
	} while (0)
#define KTEST_ASSERT_LOG_NOT_CONTAINS(test, substr)                    \
	do {                                                           \
		__KTEST_LOC(KTEST_ASSERTION, "lacks", "log", #substr); \
		__ktest_check_log(test, &__loc, substr, false);        \
	} while (0)

#define KTEST_ASSERT_FAILURE(test, fmt, ...)                        \
	__KTEST_BOOL(test, KTEST_ASSERTION, false, true, NULL, fmt, \
		     ##__VA_ARGS__)
#define KTEST_ASSERT_TRUE(test, cond) \
	__KTEST_BOOL(test, KTEST_ASSERTION, cond, true, #cond, "%s", "")
#define KTEST_ASSERT_TRUE_MSG(test, cond, fmt, ...)                 \
	__KTEST_BOOL(test, KTEST_ASSERTION, cond, true, #cond, fmt, \
		     ##__VA_ARGS__)
#define KTEST_ASSERT_FALSE(test, cond) \
	__KTEST_BOOL(test, KTEST_ASSERTION, cond, false, #cond, "%s", "")
#define KTEST_ASSERT_FALSE_MSG(test, cond, fmt, ...)                 \
	__KTEST_BOOL(test, KTEST_ASSERTION, cond, false, #cond, fmt, \
		     ##__VA_ARGS__)
#define KTEST_ASSERT_EQ(test, left, right)                                 \
	__KTEST_INT(test, KTEST_ASSERTION, left, ==, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_EQ_MSG(test, left, right, fmt, ...)                   \
	__KTEST_INT(test, KTEST_ASSERTION, left, ==, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_ASSERT_NE(test, left, right)                                 \
	__KTEST_INT(test, KTEST_ASSERTION, left, !=, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_NE_MSG(test, left, right, fmt, ...)                   \
	__KTEST_INT(test, KTEST_ASSERTION, left, !=, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_ASSERT_LT(test, left, right)                                \
	__KTEST_INT(test, KTEST_ASSERTION, left, <, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_LT_MSG(test, left, right, fmt, ...)                       \
	__KTEST_INT(test, KTEST_ASSERTION, left, <, right, #left, #right, fmt, \
		    ##__VA_ARGS__)
#define KTEST_ASSERT_LE(test, left, right)                                 \
	__KTEST_INT(test, KTEST_ASSERTION, left, <=, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_LE_MSG(test, left, right, fmt, ...)                   \
	__KTEST_INT(test, KTEST_ASSERTION, left, <=, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_ASSERT_GT(test, left, right)                                \
	__KTEST_INT(test, KTEST_ASSERTION, left, >, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_GT_MSG(test, left, right, fmt, ...)                       \
	__KTEST_INT(test, KTEST_ASSERTION, left, >, right, #left, #right, fmt, \
		    ##__VA_ARGS__)
#define KTEST_ASSERT_GE(test, left, right)                                 \
	__KTEST_INT(test, KTEST_ASSERTION, left, >=, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_GE_MSG(test, left, right, fmt, ...)                   \
	__KTEST_INT(test, KTEST_ASSERTION, left, >=, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_ASSERT_PTR_EQ(test, left, right)                             \
	__KTEST_PTR(test, KTEST_ASSERTION, left, ==, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_PTR_EQ_MSG(test, left, right, fmt, ...)               \
	__KTEST_PTR(test, KTEST_ASSERTION, left, ==, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_ASSERT_PTR_NE(test, left, right)                             \
	__KTEST_PTR(test, KTEST_ASSERTION, left, !=, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_PTR_NE_MSG(test, left, right, fmt, ...)               \
	__KTEST_PTR(test, KTEST_ASSERTION, left, !=, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_ASSERT_NULL(test, ptr)                                          \
	__KTEST_PTR(test, KTEST_ASSERTION, ptr, ==, NULL, #ptr, "NULL", "%s", \
		    "")
#define KTEST_ASSERT_NULL_MSG(test, ptr, fmt, ...)                           \
	__KTEST_PTR(test, KTEST_ASSERTION, ptr, ==, NULL, #ptr, "NULL", fmt, \
		    ##__VA_ARGS__)
#define KTEST_ASSERT_NOT_NULL(test, ptr)                                      \
	__KTEST_PTR(test, KTEST_ASSERTION, ptr, !=, NULL, #ptr, "NULL", "%s", \
		    "")
#define KTEST_ASSERT_NOT_NULL_MSG(test, ptr, fmt, ...)                       \
	__KTEST_PTR(test, KTEST_ASSERTION, ptr, !=, NULL, #ptr, "NULL", fmt, \
		    ##__VA_ARGS__)
#define KTEST_ASSERT_STREQ(test, left, right)                                \
	__KTEST_STR(test, KTEST_ASSERTION, left, true, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_STREQ_MSG(test, left, right, fmt, ...)                  \
	__KTEST_STR(test, KTEST_ASSERTION, left, true, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_ASSERT_STRNEQ(test, left, right)                                \
	__KTEST_STR(test, KTEST_ASSERTION, left, false, right, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_STRNEQ_MSG(test, left, right, fmt, ...)                  \
	__KTEST_STR(test, KTEST_ASSERTION, left, false, right, #left, #right, \
		    fmt, ##__VA_ARGS__)
#define KTEST_ASSERT_MEMEQ(test, left, right, size)                          \
	__KTEST_MEM(test, KTEST_ASSERTION, left, right, size, #left, #right, \
		    "%s", "")
#define KTEST_ASSERT_MEMEQ_MSG(test, left, right, size, fmt, ...)            \
	__KTEST_MEM(test, KTEST_ASSERTION, left, right, size, #left, #right, \
		    fmt, ##__VA_ARGS__)

#endif /* _KMLAB_KTEST_H */
