// SPDX-License-Identifier: GPL-2.0
/*
 * Command line parsing: "name=value name2 name3=\"quoted value\"". Each
 * word is matched against the descriptors in the .kernel_params section
 * (include/kmlab/param.h). The command line is split in place, so charp
 * parameters point into it; it is parsed twice (early, then the rest), so
 * the split is done on a copy the first time.
 */
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/kstrtox.h>
#include <kmlab/errno.h>

extern const struct kernel_param __kernel_params_start[], __kernel_params_end[];
const char *saved_command_line = "";

int param_set_int(const char *val, const struct kernel_param *kp)
{
	return kstrtoint(val, 0, kp->arg);
}

int param_set_uint(const char *val, const struct kernel_param *kp)
{
	return kstrtouint(val, 0, kp->arg);
}

int param_set_ulong(const char *val, const struct kernel_param *kp)
{
	return kstrtoul(val, 0, kp->arg);
}

int param_set_bool(const char *val, const struct kernel_param *kp)
{
	/* A bare "name" means name=1, as in Linux. */
	if (!*val) {
		*(bool *)kp->arg = true;
		return 0;
	}
	return kstrtobool(val, kp->arg);
}

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	*(const char **)kp->arg = val;
	return 0;
}

static const struct kernel_param *find_param(const char *name)
{
	for (const struct kernel_param *kp = __kernel_params_start;
	     kp < __kernel_params_end; kp++)
		if (!strcmp(kp->name, name))
			return kp;
	return NULL;
}

/* Split off the next word; handles "double quoted" values. */
static char *next_arg(char *args, char **name, char **val)
{
	bool quoted = false;
	char *p = args;

	*name = args;
	*val = NULL;
	for (; *p && (quoted || *p != ' '); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '=' && !*val) {
			*p = '\0';
			*val = p + 1;
		}
	}
	if (*p)
		*p++ = '\0';
	if (*val && **val == '"') {
		size_t n;

		(*val)++;
		n = strlen(*val);
		if (n && (*val)[n - 1] == '"')
			(*val)[n - 1] = '\0';
	}
	while (*p == ' ')
		p++;
	return p;
}

int parse_args(char *cmdline, bool early)
{
	static char early_copy[1024];
	char *args = cmdline;
	int errors = 0;

	if (early) {
		strscpy(early_copy, cmdline, sizeof(early_copy));
		args = early_copy;
	}
	while (*args == ' ')
		args++;
	while (*args) {
		const struct kernel_param *kp;
		char *name, *val;
		int err;

		args = next_arg(args, &name, &val);
		kp = find_param(name);
		if (!kp) {
			if (!early) {
				pr_warn("params: unknown parameter '%s' ignored\n",
					name);
				errors++;
			}
			continue;
		}
		if (kp->early != early)
			continue;
		err = kp->set(val ? val : "", kp);
		if (err) {
			pr_err("params: bad value '%s' for '%s' (%s), ignored\n",
			       val ? val : "", name, kp->help ? kp->help : "");
			errors++;
		}
	}
	return errors;
}
