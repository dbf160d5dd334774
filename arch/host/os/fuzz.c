// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIG_KMALLOC_FUZZ, the C library side: libFuzzer's loop
 * (LLVMFuzzerRunDriver() of libclang_rt.fuzzer_no_main, clang 12 and
 * later) run from the booted kernel over a target's one-input function.
 *
 * libFuzzer gets the whole argv: it reads its flags up to
 * "-ignore_remaining_args=1" and leaves the rest (the kernel's command
 * line, arch/host/os/main.c) alone, also when it runs the program again
 * itself (-minimize_crash=1, -fork=N, -merge=1): its command builder keeps
 * the arguments after that flag last and unchanged.
 *
 * Before the loop the kernel's timer and fault handlers are taken down:
 * libFuzzer installs its own (SIGALRM for -timeout=, the fault signals to
 * save the input that crashed), as it would in any other program.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include "os.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv,
			int (*cb)(const uint8_t *data, size_t size));

static int (*kernel_one_input)(const unsigned char *data, unsigned long size);

static int one_input(const uint8_t *data, size_t size)
{
	if (kernel_one_input(data, size)) {
		fflush(stdout);
		abort(); /* a finding: libFuzzer saves the input */
	}
	return 0;
}

int os_fuzz_run(int (*fn)(const unsigned char *data, unsigned long size))
{
	static const int sigs[] = { SIGALRM, SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
	for (unsigned int i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	kernel_one_input = fn;
	return LLVMFuzzerRunDriver(&os_argc, &os_argv, one_input);
}
