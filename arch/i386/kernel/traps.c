// SPDX-License-Identifier: GPL-2.0
/*
 * CPU exceptions: the IDT that sends every vector to entry.S, which
 * saves the registers and calls do_trap() (dumpstack.c) or do_irq().
 */
#include <kmlab/compiler.h>
#include <asm/traps.h>
#include <asm/segment.h>
#include <asm/setup.h>
#include <asm/apic.h>
#include <asm/smp.h>
#include <kmlab/smp.h>

struct idt_entry {
	u16 offset_lo;
	u16 selector;
	u8 zero;
	u8 type_attr;
	u16 offset_hi;
} __packed;

/* With CONFIG_SMP the local APIC's vectors sit at the top (asm/apic.h). */
#ifdef CONFIG_SMP
#define IDT_ENTRIES 256
extern const u32 smp_vector_table[4];
static const u8 smp_vectors[4] = { LOCAL_TIMER_VECTOR, CALL_FUNCTION_VECTOR,
				   STOP_VECTOR, SPURIOUS_APIC_VECTOR };
#else
#define IDT_ENTRIES 48
#endif
static struct idt_entry idt[IDT_ENTRIES] __aligned(8);
extern const u32 vector_table[48];

static void set_intr_gate(unsigned int vector, u32 handler)
{
	idt[vector].offset_lo = handler & 0xffff;
	idt[vector].offset_hi = handler >> 16;
	idt[vector].selector = __KERNEL_CS;
	idt[vector].zero = 0;
	idt[vector].type_attr =
		0x8e; /* present, ring 0, 32-bit interrupt gate */
}

/* Load the IDT on the running CPU (every CPU shares the one table). */
void idt_load(void)
{
	struct {
		u16 size;
		u32 address;
	} __packed p = { sizeof(idt) - 1, (u32)idt };

	__asm__ __volatile__("lidt %0" : : "m"(p));
}

void idt_init(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(vector_table); i++)
		set_intr_gate(i, vector_table[i]);
#ifdef CONFIG_SMP
	for (unsigned int i = 0; i < ARRAY_SIZE(smp_vectors); i++)
		set_intr_gate(smp_vectors[i], smp_vector_table[i]);
#endif
	idt_load();
}
