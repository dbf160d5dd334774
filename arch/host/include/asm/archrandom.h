/* SPDX-License-Identifier: GPL-2.0 */
/* CPUID and RDRAND run in user mode too: the host CPU's generator. */
#include "../../../i386/include/asm/archrandom.h"
