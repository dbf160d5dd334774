// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_run() on ARCH=host (CONFIG_KMALLOC_FUZZ): the kernel side of
 * arch/host/os/fuzz.c, which runs libFuzzer's loop.
 */
#include <kmlab/fuzz.h>
#include <kmlab/printk.h>
#include <kmlab/machine.h>
#include <os.h>

static fuzz_one_input_t target;

static int one_input(const unsigned char *data, unsigned long size)
{
	return target(data, size);
}

void fuzz_run(fuzz_one_input_t one_input_fn)
{
	int ret;

	target = one_input_fn;
	ret = os_fuzz_run(one_input);
	pr_err("fuzz: libFuzzer returned %d\n", ret);
	machine_exit(ret ? KMLAB_EXIT_TESTS_FAILED : KMLAB_EXIT_PASS);
}
