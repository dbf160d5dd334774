// SPDX-License-Identifier: GPL-2.0
/*
 * SMP bring-up: find the CPUs, give each a per-CPU area and a stack, and
 * start them (after Linux's arch/x86/kernel/smpboot.c, much smaller).
 *
 * smp_prepare_cpus(), before the heap exists: the ACPI MADT lists the
 * CPUs by local APIC ID (acpi.c says why the MADT). The boot CPU is CPU
 * 0; the other enabled entries get numbers 1, 2, ... in MADT order, up
 * to nr_cpus= and CONFIG_NR_CPUS CPUs in all (those left out are
 * counted and reported). Each kept CPU but the boot CPU gets a copy of
 * the per-CPU template and a 16 KiB stack from memblock; each gets its
 * per-CPU segment in the GDT (gdt.c).
 *
 * smp_init(), interrupts on: the trampoline (trampoline.S) is copied
 * below 1 MiB and each CPU in turn gets the universal start-up algorithm
 * of the MP specification (1.4, B.4; SDM vol. 3A, 8.4.4.1): INIT
 * (assert, 10 ms, deassert), then two STARTUP IPIs with the trampoline's
 * page number as vector, 200 us apart. The CPU runs the trampoline into
 * start_secondary(), which loads its GDT, per-CPU segment and IDT,
 * enables its local APIC and moves its state from BOOTING to ONLINE.
 * The boot CPU waits up to a second (smp.boot_timeout_ms=) for that; if
 * it does not happen, it moves the state to DEAD instead (a
 * compare-and-exchange, so exactly one of the two wins), reports the
 * CPU, parks it with INIT and goes on. A late CPU that finds DEAD halts.
 * An online CPU idles in "sti; hlt", waking for inter-processor calls.
 *
 * smp.fail_cpu=N (fault injection for the tests) skips the STARTUP IPIs
 * of CPU N, so that it never comes up.
 */
#include <kmlab/smp.h>
#include <kmlab/percpu.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/param.h>
#include <kmlab/memblock.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/smp.h>
#include <asm/setup.h>
#include <asm/segment.h>
#include <asm/timer.h>
#include <asm/spinlock.h>

#define CPU_STACK_SIZE 16384
#define PERCPU_ALIGN 64
#define MADT_CPUS_MAX 256

enum cpu_state { CPU_DOWN, CPU_BOOTING, CPU_ONLINE, CPU_DEAD };

u8 cpu_apic_id[CONFIG_NR_CPUS];
unsigned long __per_cpu_offset[CONFIG_NR_CPUS];
DEFINE_PER_CPU(unsigned long, this_cpu_off);

static unsigned int nr_cpus_kept = 1; /* the boot CPU */
static void *cpu_stack[CONFIG_NR_CPUS];
static int cpu_state[CONFIG_NR_CPUS];

/* Read by trampoline.S and start_secondary() on the booting CPU. */
u32 smp_boot_cr3, smp_boot_esp;
static unsigned int smp_booting_cpu;

extern const char trampoline_start[], trampoline_end[], trampoline_gdt[];

unsigned int smp_fail_cpu, smp_cpus_failed;
kernel_param("smp.fail_cpu", smp_fail_cpu, uint,
	     "fault injection: never start this CPU (1 and up; 0: off)");

/*
 * How long the boot CPU waits for another to come up. Shorter only for
 * the tests: under -icount a second of guest time is 10^9 instructions
 * of the wait loop, seconds of the host's time per CPU that fails.
 */
static unsigned int boot_timeout_ms = 1000;
kernel_param_range("smp.boot_timeout_ms", boot_timeout_ms, uint, 10, 60000,
		   "ms to wait for a CPU to come up (10-60000; default 1000)");

/* The MADT's enabled CPUs, in its order. */
static u8 madt_apic_ids[MADT_CPUS_MAX];
static unsigned int madt_listed, madt_enabled;

static void madt_cpu(unsigned int apic_id, bool enabled)
{
	madt_listed++;
	if (enabled && madt_enabled < MADT_CPUS_MAX)
		madt_apic_ids[madt_enabled++] = apic_id;
}

void set_cpu_online(unsigned int cpu, bool online)
{
	if (online)
		__atomic_fetch_or(&__cpu_online_mask, 1UL << cpu,
				  __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(&__cpu_online_mask, ~(1UL << cpu),
				   __ATOMIC_RELEASE);
}

/* Give CPU @cpu its per-CPU copy and stack; false if memblock has none. */
static bool alloc_cpu_area(unsigned int cpu)
{
	size_t size = __per_cpu_end - __per_cpu_start;
	char *area = memblock_alloc(ALIGN(size, PERCPU_ALIGN), PERCPU_ALIGN);
	void *stack = memblock_alloc(CPU_STACK_SIZE, 16);

	if (!area || !stack)
		return false;
	memcpy(area, __per_cpu_start, size);
	__per_cpu_offset[cpu] = (unsigned long)(area - __per_cpu_start);
	cpu_stack[cpu] = stack;
	return true;
}

static void setup_cpu_data(unsigned int cpu)
{
	gdt_set_percpu_base(cpu, __per_cpu_offset[cpu]);
	per_cpu(cpu_number, cpu) = cpu;
	per_cpu(this_cpu_off, cpu) = __per_cpu_offset[cpu];
	smp_init_call_queue(cpu);
}

void smp_prepare_cpus(void)
{
	unsigned int limit = min(setup_max_cpus, (unsigned int)CONFIG_NR_CPUS);
	unsigned int boot_apic_id, left_out = 0;
	int found = acpi_parse_madt(madt_cpu);

	boot_apic_id = read_apic_id();
	cpu_apic_id[0] = boot_apic_id;
	if (found < 0) {
		pr_warn("smp: no ACPI MADT: running on the boot CPU only\n");
	} else {
		for (unsigned int i = 0; i < madt_enabled; i++) {
			if (madt_apic_ids[i] == boot_apic_id)
				continue;
			if (nr_cpus_kept >= limit) {
				left_out++;
				continue;
			}
			if (!alloc_cpu_area(nr_cpus_kept)) {
				pr_err("smp: no memory for CPU %u's per-CPU area and stack: leaving it out\n",
				       nr_cpus_kept);
				left_out++;
				continue;
			}
			cpu_apic_id[nr_cpus_kept++] = madt_apic_ids[i];
		}
		pr_info("smp: ACPI MADT: %u CPUs listed, %u enabled, local APIC at %#lx\n",
			madt_listed, madt_enabled, lapic_phys_base);
	}
	if (left_out)
		pr_info("smp: using %u CPUs, leaving %u out (nr_cpus=%u, CONFIG_NR_CPUS=%u)\n",
			nr_cpus_kept, left_out, setup_max_cpus,
			(unsigned int)CONFIG_NR_CPUS);
	for (unsigned int cpu = 0; cpu < nr_cpus_kept; cpu++)
		setup_cpu_data(cpu);
	load_percpu_segment(0);
	lapic_setup(true);
	cpu_state[0] = CPU_ONLINE;
}

static void delay_ns(u64 ns)
{
	u64 end = ktime_get_ns() + ns;

	while (ktime_get_ns() < end)
		cpu_relax();
}

static bool wait_for_cpu(unsigned int cpu)
{
	u64 end = ktime_get_ns() + (u64)boot_timeout_ms * 1000000;

	while (ktime_get_ns() < end)
		if (__atomic_load_n(&cpu_state[cpu], __ATOMIC_ACQUIRE) ==
		    CPU_ONLINE)
			return true;
	return false;
}

/* The universal start-up algorithm; true once CPU @cpu is online. */
static bool do_boot_cpu(unsigned int cpu)
{
	unsigned int apic_id = cpu_apic_id[cpu];
	int booting = CPU_BOOTING;

	smp_booting_cpu = cpu;
	smp_boot_esp = (u32)cpu_stack[cpu] + CPU_STACK_SIZE;
	__atomic_store_n(&cpu_state[cpu], CPU_BOOTING, __ATOMIC_RELEASE);

	apic_send_ipi(apic_id,
		      APIC_DM_INIT | APIC_INT_LEVELTRIG | APIC_INT_ASSERT);
	delay_ns(10000000);
	apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_LEVELTRIG);
	if (cpu != smp_fail_cpu) {
		for (int i = 0; i < 2; i++) {
			apic_send_ipi(apic_id, APIC_DM_STARTUP |
						       (TRAMPOLINE_BASE >> 12));
			delay_ns(200000);
		}
	}
	if (wait_for_cpu(cpu) ||
	    !__atomic_compare_exchange_n(&cpu_state[cpu], &booting, CPU_DEAD,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		set_cpu_online(cpu, true);
		return true;
	}
	smp_cpus_failed++;
	pr_err("smp: CPU %u (APIC ID %u) did not come up within %u ms: left out\n",
	       cpu, apic_id, boot_timeout_ms);
	apic_send_ipi(apic_id,
		      APIC_DM_INIT | APIC_INT_LEVELTRIG | APIC_INT_ASSERT);
	return false;
}

void smp_init(void)
{
	struct {
		u16 limit;
		u32 base;
	} __packed gdtr;
	unsigned int up = 1;

	if (nr_cpus_kept > 1) {
		memcpy((void *)TRAMPOLINE_BASE, trampoline_start,
		       trampoline_end - trampoline_start);
		__asm__ __volatile__("sgdt %0" : "=m"(gdtr));
		memcpy((void *)(TRAMPOLINE_BASE +
				(trampoline_gdt - trampoline_start)),
		       &gdtr, sizeof(gdtr));
		__asm__ __volatile__("movl %%cr3, %0" : "=r"(smp_boot_cr3));
	}
	for (unsigned int cpu = 1; cpu < nr_cpus_kept; cpu++)
		up += do_boot_cpu(cpu);
	pr_info("smp: brought up %u of %u CPUs\n", up, nr_cpus_kept);
}

void start_secondary(void)
{
	unsigned int cpu = smp_booting_cpu;
	int booting = CPU_BOOTING;

	/*
	 * A CPU that comes up after the boot CPU gave up on it would read
	 * the next CPU's number: it must find its own APIC ID there.
	 */
	if (cpu_apic_id[cpu] != read_apic_id())
		for (;;)
			__asm__ __volatile__("cli; hlt");

	gdt_load();
	load_percpu_segment(cpu);
	idt_load();
	lapic_setup(false);
	if (!__atomic_compare_exchange_n(&cpu_state[cpu], &booting, CPU_ONLINE,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		for (;;) /* too late: the boot CPU left this one out */
			__asm__ __volatile__("cli; hlt");
	for (;;)
		__asm__ __volatile__("sti; hlt; cli" : : : "memory");
}
