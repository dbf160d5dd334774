/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's small libc subset: memory and string functions (lib/string.c). */
#ifndef _KMLAB_STRING_H
#define _KMLAB_STRING_H

#include <kmlab/types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr_inv(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
ssize_t strscpy(char *dst, const char *src, size_t size);
bool glob_match(const char *pat, const char *str);
size_t string_escape_str(const char *src, char *dst, size_t size);

#endif /* _KMLAB_STRING_H */
