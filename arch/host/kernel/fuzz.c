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
#include <kmlab/slab.h>
#include <kmlab/string.h>
#include <os.h>

static char *fuzz_target = "kmalloc";
kernel_param(
	"fuzz.target", fuzz_target, charp,
	"the fuzz target to run: kmalloc, kmtrace_replay, kmtrace or cmdline");

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

int fuzz_check_copy(const u8 *data, size_t size,
		    bool (*check)(u8 *buf, u32 len), const char *target)
{
	struct fuzz_reports reports;
	bool ok;
	u8 *buf;

	if (!size || size > KMALLOC_MAX_SIZE)
		return 0;
	buf = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!buf)
		return 0;
	fuzz_reports_start(&reports);
	memcpy(buf, data, size);
	ok = check(buf, size);
	kfree(buf);
	ok = ok && fuzz_reports_clean(&reports, target);
	return ok ? 0 : -1;
}

bool fuzz_heap_clean(const struct kmalloc_stats *start, long live, char *why,
		     size_t len)
{
	struct kmalloc_stats st;
	int bad = kmalloc_validate();

	if (bad) {
		snprintf(why, len, "kmalloc_validate() found %d violations",
			 bad);
		return false;
	}
	kmalloc_get_stats(&st);
	if ((long)(st.live_objects - start->live_objects) != live) {
		snprintf(why, len, "live_objects is %lu, the model has %lu%+ld",
			 st.live_objects, start->live_objects, live);
		return false;
	}
	if (!live && st.live_bytes != start->live_bytes) {
		snprintf(
			why, len,
			"live_bytes is %lu after freeing everything, %lu at the start",
			st.live_bytes, start->live_bytes);
		return false;
	}
	return true;
}

/* Reached only when no target's initcall took the run (fuzz_run()). */
static int fuzz_no_target(void)
{
	pr_err("fuzz: no fuzz target named '%s' (fuzz.target=kmalloc, kmtrace_replay, kmtrace or cmdline)\n",
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
