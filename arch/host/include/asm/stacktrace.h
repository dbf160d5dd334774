/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The same frame-pointer walk as i386: ARCH=host is a 32-bit i386 process
 * built with -fno-omit-frame-pointer, so its frames have i386's layout.
 */
#include "../../../i386/include/asm/stacktrace.h"
