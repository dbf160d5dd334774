// SPDX-License-Identifier: GPL-2.0
/*
 * The GDT: a null descriptor and flat 4 GiB ring-0 code and data segments.
 * Protected mode segmentation is otherwise unused.
 */
#include <kmlab/types.h>
#include <asm/segment.h>
#include <asm/setup.h>

static u64 gdt[3] __aligned(8) = {
	0, 0x00cf9a000000ffffULL, /* __KERNEL_CS: base 0, limit 4G, exec/read */
	0x00cf92000000ffffULL, /* __KERNEL_DS: base 0, limit 4G, read/write */
};

struct desc_ptr {
	u16 size;
	u32 address;
} __packed;

void gdt_init(void)
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
