/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel command line parameters (kernel/params.c).
 *
 * Any file declares the "name=value" parameters it understands; GRUB's
 * command line is parsed once at boot, before initcalls. A small version of
 * Linux's module_param()/early_param(): descriptors live in the
 * .kernel_params linker section, so there is no central list.
 *
 *	static unsigned int seed;
 *	kernel_param("ktest.seed", seed, uint, "seed for ktest.shuffle");
 *
 *	static int __init crash_setup(const char *val) { ... return 0; }
 *	early_param("crash", crash_setup);
 */
#ifndef _KMLAB_PARAM_H
#define _KMLAB_PARAM_H

#include <kmlab/compiler.h>

struct kernel_param;

/**
 * typedef param_set_fn - parse @val into the parameter's variable
 * Return: 0, or -EINVAL when @val is not valid for the type.
 */
typedef int (*param_set_fn)(const char *val, const struct kernel_param *kp);

struct kernel_param {
	const char *name;
	const char *help;
	param_set_fn set;
	void *arg;
	bool early;
};

int param_set_int(const char *val, const struct kernel_param *kp);
int param_set_uint(const char *val, const struct kernel_param *kp);
int param_set_ulong(const char *val, const struct kernel_param *kp);
int param_set_bool(const char *val, const struct kernel_param *kp);
/* charp: the variable (const char *) points into the saved command line. */
int param_set_charp(const char *val, const struct kernel_param *kp);

#define __kernel_param(_name, _set, _arg, _help, _early, _id)            \
	static const struct kernel_param __param_##_id __used __section( \
		".kernel_params") __aligned(4) = {                       \
		.name = _name,                                           \
		.help = _help,                                           \
		.set = _set,                                             \
		.arg = _arg,                                             \
		.early = _early,                                         \
	}

/**
 * kernel_param - declare a command line parameter bound to a variable
 * @name: string, the name on the command line ("ktest.seed")
 * @var: the variable (a C identifier; its address is taken)
 * @type: int, uint, ulong, bool or charp
 * @help: one line shown by "help" in Documentation
 *
 * The variable keeps its initial value when the parameter is absent. A bad
 * value is reported ("params: bad value 'x' for 'ktest.seed'") and ignored.
 */
#define kernel_param(name, var, type, help) \
	__kernel_param(name, param_set_##type, &(var), help, false, var)

/**
 * early_param - declare a parameter handled by a function, before the rest
 * @name: string, the name on the command line
 * @fn: int fn(const char *val); val is "" when the parameter has no "="
 *
 * Early parameters run right after the console is up (loglevel, crash ...).
 */
#define early_param(name, fn) \
	__kernel_param(name, (param_set_fn)(void *)fn, NULL, NULL, true, fn)

/**
 * parse_args - parse the command line and apply every declared parameter
 * @cmdline: the command line (kept: charp parameters point into it)
 * @early: true for early parameters only, false for the others
 *
 * Unknown parameters are reported once, in the non-early pass.
 * Return: the number of parameters that were unknown or had bad values.
 */
int parse_args(char *cmdline, bool early);

/* The command line as the boot loader gave it, after the kernel path. */
extern const char *saved_command_line;

#endif /* _KMLAB_PARAM_H */
