// SPDX-License-Identifier: GPL-2.0
/*
 * The "boot" ktest suite: the memory map is sane, paging is on, the symbol
 * table resolves (functions named kallsyms_* too), printk ends a cut line
 * with a newline, vsnprintf formats. With CONFIG_KTEST_EXAMPLES_FAIL it
 * also shows that a NULL dereference is caught (page 0 is unmapped).
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/memblock.h>
#include <kmlab/kallsyms.h>
#include <ktest.h>
#include <asm/setup.h>

void start_kernel(void);

static bool memory_map_sane(void)
{
	phys_addr_t kstart = (unsigned long)_start, kend = (unsigned long)_end;

	if (!memblock_usable.cnt || memblock_usable_bytes() < (1 << 20))
		return false;
	for (unsigned int i = 0; i < memblock_usable.cnt; i++) {
		const struct memblock_region *r = &memblock_usable.regions[i];

		if (r->base & 0xfff || r->size & 0xfff || r->base < 0x100000)
			return false;
		if (i && r->base < memblock_usable.regions[i - 1].base +
					   memblock_usable.regions[i - 1].size)
			return false;
		if (r->base < kend && kstart < r->base + r->size)
			return false;
	}
	return true;
}

static bool kallsyms_works(void)
{
	char buf[KSYM_SYMBOL_LEN];

	snprintf(buf, sizeof(buf), "%pS",
		 (void *)((unsigned long)start_kernel + 4));
	return !strncmp(buf, "start_kernel+0x4/0x", 19) &&
	       kallsyms_lookup_name("start_kernel") ==
		       (unsigned long)start_kernel;
}

static bool vsnprintf_works(void)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d|%5u|%-4x|%08X|%s|%c|%lld|%llx|%zu", -42,
		 7U, 0xabU, 0xbeefU, "ok", 'z', -5000000000LL, 0x123456789abULL,
		 (size_t)9);
	return !strcmp(
		buf, "-42|    7|ab  |0000BEEF|ok|z|-5000000000|123456789ab|9");
}

static void memory_map_is_sane(struct ktest *test)
{
	KTEST_EXPECT_TRUE(test, memory_map_sane());
}

static void paging_is_enabled(struct ktest *test)
{
	KTEST_EXPECT_TRUE(test, paging_enabled());
}

static void kallsyms_resolves(struct ktest *test)
{
	KTEST_EXPECT_TRUE(test, kallsyms_works());
}

/*
 * Functions named kallsyms_* are text like any other: a fault inside one
 * must be reported under its own name, not the previous symbol's.
 */
static void kallsyms_names_its_own_functions(struct ktest *test)
{
	char buf[KSYM_SYMBOL_LEN];

	snprintf(buf, sizeof(buf), "%ps", (void *)kallsyms_lookup);
	KTEST_EXPECT_STREQ(test, buf, "kallsyms_lookup");
	snprintf(buf, sizeof(buf), "%ps", (void *)kallsyms_resolves);
	KTEST_EXPECT_STREQ(test, buf, "kallsyms_resolves");
	KTEST_EXPECT_EQ(test, kallsyms_lookup_name("kallsyms_lookup_name"),
			(unsigned long)kallsyms_lookup_name);
}

/*
 * A message longer than printk's line is cut with a marker and still ends
 * with a newline: the next line (a KTAP line, say) starts on its own.
 */
static void printk_cuts_long_lines_with_a_newline(struct ktest *test)
{
	static char line[700];

	memset(line, 'x', sizeof(line) - 1);
	KTEST_ASSERT_EQ(test, ktest_log_capture_start(test), 0);
	pr_info("%s\n", line);
	pr_info("boot: the next line\n");
	KTEST_EXPECT_LOG_CONTAINS(
		test,
		"xxx ... [printk: cut, 700 bytes in all]\nboot: the next line\n");
	KTEST_EXPECT_EQ(test, strlen(ktest_log_text(test)), 511 + 20);
}

/* The log buffer records every level; a slow reader learns what it lost. */
static void printk_log_buffer_keeps_every_level(struct ktest *test)
{
	const unsigned int n = 2 * LOG_BUF_LEN / 28; /* 28-byte records */
	static const char debug_line[] = "boot: a debug line\n";
	struct kmsg_dump_iter iter;
	unsigned int read = 0;
	char line[64], want[32];
	size_t len;
	int level;

	kmsg_dump_rewind(&iter);
	kmsg_dump_skip(&iter);
	KTEST_EXPECT_FALSE(test, kmsg_dump_get_line(&iter, line, sizeof(line),
						    &len, &level));
	pr_debug("%s", debug_line); /* below the console log level */
	KTEST_ASSERT_TRUE(test, kmsg_dump_get_line(&iter, line, sizeof(line),
						   &len, &level));
	KTEST_EXPECT_EQ(test, level, 7);
	KTEST_ASSERT_EQ(test, len, strlen(debug_line));
	KTEST_EXPECT_MEMEQ(test, line, debug_line, len);
	/* Twice what the buffer holds: the oldest go, the newest stay. */
	for (unsigned int i = 0; i < n; i++)
		pr_debug("boot: filler %04u\n", i);
	while (kmsg_dump_get_line(&iter, line, sizeof(line), &len, NULL))
		read++;
	KTEST_EXPECT_GT(test, iter.lost, 0);
	KTEST_EXPECT_GT(test, read, 0);
	KTEST_EXPECT_EQ(test, iter.lost + read, n);
	snprintf(want, sizeof(want), "boot: filler %04u\n", n - 1);
	KTEST_ASSERT_EQ(test, len, strlen(want));
	KTEST_EXPECT_MEMEQ(test, line, want, len);
}

static void vsnprintf_formats(struct ktest *test)
{
	KTEST_EXPECT_TRUE(test, vsnprintf_works());
}

#ifdef CONFIG_KTEST_EXAMPLES_FAIL
/* Reads address 0 through a pointer the compiler cannot see is NULL. */
static __noinline int read_through(const volatile int *p)
{
	return *p;
}

/*
 * Page 0 is not mapped, so a NULL dereference faults; ktest catches the
 * page fault and fails this case alone (a deliberate failure).
 */
static void null_dereference_faults(struct ktest *test)
{
	static const volatile int *volatile null_ptr;

	KTEST_EXPECT_EQ(test, read_through(null_ptr), 0);
	KTEST_FAIL(test, "not reached: reading address 0 did not fault");
}
#endif

static struct ktest_case boot_cases[] = {
	KTEST_CASE(memory_map_is_sane),
	KTEST_CASE(paging_is_enabled),
	KTEST_CASE(kallsyms_resolves),
	KTEST_CASE(kallsyms_names_its_own_functions),
	KTEST_CASE(printk_cuts_long_lines_with_a_newline),
	KTEST_CASE(printk_log_buffer_keeps_every_level),
	KTEST_CASE(vsnprintf_formats),
#ifdef CONFIG_KTEST_EXAMPLES_FAIL
	KTEST_CASE(null_dereference_faults),
#endif
	{}
};

static struct ktest_suite boot_suite = {
	.name = "boot",
	.cases = boot_cases,
};
KTEST_SUITE(boot_suite);
