// SPDX-License-Identifier: GPL-2.0
/*
 * Signals as the CPU's exceptions and the timer interrupt (ARCH=host).
 *
 * SIGSEGV, SIGBUS, SIGILL and SIGFPE are faults: the kernel gets the
 * registers of the faulting instruction as a struct pt_regs (glibc's i386
 * gregs[] have its layout, checked below), with the x86 vector and error
 * code the host kernel recorded (trapno, err) and the fault address as
 * CR2, and handles them with i386's do_trap() (host_trap()). The handlers
 * run on an alternate stack, so that a stack overflow is reported too.
 *
 * SIGALRM from ITIMER_REAL at HZ is the timer interrupt. The interrupt
 * flag is the variable os_irqs_on: a tick that finds it clear is held in
 * os_irq_pending and delivered again by local_irq_enable(), as a CPU takes
 * a held interrupt on sti. While a handler runs, "interrupts" are off, as
 * under an i386 interrupt gate.
 *
 * The handlers leave through siglongjmp() when ktest recovers (the signal
 * mask comes back with the context sigsetjmp() saved).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/time.h>
#include <sys/ucontext.h>
#include "os.h"

_Static_assert(REG_GS == 0 && REG_EDI == 4 && REG_ESP == 7 && REG_EAX == 11 &&
		       REG_TRAPNO == 12 && REG_ERR == 13 && REG_EIP == 14 &&
		       REG_EFL == 16,
	       "glibc's gregs[] no longer have the layout of struct pt_regs");
_Static_assert(sizeof(sigjmp_buf) <= OS_JMP_BUF_LONGS * sizeof(long),
	       "a sigjmp_buf does not fit the kernel's jmp_buf");

#define X86_TRAP_PF 14
#define X86_PF_USER 4 /* error code bit: the access came from user mode */

volatile int os_irqs_on;
volatile int os_irq_pending;
volatile unsigned long os_fault_address;

static char altstack[64 * 1024] __attribute__((aligned(16)));

static struct pt_regs *regs_of(void *uc)
{
	return (struct pt_regs *)((ucontext_t *)uc)->uc_mcontext.gregs;
}

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	greg_t *gregs = ((ucontext_t *)uc)->uc_mcontext.gregs;

	os_irqs_on = 0;
	/* CR2 holds page fault addresses only, not a SIGILL's or SIGFPE's. */
	if (sig == SIGSEGV || sig == SIGBUS)
		os_fault_address = (unsigned long)si->si_addr;
	/* The kernel ran the access for us: report it as a kernel fault. */
	if (gregs[REG_TRAPNO] == X86_TRAP_PF)
		gregs[REG_ERR] &= ~X86_PF_USER;
	host_trap(regs_of(uc));
}

static void timer_handler(int sig, siginfo_t *si, void *uc)
{
	int saved_errno = errno;

	if (!os_irqs_on) {
		os_irq_pending = 1;
		return;
	}
	os_irq_pending = 0;
	os_irqs_on = 0;
	host_timer_interrupt(regs_of(uc));
	os_irqs_on = 1;
	errno = saved_errno;
}

void os_irq_replay(void)
{
	raise(SIGALRM);
}

int os_signals_init(unsigned int hz)
{
	static const int faults[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct itimerval it = { { 0, 1000000 / hz }, { 0, 1000000 / hz } };
	struct sigaction sa;

	if (sigaltstack(&ss, NULL))
		return errno;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if (sigaction(faults[i], &sa, NULL))
			return errno;
	sa.sa_sigaction = timer_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	if (sigaction(SIGALRM, &sa, NULL))
		return errno;
	if (setitimer(ITIMER_REAL, &it, NULL))
		return errno;
	return 0;
}
