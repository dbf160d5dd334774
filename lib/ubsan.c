// SPDX-License-Identifier: GPL-2.0
/*
 * UBSan's report handlers (CONFIG_UBSAN, Documentation/dev-tools/ubsan.rst).
 *
 * With CONFIG_UBSAN every object is compiled with the -fsanitize= checks
 * that scripts/Makefile.ubsan.mk picks from the CONFIG_UBSAN_* options. A
 * check that fails calls one of the __ubsan_handle_*() functions below with
 * a descriptor of the source location and types (lib/ubsan.h) and the
 * values involved. Each handler turns that into one report and returns, so
 * the kernel goes on, as Linux's lib/ubsan.c does (kmlab's code, the same
 * kinds and wording).
 *
 * A report is one line that says what and where, values included, then a
 * backtrace:
 *
 *	UBSAN: shift-out-of-bounds in lib/test_ubsan.c:31:11: shift exponent 32 is too large for 32-bit type 'int'
 *	Call Trace:
 *	 [<0010a2c4>] ...
 *
 * Outside a ktest case it is printed at KERN_ERR, once per source location
 * (as Linux's was_reported(): a loop does not flood the console). While a
 * case runs, the line goes to the case's diagnostics through
 * __ktest_fail_current_test() (include/ktest/test-bug.h), which fails the
 * case; each case gets the report of each location it reaches once, the
 * first time, so every case that hits a bug says so. Every check that
 * fails is counted (ubsan_report_count()), printed or not; a report made
 * while another is printed (UB in printk) is counted only.
 *
 * ubsan.halt=1 stops the kernel (panic) after the first report. A report
 * outside any case fails the run at its end (ubsan_run_failed(), called by
 * start_kernel()). __builtin_unreachable() reached cannot return: it
 * reports and panics.
 *
 * Nothing here depends on the architecture: the same file builds for any
 * arch that provides printk(), panic() and dump_stack(). It is itself
 * built without -fsanitize= (lib/Kbuild): a check failing in a handler
 * would call the handler again.
 */
#include <kmlab/printk.h>
#include <kmlab/param.h>
#include <kmlab/string.h>
#include <kmlab/ubsan.h>
#include <ktest/test.h>
#include <ktest/test-bug.h>
#include "ubsan.h"

static bool ubsan_halt;
kernel_param("ubsan.halt", ubsan_halt, bool,
	     "stop the kernel (panic) after the first UBSan report");

/* Failed checks since boot; those made while no ktest case ran. */
static unsigned int ubsan_reports, ubsan_reports_outside;
/* A report is being printed: a check failing in printk is counted only. */
static bool ubsan_in_report;

/* In the column's free top bit: this location printed its report. */
#define UBSAN_REPORTED 0x80000000u

/*
 * The locations reported in the running leaf case (a case, or one
 * parameter): each prints once per leaf. Past UBSAN_LEAF_LOCATIONS the
 * case is failed already and further locations are counted only.
 */
#define UBSAN_LEAF_LOCATIONS 8
static struct {
	const struct ktest *test;
	const char *name;
	int param_index;
	unsigned int n;
	const struct ubsan_source_location *loc[UBSAN_LEAF_LOCATIONS];
} ubsan_leaf;

unsigned int ubsan_report_count(void)
{
	return ubsan_reports;
}

bool ubsan_run_failed(void)
{
	if (!ubsan_reports)
		return false;
	pr_err("ubsan: %u report%s since boot, %u outside ktest cases%s\n",
	       ubsan_reports, ubsan_reports == 1 ? "" : "s",
	       ubsan_reports_outside,
	       ubsan_reports_outside ? ": the run fails" : "");
	return ubsan_reports_outside != 0;
}

/*
 * The compiler names a source file as it was given it: absolute in kmlab's
 * build. Reports name it relative to the source tree, as __FILE__ does.
 */
static const char *source_file(const struct ubsan_source_location *loc)
{
#ifdef UBSAN_SRCTREE
	size_t n = strlen(UBSAN_SRCTREE);

	if (!strncmp(loc->file_name, UBSAN_SRCTREE, n))
		return loc->file_name + n;
#endif
	return loc->file_name;
}

/* Linux's was_reported(): true from the second call for @loc on. */
static bool was_reported(struct ubsan_source_location *loc)
{
	bool seen = loc->column & UBSAN_REPORTED;

	loc->column |= UBSAN_REPORTED;
	return seen;
}

/* True if @test's current leaf has reported @loc already (and note it). */
static bool leaf_reported(const struct ktest *test,
			  const struct ubsan_source_location *loc)
{
	unsigned int i;

	if (ubsan_leaf.test != test || ubsan_leaf.name != test->name ||
	    ubsan_leaf.param_index != test->param_index) {
		ubsan_leaf.test = test;
		ubsan_leaf.name = test->name;
		ubsan_leaf.param_index = test->param_index;
		ubsan_leaf.n = 0;
	}
	for (i = 0; i < ubsan_leaf.n; i++)
		if (ubsan_leaf.loc[i] == loc)
			return true;
	if (ubsan_leaf.n == UBSAN_LEAF_LOCATIONS)
		return true;
	ubsan_leaf.loc[ubsan_leaf.n++] = loc;
	return false;
}

/*
 * Count one failed check of kind @kind (Linux's names: "shift-out-of-bounds",
 * ...) at @loc and report it as described at the top of this file.
 */
static __printf(3, 4) void ubsan_report(struct ubsan_source_location *loc,
					const char *kind, const char *fmt, ...)
{
	struct ktest *test = ktest_get_current_test();
	char detail[192];
	bool quiet;
	va_list ap;

	ubsan_reports++;
	if (!test)
		ubsan_reports_outside++;
	if (ubsan_in_report)
		return;
	quiet = test ? leaf_reported(test, loc) : was_reported(loc);
	if (quiet && !ubsan_halt)
		return;
	ubsan_in_report = true;
	va_start(ap, fmt);
	vscnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	/* In a case, the line is the case's diagnostic (KTAP "# CASE: ..."). */
	if (!test ||
	    !__ktest_fail_current_test(NULL, 0, "UBSAN: %s in %s:%u:%u: %s",
				       kind, source_file(loc), loc->line,
				       loc->column & ~UBSAN_REPORTED, detail))
		pr_err("UBSAN: %s in %s:%u:%u: %s\n", kind, source_file(loc),
		       loc->line, loc->column & ~UBSAN_REPORTED, detail);
	dump_stack();
	ubsan_in_report = false;
	if (ubsan_halt)
		panic("UBSAN: ubsan.halt=1: stopping at the report above");
}

/* -- Values ------------------------------------------------------------- */

static unsigned int type_bits(const struct ubsan_type_descriptor *type)
{
	return 1U << (type->type_info >> 1);
}

static bool type_is_signed(const struct ubsan_type_descriptor *type)
{
	return type->type_info & 1;
}

/* An integer of at most 64 bits: one this file can print. */
static bool type_is_printable_int(const struct ubsan_type_descriptor *type)
{
	return type->type_kind == UBSAN_TYPE_INTEGER && type_bits(type) <= 64;
}

/* A value no wider than a pointer is in the handle itself. */
static bool value_is_inline(const struct ubsan_type_descriptor *type)
{
	return type_bits(type) <= sizeof(void *) * 8;
}

static s64 signed_value(const struct ubsan_type_descriptor *type, void *val)
{
	unsigned int extra = 64 - type_bits(type);

	if (value_is_inline(type))
		return (s64)((u64)(unsigned long)val << extra) >> extra;
	return *(s64 *)val;
}

static u64 unsigned_value(const struct ubsan_type_descriptor *type, void *val)
{
	if (value_is_inline(type))
		return (unsigned long)val;
	return *(u64 *)val;
}

static bool value_is_negative(const struct ubsan_type_descriptor *type,
			      void *val)
{
	return type_is_printable_int(type) && type_is_signed(type) &&
	       signed_value(type, val) < 0;
}

/* The value as the source would write it: "-5", "4294967295". */
static const char *format_value(char *buf, size_t size,
				const struct ubsan_type_descriptor *type,
				void *val)
{
	if (!type_is_printable_int(type))
		snprintf(buf, size, "(a %s of %u bits)",
			 type->type_kind == UBSAN_TYPE_FLOAT ? "float" :
							       "value",
			 type->type_kind == UBSAN_TYPE_FLOAT ?
				 (unsigned int)type->type_info :
				 type_bits(type));
	else if (type_is_signed(type))
		snprintf(buf, size, "%lld", (long long)signed_value(type, val));
	else
		snprintf(buf, size, "%llu",
			 (unsigned long long)unsigned_value(type, val));
	return buf;
}

#define VALUE_LEN 24 /* "-9223372036854775808" and its NUL */

/* -- Handlers ------------------------------------------------------------ */

/*
 * A report whose @fmt says one value (@val, of type @type) and then names
 * @named's type: "index %s is out of range for type %s".
 */
static void report_value(struct ubsan_source_location *loc, const char *kind,
			 const char *fmt,
			 const struct ubsan_type_descriptor *type, void *val,
			 const struct ubsan_type_descriptor *named)
{
	char v[VALUE_LEN];

	ubsan_report(loc, kind, fmt, format_value(v, sizeof(v), type, val),
		     named->type_name);
}

static void handle_overflow(void *_data, void *lhs, void *rhs, char op)
{
	struct ubsan_overflow_data *data = _data;
	char l[VALUE_LEN], r[VALUE_LEN];

	ubsan_report(&data->location,
		     type_is_signed(data->type) ? "signed-integer-overflow" :
						  "unsigned-integer-overflow",
		     "%s %c %s cannot be represented in type %s",
		     format_value(l, sizeof(l), data->type, lhs), op,
		     format_value(r, sizeof(r), data->type, rhs),
		     data->type->type_name);
}

void __ubsan_handle_add_overflow(void *data, void *lhs, void *rhs)
{
	handle_overflow(data, lhs, rhs, '+');
}

void __ubsan_handle_sub_overflow(void *data, void *lhs, void *rhs)
{
	handle_overflow(data, lhs, rhs, '-');
}

void __ubsan_handle_mul_overflow(void *data, void *lhs, void *rhs)
{
	handle_overflow(data, lhs, rhs, '*');
}

void __ubsan_handle_negate_overflow(void *_data, void *old_val)
{
	struct ubsan_overflow_data *data = _data;

	report_value(&data->location, "signed-integer-overflow",
		     "negation of %s cannot be represented in type %s",
		     data->type, old_val, data->type);
}

void __ubsan_handle_divrem_overflow(void *_data, void *lhs, void *rhs)
{
	struct ubsan_overflow_data *data = _data;
	char v[VALUE_LEN];

	if (type_is_printable_int(data->type) && type_is_signed(data->type) &&
	    signed_value(data->type, rhs) == -1)
		ubsan_report(
			&data->location, "division-overflow",
			"division of %s by -1 cannot be represented in type %s",
			format_value(v, sizeof(v), data->type, lhs),
			data->type->type_name);
	else
		ubsan_report(&data->location, "division-by-zero",
			     "division of %s by zero",
			     format_value(v, sizeof(v), data->type, lhs));
}

void __ubsan_handle_shift_out_of_bounds(void *_data, void *lhs, void *rhs)
{
	struct ubsan_shift_out_of_bounds_data *data = _data;
	struct ubsan_type_descriptor *lt = data->lhs_type, *rt = data->rhs_type;
	char l[VALUE_LEN], r[VALUE_LEN];

	format_value(l, sizeof(l), lt, lhs);
	format_value(r, sizeof(r), rt, rhs);
	if (value_is_negative(rt, rhs))
		ubsan_report(&data->location, "shift-out-of-bounds",
			     "shift exponent %s is negative", r);
	else if (type_is_printable_int(rt) &&
		 unsigned_value(rt, rhs) >= type_bits(lt))
		ubsan_report(
			&data->location, "shift-out-of-bounds",
			"shift exponent %s is too large for %u-bit type %s", r,
			type_bits(lt), lt->type_name);
	else if (value_is_negative(lt, lhs))
		ubsan_report(&data->location, "shift-out-of-bounds",
			     "left shift of negative value %s", l);
	else
		ubsan_report(
			&data->location, "shift-out-of-bounds",
			"left shift of %s by %s places cannot be represented in type %s",
			l, r, lt->type_name);
}

void __ubsan_handle_out_of_bounds(void *_data, void *index)
{
	struct ubsan_out_of_bounds_data *data = _data;

	report_value(&data->location, "array-index-out-of-bounds",
		     "index %s is out of range for type %s", data->index_type,
		     index, data->array_type);
}

void __ubsan_handle_load_invalid_value(void *_data, void *val)
{
	struct ubsan_invalid_value_data *data = _data;

	report_value(&data->location, "invalid-load",
		     "load of value %s is not a valid value for type %s",
		     data->type, val, data->type);
}

/* What type_check_kind says the access was, as compiler-rt names them. */
static const char *const type_check_kinds[] = {
	"load of",
	"store to",
	"reference binding to",
	"member access within",
	"member call on",
	"constructor call on",
	"downcast of",
	"downcast of",
	"upcast of",
	"cast to virtual base of",
	"_Nonnull binding to",
	"dynamic operation on",
};

void __ubsan_handle_type_mismatch_v1(void *_data, void *ptr)
{
	struct ubsan_type_mismatch_data_v1 *data = _data;
	unsigned long align = 1UL << data->log_alignment;
	const char *access = data->type_check_kind <
					     ARRAY_SIZE(type_check_kinds) ?
				     type_check_kinds[data->type_check_kind] :
				     "access to";

	if (!ptr)
		ubsan_report(&data->location, "null-ptr-deref",
			     "%s null pointer of type %s", access,
			     data->type->type_name);
	else if ((unsigned long)ptr & (align - 1))
		ubsan_report(
			&data->location, "misaligned-access",
			"%s misaligned address %08lx for type %s which requires %lu byte alignment",
			access, (unsigned long)ptr, data->type->type_name,
			align);
	else
		ubsan_report(
			&data->location, "object-size-mismatch",
			"%s address %08lx with insufficient space for an object of type %s",
			access, (unsigned long)ptr, data->type->type_name);
}

void __ubsan_handle_invalid_builtin(void *_data)
{
	struct ubsan_invalid_builtin_data *data = _data;

	ubsan_report(&data->location, "invalid-builtin-use",
		     "passing zero to %s, which is not a valid argument",
		     data->kind == 0 ? "__builtin_ctz()" : "__builtin_clz()");
}

void __ubsan_handle_builtin_unreachable(void *_data)
{
	struct ubsan_unreachable_data *data = _data;

	ubsan_report(&data->location, "unreachable",
		     "calling __builtin_unreachable()");
	panic("UBSAN: execution reached __builtin_unreachable() at %s:%u: cannot go on",
	      source_file(&data->location), data->location.line);
}
