// SPDX-License-Identifier: GPL-2.0
/*
 * gcov coverage dump over COM2 (CONFIG_GCOV_KERNEL).
 *
 * Profiled objects are compiled with --coverage -fprofile-info-section:
 * GCC keeps each object's counters in a struct gcov_info and puts a
 * pointer to it in the .gcov_info section, which the linker script
 * bounds with __gcov_info_start/__gcov_info_end. There are no
 * constructors and no files here, so we follow "Profiling and Test
 * Coverage in Freestanding Environments" in the GCC manual: at the end of
 * the run (a machine_exit_hook, so after ktest, on passing, failing,
 * panicking and faulting runs alike) each gcov_info is turned into the
 * bytes of its .gcda file by libgcov's __gcov_info_to_gcda(). We never
 * write the gcda format ourselves.
 *
 * Each file is first serialised into a static buffer, which makes it a
 * snapshot (nothing profiled runs while it is sent) and gives its length
 * and CRC-32 before the first byte goes out. Then it is framed on COM2:
 *
 *	KMLAB-GCOV BEGIN v1 files=<n>\n
 *	KMLAB-GCOV FILE size=<bytes> crc32=<8 hex> name=<path>.gcda\n
 *	<bytes of gcda data>
 *	\nKMLAB-GCOV END-FILE\n
 *	...
 *	KMLAB-GCOV ERROR name=<path> reason=<text>\n    (file not serialised)
 *	KMLAB-GCOV END files=<n> errors=<n>\n
 *
 * scripts/gcov-extract checks every frame (marker, size, CRC-32 as in
 * zlib.crc32) and names the file that a truncated or damaged capture cut.
 * <path> is the .gcda path GCC recorded at compile time: the object's
 * path in the build directory.
 *
 * GCC 12's libgcov has no __gcov_filename_to_gcfn() (it came with GCC
 * 13), so the file name travels in our FILE header instead of a gcfn
 * record.
 *
 * Per test (gcov.per_test=1 on the command line, which scripts/coverage
 * --per-test sets): the ktest runner calls gcov_case_begin() and
 * gcov_case_end() (kernel/gcov_case.c) around every case and parameter,
 * and they call gcov_dump_case() here. Each sends one dump,
 * as above, whose BEGIN line names what ran since the last one:
 *
 *	KMLAB-GCOV BEGIN v1 files=<n> test=<suite.case[.param]>
 *	KMLAB-GCOV BEGIN v1 files=<n> test=           (outside any case)
 *
 * and then zeroes every counter, as libgcov's __gcov_reset() does
 * (gcov_clear() in libgcc/libgcov-driver.c) but over the .gcov_info
 * section, since no constructor registered the objects with libgcov. A
 * dump holds only the objects whose counters are not all zero, except
 * the first, which holds every object so that the host learns every
 * line, also those no test reaches. The dumps of one boot add up to the
 * counters of a plain run. Walking the counters needs GCC's struct
 * gcov_info, which <gcov.h> keeps opaque: the copy below is the one of
 * libgcc/libgcov.h (Linux's kernel/gcov/gcc_4_7.c keeps the same), and
 * it is checked against libgcov at the first dump.
 *
 * This file, the serial driver and the exit path are not profiled
 * (GCOV_PROFILE_gcov.o := n): nothing the dump runs changes a counter.
 * The dump does not touch the heap under test: the allocate callback
 * libgcov wants (only for value-profiling counters, which --coverage
 * does not emit) hands out a small static pool.
 */
#include <kmlab/types.h>
#include <kmlab/compiler.h>
#include <kmlab/printk.h>
#include <kmlab/machine.h>
#include <kmlab/param.h>
#include <kmlab/gcov.h>
#include <asm/serial.h>
#include <asm/traps.h>
#include <gcov.h>

#define GCOV_BUF_SIZE (512 * 1024) /* bytes: the largest .gcda file */
#define GCOV_POOL_SIZE (16 * 1024) /* bytes: libgcov's allocations */

extern const struct gcov_info *const __gcov_info_start[];
extern const struct gcov_info *const __gcov_info_end[];

/* One file being serialised by __gcov_info_to_gcda(). */
struct gcov_sink {
	const char *name; /* .gcda path from the filename callback */
	u32 len; /* bytes in gcov_buf */
	bool overflow; /* gcov_buf was too small */
	bool pool_empty; /* an allocation failed */
};

/* GCC's counter kinds (gcc/gcov-counter.def): 8 from GCC 10 to 13. */
#if __GNUC__ >= 14
#define GCOV_COUNTERS 9
#else
#define GCOV_COUNTERS 8
#endif

/* libgcc/libgcov.h's struct gcov_ctr_info: one kind's counters. */
struct gcov_ctr_layout {
	u32 num;
	s64 *values;
};

/* libgcc/libgcov.h's struct gcov_fn_info: one function. */
struct gcov_fn_layout {
	const void *key; /* the gcov_info that owns it (comdat) */
	u32 ident, lineno_checksum, cfg_checksum;
	struct gcov_ctr_layout ctrs[]; /* one per kind in use */
};

/* libgcc/libgcov.h's struct gcov_info: one object. */
struct gcov_info_layout {
	u32 version;
	void *next;
	u32 stamp;
#if __GNUC__ >= 12
	u32 checksum;
#endif
	const char *filename;
	void (*merge[GCOV_COUNTERS])(s64 *counters, u32 n);
	u32 n_functions;
	const struct gcov_fn_layout *const *functions;
};

static u8 gcov_buf[GCOV_BUF_SIZE];
static u8 gcov_pool[GCOV_POOL_SIZE] __aligned(8);
static u32 gcov_pool_used;

/**
 * __gcov_merge_add - libgcov's counter merge hook, never called here
 * @counters: counters of one function (unused)
 * @n_counters: how many (unused)
 *
 * libgcov's file I/O driver is not linked in: counters are merged on the
 * host, never here. GCC still records __gcov_merge_add in each gcov_info,
 * and __gcov_info_to_gcda() only tests it for non-NULL to know which
 * counters exist, so this stub keeps the linker from pulling the hosted
 * driver (fopen and friends) out of libgcov.a. Any context.
 */
void __gcov_merge_add(void *counters, unsigned int n_counters);
void __gcov_merge_add(void *counters, unsigned int n_counters)
{
}

/**
 * abort - libgcov's fatal error exit
 *
 * __gcov_info_to_gcda() in the 32-bit libgcov.a calls abort() on an error
 * path for value-profiling counters, which --coverage does not emit. If
 * it ever runs, panic with a message instead of stopping silently.
 * Context: the coverage dump. Never returns.
 */
void abort(void);
void abort(void)
{
	panic("gcov: libgcov called abort()");
}

/**
 * mmap64 - libgcov's fallback allocator, refused
 * @addr: hint (unused)
 * @len: bytes wanted
 * @prot: protection (unused)
 * @flags: mapping flags (unused)
 * @fd: file (unused)
 * @off: offset in bytes (unused)
 *
 * Referenced by __gcov_info_to_gcda() for value-profiling counters only.
 * The dump must not take memory from anywhere but its static pool.
 * Context: the coverage dump.
 * Return: always (void *)-1 (MAP_FAILED), after one error line.
 */
void *mmap64(void *addr, unsigned int len, int prot, int flags, int fd,
	     long long off);
void *mmap64(void *addr, unsigned int len, int prot, int flags, int fd,
	     long long off)
{
	pr_err("gcov: libgcov asked for %u bytes with mmap(); refused\n", len);
	return (void *)-1; /* MAP_FAILED */
}

/*
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320), the one zlib
 * and Python's zlib.crc32() compute. Bitwise: no table to keep around.
 */
static u32 gcov_crc32(const u8 *p, u32 len)
{
	u32 crc = 0xffffffff;

	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

static void gcov_filename_cb(const char *name, void *arg)
{
	((struct gcov_sink *)arg)->name = name;
}

/* The "memcpy" callback: append @n bytes of gcda data to gcov_buf. */
static void gcov_dump_cb(const void *data, unsigned int n, void *arg)
{
	struct gcov_sink *s = arg;
	const u8 *src = data;

	if (s->overflow || n > GCOV_BUF_SIZE - s->len) {
		s->overflow = true;
		return;
	}
	for (unsigned int i = 0; i < n; i++)
		gcov_buf[s->len + i] = src[i];
	s->len += n;
}

static void *gcov_allocate_cb(unsigned int n, void *arg)
{
	struct gcov_sink *s = arg;
	u32 size = ALIGN(n, 8);
	void *p;

	if (size > GCOV_POOL_SIZE - gcov_pool_used) {
		s->pool_empty = true;
		return NULL;
	}
	p = gcov_pool + gcov_pool_used;
	gcov_pool_used += size;
	return p;
}

/* Output helpers that run no profiled code (vsprintf is profiled). */
static void com2_puts(const char *s)
{
	const char *e = s;

	while (*e)
		e++;
	serial_write(COM2_PORT, s, e - s);
}

static void com2_put_u32(u32 v, int base, int width)
{
	char buf[11];
	int i = sizeof(buf);

	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
		width--;
	} while (v || width > 0);
	serial_write(COM2_PORT, buf + i, sizeof(buf) - i);
}

/*
 * Whether any counter of @info is not zero; with @clear, zero them all
 * (libgcov's gcov_clear(): a function belongs to the object that is its
 * key, and only the counter kinds with a merge function exist).
 */
static bool gcov_counters(const struct gcov_info *info, bool clear)
{
	const struct gcov_info_layout *gi = (const void *)info;
	bool touched = false;

	for (u32 f = 0; f < gi->n_functions; f++) {
		const struct gcov_fn_layout *fn = gi->functions[f];
		const struct gcov_ctr_layout *ctr;

		if (!fn || fn->key != gi)
			continue;
		ctr = fn->ctrs;
		for (int t = 0; t < GCOV_COUNTERS; t++) {
			if (!gi->merge[t])
				continue;
			for (u32 i = 0; i < ctr->num; i++) {
				touched |= ctr->values[i] != 0;
				if (clear)
					ctr->values[i] = 0;
			}
			ctr++;
		}
	}
	return touched;
}

/* Serialise one object's counters and send them as one frame. */
static bool gcov_dump_info(const struct gcov_info *info, u32 *bytes)
{
	const struct gcov_info_layout *gi = (const void *)info;
	struct gcov_sink s = { .name = NULL };
	const char *reason = NULL;

	gcov_pool_used = 0;
	__gcov_info_to_gcda(info, gcov_filename_cb, gcov_dump_cb,
			    gcov_allocate_cb, &s);
	if (!s.name)
		reason = "libgcov gave no file name";
	else if (gcov_per_test && s.name != gi->filename)
		reason = "struct gcov_info is not laid out as kernel/gcov.c "
			 "expects (another GCC?): per-test coverage is off";
	else if (s.overflow)
		reason =
			"larger than the dump buffer (GCOV_BUF_SIZE in kernel/gcov.c)";
	else if (s.pool_empty)
		reason =
			"libgcov allocation pool exhausted (GCOV_POOL_SIZE in kernel/gcov.c)";
	if (reason) {
		pr_err("gcov: %s: %s\n", s.name ? s.name : "?", reason);
		com2_puts("KMLAB-GCOV ERROR name=");
		com2_puts(s.name ? s.name : "?");
		com2_puts(" reason=");
		com2_puts(reason);
		com2_puts("\n");
		return false;
	}
	com2_puts("KMLAB-GCOV FILE size=");
	com2_put_u32(s.len, 10, 1);
	com2_puts(" crc32=");
	com2_put_u32(gcov_crc32(gcov_buf, s.len), 16, 8);
	com2_puts(" name=");
	com2_puts(s.name);
	com2_puts("\n");
	serial_write(COM2_PORT, gcov_buf, s.len);
	com2_puts("\nKMLAB-GCOV END-FILE\n");
	*bytes += s.len;
	return true;
}

/* What the dumps of this boot sent, for the console line at exit. */
static u32 gcov_dumps, gcov_files, gcov_errors, gcov_bytes;
static bool gcov_com2_ready, gcov_com2_failed;

static bool gcov_com2(void)
{
	if (!gcov_com2_ready && !gcov_com2_failed) {
		if (serial_init(COM2_PORT)) {
			pr_err("gcov: no UART on COM2; coverage data not dumped\n");
			gcov_com2_failed = true;
		} else {
			gcov_com2_ready = true;
		}
	}
	return gcov_com2_ready;
}

/*
 * Send one dump: every object, or (@changed_only) those whose counters
 * are not all zero; under gcov.per_test=1 its BEGIN line names the case
 * in gcov_case_name[] ("test=" alone outside a case), and the counters
 * are zeroed once sent. Interrupts must be off.
 */
static void gcov_dump_set(bool changed_only)
{
	const struct gcov_info *const *p;
	u32 files = 0, errors = 0;

	if (!gcov_com2())
		return;
	for (p = __gcov_info_start; p < __gcov_info_end; p++)
		if (!changed_only || gcov_counters(*p, false))
			files++;
	com2_puts("\nKMLAB-GCOV BEGIN v1 files=");
	com2_put_u32(files, 10, 1);
	if (gcov_per_test) {
		com2_puts(" test=");
		for (int i = 0; i < 3 && gcov_case_name[i]; i++) {
			if (i)
				com2_puts(".");
			com2_puts(gcov_case_name[i]);
		}
	}
	com2_puts("\n");
	for (p = __gcov_info_start; p < __gcov_info_end; p++) {
		if (changed_only && !gcov_counters(*p, false))
			continue;
		if (!gcov_dump_info(*p, &gcov_bytes))
			errors++;
		else if (gcov_per_test)
			gcov_counters(*p, true);
	}
	com2_puts("KMLAB-GCOV END files=");
	com2_put_u32(files, 10, 1);
	com2_puts(" errors=");
	com2_put_u32(errors, 10, 1);
	com2_puts("\n");
	gcov_dumps++;
	gcov_files += files;
	gcov_errors += errors;
	if (errors && gcov_per_test) {
		/* Counters not sent stay; stop before they are mixed up. */
		pr_err("gcov: %u files not sent; per-test coverage is off\n",
		       errors);
		gcov_per_test = false;
	}
}

/* One per-test dump (kernel/gcov_case.c): the first one holds every object. */
void gcov_dump_case(void)
{
	unsigned long flags = local_irq_save();

	gcov_dump_set(gcov_dumps != 0);
	local_irq_restore(flags);
}

/**
 * gcov_dump - send the coverage counters over COM2 at exit
 * @status: the run's exit status (unused: every run is dumped)
 *
 * A machine_exit_hook: runs once, with interrupts off, after the tests,
 * whatever the status. Sends every object; under gcov.per_test=1 only
 * what changed since the last per-test dump (everything, if there was
 * none), named after the case that was running, if any. Writes one line
 * to the console, the frames to COM2.
 */
static void gcov_dump(int status)
{
	bool per_test = gcov_per_test;

	gcov_dump_set(per_test && gcov_dumps);
	if (!gcov_com2_ready)
		return;
	if (per_test)
		pr_info("gcov: %u dumps, %u files, %u bytes of coverage data sent on COM2, %u errors\n",
			gcov_dumps, gcov_files, gcov_bytes, gcov_errors);
	else
		pr_info("gcov: %u files, %u bytes of coverage data sent on COM2, %u errors\n",
			gcov_files, gcov_bytes, gcov_errors);
}
machine_exit_hook(gcov_dump);
