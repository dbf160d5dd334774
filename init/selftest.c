// SPDX-License-Identifier: GPL-2.0
/*
 * Boot self-tests printed as a minimal KTAP report: the memory map is
 * sane, paging is on, the symbol table resolves, vsnprintf formats.
 * Stands in until the ktest framework runs real suites.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/memblock.h>
#include <kmlab/kallsyms.h>
#include <kmlab/machine.h>
#include <asm/setup.h>

int run_boot_tests(void);
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

	snprintf(buf, sizeof(buf), "%pS", (void *)((unsigned long)start_kernel + 4));
	return !strncmp(buf, "start_kernel+0x4/0x", 19) &&
	       kallsyms_lookup_name("start_kernel") == (unsigned long)start_kernel;
}

static bool vsnprintf_works(void)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d|%5u|%-4x|%08X|%s|%c|%lld|%llx|%zu", -42,
		 7U, 0xabU, 0xbeefU, "ok", 'z', -5000000000LL,
		 0x123456789abULL, (size_t)9);
	return !strcmp(buf, "-42|    7|ab  |0000BEEF|ok|z|-5000000000|123456789ab|9");
}

int run_boot_tests(void)
{
	static const struct {
		const char *name;
		bool (*fn)(void);
	} cases[] = {
		{ "memory_map_sane", memory_map_sane },
		{ "paging_enabled", paging_enabled },
		{ "kallsyms_resolves", kallsyms_works },
		{ "vsnprintf_formats", vsnprintf_works },
	};
	int failed = 0;

	printk("KTAP version 1\n1..1\n");
	printk("    KTAP version 1\n    # Subtest: boot\n    1..%u\n",
	       (unsigned int)ARRAY_SIZE(cases));
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		bool ok = cases[i].fn();

		failed += !ok;
		printk("    %sok %u %s\n", ok ? "" : "not ", i + 1, cases[i].name);
	}
	printk("# boot: pass:%u fail:%d skip:0 total:%u\n",
	       (unsigned int)ARRAY_SIZE(cases) - failed, failed,
	       (unsigned int)ARRAY_SIZE(cases));
	printk("%sok 1 boot\n", failed ? "not " : "");
	printk("# Totals: pass:%u fail:%d skip:0 total:%u\n",
	       (unsigned int)ARRAY_SIZE(cases) - failed, failed,
	       (unsigned int)ARRAY_SIZE(cases));
	return failed ? KMLAB_EXIT_TESTS_FAILED : KMLAB_EXIT_PASS;
}
