/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A deliberately broken backend for test_fuzz.py: linked with
 * -Wl,--wrap=backend_ksize, every caller of the backend's backend_ksize()
 * gets one byte less than the backend says, so an object can look one
 * byte too small. The fuzz target must catch it.
 */
#include <kmlab/types.h>

size_t __real_backend_ksize(const void *p, unsigned long caller);
size_t __wrap_backend_ksize(const void *p, unsigned long caller);

size_t __wrap_backend_ksize(const void *p, unsigned long caller)
{
	size_t n = __real_backend_ksize(p, caller);

	return n ? n - 1 : 0;
}
