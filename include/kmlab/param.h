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

/*
 * The longest command line the kernel keeps, its NUL included (Linux's
 * COMMAND_LINE_SIZE). A longer one is refused at boot, never cut.
 */
#define COMMAND_LINE_SIZE 1024

/*
 * Values longer than this are shown cut (ending "...") in the messages
 * about them; control bytes are shown as \xNN (string_escape_str()).
 */
#define PARAM_ECHO_MAX 96

struct kernel_param;

/**
 * typedef param_set_fn - parse @val into the parameter's variable
 * @val: the text after "name=", "" for "name=", NULL for a bare "name"
 * @kp: the parameter
 *
 * The variable is changed only when 0 is returned.
 * Return: 0, -EINVAL when @val is not valid for the type (empty, not a
 * number, trailing characters), -ERANGE when it is outside the type or the
 * parameter's range (kernel_param_range()).
 */
typedef int (*param_set_fn)(const char *val, const struct kernel_param *kp);

/**
 * struct kernel_param - one command line parameter (.kernel_params section)
 * @name: the name on the command line
 * @help: one line for messages and Documentation
 * @set: the parser (param_set_int() ..., or an early_param() function)
 * @arg: the variable
 * @min: the smallest accepted value when @ranged (int, uint, ulong)
 * @max: the largest accepted value when @ranged
 * @ranged: @min and @max apply
 * @early: parsed in the early pass (early_param())
 */
struct kernel_param {
	const char *name;
	const char *help;
	param_set_fn set;
	void *arg;
	long long min, max;
	bool ranged;
	bool early;
};

/*
 * The parsers of kernel_param()'s types, each a param_set_fn (see there
 * for @val, @kp, the return value and when the variable changes):
 * param_set_int(), param_set_uint() and param_set_ulong() read a number
 * with kstrtoint()/kstrtouint()/kstrtoul() (base 0: decimal, 0x hex, 0
 * octal) and check the parameter's range; param_set_bool() reads
 * kstrtobool()'s words, a bare "name" being true; param_set_charp() points
 * the variable at @val (into the command line; "" for a bare "name").
 * Any context.
 */
int param_set_int(const char *val, const struct kernel_param *kp);
int param_set_uint(const char *val, const struct kernel_param *kp);
int param_set_ulong(const char *val, const struct kernel_param *kp);
int param_set_bool(const char *val, const struct kernel_param *kp);
int param_set_charp(const char *val, const struct kernel_param *kp);

#define __kernel_param(_name, _set, _arg, _help, _early, _id, ...)       \
	static const struct kernel_param __param_##_id __used __section( \
		".kernel_params") __aligned(4) = { .name = _name,        \
						   .help = _help,        \
						   .set = _set,          \
						   .arg = _arg,          \
						   .early = _early,      \
						   __VA_ARGS__ }

/**
 * kernel_param - declare a command line parameter bound to a variable
 * @name: string, the name on the command line ("ktest.seed")
 * @var: the variable (a C identifier; its address is taken)
 * @type: int, uint, ulong, bool or charp
 * @help: one line shown by "help" in Documentation
 *
 * The variable keeps its initial value when the parameter is absent. A bad
 * value is reported ("params: bad value 'x' for 'ktest.seed'") and ignored.
 * A numeric value must fit the type (else -ERANGE); a bool takes 1/0,
 * y/n, on/off or a bare "name" (but not "name=").
 */
#define kernel_param(name, var, type, help) \
	__kernel_param(name, param_set_##type, &(var), help, false, var)

/**
 * kernel_param_range - declare a numeric parameter with a range
 * @name: string, the name on the command line
 * @var: the variable (int, unsigned int or unsigned long)
 * @type: int, uint or ulong
 * @lo: the smallest value accepted
 * @hi: the largest value accepted (what the code using @var can represent)
 * @help: one line; say the range in it
 *
 * A value outside @lo..@hi is reported ("params: bad value '100' for
 * 'loglevel' (out of range 0..8 ...)") and ignored, like a malformed one.
 */
#define kernel_param_range(name, var, type, lo, hi, help)                \
	__kernel_param(name, param_set_##type, &(var), help, false, var, \
		       .min = (lo), .max = (hi), .ranged = true)

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
 * The early pass works on a copy; the other pass splits @cmdline in place.
 * Unknown parameters and unbalanced quotes are reported once, in the
 * non-early pass. Boot only (not reentrant: a static copy).
 * Return: the number of words that were unknown, had bad values or an
 * unbalanced quote.
 */
int parse_args(char *cmdline, bool early);

/**
 * parse_args_table - parse words against the parameters in an array
 * @args: the words, split in place (charp parameters point into them)
 * @early: the pass, as for parse_args()
 * @start: the first parameter
 * @end: one past the last parameter
 *
 * Words are separated by spaces; double quotes keep spaces in a word and
 * are removed around a value (name="a b") or a whole word ("name=a b", as
 * GRUB passes a word with a space), as Linux's next_arg(). A word whose
 * quote is never closed ends at its first space, is reported ("params:
 * unbalanced quote in ...") and ignored; the words after it still count.
 * Messages show names and values through string_escape_str(), cut to
 * %PARAM_ECHO_MAX bytes. Any context; what parse_args() uses, and the
 * tests (kernel/params_test.c).
 * Return: the number of words that were unknown (non-early pass), had
 * bad values or an unbalanced quote.
 */
int parse_args_table(char *args, bool early, const struct kernel_param *start,
		     const struct kernel_param *end);

/**
 * kernel_param_find - the declared parameter called @name
 * @name: the name on the command line
 *
 * Return: its descriptor in .kernel_params, or NULL. Any context.
 */
const struct kernel_param *kernel_param_find(const char *name);

/* The command line as the boot loader gave it, after the kernel path. */
extern const char *saved_command_line;

/**
 * save_command_line - keep the boot command line for parse_args()
 * @s: the arguments as the architecture's boot code found them, with
 *     anything that is not an argument (a loader's kernel path) removed
 *
 * Copies @s into the kernel's own COMMAND_LINE_SIZE buffer and points
 * saved_command_line at it. A command line that does not fit is refused
 * whole, never cut: a cut one could lose a parameter (crash=panic) or
 * change one (ktest.timeout=100 into =1).
 *
 * Context: early boot, before start_kernel(), once. Does not return
 * (panic) when @s is COMMAND_LINE_SIZE bytes or longer.
 */
void save_command_line(const char *s);

#endif /* _KMLAB_PARAM_H */
