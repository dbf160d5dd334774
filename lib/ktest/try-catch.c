// SPDX-License-Identifier: GPL-2.0
/*
 * Running one phase of a ktest case so that it can be ended early, as
 * Linux's lib/kunit/try-catch.c does with a kthread (kmlab has no threads:
 * setjmp()/longjmp() play that part).
 *
 * ktest_try_run() saves its context with setjmp(), makes the case the
 * running one and calls the phase. Four things leave it through longjmp()
 * back to that context: a failed assertion and ktest_skip() (through
 * ktest_abort()), a CPU exception (the trap recovery hook, which reports
 * the exception, what the faulting address belongs to when it is in the
 * vmalloc area, the registers and a backtrace) and the timer tick that
 * finds the phase past its deadline (the timer hook, which reports where
 * the case was). Interrupts are turned back on after every phase, since a
 * longjmp() out of a handler leaves them off.
 *
 * Runs nest: ktest's own tests run a case of a fake struct ktest through
 * ktest_try_run() from inside a case; the outer run's context, case,
 * deadline and timeout are kept on the stack and come back when the
 * inner run ends. When a phase is left early while a
 * ktest_run_on_each_cpu() is under way, ktest_smp_recall() brings the
 * other CPUs back from the case's function (lib/ktest/smp.c).
 *
 * A case that hangs with interrupts disabled cannot be stopped; a case
 * that corrupts the heap or the kernel's data may break the cases after
 * it, as in any single-address-space kernel.
 *
 * ktest's KTAP reaches the console at any loglevel= (the executor forces
 * the console for the whole run); what a phase prints itself obeys
 * loglevel=, so ktest_try_run() lifts the force while the phase runs and
 * the reports printed from the hooks force it again. If the kernel dies (panic)
 * while a case runs, the exit hook names the case for the host's parser.
 */
#include <kmlab/printk.h>
#include <kmlab/machine.h>
#include <kmlab/vmalloc.h>
#include <kmlab/mmap.h>
#include <kmlab/lockdep.h>
#include <asm/traps.h>
#include <asm/timer.h>
#include "ktest-internal.h"

/*
 * The deadline is compared as (long)(jiffies - deadline): a timeout may
 * be at most LONG_MAX jiffies (executor.c bounds ktest.timeout).
 */
static jmp_buf *ktest_env; /* the innermost run's */
static struct ktest *volatile ktest_current; /* NULL between phases */
static volatile unsigned long ktest_deadline;
static unsigned int ktest_phase_timeout; /* seconds, for the report */
static bool ktest_in_trap;

void ktest_abort(struct ktest *test, enum ktest_abort why)
{
	if (!test->abort_env)
		panic("ktest: %s: assertion or skip outside a running case",
		      test->name);
	longjmp(*test->abort_env, why);
}

static void ktest_trap(struct pt_regs *regs, const char *name)
{
	struct ktest *test = ktest_current;
	char deeper[24];

	if (!test || ktest_in_trap)
		return; /* not ours (or a fault in this report): oops */
	ktest_in_trap = true;
	ktest_current = NULL;
	ktest_set_failure(test);
	if (regs->vector == X86_TRAP_PF) {
		char what[192];

		ktest_diag(
			test,
			"caught %s (error code 0x%x, %s address %08lx) at %pS",
			name, regs->error_code,
			(regs->error_code & 2) ? "writing" : "reading",
			read_cr2(), (void *)regs->eip);
		/* A guard page, say, of a vmalloc area: whose, from where. */
		if (vmalloc_describe_addr(read_cr2(), what, sizeof(what)))
			ktest_diag(test, "%s", what);
		/* Outside any VMA, or against its protection. */
		if (mm_describe_addr(read_cr2(), regs->error_code & 2, what,
				     sizeof(what)))
			ktest_diag(test, "mm: %s", what);
	} else
		ktest_diag(test,
			   "caught %s (vector %u, error code 0x%x) at %pS",
			   name, regs->vector, regs->error_code,
			   (void *)regs->eip);
	snprintf(deeper, sizeof(deeper), "%s    # ", test->indent);
	printk_force_console_enter();
	show_regs_and_backtrace(regs, deeper);
	printk_force_console_exit();
	ktest_in_trap = false;
	longjmp(*ktest_env, KTEST_ABORT_FAULT);
}

static void ktest_tick(struct pt_regs *regs)
{
	struct ktest *test = ktest_current;
	char deeper[24];

	if (!test || (long)(jiffies - ktest_deadline) < 0)
		return;
	ktest_current = NULL;
	ktest_set_failure(test);
	ktest_diag(test, "timed out after %u s of guest time, at %pS",
		   ktest_phase_timeout, (void *)regs->eip);
	snprintf(deeper, sizeof(deeper), "%s    # ", test->indent);
	printk_force_console_enter();
	show_regs_and_backtrace(regs, deeper);
	printk_force_console_exit();
	longjmp(*ktest_env, KTEST_ABORT_TIMEOUT);
}

struct ktest *ktest_get_current_test(void)
{
	return ktest_current;
}

void ktest_try_catch_hooks(bool on)
{
	set_trap_recovery(on ? ktest_trap : NULL);
	set_timer_hook(on ? ktest_tick : NULL);
}

bool ktest_try_run(struct ktest *test, unsigned int timeout, ktest_try_fn fn,
		   void *data)
{
	/* The run this one is nested in, if any. */
	jmp_buf *outer_env = ktest_env;
	struct ktest *outer_test = ktest_current;
	unsigned long outer_deadline = ktest_deadline;
	unsigned int outer_timeout = ktest_phase_timeout;
	jmp_buf env;
	volatile bool done = false;
	unsigned long held = lockdep_context_save();

	ktest_current = NULL;
	barrier();
	ktest_env = &env;
	ktest_phase_timeout = timeout;
	ktest_deadline = jiffies + (unsigned long)timeout * HZ;
	test->abort_env = &env;
	barrier();
	ktest_current = test;
	/* What the phase prints obeys loglevel= (ktest's KTAP does not). */
	printk_force_console_exit();
	if (!setjmp(env)) {
		fn(test, data);
		done = true;
	}
	printk_force_console_enter();
	/* However the phase ended: hooks idle, interrupts back on. */
	ktest_current = NULL;
	test->abort_env = NULL;
	if (!done)
		lockdep_context_restore(held);
	local_irq_enable();
	if (!done)
		ktest_smp_recall(test);
	barrier();
	ktest_env = outer_env;
	ktest_phase_timeout = outer_timeout;
	ktest_deadline = outer_deadline;
	barrier();
	ktest_current = outer_test;
	return done;
}

static void ktest_exit_hook(int status)
{
	struct ktest *test = ktest_current;

	if (test && status != KMLAB_EXIT_PASS) {
		printk_force_console_enter();
		printk("%s# ktest: running %s\n", test->indent, test->name);
		printk_force_console_exit();
	}
}
machine_exit_hook(ktest_exit_hook);
