// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "random": SipHash-2-4 against the reference vectors of
 * Aumasson and Bernstein (key 00..0f, message 00..n-1, their test.c's
 * vectors_sip64), the seeded generator's reproducibility, the parsing of
 * random.seed=, the range of get_random_u32_below(), and that the source
 * random_init() names agrees with what CPUID says the CPU has.
 */
#include <ktest.h>
#include <kmlab/random.h>
#include <kmlab/siphash.h>
#include <kmlab/errno.h>
#include <asm/archrandom.h>

static const siphash_key_t ref_key = { { 0x0706050403020100ULL,
					 0x0f0e0d0c0b0a0908ULL } };

/* The reference tags for the message lengths that cover every tail case. */
static void siphash_reference_vectors(struct ktest *test)
{
	static const struct {
		size_t len;
		u64 tag;
	} v[] = {
		{ 0, 0x726fdb47dd0e0e31ULL },  { 1, 0x74f839c593dc67fdULL },
		{ 8, 0x93f5f5799a932462ULL },  { 15, 0xa129ca6149be45e5ULL },
		{ 16, 0x3f2acc7f57c29bdbULL },
	};
	u8 msg[16];

	for (int i = 0; i < 16; i++)
		msg[i] = i;
	for (unsigned int i = 0; i < ARRAY_SIZE(v); i++)
		KTEST_EXPECT_EQ_MSG(test, siphash(msg, v[i].len, &ref_key),
				    v[i].tag, "message of %zu bytes", v[i].len);
}

/* One seed, one sequence; another seed, another sequence. */
static void seed_repeats(struct ktest *test)
{
	struct random_state a, b;
	u64 first;

	random_state_seed(&a, 42);
	random_state_seed(&b, 42);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_EQ(test, random_state_u64(&a),
				random_state_u64(&b));
	random_state_seed(&a, 42);
	first = random_state_u64(&a);
	KTEST_EXPECT_NE(test, random_state_u64(&a), first);
	random_state_seed(&b, 43);
	KTEST_EXPECT_NE(test, random_state_u64(&b), first);
}

/* random.seed= takes the kstrtoull() forms, refuses the rest untouched. */
static void parse_seed(struct ktest *test)
{
	u64 seed = 7;

	KTEST_EXPECT_EQ(test, random_parse_seed("0x10", &seed), 0);
	KTEST_EXPECT_EQ(test, seed, 16);
	KTEST_EXPECT_EQ(test, random_parse_seed("18446744073709551615", &seed),
			0);
	KTEST_EXPECT_EQ(test, seed, ~0ULL);
	seed = 7;
	KTEST_EXPECT_EQ(test, random_parse_seed("12x", &seed), -EINVAL);
	KTEST_EXPECT_EQ(test, random_parse_seed("", &seed), -EINVAL);
	KTEST_EXPECT_EQ(test, random_parse_seed("18446744073709551616", &seed),
			-ERANGE);
	KTEST_EXPECT_EQ(test, seed, 7);
}

/*
 * Every value below the bound, none at or above it. Seeing all 4 values
 * of [0, 4) in 200 draws fails by chance with probability 4 * (3/4)^200,
 * below 10^-24.
 */
static void below_in_range(struct ktest *test)
{
	unsigned int seen = 0;

	for (int i = 0; i < 200; i++) {
		u32 v = get_random_u32_below(4);

		KTEST_ASSERT_LT(test, v, 4);
		seen |= 1U << v;
	}
	KTEST_EXPECT_EQ(test, seen, 0xf);
	KTEST_EXPECT_EQ(test, get_random_u32_below(1), 0);
	KTEST_EXPECT_EQ(test, get_random_u32_below(0), 0);
}

/* The boot generator moves (two equal words: probability 2^-64). */
static void boot_generator_moves(struct ktest *test)
{
	u64 a = get_random_u64();

	KTEST_EXPECT_NE(test, get_random_u64(), a);
}

/* The named source is RDRAND exactly when CPUID has it (unless seeded). */
static void source_follows_cpuid(struct ktest *test)
{
	const char *src = random_source_name();

	if (!strcmp(src, "random.seed"))
		ktest_skip(test, "random.seed= given: the CPU was not asked");
	KTEST_EXPECT_STREQ(test, src,
			   arch_has_rdrand() ? "rdrand" : "tsc+boot state");
}

static struct ktest_case random_cases[] = { KTEST_CASE(
						    siphash_reference_vectors),
					    KTEST_CASE(seed_repeats),
					    KTEST_CASE(parse_seed),
					    KTEST_CASE(below_in_range),
					    KTEST_CASE(boot_generator_moves),
					    KTEST_CASE(source_follows_cpuid),
					    {} };

static struct ktest_suite random_suite = {
	.name = "random",
	.cases = random_cases,
};
KTEST_SUITE(random_suite);
