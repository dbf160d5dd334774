// SPDX-License-Identifier: GPL-2.0
/*
 * Console capture for ktest cases: what the kernel printed, for
 * KTEST_EXPECT_LOG_CONTAINS() and friends.
 *
 * printk() (kernel/printk.c) stores every message in the log buffer,
 * whatever the console log level, as Linux does. A capture is a reader of
 * those records (a struct kmsg_dump_iter): starting it skips what was
 * printed before; every read of the capture (ktest_log_text(), the checks,
 * the end of the case) first appends the records printed since, KERN_*
 * level stripped, exactly as the console would show them, to a static
 * buffer. So loglevel= changes what reaches the serial console, never what
 * a case sees. Records the log buffer overwrote before the capture read
 * them (a case printing more than LOG_BUF_LEN bytes between two reads)
 * count as dropped text, like text past the capture buffer.
 *
 * Nothing here allocates: the capture may run while the heap under test is
 * exhausted or corrupt. One case runs at a time, so one buffer serves all.
 * A capture ends through a deferred action of the case, so it ends with
 * the case however the case ends (assertion, skip, fault, timeout). Text
 * past the buffer is dropped and counted; a NOT_CONTAINS check on such a
 * capture fails, since absence can no longer be shown.
 *
 * ktest's own output (diagnostics, failure reports, ktest_printk()) is held
 * out of the buffer: ktest_log_hold() reads what came before it, and
 * ktest_log_release_hold() skips the records printed while held, so a
 * failed check's report, which quotes the substring, cannot make a later
 * check pass.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include "ktest-internal.h"

static char log_buf[KTEST_LOG_SIZE + 1];
static size_t log_len, log_dropped;
static struct ktest *log_owner; /* the case whose text log_buf holds */
static struct ktest *log_action_owner; /* whose action ends the capture */
static bool log_active;
static unsigned int log_held;
static struct kmsg_dump_iter log_iter;

static void log_append(const char *s, size_t len)
{
	size_t room = KTEST_LOG_SIZE - log_len;

	if (len > room) {
		log_dropped += len - room;
		len = room;
	}
	memcpy(log_buf + log_len, s, len);
	log_len += len;
	log_buf[log_len] = '\0';
}

/* Append the records printed since the last read. */
static void log_sync(void)
{
	char line[512];
	size_t len;

	if (!log_active || log_held)
		return;
	while (kmsg_dump_get_line(&log_iter, line, sizeof(line), &len, NULL))
		log_append(line, len);
	/* Overwritten before they were read: at least a byte each. */
	log_dropped += log_iter.lost;
	log_iter.lost = 0;
}

void ktest_log_hold(void)
{
	log_sync();
	log_held++;
}

void ktest_log_release_hold(void)
{
	if (!--log_held)
		kmsg_dump_skip(&log_iter);
}

static void log_end(struct ktest *test)
{
	if (!log_active || log_owner != test)
		return;
	log_sync();
	log_active = false;
	if (log_dropped)
		ktest_diag(test,
			   "log capture full: %zu bytes dropped after the "
			   "first %d (KTEST_LOG_SIZE)",
			   log_dropped, KTEST_LOG_SIZE);
}

/* The case is over: stop, and forget the text (the struct ktest is reused
 * by the suite's next case). */
static void log_end_action(void *arg)
{
	if (log_action_owner == arg)
		log_action_owner = NULL;
	log_end(arg);
	if (log_owner == arg) {
		log_owner = NULL;
		log_len = log_dropped = 0;
		log_buf[0] = '\0';
	}
}

int ktest_log_capture_start(struct ktest *test)
{
	int err;

	log_active = false;
	log_len = log_dropped = 0;
	log_buf[0] = '\0';
	log_owner = test;
	if (log_action_owner != test) {
		err = ktest_add_action(test, log_end_action, test);
		if (err)
			return err;
		log_action_owner = test;
	}
	kmsg_dump_skip(&log_iter);
	log_iter.lost = 0;
	log_active = true;
	return 0;
}

void ktest_log_capture_stop(struct ktest *test)
{
	log_end(test);
}

bool ktest_log_capturing(struct ktest *test)
{
	return log_active && log_owner == test;
}

const char *ktest_log_text(struct ktest *test)
{
	if (log_owner == test)
		log_sync();
	return log_owner == test ? log_buf : "";
}

size_t ktest_log_dropped(struct ktest *test)
{
	if (log_owner == test)
		log_sync();
	return log_owner == test ? log_dropped : 0;
}

unsigned int ktest_log_count(struct ktest *test, const char *substr)
{
	const char *p = ktest_log_text(test);
	size_t n = strlen(substr);
	unsigned int count = 0;

	if (!n)
		return 0;
	while ((p = strstr(p, substr))) {
		count++;
		p += n;
	}
	return count;
}

/* The captured lines as diagnostics "# case: log| line", the first 40. */
static void show_log(struct ktest *test)
{
	const char *p = ktest_log_text(test);
	unsigned int shown = 0;
	char line[160];

	if (!*p)
		ktest_diag(test, "log| (nothing captured)");
	while (*p) {
		if (++shown > 40) {
			ktest_diag(test, "log| ... (%zu more bytes)",
				   strlen(p));
			break;
		}
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		strscpy(line, p, min(len + 1, sizeof(line)));
		for (char *c = line; *c; c++)
			if ((unsigned char)*c < ' ' || *c == 0x7f)
				*c = ' ';
		ktest_diag(test, "log| %s", line);
		p += nl ? len + 1 : len;
	}
}

void __ktest_check_log(struct ktest *test, const struct ktest_loc *loc,
		       const char *substr, bool want)
{
	bool started = log_owner == test;
	bool found = started && ktest_log_count(test, substr) > 0;

	if (found == want && (want || (started && !log_dropped)))
		return;
	ktest_set_failure(test);
	ktest_diag(test, "%s FAILED at %s:%d",
		   loc->type == KTEST_ASSERTION ? "ASSERTION" : "EXPECTATION",
		   loc->file, loc->line);
	if (!started)
		ktest_detail(test,
			     "Expected the log %s %s, but no capture was "
			     "started (ktest_log_capture_start)",
			     want ? "to contain" : "not to contain",
			     loc->right);
	else if (found != want)
		ktest_detail(test,
			     "Expected the log %s %s == \"%s\", but it %s",
			     want ? "to contain" : "not to contain", loc->right,
			     substr, want ? "does not" : "does");
	else
		ktest_detail(test,
			     "Expected the log not to contain %s == \"%s\", "
			     "but %zu bytes were dropped (KTEST_LOG_SIZE %d)",
			     loc->right, substr, log_dropped, KTEST_LOG_SIZE);
	if (started) {
		if (log_dropped)
			ktest_diag(test, "log: %zu bytes dropped", log_dropped);
		show_log(test);
	}
	if (loc->type == KTEST_ASSERTION)
		ktest_abort(test, KTEST_ABORT_ASSERT);
}
