// SPDX-License-Identifier: GPL-2.0
/*
 * vsnprintf: the formatting behind printk.
 *
 * Conversions: d i u x X o c s p %, with flags '-' '0' ' ' '+' '#',
 * field width and precision (also '*'), length modifiers hh h l ll z t.
 * %p prints 0x%08lx; %pS prints "symbol+0xoff/0xsize" and %ps "symbol"
 * through kallsyms. Like C99, the return value is the length the whole
 * output would have had, so callers can detect truncation.
 */
#include <kmlab/printk.h>
#include <kmlab/kallsyms.h>
#include <kmlab/string.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

#define F_LEFT 1
#define F_ZERO 2
#define F_SPACE 4
#define F_PLUS 8
#define F_ALT 16
#define F_UPPER 32

static void put_str(struct out *o, const char *s, int width, int prec,
		    int flags)
{
	int n = prec >= 0 ? (int)strnlen(s, prec) : (int)strlen(s);

	if (!(flags & F_LEFT))
		for (; width > n; width--)
			put(o, ' ');
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	for (; width > n; width--)
		put(o, ' ');
}

static void put_num(struct out *o, unsigned long long v, bool neg,
		    unsigned int base, int width, int prec, int flags)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF" :
						 "0123456789abcdef";
	char tmp[24], sign = 0;
	const char *prefix = "";
	int n = 0, plen, zeros;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	if (neg)
		sign = '-';
	else if (flags & F_PLUS)
		sign = '+';
	else if (flags & F_SPACE)
		sign = ' ';
	if ((flags & F_ALT) && base == 16)
		prefix = (flags & F_UPPER) ? "0X" : "0x";
	else if ((flags & F_ALT) && base == 8 && !(n && tmp[n - 1] == '0'))
		prefix = "0";
	plen = strlen(prefix) + (sign != 0);
	zeros = prec > n ? prec - n : 0;
	if ((flags & F_ZERO) && !(flags & F_LEFT) && prec < 0 &&
	    width > n + plen)
		zeros = width - n - plen;
	width -= n + zeros + plen;
	if (!(flags & F_LEFT))
		for (; width > 0; width--)
			put(o, ' ');
	if (sign)
		put(o, sign);
	for (; *prefix; prefix++)
		put(o, *prefix);
	for (; zeros > 0; zeros--)
		put(o, '0');
	while (n)
		put(o, tmp[--n]);
	for (; width > 0; width--)
		put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int flags = 0, width = -1, prec = -1, lng = 0;
		unsigned long long v;
		bool neg = false;
		unsigned int base = 10;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			char f = *++fmt;

			if (f == '-')
				flags |= F_LEFT;
			else if (f == '0')
				flags |= F_ZERO;
			else if (f == ' ')
				flags |= F_SPACE;
			else if (f == '+')
				flags |= F_PLUS;
			else if (f == '#')
				flags |= F_ALT;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = (width < 0 ? 0 : width * 10) + *fmt -
					'0';
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(args, int);
				fmt++;
			} else {
				for (; *fmt >= '0' && *fmt <= '9'; fmt++)
					prec = prec * 10 + *fmt - '0';
			}
		}
		/* lng: -2 hh, -1 h, 0 int, 1 long/size_t/ptrdiff_t, 2 long long */
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't')
				lng = 1;
			else
				break;
		}
		switch (*fmt) {
		case 'c':
			put(&o, (char)va_arg(args, int));
			continue;
		case 's': {
			const char *s = va_arg(args, const char *);

			put_str(&o, s ? s : "(null)", width, prec, flags);
			continue;
		}
		case 'p': {
			unsigned long p = (unsigned long)va_arg(args, void *);

			if (fmt[1] == 'S' || fmt[1] == 's') {
				char sym[KSYM_SYMBOL_LEN];
				const char *name =
					kallsyms_lookup(p, NULL, NULL);

				if (fmt[1] == 'S' || !name)
					sprint_symbol(sym, p);
				else
					strscpy(sym, name, sizeof(sym));
				put_str(&o, sym, width, prec, flags);
				fmt++;
				continue;
			}
			put_num(&o, p, false, 16, width < 0 ? 10 : width, 8,
				flags | F_ALT);
			continue;
		}
		case '%':
			put(&o, '%');
			continue;
		case 'd':
		case 'i': {
			long long s;

			if (lng >= 2)
				s = va_arg(args, long long);
			else if (lng == 1)
				s = va_arg(args, long);
			else
				s = va_arg(args, int);
			if (lng == -1)
				s = (short)s;
			else if (lng <= -2)
				s = (signed char)s;
			neg = s < 0;
			v = neg ? -(unsigned long long)s :
				  (unsigned long long)s;
			put_num(&o, v, neg, 10, width, prec, flags);
			continue;
		}
		case 'X':
			flags |= F_UPPER;
			base = 16;
			break;
		case 'x':
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		case 'u':
			break;
		case '\0':
			fmt--;
			continue;
		default:
			/* Unknown conversion: print it as written. */
			put(&o, '%');
			put(&o, *fmt);
			continue;
		}
		if (lng >= 2)
			v = va_arg(args, unsigned long long);
		else if (lng == 1)
			v = va_arg(args, unsigned long);
		else
			v = va_arg(args, unsigned int);
		if (lng == -1)
			v = (unsigned short)v;
		else if (lng <= -2)
			v = (unsigned char)v;
		put_num(&o, v, false, base, width, prec, flags);
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return r;
}

/**
 * vscnprintf - like vsnprintf() but returns what was actually written
 * @buf: output buffer
 * @size: its size in bytes
 * @fmt: format
 * @args: arguments
 *
 * Return: the number of characters stored in @buf, not counting the NUL.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int r = vsnprintf(buf, size, fmt, args);

	if (!size)
		return 0;
	return (size_t)r < size ? r : (int)size - 1;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return r;
}
