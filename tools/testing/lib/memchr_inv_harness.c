// SPDX-License-Identifier: GPL-2.0
/*
 * Host harness of tools/testing/lib/test_memchr_inv.py: lib/string.c's
 * memchr_inv() against the position of the one differing byte, at every
 * alignment and length; prints the number of checks, or the first wrong
 * answer and exits 1.
 */
#include <stddef.h>
#include <stdio.h>

void *memchr_inv(const void *s, int c, size_t n);

int main(void)
{
	static unsigned char buf[256];
	unsigned long checks = 0;

	for (unsigned int off = 0; off < 16; off++)
		for (unsigned int n = 0; n <= 96; n++)
			for (int bad = -1; bad < (int)n; bad++) {
				void *got, *want;

				for (unsigned int i = 0; i < sizeof(buf); i++)
					buf[i] = 0x6b;
				buf[off + n] = 0; /* just past the range */
				if (off)
					buf[off - 1] = 0; /* just before it */
				if (bad >= 0)
					buf[off + bad] ^= 1u << (bad % 8);
				got = memchr_inv(buf + off, 0x6b, n);
				want = bad >= 0 ? buf + off + bad : NULL;
				if (got != want) {
					printf("off %u n %u bad %d: got %+ld\n",
					       off, n, bad,
					       got ? (long)((unsigned char *)
								    got -
							    buf - off) :
						     -1L);
					return 1;
				}
				checks++;
			}
	printf("%lu checks\n", checks);
	return 0;
}
