// SPDX-License-Identifier: GPL-2.0
/*
 * printk: format into a buffer on the stack, store the message in the log
 * buffer, and hand it to every registered console if its level passes the
 * console log level. No timestamps: KTAP lines reach the host exactly as
 * printed. The level prefix (KERN_*) is stripped.
 *
 * The log buffer, as Linux's (before the lockless ring of 5.10), records
 * every message whatever the console log level: a ring of LOG_BUF_LEN
 * bytes holding records (struct printk_log, then the text), the oldest
 * dropped to make room. A record never wraps: when it does not fit before
 * the end, a zero header marks the wrap and it starts at offset 0. Readers
 * (ktest's console capture) walk the records with a kmsg_dump_iter by
 * sequence number and learn how many were overwritten before they read
 * them.
 *
 * loglevel= filters the consoles only. printk_force_console_enter() lets
 * every message through to the consoles until the matching exit, so that
 * ktest's KTAP reaches the host at any log level (Linux uses the same
 * mechanism for the sysrq headers).
 *
 * With CONFIG_SMP one lock (logbuf_lock, a bare ticket lock: the checks
 * of CONFIG_DEBUG_SPINLOCK report through printk) covers the log buffer
 * and the consoles, taken with interrupts off, so that a line from one
 * CPU is stored and written whole before another CPU's line starts. A
 * printk() nested on the CPU that holds it (from a fault in a console's
 * write) goes on without it rather than deadlock; printk_bust_lock()
 * frees it when its holder was stopped by an NMI (panic).
 *
 * One message is at most PRINTK_LINE_MAX - 1 bytes. A longer one is cut
 * and ends with a marker and a newline ("... [printk: cut, 700 bytes in
 * all]"), so that the next line (a KTAP line, say) never gets glued to it.
 */
#include <kmlab/printk.h>
#include <kmlab/param.h>
#include <kmlab/string.h>
#include <kmlab/smp.h>
#include <asm/traps.h>
#include <asm/spinlock.h>

static struct console *consoles;
int console_loglevel = 7;
kernel_param_range("loglevel", console_loglevel, int, 0, 8,
		   "print messages with a level below this (0-8, default 7)");

void register_console(struct console *con)
{
	con->next = consoles;
	consoles = con;
}

static unsigned int force_console;

void printk_force_console_enter(void)
{
	force_console++;
}

void printk_force_console_exit(void)
{
	force_console--;
}

/* -- The lock -------------------------------------------------------------- */

#ifdef CONFIG_SMP
static arch_spinlock_t logbuf_lock;
static int logbuf_owner = -1;

/* Take the lock unless this CPU holds it; return whether it was taken. */
static bool logbuf_lock_take(void)
{
	int self = smp_processor_id();

	if (__atomic_load_n(&logbuf_owner, __ATOMIC_RELAXED) == self)
		return false;
	arch_spin_lock(&logbuf_lock);
	logbuf_owner = self;
	return true;
}

static void logbuf_lock_release(bool taken)
{
	if (!taken)
		return;
	logbuf_owner = -1;
	arch_spin_unlock(&logbuf_lock);
}

void printk_bust_lock(void)
{
	int owner = __atomic_load_n(&logbuf_owner, __ATOMIC_ACQUIRE);

	if (owner >= 0 && owner != (int)smp_processor_id()) {
		logbuf_owner = -1;
		__atomic_store_n(&logbuf_lock.slock, 0, __ATOMIC_RELEASE);
	}
}
#else
static inline bool logbuf_lock_take(void)
{
	return false;
}

static inline void logbuf_lock_release(bool taken)
{
}
#endif

/* -- The log buffer -------------------------------------------------------- */

/* A record's header; the text follows, the record is padded to 4 bytes. */
struct printk_log {
	u16 len; /* the whole record; 0: wrap to the start of the buffer */
	u16 text_len;
	u8 level;
	u8 pad[3];
};

static char log_buf[LOG_BUF_LEN] __aligned(4);
static u32 log_first_idx, log_next_idx; /* oldest record, next free byte */
static u64 log_first_seq, log_next_seq; /* their sequence numbers */

static struct printk_log *log_from_idx(u32 idx)
{
	struct printk_log *msg = (struct printk_log *)(log_buf + idx);

	return msg->len ? msg : (struct printk_log *)log_buf;
}

static u32 log_next(u32 idx)
{
	struct printk_log *msg = (struct printk_log *)(log_buf + idx);

	if (!msg->len) /* the wrap marker: the record is at the start */
		return ((struct printk_log *)log_buf)->len;
	return idx + msg->len;
}

/* Room for @size bytes at log_next_idx, or at 0 after a wrap marker. */
static bool log_has_space(u32 size)
{
	u32 free;

	if (log_first_seq == log_next_seq)
		return true; /* empty: log_store() starts over at 0 */
	if (log_next_idx > log_first_idx)
		free = max(LOG_BUF_LEN - log_next_idx, log_first_idx);
	else
		free = log_first_idx - log_next_idx;
	/* Keep room for a wrap marker, as Linux's logbuf_has_space(). */
	return free >= size + sizeof(struct printk_log);
}

static void log_store(int level, const char *text, u16 text_len)
{
	u32 size = ALIGN(sizeof(struct printk_log) + text_len, 4);
	struct printk_log *msg;

	while (log_first_seq < log_next_seq && !log_has_space(size)) {
		log_first_idx = log_next(log_first_idx);
		log_first_seq++;
	}
	if (log_first_seq == log_next_seq)
		log_first_idx = log_next_idx = 0;
	if (log_next_idx + size + sizeof(struct printk_log) > LOG_BUF_LEN) {
		memset(log_buf + log_next_idx, 0, sizeof(struct printk_log));
		log_next_idx = 0;
	}
	msg = (struct printk_log *)(log_buf + log_next_idx);
	memcpy(msg + 1, text, text_len);
	msg->text_len = text_len;
	msg->level = level;
	msg->len = size;
	log_next_idx += size;
	log_next_seq++;
}

void kmsg_dump_rewind(struct kmsg_dump_iter *iter)
{
	unsigned long flags = local_irq_save();
	bool locked = logbuf_lock_take();

	iter->cur_seq = log_first_seq;
	iter->cur_idx = log_first_idx;
	iter->lost = 0;
	logbuf_lock_release(locked);
	local_irq_restore(flags);
}

void kmsg_dump_skip(struct kmsg_dump_iter *iter)
{
	unsigned long flags = local_irq_save();
	bool locked = logbuf_lock_take();

	iter->cur_seq = log_next_seq;
	iter->cur_idx = log_next_idx;
	logbuf_lock_release(locked);
	local_irq_restore(flags);
}

bool kmsg_dump_get_line(struct kmsg_dump_iter *iter, char *line, size_t size,
			size_t *len, int *level)
{
	unsigned long flags = local_irq_save();
	bool locked = logbuf_lock_take();
	struct printk_log *msg;
	bool ok = false;

	if (iter->cur_seq < log_first_seq) {
		/* Overwritten before it was read. */
		iter->lost += log_first_seq - iter->cur_seq;
		iter->cur_seq = log_first_seq;
		iter->cur_idx = log_first_idx;
	}
	if (iter->cur_seq < log_next_seq) {
		msg = log_from_idx(iter->cur_idx);
		*len = msg->text_len < size ? msg->text_len : size;
		memcpy(line, msg + 1, *len);
		if (level)
			*level = msg->level;
		iter->cur_idx = log_next(iter->cur_idx);
		iter->cur_seq++;
		ok = true;
	}
	logbuf_lock_release(locked);
	local_irq_restore(flags);
	return ok;
}

/* -- printk ---------------------------------------------------------------- */

#define PRINTK_LINE_MAX 512

/* End a cut message in @buf (full: its length uncut) with the marker. */
static int printk_mark_cut(char *buf, size_t size, int full)
{
	char mark[48];
	int m = snprintf(mark, sizeof(mark),
			 " ... [printk: cut, %d bytes in all]\n", full);

	memcpy(buf + size - 1 - m, mark, m + 1);
	return size - 1;
}

int vprintk(const char *fmt, va_list args)
{
	char buf[PRINTK_LINE_MAX];
	int level = LOGLEVEL_DEFAULT, len;
	unsigned long flags;
	bool locked;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	len = vsnprintf(buf, sizeof(buf), fmt, args);
	if (len >= (int)sizeof(buf))
		len = printk_mark_cut(buf, sizeof(buf), len);
	flags = local_irq_save();
	locked = logbuf_lock_take();
	log_store(level, buf, len);
	if (level < console_loglevel || force_console)
		for (struct console *c = consoles; c; c = c->next)
			c->write(buf, len);
	logbuf_lock_release(locked);
	local_irq_restore(flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = vprintk(fmt, args);
	va_end(args);
	return r;
}
