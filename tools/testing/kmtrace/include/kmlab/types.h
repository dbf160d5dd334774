/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host shim for <kmlab/types.h>: the fixed-width names kmtrace.h uses, from
 * the C library, so decode.c can include the kernel's kmtrace.h next to
 * <stdio.h> without the kernel's own types.h (whose ssize_t and friends
 * clash with a hosted libc). Put this directory before include/ on -I.
 */
#ifndef _KMLAB_TYPES_H
#define _KMLAB_TYPES_H

#include <stdint.h>
#include <stddef.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;

#endif /* _KMLAB_TYPES_H */
