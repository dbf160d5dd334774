/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Saving a stack trace for a later report (Linux's <linux/stacktrace.h>):
 * arch/i386/kernel/stacktrace.c.
 */
#ifndef _KMLAB_STACKTRACE_H
#define _KMLAB_STACKTRACE_H

/**
 * stack_trace_save - store the return addresses of the current call chain
 * @store: where they go, innermost first
 * @size: entries @store holds
 * @skipnr: innermost return addresses to leave out (0: the first stored
 *          is inside the function that called stack_trace_save())
 *
 * Walks the frame pointers (<asm/stacktrace.h>) until the chain ends or
 * @store is full. Linux's stack_trace_save(). Context: any.
 * Return: the number of entries stored.
 */
unsigned int stack_trace_save(unsigned long *store, unsigned int size,
			      unsigned int skipnr);

#endif /* _KMLAB_STACKTRACE_H */
