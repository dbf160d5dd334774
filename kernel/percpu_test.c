// SPDX-License-Identifier: GPL-2.0
/*
 * The "percpu" ktest suite: per-CPU variables (<kmlab/percpu.h>). Every
 * CPU writes its own copy through %fs (this_cpu_write()), CPU 0 reads all
 * of them through per_cpu(); each CPU's %fs holds its own GDT selector;
 * the definition's initial value reached every CPU's copy; this_cpu_ptr()
 * and per_cpu_ptr() agree; 1-, 2- and 4-byte variables.
 */
#include <ktest.h>
#include <kmlab/smp.h>
#include <kmlab/percpu.h>
#include <asm/segment.h>

static DEFINE_PER_CPU(unsigned int, pcpu_word) = 0xfeedf00d;
static DEFINE_PER_CPU(u8, pcpu_byte) = 0x5a;
static DEFINE_PER_CPU(u16, pcpu_half) = 0xbeef;

struct seen {
	unsigned int word;
	u8 byte;
	u16 half;
	u16 fs;
	bool ptr_agrees;
};

static struct seen seen[CONFIG_NR_CPUS];

static void read_initial(void *info)
{
	unsigned int cpu = smp_processor_id();
	u16 fs;

	__asm__ __volatile__("movw %%fs, %0" : "=r"(fs));
	seen[cpu].word = this_cpu_read(pcpu_word);
	seen[cpu].byte = this_cpu_read(pcpu_byte);
	seen[cpu].half = this_cpu_read(pcpu_half);
	seen[cpu].fs = fs;
	seen[cpu].ptr_agrees = this_cpu_ptr(&pcpu_word) ==
			       per_cpu_ptr(&pcpu_word, cpu);
}

/* Runs first: nothing has written the variables yet. */
static void percpu_initial_values_and_segments(struct ktest *test)
{
	unsigned int cpu;

	on_each_cpu(read_initial, NULL, true);
	for_each_online_cpu(cpu)
	{
		KTEST_EXPECT_EQ_MSG(test, seen[cpu].word, 0xfeedf00d, "CPU %u",
				    cpu);
		KTEST_EXPECT_EQ(test, seen[cpu].byte, 0x5a);
		KTEST_EXPECT_EQ(test, seen[cpu].half, 0xbeef);
		KTEST_EXPECT_EQ_MSG(test, seen[cpu].fs, __KERNEL_PERCPU(cpu),
				    "CPU %u", cpu);
		KTEST_EXPECT_TRUE(test, seen[cpu].ptr_agrees);
	}
}

static void write_own(void *info)
{
	unsigned int cpu = smp_processor_id();

	this_cpu_write(pcpu_word, 1000 + cpu);
	this_cpu_write(pcpu_byte, (u8)(0x10 + cpu));
	this_cpu_write(pcpu_half, (u16)(0x2000 + cpu));
}

static void percpu_each_cpu_has_its_copy(struct ktest *test)
{
	unsigned int cpu;

	on_each_cpu(write_own, NULL, true);
	for_each_online_cpu(cpu)
	{
		KTEST_EXPECT_EQ_MSG(test, per_cpu(pcpu_word, cpu), 1000 + cpu,
				    "CPU %u", cpu);
		KTEST_EXPECT_EQ(test, per_cpu(pcpu_byte, cpu), 0x10 + cpu);
		KTEST_EXPECT_EQ(test, per_cpu(pcpu_half, cpu), 0x2000 + cpu);
	}
	KTEST_EXPECT_EQ(test, this_cpu_read(pcpu_word), 1000);
	/* per_cpu() writes reach the owner's this_cpu_read(). */
	for_each_online_cpu(cpu) per_cpu(pcpu_word, cpu) = 0xfeedf00d;
	on_each_cpu(read_initial, NULL, true);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(test, seen[cpu].word, 0xfeedf00d);
}

static void percpu_copies_do_not_overlap(struct ktest *test)
{
	unsigned int cpu, other;
	size_t size = __per_cpu_end - __per_cpu_start;

	for_each_online_cpu(cpu) for_each_online_cpu(other)
	{
		char *a = (char *)per_cpu_ptr(&__per_cpu_start[0], cpu);
		char *b = (char *)per_cpu_ptr(&__per_cpu_start[0], other);

		if (other != cpu)
			KTEST_EXPECT_TRUE(test, a + size <= b || b + size <= a);
	}
	KTEST_EXPECT_EQ(test, __per_cpu_offset[0], 0);
}

static struct ktest_case percpu_cases[] = {
	KTEST_CASE(percpu_initial_values_and_segments),
	KTEST_CASE(percpu_each_cpu_has_its_copy),
	KTEST_CASE(percpu_copies_do_not_overlap),
	{}
};

static struct ktest_suite percpu_suite = {
	.name = "percpu",
	.cases = percpu_cases,
	.attr = { .custom = "area=smp" },
};
KTEST_SUITE(percpu_suite);
