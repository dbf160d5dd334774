/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SipHash-2-4 (lib/siphash.c): J.-P. Aumasson and D. J. Bernstein,
 * "SipHash: a fast short-input PRF", INDOCRYPT 2012; Linux's lib/siphash.c
 * computes the same function. A keyed pseudo-random function: without
 * the 128-bit key its 64-bit outputs cannot be predicted, which is what
 * the random source (lib/random.c) and the heap secrets rely on.
 */
#ifndef _KMLAB_SIPHASH_H
#define _KMLAB_SIPHASH_H

#include <kmlab/types.h>

/**
 * struct siphash_key - a SipHash key
 * @key: the two 64-bit halves (k0 is bytes 0-7 of the key little-endian,
 *       k1 bytes 8-15, as in the paper)
 */
typedef struct siphash_key {
	u64 key[2];
} siphash_key_t;

/**
 * siphash - SipHash-2-4 of a byte string
 * @data: the message (any alignment)
 * @len: its length, bytes
 * @key: the key
 *
 * Two compression rounds per 8-byte word, four finalisation rounds, as
 * the reference implementation. Any context.
 * Return: the 64-bit tag (the paper's v0 ^ v1 ^ v2 ^ v3).
 */
u64 siphash(const void *data, size_t len, const siphash_key_t *key);

#endif /* _KMLAB_SIPHASH_H */
