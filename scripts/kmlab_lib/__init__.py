# SPDX-License-Identifier: GPL-2.0
"""The host library under scripts/compare, scripts/coverage, scripts/ktest,
scripts/run-qemu, scripts/bochs-run and the host tests (tools/testing/), as
kunit.py's tools sit on one LinuxSourceTree:

  tree      the source tree, the scrubbed environment of a nested make,
            configuring and building a config out of tree (make O=DIR)
  backends  the heap-allocator backends and the variants built from them,
            discovered from mm/Kconfig and configs/*_defconfig
  boot      booting a vmlinux with scripts/run-qemu
  status    the exit statuses of run-qemu, bochs-run and ktest, one table
"""
