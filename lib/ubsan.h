/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data the compiler passes to the UBSan report handlers (lib/ubsan.c).
 *
 * For each check it emits, GCC and clang build a static descriptor (the
 * source location and the types involved) and call
 * __ubsan_handle_<check>(descriptor, values...) when the check fails. The
 * layouts below are that ABI, as the compilers' own runtime
 * (compiler-rt's ubsan_handlers.h) and Linux's lib/ubsan.h declare it.
 *
 * A value reaches a handler as a "value handle", one pointer-sized word:
 * an integer no wider than a pointer is passed in the word itself (zero or
 * sign extended), a wider one (long long on i386) through a pointer to it.
 */
#ifndef _LIB_UBSAN_H
#define _LIB_UBSAN_H

#include <kmlab/types.h>

/* type_descriptor.type_kind */
enum ubsan_type_kind {
	UBSAN_TYPE_INTEGER =
		0, /* type_info: bit 0 signed, bits 1-15 log2(bits) */
	UBSAN_TYPE_FLOAT = 1, /* type_info: bits */
	UBSAN_TYPE_UNKNOWN = 0xffff,
};

struct ubsan_type_descriptor {
	u16 type_kind;
	u16 type_info;
	char type_name[]; /* as written in the source, quoted: "'int'" */
};

/*
 * The column's top bit is free (no line has 2^31 columns): lib/ubsan.c
 * marks there that a location was reported, as Linux's was_reported().
 */
struct ubsan_source_location {
	const char *file_name;
	u32 line;
	u32 column;
};

struct ubsan_overflow_data {
	struct ubsan_source_location location;
	struct ubsan_type_descriptor *type;
};

struct ubsan_shift_out_of_bounds_data {
	struct ubsan_source_location location;
	struct ubsan_type_descriptor *lhs_type;
	struct ubsan_type_descriptor *rhs_type;
};

struct ubsan_out_of_bounds_data {
	struct ubsan_source_location location;
	struct ubsan_type_descriptor *array_type;
	struct ubsan_type_descriptor *index_type;
};

struct ubsan_unreachable_data {
	struct ubsan_source_location location;
};

struct ubsan_invalid_value_data {
	struct ubsan_source_location location;
	struct ubsan_type_descriptor *type;
};

/* type_check_kind: the index of the access in the "load of" ... table. */
struct ubsan_type_mismatch_data_v1 {
	struct ubsan_source_location location;
	struct ubsan_type_descriptor *type;
	unsigned char log_alignment;
	unsigned char type_check_kind;
};

/* kind: 0 ctz, 1 clz (of zero) */
struct ubsan_invalid_builtin_data {
	struct ubsan_source_location location;
	unsigned char kind;
};

/*
 * The handlers. Not called by kmlab's code: the compiler emits the calls;
 * declared so that their definitions have prototypes.
 */
void __ubsan_handle_add_overflow(void *data, void *lhs, void *rhs);
void __ubsan_handle_sub_overflow(void *data, void *lhs, void *rhs);
void __ubsan_handle_mul_overflow(void *data, void *lhs, void *rhs);
void __ubsan_handle_negate_overflow(void *data, void *old_val);
void __ubsan_handle_divrem_overflow(void *data, void *lhs, void *rhs);
void __ubsan_handle_shift_out_of_bounds(void *data, void *lhs, void *rhs);
void __ubsan_handle_out_of_bounds(void *data, void *index);
void __ubsan_handle_load_invalid_value(void *data, void *val);
void __ubsan_handle_type_mismatch_v1(void *data, void *ptr);
void __ubsan_handle_invalid_builtin(void *data);
void __ubsan_handle_builtin_unreachable(void *data) __attribute__((noreturn));

#endif /* _LIB_UBSAN_H */
