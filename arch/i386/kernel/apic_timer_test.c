// SPDX-License-Identifier: GPL-2.0
/*
 * The "apic_timer" ktest suite: every online CPU's local APIC timer tick
 * (apic_timer.c), read from CPU 0 through per_cpu(apic_timer_ticks).
 *
 * - Every online CPU's LVT timer register says periodic mode on
 *   LOCAL_TIMER_VECTOR, or masked under noapictimer (disable_apic_timer,
 *   not the period: a calibration that measured 0 fails the cases).
 * - The tick advances on every online CPU (each sends its EOI: without
 *   it a CPU takes one tick and no more), within 5 s of guest time.
 * - Under qemu -icount shift=0 (ktest.icount=1), where QEMU's PIT and
 *   local APIC timers both run on the guest's instruction count, the
 *   rates are exact: the calibration finds QEMU's APIC timer rate (1 GHz
 *   bus clock, hw/intc/apic.c, divided by 16: 625000 counts per 10 ms
 *   tick) within 1 %, and over TICKS jiffies every CPU's tick count
 *   advances by TICKS +- 2 (the two timers are not in phase, and with
 *   several vCPUs QEMU runs them in turn, so another CPU's count may lag
 *   its pending tick at either snapshot: 8 of 10 was seen at -smp 4,
 *   one boot in about ten). Without
 *   -icount the guest's clocks follow the host's, whose load may delay a
 *   vCPU past a tick: those two cases are skipped, nothing is asserted
 *   about wall-clock time.
 *
 * CPU 0 waits in "sti; hlt" (wait_tick()), woken by its PIT and APIC
 * ticks, rather than on cpu_relax(): with several vCPUs under -icount,
 * QEMU 7.2 stopped the guest's clocks for a CPU spinning on PAUSE
 * (jiffies stuck at 9, the case timed out).
 */
#include <ktest.h>
#include <kmlab/smp.h>
#include <kmlab/percpu.h>
#include <asm/apic.h>
#include <asm/timer.h>
#include <asm/spinlock.h>

#define TICKS 10
#define QEMU_PERIOD (1000000000 / 16 / HZ)
#define ADVANCE_WAIT (5 * HZ)

/* Wait for the next interrupt of this CPU (a tick, at the latest). */
static void wait_tick(void)
{
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

/* Skip under noapictimer; otherwise calibration must have found a rate. */
static void need_timer(struct ktest *test)
{
	if (disable_apic_timer)
		ktest_skip(test, "no local APIC timer (noapictimer)");
	KTEST_ASSERT_NE_MSG(test, apic_timer_period, 0U,
			    "calibration measured 0 without noapictimer");
}

/* The LVT timer's mode, mask and vector bits (SDM vol. 3A, 11.5.1). */
#define LVTT_CHECKED 0x700ff
static u32 lvtt[CONFIG_NR_CPUS];

static void read_lvtt(void *arg)
{
	lvtt[smp_processor_id()] = apic_read(APIC_LVTT);
}

/*
 * Each online CPU's own timer register, read on that CPU: periodic on
 * LOCAL_TIMER_VECTOR, or masked with noapictimer (the -smp 1 boot of
 * make check-smp passes it).
 */
static void lvt_timer_of_every_cpu(struct ktest *test)
{
	u32 want = disable_apic_timer ?
			   APIC_LVT_MASKED :
			   APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR;
	unsigned int cpu;

	on_each_cpu(read_lvtt, NULL, true);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ_MSG(test, lvtt[cpu] & LVTT_CHECKED, want,
				    "CPU %u: LVT timer %#x", cpu, lvtt[cpu]);
}

static void snapshot(unsigned long *ticks)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) ticks[cpu] = __atomic_load_n(
		&per_cpu(apic_timer_ticks, cpu), __ATOMIC_RELAXED);
}

/* Every online CPU has taken two ticks more than in @before. */
static bool all_advanced(const unsigned long *before)
{
	unsigned long now[CONFIG_NR_CPUS];
	unsigned int cpu;

	snapshot(now);
	for_each_online_cpu(cpu) if (now[cpu] - before[cpu] < 2) return false;
	return true;
}

static void every_cpu_ticks(struct ktest *test)
{
	unsigned long before[CONFIG_NR_CPUS], now[CONFIG_NR_CPUS];
	unsigned long end;
	unsigned int cpu;

	need_timer(test);
	end = jiffies + ADVANCE_WAIT;
	snapshot(before);
	while (!all_advanced(before) && (long)(jiffies - end) < 0)
		wait_tick();
	snapshot(now);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_GE_MSG(test, now[cpu] - before[cpu], 2UL,
				    "CPU %u: its tick did not advance", cpu);
}

static void need_icount(struct ktest *test)
{
	need_timer(test);
	if (!ktest_icount())
		ktest_skip(
			test,
			"rates are exact under -icount only (ktest.icount=1)");
}

static void calibrated_at_qemu_rate(struct ktest *test)
{
	need_icount(test);
	KTEST_EXPECT_GE(test, apic_timer_period, QEMU_PERIOD / 100 * 99);
	KTEST_EXPECT_LE(test, apic_timer_period, QEMU_PERIOD / 100 * 101);
}

static void every_cpu_ticks_at_hz(struct ktest *test)
{
	unsigned long before[CONFIG_NR_CPUS], now[CONFIG_NR_CPUS];
	unsigned long start;
	unsigned int cpu;

	need_icount(test);
	start = jiffies;
	while (jiffies == start) /* from the start of a jiffy */
		wait_tick();
	start = jiffies;
	snapshot(before);
	while (jiffies - start < TICKS)
		wait_tick();
	snapshot(now);
	for_each_online_cpu(cpu)
	{
		KTEST_EXPECT_GE_MSG(test, now[cpu] - before[cpu],
				    (unsigned long)TICKS - 2, "CPU %u", cpu);
		KTEST_EXPECT_LE_MSG(test, now[cpu] - before[cpu],
				    (unsigned long)TICKS + 2, "CPU %u", cpu);
	}
}

static struct ktest_case apic_timer_cases[] = {
	KTEST_CASE(lvt_timer_of_every_cpu),
	KTEST_CASE(every_cpu_ticks),
	KTEST_CASE(calibrated_at_qemu_rate),
	KTEST_CASE(every_cpu_ticks_at_hz),
	{}
};

static struct ktest_suite apic_timer_suite = {
	.name = "apic_timer",
	.cases = apic_timer_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(apic_timer_suite);
