/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Managed resources of a running ktest case (Linux: include/kunit/resource.h):
 * deferred actions and kmalloc() memory freed when the case ends, and
 * ktest_allow_leak() for a case that keeps memory on purpose. The runner
 * runs the actions after the case however it ended, then checks for
 * leaks (lib/ktest/resource.c, lib/ktest/test.c).
 */
#ifndef _KTEST_RESOURCE_H
#define _KTEST_RESOURCE_H

#include <kmlab/gfp.h>
#include <ktest/test.h>

/**
 * typedef ktest_action_fn - a deferred action, see ktest_add_action()
 * @arg: the pointer given to ktest_add_action()
 */
typedef void (*ktest_action_fn)(void *arg);
/**
 * ktest_add_action - run @action(@arg) when the case ends, pass or fail
 * @test: the running case
 * @action: the function
 * @arg: its argument
 *
 * Actions run in reverse order of registration, after the suite's exit
 * hook and before the leak check. At most KTEST_MAX_RESOURCES actions and
 * managed allocations may be pending at once per case.
 *
 * Return: 0, or -ENOMEM when the table is full (the action then runs at
 * once, and the case fails).
 */
int ktest_add_action(struct ktest *test, ktest_action_fn action, void *arg);
#define KTEST_MAX_RESOURCES 256

/**
 * ktest_kmalloc - kmalloc() memory that is freed when the case ends
 * @test: the running case
 * @size: bytes
 * @gfp: allocation flags, as for kmalloc()
 *
 * Return: the memory, or NULL if kmalloc() failed (or the resource table
 * is full, which also fails the case).
 */
void *ktest_kmalloc(struct ktest *test, size_t size, gfp_t gfp);

/**
 * ktest_kzalloc - ktest_kmalloc() of zeroed memory
 * @test: the running case
 * @size: bytes
 * @gfp: allocation flags
 *
 * Return: as ktest_kmalloc().
 */
void *ktest_kzalloc(struct ktest *test, size_t size, gfp_t gfp);

/**
 * ktest_kfree - free managed memory before the case ends
 * @test: the running case
 * @ptr: memory from ktest_kmalloc()/ktest_kzalloc() (NULL is ignored)
 *
 * A pointer that is not managed is reported and fails the case.
 */
void ktest_kfree(struct ktest *test, const void *ptr);

/**
 * ktest_allow_leak - declare that the running case keeps memory on purpose
 * @test: the running case
 *
 * The leak check still prints what stayed live, as a diagnostic, but the
 * case does not fail for it.
 */
void ktest_allow_leak(struct ktest *test);

#endif /* _KTEST_RESOURCE_H */
