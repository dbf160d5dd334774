/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Initcalls: functions run once at boot, level by level, from a linker
 * section (Linux's include/linux/init.h, without discarding init memory).
 *
 *	static int __init foo_init(void) { ...; return 0; }
 *	core_initcall(foo_init);
 *
 * Levels: early (before memory is up), core, subsys, device, late. A
 * non-zero return is reported ("initcall foo_init returned -12") and boot
 * goes on.
 */
#ifndef _KMLAB_INIT_H
#define _KMLAB_INIT_H

#include <kmlab/compiler.h>

#define __init
#define __initdata

typedef int (*initcall_t)(void);

#define __define_initcall(fn, level)                                 \
	static const initcall_t __initcall_##fn##level __used         \
		__section(".initcall" #level ".init") __aligned(4) = fn

#define early_initcall(fn) __define_initcall(fn, 0)
#define core_initcall(fn) __define_initcall(fn, 1)
#define subsys_initcall(fn) __define_initcall(fn, 4)
#define device_initcall(fn) __define_initcall(fn, 6)
#define late_initcall(fn) __define_initcall(fn, 7)

/**
 * do_initcalls - run the initcalls of levels @from to @to, in link order
 * @from: first level (0 early .. 7 late)
 * @to: last level, inclusive
 */
void do_initcalls(int from, int to);

#endif /* _KMLAB_INIT_H */
