/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Initcalls: functions run once at boot, level by level, from a linker
 * section (Linux's include/linux/init.h, without discarding init memory).
 *
 *	static int __init foo_init(void) { ...; return 0; }
 *	core_initcall(foo_init);
 *
 * Levels, in the order they run: early, core, subsys, device, late; all
 * run after the heap is up (kmlab has no earlier hook). A
 * non-zero return is reported ("initcall foo_init returned -12") and boot
 * goes on.
 */
#ifndef _KMLAB_INIT_H
#define _KMLAB_INIT_H

#include <kmlab/compiler.h>

#define __init
#define __initdata

typedef int (*initcall_t)(void);

#define __define_initcall(fn, level)                                     \
	static const initcall_t __initcall_##fn##level __used __section( \
		".initcall" #level ".init") __aligned(4) = fn

#define early_initcall(fn) __define_initcall(fn, 0)
#define core_initcall(fn) __define_initcall(fn, 1)
#define subsys_initcall(fn) __define_initcall(fn, 4)
#define device_initcall(fn) __define_initcall(fn, 6)
#define late_initcall(fn) __define_initcall(fn, 7)

/**
 * do_initcalls - run every initcall, level by level
 *
 * The linker script sorts the .initcallN.init sections by name, so the
 * array holds level 0 first and level 7 last; within a level, link order.
 * Called once from start_kernel(), after mm_init(), interrupts enabled.
 */
void do_initcalls(void);

#endif /* _KMLAB_INIT_H */
