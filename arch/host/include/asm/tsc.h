/* SPDX-License-Identifier: GPL-2.0 */
/* rdtsc runs in user mode too: the host's time stamp counter. */
#include "../../../i386/include/asm/tsc.h"
