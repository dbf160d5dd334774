/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interface between arch/host's kernel side (arch/host/kernel/, built
 * like the rest of the kernel: no C library) and its operating-system side
 * (arch/host/os/, built against glibc), as Linux's UML has
 * arch/um/include/shared/os.h. Only C's own types cross it.
 *
 * The registers at a signal: glibc's i386 mcontext_t gregs[] (REG_GS ...
 * REG_EFL) are laid out exactly as struct pt_regs (arch/i386's, saved by
 * entry.S), so the os side passes &gregs[0] as the struct pt_regs of a
 * fault or a timer tick (os/signal.c checks the layout at compile time).
 */
#ifndef _HOST_OS_H
#define _HOST_OS_H

/* A glibc sigjmp_buf (156 bytes on i386) fits in this many longs. */
#define OS_JMP_BUF_LONGS 40

struct pt_regs;

/* -- Provided by the kernel side, called by the os side -------------------- */

/**
 * host_start_kernel - the kernel's entry, called once from main()
 * @cmdline: the command line: argv[1..] joined by single spaces, or only
 *           those after "-ignore_remaining_args=1" when there is one
 *           (libFuzzer's flags come before it, os_fuzz_run())
 *
 * Never returns: the run ends in machine_exit().
 */
void host_start_kernel(const char *cmdline) __attribute__((noreturn));

/**
 * host_trap - a fault signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE) as a CPU exception
 * @regs: the registers at the fault; regs->vector is the x86 exception
 *
 * Called in the signal handler with "interrupts" off; as do_trap(), hands
 * the fault to the recovery hook (which longjmp()s away) or ends the run.
 */
void host_trap(struct pt_regs *regs) __attribute__((noreturn));

/**
 * host_timer_interrupt - one timer tick (SIGALRM) with "interrupts" on
 * @regs: the interrupted registers
 *
 * Called in the signal handler; may longjmp() away (ktest's timeout).
 */
void host_timer_interrupt(struct pt_regs *regs);

/**
 * host_kasan_report - one AddressSanitizer report (CONFIG_KASAN)
 * @report: ASan's text of it, lines ending in newlines
 *
 * Called by ASan after each report, at the faulting access; returns and
 * the access goes on (arch/host/kernel/kasan.c).
 */
void host_kasan_report(const char *report);

/* -- Provided by the os side ---------------------------------------------- */

/**
 * os_kasan_init - AddressSanitizer's reports to host_kasan_report()
 *
 * CONFIG_KASAN only; called once at boot.
 */
void os_kasan_init(void);

/**
 * os_fuzz_run - libFuzzer's loop over @fn (CONFIG_KMALLOC_FUZZ)
 * @fn: the target's function for one input; a non-zero return is a
 *      finding and abort()s, so that libFuzzer keeps the input
 * @ops: the target's count of operations executed (read at exit)
 *
 * Stops the kernel's timer and gives the fault signals back to libFuzzer,
 * then runs LLVMFuzzerRunDriver() with the process's argv (its flags up
 * to "-ignore_remaining_args=1"). When the process exits without a
 * finding, one line goes to stdout (the long-run figures): "fuzz: N
 * inputs, M operations in S s: X inputs/s, Y operations/s", or, when
 * *@ops is 0 (a parser's target counts no operations), "fuzz: N inputs
 * in S s: X inputs/s".
 * Return: libFuzzer's status, when it returns at all (it normally
 * exit()s).
 */
int os_fuzz_run(int (*fn)(const unsigned char *data, unsigned long size),
		const unsigned long long *ops);

/**
 * os_gcov_dump - have libgcov write the .gcda files (CONFIG_GCOV_KERNEL)
 * @dir: NULL: every file where the compiler put its .gcno (merged with
 *       what is there); otherwise the per-test directory: the files go
 *       under @dir/NNNN (GCOV_PREFIX), NNNN being @index in four digits,
 *       a line "NNNN name" is added to @dir/index.txt (started afresh
 *       when @index is 0) and the counters are zeroed afterwards
 * @index: the dump's number, from 0
 * @name: the running case's suite, case and parameter (NULL-terminated,
 *        at most three), or NULL or {NULL} outside a case
 *
 * libgcov reports a .gcda file it cannot write on stderr itself.
 * Return: 0, or the errno of making @dir or writing its index.
 */
int os_gcov_dump(const char *dir, unsigned int index,
		 const char *const name[3]);

/* main()'s argc and argv, for libFuzzer. */
extern int os_argc;
extern char **os_argv;

/*
 * The interrupt flag, emulated: the timer signal finds os_irqs_on clear,
 * sets os_irq_pending and returns; local_irq_enable() then calls
 * os_irq_replay(), which delivers it (as a CPU takes a held interrupt on
 * sti).
 */
extern volatile int os_irqs_on;
extern volatile int os_irq_pending;

/* The fault address of the last SIGSEGV or SIGBUS (the CR2 of a page fault). */
extern volatile unsigned long os_fault_address;

/**
 * os_irq_replay - deliver the timer tick that came while interrupts were off
 *
 * Raises SIGALRM again; os_irqs_on must be set.
 */
void os_irq_replay(void);

/**
 * os_signals_init - handle the fault signals and start the timer
 * @hz: timer ticks per second (SIGALRM from ITIMER_REAL)
 *
 * Return: 0, or the errno of the sigaction(), sigaltstack() or
 * setitimer() that failed.
 */
int os_signals_init(unsigned int hz);

/**
 * os_map_ram - the "RAM": one anonymous private mapping
 * @bytes: its size, a multiple of the page size
 *
 * Return: its address (page aligned), or 0 with *@err set to the errno of
 * mmap() when there is no room for it.
 */
unsigned long os_map_ram(unsigned long bytes, int *err);

/**
 * os_map_file - a file mapped read-only, as a boot module (initrd=)
 * @path: the file
 * @bytes: its size, set on success
 * @err: the errno of open(), fstat() or mmap() on failure
 *
 * Return: its address, or 0 with *@err set.
 */
unsigned long os_map_file(const char *path, unsigned long *bytes, int *err);

/**
 * os_write - write all of @len bytes of @buf to file descriptor @fd
 * @fd: 1 for stdout
 * @buf: the bytes
 * @len: bytes
 *
 * Retries short writes and EINTR; gives up silently on any other error
 * (there is nowhere left to report it).
 */
void os_write(int fd, const void *buf, unsigned long len);

/**
 * os_exit - end the process with @status, at once
 * @status: the exit status (enum kmlab_exit_status)
 */
void os_exit(int status) __attribute__((noreturn));

/**
 * os_monotonic_ns - CLOCK_MONOTONIC in nanoseconds
 */
unsigned long long os_monotonic_ns(void);

/**
 * os_strerror - the C library's text for errno @err
 * @err: an errno value
 */
const char *os_strerror(int err);

#endif /* _HOST_OS_H */
