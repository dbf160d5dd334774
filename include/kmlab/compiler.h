/* SPDX-License-Identifier: GPL-2.0 */
/* Compiler attributes and small helpers, with Linux's names. */
#ifndef _KMLAB_COMPILER_H
#define _KMLAB_COMPILER_H

#include <kmlab/types.h>

#define __section(s) __attribute__((__section__(s)))
#define __used __attribute__((__used__))
#define __unused __attribute__((__unused__))
#define __packed __attribute__((__packed__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __noreturn __attribute__((__noreturn__))
#define __noinline __attribute__((__noinline__))
#define __always_inline inline __attribute__((__always_inline__))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#define __weak __attribute__((__weak__))
#define __maybe_unused __attribute__((__unused__))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("" : : : "memory")

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN(x, a) (((x) + ((a)-1)) & ~((typeof(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((typeof(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((typeof(x))(a)-1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

/* Return address of the current function, for "caller" reports. */
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))
#define _THIS_IP_                        \
	({                               \
		__label__ __here;        \
__here:                                  \
		(unsigned long)&&__here; \
	})

#endif /* _KMLAB_COMPILER_H */
