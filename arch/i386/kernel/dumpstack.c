// SPDX-License-Identifier: GPL-2.0
/*
 * What happens after a CPU exception, and the x86 exception report.
 *
 * An exception first goes to the recovery hook if one is installed: ktest
 * installs one while a test case runs and longjmp()s out of the case, so a
 * faulting case fails alone. Otherwise the kernel prints "Oops" (the
 * exception's name, error code, the registers and a backtrace that
 * follows the saved frame pointers: every object is built with
 * -fno-omit-frame-pointer) and ends the run with KMLAB_EXIT_FAULT.
 * With CONFIG_SMP that hook serves the boot CPU, where ktest runs its
 * cases; another CPU has its own hook (set_ap_trap_recovery()), which
 * ktest_run_on_each_cpu() uses to bring a CPU back from a case's function
 * that faulted or that the case's end interrupted with an NMI. A fault
 * the hook does not take is reported with the CPU's number and ends the
 * run.
 *
 * Nothing here touches the hardware but CR2 (read_cr2()), so arch/host,
 * whose struct pt_regs has the same layout (filled from the signal's
 * ucontext), builds this file too (arch/host/kernel/dumpstack.c).
 */
#include <kmlab/printk.h>
#include <kmlab/kallsyms.h>
#include <kmlab/machine.h>
#include <kmlab/smp.h>
#include <kmlab/mmap.h>
#include <kmlab/kfence.h>
#include <asm/traps.h>
#include <asm/stacktrace.h>
#ifdef CONFIG_SMP
#include <asm/smp.h>
#include <asm/tlbflush.h>
#include <kmlab/spinlock_pv.h>
#endif

static trap_recover_fn trap_recover;
#ifdef CONFIG_SMP
static ap_trap_recover_fn ap_trap_recover;

void set_ap_trap_recovery(ap_trap_recover_fn fn)
{
	ap_trap_recover = fn;
}
#endif

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

void set_trap_recovery(trap_recover_fn fn)
{
	trap_recover = fn;
}

const char *trap_name(unsigned int vector)
{
	return vector < 32 ? trap_names[vector] : "unknown";
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
	for (unsigned long ret; depth++ < 32 && unwind_frame(&ebp, &ret);) {
		sprint_backtrace(sym, ret);
		printk("%s [<%08lx>] %s\n", prefix, ret, sym);
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
	       regs->edi, regs->ebp, (u32)kernel_stack_pointer(regs));
	printk("%sDS: %04x ES: %04x CS: %04x EFLAGS: %08x CR2: %08lx\n", prefix,
	       regs->ds, regs->es, regs->cs, regs->eflags, read_cr2());
	print_backtrace(regs->eip, regs->ebp, prefix);
}

static void __do_trap(struct pt_regs *regs);

/*
 * With CONFIG_PARAVIRT_SPINLOCKS an NMI handler is counted, so that a
 * spin lock it takes (printk()'s) spins instead of halting with NMIs
 * blocked. A handler that never returns (ktest's recall longjmp()s out)
 * leaves its count: that CPU's waiters then spin, which is safe.
 */
void do_trap(struct pt_regs *regs)
{
#ifdef CONFIG_PARAVIRT_SPINLOCKS
	if (regs->vector == X86_TRAP_NMI) {
		unsigned int *depth = &pv_nmi_depth[smp_processor_id()];

		__atomic_fetch_add(depth, 1, __ATOMIC_RELAXED);
		__do_trap(regs);
		__atomic_fetch_sub(depth, 1, __ATOMIC_RELAXED);
		return;
	}
#endif
	__do_trap(regs);
}

static void __do_trap(struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];
	const char *name = trap_name(regs->vector);

#ifdef CONFIG_SMP
	/*
	 * An NMI: a stop, a TLB shootdown or a spin-lock kick (served
	 * here), or on an AP also ktest's recall, which may have come in
	 * the same NMI: its hook looks.
	 */
	if (regs->vector == X86_TRAP_NMI) {
		bool served;

		smp_stop_nmi_check();
		served = flush_tlb_nmi();
#ifdef CONFIG_PARAVIRT_SPINLOCKS
		/* A spin-lock kick (kernel/locking/pv_spinlock.c). */
		served |= pv_spin_nmi(regs);
#endif
		if (served && (smp_processor_id() == 0 || !ap_trap_recover))
			return;
	}
#endif
#ifdef CONFIG_MMU
	/* Demand paging, copy-on-write, vmalloc sync: retry the access. */
	if (regs->vector == X86_TRAP_PF &&
	    !handle_mm_fault(read_cr2(), regs->error_code & 2))
		return;
	/* KFENCE reports a sampled object's bad access and lets it go on. */
	if (regs->vector == X86_TRAP_PF &&
	    kfence_handle_page_fault(read_cr2(), regs->error_code & 2,
				     regs->eip))
		return;
#endif
#ifdef CONFIG_SMP
	if (ap_trap_recover && smp_processor_id() != 0 &&
	    ap_trap_recover(regs, name))
		return;
#endif
	sprint_symbol(sym, regs->eip);
	/* ktest runs its cases on CPU 0: the hook serves only that CPU. */
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
