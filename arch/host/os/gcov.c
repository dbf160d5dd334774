// SPDX-License-Identifier: GPL-2.0
/*
 * libgcov's dump and reset for arch/host/kernel/gcov.c (CONFIG_GCOV_KERNEL):
 * __gcov_dump() writes every registered object's .gcda file, under
 * $GCOV_PREFIX when it is set (libgcov reads it at every dump), and
 * __gcov_reset() zeroes the counters (GCC's "Gcov-based profiling"
 * interface, <gcov.h>). Built against glibc, not profiled.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "os.h"

void __gcov_dump(void);
void __gcov_reset(void);

int os_gcov_dump(const char *dir, unsigned int index, const char *const name[3])
{
	char prefix[4096];
	FILE *f;
	int n;

	if (!dir) {
		unsetenv("GCOV_PREFIX");
		__gcov_dump();
		return 0;
	}
	n = snprintf(prefix, sizeof(prefix), "%s/index.txt", dir);
	if (n < 0 || n >= (int)sizeof(prefix))
		return ENAMETOOLONG;
	if (mkdir(dir, 0777) && errno != EEXIST)
		return errno;
	f = fopen(prefix, index ? "a" : "w");
	if (!f)
		return errno;
	fprintf(f, "%04u", index);
	for (int i = 0; i < 3 && name && name[i]; i++)
		fprintf(f, "%c%s", i ? '.' : ' ', name[i]);
	fputc('\n', f);
	if (fclose(f))
		return errno;
	snprintf(prefix, sizeof(prefix), "%s/%04u", dir, index);
	if (setenv("GCOV_PREFIX", prefix, 1))
		return errno;
	__gcov_dump();
	__gcov_reset();
	unsetenv("GCOV_PREFIX");
	return 0;
}
