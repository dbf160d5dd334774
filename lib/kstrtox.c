// SPDX-License-Identifier: GPL-2.0
/*
 * String to integer conversion with Linux's kstrto*() rules: the whole
 * string must be a number (one trailing newline allowed), base 0 means
 * auto (0x hex, 0 octal, else decimal), overflow is -ERANGE, anything else
 * malformed is -EINVAL.
 */
#include <kmlab/kstrtox.h>
#include <kmlab/errno.h>

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	int digits = 0;

	if (*s == '+')
		s++;
	if (base == 0 || base == 16) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			s += 2;
		} else if (base == 0) {
			base = s[0] == '0' && s[1] ? 8 : 10;
		}
	}
	for (; *s && !(*s == '\n' && !s[1]); s++, digits++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (!digits)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > ULONG_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	unsigned long long v;
	bool neg = *s == '-';
	int err;

	/* One sign only: "-+5" is not a number. */
	if (neg && s[1] == '+')
		return -EINVAL;
	err = kstrtoull(s + neg, base, &v);
	if (err)
		return err;
	if (v > (unsigned long long)INT_MAX + neg)
		return -ERANGE;
	*res = neg ? -(long long)v : (int)v;
	return 0;
}

int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y':
	case 'Y':
	case '1':
		*res = true;
		return 0;
	case 'n':
	case 'N':
	case '0':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}
