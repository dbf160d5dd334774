// SPDX-License-Identifier: GPL-2.0
/*
 * The ktest runner, as Linux's lib/kunit/test.c: runs one suite, each of
 * its cases (each parameter of a parameterised case) in isolation, and
 * prints KTAP version 1 shaped like KUnit's (Documentation/dev-tools/ktap.rst
 * in Linux; kunit_parser.py reads it):
 *
 *	KTAP version 1
 *	1..2                                  suites that will run
 *	    KTAP version 1
 *	    # Subtest: boot
 *	    1..2                              its cases
 *	    ok 1 paging_enabled
 *	    # leaks: leaked 64 bytes in 1 objects
 *	    not ok 2 leaks
 *	    # boot: pass:1 fail:1 skip:0 total:2
 *	not ok 1 boot
 *	    ...
 *	# Totals: pass:P fail:F skip:S total:T   leaf results (params count)
 *
 * A parameterised case nests one level more ("        ok 1 desc" for each
 * parameter under its own "# Subtest:" and plan), followed by its own
 * "# case: pass:.." line and its result in the suite. Before its result
 * line each leaf says how long it took, in guest time (and, under
 * ktest.icount=1, in instructions): "# CASE: took 0.001234 s of guest
 * time". Attributes that are set are printed as KUnit does (attributes.c).
 * The executor
 * (executor.c) prints the top-level plan and totals and says which cases
 * run in which order.
 *
 * Isolation. One case runs at a time. Before it starts the runner notes the
 * allocator's live objects and bytes; init and the case, the case's exit
 * hook and its deferred actions and managed frees then each run through
 * ktest_try_run() (try-catch.c), which an assertion, a skip, a CPU
 * exception or the timeout ends early. The live figures are then compared
 * with those before the case: more objects or bytes than before is a leak
 * and fails the case unless it called ktest_allow_leak(). The suite's
 * suite_init and suite_exit run the same way, and the suite as a whole is
 * checked for leaks, leaving out what its cases kept.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/memblock.h>
#include <kmlab/gcov.h>
#include <asm/bochs.h>
#include <asm/timer.h>
#include <asm/tsc.h>
#include "ktest-internal.h"

/* -- Results ------------------------------------------------------------- */

static void stats_add(struct ktest_stats *s, enum ktest_status status)
{
	if (status == KTEST_FAILURE)
		s->fail++;
	else if (status == KTEST_SKIPPED)
		s->skip++;
	else
		s->pass++;
}

static void stats_sum(struct ktest_stats *to, const struct ktest_stats *from)
{
	to->pass += from->pass;
	to->fail += from->fail;
	to->skip += from->skip;
}

void ktest_print_stats(const char *indent, const char *name,
		       const struct ktest_stats *s)
{
	printk("%s# %s: pass:%u fail:%u skip:%u total:%u\n", indent, name,
	       s->pass, s->fail, s->skip, s->pass + s->fail + s->skip);
}

/*
 * KTAP's description may hold any character but '#', which starts a
 * directive, and a line break (Documentation/dev-tools/ktap.rst in Linux);
 * KUnit's kunit_parser.py ends a name at its first '#' and reads a broken
 * line as diagnostics. Make @s fit in place: in a name (@is_name) '#'
 * becomes '_'; anywhere, a control character becomes a space.
 */
static void ktap_clean(char *s, bool is_name)
{
	for (; *s; s++) {
		if (*s == '#' && is_name)
			*s = '_';
		else if ((unsigned char)*s < ' ' || *s == 0x7f)
			*s = ' ';
	}
}

/* KTAP's result line: "ok 3 name", "not ok 3 name", "ok 3 name # SKIP why". */
static void print_result(const char *indent, enum ktest_status status,
			 unsigned int number, const char *name,
			 const char *comment)
{
	if (status == KTEST_SKIPPED)
		printk("%sok %u %s # SKIP%s%s\n", indent, number, name,
		       comment[0] ? " " : "", comment);
	else
		printk("%s%sok %u %s\n", indent,
		       status == KTEST_FAILURE ? "not " : "", number, name);
}

/* A whole (param) case or suite: failed if any part failed, skipped if
 * every part was skipped, passed otherwise. */
static enum ktest_status overall(const struct ktest_stats *s)
{
	if (s->fail)
		return KTEST_FAILURE;
	if (s->skip && !s->pass)
		return KTEST_SKIPPED;
	return KTEST_SUCCESS;
}

/* -- Diagnostics ---------------------------------------------------------- */

/* One diagnostic line; @named prefixes it with "# CASE: " as KUnit does. */
static void ktest_vprint(struct ktest *test, bool named, const char *fmt,
			 va_list ap)
{
	char msg[256];

	vscnprintf(msg, sizeof(msg), fmt, ap);
	ktest_log_hold();
	printk_force_console_enter(); /* KTAP, whatever loglevel= says */
	if (named)
		printk("%s# %s: %s\n", test->indent, test->name, msg);
	else
		printk("%s%s\n", test->indent, msg);
	printk_force_console_exit();
	ktest_log_release_hold();
}

void ktest_diag(struct ktest *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktest_vprint(test, true, fmt, ap);
	va_end(ap);
}

void ktest_detail(struct ktest *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktest_vprint(test, false, fmt, ap);
	va_end(ap);
}

void ktest_printk(struct ktest *test, const char *fmt, ...)
{
	char msg[256];
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	len = vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (len && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	ktest_diag(test, "%s", msg);
}

/* -- Failing, skipping ---------------------------------------------------- */

static bool ktest_broke;

void ktest_set_failure(struct ktest *test)
{
	test->status = KTEST_FAILURE;
	if (ktest_config.break_on_fail && !ktest_broke) {
		ktest_broke = true;
		printk("%s# %s: ktest.break_on_fail: stopping in Bochs\n",
		       test->indent, test->name);
		bochs_break();
	}
}

bool __ktest_fail_current_test(const char *file, int line, const char *fmt, ...)
{
	struct ktest *test = ktest_get_current_test();
	char msg[KTEST_STATUS_COMMENT_SIZE];
	va_list ap;

	if (!test)
		return false;
	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ktest_set_failure(test);
	if (file)
		ktest_diag(test, "%s:%d: %s", file, line, msg);
	else
		ktest_diag(test, "%s", msg);
	return true;
}

static void ktest_vmark_skipped(struct ktest *test, const char *fmt, va_list ap)
{
	vscnprintf(test->status_comment, sizeof(test->status_comment), fmt, ap);
	ktap_clean(test->status_comment, false);
	/* A failure is never hidden by a later skip. */
	if (test->status != KTEST_FAILURE)
		test->status = KTEST_SKIPPED;
}

void ktest_mark_skipped(struct ktest *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktest_vmark_skipped(test, fmt, ap);
	va_end(ap);
}

void ktest_skip(struct ktest *test, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktest_vmark_skipped(test, fmt, ap);
	va_end(ap);
	ktest_abort(test, KTEST_ABORT_SKIP);
}

/* -- Cases ----------------------------------------------------------------- */

/* The phases of a case, each run through ktest_try_run(). */
struct case_run {
	const struct ktest_case *tcase;
	bool init_done;
};

static void init_and_run_case(struct ktest *test, void *data)
{
	struct case_run *run = data;
	struct ktest_suite *suite = test->suite;

	if (suite->init) {
		int err = suite->init(test);

		if (err) {
			ktest_set_failure(test);
			ktest_diag(test, "%ps failed: %d", suite->init, err);
			return;
		}
	}
	run->init_done = true;
	run->tcase->run_case(test);
}

static void exit_case(struct ktest *test, void *data)
{
	test->suite->exit(test);
}

static void run_case_actions(struct ktest *test, void *data)
{
	ktest_run_actions(test);
}

/* Init, the case and exit, then the deferred actions, each protected. */
static void run_phases(struct ktest *test, const struct ktest_case *tcase,
		       unsigned int timeout)
{
	struct case_run run = { .tcase = tcase };

	ktest_try_run(test, timeout, init_and_run_case, &run);
	if (run.init_done && test->suite->exit)
		ktest_try_run(test, timeout, exit_case, NULL);
	while (test->nr_resources)
		ktest_try_run(test, timeout, run_case_actions, NULL);
}

/*
 * What the cases of the running suite kept (leaked or allowed): the suite's
 * own leak check (suite_init without a matching suite_exit) leaves it out.
 */
static long long suite_kept_objects, suite_kept_bytes;

void ktest_live_delta(const struct kmalloc_stats *before,
		      const struct kmalloc_stats *after, long long *objects,
		      long long *bytes)
{
	/* Each count widened first: a 32-bit difference wraps at 2 GiB. */
	*objects = (long long)after->live_objects - before->live_objects;
	*bytes = (long long)after->live_bytes - before->live_bytes;
}

/* Live allocator objects and bytes that appeared across a case. */
static void check_leaks(struct ktest *test, const struct kmalloc_stats *before,
			long long skip_objects, long long skip_bytes)
{
	struct kmalloc_stats after;
	long long objects, bytes;

	kmalloc_get_stats(&after);
	ktest_live_delta(before, &after, &objects, &bytes);
	objects -= skip_objects;
	bytes -= skip_bytes;
	if (objects < 0 && bytes <= 0)
		return;
	if (objects == 0) {
		/*
		 * No object more, yet more bytes: an object that outlived
		 * the case (a structure's node freed and allocated again,
		 * e.g. vmalloc's free-range nodes when several CPUs
		 * vmalloc() at once) sits in a block of another usable
		 * size, as first-fit gives when a remainder is too small
		 * to split. Not a leak: said, not failed.
		 */
		if (bytes > 0)
			ktest_diag(
				test,
				"live bytes grew by %lld with no more live objects (an object moved to a larger block; not a leak)",
				bytes);
		return;
	}
	suite_kept_objects += objects > 0 ? objects : 0;
	suite_kept_bytes += bytes > 0 ? bytes : 0;
	if (test->allow_leak) {
		ktest_diag(
			test,
			"keeps %lld bytes in %lld objects (ktest_allow_leak)",
			bytes, objects);
		return;
	}
	ktest_set_failure(test);
	ktest_diag(test, "leaked %lld bytes in %lld objects", bytes, objects);
}

/*
 * How long a leaf took: "# CASE: took 0.001234 s of guest time", plus
 * ", N instructions" when ktest.icount says the TSC counts them.
 */
static void print_duration(struct ktest *test, u64 ns, u64 tsc)
{
	unsigned long us = (unsigned long)(ns / 1000);
	char insns[40] = "";

	if (ktest_icount())
		snprintf(insns, sizeof(insns), ", %llu instructions",
			 (unsigned long long)tsc);
	ktest_diag(test, "took %lu.%06lu s of guest time%s", us / 1000000,
		   us % 1000000, insns);
}

/*
 * One leaf: a plain case, or one parameter (@param, its description) of a
 * parameterised case. Per-test coverage counts it alone (gcov.per_test).
 */
static enum ktest_status
run_leaf(struct ktest *test, const struct ktest_case *tcase, const char *param)
{
	struct kmalloc_stats before;
	unsigned int timeout = tcase->timeout ? tcase->timeout :
						ktest_config.timeout;
	u64 start_ns, start_tsc, tsc;

	gcov_case_begin(test->suite->name, tcase->name, param);
	test->status = KTEST_SUCCESS;
	test->status_comment[0] = '\0';
	test->allow_leak = false;
	test->priv = NULL;
	test->nr_resources = 0;
	kmalloc_get_stats(&before);
	start_ns = ktime_get_ns();
	start_tsc = rdtsc();
	run_phases(test, tcase, timeout ? timeout : 1);
	tsc = rdtsc() - start_tsc;
	print_duration(test, ktime_get_ns() - start_ns, tsc);
	check_leaks(test, &before, 0, 0);
	gcov_case_end();
	return test->status;
}

#define KTEST_MAX_PARAMS 100000

static unsigned int count_params(const struct ktest_case *tcase)
{
	char desc[KTEST_PARAM_DESC_SIZE];
	const void *p = tcase->generate_params(NULL, desc);
	unsigned int n = 0;

	while (p && n < KTEST_MAX_PARAMS) {
		n++;
		p = tcase->generate_params(p, desc);
	}
	return n;
}

static const char param_indent[] = "        ";
static const char case_indent[] = "    ";

/* A parameterised case: a nested subtest with one result per parameter. */
static enum ktest_status run_param_case(struct ktest *test,
					const struct ktest_case *tcase,
					struct ktest_stats *leaves)
{
	char desc[KTEST_PARAM_DESC_SIZE];
	struct ktest_stats s = { 0 };
	unsigned int n = count_params(tcase);
	enum ktest_status status;

	printk("%sKTAP version 1\n%s# Subtest: %s\n%s1..%u\n", param_indent,
	       param_indent, tcase->name, param_indent, n);
	desc[0] = '\0';
	test->param_value = tcase->generate_params(NULL, desc);
	for (test->param_index = 0;
	     test->param_value && test->param_index < (int)n;
	     test->param_index++) {
		test->indent = param_indent;
		if (!desc[0])
			snprintf(desc, sizeof(desc), "param-%d",
				 test->param_index);
		ktap_clean(desc, true);
		status = run_leaf(test, tcase, desc);
		print_result(param_indent, status, test->param_index + 1, desc,
			     test->status_comment);
		stats_add(&s, status);
		desc[0] = '\0';
		test->param_value =
			tcase->generate_params(test->param_value, desc);
	}
	test->indent = case_indent;
	test->param_value = NULL;
	ktest_print_stats(case_indent, tcase->name, &s);
	stats_sum(leaves, &s);
	status = overall(&s);
	if (!n) {
		snprintf(test->status_comment, sizeof(test->status_comment),
			 "no parameters");
		leaves->skip++;
		return KTEST_SKIPPED;
	}
	test->status_comment[0] = '\0';
	if (status == KTEST_SKIPPED)
		strscpy(test->status_comment, "every parameter skipped",
			sizeof(test->status_comment));
	return status;
}

/* -- Suites ------------------------------------------------------------- */

/* suite_init or suite_exit, run through ktest_try_run(). */
struct suite_hook {
	int (*init)(struct ktest_suite *suite);
	void (*exit)(struct ktest_suite *suite);
	int ret;
};

static void call_suite_hook(struct ktest *test, void *data)
{
	struct suite_hook *hook = data;

	if (hook->init)
		hook->ret = hook->init(test->suite);
	else
		hook->exit(test->suite);
}

/* Run a suite hook protected like a case; false if it faulted or hung. */
static bool run_suite_hook(struct ktest *test, struct suite_hook *hook)
{
	bool done;

	test->status = KTEST_SUCCESS;
	done = ktest_try_run(test,
			     ktest_config.timeout ? ktest_config.timeout : 1,
			     call_suite_hook, hook);
	return done && test->status != KTEST_FAILURE;
}

/*
 * A suite that needs more memory than the machine has: each case is
 * reported skipped, with the reason, and nothing of the suite runs.
 */
static enum ktest_status skip_suite(struct ktest_suite *suite,
				    unsigned int number, const u16 *order,
				    unsigned int n, struct ktest_stats *totals)
{
	struct ktest_stats leaves = { 0 };
	char why[KTEST_STATUS_COMMENT_SIZE];

	snprintf(why, sizeof(why),
		 "needs %lu KiB of usable memory, this machine has %llu KiB",
		 suite->min_memory >> 10,
		 (unsigned long long)memblock_usable_bytes() >> 10);
	for (unsigned int k = 0; k < n; k++) {
		const struct ktest_case *tcase = &suite->cases[order[k]];

		ktest_print_attributes(case_indent, tcase->name, &tcase->attr);
		print_result(case_indent, KTEST_SKIPPED, k + 1, tcase->name,
			     why);
		stats_add(&leaves, KTEST_SKIPPED);
	}
	ktest_print_stats(case_indent, suite->name, &leaves);
	print_result("", KTEST_SKIPPED, number, suite->name, why);
	stats_sum(totals, &leaves);
	return KTEST_SKIPPED;
}

enum ktest_status ktest_run_suite(struct ktest_suite *suite,
				  unsigned int number, const u16 *order,
				  unsigned int n, struct ktest_stats *totals)
{
	struct ktest test = { .name = suite->name,
			      .suite = suite,
			      .indent = case_indent };
	struct ktest_stats s = { 0 }, leaves = { 0 };
	struct suite_hook init = { .init = suite->suite_init };
	struct suite_hook exit = { .exit = suite->suite_exit };
	struct kmalloc_stats before;
	bool init_ok;
	enum ktest_status status;

	printk("%sKTAP version 1\n%s# Subtest: %s\n", case_indent, case_indent,
	       suite->name);
	ktest_print_attributes(case_indent, NULL, &suite->attr);
	printk("%s1..%u\n", case_indent, n);
	if (suite->min_memory && memblock_usable_bytes() < suite->min_memory)
		return skip_suite(suite, number, order, n, totals);
	kmalloc_get_stats(&before);
	suite_kept_objects = suite_kept_bytes = 0;
	init_ok = !suite->suite_init ||
		  (run_suite_hook(&test, &init) && !init.ret);
	if (!init_ok)
		ktest_diag(&test, "%ps failed (%d): no case runs",
			   suite->suite_init, init.ret);
	for (unsigned int k = 0; k < n; k++) {
		const struct ktest_case *tcase = &suite->cases[order[k]];

		test.name = tcase->name;
		test.indent = case_indent;
		test.param_value = NULL;
		test.param_index = 0;
		if (!init_ok) {
			ktest_diag(&test, "not run: %s's suite_init failed",
				   suite->name);
			status = KTEST_FAILURE;
			stats_add(&leaves, status);
			test.status_comment[0] = '\0';
		} else if (tcase->generate_params) {
			status = run_param_case(&test, tcase, &leaves);
		} else {
			status = run_leaf(&test, tcase, NULL);
			stats_add(&leaves, status);
		}
		ktest_print_attributes(case_indent, tcase->name, &tcase->attr);
		print_result(case_indent, status, k + 1, tcase->name,
			     test.status_comment);
		stats_add(&s, status);
	}
	test.name = suite->name;
	status = overall(&s);
	if (init_ok && suite->suite_exit && !run_suite_hook(&test, &exit))
		status = KTEST_FAILURE;
	if (init_ok) {
		test.allow_leak = false;
		test.status = KTEST_SUCCESS;
		check_leaks(&test, &before, suite_kept_objects,
			    suite_kept_bytes);
		if (test.status == KTEST_FAILURE)
			status = KTEST_FAILURE;
	}
	if (!init_ok)
		status = KTEST_FAILURE;
	ktest_print_stats(case_indent, suite->name, &leaves);
	print_result("", status, number, suite->name, "");
	stats_sum(totals, &leaves);
	return status;
}
