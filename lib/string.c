// SPDX-License-Identifier: GPL-2.0
/*
 * Memory and string functions for the freestanding kernel. Plain byte
 * loops: simple and obviously right; gcc may also call memcpy/memset for
 * struct copies, so they must exist.
 */
#include <kmlab/string.h>
#include <kmlab/errno.h>

void *memset(void *s, int c, size_t n)
{
	void *d = s;

	__asm__ __volatile__("rep stosb"
			     : "+D"(d), "+c"(n)
			     : "a"(c)
			     : "memory");
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	__asm__ __volatile__("rep movsb"
			     : "+D"(d), "+S"(src), "+c"(n)
			     :
			     : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/**
 * memchr_inv - find the first byte in @s that is not @c
 * @s: memory
 * @c: the expected byte value
 * @n: bytes to check
 *
 * Checks poison and redzones, and validate() walks whole free heaps with
 * it, so as Linux's lib/string.c memchr_inv() it compares a word at a
 * time once @s is aligned: bytes up to the first word boundary, then 16
 * bytes (four words, each XORed with @c repeated) per step, then the
 * mismatching step or the tail byte by byte. Context: any.
 *
 * Return: the address of the first mismatch, or NULL when all @n bytes
 * equal @c.
 */
void *memchr_inv(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	const unsigned char b = c;
	const unsigned long v = ~0UL / 0xff * b;

	for (; n && ((unsigned long)p & (sizeof(long) - 1)); n--, p++)
		if (*p != b)
			return (void *)p;
	for (; n >= 4 * sizeof(long);
	     n -= 4 * sizeof(long), p += 4 * sizeof(long)) {
		const unsigned long *w = (const unsigned long *)p;

		if ((w[0] ^ v) | (w[1] ^ v) | (w[2] ^ v) | (w[3] ^ v))
			break;
	}
	for (; n; n--, p++)
		if (*p != b)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s != (char)c; s++)
		if (!*s)
			return NULL;
	return (char *)s;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}

/**
 * strscpy - copy a string into a sized buffer, always NUL terminated
 * @dst: destination
 * @src: source string
 * @size: size of @dst in bytes
 *
 * Return: the number of characters copied, or -E2BIG when @src was cut.
 */
ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return src[i] ? -E2BIG : (ssize_t)i;
}

/**
 * string_escape_str - copy a string for a message, control bytes escaped
 * @src: the string (any bytes)
 * @dst: the destination buffer
 * @size: size of @dst in bytes, at least 4
 *
 * Printable ASCII is copied; '\\' becomes "\\\\" and every other byte
 * (control bytes, DEL, bytes >= 0x80) "\\xNN", as Linux's
 * string_escape_str() with ESCAPE_HEX and a backslash escaped. When the
 * result does not fit, @dst ends with "..." after the last whole escape.
 * Any context.
 * Return: the length of @dst, not counting the NUL.
 */
/* @c as string_escape_str() writes it, into @esc; returns its length. */
static size_t escape_char(unsigned char c, char *esc)
{
	static const char hex[] = "0123456789abcdef";

	if (c == '\\') {
		esc[0] = esc[1] = '\\';
		return 2;
	}
	if (c < ' ' || c >= 0x7f) {
		esc[0] = '\\';
		esc[1] = 'x';
		esc[2] = hex[c >> 4];
		esc[3] = hex[c & 15];
		return 4;
	}
	esc[0] = c;
	return 1;
}

size_t string_escape_str(const char *src, char *dst, size_t size)
{
	size_t full = 0, n = 0, limit;
	char esc[4];

	for (const char *p = src; *p; p++)
		full += escape_char(*p, esc);
	/* Cut: keep room for "..." and the NUL. */
	limit = full < size ? full : size - 4;
	for (; *src; src++) {
		size_t len = escape_char(*src, esc);

		if (n + len > limit)
			break;
		memcpy(dst + n, esc, len);
		n += len;
	}
	if (full >= size) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
	return n;
}

/**
 * glob_match - shell-style pattern match of a whole string
 * @pat: pattern: '*' any run, '?' one character, "[a-z]" and "[!x]" classes
 * @str: the string to match
 *
 * Iterative with one backtrack point, as Linux's lib/glob.c (which follows
 * the classic algorithm); linear for patterns with one '*'.
 * Return: true when @str matches all of @pat.
 */
bool glob_match(const char *pat, const char *str)
{
	const char *back_pat = NULL, *back_str = NULL;

	for (;;) {
		unsigned char c = *str++, d = *pat++;

		switch (d) {
		case '?':
			if (!c)
				return false;
			break;
		case '*':
			if (!*pat)
				return true;
			back_pat = pat;
			back_str = --str;
			break;
		case '[': {
			bool match = false, inverted = (*pat == '!');
			const char *class = pat + inverted;
			unsigned char a = *class ++;

			do {
				unsigned char b = a;

				if (a == '\0')
					goto literal;
				if (class[0] == '-' && class[1] != ']') {
					b = class[1];
					if (b == '\0')
						goto literal;
					class += 2;
				}
				match |= (a <= c && c <= b);
			} while ((a = *class ++) != ']');
			if (match == inverted || !c)
				goto backtrack;
			pat = class;
			break;
		}
		default:
literal:
			if (c == d) {
				if (d == '\0')
					return true;
				break;
			}
backtrack:
			if (c == '\0' || !back_pat)
				return false;
			pat = back_pat;
			str = ++back_str;
			break;
		}
	}
}
