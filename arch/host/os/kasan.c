// SPDX-License-Identifier: GPL-2.0
/*
 * CONFIG_KASAN on ARCH=host, the C library side: AddressSanitizer's
 * options and its reports handed to the kernel (host_kasan_report()).
 *
 * ASan goes on after a report (halt_on_error=0 with the kernel built
 * -fsanitize-recover=address) and reports every access, the same place
 * twice too (suppress_equal_pcs=0): a ktest case that touches a poisoned
 * byte fails however often another did. The fault signals are the
 * kernel's (arch/host/os/signal.c), not ASan's. Its own text goes to
 * /dev/null unless ASAN_OPTIONS is set in the environment (then where
 * those options say): the kernel prints what matters, in the KTAP.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#include "os.h"

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "halt_on_error=0:suppress_equal_pcs=0:detect_leaks=0:"
	       "handle_segv=0:handle_sigbus=0:handle_sigill=0:handle_sigfpe=0:"
	       "handle_abort=0:allow_user_segv_handler=1:symbolize=0:"
	       "print_legend=0:detect_stack_use_after_return=0";
}

static void os_asan_report(const char *report)
{
	host_kasan_report(report);
}

void os_kasan_init(void)
{
	if (!getenv("ASAN_OPTIONS")) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			__sanitizer_set_report_fd((void *)(long)fd);
	}
	__asan_set_error_report_callback(os_asan_report);
}
