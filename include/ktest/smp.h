/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running one function on every online CPU at once from a ktest case
 * (lib/ktest/smp.c; Documentation/dev-tools/ktest.rst, "Cases on every
 * CPU").
 *
 * KUnit has no such helper (Linux's stress tests start kthreads); here
 * the other CPUs are reached with an inter-processor call, so the
 * function runs there in interrupt context, where ktest's EXPECT and
 * ASSERT must not be used. It reports instead: it returns how many checks
 * failed and describes the first one in a buffer; the helper then records
 * one failure per CPU against the case, with the CPU number.
 */
#ifndef _KTEST_SMP_H
#define _KTEST_SMP_H

#include <kmlab/types.h>

struct ktest;

/* Bytes of the first-failure description each CPU may write. */
#define KTEST_CPU_MSG_SIZE 96

/**
 * typedef ktest_cpu_fn - a function ktest_run_on_each_cpu() runs
 * @arg: the case's argument
 * @cpu: the CPU it runs on (smp_processor_id())
 * @msg: KTEST_CPU_MSG_SIZE bytes for a description of the first failed
 *       check, NUL-terminated (left empty when nothing failed)
 *
 * Runs on CPU 0 in the case's own context and on every other online CPU
 * in an inter-processor call (interrupts off): no ktest EXPECT/ASSERT.
 * Return: the number of failed checks (0 when all passed).
 */
typedef unsigned long (*ktest_cpu_fn)(void *arg, unsigned int cpu, char *msg);

/**
 * ktest_run_on_each_cpu - run @fn on every online CPU at once, wait for all
 * @test: the running case
 * @fn: the function
 * @arg: its argument, shared by every CPU
 *
 * Queues @fn on every other online CPU without waiting, runs it on this
 * CPU (the boot CPU, where cases run), then waits for every CPU to
 * return, with interrupts on: a CPU that never returns leaves the case to
 * ktest's timeout, which fails it. A CPU whose @fn reports failures fails
 * the case with "CPU <n>: <k> failed checks, first: <msg>"; a CPU
 * exception in @fn on another CPU counts as one failed check of that CPU
 * ("caught page fault (error code 0x2) at <symbol>", with its registers
 * and backtrace) and ends @fn there. Whenever the case ends early (its
 * timeout, or a fault or an assertion on CPU 0), every CPU still in @fn
 * is brought back to its idle loop by an NMI, even with interrupts off,
 * and reported ("CPU <n>: stopped at <symbol>, ..."), so that later cases
 * find every CPU free; what @fn held there (a lock) stays held.
 *
 * Context: a ktest case, on CPU 0, interrupts on. Built with CONFIG_SMP
 * only (a suite using it is too). Return: the number of CPUs that ran
 * @fn.
 */
unsigned int ktest_run_on_each_cpu(struct ktest *test, ktest_cpu_fn fn,
				   void *arg);

#endif /* _KTEST_SMP_H */
