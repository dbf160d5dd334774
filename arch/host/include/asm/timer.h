/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The timer of ARCH=host, with i386's interface: jiffies count SIGALRM
 * ticks at HZ (real time), and ktime_get_ns() reads CLOCK_MONOTONIC, so
 * its resolution is far finer than the PIT's (arch/host/kernel/time.c).
 */
#include "../../../i386/include/asm/timer.h"
