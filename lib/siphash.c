// SPDX-License-Identifier: GPL-2.0
/*
 * SipHash-2-4, after the reference implementation of Aumasson and
 * Bernstein (INDOCRYPT 2012). The message is absorbed in little-endian
 * 8-byte words; the last word carries the remaining bytes and the length
 * in its top byte. The reference test vectors are checked by the ktest
 * suite "random" (lib/random_test.c).
 */
#include <kmlab/siphash.h>

static inline u64 rol64(u64 x, unsigned int n)
{
	return (x << n) | (x >> (64 - n));
}

#define SIPROUND(v0, v1, v2, v3)    \
	do {                        \
		v0 += v1;           \
		v1 = rol64(v1, 13); \
		v1 ^= v0;           \
		v0 = rol64(v0, 32); \
		v2 += v3;           \
		v3 = rol64(v3, 16); \
		v3 ^= v2;           \
		v0 += v3;           \
		v3 = rol64(v3, 21); \
		v3 ^= v0;           \
		v2 += v1;           \
		v1 = rol64(v1, 17); \
		v1 ^= v2;           \
		v2 = rol64(v2, 32); \
	} while (0)

/* Bytes @p[0..@n) as a little-endian word (i386 is little-endian). */
static u64 load_le(const u8 *p, size_t n)
{
	u64 w = 0;

	for (size_t i = 0; i < n; i++)
		w |= (u64)p[i] << (8 * i);
	return w;
}

u64 siphash(const void *data, size_t len, const siphash_key_t *key)
{
	const u8 *p = data;
	u64 v0 = 0x736f6d6570736575ULL ^ key->key[0];
	u64 v1 = 0x646f72616e646f6dULL ^ key->key[1];
	u64 v2 = 0x6c7967656e657261ULL ^ key->key[0];
	u64 v3 = 0x7465646279746573ULL ^ key->key[1];
	u64 m;
	size_t left = len;

	for (; left >= 8; left -= 8, p += 8) {
		m = load_le(p, 8);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	m = load_le(p, left) | ((u64)len << 56);
	v3 ^= m;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= m;
	v2 ^= 0xff;
	for (int i = 0; i < 4; i++)
		SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}
