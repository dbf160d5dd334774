// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_run() on ARCH=host (CONFIG_KMALLOC_FUZZ): the kernel side of
 * arch/host/os/fuzz.c, which runs libFuzzer's loop, and fuzz.target=,
 * which picks the target (include/kmlab/fuzz.h).
 */
#include <kmlab/fuzz.h>
#include <kmlab/printk.h>
#include <kmlab/machine.h>
#include <kmlab/init.h>
#include <kmlab/kasan.h>
#include <kmlab/ubsan.h>
#include <kmlab/param.h>
#include <kmlab/string.h>
#include <os.h>

static char *fuzz_target = "kmalloc";
kernel_param("fuzz.target", fuzz_target, charp,
	     "the fuzz target to run: kmalloc, kmtrace or cmdline");

bool fuzz_target_selected(const char *name)
{
	return !strcmp(fuzz_target, name);
}

void fuzz_reports_start(struct fuzz_reports *r)
{
	r->kasan = kasan_report_count();
	r->ubsan = ubsan_report_count();
}

bool fuzz_reports_clean(const struct fuzz_reports *r, const char *target)
{
	if (kasan_report_count() != r->kasan) {
		pr_crit("%s: FAIL: %lu KASAN reports\n", target,
			kasan_report_count() - r->kasan);
		return false;
	}
	if (ubsan_report_count() != r->ubsan) {
		pr_crit("%s: FAIL: %u UBSan reports\n", target,
			ubsan_report_count() - r->ubsan);
		return false;
	}
	return true;
}

/* Reached only when no target's initcall took the run (fuzz_run()). */
static int fuzz_no_target(void)
{
	pr_err("fuzz: no fuzz target named '%s' (fuzz.target=kmalloc, kmtrace or cmdline)\n",
	       fuzz_target);
	machine_exit(KMLAB_EXIT_TESTS_FAILED);
}
late_initcall(fuzz_no_target);

static fuzz_one_input_t target;
unsigned long long fuzz_ops;

static int one_input(const unsigned char *data, unsigned long size)
{
	return target(data, size);
}

void fuzz_run(fuzz_one_input_t one_input_fn)
{
	int ret;

	target = one_input_fn;
	ret = os_fuzz_run(one_input, &fuzz_ops);
	pr_err("fuzz: libFuzzer returned %d\n", ret);
	machine_exit(ret ? KMLAB_EXIT_TESTS_FAILED : KMLAB_EXIT_PASS);
}
