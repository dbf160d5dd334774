/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktest's checks, as Linux's include/kunit/assert.h and the KUNIT_EXPECT_*
 * and KUNIT_ASSERT_* macros of include/kunit/test.h.
 *
 * Each macro evaluates its operands once, compares them inline and passes
 * the outcome, the values and a static struct ktest_loc (file, line, the
 * expressions as written) to a check function of lib/ktest/assert.c, which
 * returns at once when the check holds and otherwise reports. The one
 * "did it fail?" branch is thus in assert.c, where ktest's failing
 * examples (ktest-fail-test.c) take it both ways, not in every check of
 * every suite, where a passing run could never take it and coverage would
 * count it against the code under test (Documentation/dev-tools/
 * coverage.rst). An expectation (KTEST_EXPECT_*) records a failure and
 * lets the case go on; an assertion (KTEST_ASSERT_*) records it and ends
 * the case through ktest_abort() (lib/ktest/try-catch.c).
 */
#ifndef _KTEST_ASSERT_H
#define _KTEST_ASSERT_H

#include <kmlab/compiler.h>
#include <kmlab/string.h>
#include <ktest/test.h>

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

/* The checks (lib/ktest/assert.c): each returns at once when @pass is
 * true; otherwise it reports, then returns for an expectation and leaves
 * the case through ktest_abort() for an assertion. fmt is the _MSG message
 * ("%s", "" for none). */
__printf(4, 5) void __ktest_check(struct ktest *test,
				  const struct ktest_loc *loc, bool pass,
				  const char *fmt, ...);
__printf(8, 9) void __ktest_check_int(struct ktest *test,
				      const struct ktest_loc *loc, bool pass,
				      unsigned long long left, bool left_signed,
				      unsigned long long right,
				      bool right_signed, const char *fmt, ...);
__printf(6, 7) void __ktest_check_ptr(struct ktest *test,
				      const struct ktest_loc *loc, bool pass,
				      const void *left, const void *right,
				      const char *fmt, ...);
__printf(6, 7) void __ktest_check_str(struct ktest *test,
				      const struct ktest_loc *loc, bool pass,
				      const char *left, const char *right,
				      const char *fmt, ...);
__printf(7, 8) void __ktest_check_mem(struct ktest *test,
				      const struct ktest_loc *loc, bool pass,
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
#define __KTEST_BOOL(test, type, cond, want, text, fmt, ...)             \
	do {                                                             \
		__KTEST_LOC(type, NULL, text, want ? "true" : "false");  \
		__ktest_check(test, &__loc, (bool)(cond) == (want), fmt, \
			      ##__VA_ARGS__);                            \
	} while (0)

#define __KTEST_INT(test, type, left, op, right, ltext, rtext, fmt, ...)       \
	do {                                                                   \
		const __auto_type __l = (left);                                \
		const __auto_type __r = (right);                               \
		__KTEST_LOC(type, #op, ltext, rtext);                          \
		__ktest_check_int(test, &__loc, __l op __r,                    \
				  (unsigned long long)__l,                     \
				  __ktest_is_signed(__l),                      \
				  (unsigned long long)__r,                     \
				  __ktest_is_signed(__r), fmt, ##__VA_ARGS__); \
	} while (0)

#define __KTEST_PTR(test, type, left, op, right, ltext, rtext, fmt, ...)   \
	do {                                                               \
		const void *const __l = (left);                            \
		const void *const __r = (right);                           \
		__KTEST_LOC(type, #op, ltext, rtext);                      \
		__ktest_check_ptr(test, &__loc, __l op __r, __l, __r, fmt, \
				  ##__VA_ARGS__);                          \
	} while (0)

#define __KTEST_STR(test, type, left, want, right, ltext, rtext, fmt, ...)     \
	do {                                                                   \
		const char *const __l = (left);                                \
		const char *const __r = (right);                               \
		__KTEST_LOC(type, want ? "==" : "!=", ltext, rtext);           \
		__ktest_check_str(test, &__loc,                                \
				  __ktest_streq(__l, __r) == (want), __l, __r, \
				  fmt, ##__VA_ARGS__);                         \
	} while (0)

#define __KTEST_MEM(test, type, left, right, size, ltext, rtext, fmt, ...)    \
	do {                                                                  \
		const void *const __l = (left);                               \
		const void *const __r = (right);                              \
		const size_t __n = (size);                                    \
		__KTEST_LOC(type, "==", ltext, rtext);                        \
		__ktest_check_mem(test, &__loc, __ktest_memeq(__l, __r, __n), \
				  __l, __r, __n, fmt, ##__VA_ARGS__);         \
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

#endif /* _KTEST_ASSERT_H */
