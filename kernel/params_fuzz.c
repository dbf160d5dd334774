// SPDX-License-Identifier: GPL-2.0
/*
 * The command-line fuzz target (CONFIG_KMALLOC_FUZZ, fuzz.target=cmdline):
 * libFuzzer's input as a kernel command line, parsed by parse_args_table()
 * (kernel/params.c: the word splitter, the quotes, the dispatch and the
 * parameter handlers) against a table of one parameter per type.
 * Documentation/dev-tools/fuzzing.rst.
 *
 * Input. The bytes up to the first NUL, at most COMMAND_LINE_SIZE - 1 of
 * them, copied into a kmalloc() buffer of exactly their length plus the
 * NUL (under KASAN a read or write past it is a report).
 *
 * Oracle. Every charp value the parser stored points into that buffer
 * and ends there. For a line without a '"' a model splits the words on
 * spaces itself, as the parser documents (name up to the first '=' after
 * the first byte, the value after it, a bare name has no value), applies
 * each known word with the handler's rule (kstrto*(), base 0; the range of
 * "i"; bool's one character or on/off; a bare bool is true; a bare charp
 * is ""), counts an unknown name or a bad value as one error, and must end
 * with the same values and error count. A KASAN or UBSan report is a
 * finding too.
 *
 * A finding prints "cmdline_fuzz: FAIL: what" at KERN_CRIT (scripts/fuzz
 * runs this target with loglevel=3, which hides the parser's own
 * KERN_ERR line for every bad word) and returns non-zero: the
 * architecture aborts and libFuzzer keeps the input.
 */
#include <kmlab/fuzz.h>
#include <kmlab/init.h>
#include <kmlab/kstrtox.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/slab.h>
#include <kmlab/string.h>

#define I_MIN (-100)
#define I_MAX 100
#define NOT_SET "(not set)"

/* The values one parse stores, and the model's. */
struct values {
	int i;
	unsigned int u;
	unsigned long l;
	bool b;
	const char *s;
};

static struct values got;

static const struct kernel_param table[] = {
	{ .name = "i",
	  .set = param_set_int,
	  .arg = &got.i,
	  .min = I_MIN,
	  .max = I_MAX,
	  .ranged = true },
	{ .name = "u", .set = param_set_uint, .arg = &got.u },
	{ .name = "l", .set = param_set_ulong, .arg = &got.l },
	{ .name = "b", .set = param_set_bool, .arg = &got.b },
	{ .name = "s", .set = param_set_charp, .arg = &got.s },
};

static void values_init(struct values *v)
{
	*v = (struct values){ .i = 7, .u = 7, .l = 7, .s = NOT_SET };
}

/* bool's rule: one character, or "on"/"off" in any case, for kstrtobool(). */
static int model_bool(const char *val, bool *b)
{
	size_t n = strlen(val);
	char low[4] = "";

	for (size_t k = 0; k < n && k < 3; k++)
		low[k] = val[k] | 0x20;
	if (n != 1 && !(n <= 3 && (!strcmp(low, "on") || !strcmp(low, "off"))))
		return -1;
	return kstrtobool(val, b) ? -1 : 0;
}

/* Apply one word; return 1 for an error, else 0. */
static int model_word(char *word, struct values *v)
{
	char *val = NULL, *eq = strchr(word + 1, '=');

	if (*word && eq) {
		*eq = '\0';
		val = eq + 1;
	}
	if (!strcmp(word, "i")) {
		int x;

		if (!val || kstrtoint(val, 0, &x) || x < I_MIN || x > I_MAX)
			return 1;
		v->i = x;
	} else if (!strcmp(word, "u")) {
		if (!val || kstrtouint(val, 0, &v->u))
			return 1;
	} else if (!strcmp(word, "l")) {
		if (!val || kstrtoul(val, 0, &v->l))
			return 1;
	} else if (!strcmp(word, "b")) {
		if (!val)
			v->b = true;
		else if (model_bool(val, &v->b))
			return 1;
	} else if (!strcmp(word, "s")) {
		v->s = val ? val : "";
	} else {
		return 1;
	}
	return 0;
}

static int model_parse(char *line, struct values *v)
{
	int errors = 0;

	while (*line) {
		char *word = line;

		while (*line && *line != ' ')
			line++;
		if (*line)
			*line++ = '\0';
		if (*word)
			errors += model_word(word, v);
	}
	return errors;
}

static bool fail(const char *what, const char *line)
{
	char eline[PARAM_ECHO_MAX];

	string_escape_str(line, eline, sizeof(eline));
	pr_crit("cmdline_fuzz: FAIL: %s (line '%s')\n", what, eline);
	return false;
}

static bool check_line(const char *line, size_t len)
{
	char *buf = kmalloc(len + 1, GFP_KERNEL | __GFP_NOWARN);
	char *copy = kmalloc(len + 1, GFP_KERNEL | __GFP_NOWARN);
	struct values want;
	int errors, want_errors;
	bool ok = true;

	if (!buf || !copy)
		goto out;
	memcpy(buf, line, len + 1);
	memcpy(copy, line, len + 1);
	values_init(&got);
	errors = parse_args_table(buf, false, table, table + ARRAY_SIZE(table));
	if (strcmp(got.s, NOT_SET) && *got.s &&
	    (got.s < buf || got.s + strlen(got.s) > buf + len))
		ok = fail("the charp value is not in the command line", line);
	if (!ok || strchr(line, '"'))
		goto out;
	values_init(&want);
	want_errors = model_parse(copy, &want);
	if (errors != want_errors)
		ok = fail("the error count differs from the model's", line);
	else if (got.i != want.i || got.u != want.u || got.l != want.l ||
		 got.b != want.b)
		ok = fail("a number or bool differs from the model's", line);
	else if (strcmp(got.s, want.s))
		ok = fail("the charp value differs from the model's", line);
out:
	kfree(buf);
	kfree(copy);
	return ok;
}

static int cmdline_fuzz_one_input(const u8 *data, size_t size)
{
	struct fuzz_reports reports;
	char line[COMMAND_LINE_SIZE];
	size_t len = 0;
	bool ok;

	while (len < size && len < sizeof(line) - 1 && data[len]) {
		line[len] = data[len];
		len++;
	}
	line[len] = '\0';
	fuzz_reports_start(&reports);
	ok = check_line(line, len);
	ok = ok && fuzz_reports_clean(&reports, "cmdline_fuzz");
	return ok ? 0 : -1;
}

static int cmdline_fuzz_init(void)
{
	if (!fuzz_target_selected("cmdline"))
		return 0;
	pr_info("cmdline_fuzz: fuzzing the command-line parser\n");
	fuzz_run(cmdline_fuzz_one_input);
}
device_initcall(cmdline_fuzz_init);
