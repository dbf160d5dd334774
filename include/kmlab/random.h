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

/*
 * The kernel's random source (lib/random.c): unpredictable numbers for the
 * heap's secrets (mm/hardening.h), not reproducible unless the boot
 * parameter random.seed= is given. Documentation/core-api/random.rst.
 */
#include <kmlab/siphash.h>

/**
 * struct random_state - a SipHash-2-4 generator in counter mode
 * @key: the secret key
 * @counter: how many words were drawn
 *
 * Word i is siphash(i, @key): as unpredictable as SipHash is a PRF.
 */
struct random_state {
	siphash_key_t key;
	u64 counter;
};

/**
 * random_state_seed - make @st the generator that random.seed=@seed gives
 * @st: the generator
 * @seed: any 64-bit value
 *
 * The key is SipHash-2-4 of @seed under two fixed keys. Any context.
 */
void random_state_seed(struct random_state *st, u64 seed);

/**
 * random_state_u64 - the next 64 bits of @st
 * @st: a seeded generator
 *
 * Any context (not reentrant on one @st). Return: siphash(counter, key).
 */
u64 random_state_u64(struct random_state *st);

/**
 * random_parse_seed - read the value of random.seed=
 * @text: the text after "random.seed=" (decimal, 0x hex or 0 octal)
 * @seed: where the seed goes
 *
 * Return: 0 and *@seed set, or -EINVAL (empty, not a number, trailing
 * characters) or -ERANGE (above 2^64 - 1) with *@seed unchanged.
 */
int random_parse_seed(const char *text, u64 *seed);

/**
 * random_init - key the kernel's generator, once, before the heap starts
 *
 * From random.seed= when given (reproducible runs); else from RDRAND when
 * CPUID says the CPU has it; else from the TSC and the boot state (stack
 * address, command line, memory map) chained through SipHash-2-4. Under
 * "qemu -icount" without RDRAND the TSC is the same on every boot, so is
 * the key then: the log line says which source was used. Context: boot,
 * from start_kernel() before mm_init().
 */
void random_init(void);

/**
 * random_source_name - where random_init() took the key from
 *
 * Return: "random.seed", "rdrand" or "tsc+boot state" ("none" before
 * random_init()). Any context.
 */
const char *random_source_name(void);

/**
 * get_random_u64 - 64 unpredictable bits (Linux's name)
 *
 * From the generator random_init() keyed. Any context, one CPU at a time.
 */
u64 get_random_u64(void);

/**
 * get_random_u32 - 32 unpredictable bits (Linux's name)
 *
 * The low half of get_random_u64(). Any context, as get_random_u64().
 */
u32 get_random_u32(void);

/**
 * get_random_u32_below - an unpredictable number in [0, @ceil) (Linux's name)
 * @ceil: exclusive upper bound, > 0
 *
 * Multiply-shift of get_random_u32(): bias below @ceil / 2^32.
 * Return: the number; 0 when @ceil is 0.
 */
u32 get_random_u32_below(u32 ceil);

#endif /* _KMLAB_RANDOM_H */
