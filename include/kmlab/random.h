/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Seeded pseudo-random numbers for tests and benchmarks (lib/random32.c):
 * L'Ecuyer's maximally equidistributed combined Tausworthe generator
 * (taus113, Math. Comp. 68, 1999), the algorithm of Linux's prandom.
 * Deterministic per seed; not for cryptography.
 */
#ifndef _KMLAB_RANDOM_H
#define _KMLAB_RANDOM_H

#include <kmlab/types.h>

struct rnd_state {
	u32 s1, s2, s3, s4;
};

/**
 * prandom_seed_state - seed @state so that its sequence depends only on @seed
 * @state: generator state
 * @seed: any 64-bit value
 */
void prandom_seed_state(struct rnd_state *state, u64 seed);

/**
 * prandom_u32_state - next 32 pseudo-random bits from @state
 * @state: a seeded generator state
 */
u32 prandom_u32_state(struct rnd_state *state);

/**
 * prandom_u32_below - a pseudo-random number in [0, @ceil)
 * @state: a seeded generator state
 * @ceil: exclusive upper bound, > 0
 */
u32 prandom_u32_below(struct rnd_state *state, u32 ceil);

#endif /* _KMLAB_RANDOM_H */
