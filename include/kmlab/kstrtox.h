/* SPDX-License-Identifier: GPL-2.0 */
/* String to integer conversion (lib/kstrtox.c), Linux's kstrto*() API. */
#ifndef _KMLAB_KSTRTOX_H
#define _KMLAB_KSTRTOX_H

#include <kmlab/types.h>

int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtobool(const char *s, bool *res);

#endif /* _KMLAB_KSTRTOX_H */
