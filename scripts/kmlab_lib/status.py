# SPDX-License-Identifier: GPL-2.0
"""The exit statuses of the host tools, one table for each kind of tool.

The runners (scripts/run-qemu, scripts/bochs-run) return the kernel's own
status, which it passes out through isa-debug-exit (0 passed, 1 tests
failed, 2 panic, 3 fault), or their own when the kernel gave none (4 hang:
killed at the timeout, 5 no status: the emulator stopped without the
kernel's status); bochs-run adds 6, bad usage or Bochs missing.

scripts/ktest returns kunit.py's statuses (0 passed, 1 failed, 2 usage,
3 a configuration failed to configure or build).
Documentation/dev-tools/ktest-runner.rst and run-qemu.rst list them.
"""

# The runners: run-qemu and bochs-run.
EXIT_PASSED, EXIT_TESTS_FAILED, EXIT_PANIC, EXIT_FAULT = 0, 1, 2, 3
EXIT_HANG, EXIT_NO_STATUS = 4, 5
EXIT_RUNNER_USAGE = 6
# The statuses the kernel itself reports, and their names.
KERNEL_OUTCOMES = {EXIT_PASSED: "passed", EXIT_TESTS_FAILED: "tests failed",
                   EXIT_PANIC: "kernel panic", EXIT_FAULT: "fault"}
OUTCOMES = {**KERNEL_OUTCOMES, EXIT_HANG: "hang", EXIT_NO_STATUS: "no status"}
# A run that reached the kernel's end: its results can be read.
COMPLETED = (EXIT_PASSED, EXIT_TESTS_FAILED)

# scripts/ktest, as kunit.py.
KTEST_OK, KTEST_FAILED, KTEST_USAGE, KTEST_BUILD_FAILED = 0, 1, 2, 3
