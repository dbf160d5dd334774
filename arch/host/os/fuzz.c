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
 *
 * libFuzzer ends a run with exit(); an atexit() handler then prints the
 * inputs run, the operations the target counted and the rates, the
 * figures of a long run (scripts/fuzz reads the line).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include "os.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv,
			int (*cb)(const uint8_t *data, size_t size));

static int (*kernel_one_input)(const unsigned char *data, unsigned long size);
static const unsigned long long *kernel_ops;
static unsigned long long inputs;
static struct timespec started;

static void print_rates(void)
{
	struct timespec now;
	double s;

	clock_gettime(CLOCK_MONOTONIC, &now);
	s = (double)(now.tv_sec - started.tv_sec) +
	    (double)(now.tv_nsec - started.tv_nsec) / 1e9;
	if (s <= 0)
		s = 1e-9;
	if (!*kernel_ops) /* a parser's target counts no operations */
		printf("fuzz: %llu inputs in %.1f s: %.0f inputs/s\n", inputs,
		       s, (double)inputs / s);
	else
		printf("fuzz: %llu inputs, %llu operations in %.1f s: %.0f inputs/s, %.0f operations/s\n",
		       inputs, *kernel_ops, s, (double)inputs / s,
		       (double)*kernel_ops / s);
	fflush(stdout);
}

static int one_input(const uint8_t *data, size_t size)
{
	inputs++;
	if (kernel_one_input(data, size)) {
		fflush(stdout);
		abort(); /* a finding: libFuzzer saves the input */
	}
	return 0;
}

int os_fuzz_run(int (*fn)(const unsigned char *data, unsigned long size),
		const unsigned long long *ops)
{
	static const int sigs[] = { SIGALRM, SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
	for (unsigned int i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	kernel_one_input = fn;
	kernel_ops = ops;
	clock_gettime(CLOCK_MONOTONIC, &started);
	atexit(print_rates);
	return LLVMFuzzerRunDriver(&os_argc, &os_argv, one_input);
}
