// SPDX-License-Identifier: GPL-2.0
/*
 * main() of ARCH=host and the few C library calls the kernel side needs
 * (include/shared/os.h): the command line from argv, the "RAM" mapping,
 * the boot modules' files, writing to stdout, the exit, the clock. Built against glibc, like
 * Linux's arch/um/os-Linux/.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "os.h"

/* COMMAND_LINE_SIZE is 1024: a longer line reaches the kernel, which refuses it. */
static char cmdline[4096];
int os_argc;
char **os_argv;

/* libFuzzer's flags, when there are any, end with this one (os/fuzz.c). */
static int first_kernel_arg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-ignore_remaining_args=1"))
			return i + 1;
	return 1;
}

int main(int argc, char **argv)
{
	size_t len = 0;

	os_argc = argc;
	os_argv = argv;
	for (int i = first_kernel_arg(argc, argv); i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (len + n + 2 > sizeof(cmdline)) {
			static const char msg[] =
				"kmlab: the command line is longer than 4095 bytes: not booting with part of it\n";

			os_write(2, msg, sizeof(msg) - 1);
			return 2;
		}
		if (len)
			cmdline[len++] = ' ';
		memcpy(cmdline + len, argv[i], n);
		len += n;
	}
	cmdline[len] = '\0';
	host_start_kernel(cmdline);
}

unsigned long os_map_ram(unsigned long bytes, int *err)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		*err = errno;
		return 0;
	}
	return (unsigned long)p;
}

unsigned long os_map_file(const char *path, unsigned long *bytes, int *err)
{
	struct stat st;
	void *p = MAP_FAILED;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		*err = errno;
		return 0;
	}
	if (!fstat(fd, &st))
		p = mmap(NULL, st.st_size ? st.st_size : 1, PROT_READ,
			 MAP_PRIVATE, fd, 0);
	*err = errno;
	close(fd);
	if (p == MAP_FAILED)
		return 0;
	*bytes = st.st_size;
	return (unsigned long)p;
}

void os_write(int fd, const void *buf, unsigned long len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= n;
	}
}

void os_exit(int status)
{
	_exit(status);
}

unsigned long long os_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

const char *os_strerror(int err)
{
	return strerror(err);
}
