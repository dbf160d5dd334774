// SPDX-License-Identifier: GPL-2.0
/*
 * The ktest executor, as Linux's lib/kunit/executor.c: what runs, in which
 * order, from the boot parameters.
 *
 * The ktest.* parameters (Documentation/dev-tools/ktest.rst) are parsed by
 * parse_args() straight into struct ktest_config, once, at boot. When
 * ktest_run_all() starts, ktest.filter_glob is split once into its SUITE
 * and CASE globs (struct ktest_filter) and ktest.filter into its attribute
 * conditions (struct ktest_attr_filter, attributes.c); every selection
 * below matches against those, never the raw strings. A case runs if its
 * names match the glob and its attributes meet every condition.
 *
 * Selection and order: the suites of the .ktest_suites linker section that
 * have a selected case, in link order, or shuffled (Fisher-Yates over
 * prandom, seeded by ktest.seed, a fresh seed printed when it is 0); the
 * cases of each suite likewise, drawn from the same sequence just before
 * the suite runs, so one seed reproduces one order. ktest.list prints the
 * selected suite.case names instead of running them. The runner
 * (test.c) runs each suite; the top-level KTAP plan and the totals are
 * printed here. A run that selects no case fails, as kunit.py's NO_TESTS.
 */
#include <kmlab/printk.h>
#include <kmlab/param.h>
#include <kmlab/string.h>
#include <kmlab/random.h>
#include <kmlab/machine.h>
#include <kmlab/errno.h>
#include <asm/timer.h>
#include <asm/tsc.h>
#include "ktest-internal.h"

extern struct ktest_suite *const __ktest_suites_start[];
extern struct ktest_suite *const __ktest_suites_end[];

/* -- Command line (Documentation/dev-tools/ktest.rst) -------------------- */

struct ktest_config ktest_config = {
	.enable = true,
	.timeout = 10,
};

#define ktest_param(name, field, type, help)                              \
	__kernel_param(name, param_set_##type, &ktest_config.field, help, \
		       false, ktest_##field)

ktest_param("ktest.enable", enable, bool,
	    "0: boot without running any ktest suite");
ktest_param("ktest.list", list, bool,
	    "1: print suite.case names and run nothing");
ktest_param("ktest.filter_glob", filter_glob, charp,
	    "SUITE[.CASE] globs: run only the matching cases");
ktest_param("ktest.shuffle", shuffle, bool,
	    "1: run suites and cases in a random order (see ktest.seed)");
ktest_param("ktest.seed", seed, uint,
	    "seed for ktest.shuffle (0: pick one; it is always printed)");
/*
 * try-catch.c compares the deadline as (long)(jiffies - deadline): a
 * timeout may be at most LONG_MAX jiffies.
 */
#define KTEST_TIMEOUT_MAX (LONG_MAX / HZ)
__kernel_param("ktest.timeout", param_set_uint, &ktest_config.timeout,
	       "seconds of guest time a case may run (1-21474836, default 10)",
	       false, ktest_timeout, .min = 1, .max = KTEST_TIMEOUT_MAX,
	       .ranged = true);
BUILD_BUG_ON(KTEST_TIMEOUT_MAX != 21474836); /* the help text's range */
ktest_param("ktest.break_on_fail", break_on_fail, bool,
	    "1: stop in the Bochs debugger at the first failure");
ktest_param(
	"ktest.filter", attr_filter, charp,
	"attribute conditions, e.g. 'speed>slow': run only the cases that meet them");
ktest_param(
	"ktest.icount", icount, bool,
	"1: the TSC counts instructions (qemu -icount shift=0): print them per case");

bool ktest_icount(void)
{
	return ktest_config.icount;
}

/* -- Selection ------------------------------------------------------------- */

void ktest_filter_parse(struct ktest_filter *f, const char *glob)
{
	const char *dot;
	size_t len;

	f->suite_glob[0] = '\0';
	f->case_glob = NULL;
	f->all = !glob || !glob[0];
	f->none = false;
	if (f->all)
		return;
	dot = strchr(glob, '.');
	len = dot ? (size_t)(dot - glob) : strlen(glob);
	/* Never match on a cut pattern: a longer one selects nothing. */
	if (len >= sizeof(f->suite_glob)) {
		f->none = true;
		return;
	}
	memcpy(f->suite_glob, glob, len);
	f->suite_glob[len] = '\0';
	f->case_glob = dot ? dot + 1 : NULL;
}

bool ktest_filter_match(const struct ktest_filter *f, const char *suite,
			const char *tcase)
{
	if (f->all)
		return true;
	if (f->none || !glob_match(f->suite_glob, suite))
		return false;
	return !tcase || !f->case_glob || glob_match(f->case_glob, tcase);
}

static bool case_selected(const struct ktest_suite *suite, unsigned int i)
{
	return ktest_filter_match(&ktest_config.filter, suite->name,
				  suite->cases[i].name) &&
	       ktest_attr_filter_match(ktest_config.attr_filters,
				       ktest_config.nr_attr_filters, suite,
				       &suite->cases[i]);
}

/*
 * Parse ktest.filter= once. A free-form NAME that no suite or case carries
 * is refused: a typo would otherwise select (or leave out) everything.
 */
static int parse_attr_filter(struct ktest_config *cfg)
{
	char err[160];
	int n = ktest_attr_filter_parse(cfg->attr_filters,
					KTEST_MAX_ATTR_FILTERS,
					cfg->attr_filter, err, sizeof(err));

	for (int i = 0; i < n; i++) {
		struct ktest_suite *const *s = __ktest_suites_start;
		const char *name = cfg->attr_filters[i].name;

		if (cfg->attr_filters[i].is_speed)
			continue;
		while (s < __ktest_suites_end && !ktest_attr_carried(*s, name))
			s++;
		if (s == __ktest_suites_end) {
			snprintf(err, sizeof(err),
				 "no suite or case has the attribute '%s'",
				 name);
			n = -EINVAL;
		}
	}
	if (n < 0) {
		char text[PARAM_ECHO_MAX];

		string_escape_str(cfg->attr_filter, text, sizeof(text));
		pr_err("ktest: bad ktest.filter '%s': %s: nothing ran\n", text,
		       err);
		return n;
	}
	cfg->nr_attr_filters = n;
	return 0;
}

static unsigned int nr_cases(const struct ktest_suite *suite)
{
	unsigned int n = 0;

	while (suite->cases && suite->cases[n].run_case)
		n++;
	return n;
}

/* case_selected() matches the suite glob too: no separate suite check. */
static unsigned int selected_cases(const struct ktest_suite *suite)
{
	unsigned int n = 0, total = nr_cases(suite);

	for (unsigned int i = 0; i < total; i++)
		n += case_selected(suite, i);
	return n;
}

/* -- Order ----------------------------------------------------------------- */

#define KTEST_MAX_ORDER 1024

static struct rnd_state ktest_rnd;

/* Shuffle @order[0..@n-1] in place if ktest.shuffle asks (Fisher-Yates). */
static void shuffle(u16 *order, unsigned int n)
{
	if (!ktest_config.shuffle)
		return;
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j = prandom_u32_below(&ktest_rnd, i);
		u16 t = order[i - 1];

		order[i - 1] = order[j];
		order[j] = t;
	}
}

/* The selected cases of @suite as indices into @order, maybe shuffled. */
static unsigned int case_order(u16 *order, const struct ktest_suite *suite)
{
	unsigned int m = 0, total = nr_cases(suite);

	for (unsigned int i = 0; i < total && m < KTEST_MAX_ORDER; i++)
		if (case_selected(suite, i))
			order[m++] = i;
	shuffle(order, m);
	return m;
}

/* The suites with a selected case, as indices into the section. */
static unsigned int suite_order(u16 *order, unsigned int nr)
{
	unsigned int m = 0, planned = 0;

	for (unsigned int i = 0; i < nr && m < KTEST_MAX_ORDER; i++)
		if (__ktest_suites_start[i]->cases &&
		    ktest_filter_match(&ktest_config.filter,
				       __ktest_suites_start[i]->name, NULL))
			order[m++] = i;
	shuffle(order, m);
	/* Suites with no selected case are left out of the plan. */
	for (unsigned int i = 0; i < m; i++)
		if (selected_cases(__ktest_suites_start[order[i]]))
			order[planned++] = order[i];
	return planned;
}

/* -- Entry ----------------------------------------------------------------- */

static void list_suites(void)
{
	for (struct ktest_suite *const *s = __ktest_suites_start;
	     s < __ktest_suites_end; s++) {
		if (!ktest_filter_match(&ktest_config.filter, (*s)->name, NULL))
			continue;
		for (unsigned int i = 0; i < nr_cases(*s); i++)
			if (case_selected(*s, i))
				printk("%s.%s\n", (*s)->name,
				       (*s)->cases[i].name);
	}
}

static u16 suites[KTEST_MAX_ORDER], cases[KTEST_MAX_ORDER];

static int run_all(struct ktest_config *cfg);

int ktest_run_all(void)
{
	struct ktest_config *cfg = &ktest_config;
	int ret;

	if (!cfg->enable) {
		pr_info("ktest: disabled by ktest.enable=0\n");
		return KMLAB_EXIT_PASS;
	}
	ktest_filter_parse(&cfg->filter, cfg->filter_glob);
	/* ktest's output is KTAP for the host: it ignores loglevel=. */
	printk_force_console_enter();
	ret = parse_attr_filter(cfg) ? KMLAB_EXIT_TESTS_FAILED : run_all(cfg);
	printk_force_console_exit();
	return ret;
}

static int run_all(struct ktest_config *cfg)
{
	unsigned int nr = __ktest_suites_end - __ktest_suites_start;
	struct ktest_stats totals = { 0 };
	char glob[PARAM_ECHO_MAX];
	unsigned int planned, k;
	bool failed = false;

	if (cfg->list) {
		pr_info("ktest: ktest.list=1: listing, not running\n");
		list_suites();
		return KMLAB_EXIT_PASS;
	}
	if (cfg->shuffle && !cfg->seed)
		cfg->seed = (unsigned int)rdtsc() | 1;
	prandom_seed_state(&ktest_rnd, cfg->seed);
	planned = suite_order(suites, nr);
	string_escape_str(cfg->filter_glob ? cfg->filter_glob : "", glob,
			  sizeof(glob));
	pr_info("ktest: %u of %u suites, filter_glob '%s', shuffle %s, seed %u, timeout %u s\n",
		planned, nr, glob, cfg->shuffle ? "on" : "off", cfg->seed,
		cfg->timeout);
	if (cfg->nr_attr_filters) {
		char text[PARAM_ECHO_MAX];

		string_escape_str(cfg->attr_filter, text, sizeof(text));
		pr_info("ktest: filter '%s'\n", text);
	}

	ktest_try_catch_hooks(true);
	printk("KTAP version 1\n1..%u\n", planned);
	for (k = 0; k < planned; k++) {
		struct ktest_suite *suite = __ktest_suites_start[suites[k]];
		unsigned int n = case_order(cases, suite);

		if (ktest_run_suite(suite, k + 1, cases, n, &totals) ==
		    KTEST_FAILURE)
			failed = true;
	}
	ktest_try_catch_hooks(false);
	ktest_print_stats("", "Totals", &totals);
	/* As kunit.py: a run that executed no test is not a success. */
	if (!planned) {
		pr_err("ktest: no test case matches filter_glob '%s'%s: nothing ran\n",
		       glob, cfg->nr_attr_filters ? " and ktest.filter" : "");
		return KMLAB_EXIT_TESTS_FAILED;
	}
	return failed || totals.fail ? KMLAB_EXIT_TESTS_FAILED :
				       KMLAB_EXIT_PASS;
}
