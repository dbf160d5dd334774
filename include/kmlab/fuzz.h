/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Coverage-guided fuzzing (CONFIG_KMALLOC_FUZZ, ARCH=host built with
 * clang's libFuzzer): a fuzz target hands its one-input function to the
 * architecture, which runs the fuzzer's loop in place of the tests.
 * Documentation/dev-tools/fuzzing.rst.
 */
#ifndef _KMLAB_FUZZ_H
#define _KMLAB_FUZZ_H

#include <kmlab/types.h>

/**
 * fuzz_one_input_t - run one fuzz input
 * @data: the input bytes
 * @size: bytes in @data
 *
 * Return: 0 when every check of the target held; anything else is a
 * finding: the architecture stops the fuzzer with a crash (abort()), which
 * makes libFuzzer keep the input as a reproducer.
 */
typedef int (*fuzz_one_input_t)(const u8 *data, size_t size);

/**
 * fuzz_run - run libFuzzer's loop over @one_input
 * @one_input: the target's function for one input
 *
 * The fuzzer's flags are the process's arguments before
 * "-ignore_remaining_args=1" (the kernel's command line is what follows).
 * Context: once, from an initcall, interrupts on. Does not return: the
 * fuzzer ends the process (status 0 when its run ended without a finding).
 */
void fuzz_run(fuzz_one_input_t one_input) __attribute__((noreturn));

/**
 * fuzz_ops - operations the running target has executed, all inputs together
 *
 * A target adds one per heap call it decodes (mm/kmalloc_fuzz.c) or per
 * trace event it replays (lib/kmtrace_replay_fuzz.c); at exit the
 * architecture prints it with the number of inputs and the rates
 * ("fuzz: N inputs, M operations in S s: ..."; the parsers' targets count
 * none), the long-run figures of Documentation/dev-tools/fuzzing.rst.
 */
extern unsigned long long fuzz_ops;

/**
 * fuzz_target_selected - whether @name is the fuzz target of this run
 * @name: the target's name: "kmalloc" (mm/kmalloc_fuzz.c, the default),
 *	"kmtrace_replay" (lib/kmtrace_replay_fuzz.c), "kmtrace"
 *	(lib/kmtrace_fuzz.c) or "cmdline" (kernel/params_fuzz.c)
 *
 * Every target of a fuzz build is linked in; the fuzz.target= command
 * line parameter picks the one whose initcall calls fuzz_run(). A name
 * no target claims ends the run with an error after the initcalls.
 * Context: initcalls.
 * Return: true when fuzz.target= is @name.
 */
bool fuzz_target_selected(const char *name);

/**
 * struct fuzz_reports - the sanitizers' report counts when an input started
 * @kasan: kasan_report_count()
 * @ubsan: ubsan_report_count()
 */
struct fuzz_reports {
	unsigned long kasan;
	unsigned int ubsan;
};

/**
 * fuzz_reports_start - note the sanitizers' report counts before an input
 * @r: where to note them
 *
 * Context: a target's one-input function.
 */
void fuzz_reports_start(struct fuzz_reports *r);

/**
 * fuzz_reports_clean - whether no KASAN or UBSan report came since @r
 * @r: what fuzz_reports_start() noted
 * @target: the target's name for the FAIL line ("kmtrace_fuzz")
 *
 * A report during an input is a finding: prints "TARGET: FAIL: N KASAN
 * reports" (or UBSan) at KERN_CRIT.
 * Context: a target's one-input function.
 * Return: true when there was none.
 */
bool fuzz_reports_clean(const struct fuzz_reports *r, const char *target);

/**
 * fuzz_check_copy - run a parser's check on a heap copy of the input
 * @data: the input bytes
 * @size: bytes in @data
 * @check: the target's check of the copy (writable); false is a finding
 * @target: the target's name for the FAIL line ("kmtrace_fuzz")
 *
 * The copy is a kmalloc() of exactly @size bytes, so that KASAN reports a
 * read one byte past it. An empty input, one above %KMALLOC_MAX_SIZE or
 * one the heap cannot hold is skipped. A KASAN or UBSan report during
 * @check is a finding too (fuzz_reports_clean()).
 * Context: a target's one-input function.
 * Return: 0, or -1 on a finding (a fuzz_one_input_t's return).
 */
int fuzz_check_copy(const u8 *data, size_t size,
		    bool (*check)(u8 *buf, u32 len), const char *target);

struct kmalloc_stats;

/**
 * fuzz_heap_clean - the heap as a target's model has it
 * @start: kmalloc_get_stats() when the input started
 * @live: live_objects the model has above @start (a cache's own objects
 *	counted from its creation)
 * @why: where to write what is wrong, one line without a newline
 * @len: bytes at @why
 *
 * kmalloc_validate() must find no violation and live_objects must be
 * @start's plus @live; with @live 0 (everything freed, every cache
 * destroyed: the end of an input), live_bytes must be back at @start's too.
 * Shared by the heap's targets (mm/kmalloc_fuzz.c,
 * lib/kmtrace_replay_fuzz.c).
 * Context: a target's one-input function.
 * Return: true when all holds; false with @why written.
 */
bool fuzz_heap_clean(const struct kmalloc_stats *start, long live, char *why,
		     size_t len);

#endif /* _KMLAB_FUZZ_H */
