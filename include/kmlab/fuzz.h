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

#endif /* _KMLAB_FUZZ_H */
