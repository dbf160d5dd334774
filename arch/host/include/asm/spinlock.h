/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The same ticket lock as i386: GCC's atomic builtins and "rep; nop" run
 * unchanged in a 32-bit Linux process (the host build has one CPU, so
 * only printk's line lock uses it).
 */
#include "../../../i386/include/asm/spinlock.h"
