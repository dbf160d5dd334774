/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A deliberately broken parameter handler for test_fuzz.py: linked with
 * -Wl,--wrap=param_set_int, the fuzz target's int parameter takes any
 * int, as a handler that forgot kernel_param_range()'s range would. The
 * target's model must catch it.
 */
#include <kmlab/errno.h>
#include <kmlab/kstrtox.h>
#include <kmlab/param.h>

int __wrap_param_set_int(const char *val, const struct kernel_param *kp);

int __wrap_param_set_int(const char *val, const struct kernel_param *kp)
{
	int v;

	if (!val || kstrtoint(val, 0, &v))
		return -EINVAL;
	*(int *)kp->arg = v;
	return 0;
}
