/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The same frame-pointer walk as i386: ARCH=host is a 32-bit i386 process
 * built with -fno-omit-frame-pointer, so its frames have i386's layout.
 * Needed although ARCH=host has no KFENCE: arch/host/kernel/dumpstack.c
 * builds i386's dumpstack.c, whose print_backtrace() includes this for
 * unwind_frame().
 */
#include "../../../i386/include/asm/stacktrace.h"
