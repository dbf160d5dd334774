/* SPDX-License-Identifier: GPL-2.0 */
/* CPU exceptions and interrupts (arch/i386/kernel/traps.c, irq.c). */
#ifndef _ASM_TRAPS_H
#define _ASM_TRAPS_H

#include <asm/ptrace.h>
#include <asm/irqflags.h>
#include <asm/special_insns.h>

#define X86_TRAP_DE 0
#define X86_TRAP_NMI 2
#define X86_TRAP_UD 6
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14
#define FIRST_EXTERNAL_VECTOR 32

/**
 * typedef trap_recover_fn - called on a CPU exception before the kernel dies
 * @regs: the registers at the fault
 * @name: the exception's name ("page fault", "invalid opcode" ...)
 *
 * Returns only if it cannot recover; it recovers by longjmp()ing away
 * (ktest's fault isolation). The oops report has been printed already.
 */
typedef void (*trap_recover_fn)(struct pt_regs *regs, const char *name);

/**
 * set_trap_recovery - install (or with NULL remove) the exception recovery hook
 * @fn: the hook, or NULL
 */
void set_trap_recovery(trap_recover_fn fn);

/**
 * typedef ap_trap_recover_fn - called on a CPU exception on a CPU other than 0
 * @regs: the registers at the exception
 * @name: the exception's name ("NMI", "page fault" ...)
 *
 * Recovers by longjmp()ing away (ktest_run_on_each_cpu() brings the CPU
 * back from a case's function); returns true when the exception was
 * expected and nothing is to be done (a late NMI), false to let the
 * kernel print the Oops and end the run. Runs after the NMI stop check
 * and after demand paging had its chance.
 */
typedef bool (*ap_trap_recover_fn)(struct pt_regs *regs, const char *name);

/**
 * set_ap_trap_recovery - install (or with NULL remove) the hook for CPUs but 0
 * @fn: the hook, or NULL
 *
 * Built with CONFIG_SMP only.
 */
void set_ap_trap_recovery(ap_trap_recover_fn fn);

/* Name of exception @vector, "unknown" past 31. */
const char *trap_name(unsigned int vector);

/**
 * show_regs_and_backtrace - print the registers and a symbolised backtrace
 * @regs: saved registers
 * @prefix: printed before each line (e.g. "    # " for KTAP diagnostics)
 */
void show_regs_and_backtrace(struct pt_regs *regs, const char *prefix);

/**
 * do_trap - handle a CPU exception
 * @regs: the registers saved at the exception (vector, error code ...)
 *
 * Hands it to the recovery hook (set_trap_recovery()), which does not
 * return when it recovers; otherwise prints the Oops report and ends the
 * run with KMLAB_EXIT_FAULT. Called from entry.S with interrupts off.
 */
void do_trap(struct pt_regs *regs);

/**
 * typedef timer_hook_fn - called from the timer interrupt on every tick
 * @regs: interrupted context
 *
 * May longjmp() away (ktest's timeout); the interrupt is acknowledged first.
 */
typedef void (*timer_hook_fn)(struct pt_regs *regs);
void set_timer_hook(timer_hook_fn fn);

#endif /* _ASM_TRAPS_H */
