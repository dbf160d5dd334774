// SPDX-License-Identifier: GPL-2.0
/*
 * KASAN on ARCH=host: the heap's hooks (include/kmlab/kasan.h) on top of
 * gcc's AddressSanitizer, and its reports turned into kernel reports.
 *
 * kasan_poison()/kasan_unpoison() mark bytes in ASan's shadow memory
 * (__asan_poison_memory_region()); every instrumented access checks them.
 * The kernel is built with -fsanitize-recover=address and ASan is told
 * not to halt (arch/host/os/kasan.c), so after a report the access goes
 * on and so does the run. Each report comes here as ASan's text: its
 * "ERROR:" and access lines and its first stack frames, the addresses
 * named with the kernel's symbol table, become the diagnostics of the
 * running ktest case, which fails (ktest_fail_current_test()), or lines
 * at KERN_ERR outside a case. While kasan_disable_current() is in force
 * (code that touches poisoned bytes on purpose) a report is only counted.
 */
#include <kmlab/kasan.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/kstrtox.h>
#include <ktest/test-bug.h>
#include <os.h>

/* AddressSanitizer's interface, as in gcc's <sanitizer/asan_interface.h>. */
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);

#define KASAN_REPORT_FRAMES 8
#define KASAN_REPORTS_PER_CASE 4

static int kasan_depth;
static unsigned long kasan_reports;

void kasan_poison(const void *addr, size_t size)
{
	if (size)
		__asan_poison_memory_region(addr, size);
}

void kasan_unpoison(const void *addr, size_t size)
{
	if (size)
		__asan_unpoison_memory_region(addr, size);
}

void kasan_disable_current(void)
{
	kasan_depth++;
}

void kasan_enable_current(void)
{
	kasan_depth--;
}

unsigned long kasan_report_count(void)
{
	return kasan_reports;
}

/* One line of the report: to the running case, or to the console. */
static void kasan_emit(const char *line)
{
	if (!__ktest_fail_current_test(NULL, 0, "%s", line))
		pr_err("%s\n", line);
}

/* "    #3 0x8049f4f  (...)": the frame's address, or 0. */
static unsigned long frame_address(const char *s)
{
	char hex[12];
	unsigned long pc;
	size_t n = 0;

	while (*s == ' ')
		s++;
	if (*s++ != '#')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	if (strncmp(s, " 0x", 3))
		return 0;
	s += 3;
	while (n < sizeof(hex) - 1 && strchr("0123456789abcdef", *s) && *s)
		hex[n++] = *s++;
	hex[n] = '\0';
	return kstrtoul(hex, 16, &pc) ? 0 : pc;
}

void host_kasan_report(const char *report)
{
	static struct ktest *last_test;
	static unsigned int test_reports;
	struct ktest *test = ktest_get_current_test();
	char line[160], out[200];
	int frames = 0;

	kasan_reports++;
	if (kasan_depth)
		return;
	/* A loop over a poisoned buffer: its first reports tell enough. */
	test_reports = test && test == last_test ? test_reports + 1 : 1;
	last_test = test;
	if (test_reports > KASAN_REPORTS_PER_CASE) {
		if (test_reports == KASAN_REPORTS_PER_CASE + 1)
			kasan_emit(
				"KASAN: more reports in this case, not shown");
		return;
	}
	while (*report) {
		const char *start = report, *eol = strchr(report, '\n');
		size_t len = eol ? (size_t)(eol - report) : strlen(report);
		const char *error;
		unsigned long pc;

		report = eol ? eol + 1 : report + len;
		len = min(len, sizeof(line) - 1);
		memcpy(line, start, len);
		line[len] = '\0';
		error = strstr(line, "ERROR: AddressSanitizer: ");
		pc = frame_address(line);
		if (error)
			snprintf(out, sizeof(out), "KASAN: %s", error + 25);
		else if (!strncmp(line, "READ of size", 12) ||
			 !strncmp(line, "WRITE of size", 13))
			snprintf(out, sizeof(out), "KASAN: %s", line);
		else if (pc && frames++ < KASAN_REPORT_FRAMES)
			snprintf(out, sizeof(out), "KASAN:   %pS", (void *)pc);
		else
			continue;
		kasan_emit(out);
	}
}
