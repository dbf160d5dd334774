// SPDX-License-Identifier: GPL-2.0
/*
 * The GDT: a null descriptor and flat 4 GiB ring-0 code and data segments.
 * With CONFIG_SMP, one more flat data segment per CPU whose base is the
 * CPU's per-CPU offset: each CPU loads its own into %fs, which is how
 * this_cpu_read() finds the CPU's copy of a per-CPU variable (i386 Linux
 * does the same with a per-CPU GDT). Protected mode segmentation is
 * otherwise unused.
 */
#include <kmlab/types.h>
#include <asm/segment.h>
#include <asm/setup.h>

#define GDT_FLAT_DATA 0x00cf92000000ffffULL

static u64 gdt[GDT_ENTRIES] __aligned(8) = {
	0, 0x00cf9a000000ffffULL, /* __KERNEL_CS: base 0, limit 4G, exec/read */
	GDT_FLAT_DATA, /* __KERNEL_DS: base 0, limit 4G, read/write */
};

struct desc_ptr {
	u16 size;
	u32 address;
} __packed;

/* Load the GDT and every segment register but %fs with the flat ones. */
void gdt_load(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (u32)gdt };

	__asm__ __volatile__("lgdt %0\n\t"
			     "ljmp %1, $1f\n"
			     "1:\n\t"
			     "movl %2, %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%fs\n\t"
			     "movl %%eax, %%gs\n\t"
			     "movl %%eax, %%ss\n\t"
			     :
			     : "m"(p), "i"(__KERNEL_CS), "i"(__KERNEL_DS)
			     : "eax", "memory");
}

void gdt_init(void)
{
	gdt_load();
#ifdef CONFIG_SMP
	/* CPU 0's per-CPU data is the template itself: base 0. */
	gdt_set_percpu_base(0, 0);
	load_percpu_segment(0);
#endif
}

#ifdef CONFIG_SMP
void gdt_set_percpu_base(unsigned int cpu, unsigned long base)
{
	gdt[GDT_ENTRY_PERCPU + cpu] = GDT_FLAT_DATA |
				      (u64)(base & 0xffffff) << 16 |
				      (u64)(base >> 24) << 56;
}

void load_percpu_segment(unsigned int cpu)
{
	__asm__ __volatile__("movl %0, %%fs"
			     :
			     : "r"(__KERNEL_PERCPU(cpu))
			     : "memory");
}
#endif
