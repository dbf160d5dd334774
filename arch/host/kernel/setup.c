// SPDX-License-Identifier: GPL-2.0
/*
 * ARCH=host bring-up: from main() (arch/host/os/main.c) to start_kernel().
 *
 * The same order as i386_start_kernel(): the console first (stdout), then
 * the command line (argv) and its early parameters, the fault signals and
 * the timer (the IDT, PIC and PIT of i386), and finally memblock: the
 * "RAM" is one anonymous mapping of mem= bytes (default 128 MiB, as make
 * run's MEM=), handed to memblock whole. The program's own image is
 * outside it, so nothing is reserved. There are no boot modules.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/param.h>
#include <kmlab/memblock.h>
#include <kmlab/bootinfo.h>
#include <kmlab/machine.h>
#include <kmlab/kstrtox.h>
#include <kmlab/errno.h>
#include <kmlab/page.h>
#include <kmlab/kasan.h>
#include <asm/timer.h>
#include <os.h>

struct boot_module boot_modules[BOOT_MODULES_MAX];
unsigned int boot_module_count;
const char *boot_loader_name = "host";
static unsigned long ram_bytes = 128UL << 20;

void start_kernel(void);
void host_time_init(void);

/*
 * mem=SIZE: bytes of "RAM", with an optional K, M or G suffix (as QEMU's
 * -m and make run's MEM=), rounded down to whole pages.
 */
static int mem_setup(const char *val)
{
	char digits[24];
	size_t len = strlen(val);
	unsigned int shift = 0;
	unsigned long long n;

	if (len && strchr("kKmMgG", val[len - 1])) {
		shift = strchr("kK", val[len - 1]) ? 10 :
			strchr("mM", val[len - 1]) ? 20 :
						     30;
		len--;
	}
	if (!len || len >= sizeof(digits))
		return -EINVAL;
	memcpy(digits, val, len);
	digits[len] = '\0';
	if (kstrtoull(digits, 10, &n))
		return -EINVAL;
	if (n > (3ULL << 30) >> shift)
		return -ERANGE; /* more than a 32-bit process can map */
	ram_bytes = (unsigned long)(n << shift) & PAGE_MASK;
	return 0;
}
early_param("mem", mem_setup);

/* initrd=PATH: one boot module, the file mapped read-only. */
static int initrd_setup(const char *val)
{
	static char paths[BOOT_MODULES_MAX][256];
	struct boot_module *m = &boot_modules[boot_module_count];
	unsigned long bytes = 0, p;
	int err = 0;

	if (strlen(val) >= sizeof(paths[0])) {
		pr_err("boot: initrd=: a path of more than %zu bytes; ignored\n",
		       sizeof(paths[0]) - 1);
		return -E2BIG;
	}
	if (boot_module_count == BOOT_MODULES_MAX) {
		pr_err("boot: initrd=%s: more than %d boot modules; ignored\n",
		       val, BOOT_MODULES_MAX);
		return -E2BIG;
	}
	p = os_map_file(val, &bytes, &err);
	if (!p) {
		pr_err("boot: initrd=%s: cannot map it: %s; ignored\n", val,
		       os_strerror(err));
		return -ENOENT;
	}
	strscpy(paths[boot_module_count], val, sizeof(paths[0]));
	m->data = (const void *)p;
	m->size = bytes;
	m->cmdline = paths[boot_module_count];
	boot_module_count++;
	return 0;
}
early_param("initrd", initrd_setup);

static void stdout_write(const char *s, size_t len)
{
	os_write(1, s, len);
}

static struct console stdout_console = {
	.name = "stdout",
	.write = stdout_write,
};

static void setup_memory(void)
{
	unsigned long ram;
	int err;

	ram = os_map_ram(ram_bytes, &err);
	if (!ram)
		panic("memblock: cannot map %lu KiB of RAM: %s: give less (mem=SIZE, make run MEM=SIZE)",
		      ram_bytes >> 10, os_strerror(err));
	/* CONFIG_KASAN: nothing in it is anyone's until the heap hands it out. */
	kasan_poison((void *)ram, ram_bytes);
	memblock_add(ram, ram_bytes);
}

void host_start_kernel(const char *cmdline)
{
	int err;

	register_console(&stdout_console);
	if (IS_ENABLED(CONFIG_KASAN))
		os_kasan_init();
	save_command_line(cmdline);
	parse_args((char *)saved_command_line, true);
	host_time_init();
	err = os_signals_init(HZ);
	if (err)
		panic("boot: cannot install the signal handlers or the timer: %s",
		      os_strerror(err));
	setup_memory();
	memblock_finalize();
	start_kernel();
	machine_exit(KMLAB_EXIT_PANIC); /* start_kernel() does not return */
}
