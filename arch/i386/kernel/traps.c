// SPDX-License-Identifier: GPL-2.0
/*
 * CPU exceptions: the IDT, the exception report (name, error code,
 * registers, symbolised backtrace) and what happens next.
 *
 * An exception first goes to the recovery hook if one is installed: ktest
 * installs one while a test case runs and longjmp()s out of the case, so a
 * faulting case fails alone. Otherwise the kernel prints "Oops" and ends the
 * run with KMLAB_EXIT_FAULT.
 */
#include <kmlab/printk.h>
#include <kmlab/kallsyms.h>
#include <kmlab/machine.h>
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
extern const u32 smp_vector_table[3];
static const u8 smp_vectors[3] = { CALL_FUNCTION_VECTOR, STOP_VECTOR,
				   SPURIOUS_APIC_VECTOR };
#else
#define IDT_ENTRIES 48
#endif
static struct idt_entry idt[IDT_ENTRIES] __aligned(8);
extern const u32 vector_table[48];
static trap_recover_fn trap_recover;

static const char *const trap_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range exceeded",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor segment overrun",
	"invalid TSS",
	"segment not present",
	"stack segment fault",
	"general protection fault",
	"page fault",
	"reserved 15",
	"x87 floating point error",
	"alignment check",
	"machine check",
	"SIMD floating point error",
	"virtualization exception",
	"control protection exception",
	"reserved 22",
	"reserved 23",
	"reserved 24",
	"reserved 25",
	"reserved 26",
	"reserved 27",
	"hypervisor injection",
	"VMM communication",
	"security exception",
	"reserved 31",
};

const char *trap_name(unsigned int vector)
{
	return vector < 32 ? trap_names[vector] : "unknown";
}

void set_trap_recovery(trap_recover_fn fn)
{
	trap_recover = fn;
}

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

static unsigned long read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("movl %%cr2, %0" : "=r"(v));
	return v;
}

/* Frames are (saved ebp, return address) pairs; stop at ebp == 0. */
static void print_backtrace(unsigned long eip, unsigned long ebp,
			    const char *prefix)
{
	char sym[KSYM_SYMBOL_LEN];
	int depth = 0;

	printk("%sCall Trace:\n", prefix);
	sprint_symbol(sym, eip);
	printk("%s [<%08lx>] %s\n", prefix, eip, sym);
	while (ebp && depth++ < 32) {
		unsigned long *frame = (unsigned long *)ebp;
		unsigned long ret;

		/* The stack is mapped RAM above the first page. */
		if (ebp < 0x1000 || (ebp & 3))
			break;
		ret = frame[1];
		if (!kallsyms_lookup(ret - 1, NULL, NULL))
			break;
		sprint_backtrace(sym, ret);
		printk("%s [<%08lx>] %s\n", prefix, ret, sym);
		ebp = frame[0];
	}
}

void show_regs_and_backtrace(struct pt_regs *regs, const char *prefix)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, regs->eip);
	printk("%sEIP: %08x %s\n", prefix, regs->eip, sym);
	printk("%sEAX: %08x EBX: %08x ECX: %08x EDX: %08x\n", prefix, regs->eax,
	       regs->ebx, regs->ecx, regs->edx);
	printk("%sESI: %08x EDI: %08x EBP: %08x ESP: %08x\n", prefix, regs->esi,
	       regs->edi, regs->ebp, (u32)regs + (u32)sizeof(*regs));
	printk("%sDS: %04x ES: %04x CS: %04x EFLAGS: %08x CR2: %08lx\n", prefix,
	       regs->ds, regs->es, regs->cs, regs->eflags, read_cr2());
	print_backtrace(regs->eip, regs->ebp, prefix);
}

void do_trap(struct pt_regs *regs);
void do_trap(struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];
	const char *name = trap_name(regs->vector);

#ifdef CONFIG_SMP
	if (regs->vector == X86_TRAP_NMI)
		smp_stop_nmi_check();
#endif
	sprint_symbol(sym, regs->eip);
	/* ktest runs its cases on CPU 0: only there can it recover. */
	if (trap_recover && smp_processor_id() == 0) {
		/* The hook prints its own report (as KTAP diagnostics). */
		trap_recover(regs, name);
	}
	printk(KERN_EMERG
	       "Oops: CPU exception %u (%s), error code 0x%x, at %s\n",
	       regs->vector, name, regs->error_code, sym);
	if (regs->vector == X86_TRAP_PF)
		printk(KERN_EMERG "Oops: %s access to address %08lx%s\n",
		       (regs->error_code & 2) ? "write" : "read", read_cr2(),
		       read_cr2() < 0x1000 ? " (NULL pointer dereference)" :
					     "");
	if (smp_processor_id() != 0)
		printk(KERN_EMERG "Oops: on CPU#%u\n", smp_processor_id());
	show_regs_and_backtrace(regs, "");
	printk(KERN_EMERG "Oops: ending the run (fault)\n");
	machine_exit(KMLAB_EXIT_FAULT);
}
