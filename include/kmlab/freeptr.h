/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Free pointers: the links the heap keeps inside free memory (slab free
 * lists, TLSF's free-block links, SLOB's unit offsets), read and written
 * only through these accessors.
 *
 * With CONFIG_SLAB_FREELIST_HARDENED a link is stored encoded, as Linux's
 * SLUB does (mm/slub.c, freelist_ptr_encode()): the pointer xor a per-boot
 * secret (freeptr_secret, from get_random_u32()) xor the byte-swapped
 * address of the word that holds it (buddy+slab: of the free object that
 * holds it, freeptr_encode()). An attacker who overwrites a free
 * object (an overflow from its neighbour, a write after free) without
 * knowing the secret cannot make the heap's next allocation return an
 * address of their choice: the value they write decodes to a pointer they
 * cannot predict, which the backend's check on use (its own: in the slab,
 * on an object boundary ...) refuses and reports ("kmalloc: free pointer
 * corrupted of 0x..."). Storing the same pointer at another address gives
 * another word, so a free object's link cannot be copied to another. A
 * zeroed link decodes to garbage too, not to the end of the list.
 *
 * Without the option the accessors are plain loads and stores, and the
 * backends compile to the same code as before.
 */
#ifndef _KMLAB_FREEPTR_H
#define _KMLAB_FREEPTR_H

#include <kmlab/types.h>
#include <kmlab/compiler.h>

#ifdef CONFIG_SLAB_FREELIST_HARDENED
/* The per-boot secret, set by hardening_init() before the heap starts. */
extern unsigned long freeptr_secret;
#endif

/**
 * freeptr_mask - what a free pointer stored at @slot is xor-ed with
 * @slot: the address of the word that holds the pointer
 *
 * Context: any. Return: freeptr_secret ^ swab32(@slot), 0 without
 * CONFIG_SLAB_FREELIST_HARDENED.
 */
static __always_inline unsigned long freeptr_mask(const void *slot)
{
#ifdef CONFIG_SLAB_FREELIST_HARDENED
	return freeptr_secret ^ __builtin_bswap32((unsigned long)slot);
#else
	(void)slot;
	return 0;
#endif
}

/**
 * freeptr_encode - the word that stores the free pointer @ptr, keyed with @key
 * @ptr: the pointer (NULL included)
 * @key: the address the encoding is keyed with: the word's own
 *       (freeptr_store()), or the free object's that holds the word, where
 *       the backend keeps the object's address at hand and the word is at
 *       a fixed offset in it (buddy+slab)
 *
 * Context: any. Return: @ptr ^ freeptr_secret ^ swab32(@key); @ptr without
 * CONFIG_SLAB_FREELIST_HARDENED.
 */
static __always_inline unsigned long freeptr_encode(const void *ptr,
						    const void *key)
{
	return (unsigned long)ptr ^ freeptr_mask(key);
}

/**
 * freeptr_decode - the free pointer a word encoded with freeptr_encode() holds
 * @val: the stored word
 * @key: the address freeptr_encode() was given
 *
 * The plain C expression (freeptr_decode_inplace() is the form that needs
 * no register besides @val's and @key's). Nothing is checked here.
 * Context: any.
 * Return: the pointer encoded, or an unpredictable value when @val was
 * overwritten since.
 */
static __always_inline void *freeptr_decode(unsigned long val, const void *key)
{
#ifdef CONFIG_SLAB_FREELIST_HARDENED
	return (void *)(val ^ freeptr_secret ^
			__builtin_bswap32((unsigned long)key));
#else
	(void)key;
	return (void *)val;
#endif
}

/**
 * freeptr_decode_inplace - freeptr_decode(), the key swapped in its register
 * @val: the stored word
 * @keyp: the caller's variable that holds the key (a local, kept in a
 *        register): it is byte-swapped and swapped back in place, so the
 *        decode needs no copy of it and no other register
 *
 * The same value as freeptr_decode(@val, *@keyp) in four instructions (a
 * byte swap, an xor, a byte swap, an xor of the secret from memory) and
 * @val's and *@keyp's registers only: GCC, given the C expression, copies
 * the key, loads the secret, and needs two more registers, which the
 * fast paths of buddy+slab then save and restore. Context: any.
 * Return: as freeptr_decode().
 */
static __always_inline void *freeptr_decode_inplace(unsigned long val,
						    void **keyp)
{
#if defined(CONFIG_SLAB_FREELIST_HARDENED) && defined(__i386__)
	__asm__("bswap %1\n\txorl %1, %0\n\tbswap %1\n\txorl %2, %0"
		: "+r"(val), "+r"(*keyp)
		: "m"(freeptr_secret));
	return (void *)val;
#else
	return freeptr_decode(val, *keyp);
#endif
}

/**
 * freeptr_store - store the free pointer @ptr in the word at @slot
 * @slot: a pointer-typed lvalue's address inside free memory (void **,
 *        struct tlsf_free ** ...)
 * @ptr: the pointer (NULL included)
 *
 * A macro so that the store keeps @slot's type (a pointer, or an
 * integer link such as SLOB's unit offset): without the option the
 * backend's code is exactly the plain store it replaces. Context: the
 * backend's, with its lock held.
 */
#define freeptr_store(slot, ptr)                                \
	(*(slot) = (__typeof__(*(slot)))((unsigned long)(ptr) ^ \
					 freeptr_mask(slot)))

/**
 * freeptr_load - the free pointer stored in the word at @slot
 * @slot: the address freeptr_store() wrote, of the same type
 *
 * Nothing is checked here: the caller checks the result against what its
 * data structure allows before following it. Context: the backend's.
 * Return: the pointer freeptr_store() stored (of @slot's pointee type), or
 * an unpredictable value when the word was overwritten since.
 */
#define freeptr_load(slot) \
	((__typeof__(*(slot)))((unsigned long)*(slot) ^ freeptr_mask(slot)))

#endif /* _KMLAB_FREEPTR_H */
