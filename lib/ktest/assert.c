// SPDX-License-Identifier: GPL-2.0
/*
 * Failure reports of KTEST_EXPECT_* and KTEST_ASSERT_*.
 *
 * The macros in include/ktest/assert.h evaluate their operands once, compare them
 * inline and pass the outcome here, on every check: the branch on it is
 * this file's, taken both ways by ktest's failing examples, rather than
 * one never-failing branch in every check of every suite. A report has KUnit's
 * shape: a KTAP diagnostic line naming the case, the kind of check and
 * file:line, then the check as written and the values, indented like the
 * case's result line:
 *
 *	    # alloc_test: EXPECTATION FAILED at mm/slab-test.c:42
 *	    Expected n == 3, but
 *	        n == 4 (0x4)
 *	        3 == 3 (0x3)
 *	    the optional _MSG message
 *
 * An expectation then returns to the case; an assertion leaves it through
 * ktest_abort().
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include "ktest-internal.h"

static void report_start(struct ktest *test, const struct ktest_loc *loc)
{
	ktest_set_failure(test);
	ktest_diag(test, "%s FAILED at %s:%d",
		   loc->type == KTEST_ASSERTION ? "ASSERTION" : "EXPECTATION",
		   loc->file, loc->line);
}

/* Print the _MSG message, if any, then go on or leave the case. */
static void report_end(struct ktest *test, const struct ktest_loc *loc,
		       const char *fmt, va_list ap)
{
	char msg[256];

	vscnprintf(msg, sizeof(msg), fmt, ap);
	if (msg[0])
		ktest_detail(test, "%s", msg);
	if (loc->type == KTEST_ASSERTION)
		ktest_abort(test, KTEST_ABORT_ASSERT);
}

/*
 * The end of every report, in the variadic check function itself (where
 * va_start() must run): the _MSG message, then go on or leave the case.
 */
#define report_end_va(test, loc, fmt)           \
	do {                                    \
		va_list ap;                     \
		va_start(ap, fmt);              \
		report_end(test, loc, fmt, ap); \
		va_end(ap);                     \
	} while (0)

/* The start of a report on a comparison: "Expected a op b, but". */
static void report_comparison(struct ktest *test, const struct ktest_loc *loc)
{
	report_start(test, loc);
	ktest_detail(test, "Expected %s %s %s, but", loc->left, loc->op,
		     loc->right);
}

void __ktest_check(struct ktest *test, const struct ktest_loc *loc, bool pass,
		   const char *fmt, ...)
{
	if (pass)
		return;
	report_start(test, loc);
	/* KTEST_FAIL() has no expression: its message is the report. */
	if (loc->left)
		ktest_detail(test, "Expected %s to be %s, but is %s", loc->left,
			     loc->right,
			     loc->right[0] == 't' ? "false" : "true");
	report_end_va(test, loc, fmt);
}

static void int_line(struct ktest *test, const char *text, unsigned long long v,
		     bool is_signed)
{
	if (is_signed)
		ktest_detail(test, "    %s == %lld (0x%llx)", text,
			     (long long)v, v);
	else
		ktest_detail(test, "    %s == %llu (0x%llx)", text, v, v);
}

void __ktest_check_int(struct ktest *test, const struct ktest_loc *loc,
		       bool pass, unsigned long long left, bool left_signed,
		       unsigned long long right, bool right_signed,
		       const char *fmt, ...)
{
	if (pass)
		return;
	report_comparison(test, loc);
	int_line(test, loc->left, left, left_signed);
	int_line(test, loc->right, right, right_signed);
	report_end_va(test, loc, fmt);
}

void __ktest_check_ptr(struct ktest *test, const struct ktest_loc *loc,
		       bool pass, const void *left, const void *right,
		       const char *fmt, ...)
{
	if (pass)
		return;
	report_comparison(test, loc);
	ktest_detail(test, "    %s == %p", loc->left, left);
	ktest_detail(test, "    %s == %p", loc->right, right);
	report_end_va(test, loc, fmt);
}

static void str_line(struct ktest *test, const char *text, const char *s)
{
	if (s)
		ktest_detail(test, "    %s == \"%s\"", text, s);
	else
		ktest_detail(test, "    %s == NULL", text);
}

bool __ktest_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

void __ktest_check_str(struct ktest *test, const struct ktest_loc *loc,
		       bool pass, const char *left, const char *right,
		       const char *fmt, ...)
{
	if (pass)
		return;
	report_comparison(test, loc);
	str_line(test, loc->left, left);
	str_line(test, loc->right, right);
	report_end_va(test, loc, fmt);
}

bool __ktest_memeq(const void *a, const void *b, size_t size)
{
	if (!a || !b)
		return a == b;
	return !memcmp(a, b, size);
}

/* Up to 16 bytes of @p from @start, bytes differing from @q marked <xx>. */
static void mem_line(struct ktest *test, const char *text, const u8 *p,
		     const u8 *q, size_t start, size_t size)
{
	char buf[16 * 4 + 1];
	size_t len = 0;

	for (size_t i = start; i < size && i < start + 16; i++)
		len += scnprintf(buf + len, sizeof(buf) - len,
				 p[i] != q[i] ? "<%02x>" : " %02x ", p[i]);
	while (len && buf[len - 1] == ' ')
		len--;
	buf[len] = '\0';
	ktest_detail(test, "    %s == %s", text, buf);
}

void __ktest_check_mem(struct ktest *test, const struct ktest_loc *loc,
		       bool pass, const void *left, const void *right,
		       size_t size, const char *fmt, ...)
{
	const u8 *l = left, *r = right;
	size_t i = 0;

	if (pass)
		return;
	report_comparison(test, loc);
	if (!l || !r) {
		ktest_detail(test, "    %s == %p", loc->left, left);
		ktest_detail(test, "    %s == %p", loc->right, right);
	} else {
		while (i < size && l[i] == r[i])
			i++;
		ktest_detail(test, "    first difference at byte %zu of %zu", i,
			     size);
		mem_line(test, loc->left, l, r, ALIGN_DOWN(i, 16), size);
		mem_line(test, loc->right, r, l, ALIGN_DOWN(i, 16), size);
	}
	report_end_va(test, loc, fmt);
}
