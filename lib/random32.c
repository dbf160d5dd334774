// SPDX-License-Identifier: GPL-2.0
/*
 * L'Ecuyer's taus113 combined Tausworthe generator ("Tables of maximally
 * equidistributed combined LFSR generators", Math. Comp. 68, 1999), the
 * generator behind Linux's prandom_u32_state(). Seeding spreads a 64-bit
 * seed with splitmix64 and enforces each component's minimum value.
 */
#include <kmlab/random.h>

#define TAUSWORTHE(s, a, b, c, d) \
	((((s) & (c)) << (d)) ^ ((((s) << (a)) ^ (s)) >> (b)))

u32 prandom_u32_state(struct rnd_state *st)
{
	st->s1 = TAUSWORTHE(st->s1, 6U, 13U, 4294967294U, 18U);
	st->s2 = TAUSWORTHE(st->s2, 2U, 27U, 4294967288U, 2U);
	st->s3 = TAUSWORTHE(st->s3, 13U, 21U, 4294967280U, 7U);
	st->s4 = TAUSWORTHE(st->s4, 3U, 12U, 4294967168U, 13U);
	return st->s1 ^ st->s2 ^ st->s3 ^ st->s4;
}

static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void prandom_seed_state(struct rnd_state *st, u64 seed)
{
	u64 x = seed;

	/* Each component needs a minimum value to stay full period. */
	st->s1 = (u32)splitmix64(&x) | 2U;
	st->s2 = (u32)splitmix64(&x) | 8U;
	st->s3 = (u32)splitmix64(&x) | 16U;
	st->s4 = (u32)splitmix64(&x) | 128U;
	for (int i = 0; i < 10; i++)
		prandom_u32_state(st);
}

u32 prandom_u32_below(struct rnd_state *st, u32 ceil)
{
	/* Multiply-shift: bias below 2^-32 per value, fine for tests. */
	return ((u64)prandom_u32_state(st) * ceil) >> 32;
}
