// SPDX-License-Identifier: GPL-2.0
/*
 * i386 bring-up: from the multiboot entry to start_kernel().
 *
 * Order matters: the GDT and the serial console first (so everything after
 * can print), then the early command line parameters, the IDT (so faults
 * are reported), paging, the PIC and the PIT, and finally memblock from the
 * multiboot memory map. The boot loader's strings are copied into the
 * kernel image, so that only the modules' contents need reserving.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/param.h>
#include <kmlab/multiboot.h>
#include <kmlab/memblock.h>
#include <kmlab/bootinfo.h>
#include <kmlab/machine.h>
#include <kmlab/page.h>
#include <asm/setup.h>

#define MODULE_CMDLINE_MAX 128

static char module_cmdlines[BOOT_MODULES_MAX][MODULE_CMDLINE_MAX];
static char loader_name[64];
struct boot_module boot_modules[BOOT_MODULES_MAX];
unsigned int boot_module_count;
const char *boot_loader_name = "unknown";
extern char __kernel_start[];

void start_kernel(void);
void i386_start_kernel(u32 magic, const struct multiboot_info *mbi);

/*
 * Drop the kernel's file name that QEMU's -kernel puts first ("vmlinux
 * foo=1", hw/i386/multiboot.c: "%s %s") and the one space after it, so
 * that the arguments reach the kernel exactly as through GRUB 2, which
 * passes them alone; a first word starting with '/' is taken for a path
 * from other loaders. save_command_line() keeps the rest, or refuses it
 * whole when it does not fit.
 */
static void save_multiboot_command_line(const char *s)
{
	if (s[0] == '/' || !strncmp(boot_loader_name, "qemu", 4)) {
		while (*s && *s != ' ')
			s++;
		if (*s == ' ')
			s++;
	}
	save_command_line(s);
}

/* memblock_finalize() drops RAM at or above 4 GiB: say so, and why. */
static void report_memory_above_4g(void)
{
	const phys_addr_t four_gib = 1ULL << 32;
	phys_addr_t above = 0;

	for (unsigned int i = 0; i < memblock_memory.cnt; i++) {
		const struct memblock_region *r = &memblock_memory.regions[i];
		phys_addr_t end = r->base + r->size;

		if (end > four_gib)
			above += end - max(r->base, four_gib);
	}
	if (above)
		pr_warn("memblock: ignoring %llu MiB of RAM above 4 GiB: a 32-bit kernel without PAE cannot address it\n",
			above >> 20);
}

static void setup_memory_map(const struct multiboot_info *mbi)
{
	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		u32 p = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;

		while (p < end) {
			const struct multiboot_mmap_entry *e = (const void *)p;

			if (e->type == MULTIBOOT_MEMORY_AVAILABLE)
				memblock_add(e->addr, e->len);
			p += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MULTIBOOT_INFO_MEMORY) {
		pr_warn("memblock: no memory map from the boot loader, using mem_upper\n");
		memblock_add(0x100000, (phys_addr_t)mbi->mem_upper * 1024);
	} else {
		panic("memblock: the boot loader gave no memory information");
	}
	report_memory_above_4g();
	reserve_virtual_areas();
	reserve_highmem();
	/* Like Linux on x86, leave the first 1 MiB to firmware and boot data. */
	memblock_reserve(0, 0x100000);
	memblock_reserve((u32)__kernel_start, (u32)_end - (u32)__kernel_start);
}

static void setup_modules(const struct multiboot_info *mbi)
{
	char name[PARAM_ECHO_MAX];
	const struct multiboot_mod_list *mod;

	if (!(mbi->flags & MULTIBOOT_INFO_MODS))
		return;
	mod = (const void *)mbi->mods_addr;
	for (u32 i = 0; i < mbi->mods_count; i++) {
		struct boot_module *bm;

		if (boot_module_count == BOOT_MODULES_MAX) {
			pr_err("boot: more than %d modules, ignoring the rest\n",
			       BOOT_MODULES_MAX);
			break;
		}
		bm = &boot_modules[boot_module_count];
		bm->data = (const void *)mod[i].mod_start;
		bm->size = mod[i].mod_end - mod[i].mod_start;
		if (mod[i].cmdline &&
		    strscpy(module_cmdlines[boot_module_count],
			    (const char *)mod[i].cmdline,
			    MODULE_CMDLINE_MAX) < 0)
			pr_warn("boot: module %u: command line cut to its first %d bytes\n",
				i, MODULE_CMDLINE_MAX - 1);
		bm->cmdline = module_cmdlines[boot_module_count];
		memblock_reserve(mod[i].mod_start, bm->size);
		string_escape_str(bm->cmdline, name, sizeof(name));
		pr_info("boot: module %u: %#x-%#x (%zu bytes) '%s'\n", i,
			mod[i].mod_start, mod[i].mod_end, bm->size, name);
		boot_module_count++;
	}
}

void i386_start_kernel(u32 magic, const struct multiboot_info *mbi)
{
	gdt_init();
	early_console_init();
	e9_console_init();
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
		printk(KERN_EMERG
		       "boot: not started by a multiboot loader (magic %#x)\n",
		       magic);
		machine_exit(KMLAB_EXIT_PANIC);
	}
	if (mbi->flags & MULTIBOOT_INFO_BOOT_LOADER_NAME) {
		strscpy(loader_name, (const char *)mbi->boot_loader_name,
			sizeof(loader_name));
		boot_loader_name = loader_name;
	}
	save_multiboot_command_line((mbi->flags & MULTIBOOT_INFO_CMDLINE) ?
					    (const char *)mbi->cmdline :
					    "");
	idt_init();
	parse_args((char *)saved_command_line, true);
	paging_init();
	pic_init();
	time_init();
	setup_memory_map(mbi);
	setup_modules(mbi);
	memblock_finalize();
	start_kernel();
}
