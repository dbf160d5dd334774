// SPDX-License-Identifier: GPL-2.0
/*
 * The kmalloc fuzz target (CONFIG_KMALLOC_FUZZ): libFuzzer's input bytes
 * decoded into a sequence of heap calls on the compiled-in backend, checked
 * against a model after every call. Documentation/dev-tools/fuzzing.rst.
 *
 * Language. An input is a sequence of operations; each is one opcode byte
 * (modulo the number of operations) followed by its operand bytes, read
 * in order (a missing byte reads as 0, and the input ends there):
 *
 *   kmalloc SLOT SIZE GFP     kzalloc SLOT SIZE     kcalloc SLOT N SIZE
 *   krealloc SLOT SIZE        kfree SLOT            ksize SLOT
 *   cache_create C SIZE ALIGN FLAGS     cache_alloc SLOT C GFP
 *   cache_destroy C           alloc_pages SLOT ORDER GFP
 *   validate                  double_free SLOT      foreign_free OFF
 *   interior_free SLOT OFF
 *
 * SLOT is one of 32 places for a live object (an occupied SLOT is freed
 * first), C one of 4 caches, SIZE two bytes that pick a size class edge
 * (0, 8, 16 ... PAGE_SIZE and more, plus or minus one), a small, medium
 * or large size, or one near or past the end of memory. GFP bit 0 asks
 * for __GFP_ZERO. Every allocation has __GFP_NOWARN: running out of
 * memory is allowed, and only counted.
 *
 * Oracle. Every live object carries a pattern (its head and tail, the
 * whole object when small) that must survive every other call; no two
 * live objects overlap; ksize() is at least the request; zeroing holds
 * where asked; alignment is kmalloc's (8, natural for power-of-two sizes
 * up to PAGE_SIZE), a cache's own, a page's for alloc_pages; kmalloc_stats.live_objects equals the model's count after
 * every call and kmalloc_validate() is clean every 16 calls; at the end
 * of the input everything is freed and the statistics are back where they
 * were. Bad input (kmalloc_fuzz.bad_input=1 only, and only what the
 * backend's backend_info.detects promises; other bad operations are
 * skipped, never performed): a double free, a pointer the heap never handed
 * out, an interior pointer must each raise bad_input by exactly one and
 * leave the heap valid. A KASAN or UBSan report during an input is a
 * finding as well.
 *
 * A finding prints "kmalloc_fuzz: FAIL op N (NAME ...): what" and returns
 * non-zero: the architecture aborts and libFuzzer keeps the input.
 * kmalloc_fuzz.verbose=1 prints every operation as it runs (for make
 * fuzz-repro).
 */
#include <kmlab/fuzz.h>
#include <kmlab/gfp.h>
#include <kmlab/init.h>
#include <kmlab/kasan.h>
#include <kmlab/mm.h>
#include <kmlab/param.h>
#include <kmlab/printk.h>
#include <kmlab/slab.h>
#include <kmlab/string.h>
#include <kmlab/ubsan.h>
#include "internal.h"

static bool fuzz_bad_input;
kernel_param("kmalloc_fuzz.bad_input", fuzz_bad_input, bool,
	     "also generate the bad frees the backend promises to detect");
static bool fuzz_verbose;
kernel_param("kmalloc_fuzz.verbose", fuzz_verbose, bool,
	     "print every decoded operation (make fuzz-repro)");

#define NR_SLOTS 32
#define NR_CACHES 4
#define VALIDATE_EVERY 16
/* Objects up to this size carry a pattern in every byte, larger ones in
 * their first and last PATTERN_EDGE bytes. */
#define PATTERN_FULL 1024
#define PATTERN_EDGE 256

enum obj_kind { OBJ_NONE, OBJ_KMALLOC, OBJ_CACHE, OBJ_PAGES };

struct fuzz_obj {
	u8 *p;
	size_t size; /* requested bytes (PAGE_SIZE << order for pages) */
	enum obj_kind kind;
	unsigned int cache; /* OBJ_CACHE */
	unsigned int order; /* OBJ_PAGES */
	u8 seed;
};

struct fuzz_cache {
	struct kmem_cache *s;
	size_t size;
	size_t align; /* as asked, 0 for none */
	long own_objects; /* live_objects the cache itself holds */
};

static struct fuzz_state {
	const u8 *data;
	size_t len, pos;
	unsigned int op;
	const char *op_name;
	struct fuzz_obj obj[NR_SLOTS];
	struct fuzz_cache cache[NR_CACHES];
	long live; /* live_objects expected above the start */
	unsigned long bad; /* bad_input expected above the start */
	u8 next_seed;
	struct kmalloc_stats start;
} fz;

static u64 not_from_the_heap[16];

static const char *const cache_names[NR_CACHES] = { "fuzz0", "fuzz1", "fuzz2",
						    "fuzz3" };

static u8 get_u8(void)
{
	return fz.pos < fz.len ? fz.data[fz.pos++] : 0;
}

static u16 get_u16(void)
{
	u16 lo = get_u8();

	return lo | (u16)get_u8() << 8;
}

/* The sizes that matter most: the edges of size classes and of pages. */
static const size_t size_edges[] = {
	0,	  8,	    16,	       24,	  32,	    48,
	64,	  96,	    128,       192,	  256,	    512,
	1024,	  2048,	    3072,      4096,	  4096 * 2, 4096 * 3,
	4096 * 4, 4096 * 8, 4096 * 16, 4096 * 64, 1 << 20,
};

static size_t get_size(void)
{
	u16 v = get_u16();
	unsigned int x = v & 0x3fff;
	size_t n;

	switch (v >> 14) {
	case 0: /* an edge, minus one, on it, or plus one */
		n = size_edges[x % ARRAY_SIZE(size_edges)];
		switch ((x / ARRAY_SIZE(size_edges)) % 3) {
		case 0:
			return n ? n - 1 : 0;
		case 1:
			return n;
		default:
			return n + 1;
		}
	case 1: /* small */
		return 1 + x % 256;
	case 2: /* medium */
		return 1 + x;
	default: /* large, near the end of memory, or past it */
		if (x & 0x2000)
			return (size_t)((x & 0xff) + 1) << 20;
		return (size_t)((x & 0x3f) + 1) << 16;
	}
}

static bool fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static bool fail(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("kmalloc_fuzz: FAIL op %u (%s): %s\n", fz.op, fz.op_name, msg);
	return false;
}

static u8 pattern_byte(const struct fuzz_obj *o, size_t i)
{
	return (u8)(o->seed + i * 7 + (i >> 8));
}

static bool in_pattern(const struct fuzz_obj *o, size_t i)
{
	return o->size <= PATTERN_FULL || i < PATTERN_EDGE ||
	       i >= o->size - PATTERN_EDGE;
}

/* Visit the bytes that carry the pattern: all, or head and tail. */
#define for_each_pattern_byte(o, i)       \
	for (size_t i = 0; i < (o)->size; \
	     i = (in_pattern((o), i + 1) ? i + 1 : (o)->size - PATTERN_EDGE))

static void fill(struct fuzz_obj *o)
{
	o->seed = fz.next_seed++;
	for_each_pattern_byte(o, i) o->p[i] = pattern_byte(o, i);
}

static bool check_pattern(const struct fuzz_obj *o, size_t upto)
{
	for_each_pattern_byte(o, i)
	{
		if (i >= upto)
			break;
		if (o->p[i] != pattern_byte(o, i))
			return fail(
				"object %p of %zu bytes: byte %zu is 0x%02x, not 0x%02x",
				o->p, o->size, i, o->p[i], pattern_byte(o, i));
	}
	return true;
}

static bool check_zero(const u8 *p, size_t size)
{
	size_t n = size < 2 * PATTERN_FULL ? size : 2 * PATTERN_FULL;

	for (size_t i = 0; i < n; i++)
		if (p[i])
			return fail(
				"%p of %zu bytes asked zeroed: byte %zu is 0x%02x",
				p, size, i, p[i]);
	if (size > n && p[size - 1])
		return fail(
			"%p of %zu bytes asked zeroed: its last byte is 0x%02x",
			p, size, p[size - 1]);
	return true;
}

/* kmalloc's alignment: 8, natural for power-of-two sizes up to PAGE_SIZE. */
static size_t kmalloc_align(size_t size)
{
	return size <= PAGE_SIZE && !(size & (size - 1)) && size > 8 ? size : 8;
}

/* A new object: aligned to @align, overlapping no live one, patterned. */
static bool add(unsigned int slot, void *p, size_t size, enum obj_kind kind,
		bool zeroed, size_t align)
{
	struct fuzz_obj *o = &fz.obj[slot];
	unsigned long a = (unsigned long)p;

	if (align && (a & (align - 1)))
		return fail("%p of %zu bytes is not %zu-byte aligned", p, size,
			    align);
	for (unsigned int i = 0; i < NR_SLOTS; i++) {
		const struct fuzz_obj *q = &fz.obj[i];

		if (q->kind == OBJ_NONE || i == slot)
			continue;
		if ((u8 *)p < q->p + q->size && q->p < (u8 *)p + size)
			return fail(
				"%p of %zu bytes overlaps the live %p of %zu bytes",
				p, size, q->p, q->size);
	}
	if (zeroed && !check_zero(p, size))
		return false;
	*o = (struct fuzz_obj){ .p = p, .size = size, .kind = kind };
	fill(o);
	fz.live++;
	return true;
}

static gfp_t get_gfp(void)
{
	return GFP_KERNEL | __GFP_NOWARN | (get_u8() & 1 ? __GFP_ZERO : 0);
}

static bool release(unsigned int slot)
{
	struct fuzz_obj *o = &fz.obj[slot];

	if (o->kind == OBJ_NONE)
		return true;
	if (!check_pattern(o, o->size))
		return false;
	switch (o->kind) {
	case OBJ_KMALLOC:
		kfree(o->p);
		break;
	case OBJ_CACHE:
		kmem_cache_free(fz.cache[o->cache].s, o->p);
		break;
	default:
		free_pages((unsigned long)o->p, o->order);
		break;
	}
	o->kind = OBJ_NONE;
	fz.live--;
	return true;
}

static bool check_ksize(const struct fuzz_obj *o)
{
	size_t n = ksize(o->p);

	if (n < o->size)
		return fail("ksize(%p) is %zu, less than the %zu asked", o->p,
			    n, o->size);
	return true;
}

static bool do_kmalloc(unsigned int slot, size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);

	if (!size) {
		if (p != ZERO_SIZE_PTR)
			return fail("kmalloc(0) returned %p, not ZERO_SIZE_PTR",
				    p);
		return true;
	}
	if (!p)
		return true;
	if (!add(slot, p, size, OBJ_KMALLOC, gfp & __GFP_ZERO,
		 kmalloc_align(size)))
		return false;
	return check_ksize(&fz.obj[slot]);
}

static bool do_kcalloc(unsigned int slot)
{
	unsigned int n = get_u8();
	size_t size = get_size();
	void *p;

	if (n == 0xff &&
	    size > 1) { /* n * size overflows: NULL, nothing else */
		p = kcalloc(SIZE_MAX / size + 1, size,
			    GFP_KERNEL | __GFP_NOWARN);
		return p ? fail("kcalloc(%zu, %zu) overflows but returned %p",
				SIZE_MAX / size + 1, size, p) :
			   true;
	}
	n = n % 16 + 1;
	if (size && size > SIZE_MAX / n)
		return true;
	p = kcalloc(n, size, GFP_KERNEL | __GFP_NOWARN);
	if (!p || p == ZERO_SIZE_PTR)
		return true;
	return add(slot, p, n * size, OBJ_KMALLOC, true,
		   kmalloc_align(n * size));
}

static bool do_krealloc(unsigned int slot, size_t size)
{
	struct fuzz_obj *o = &fz.obj[slot];
	struct fuzz_obj old;
	u8 *p;

	if (o->kind != OBJ_KMALLOC)
		return release(slot) &&
		       do_kmalloc(slot, size, GFP_KERNEL | __GFP_NOWARN);
	if (!check_pattern(o, o->size))
		return false;
	old = *o;
	p = krealloc(o->p, size, GFP_KERNEL | __GFP_NOWARN);
	if (!size) {
		if (p != ZERO_SIZE_PTR)
			return fail(
				"krealloc(%p, 0) returned %p, not ZERO_SIZE_PTR",
				old.p, p);
		o->kind = OBJ_NONE;
		fz.live--;
		return true;
	}
	if (!p) /* the old object stays */
		return check_pattern(o, o->size);
	o->kind = OBJ_NONE;
	fz.live--;
	o->p = p; /* the kept bytes must have moved with it */
	if (!check_pattern(o, size < old.size ? size : old.size))
		return false;
	/* Shrunk in place, it keeps its address: 8-byte alignment only. */
	if (!add(slot, p, size, OBJ_KMALLOC, false, 8))
		return false;
	return check_ksize(o);
}

static bool destroy_cache(unsigned int c)
{
	struct fuzz_cache *fc = &fz.cache[c];

	if (!fc->s)
		return true;
	for (unsigned int i = 0; i < NR_SLOTS; i++)
		if (fz.obj[i].kind == OBJ_CACHE && fz.obj[i].cache == c &&
		    !release(i))
			return false;
	kmem_cache_destroy(fc->s);
	fz.live -= fc->own_objects;
	fc->s = NULL;
	return true;
}

static bool do_cache_create(unsigned int c)
{
	struct fuzz_cache *fc = &fz.cache[c];
	size_t size = get_size();
	u8 a = get_u8(), f = get_u8();
	size_t align = a & 0x80 ? 0 : (size_t)8 << (a % 10); /* 8 .. 4096 */
	slab_flags_t flags = (f & 1 ? SLAB_HWCACHE_ALIGN : 0) |
			     (f & 2 ? SLAB_POISON : 0) |
			     (f & 4 ? SLAB_RED_ZONE : 0);
	struct kmalloc_stats before, after;

	if (!destroy_cache(c))
		return false;
	if (!size || size > 4 * PAGE_SIZE)
		size = size % (4 * PAGE_SIZE) + 1;
	kmalloc_get_stats(&before);
	fc->s = kmem_cache_create(cache_names[c], size, align, flags, NULL);
	kmalloc_get_stats(&after);
	fc->size = size;
	fc->align = align;
	fc->own_objects = (long)(after.live_objects - before.live_objects);
	fz.live += fc->own_objects;
	return true;
}

static bool do_cache_alloc(unsigned int slot)
{
	unsigned int c = get_u8() % NR_CACHES;
	gfp_t gfp = get_gfp();
	void *p;

	if (!fz.cache[c].s)
		return true;
	p = kmem_cache_alloc(fz.cache[c].s, gfp);
	if (!p)
		return true;
	if (!add(slot, p, fz.cache[c].size, OBJ_CACHE, gfp & __GFP_ZERO,
		 fz.cache[c].align))
		return false;
	fz.obj[slot].cache = c;
	return true;
}

static bool do_alloc_pages(unsigned int slot)
{
	u8 b = get_u8();
	unsigned int order = b & 0x80 ? b % MAX_ORDER : b % 3;
	gfp_t gfp = get_gfp();
	void *p = (void *)__get_free_pages(gfp, order);

	if (!p)
		return true;
	if (!add(slot, p, PAGE_SIZE << order, OBJ_PAGES, gfp & __GFP_ZERO,
		 PAGE_SIZE))
		return false;
	fz.obj[slot].order = order;
	return true;
}

static bool expect_report(void (*bad_free)(const void *p), const void *p)
{
	struct kmalloc_stats before, after;

	kmalloc_get_stats(&before);
	bad_free(p);
	kmalloc_get_stats(&after);
	if (after.bad_input != before.bad_input + 1)
		return fail("a bad kfree(%p) raised bad_input by %lu, not by 1",
			    p, after.bad_input - before.bad_input);
	fz.bad++;
	return true;
}

static void kfree_fn(const void *p)
{
	kfree(p);
}

static bool detects(unsigned int what)
{
	return fuzz_bad_input && (backend_info.detects & what);
}

static bool do_double_free(unsigned int slot)
{
	struct fuzz_obj *o = &fz.obj[slot];
	void *p = o->p;

	if (o->kind != OBJ_KMALLOC || !detects(KMALLOC_DETECTS_DOUBLE_FREE))
		return true;
	if (!release(slot))
		return false;
	return expect_report(kfree_fn, p);
}

static bool do_interior_free(unsigned int slot)
{
	struct fuzz_obj *o = &fz.obj[slot];
	size_t off = 8 * (1 + get_u8());

	if (o->kind != OBJ_KMALLOC || !detects(KMALLOC_DETECTS_INTERIOR))
		return true;
	if (o->size <= 8)
		return true;
	off = off % (o->size & ~(size_t)7);
	if (!off)
		off = 8;
	if (off >= o->size)
		return true;
	return expect_report(kfree_fn, o->p + off) && check_pattern(o, o->size);
}

static bool do_foreign_free(void)
{
	unsigned int i = get_u8() % ARRAY_SIZE(not_from_the_heap);

	if (!detects(KMALLOC_DETECTS_FOREIGN))
		return true;
	return expect_report(kfree_fn, &not_from_the_heap[i]);
}

static bool check_heap(void)
{
	struct kmalloc_stats st;
	char why[120];

	if (!fuzz_heap_clean(&fz.start, fz.live, why, sizeof(why)))
		return fail("%s", why);
	kmalloc_get_stats(&st);
	if (st.bad_input - fz.start.bad_input != fz.bad)
		return fail("bad_input rose by %lu, the model by %lu",
			    st.bad_input - fz.start.bad_input, fz.bad);
	return true;
}

enum fuzz_op {
	OP_KMALLOC,
	OP_KZALLOC,
	OP_KCALLOC,
	OP_KREALLOC,
	OP_KFREE,
	OP_KSIZE,
	OP_CACHE_CREATE,
	OP_CACHE_ALLOC,
	OP_CACHE_DESTROY,
	OP_ALLOC_PAGES,
	OP_VALIDATE,
	OP_DOUBLE_FREE,
	OP_FOREIGN_FREE,
	OP_INTERIOR_FREE,
	NR_OPS
};

static const char *const op_names[NR_OPS] = {
	"kmalloc",	 "kzalloc",	  "kcalloc",	  "krealloc",
	"kfree",	 "ksize",	  "cache_create", "cache_alloc",
	"cache_destroy", "alloc_pages",	  "validate",	  "double_free",
	"foreign_free",	 "interior_free",
};

static bool run_op(enum fuzz_op op)
{
	unsigned int slot = get_u8() % NR_SLOTS;
	size_t size;

	switch (op) {
	case OP_KMALLOC:
		size = get_size();
		return release(slot) && do_kmalloc(slot, size, get_gfp());
	case OP_KZALLOC:
		size = get_size();
		return release(slot) &&
		       do_kmalloc(slot, size,
				  GFP_KERNEL | __GFP_NOWARN | __GFP_ZERO);
	case OP_KCALLOC:
		return release(slot) && do_kcalloc(slot);
	case OP_KREALLOC:
		return do_krealloc(slot, get_size());
	case OP_KFREE:
		return release(slot);
	case OP_KSIZE:
		if (fz.obj[slot].kind != OBJ_KMALLOC)
			return true;
		return check_ksize(&fz.obj[slot]) &&
		       check_pattern(&fz.obj[slot], fz.obj[slot].size);
	case OP_CACHE_CREATE:
		return do_cache_create(slot % NR_CACHES);
	case OP_CACHE_ALLOC:
		return release(slot) && do_cache_alloc(slot);
	case OP_CACHE_DESTROY:
		return destroy_cache(slot % NR_CACHES);
	case OP_ALLOC_PAGES:
		return release(slot) && do_alloc_pages(slot);
	case OP_VALIDATE:
		for (unsigned int i = 0; i < NR_SLOTS; i++)
			if (fz.obj[i].kind != OBJ_NONE &&
			    !check_pattern(&fz.obj[i], fz.obj[i].size))
				return false;
		return check_heap();
	case OP_DOUBLE_FREE:
		return do_double_free(slot);
	case OP_FOREIGN_FREE:
		return do_foreign_free();
	default:
		return do_interior_free(slot);
	}
}

/* Everything freed, every cache destroyed: back to the start. */
static bool finish(void)
{
	fz.op_name = "end";
	for (unsigned int i = 0; i < NR_SLOTS; i++)
		if (!release(i))
			return false;
	for (unsigned int c = 0; c < NR_CACHES; c++)
		if (!destroy_cache(c))
			return false;
	return check_heap();
}

/* "kmalloc_fuzz: op 3: krealloc 01 87 93": the operation and its operands. */
static void print_op(const u8 *operands, size_t n)
{
	char hex[3 * 8 + 1] = "";

	for (size_t i = 0; i < n && i < 8; i++)
		snprintf(hex + 3 * i, sizeof(hex) - 3 * i, " %02x",
			 operands[i]);
	pr_info("kmalloc_fuzz: op %u: %s%s\n", fz.op, fz.op_name, hex);
}

static int kmalloc_fuzz_one_input(const u8 *data, size_t size)
{
	unsigned long kasan = kasan_report_count();
	unsigned int ubsan = ubsan_report_count();
	bool ok = true;

	memset(&fz, 0, sizeof(fz));
	fz.data = data;
	fz.len = size;
	kmalloc_get_stats(&fz.start);
	while (ok && fz.pos < fz.len) {
		enum fuzz_op op = get_u8() % NR_OPS;
		size_t at = fz.pos;

		fz.op++;
		fuzz_ops++;
		fz.op_name = op_names[op];
		ok = run_op(op);
		if (fuzz_verbose)
			print_op(data + at, fz.pos - at);
		if (ok && fz.op % VALIDATE_EVERY == 0)
			ok = check_heap();
	}
	ok = ok && finish();
	if (ok && kasan_report_count() != kasan)
		ok = fail("%lu KASAN reports", kasan_report_count() - kasan);
	if (ok && ubsan_report_count() != ubsan)
		ok = fail("%u UBSan reports", ubsan_report_count() - ubsan);
	return ok ? 0 : -1;
}

static int kmalloc_fuzz_init(void)
{
	if (!fuzz_target_selected("kmalloc"))
		return 0;
	pr_info("kmalloc_fuzz: fuzzing the %s backend%s\n",
		kmalloc_backend_name(),
		fuzz_bad_input ? ", bad input included" : "");
	fuzz_run(kmalloc_fuzz_one_input);
}
device_initcall(kmalloc_fuzz_init);
