// SPDX-License-Identifier: GPL-2.0
/*
 * Deliberate crashes for checking the fault path: "crash=null" (NULL
 * dereference), "crash=ud2" (invalid opcode), "crash=div0" (divide
 * error), "crash=gp" (general protection fault), "crash=panic", and
 * "crash=hang" (spins with interrupts off, for the host's hang timeout).
 * The crash happens once boot is complete, before the tests run.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/param.h>
#include <kmlab/init.h>
#include <kmlab/errno.h>
#include <asm/traps.h>

static const char *crash_mode;
kernel_param("crash", crash_mode, charp,
	     "null|ud2|div0|gp|panic|hang: crash at the end of boot");

/* In assembly, so the compiler can neither drop nor "fix" them. */
static __noinline void crash_null(void)
{
	__asm__ __volatile__("movl 0x0, %%eax" : : : "eax", "memory");
}

static __noinline void crash_ud2(void)
{
	__asm__ __volatile__("ud2");
}

static __noinline void crash_div0(void)
{
	__asm__ __volatile__(
		"xorl %%ecx, %%ecx; movl $1, %%eax; cltd; idivl %%ecx"
		:
		:
		: "eax", "ecx", "edx");
}

static __noinline void crash_gp(void)
{
	/* Loading a selector past the end of the GDT. */
	__asm__ __volatile__("movl $0x80, %%eax; movl %%eax, %%ds" : : : "eax");
}

static int crash_now(void)
{
	char mode[PARAM_ECHO_MAX];

	if (!crash_mode || !*crash_mode)
		return 0;
	string_escape_str(crash_mode, mode, sizeof(mode));
	pr_info("crash: crashing on purpose: crash=%s\n", mode);
	if (!strcmp(crash_mode, "null"))
		crash_null();
	else if (!strcmp(crash_mode, "ud2"))
		crash_ud2();
	else if (!strcmp(crash_mode, "div0"))
		crash_div0();
	else if (!strcmp(crash_mode, "gp"))
		crash_gp();
	else if (!strcmp(crash_mode, "panic"))
		panic("crash=panic on the command line");
	else if (!strcmp(crash_mode, "hang")) {
		local_irq_disable();
		for (;;)
			barrier();
	} else
		goto unknown;
	pr_err("crash: crash=%s did not crash\n", mode);
	return -EFAULT;
unknown:
	pr_err("crash: unknown mode '%s' (null, ud2, div0, gp, panic, hang)\n",
	       mode);
	return -EINVAL;
}
late_initcall(crash_now);
