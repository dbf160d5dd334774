// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of ktest itself that pass: every expectation and assertion macro
 * with operands that satisfy it (so a macro that compares the wrong way
 * fails here), parameterised cases, suite and case hooks, managed
 * allocations, deferred actions and console capture. The failing side of each macro, faults,
 * timeouts and leaks live in ktest-fail-test.c (CONFIG_KTEST_EXAMPLES_FAIL)
 * and are checked from the host by tools/testing/ktest-examples/.
 */
#include <ktest.h>
#include <kmlab/string.h>
#include <kmlab/param.h>
#include <kmlab/errno.h>
#include <kmlab/machine.h>
#include "ktest-internal.h"

static void int_macros(struct ktest *test)
{
	int neg = -1;
	unsigned int u = 3;
	u64 big = 1ULL << 40;
	long l = -100000L;
	unsigned char c = 200;

	KTEST_EXPECT_EQ(test, u, 3);
	KTEST_EXPECT_EQ(test, neg, -1);
	KTEST_EXPECT_EQ(test, big, 0x10000000000ULL);
	KTEST_EXPECT_NE(test, big, 0);
	KTEST_EXPECT_NE(test, neg, 1);
	KTEST_EXPECT_LT(test, neg, 0);
	KTEST_EXPECT_LT(test, l, neg);
	KTEST_EXPECT_LE(test, u, 3);
	KTEST_EXPECT_LE(test, 2, u);
	KTEST_EXPECT_GT(test, c, 199);
	KTEST_EXPECT_GT(test, big, (u64)u);
	KTEST_EXPECT_GE(test, c, 200);
	KTEST_EXPECT_GE(test, 0, neg);
	KTEST_EXPECT_EQ_MSG(test, u + 1, 4, "u=%u", u);
	KTEST_EXPECT_NE_MSG(test, u, 4, "u=%u", u);
	KTEST_EXPECT_LT_MSG(test, u, 4, "u=%u", u);
	KTEST_EXPECT_LE_MSG(test, u, 3, "u=%u", u);
	KTEST_EXPECT_GT_MSG(test, u, 2, "u=%u", u);
	KTEST_EXPECT_GE_MSG(test, u, 3, "u=%u", u);
	KTEST_ASSERT_EQ(test, u, 3);
	KTEST_ASSERT_NE(test, u, 0);
	KTEST_ASSERT_LT(test, neg, 0);
	KTEST_ASSERT_LE(test, neg, -1);
	KTEST_ASSERT_GT(test, big, 1);
	KTEST_ASSERT_GE(test, big, big);
	KTEST_ASSERT_EQ_MSG(test, neg * neg, 1, "neg=%d", neg);
	KTEST_ASSERT_NE_MSG(test, neg, 0, "neg=%d", neg);
	KTEST_ASSERT_LT_MSG(test, neg, 0, "neg=%d", neg);
	KTEST_ASSERT_LE_MSG(test, neg, 0, "neg=%d", neg);
	KTEST_ASSERT_GT_MSG(test, u, 0, "u=%u", u);
	KTEST_ASSERT_GE_MSG(test, u, 0, "u=%u", u);
}

/* Each operand is evaluated exactly once, failing or not. */
static void operands_evaluated_once(struct ktest *test)
{
	int n = 0;
	const char *s = "ab";

	KTEST_EXPECT_EQ(test, ++n, 1);
	KTEST_EXPECT_TRUE(test, ++n == 2);
	KTEST_EXPECT_PTR_NE(test, (n++, s), NULL);
	KTEST_EXPECT_STREQ(test, (n++, s), "ab");
	KTEST_EXPECT_MEMEQ(test, (n++, s), "ab", 3);
	KTEST_ASSERT_EQ(test, n, 5);
}

static void bool_and_pointer_macros(struct ktest *test)
{
	int x = 1;
	int *p = &x, *null = NULL;

	KTEST_SUCCEED(test);
	KTEST_EXPECT_TRUE(test, x == 1);
	KTEST_EXPECT_TRUE(test, p);
	KTEST_EXPECT_FALSE(test, x == 2);
	KTEST_EXPECT_FALSE(test, null);
	KTEST_EXPECT_TRUE_MSG(test, x, "x=%d", x);
	KTEST_EXPECT_FALSE_MSG(test, !x, "x=%d", x);
	KTEST_EXPECT_PTR_EQ(test, p, &x);
	KTEST_EXPECT_PTR_NE(test, p, null);
	KTEST_EXPECT_PTR_EQ_MSG(test, p, &x, "p=%p", p);
	KTEST_EXPECT_PTR_NE_MSG(test, p, NULL, "p=%p", p);
	KTEST_EXPECT_NULL(test, null);
	KTEST_EXPECT_NOT_NULL(test, p);
	KTEST_EXPECT_NULL_MSG(test, null, "null=%p", null);
	KTEST_EXPECT_NOT_NULL_MSG(test, p, "p=%p", p);
	KTEST_ASSERT_TRUE(test, x);
	KTEST_ASSERT_FALSE(test, !x);
	KTEST_ASSERT_TRUE_MSG(test, x, "x=%d", x);
	KTEST_ASSERT_FALSE_MSG(test, null, "null=%p", null);
	KTEST_ASSERT_PTR_EQ(test, null, NULL);
	KTEST_ASSERT_PTR_NE(test, p, NULL);
	KTEST_ASSERT_PTR_EQ_MSG(test, p, &x, "p=%p", p);
	KTEST_ASSERT_PTR_NE_MSG(test, p, null, "p=%p", p);
	KTEST_ASSERT_NULL(test, null);
	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_NULL_MSG(test, null, "null=%p", null);
	KTEST_ASSERT_NOT_NULL_MSG(test, p, "p=%p", p);
}

static void string_and_memory_macros(struct ktest *test)
{
	char buf[8] = "kmlab";
	const u8 a[4] = { 1, 2, 3, 4 }, b[4] = { 1, 2, 3, 4 };
	const char *null = NULL;

	KTEST_EXPECT_STREQ(test, buf, "kmlab");
	KTEST_EXPECT_STREQ(test, null, NULL);
	KTEST_EXPECT_STRNEQ(test, buf, "kmla");
	KTEST_EXPECT_STRNEQ(test, buf, null);
	KTEST_EXPECT_STREQ_MSG(test, buf, "kmlab", "buf=%s", buf);
	KTEST_EXPECT_STRNEQ_MSG(test, buf, "KMLAB", "buf=%s", buf);
	KTEST_EXPECT_MEMEQ(test, a, b, sizeof(a));
	KTEST_EXPECT_MEMEQ(test, buf, "kmlab\0\0", 8);
	KTEST_EXPECT_MEMEQ(test, a, "xyz", 0);
	KTEST_EXPECT_MEMEQ_MSG(test, a, b, 4, "size %d", 4);
	KTEST_ASSERT_STREQ(test, buf, "kmlab");
	KTEST_ASSERT_STRNEQ(test, buf, "");
	KTEST_ASSERT_STREQ_MSG(test, buf, "kmlab", "buf=%s", buf);
	KTEST_ASSERT_STRNEQ_MSG(test, "", buf, "buf=%s", buf);
	KTEST_ASSERT_MEMEQ(test, a, b, 4);
	KTEST_ASSERT_MEMEQ_MSG(test, a + 1, b + 1, 3, "from %d", 1);
}

/* Deferred actions run newest first, each exactly once, then are gone. */
static int order[4], nr_done;

/* The leak check's counts: 2 GiB and more are positive, frees negative. */
static void leak_delta_64bit(struct ktest *test)
{
	struct kmalloc_stats before = { .live_objects = 5, .live_bytes = 4096 };
	struct kmalloc_stats after = before;
	long long objects, bytes;

	after.live_objects = 6;
	after.live_bytes = 4096 + 0x80000000UL;
	ktest_live_delta(&before, &after, &objects, &bytes);
	KTEST_EXPECT_EQ(test, objects, 1);
	KTEST_EXPECT_EQ(test, bytes, 0x80000000LL);
	after.live_objects = 4;
	after.live_bytes = 0;
	ktest_live_delta(&before, &after, &objects, &bytes);
	KTEST_EXPECT_EQ(test, objects, -1);
	KTEST_EXPECT_EQ(test, bytes, -4096);
}

static void record(void *arg)
{
	order[nr_done++] = (int)(long)arg;
}

static void actions_run_newest_first(struct ktest *test)
{
	struct ktest fake = { .name = "fake", .indent = "    " };

	nr_done = 0;
	KTEST_ASSERT_EQ(test, ktest_add_action(&fake, record, (void *)1L), 0);
	KTEST_ASSERT_EQ(test, ktest_add_action(&fake, record, (void *)2L), 0);
	KTEST_ASSERT_EQ(test, ktest_add_action(&fake, record, (void *)3L), 0);
	KTEST_EXPECT_EQ(test, nr_done, 0);
	ktest_run_actions(&fake);
	KTEST_ASSERT_EQ(test, nr_done, 3);
	KTEST_EXPECT_EQ(test, order[0], 3);
	KTEST_EXPECT_EQ(test, order[1], 2);
	KTEST_EXPECT_EQ(test, order[2], 1);
	KTEST_EXPECT_EQ(test, fake.nr_resources, 0);
	ktest_run_actions(&fake);
	KTEST_EXPECT_EQ(test, nr_done, 3);
}

/* ktest_kmalloc() memory is live until the case's actions run. */
static void managed_allocations_freed(struct ktest *test)
{
	struct ktest fake = { .name = "fake", .indent = "    " };
	struct kmalloc_stats before, during, after;
	u8 *p, *z;

	kmalloc_get_stats(&before);
	p = ktest_kmalloc(&fake, 100, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, p);
	z = ktest_kzalloc(&fake, 64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, z);
	KTEST_EXPECT_NULL(test, memchr_inv(z, 0, 64));
	memset(p, 0xa5, 100);
	kmalloc_get_stats(&during);
	KTEST_EXPECT_EQ(test, during.live_objects, before.live_objects + 2);
	KTEST_EXPECT_GE(test, during.live_bytes, before.live_bytes + 164);
	KTEST_EXPECT_EQ(test, fake.nr_resources, 2);
	ktest_run_actions(&fake);
	kmalloc_get_stats(&after);
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
}

/* ktest_kfree() frees at once and forgets the allocation. */
static void managed_kfree_early(struct ktest *test)
{
	struct kmalloc_stats before, after;
	void *a, *b;

	kmalloc_get_stats(&before);
	a = ktest_kmalloc(test, 32, GFP_KERNEL);
	b = ktest_kmalloc(test, 48, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(test, a);
	KTEST_ASSERT_NOT_NULL(test, b);
	KTEST_ASSERT_EQ(test, test->nr_resources, 2);
	ktest_kfree(test, a);
	ktest_kfree(test, NULL);
	KTEST_EXPECT_EQ(test, test->nr_resources, 1);
	kmalloc_get_stats(&after);
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects + 1);
	/* b is freed by the runner; the leak check would fail us if not. */
}

static int count_runs;

static void count_run(void *arg)
{
	count_runs += (int)(long)arg;
}

/*
 * The limits of managed resources (resource.c), on a struct ktest of its
 * own: a failed ktest_kmalloc() registers nothing; the action past
 * KTEST_MAX_RESOURCES runs at once and fails its case with -ENOMEM, and
 * so does the allocation past it, which is freed at once; ktest_kfree()
 * of a pointer no kfree action holds fails the case and frees nothing.
 */
static void managed_resource_limits(struct ktest *test)
{
	struct ktest fake = { .name = "fake", .indent = "    " };
	struct kmalloc_stats before, after;
	u64 not_managed[2] = { 0 };

	/* The global resource table must be ours alone. */
	KTEST_ASSERT_EQ(test, test->nr_resources, 0);
	kmalloc_get_stats(&before);
	KTEST_EXPECT_NULL(test, ktest_kmalloc(&fake, KMALLOC_MAX_SIZE + 1,
					      GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_EQ(test, fake.nr_resources, 0);
	KTEST_EXPECT_EQ(test, fake.status, KTEST_SUCCESS);

	count_runs = 0;
	for (int i = 0; i < KTEST_MAX_RESOURCES; i++)
		KTEST_ASSERT_EQ(test,
				ktest_add_action(&fake, count_run, (void *)1L),
				0);
	KTEST_EXPECT_EQ(test, count_runs, 0);
	KTEST_EXPECT_EQ(test, fake.status, KTEST_SUCCESS);
	KTEST_EXPECT_EQ(test, ktest_add_action(&fake, count_run, (void *)100L),
			-ENOMEM);
	KTEST_EXPECT_EQ(test, count_runs, 100);
	KTEST_EXPECT_EQ(test, fake.nr_resources, KTEST_MAX_RESOURCES);
	KTEST_EXPECT_EQ(test, fake.status, KTEST_FAILURE);
	KTEST_EXPECT_NULL(test, ktest_kmalloc(&fake, 64, GFP_KERNEL));
	KTEST_EXPECT_EQ(test, fake.nr_resources, KTEST_MAX_RESOURCES);

	/* A pointer behind no kfree action: not freed, the case failed. */
	fake.status = KTEST_SUCCESS;
	ktest_kfree(&fake, &not_managed[1]);
	KTEST_EXPECT_EQ(test, fake.status, KTEST_FAILURE);
	KTEST_EXPECT_EQ(test, fake.nr_resources, KTEST_MAX_RESOURCES);
	ktest_run_actions(&fake);
	KTEST_EXPECT_EQ(test, count_runs, 100 + KTEST_MAX_RESOURCES);
	KTEST_EXPECT_EQ(test, fake.nr_resources, 0);
	kmalloc_get_stats(&after);
	KTEST_EXPECT_EQ(test, after.live_objects, before.live_objects);
	KTEST_EXPECT_EQ(test, after.live_bytes, before.live_bytes);
	KTEST_EXPECT_EQ(test, after.failed_allocs, before.failed_allocs + 1);
}

/*
 * ktest_log_capture_start() with no room for its release action: -ENOMEM,
 * no capture left behind, and another case can still capture.
 */
static void log_capture_start_refused(struct ktest *test)
{
	struct ktest fake = { .name = "fake", .indent = "    " };

	KTEST_ASSERT_EQ(test, test->nr_resources, 0);
	count_runs = 0;
	for (int i = 0; i < KTEST_MAX_RESOURCES; i++)
		KTEST_ASSERT_EQ(test,
				ktest_add_action(&fake, count_run, (void *)1L),
				0);
	KTEST_EXPECT_EQ(test, ktest_log_capture_start(&fake), -ENOMEM);
	KTEST_EXPECT_EQ(test, fake.status, KTEST_FAILURE);
	KTEST_EXPECT_FALSE(test, ktest_log_capturing(&fake));
	KTEST_EXPECT_STREQ(test, ktest_log_text(&fake), "");
	ktest_run_actions(&fake);
	KTEST_EXPECT_EQ(test, count_runs, KTEST_MAX_RESOURCES);

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	pr_info("ktest_self: captured after a refused start\n");
	KTEST_EXPECT_LOG_CONTAINS(test, "after a refused start");
	ktest_log_capture_stop(test);
}

/*
 * Console capture: printk() text is recorded with its level stripped,
 * ktest's own lines are not, a restart empties the buffer, a stop stops.
 */
static void log_capture_records(struct ktest *test)
{
	KTEST_EXPECT_STREQ(test, ktest_log_text(test), "");
	KTEST_EXPECT_FALSE(test, ktest_log_capturing(test));
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_TRUE(test, ktest_log_capturing(test));
	pr_info("ktest_self: captured line %d\n", 42);
	KTEST_EXPECT_STREQ(test, ktest_log_text(test),
			   "ktest_self: captured line 42\n");
	KTEST_EXPECT_LOG_CONTAINS(test, "captured line 42\n");
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "captured line 43");
	printk(KERN_WARNING "ktest_self: captured line %s\n", "7");
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "captured line"), 2);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, "ktest_self: c"), 2);
	KTEST_EXPECT_EQ(test, ktest_log_count(test, ""), 0);
	KTEST_EXPECT_NULL(test, strchr(ktest_log_text(test), '\001'));
	ktest_info(test, "ktest_self: a diagnostic, not captured");
	KTEST_EXPECT_LOG_NOT_CONTAINS(test, "not captured");
	KTEST_EXPECT_EQ(test, ktest_log_dropped(test), 0);
	/* A restart empties the buffer and keeps the one release action. */
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_STREQ(test, ktest_log_text(test), "");
	KTEST_EXPECT_EQ(test, test->nr_resources, 1);
	pr_info("ktest_self: before stop\n");
	ktest_log_capture_stop(test);
	KTEST_EXPECT_FALSE(test, ktest_log_capturing(test));
	pr_info("ktest_self: after stop\n");
	KTEST_EXPECT_STREQ(test, ktest_log_text(test),
			   "ktest_self: before stop\n");
}

/*
 * A capture belongs to the case that started it: another struct ktest
 * neither sees it nor stops it. ktest_kfree() finds a managed allocation
 * behind the capture's release action and frees only that.
 */
static void log_capture_belongs_to_its_case(struct ktest *test)
{
	struct ktest other = { .name = "other" };
	void *p = ktest_kmalloc(test, 16, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	KTEST_EXPECT_EQ(test, test->nr_resources, 2);
	KTEST_EXPECT_FALSE(test, ktest_log_capturing(&other));
	ktest_log_capture_stop(&other);
	KTEST_EXPECT_TRUE(test, ktest_log_capturing(test));
	pr_info("ktest_self: still captured\n");
	KTEST_EXPECT_STREQ(test, ktest_log_text(test),
			   "ktest_self: still captured\n");
	ktest_kfree(test, p);
	KTEST_EXPECT_EQ(test, test->nr_resources, 1);
	KTEST_EXPECT_TRUE(test, ktest_log_capturing(test));
}

/*
 * The capture reads the log buffer, which holds every message: a level the
 * console drops (loglevel=4, or KERN_DEBUG at the default 7) is captured.
 */
static void log_capture_sees_every_level(struct ktest *test)
{
	int saved = console_loglevel;

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	console_loglevel = 4; /* as "loglevel=4" on the command line */
	pr_info("ktest_self: an info line under loglevel=4\n");
	console_loglevel = saved;
	pr_debug("ktest_self: a debug line\n");
	KTEST_EXPECT_STREQ(test, ktest_log_text(test),
			   "ktest_self: an info line under loglevel=4\n"
			   "ktest_self: a debug line\n");
}

/*
 * A full buffer keeps its first KTEST_LOG_SIZE bytes and counts the rest,
 * which makes NOT_CONTAINS fail; the case's actions end the capture and
 * forget the text. Run on a fake case so its expected failure stays there.
 */
#define FILLER_LEN 200
#define FILLER_LINES (KTEST_LOG_SIZE / FILLER_LEN + 2)

static void log_capture_overflow_and_release(struct ktest *test)
{
	struct ktest fake = { .name = "fake", .indent = "    " };
	/* "ktest_self: filler NN " + FILLER_LEN x 'x' + "\n" */
	const size_t line_len = 22 + FILLER_LEN + 1;
	char filler[FILLER_LEN + 1];

	memset(filler, 'x', FILLER_LEN);
	filler[FILLER_LEN] = '\0';
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(&fake), 0);
	KTEST_EXPECT_EQ(test, fake.nr_resources, 1);
	for (unsigned int i = 0; i < FILLER_LINES; i++)
		pr_info("ktest_self: filler %02u %s\n", i, filler);
	KTEST_EXPECT_EQ(test, strlen(ktest_log_text(&fake)), KTEST_LOG_SIZE);
	KTEST_EXPECT_EQ(test, ktest_log_dropped(&fake),
			FILLER_LINES * line_len - KTEST_LOG_SIZE);
	KTEST_EXPECT_EQ(test,
			strncmp(ktest_log_text(&fake),
				"ktest_self: filler 00 xxx", 25),
			0);
	KTEST_EXPECT_EQ(test, ktest_log_count(&fake, "filler 01 "), 1);
	KTEST_EXPECT_EQ(test, ktest_log_count(&fake, "filler 19 "), 0);
	/* Absence cannot be shown once text was dropped. */
	KTEST_EXPECT_EQ(test, fake.status, KTEST_SUCCESS);
	KTEST_EXPECT_LOG_NOT_CONTAINS(&fake, "never printed");
	KTEST_EXPECT_EQ(test, fake.status, KTEST_FAILURE);
	/* The end of the case releases the capture. */
	KTEST_EXPECT_TRUE(test, ktest_log_capturing(&fake));
	ktest_run_actions(&fake);
	KTEST_EXPECT_FALSE(test, ktest_log_capturing(&fake));
	KTEST_EXPECT_STREQ(test, ktest_log_text(&fake), "");
	KTEST_EXPECT_EQ(test, ktest_log_dropped(&fake), 0);
	pr_info("ktest_self: printed after the release\n");
	KTEST_EXPECT_STREQ(test, ktest_log_text(&fake), "");
	/* A check without a capture fails too. */
	fake.status = KTEST_SUCCESS;
	KTEST_EXPECT_LOG_CONTAINS(&fake, "anything");
	KTEST_EXPECT_EQ(test, fake.status, KTEST_FAILURE);
}

struct ktest_test_param {
	int value;
	int square;
	const char *name;
};

static const struct ktest_test_param squares[] = {
	{ 0, 0, "zero" },
	{ 3, 9, "three" },
	{ -4, 16, "minus four" },
};

static void square_desc(const struct ktest_test_param *p, char *desc)
{
	snprintf(desc, KTEST_PARAM_DESC_SIZE, "%d squared", p->value);
}

KTEST_ARRAY_PARAM(squares, squares, square_desc);
KTEST_ARRAY_PARAM_DESC(squares_named, squares, name);

static void param_values(struct ktest *test)
{
	const struct ktest_test_param *p = test->param_value;

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_PTR_EQ(test, p, &squares[test->param_index]);
	KTEST_EXPECT_EQ(test, p->value * p->value, p->square);
}

/*
 * Descriptions KTAP cannot carry as written ('#' starts a directive, a line
 * break ends the line): the runner prints them as "issue _3" and
 * "two lines" and leaves the test's own strings alone.
 */
static const struct ktest_test_param unsafe_descs[] = {
	{ 3, 9, "issue #3" },
	{ 2, 4, "two\nlines" },
};

KTEST_ARRAY_PARAM_DESC(unsafe_descs, unsafe_descs, name);

static void param_desc_made_ktap_safe(struct ktest *test)
{
	const struct ktest_test_param *p = test->param_value;

	KTEST_ASSERT_NOT_NULL(test, p);
	KTEST_EXPECT_NOT_NULL(test,
			      strchr(p->name, p->value == 3 ? '#' : '\n'));
}

/* The generators walk the array and describe each element. */
static void array_param_generators(struct ktest *test)
{
	char desc[KTEST_PARAM_DESC_SIZE];
	const void *p;

	p = squares_gen_params(NULL, desc);
	KTEST_EXPECT_PTR_EQ(test, p, &squares[0]);
	KTEST_EXPECT_STREQ(test, desc, "0 squared");
	p = squares_gen_params(p, desc);
	p = squares_gen_params(p, desc);
	KTEST_EXPECT_PTR_EQ(test, p, &squares[2]);
	KTEST_EXPECT_STREQ(test, desc, "-4 squared");
	KTEST_EXPECT_NULL(test, squares_gen_params(p, desc));
	p = squares_named_gen_params(&squares[0], desc);
	KTEST_EXPECT_STREQ(test, desc, "three");
}

/* Suite and case hooks run, in order, around every case. */
static int suite_inits, case_inits;

static int ktest_test_suite_init(struct ktest_suite *suite)
{
	suite_inits++;
	return 0;
}

static int ktest_test_init(struct ktest *test)
{
	case_inits++;
	test->priv = &case_inits;
	return 0;
}

static void ktest_test_exit(struct ktest *test)
{
	KTEST_EXPECT_PTR_EQ(test, test->priv, &case_inits);
}

static void hooks_ran(struct ktest *test)
{
	KTEST_EXPECT_EQ(test, suite_inits, 1);
	KTEST_EXPECT_GE(test, case_inits, 1);
	KTEST_EXPECT_PTR_EQ(test, test->priv, &case_inits);
	KTEST_EXPECT_STREQ(test, test->name, "hooks_ran");
	KTEST_EXPECT_PTR_EQ(test, test->param_value, NULL);
}

/*
 * Free-form attributes are words split at spaces, however many: leading
 * and trailing spaces are skipped, and a word without '=' names an
 * attribute whose value is empty, not one that swallows the next word.
 */
static void attr_custom_words(struct ktest *test)
{
	static struct ktest_attr_filter f[KTEST_MAX_ATTR_FILTERS];
	static struct ktest_case spaced = {
		.name = "spaced",
		.attr = { .custom = "  flag   kind=x  " },
	};
	static struct ktest_suite suite = { .name = "suite" };
	char err[160];

	KTEST_ASSERT_EQ(
		test, ktest_attr_filter_parse(f, 8, "kind=x", err, sizeof(err)),
		1);
	KTEST_EXPECT_TRUE(test, ktest_attr_filter_match(f, 1, &suite, &spaced));
	KTEST_ASSERT_EQ(
		test, ktest_attr_filter_parse(f, 8, "flag=x", err, sizeof(err)),
		1);
	KTEST_EXPECT_FALSE(test,
			   ktest_attr_filter_match(f, 1, &suite, &spaced));
	KTEST_ASSERT_EQ(
		test,
		ktest_attr_filter_parse(f, 8, "flag!=x", err, sizeof(err)), 1);
	KTEST_EXPECT_TRUE(test, ktest_attr_filter_match(f, 1, &suite, &spaced));
	/* Not on the case, nor the suite (no words at all): "". */
	KTEST_ASSERT_EQ(
		test,
		ktest_attr_filter_parse(f, 8, "other=x", err, sizeof(err)), 1);
	KTEST_EXPECT_FALSE(test,
			   ktest_attr_filter_match(f, 1, &suite, &spaced));
	KTEST_ASSERT_EQ(
		test,
		ktest_attr_filter_parse(f, 8, "other!=x", err, sizeof(err)), 1);
	KTEST_EXPECT_TRUE(test, ktest_attr_filter_match(f, 1, &suite, &spaced));
}

/* MEMEQ of NULL: equal only to NULL, as STREQ's pointers are. */
static void memeq_of_null(struct ktest *test)
{
	static const char buf[4] = "abc";

	KTEST_EXPECT_TRUE(test, __ktest_memeq(NULL, NULL, 4));
	KTEST_EXPECT_FALSE(test, __ktest_memeq(NULL, buf, 4));
	KTEST_EXPECT_FALSE(test, __ktest_memeq(buf, NULL, 4));
	KTEST_EXPECT_TRUE(test, __ktest_memeq(buf, "abc", 4));
	KTEST_EXPECT_MEMEQ(test, NULL, NULL, 4);
}

/* ktest.filter=: parsed once into conditions, matched per case. */
static void attr_filter_parses_and_matches(struct ktest *test)
{
	static struct ktest_attr_filter f[KTEST_MAX_ATTR_FILTERS];
	static struct ktest_case normal = { .name = "n" };
	static struct ktest_case slow = {
		.name = "s",
		.attr = { .speed = KTEST_SPEED_SLOW, .custom = "kind=stress x" }
	};
	static struct ktest_suite suite = { .name = "suite" };
	static struct ktest_suite slow_suite = {
		.name = "slow_suite",
		.attr = { .speed = KTEST_SPEED_VERY_SLOW, .custom = "kind=y" },
	};
	char err[160];

	KTEST_ASSERT_EQ(test,
			ktest_attr_filter_parse(f, 8, "speed>slow", err,
						sizeof(err)),
			1);
	KTEST_EXPECT_TRUE(test, ktest_attr_filter_match(f, 1, &suite, &normal));
	KTEST_EXPECT_FALSE(test, ktest_attr_filter_match(f, 1, &suite, &slow));
	/* An unset speed is the suite's, or normal. */
	KTEST_EXPECT_FALSE(test,
			   ktest_attr_filter_match(f, 1, &slow_suite, &normal));
	KTEST_ASSERT_EQ(test,
			ktest_attr_filter_parse(f, 8, " speed <= slow ", err,
						sizeof(err)),
			1);
	KTEST_EXPECT_EQ(test, f[0].op, KTEST_ATTR_LE);
	KTEST_EXPECT_TRUE(test, ktest_attr_filter_match(f, 1, &suite, &slow));
	KTEST_EXPECT_TRUE(test,
			  ktest_attr_filter_match(f, 1, &slow_suite, &normal));
	/* Free-form: the case's value, else the suite's, else "". */
	KTEST_ASSERT_EQ(test,
			ktest_attr_filter_parse(f, 8, "kind=stress", err,
						sizeof(err)),
			1);
	KTEST_EXPECT_TRUE(test, ktest_attr_filter_match(f, 1, &suite, &slow));
	KTEST_EXPECT_TRUE(test,
			  ktest_attr_filter_match(f, 1, &slow_suite, &slow));
	KTEST_EXPECT_FALSE(test,
			   ktest_attr_filter_match(f, 1, &slow_suite, &normal));
	KTEST_EXPECT_FALSE(test,
			   ktest_attr_filter_match(f, 1, &suite, &normal));
	KTEST_ASSERT_EQ(test,
			ktest_attr_filter_parse(f, 8, "kind!=stress,x=", err,
						sizeof(err)),
			-EINVAL);
	KTEST_ASSERT_EQ(test,
			ktest_attr_filter_parse(f, 8,
						"kind!=stress,speed!=slow", err,
						sizeof(err)),
			2);
	KTEST_EXPECT_TRUE(test, ktest_attr_filter_match(f, 2, &suite, &normal));
	KTEST_EXPECT_FALSE(test, ktest_attr_filter_match(f, 2, &suite, &slow));
	KTEST_EXPECT_EQ(test, ktest_attr_filter_parse(f, 8, "", err, 160), 0);
	/* Refused, with the reason. */
	KTEST_EXPECT_EQ(test,
			ktest_attr_filter_parse(f, 8, "speed>fast", err,
						sizeof(err)),
			-EINVAL);
	KTEST_EXPECT_STREQ(test, err,
			   "speed 'fast' is not very_slow, slow or normal");
	KTEST_EXPECT_EQ(
		test, ktest_attr_filter_parse(f, 8, "kind<x", err, sizeof(err)),
		-EINVAL);
	KTEST_EXPECT_EQ(
		test, ktest_attr_filter_parse(f, 8, "speed", err, sizeof(err)),
		-EINVAL);
	KTEST_EXPECT_EQ(
		test, ktest_attr_filter_parse(f, 8, "a=b=c", err, sizeof(err)),
		-EINVAL);
	KTEST_EXPECT_EQ(test,
			ktest_attr_filter_parse(f, 2, "a=1,b=2,c=3", err,
						sizeof(err)),
			-EINVAL);
	KTEST_EXPECT_STREQ(test, err, "more than 2 conditions");
	KTEST_EXPECT_TRUE(test, ktest_attr_carried(&slow_suite, "kind"));
	KTEST_EXPECT_FALSE(test, ktest_attr_carried(&suite, "kind"));
}

/* Parse @glob, then match: the executor parses ktest.filter_glob once. */
static bool filter_match(const char *glob, const char *suite, const char *tcase)
{
	static struct ktest_filter f;

	ktest_filter_parse(&f, glob);
	return ktest_filter_match(&f, suite, tcase);
}

/*
 * ktest.filter_glob is matched whole however long: a SUITE glob of 130
 * stars and "zzz" selects nothing (cut at 127 bytes it selected all).
 */
static void filter_glob_is_never_cut(struct ktest *test)
{
	static char glob[COMMAND_LINE_SIZE + 8];
	size_t n = 130;

	memset(glob, '*', n);
	strscpy(glob + n, "zzz", 4);
	KTEST_EXPECT_FALSE(test, filter_match(glob, "boot", NULL));
	KTEST_EXPECT_FALSE(test, filter_match(glob, "boot", "x"));
	strscpy(glob + n, "t", 2); /* "***...t" matches "boot" */
	KTEST_EXPECT_TRUE(test, filter_match(glob, "boot", NULL));
	strscpy(glob + n + 1, ".kall*", 7);
	KTEST_EXPECT_TRUE(test, filter_match(glob, "boot", "kallsyms"));
	KTEST_EXPECT_FALSE(test, filter_match(glob, "boot", "paging"));
	KTEST_EXPECT_TRUE(test, filter_match(NULL, "boot", "paging"));
	KTEST_EXPECT_TRUE(test, filter_match("", "boot", NULL));
	/* Longer than any command line: nothing, rather than a cut glob. */
	memset(glob, '*', COMMAND_LINE_SIZE + 4);
	glob[COMMAND_LINE_SIZE + 4] = '\0';
	KTEST_EXPECT_FALSE(test, filter_match(glob, "boot", NULL));
}

/* The case that runs is the one the runner passed in. */
static void current_test_is_this_case(struct ktest *test)
{
	KTEST_EXPECT_PTR_EQ(test, ktest_get_current_test(), test);
}

/*
 * ktest_run_all()'s command-line paths that end before any suite runs:
 * ktest.enable=0, a refused ktest.filter and ktest.list=1, each with the
 * parameters set in ktest_config as parse_args() would, from inside a case
 * (the boot's own parameters are put back before any check can stop it).
 * The case carries kind=cmdline so that a free-form filter finds it.
 */
static void run_all_command_line(struct ktest *test)
{
	static const char *const bad[][2] = {
		{ "nosuch=1",
		  "ktest: bad ktest.filter 'nosuch=1': no suite or case has "
		  "the attribute 'nosuch': nothing ran\n" },
		{ "speed~slow",
		  "ktest: bad ktest.filter 'speed~slow': 'speed~slow' has no "
		  "operator (<, >, <=, >=, =, !=): nothing ran\n" },
	};
	const struct ktest_config saved = ktest_config;
	int disabled, refused[ARRAY_SIZE(bad)], listed, listed_glob;
	char text[3][160];

	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	ktest_config.enable = false;
	disabled = ktest_run_all();
	strscpy(text[0], ktest_log_text(test), sizeof(text[0]));
	ktest_config.enable = true;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		ktest_log_capture_start(test);
		ktest_config.attr_filter = bad[i][0];
		refused[i] = ktest_run_all();
		KTEST_EXPECT_STREQ(test, ktest_log_text(test), bad[i][1]);
	}
	/* A speed condition and a free-form one this case alone meets. */
	ktest_log_capture_start(test);
	ktest_config.list = true;
	ktest_config.filter_glob = "ktest_self";
	ktest_config.attr_filter = "speed>=slow,kind=cmdline";
	listed = ktest_run_all();
	strscpy(text[1], ktest_log_text(test), sizeof(text[1]));
	/* A case glob, no attribute condition. */
	ktest_log_capture_start(test);
	ktest_config.filter_glob = "ktest_self.hooks_*";
	ktest_config.attr_filter = NULL;
	listed_glob = ktest_run_all();
	strscpy(text[2], ktest_log_text(test), sizeof(text[2]));
	ktest_config = saved;

	KTEST_EXPECT_EQ(test, disabled, KMLAB_EXIT_PASS);
	KTEST_EXPECT_STREQ(test, text[0],
			   "ktest: disabled by ktest.enable=0\n");
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
		KTEST_EXPECT_EQ(test, refused[i], KMLAB_EXIT_TESTS_FAILED);
	KTEST_EXPECT_EQ(test, listed, KMLAB_EXIT_PASS);
	KTEST_EXPECT_STREQ(test, text[1],
			   "ktest: ktest.list=1: listing, not running\n"
			   "ktest_self.run_all_command_line\n");
	KTEST_EXPECT_EQ(test, listed_glob, KMLAB_EXIT_PASS);
	KTEST_EXPECT_STREQ(test, text[2],
			   "ktest: ktest.list=1: listing, not running\n"
			   "ktest_self.hooks_ran\n");
}

static struct ktest_case ktest_test_cases[] = {
	KTEST_CASE(int_macros),
	KTEST_CASE(operands_evaluated_once),
	KTEST_CASE(bool_and_pointer_macros),
	KTEST_CASE(string_and_memory_macros),
	KTEST_CASE(leak_delta_64bit),
	KTEST_CASE(actions_run_newest_first),
	KTEST_CASE(managed_allocations_freed),
	KTEST_CASE(managed_kfree_early),
	KTEST_CASE(managed_resource_limits),
	KTEST_CASE(log_capture_records),
	KTEST_CASE(log_capture_start_refused),
	KTEST_CASE(log_capture_overflow_and_release),
	KTEST_CASE(log_capture_sees_every_level),
	KTEST_CASE(log_capture_belongs_to_its_case),
	KTEST_CASE(array_param_generators),
	KTEST_CASE_PARAM(param_values, squares_gen_params),
	KTEST_CASE_PARAM(param_desc_made_ktap_safe, unsafe_descs_gen_params),
	KTEST_CASE(filter_glob_is_never_cut),
	KTEST_CASE(attr_filter_parses_and_matches),
	KTEST_CASE(attr_custom_words),
	KTEST_CASE(memeq_of_null),
	KTEST_CASE(hooks_ran),
	KTEST_CASE(current_test_is_this_case),
	KTEST_CASE_ATTR(run_all_command_line, { .custom = "kind=cmdline" }),
	{}
};

static struct ktest_suite ktest_test_suite = {
	.name = "ktest_self",
	.cases = ktest_test_cases,
	.suite_init = ktest_test_suite_init,
	.init = ktest_test_init,
	.exit = ktest_test_exit,
};
KTEST_SUITE(ktest_test_suite);
