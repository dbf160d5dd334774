/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk with Linux's log levels, vsnprintf and friends (kernel/printk.c,
 * lib/vsprintf.c), panic() (kernel/panic.c).
 */
#ifndef _KMLAB_PRINTK_H
#define _KMLAB_PRINTK_H

#include <kmlab/compiler.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_DEFAULT ""
#define LOGLEVEL_DEFAULT 6

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/**
 * printk - print a message to every registered console
 * @fmt: format (see vsnprintf()), optionally preceded by a KERN_* level
 *
 * Every message is stored in the log buffer (see kmsg_dump_get_line());
 * it reaches the consoles if its level is numerically below the console
 * log level (command line "loglevel=N", default 7: all but debug) or a
 * printk_force_console_enter() is in effect.
 * Callable from any context, interrupts included; never allocates.
 *
 * Return: the number of characters printed.
 */
__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list args);

#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(fmt, ##__VA_ARGS__)

/* Formatting: %d %i %u %x %X %p %s %c %%, length modifiers hh h l ll z,
 * flags - 0 and space, field width and precision (also *), %pS and %ps
 * (symbol+offset/size and symbol alone). */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

/**
 * panic - report a fatal error and end the run
 * @fmt: printf-style message
 *
 * Prints "Kernel panic - not syncing: <message>" and a backtrace, then ends
 * the run with status KMLAB_EXIT_PANIC (make run exits non-zero and says
 * "kernel panic"). Never returns. Any context.
 */
__printf(1, 2) __noreturn void panic(const char *fmt, ...);

/**
 * BUG_ON - panic with file and line when @cond is true
 * @cond: condition that must never hold
 */
#define BUG_ON(cond)                                                          \
	do {                                                                  \
		if (unlikely(cond))                                           \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)

/**
 * WARN_ON - print a warning with a backtrace when @cond is true
 * @cond: condition that should not hold
 *
 * Return: the truth value of @cond, so it can be used in an if.
 */
#define WARN_ON(cond)                                             \
	({                                                        \
		bool __c = !!(cond);                              \
		if (unlikely(__c))                                \
			warn_slowpath(__FILE__, __LINE__, #cond); \
		__c;                                              \
	})
void warn_slowpath(const char *file, int line, const char *cond);

/* Console output drivers (serial, 0xE9 debug port ...). */
struct console {
	const char *name;
	void (*write)(const char *s, size_t len);
	struct console *next;
};
void register_console(struct console *con);

/*
 * The console log level: messages with a level numerically below it reach
 * the consoles (command line "loglevel=N", default 7). Every message is
 * stored in the log buffer whatever its level.
 */
extern int console_loglevel;

/**
 * printk_force_console_enter - let every message reach the consoles
 *
 * Until the matching printk_force_console_exit(), messages reach the
 * consoles whatever console_loglevel says (they are stored in the log
 * buffer either way). Calls nest. ktest uses it so that KTAP reaches the
 * host at any log level. Any context.
 */
void printk_force_console_enter(void);

/**
 * printk_force_console_exit - end printk_force_console_enter()
 */
void printk_force_console_exit(void);

#ifdef CONFIG_SMP
/**
 * printk_bust_lock - free printk's lock if a stopped CPU holds it
 *
 * For panic, after smp_send_stop(): a CPU stopped by an NMI inside
 * printk() never releases the lock. Its line may be cut short. Context:
 * the other CPUs are stopped.
 */
void printk_bust_lock(void);
#else
static inline void printk_bust_lock(void)
{
}
#endif

/* Bytes of the log buffer (kernel/printk.c). */
#define LOG_BUF_LEN (1 << 14)

/**
 * struct kmsg_dump_iter - a reader's place in the log buffer
 * @cur_seq: sequence number of the next record to read
 * @cur_idx: its offset in the log buffer (private)
 * @lost: records overwritten before this reader read them
 *
 * Set with kmsg_dump_rewind() or kmsg_dump_skip(), read with
 * kmsg_dump_get_line().
 */
struct kmsg_dump_iter {
	u64 cur_seq;
	u32 cur_idx;
	unsigned long lost;
};

/**
 * kmsg_dump_rewind - read the log buffer from its oldest record
 * @iter: the reader; @iter->lost is reset to 0
 *
 * Any context.
 */
void kmsg_dump_rewind(struct kmsg_dump_iter *iter);

/**
 * kmsg_dump_skip - skip every record stored so far
 * @iter: the reader (set up by kmsg_dump_rewind() or kmsg_dump_skip())
 *
 * The next kmsg_dump_get_line() returns the next message printed. Any
 * context.
 */
void kmsg_dump_skip(struct kmsg_dump_iter *iter);

/**
 * kmsg_dump_get_line - read the next record of the log buffer
 * @iter: the reader
 * @line: where to copy the message text (not NUL-terminated; as printed,
 *	KERN_* level stripped, with its newline if it had one)
 * @size: bytes at @line; a longer text is cut to @size
 * @len: set to the bytes copied
 * @level: set to the record's log level (0-7), or NULL
 *
 * Records overwritten since @iter last read are skipped and counted in
 * @iter->lost. Any context (interrupts are disabled while copying).
 *
 * Return: true if a record was read, false if there is none yet.
 */
bool kmsg_dump_get_line(struct kmsg_dump_iter *iter, char *line, size_t size,
			size_t *len, int *level);

/* Print a backtrace of the current stack, one "[<addr>] sym+off/size" a line. */
void dump_stack(void);

#endif /* _KMLAB_PRINTK_H */
