/* SPDX-License-Identifier: GPL-2.0 */
/* Fixed-width and kernel types, from the compiler's freestanding headers. */
#ifndef _KMLAB_TYPES_H
#define _KMLAB_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef long ssize_t;
/* Physical addresses: the multiboot map can describe memory above 4 GiB. */
typedef u64 phys_addr_t;

/* Guarded: a host tool may have <limits.h> or <stdint.h> before us. */
#ifndef SIZE_MAX
#define SIZE_MAX ((size_t)-1)
#endif
#ifndef ULONG_MAX
#define ULONG_MAX (~0UL)
#endif
#ifndef UINT_MAX
#define UINT_MAX (~0U)
#endif
#ifndef INT_MAX
#define INT_MAX ((int)(~0U >> 1))
#endif
#ifndef LONG_MAX
#define LONG_MAX ((long)(~0UL >> 1))
#endif

#endif /* _KMLAB_TYPES_H */
