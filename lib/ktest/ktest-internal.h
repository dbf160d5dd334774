/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of lib/ktest share. The split follows Linux's lib/kunit/:
 *
 *	executor.c	the boot parameters, parsed once into ktest_config;
 *			which suites and cases run (ktest.filter_glob), in
 *			which order (ktest.shuffle), ktest.list; the entry
 *			point ktest_run_all()
 *	test.c		the runner: one suite, its cases and parameters,
 *			the leak check, the KTAP lines
 *	try-catch.c	running one phase of a case so that an assertion,
 *			a CPU exception or the timeout ends it (setjmp)
 *	resource.c	deferred actions and managed allocations
 *	attributes.c	test attributes: KTAP lines, ktest.filter=
 *	assert.c	the failure reports of the KTEST_EXPECT_* and
 *			KTEST_ASSERT_* checks
 *	log.c		console capture
 */
#ifndef _LIB_KTEST_INTERNAL_H
#define _LIB_KTEST_INTERNAL_H

#include <ktest.h>
#include <kmlab/param.h>

/* The allocator's API and statistics (the leak check reads them). */
#include <kmlab/slab.h>

/* Why the running case was left through longjmp() (setjmp's return). */
enum ktest_abort {
	KTEST_ABORT_NONE = 0,
	KTEST_ABORT_ASSERT, /* a KTEST_ASSERT_* failed */
	KTEST_ABORT_SKIP, /* ktest_skip() */
	KTEST_ABORT_FAULT, /* a CPU exception */
	KTEST_ABORT_TIMEOUT, /* ran past its timeout */
};

/* -- executor.c ------------------------------------------------------------ */

/**
 * struct ktest_filter - a ktest.filter_glob, parsed once
 * @suite_glob: the SUITE part, whole (never cut), NUL-terminated
 * @case_glob: the CASE part (after the first '.'), or NULL for every case
 * @all: no filter: everything is selected
 * @none: the SUITE part did not fit @suite_glob: nothing is selected
 */
struct ktest_filter {
	char suite_glob[COMMAND_LINE_SIZE];
	const char *case_glob;
	bool all;
	bool none;
};

/* -- attributes.c ---------------------------------------------------------- */

/* The operators of a ktest.filter= condition. */
enum ktest_attr_op {
	KTEST_ATTR_EQ,
	KTEST_ATTR_NE,
	KTEST_ATTR_LT,
	KTEST_ATTR_LE,
	KTEST_ATTR_GT,
	KTEST_ATTR_GE,
};

#define KTEST_MAX_ATTR_FILTERS 8

/**
 * struct ktest_attr_filter - one condition of ktest.filter=, parsed
 * @name: the attribute ("speed" or a free-form NAME)
 * @value: the value compared with, as written
 * @op: how
 * @is_speed: @name is "speed"; @speed holds @value
 * @speed: @value as an enum ktest_speed
 */
struct ktest_attr_filter {
	char name[32];
	char value[64];
	enum ktest_attr_op op;
	bool is_speed;
	enum ktest_speed speed;
};

/**
 * ktest_attr_filter_parse - parse a ktest.filter= value
 * @filters: room for @max conditions
 * @max: how many fit
 * @text: "NAME OP VALUE[,NAME OP VALUE...]", or NULL/"" for none
 * @err: where to write why @text is refused
 * @errlen: bytes at @err
 *
 * Return: the number of conditions, or -EINVAL (with @err set) for a
 * malformed condition, an unknown speed, an ordering operator on a
 * free-form attribute or more than @max conditions. Context: any.
 */
int ktest_attr_filter_parse(struct ktest_attr_filter *filters, unsigned int max,
			    const char *text, char *err, size_t errlen);

/**
 * ktest_attr_filter_match - whether a case meets every condition
 * @filters: from ktest_attr_filter_parse()
 * @n: how many
 * @suite: the case's suite (for the attributes the case does not set)
 * @tcase: the case
 *
 * Return: true if it does (always, for @n == 0).
 */
bool ktest_attr_filter_match(const struct ktest_attr_filter *filters,
			     unsigned int n, const struct ktest_suite *suite,
			     const struct ktest_case *tcase);

/**
 * ktest_attr_carried - whether @suite or one of its cases has a free-form
 * attribute @name
 * @suite: the suite
 * @name: the attribute's name
 *
 * Return: true if so.
 */
bool ktest_attr_carried(const struct ktest_suite *suite, const char *name);

/**
 * ktest_print_attributes - print the attributes that are set, as KUnit does
 * @indent: the KTAP indentation
 * @case_name: the case's name ("# CASE.speed: slow"), or NULL for a
 *	suite's ("# speed: slow")
 * @attr: the attributes
 */
void ktest_print_attributes(const char *indent, const char *case_name,
			    const struct ktest_attributes *attr);

/**
 * struct ktest_config - the ktest.* boot parameters (see
 * Documentation/dev-tools/ktest.rst), set by parse_args() before
 * ktest_run_all() runs, and the filter parsed from them once
 */
struct ktest_config {
	bool enable;
	bool list;
	const char *filter_glob;
	bool shuffle;
	unsigned int seed;
	unsigned int timeout; /* seconds of guest time a case may run */
	bool break_on_fail;
	const char *attr_filter; /* ktest.filter= */
	bool icount; /* the TSC counts guest instructions */
	struct ktest_filter filter; /* filter_glob, parsed */
	struct ktest_attr_filter attr_filters[KTEST_MAX_ATTR_FILTERS];
	unsigned int nr_attr_filters; /* attr_filter, parsed */
};
extern struct ktest_config ktest_config;

/**
 * ktest_filter_parse - split a ktest.filter_glob into its SUITE and CASE globs
 * @f: where to put the result
 * @glob: "SUITE[.CASE]" globs, or NULL/"" for everything; @f->case_glob
 *	points into it, so it must outlive @f
 *
 * The SUITE glob is kept whole, however long, up to the command line's
 * size; a longer one selects nothing (never a cut, wider pattern).
 * Context: any.
 */
void ktest_filter_parse(struct ktest_filter *f, const char *glob);

/**
 * ktest_filter_match - whether a parsed filter selects a suite or case
 * @f: from ktest_filter_parse()
 * @suite: the suite's name
 * @tcase: the case's name, or NULL to ask about the suite alone
 *
 * Return: true when @suite (and @tcase, if given) are selected.
 */
bool ktest_filter_match(const struct ktest_filter *f, const char *suite,
			const char *tcase);

/* -- test.c ---------------------------------------------------------------- */

/* Leaf results: cases, or parameters of parameterised cases. */
struct ktest_stats {
	unsigned int pass, fail, skip;
};

/* Print "<indent># <name>: pass:P fail:F skip:S total:T". */
void ktest_print_stats(const char *indent, const char *name,
		       const struct ktest_stats *s);

/*
 * Run @suite's cases @order[0..@n-1] (indices into suite->cases) as result
 * @number of the top-level plan, adding its leaves to @totals.
 */
enum ktest_status ktest_run_suite(struct ktest_suite *suite,
				  unsigned int number, const u16 *order,
				  unsigned int n, struct ktest_stats *totals);

/**
 * ktest_live_delta - what appeared in the live statistics across a case
 * @before: the statistics before the case
 * @after: the statistics after it
 * @objects: out: live objects that appeared (negative: freed)
 * @bytes: out: live bytes that appeared (negative: freed); 64-bit, as a
 *         32-bit long cannot hold 2 GiB or more
 */
void ktest_live_delta(const struct kmalloc_stats *before,
		      const struct kmalloc_stats *after, long long *objects,
		      long long *bytes);

/* Record a failure of @test (and stop in Bochs if ktest.break_on_fail). */
void ktest_set_failure(struct ktest *test);

/* Print "<indent># <case>: <message>" for @test. */
__printf(2, 3) void ktest_diag(struct ktest *test, const char *fmt, ...);

/* Print "<indent><message>" (failure details, no "#", as KUnit does). */
__printf(2, 3) void ktest_detail(struct ktest *test, const char *fmt, ...);

/* -- try-catch.c ----------------------------------------------------------- */

/* One phase of a case (init and the case, exit, the deferred actions). */
typedef void (*ktest_try_fn)(struct ktest *test, void *data);

/*
 * Run @fn(@test, @data) with @test as the running case for at most
 * @timeout seconds of guest time; an assertion, ktest_skip(), a CPU
 * exception or the timeout ends it early. Runs nest: an inner run (ktest's
 * own tests) gives the outer one back its case, context and deadline.
 * Return true if @fn returned.
 */
bool ktest_try_run(struct ktest *test, unsigned int timeout, ktest_try_fn fn,
		   void *data);

/*
 * After a phase ended early (lib/ktest/smp.c): bring every CPU still in
 * the function of a ktest_run_on_each_cpu(), or in any inter-processor
 * call, back to its idle loop with an NMI and report each one against
 * @test. Context: CPU 0, interrupts on.
 */
#ifdef CONFIG_SMP
void ktest_smp_recall(struct ktest *test);
/* CPUs ktest_smp_recall() brought back since boot (ktest's own tests). */
extern unsigned int ktest_cpus_recalled;
#else
static inline void ktest_smp_recall(struct ktest *test)
{
}
#endif

/* Install (@on) or remove the trap recovery and timer hooks of the runs. */
void ktest_try_catch_hooks(bool on);

/* Leave the running case for @why; never returns. */
__noreturn void ktest_abort(struct ktest *test, enum ktest_abort why);

/* -- resource.c, log.c ------------------------------------------------------ */

/* Run (and forget) the pending deferred actions, newest first. */
void ktest_run_actions(struct ktest *test);

/*
 * Keep ktest's own lines out of a console capture (log.c): ktest_diag(),
 * ktest_detail() and ktest_printk() print between these two calls.
 */
void ktest_log_hold(void);
void ktest_log_release_hold(void);

#endif /* _LIB_KTEST_INTERNAL_H */
