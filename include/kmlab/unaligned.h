/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loads and stores at addresses that may not be aligned to their type, as
 * Linux's <linux/unaligned.h> get_unaligned()/put_unaligned(): the value
 * is copied byte-wise in C (__builtin_memcpy(), which GCC turns into one
 * move on x86, where unaligned access is allowed), so no misaligned
 * pointer is ever dereferenced (UBSan's alignment check, and the C rule
 * it enforces). Firmware tables (ACPI's RSDT) and object tails of sizes
 * that are not a multiple of 4 need them.
 */
#ifndef _KMLAB_UNALIGNED_H
#define _KMLAB_UNALIGNED_H

/**
 * get_unaligned - load *@ptr whatever its alignment
 * @ptr: a pointer to a scalar type; it need not be aligned for that type
 *
 * The copy's type is that of a cast to typeof(*@ptr), which drops a
 * const: @ptr may point to const.
 *
 * Context: any. Return: the value of type typeof(*@ptr) stored at @ptr.
 */
#define get_unaligned(ptr)                                            \
	({                                                            \
		__typeof__((__typeof__(*(ptr)))0) __gu_val;           \
		__builtin_memcpy(&__gu_val, (ptr), sizeof(__gu_val)); \
		__gu_val;                                             \
	})

/**
 * put_unaligned - store @val at @ptr whatever its alignment
 * @val: the value, converted to typeof(*@ptr)
 * @ptr: a pointer to a scalar type; it need not be aligned for that type
 *
 * Context: any. Return: nothing.
 */
#define put_unaligned(val, ptr)                                       \
	do {                                                          \
		__typeof__(*(ptr)) __pu_val = (val);                  \
		__builtin_memcpy((ptr), &__pu_val, sizeof(__pu_val)); \
	} while (0)

#endif /* _KMLAB_UNALIGNED_H */
