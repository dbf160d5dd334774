// SPDX-License-Identifier: GPL-2.0
/*
 * The ktest runner: walks the .ktest_suites linker section, runs each
 * selected case in isolation and prints KTAP version 1 shaped like KUnit's
 * (Documentation/dev-tools/ktap.rst in Linux; kunit_parser.py reads it):
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
 * "# case: pass:.." line and its result in the suite.
 *
 * Isolation. One case runs at a time. Before it starts the runner notes the
 * allocator's live objects and bytes, saves its context with setjmp() and
 * installs two hooks: a CPU exception recovery hook and a timer tick hook.
 * A failed assertion, ktest_skip(), an exception or the timeout all
 * longjmp() back here; the case's exit hook, its deferred actions and
 * managed frees then run (each again protected the same way), and the live
 * figures are compared with those before the case: more objects or bytes
 * than before is a leak and fails the case unless it called
 * ktest_allow_leak(). A case that hangs with interrupts disabled cannot be
 * stopped; a case that corrupts the heap or the kernel's data may break
 * the cases after it, as in any single-address-space kernel.
 */
#include <kmlab/printk.h>
#include <kmlab/param.h>
#include <kmlab/string.h>
#include <kmlab/random.h>
#include <kmlab/machine.h>
#include <kmlab/memblock.h>
#include <asm/traps.h>
#include <asm/timer.h>
#include <asm/tsc.h>
#include <asm/bochs.h>
#include "ktest-internal.h"

extern struct ktest_suite *const __ktest_suites_start[];
extern struct ktest_suite *const __ktest_suites_end[];

/* -- Command line (Documentation/dev-tools/ktest.rst) -------------------- */

static bool ktest_enable = true;
kernel_param("ktest.enable", ktest_enable, bool,
	     "0: boot without running any ktest suite");
static bool ktest_list;
kernel_param("ktest.list", ktest_list, bool,
	     "1: print suite.case names and run nothing");
static const char *ktest_filter_glob;
kernel_param("ktest.filter_glob", ktest_filter_glob, charp,
	     "SUITE[.CASE] globs: run only the matching cases");
static bool ktest_shuffle;
kernel_param("ktest.shuffle", ktest_shuffle, bool,
	     "1: run suites and cases in a random order (see ktest.seed)");
static unsigned int ktest_seed;
kernel_param("ktest.seed", ktest_seed, uint,
	     "seed for ktest.shuffle (0: pick one; it is always printed)");
/*
 * The deadline is compared as (long)(jiffies - deadline): a timeout may
 * be at most LONG_MAX jiffies.
 */
#define KTEST_TIMEOUT_MAX (LONG_MAX / HZ)
static unsigned int ktest_timeout = 10;
kernel_param_range(
	"ktest.timeout", ktest_timeout, uint, 1, KTEST_TIMEOUT_MAX,
	"seconds of guest time a case may run (1-21474836, default 10)");
BUILD_BUG_ON(KTEST_TIMEOUT_MAX != 21474836); /* the help text's range */
static bool ktest_break_on_fail;
kernel_param("ktest.break_on_fail", ktest_break_on_fail, bool,
	     "1: stop in the Bochs debugger at the first failure");

/* -- Results ------------------------------------------------------------- */

struct ktest_stats {
	unsigned int pass, fail, skip;
};

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

static void print_stats(const char *indent, const char *name,
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
	if (named)
		printk("%s# %s: %s\n", test->indent, test->name, msg);
	else
		printk("%s%s\n", test->indent, msg);
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
	ktest_log_hold();
	printk("%s# %s: %s\n", test->indent, test->name, msg);
	ktest_log_release_hold();
}

/* -- Failing, skipping, leaving the case ---------------------------------- */

static bool ktest_broke;

void ktest_set_failure(struct ktest *test)
{
	test->status = KTEST_FAILURE;
	if (ktest_break_on_fail && !ktest_broke) {
		ktest_broke = true;
		printk("%s# %s: ktest.break_on_fail: stopping in Bochs\n",
		       test->indent, test->name);
		bochs_break();
	}
}

void ktest_abort(struct ktest *test, enum ktest_abort why)
{
	if (!test->abort_env)
		panic("ktest: %s: assertion or skip outside a running case",
		      test->name);
	longjmp(*test->abort_env, why);
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

/* -- Fault and timeout isolation ------------------------------------------ */

static jmp_buf ktest_env;
static struct ktest *volatile ktest_current; /* NULL between phases */
static volatile unsigned long ktest_deadline;
static unsigned int ktest_phase_timeout; /* seconds, for the report */
static bool ktest_in_trap;

static unsigned long read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("movl %%cr2, %0" : "=r"(v));
	return v;
}

static void ktest_trap(struct pt_regs *regs, const char *name)
{
	struct ktest *test = ktest_current;
	char deeper[24];

	if (!test || ktest_in_trap)
		return; /* not ours (or a fault in this report): oops */
	ktest_in_trap = true;
	ktest_current = NULL;
	ktest_set_failure(test);
	if (regs->vector == X86_TRAP_PF)
		ktest_diag(
			test,
			"caught %s (error code 0x%x, %s address %08lx) at %pS",
			name, regs->error_code,
			(regs->error_code & 2) ? "writing" : "reading",
			read_cr2(), (void *)regs->eip);
	else
		ktest_diag(test,
			   "caught %s (vector %u, error code 0x%x) at %pS",
			   name, regs->vector, regs->error_code,
			   (void *)regs->eip);
	snprintf(deeper, sizeof(deeper), "%s    # ", test->indent);
	show_regs_and_backtrace(regs, deeper);
	ktest_in_trap = false;
	longjmp(ktest_env, KTEST_ABORT_FAULT);
}

static void ktest_tick(struct pt_regs *regs)
{
	struct ktest *test = ktest_current;
	char deeper[24];

	if (!test || (long)(jiffies - ktest_deadline) < 0)
		return;
	ktest_current = NULL;
	ktest_set_failure(test);
	ktest_diag(test, "timed out after %u s of guest time, at %pS",
		   ktest_phase_timeout, (void *)regs->eip);
	snprintf(deeper, sizeof(deeper), "%s    # ", test->indent);
	show_regs_and_backtrace(regs, deeper);
	longjmp(ktest_env, KTEST_ABORT_TIMEOUT);
}

static void arm(struct ktest *test, unsigned int timeout)
{
	ktest_phase_timeout = timeout;
	ktest_deadline = jiffies + (unsigned long)timeout * HZ;
	test->abort_env = &ktest_env;
	barrier();
	ktest_current = test;
}

/* After a phase, however it ended: interrupts back on (a longjmp() from a
 * handler leaves them off), hooks idle. */
static void disarm(struct ktest *test)
{
	ktest_current = NULL;
	test->abort_env = NULL;
	local_irq_enable();
}

/*
 * Run init, the case and exit, then the deferred actions, each phase
 * protected by setjmp(). The volatile locals survive longjmp().
 */
static void run_phases(struct ktest *test, const struct ktest_case *tcase,
		       unsigned int timeout)
{
	struct ktest_suite *suite = test->suite;
	volatile bool init_done = false;

	arm(test, timeout);
	if (!setjmp(ktest_env)) {
		if (suite->init) {
			int err = suite->init(test);

			if (err) {
				ktest_set_failure(test);
				ktest_diag(test, "%ps failed: %d", suite->init,
					   err);
				goto out;
			}
		}
		init_done = true;
		tcase->run_case(test);
	}
out:
	disarm(test);
	if (init_done && suite->exit) {
		arm(test, timeout);
		if (!setjmp(ktest_env))
			suite->exit(test);
		disarm(test);
	}
	while (test->nr_resources) {
		arm(test, timeout);
		if (!setjmp(ktest_env))
			ktest_run_actions(test);
		disarm(test);
	}
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
	if (objects <= 0 && bytes <= 0)
		return;
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

/* One leaf: a plain case, or one parameter of a parameterised case. */
static enum ktest_status run_leaf(struct ktest *test,
				  const struct ktest_case *tcase)
{
	struct kmalloc_stats before;
	unsigned int timeout = tcase->timeout ? tcase->timeout : ktest_timeout;

	test->status = KTEST_SUCCESS;
	test->status_comment[0] = '\0';
	test->allow_leak = false;
	test->priv = NULL;
	test->nr_resources = 0;
	kmalloc_get_stats(&before);
	run_phases(test, tcase, timeout ? timeout : 1);
	check_leaks(test, &before, 0, 0);
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
		status = run_leaf(test, tcase);
		print_result(param_indent, status, test->param_index + 1, desc,
			     test->status_comment);
		stats_add(&s, status);
		desc[0] = '\0';
		test->param_value =
			tcase->generate_params(test->param_value, desc);
	}
	test->indent = case_indent;
	test->param_value = NULL;
	print_stats(case_indent, tcase->name, &s);
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

/* -- Selection and order --------------------------------------------------- */

#define KTEST_MAX_ORDER 1024

static struct rnd_state ktest_rnd;

/* The SUITE part of a filter: any glob from the command line fits. */
static char filter_suite_glob[COMMAND_LINE_SIZE];

bool ktest_filter_match(const char *filter, const char *suite,
			const char *tcase)
{
	const char *dot;
	size_t len;

	if (!filter || !filter[0])
		return true;
	dot = strchr(filter, '.');
	len = dot ? (size_t)(dot - filter) : strlen(filter);
	/* Never match on a cut pattern: a longer one selects nothing. */
	if (len >= sizeof(filter_suite_glob))
		return false;
	memcpy(filter_suite_glob, filter, len);
	filter_suite_glob[len] = '\0';
	if (!glob_match(filter_suite_glob, suite))
		return false;
	return !tcase || !dot || glob_match(dot + 1, tcase);
}

static bool suite_selected(const struct ktest_suite *suite)
{
	return ktest_filter_match(ktest_filter_glob, suite->name, NULL);
}

/* Within a selected suite: the CASE part only. */
static bool case_selected(const struct ktest_case *tcase)
{
	const char *g = ktest_filter_glob, *dot;

	if (!g || !(dot = strchr(g, '.')))
		return true;
	return glob_match(dot + 1, tcase->name);
}

/* Indices 0..n-1 into @order, selected ones only, shuffled if asked. */
static unsigned int make_order(u16 *order, unsigned int n,
			       bool (*selected)(const void *item,
						unsigned int i),
			       const void *items)
{
	unsigned int m = 0;

	for (unsigned int i = 0; i < n && m < KTEST_MAX_ORDER; i++)
		if (selected(items, i))
			order[m++] = i;
	if (ktest_shuffle) {
		for (unsigned int i = m; i > 1; i--) {
			unsigned int j = prandom_u32_below(&ktest_rnd, i);
			u16 t = order[i - 1];

			order[i - 1] = order[j];
			order[j] = t;
		}
	}
	return m;
}

static bool suite_item_selected(const void *items, unsigned int i)
{
	struct ktest_suite *const *suites = items;

	return suites[i]->cases && suite_selected(suites[i]);
}

static bool case_item_selected(const void *items, unsigned int i)
{
	return case_selected(&((const struct ktest_case *)items)[i]);
}

static unsigned int nr_cases(const struct ktest_suite *suite)
{
	unsigned int n = 0;

	while (suite->cases && suite->cases[n].run_case)
		n++;
	return n;
}

static unsigned int selected_cases(const struct ktest_suite *suite)
{
	unsigned int n = 0, total = nr_cases(suite);

	for (unsigned int i = 0; i < total; i++)
		n += case_selected(&suite->cases[i]);
	return n;
}

/* -- Suites ------------------------------------------------------------- */

/* Run @fn(@suite) protected like a case; false if it faulted or hung. */
static bool run_suite_hook(struct ktest *test, void (*fn)(struct ktest_suite *),
			   int (*init)(struct ktest_suite *), int *ret)
{
	volatile bool done = false;

	test->status = KTEST_SUCCESS;
	arm(test, ktest_timeout ? ktest_timeout : 1);
	if (!setjmp(ktest_env)) {
		if (init)
			*ret = init(test->suite);
		else
			fn(test->suite);
		done = true;
	}
	disarm(test);
	return done && test->status != KTEST_FAILURE;
}

static u16 case_order[KTEST_MAX_ORDER];

/*
 * A suite that needs more memory than the machine has: each case is
 * reported skipped, with the reason, and nothing of the suite runs.
 */
static enum ktest_status skip_suite(struct ktest_suite *suite,
				    unsigned int number, unsigned int n,
				    struct ktest_stats *totals)
{
	struct ktest_stats leaves = { 0 };
	char why[KTEST_STATUS_COMMENT_SIZE];

	snprintf(why, sizeof(why),
		 "needs %lu KiB of usable memory, this machine has %llu KiB",
		 suite->min_memory >> 10,
		 (unsigned long long)memblock_usable_bytes() >> 10);
	for (unsigned int k = 0; k < n; k++) {
		print_result(case_indent, KTEST_SKIPPED, k + 1,
			     suite->cases[case_order[k]].name, why);
		stats_add(&leaves, KTEST_SKIPPED);
	}
	print_stats(case_indent, suite->name, &leaves);
	print_result("", KTEST_SKIPPED, number, suite->name, why);
	stats_sum(totals, &leaves);
	return KTEST_SKIPPED;
}

static enum ktest_status run_suite(struct ktest_suite *suite,
				   unsigned int number,
				   struct ktest_stats *totals)
{
	struct ktest test = { .name = suite->name,
			      .suite = suite,
			      .indent = case_indent };
	struct ktest_stats s = { 0 }, leaves = { 0 };
	struct kmalloc_stats before;
	unsigned int n, total = nr_cases(suite);
	bool init_ok;
	int err = 0;
	enum ktest_status status;

	n = make_order(case_order, total, case_item_selected, suite->cases);
	printk("%sKTAP version 1\n%s# Subtest: %s\n%s1..%u\n", case_indent,
	       case_indent, suite->name, case_indent, n);
	if (suite->min_memory && memblock_usable_bytes() < suite->min_memory)
		return skip_suite(suite, number, n, totals);
	kmalloc_get_stats(&before);
	suite_kept_objects = suite_kept_bytes = 0;
	init_ok =
		!suite->suite_init ||
		(run_suite_hook(&test, NULL, suite->suite_init, &err) && !err);
	if (!init_ok)
		ktest_diag(&test, "%ps failed (%d): no case runs",
			   suite->suite_init, err);
	for (unsigned int k = 0; k < n; k++) {
		const struct ktest_case *tcase = &suite->cases[case_order[k]];

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
			status = run_leaf(&test, tcase);
			stats_add(&leaves, status);
		}
		print_result(case_indent, status, k + 1, tcase->name,
			     test.status_comment);
		stats_add(&s, status);
	}
	test.name = suite->name;
	status = overall(&s);
	if (init_ok && suite->suite_exit &&
	    !run_suite_hook(&test, suite->suite_exit, NULL, &err))
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
	print_stats(case_indent, suite->name, &leaves);
	print_result("", status, number, suite->name, "");
	stats_sum(totals, &leaves);
	return status;
}

/* -- Entry ----------------------------------------------------------------- */

/* If the kernel dies (panic) while a case runs, name it for the host's
 * parser, which then reports where the run stopped. */
static void ktest_exit_hook(int status)
{
	struct ktest *test = ktest_current;

	if (test && status != KMLAB_EXIT_PASS)
		printk("%s# ktest: running %s\n", test->indent, test->name);
}
machine_exit_hook(ktest_exit_hook);

static void list_suites(void)
{
	for (struct ktest_suite *const *s = __ktest_suites_start;
	     s < __ktest_suites_end; s++) {
		if (!suite_selected(*s))
			continue;
		for (unsigned int i = 0; i < nr_cases(*s); i++)
			if (case_selected(&(*s)->cases[i]))
				printk("%s.%s\n", (*s)->name,
				       (*s)->cases[i].name);
	}
}

static u16 suite_order[KTEST_MAX_ORDER];

int ktest_run_all(void)
{
	unsigned int nr = __ktest_suites_end - __ktest_suites_start;
	struct ktest_stats totals = { 0 };
	unsigned int n, planned = 0, k;
	char glob[PARAM_ECHO_MAX];
	bool failed = false;

	if (!ktest_enable) {
		pr_info("ktest: disabled by ktest.enable=0\n");
		return KMLAB_EXIT_PASS;
	}
	if (ktest_list) {
		pr_info("ktest: ktest.list=1: listing, not running\n");
		list_suites();
		return KMLAB_EXIT_PASS;
	}
	if (ktest_shuffle && !ktest_seed)
		ktest_seed = (unsigned int)rdtsc() | 1;
	prandom_seed_state(&ktest_rnd, ktest_seed);
	n = make_order(suite_order, nr, suite_item_selected,
		       __ktest_suites_start);
	/* Suites with no selected case are left out of the plan. */
	for (unsigned int i = 0; i < n; i++)
		if (selected_cases(__ktest_suites_start[suite_order[i]]))
			suite_order[planned++] = suite_order[i];
	string_escape_str(ktest_filter_glob ? ktest_filter_glob : "", glob,
			  sizeof(glob));
	pr_info("ktest: %u of %u suites, filter_glob '%s', shuffle %s, seed %u, timeout %u s\n",
		planned, nr, glob, ktest_shuffle ? "on" : "off", ktest_seed,
		ktest_timeout);

	set_trap_recovery(ktest_trap);
	set_timer_hook(ktest_tick);
	printk("KTAP version 1\n1..%u\n", planned);
	for (k = 0; k < planned; k++) {
		struct ktest_suite *suite =
			__ktest_suites_start[suite_order[k]];

		if (run_suite(suite, k + 1, &totals) == KTEST_FAILURE)
			failed = true;
	}
	set_timer_hook(NULL);
	set_trap_recovery(NULL);
	printk("# Totals: pass:%u fail:%u skip:%u total:%u\n", totals.pass,
	       totals.fail, totals.skip,
	       totals.pass + totals.fail + totals.skip);
	/* As kunit.py: a run that executed no test is not a success. */
	if (!planned) {
		pr_err("ktest: no test case matches filter_glob '%s': nothing ran\n",
		       glob);
		return KMLAB_EXIT_TESTS_FAILED;
	}
	return failed || totals.fail ? KMLAB_EXIT_TESTS_FAILED :
				       KMLAB_EXIT_PASS;
}
