// SPDX-License-Identifier: GPL-2.0
/*
 * The "smp" ktest suite: bring-up (the number of CPUs online against what
 * QEMU was asked for, nr_cpus= and smp.fail_cpu=) and inter-processor
 * calls (on the right CPU, waited for, in order, on every CPU, refused
 * for an offline CPU).
 *
 * The expected CPU count does not come from the MADT the kernel read but
 * from QEMU's fw_cfg device (FW_CFG_NB_CPUS, the -smp count; QEMU's
 * docs/specs/fw_cfg.rst): an independent source. Without fw_cfg (Bochs,
 * real hardware) that case is skipped. Functions run by a call execute
 * on another CPU in interrupt context: they only record, and the case
 * checks the records on CPU 0.
 */
#include <ktest.h>
#include <kmlab/smp.h>
#include <kmlab/string.h>
#include <asm/io.h>
#include <asm/apic.h>
#include <asm/smp.h>
#include <asm/spinlock.h>

#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x00
#define FW_CFG_NB_CPUS 0x05

static void fw_cfg_read(u16 key, void *buf, size_t len)
{
	outw(key, FW_CFG_PORT_SEL);
	for (size_t i = 0; i < len; i++)
		((u8 *)buf)[i] = inb(FW_CFG_PORT_DATA);
}

static void need_cpus(struct ktest *test, unsigned int n)
{
	if (num_online_cpus() < n)
		ktest_skip(test, "needs %u CPUs, %u online (make run SMP=%u)",
			   n, num_online_cpus(), n);
}

/* -- Bring-up ------------------------------------------------------------- */

static void smp_cpu_count_matches_qemu(struct ktest *test)
{
	char sig[4];
	u16 qemu_cpus;
	unsigned int expect;

	fw_cfg_read(FW_CFG_SIGNATURE, sig, sizeof(sig));
	if (memcmp(sig, "QEMU", 4))
		ktest_skip(test,
			   "no QEMU fw_cfg device to read the -smp count from");
	fw_cfg_read(FW_CFG_NB_CPUS, &qemu_cpus, sizeof(qemu_cpus));
	expect = min((unsigned int)qemu_cpus, setup_max_cpus);
	expect = min(expect, (unsigned int)CONFIG_NR_CPUS);
	ktest_printk(test,
		     "QEMU -smp %u, nr_cpus=%u, smp.fail_cpu=%u: %u online",
		     qemu_cpus, setup_max_cpus, smp_fail_cpu,
		     num_online_cpus());
	if (smp_fail_cpu && smp_fail_cpu < expect) {
		expect--;
		KTEST_EXPECT_FALSE(test, cpu_online(smp_fail_cpu));
		KTEST_EXPECT_EQ(test, smp_cpus_failed, 1);
	} else {
		KTEST_EXPECT_EQ(test, smp_cpus_failed, 0);
	}
	KTEST_EXPECT_EQ(test, num_online_cpus(), expect);
}

static unsigned int seen_cpu[CONFIG_NR_CPUS], seen_apic[CONFIG_NR_CPUS];
static unsigned int seen_calls[CONFIG_NR_CPUS];

static void record_cpu(void *info)
{
	unsigned int cpu = smp_processor_id();

	seen_cpu[cpu] = cpu;
	seen_apic[cpu] = read_apic_id();
	__atomic_fetch_add(&seen_calls[cpu], 1, __ATOMIC_RELAXED);
}

static void reset_records(void)
{
	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++) {
		seen_cpu[i] = ~0U;
		seen_apic[i] = ~0U;
		seen_calls[i] = 0;
	}
}

static void smp_on_each_cpu_runs_once_everywhere(struct ktest *test)
{
	unsigned int cpu;

	reset_records();
	on_each_cpu(record_cpu, NULL, true);
	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		if (!cpu_online(cpu)) {
			KTEST_EXPECT_EQ(test, seen_calls[cpu], 0);
			continue;
		}
		KTEST_EXPECT_EQ_MSG(test, seen_calls[cpu], 1, "CPU %u", cpu);
		KTEST_EXPECT_EQ(test, seen_cpu[cpu], cpu);
		KTEST_EXPECT_EQ_MSG(test, seen_apic[cpu], cpu_apic_id[cpu],
				    "CPU %u", cpu);
	}
	/* APIC IDs are distinct, so each number is a different CPU. */
	for_each_online_cpu(cpu) for (unsigned int other = 0; other < cpu;
				      other++) if (cpu_online(other))
		KTEST_EXPECT_NE(test, seen_apic[cpu], seen_apic[other]);
}

/* -- Calls to one CPU ----------------------------------------------------- */

struct call_record {
	unsigned int cpu;
	bool irqs_off;
	int done;
};

static void record_call(void *info)
{
	struct call_record *r = info;

	r->cpu = smp_processor_id();
	r->irqs_off = irqs_disabled();
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
}

static void smp_call_single_runs_there_and_waits(struct ktest *test)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
	{
		struct call_record r = { .cpu = ~0U };

		KTEST_EXPECT_EQ(test,
				smp_call_function_single(cpu, record_call, &r,
							 true),
				0);
		/* wait=true: done before the call returned. */
		KTEST_EXPECT_EQ_MSG(test, r.done, 1, "CPU %u", cpu);
		KTEST_EXPECT_EQ(test, r.cpu, cpu);
		KTEST_EXPECT_TRUE(test, r.irqs_off);
	}
}

static void smp_call_single_nowait_completes(struct ktest *test)
{
	static struct call_record r[CONFIG_NR_CPUS];
	unsigned int cpu;

	need_cpus(test, 2);
	for_each_online_cpu(cpu)
	{
		r[cpu] = (struct call_record){ .cpu = ~0U };
		KTEST_EXPECT_EQ(test,
				smp_call_function_single(cpu, record_call,
							 &r[cpu], false),
				0);
	}
	/* The case's timeout bounds the wait. */
	for_each_online_cpu(cpu)
	{
		while (!__atomic_load_n(&r[cpu].done, __ATOMIC_ACQUIRE))
			cpu_relax();
		KTEST_EXPECT_EQ(test, r[cpu].cpu, cpu);
	}
}

static void smp_call_offline_cpu_is_refused(struct ktest *test)
{
	struct call_record r = { .cpu = ~0U };

	KTEST_EXPECT_EQ(test,
			smp_call_function_single(CONFIG_NR_CPUS, record_call,
						 &r, true),
			-ENXIO);
	KTEST_EXPECT_EQ(test,
			smp_call_function_single(~0U, record_call, &r, true),
			-ENXIO);
	if (num_online_cpus() < CONFIG_NR_CPUS)
		KTEST_EXPECT_EQ(test,
				smp_call_function_single(
					num_online_cpus() + smp_cpus_failed,
					record_call, &r, true),
				-ENXIO);
	KTEST_EXPECT_EQ(test, r.done, 0);
}

#define ORDER_CALLS 64
static unsigned int order_seen[ORDER_CALLS], order_len;

static void append_order(void *info)
{
	order_seen[order_len++] = (unsigned int)(unsigned long)info;
}

static void smp_calls_run_in_order(struct ktest *test)
{
	unsigned int target;

	need_cpus(test, 2);
	for (target = 1; !cpu_online(target); target++)
		; /* the lowest-numbered other CPU */
	order_len = 0;
	for (unsigned long i = 0; i < ORDER_CALLS - 1; i++)
		smp_call_function_single(target, append_order, (void *)i,
					 false);
	smp_call_function_single(target, append_order,
				 (void *)(unsigned long)(ORDER_CALLS - 1),
				 true);
	KTEST_ASSERT_EQ(test, order_len, ORDER_CALLS);
	for (unsigned int i = 0; i < ORDER_CALLS; i++)
		KTEST_EXPECT_EQ(test, order_seen[i], i);
}

static struct ktest_case smp_cases[] = {
	KTEST_CASE(smp_cpu_count_matches_qemu),
	KTEST_CASE(smp_on_each_cpu_runs_once_everywhere),
	KTEST_CASE(smp_call_single_runs_there_and_waits),
	KTEST_CASE(smp_call_single_nowait_completes),
	KTEST_CASE(smp_call_offline_cpu_is_refused),
	KTEST_CASE(smp_calls_run_in_order),
	{}
};

static struct ktest_suite smp_suite = {
	.name = "smp",
	.cases = smp_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(smp_suite);
