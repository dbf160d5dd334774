// SPDX-License-Identifier: GPL-2.0
/*
 * Test attributes, as Linux's lib/kunit/attributes.c: what a case or suite
 * says about itself (struct ktest_attributes: its speed, and free-form
 * NAME=VALUE words), how KTAP shows it, and the ktest.filter= that selects
 * cases on it.
 *
 * Printing follows KUnit: a suite's attributes right after its
 * "# Subtest:" line as "# speed: slow", a case's before its result line as
 * "# CASE.speed: slow"; only attributes that are set are printed.
 *
 * ktest.filter= is a comma-separated list of conditions, all of which a
 * case must meet: NAME OP VALUE with OP one of <, >, <=, >=, =, != (as
 * kunit.filter). speed is ordered very_slow < slow < normal, and a case
 * without one has its suite's, or "normal" (KUnit's default). A free-form
 * attribute compares as a string with = and != only; a case without it has
 * its suite's value, or the empty string. The filter is parsed once, when
 * the run starts (the executor calls ktest_attr_filter_parse()); a
 * malformed filter, or a NAME that no case or suite carries (a typo would
 * otherwise select everything), is refused with the reason and nothing
 * runs.
 */
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include "ktest-internal.h"

static const char *const speed_names[] = {
	[KTEST_SPEED_UNSET] = "unset",
	[KTEST_SPEED_VERY_SLOW] = "very_slow",
	[KTEST_SPEED_SLOW] = "slow",
	[KTEST_SPEED_NORMAL] = "normal",
};

/*
 * The next "NAME=VALUE" word of @p (free-form attributes); false at the
 * end. A word without '=' has an empty value.
 */
static bool next_custom(const char **p, const char **name, size_t *nlen,
			const char **value, size_t *vlen)
{
	const char *s = *p, *end, *eq;

	while (*s == ' ')
		s++;
	if (!*s)
		return false;
	end = strchr(s, ' ');
	if (!end)
		end = s + strlen(s);
	for (eq = s; eq < end && *eq != '='; eq++)
		;
	if (eq == end)
		eq = NULL;
	*name = s;
	*nlen = (eq ? eq : end) - s;
	*value = eq ? eq + 1 : end;
	*vlen = end - *value;
	*p = end;
	return true;
}

/* The value of free-form attribute @name in @custom, or NULL. */
static const char *custom_value(const char *custom, const char *name,
				size_t *vlen)
{
	const char *n, *v;
	size_t nlen;

	while (custom && next_custom(&custom, &n, &nlen, &v, vlen))
		if (nlen == strlen(name) && !memcmp(n, name, nlen))
			return v;
	return NULL;
}

void ktest_print_attributes(const char *indent, const char *case_name,
			    const struct ktest_attributes *attr)
{
	const char *dot = case_name ? "." : "", *p = attr->custom;
	const char *name, *value;
	size_t nlen, vlen;

	if (!case_name)
		case_name = "";
	if (attr->speed != KTEST_SPEED_UNSET && attr->speed <= KTEST_SPEED_MAX)
		printk("%s# %s%sspeed: %s\n", indent, case_name, dot,
		       speed_names[attr->speed]);
	while (p && next_custom(&p, &name, &nlen, &value, &vlen))
		printk("%s# %s%s%.*s: %.*s\n", indent, case_name, dot,
		       (int)nlen, name, (int)vlen, value);
}

bool ktest_attr_carried(const struct ktest_suite *suite, const char *name)
{
	size_t vlen;

	if (custom_value(suite->attr.custom, name, &vlen))
		return true;
	for (unsigned int i = 0; suite->cases && suite->cases[i].run_case; i++)
		if (custom_value(suite->cases[i].attr.custom, name, &vlen))
			return true;
	return false;
}

/* -- The filter ------------------------------------------------------------ */

static const char *const op_names[] = {
	[KTEST_ATTR_EQ] = "=",	[KTEST_ATTR_NE] = "!=", [KTEST_ATTR_LT] = "<",
	[KTEST_ATTR_LE] = "<=", [KTEST_ATTR_GT] = ">",	[KTEST_ATTR_GE] = ">=",
};

/* Copy @s[0..@len) into @out (@size bytes) without surrounding spaces. */
static bool copy_trimmed(char *out, size_t size, const char *s, size_t len)
{
	while (len && *s == ' ')
		s++, len--;
	while (len && s[len - 1] == ' ')
		len--;
	if (!len || len >= size)
		return false;
	memcpy(out, s, len);
	out[len] = '\0';
	return true;
}

static bool has_op_char(const char *s)
{
	for (; *s; s++)
		if (strchr("<>!=", *s))
			return true;
	return false;
}

/* Parse one condition "NAME OP VALUE" of @len bytes at @s. */
static int parse_one(struct ktest_attr_filter *f, const char *s, size_t len,
		     char *err, size_t errlen)
{
	size_t i = 0, oplen;

	while (i < len && !strchr("<>!=", s[i]))
		i++;
	if (i == len) {
		snprintf(err, errlen,
			 "'%.*s' has no operator (<, >, <=, >=, =, !=)",
			 (int)len, s);
		return -EINVAL;
	}
	f->op = KTEST_ATTR_EQ;
	for (unsigned int op = 0; op < ARRAY_SIZE(op_names); op++) {
		size_t n = strlen(op_names[op]);

		if (i + n <= len && !memcmp(s + i, op_names[op], n) &&
		    n >= strlen(op_names[f->op]))
			f->op = op;
	}
	oplen = strlen(op_names[f->op]);
	if (memcmp(s + i, op_names[f->op], oplen) ||
	    !copy_trimmed(f->name, sizeof(f->name), s, i) ||
	    !copy_trimmed(f->value, sizeof(f->value), s + i + oplen,
			  len - i - oplen) ||
	    has_op_char(f->value)) {
		snprintf(err, errlen,
			 "'%.*s' is not NAME OP VALUE (NAME below %zu bytes, "
			 "VALUE below %zu)",
			 (int)len, s, sizeof(f->name), sizeof(f->value));
		return -EINVAL;
	}
	f->is_speed = !strcmp(f->name, "speed");
	if (f->is_speed) {
		f->speed = KTEST_SPEED_UNSET;
		for (unsigned int k = KTEST_SPEED_VERY_SLOW;
		     k <= KTEST_SPEED_MAX; k++)
			if (!strcmp(f->value, speed_names[k]))
				f->speed = k;
		if (f->speed == KTEST_SPEED_UNSET) {
			snprintf(err, errlen,
				 "speed '%s' is not very_slow, slow or normal",
				 f->value);
			return -EINVAL;
		}
	} else if (f->op != KTEST_ATTR_EQ && f->op != KTEST_ATTR_NE) {
		snprintf(err, errlen,
			 "'%s' is compared with = or != only (it is not speed)",
			 f->name);
		return -EINVAL;
	}
	return 0;
}

int ktest_attr_filter_parse(struct ktest_attr_filter *filters, unsigned int max,
			    const char *text, char *err, size_t errlen)
{
	unsigned int n = 0;

	while (text && *text) {
		const char *comma = strchr(text, ',');
		size_t len = comma ? (size_t)(comma - text) : strlen(text);
		int ret;

		if (n == max) {
			snprintf(err, errlen, "more than %u conditions", max);
			return -EINVAL;
		}
		ret = parse_one(&filters[n], text, len, err, errlen);
		if (ret)
			return ret;
		n++;
		text = comma ? comma + 1 : text + len;
	}
	return n;
}

/* -1, 0 or 1 as @a is below, equal to or above @b. */
static int compare(int a, int b)
{
	return (a > b) - (a < b);
}

static bool op_holds(enum ktest_attr_op op, int cmp)
{
	switch (op) {
	case KTEST_ATTR_EQ:
		return cmp == 0;
	case KTEST_ATTR_NE:
		return cmp != 0;
	case KTEST_ATTR_LT:
		return cmp < 0;
	case KTEST_ATTR_LE:
		return cmp <= 0;
	case KTEST_ATTR_GT:
		return cmp > 0;
	default:
		return cmp >= 0;
	}
}

bool ktest_attr_filter_match(const struct ktest_attr_filter *filters,
			     unsigned int n, const struct ktest_suite *suite,
			     const struct ktest_case *tcase)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct ktest_attr_filter *f = &filters[i];
		int cmp;

		if (f->is_speed) {
			enum ktest_speed speed = tcase->attr.speed;

			if (speed == KTEST_SPEED_UNSET)
				speed = suite->attr.speed;
			if (speed == KTEST_SPEED_UNSET)
				speed = KTEST_SPEED_NORMAL;
			cmp = compare(speed, f->speed);
		} else {
			size_t vlen;
			const char *v = custom_value(tcase->attr.custom,
						     f->name, &vlen);

			if (!v)
				v = custom_value(suite->attr.custom, f->name,
						 &vlen);
			if (!v)
				v = "", vlen = 0;
			cmp = !(vlen == strlen(f->value) &&
				!memcmp(v, f->value, vlen));
		}
		if (!op_holds(f->op, cmp))
			return false;
	}
	return true;
}
