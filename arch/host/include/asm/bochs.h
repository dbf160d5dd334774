/* SPDX-License-Identifier: GPL-2.0 */
/* No Bochs under ARCH=host: CONFIG_BOCHS_MAGIC_BREAK does not exist here. */
#include "../../../i386/include/asm/bochs.h"
