/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included into every compilation unit (-include): the generated CONFIG_
 * symbols and Linux's IS_ENABLED() family for using them in C.
 */
#ifndef _KMLAB_KCONFIG_H
#define _KMLAB_KCONFIG_H

#include <generated/autoconf.h>

#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)

/**
 * IS_ENABLED - 1 if a bool Kconfig symbol is set, 0 otherwise
 * @option: the full symbol name, e.g. CONFIG_KMALLOC_SLOB
 *
 * Usable in C expressions and in #if, as in Linux.
 */
#define IS_ENABLED(option) __is_defined(option)

#endif /* _KMLAB_KCONFIG_H */
