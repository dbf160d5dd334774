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
#include <asm/serial.h>
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

/* Serialise one object's counters and send them as one frame. */
static bool gcov_dump_info(const struct gcov_info *info, u32 *bytes)
{
	struct gcov_sink s = { .name = NULL };
	const char *reason = NULL;

	gcov_pool_used = 0;
	__gcov_info_to_gcda(info, gcov_filename_cb, gcov_dump_cb,
			    gcov_allocate_cb, &s);
	if (!s.name)
		reason = "libgcov gave no file name";
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

/**
 * gcov_dump - send every object's coverage counters over COM2
 * @status: the run's exit status (unused: every run is dumped)
 *
 * A machine_exit_hook: runs once, with interrupts off, after the tests,
 * whatever the status. Writes one line to the console, the frames to COM2.
 */
static void gcov_dump(int status)
{
	u32 files = __gcov_info_end - __gcov_info_start;
	u32 errors = 0, bytes = 0;

	if (serial_init(COM2_PORT)) {
		pr_err("gcov: no UART on COM2; coverage data not dumped\n");
		return;
	}
	com2_puts("\nKMLAB-GCOV BEGIN v1 files=");
	com2_put_u32(files, 10, 1);
	com2_puts("\n");
	for (const struct gcov_info *const *p = __gcov_info_start;
	     p < __gcov_info_end; p++)
		if (!gcov_dump_info(*p, &bytes))
			errors++;
	com2_puts("KMLAB-GCOV END files=");
	com2_put_u32(files, 10, 1);
	com2_puts(" errors=");
	com2_put_u32(errors, 10, 1);
	com2_puts("\n");
	pr_info("gcov: %u files, %u bytes of coverage data sent on COM2, %u errors\n",
		files, bytes, errors);
}
machine_exit_hook(gcov_dump);
