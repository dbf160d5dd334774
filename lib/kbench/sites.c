// SPDX-License-Identifier: GPL-2.0
/*
 * ARCH=host: kbench's allocator calls as functions of their own, for
 * make compare's host side (sites.h says why).
 */
#define KBENCH_SITES_DEFINE
#include "sites.h"
