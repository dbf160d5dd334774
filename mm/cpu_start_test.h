/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For SMP cases that race the CPUs against each other: ktest_run_on_each_cpu()
 * starts CPU 0 at once and the others after an inter-processor call, so a
 * short share on CPU 0 may end before the others begin. Each CPU's share
 * calls wait_for_every_cpu() first and all start together.
 */
#ifndef _MM_CPU_START_TEST_H
#define _MM_CPU_START_TEST_H

#include <kmlab/smp.h>
#include <asm/spinlock.h>

/**
 * wait_for_every_cpu - count this CPU in and spin until every online CPU is
 * @arrived: a counter shared by the CPUs, 0 before the first arrives
 *
 * Context: a ktest_run_on_each_cpu() share. A CPU that never arrives
 * leaves the others spinning until the case's timeout fails it.
 */
static inline void wait_for_every_cpu(unsigned int *arrived)
{
	__atomic_add_fetch(arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(arrived, __ATOMIC_ACQUIRE) < num_online_cpus())
		cpu_relax();
}

/**
 * wait_step - spin until a step counter another CPU advances reaches @want
 * @step: the counter, advanced with __atomic_store_n(..., __ATOMIC_RELEASE)
 * @want: the step to wait for (or any later one)
 *
 * Context: either side of a case that hands work between CPUs in steps.
 * A step that never comes leaves the CPU spinning until the case's
 * timeout fails it.
 */
static inline void wait_step(int *step, int want)
{
	while (__atomic_load_n(step, __ATOMIC_ACQUIRE) < want)
		cpu_relax();
}

#endif /* _MM_CPU_START_TEST_H */
