// SPDX-License-Identifier: GPL-2.0
/*
 * Command line parsing: "name=value name2 name3=\"quoted value\"". Each
 * word is matched against the descriptors in the .kernel_params section
 * (include/kmlab/param.h). The command line is split in place, so charp
 * parameters point into it; it is parsed twice (early, then the rest), so
 * the split is done on a copy the first time.
 *
 * Bad input is reported, counted and ignored, never applied in part: a
 * value that is empty, not a number, outside its type or the parameter's
 * range leaves the variable unchanged; a word with an unbalanced quote is
 * dropped alone (it does not swallow the rest of the line); names and
 * values are echoed with control bytes escaped and cut to PARAM_ECHO_MAX.
 * kernel/params_test.c tests each class of bad value.
 */
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/kstrtox.h>
#include <kmlab/errno.h>

extern const struct kernel_param __kernel_params_start[], __kernel_params_end[];
const char *saved_command_line = "";
static char command_line[COMMAND_LINE_SIZE];

void save_command_line(const char *s)
{
	size_t len = strlen(s);

	if (len >= sizeof(command_line))
		panic("boot: the command line is %zu bytes, more than the %u this kernel keeps: not booting with part of it",
		      len, (unsigned int)sizeof(command_line) - 1);
	strscpy(command_line, s, sizeof(command_line));
	saved_command_line = command_line;
}

static int param_check_range(long long v, const struct kernel_param *kp)
{
	if (kp->ranged && (v < kp->min || v > kp->max))
		return -ERANGE;
	return 0;
}

/* One setter per numeric type, as Linux's STANDARD_PARAM_DEF(). */
#define STANDARD_PARAM_DEF(name, type, strtolfn)                             \
	int param_set_##name(const char *val, const struct kernel_param *kp) \
	{                                                                    \
		type v;                                                      \
		int err;                                                     \
                                                                             \
		if (!val)                                                    \
			return -EINVAL;                                      \
		err = strtolfn(val, 0, &v);                                  \
		if (!err)                                                    \
			err = param_check_range(v, kp);                      \
		if (!err)                                                    \
			*(type *)kp->arg = v;                                \
		return err;                                                  \
	}

STANDARD_PARAM_DEF(int, int, kstrtoint)
STANDARD_PARAM_DEF(uint, unsigned int, kstrtouint)
STANDARD_PARAM_DEF(ulong, unsigned long, kstrtoul)

/* "on" or "off" in any case, whole. */
static bool is_on_off(const char *val)
{
	char low[4] = "";

	for (int i = 0; i < 3 && val[i]; i++)
		low[i] = val[i] | 0x20;
	return strlen(val) <= 3 && (!strcmp(low, "on") || !strcmp(low, "off"));
}

int param_set_bool(const char *val, const struct kernel_param *kp)
{
	/* A bare "name" means name=1, as in Linux; "name=" is no value. */
	if (!val) {
		*(bool *)kp->arg = true;
		return 0;
	}
	/* kstrtobool() reads the first characters only: no trailing text. */
	if (strlen(val) != 1 && !is_on_off(val))
		return -EINVAL;
	return kstrtobool(val, kp->arg);
}

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	*(const char **)kp->arg = val ? val : "";
	return 0;
}

static const struct kernel_param *find_param(const char *name,
					     const struct kernel_param *start,
					     const struct kernel_param *end)
{
	for (const struct kernel_param *kp = start; kp < end; kp++)
		if (!strcmp(kp->name, name))
			return kp;
	return NULL;
}

const struct kernel_param *kernel_param_find(const char *name)
{
	return find_param(name, __kernel_params_start, __kernel_params_end);
}

/*
 * Split off the next word, as Linux's next_arg() (kernel/params.c): *val
 * is NULL without "=". A word whose quote is not closed ends at its first
 * space instead of the end of the line, and *unbalanced is set.
 */
static char *next_arg(char *args, char **name, char **val, bool *unbalanced)
{
	bool in_quote = false, quoted = false;
	size_t i, equals = 0;
	char *next;

	*unbalanced = false;
	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (args[i] == ' ' && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	if (in_quote) {
		*unbalanced = true;
		if (quoted)
			args--;
		for (i = 0; args[i] && args[i] != ' '; i++)
			;
		equals = 0;
		quoted = false;
	}
	*name = args;
	*val = NULL;
	if (equals) {
		args[equals] = '\0';
		*val = args + equals + 1;
		/* No quotes around the value. */
		if (**val == '"' && !*unbalanced) {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		next = args + i + 1;
	} else {
		next = args + i;
	}
	while (*next == ' ')
		next++;
	return next;
}

static void report_bad_value(const struct kernel_param *kp, const char *name,
			     const char *val, int err)
{
	char ename[PARAM_ECHO_MAX], evalue[PARAM_ECHO_MAX], range[48] = "";

	string_escape_str(name, ename, sizeof(ename));
	string_escape_str(val ? val : "", evalue, sizeof(evalue));
	if (err == -ERANGE && kp->ranged)
		snprintf(range, sizeof(range), " %lld..%lld", kp->min, kp->max);
	pr_err("params: bad value '%s' for '%s' (%s%s%s%s), ignored\n", evalue,
	       ename, err == -ERANGE ? "out of range" : "not valid", range,
	       kp->help ? ": " : "", kp->help ? kp->help : "");
}

int parse_args_table(char *args, bool early, const struct kernel_param *start,
		     const struct kernel_param *end)
{
	int errors = 0;

	while (*args == ' ')
		args++;
	while (*args) {
		const struct kernel_param *kp;
		char *name, *val, ename[PARAM_ECHO_MAX];
		bool unbalanced;
		int err;

		args = next_arg(args, &name, &val, &unbalanced);
		if (unbalanced) {
			if (!early) {
				string_escape_str(name, ename, sizeof(ename));
				pr_err("params: unbalanced quote in '%s', ignored\n",
				       ename);
			}
			errors++;
			continue;
		}
		kp = find_param(name, start, end);
		if (!kp) {
			if (!early) {
				string_escape_str(name, ename, sizeof(ename));
				pr_warn("params: unknown parameter '%s' ignored\n",
					ename);
				errors++;
			}
			continue;
		}
		if (kp->early != early)
			continue;
		/* early_param() functions get "" for a bare name. */
		err = kp->set(kp->early && !val ? "" : val, kp);
		if (err) {
			report_bad_value(kp, name, val, err);
			errors++;
		}
	}
	return errors;
}

int parse_args(char *cmdline, bool early)
{
	static char early_copy[COMMAND_LINE_SIZE];
	char *args = cmdline;

	if (early) {
		strscpy(early_copy, cmdline, sizeof(early_copy));
		args = early_copy;
	}
	return parse_args_table(args, early, __kernel_params_start,
				__kernel_params_end);
}
