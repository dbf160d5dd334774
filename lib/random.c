// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's random source, for the heap's per-boot secrets.
 *
 * One generator, SipHash-2-4 (lib/siphash.c) in counter mode: word i is
 * siphash(i, key). random_init() makes the 128-bit key once at boot, from
 * the first of:
 *   - the boot parameter random.seed=N: the key is a function of N alone,
 *     so a test run repeats exactly (Documentation/core-api/random.rst);
 *   - RDRAND, when CPUID.01H:ECX bit 30 says the CPU has it (four words,
 *     chained with the TSC through SipHash as below);
 *   - the TSC and the boot state: the stack address, the command line, the
 *     memory map and the boot loader's name, each chained into the key
 *     with SipHash-2-4 (key' = siphash(input, key) for both halves, under
 *     key and key with its first bit flipped). Without RDRAND and under
 *     "qemu -icount" the TSC repeats, so the key does too: the boot log
 *     names the source so a user can tell.
 * Linux's drivers/char/random.c is the model (a keyed mixing function over
 * whatever the boot offers, RDRAND trusted when present); its BLAKE2s pool
 * and ChaCha20 output are replaced by SipHash, which kmlab needs anyway
 * and which is a PRF under its key as well.
 */
#include <kmlab/random.h>
#include <kmlab/siphash.h>
#include <kmlab/kstrtox.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/string.h>
#include <kmlab/errno.h>
#include <kmlab/init.h>
#include <kmlab/memblock.h>
#include <kmlab/bootinfo.h>
#include <asm/tsc.h>
#include <asm/archrandom.h>

static struct random_state boot_random;
static const char *source = "none";

static const char *seed_text;
kernel_param("random.seed", seed_text, charp,
	     "key the random source from this number: reproducible secrets");

/*
 * The fixed key that turns a seed into a key (any constant would do; the
 * second key is its complement), and the start of the boot-state chain.
 */
static const siphash_key_t seed_key = { { 0x6172206261626c6dULL,
					  0x6d6f646eULL } };

void random_state_seed(struct random_state *st, u64 seed)
{
	siphash_key_t k2 = { { ~seed_key.key[0], ~seed_key.key[1] } };

	st->key.key[0] = siphash(&seed, sizeof(seed), &seed_key);
	st->key.key[1] = siphash(&seed, sizeof(seed), &k2);
	st->counter = 0;
}

u64 random_state_u64(struct random_state *st)
{
	u64 i = st->counter++;

	return siphash(&i, sizeof(i), &st->key);
}

int random_parse_seed(const char *text, u64 *seed)
{
	unsigned long long v;
	int ret = kstrtoull(text, 0, &v);

	if (ret)
		return ret;
	*seed = v;
	return 0;
}

/* Chain @len bytes at @p into @key: each half becomes a SipHash of them. */
static void __init mix(siphash_key_t *key, const void *p, size_t len)
{
	siphash_key_t flipped = { { key->key[0] ^ 1, key->key[1] } };
	u64 k0 = siphash(p, len, key);

	key->key[1] = siphash(p, len, &flipped);
	key->key[0] = k0;
}

static void __init mix_u64(siphash_key_t *key, u64 v)
{
	mix(key, &v, sizeof(v));
}

/* RDRAND's words into @key; false when the CPU has none or it fails. */
static bool __init mix_rdrand(siphash_key_t *key)
{
	unsigned long v;

	if (!arch_has_rdrand())
		return false;
	for (int i = 0; i < 4; i++) {
		if (!rdrand_long(&v)) {
			pr_warn("random: RDRAND failed 10 times: using the TSC and boot state\n");
			return false;
		}
		mix(key, &v, sizeof(v));
	}
	return true;
}

/* What differs between boots without RDRAND, little as it may be. */
static void __init mix_boot_state(siphash_key_t *key)
{
	unsigned long stack = (unsigned long)&key;

	mix(key, &stack, sizeof(stack));
	mix(key, saved_command_line, strlen(saved_command_line));
	mix(key, memblock_usable.regions,
	    memblock_usable.cnt * sizeof(memblock_usable.regions[0]));
	if (boot_loader_name)
		mix(key, boot_loader_name, strlen(boot_loader_name));
	mix_u64(key, rdtsc());
}

void __init random_init(void)
{
	siphash_key_t key = seed_key;
	u64 seed;

	if (seed_text) {
		if (!random_parse_seed(seed_text, &seed)) {
			random_state_seed(&boot_random, seed);
			source = "random.seed";
			pr_info("random: secrets from random.seed=%llu: reproducible, not secret\n",
				(unsigned long long)seed);
			return;
		}
		pr_err("random: bad value '%s' for random.seed (give a number): ignored\n",
		       seed_text);
	}
	mix_u64(&key, rdtsc());
	if (mix_rdrand(&key)) {
		source = "rdrand";
	} else {
		mix_boot_state(&key);
		source = "tsc+boot state";
	}
	boot_random.key = key;
	boot_random.counter = 0;
	pr_info("random: secrets from %s (SipHash-2-4)\n", source);
}

const char *random_source_name(void)
{
	return source;
}

u64 get_random_u64(void)
{
	return random_state_u64(&boot_random);
}

u32 get_random_u32(void)
{
	return (u32)get_random_u64();
}

u32 get_random_u32_below(u32 ceil)
{
	return ((u64)get_random_u32() * ceil) >> 32;
}
