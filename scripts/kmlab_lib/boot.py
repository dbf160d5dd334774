# SPDX-License-Identifier: GPL-2.0
"""Booting a kernel with scripts/run-qemu, and the exit-status table that
scripts/run-qemu and scripts/bochs-run return and their callers read.

The kernel exits through isa-debug-exit with its status (0 passed, 1 tests
failed, 2 panic, 3 fault); the runners add 4 (hang: killed at the timeout)
and 5 (no status: the emulator stopped without the kernel's status).
"""
import os

from .tree import SRCTREE

# The exit-status table is defined in status.py, beside ktest's.
from .status import (COMPLETED, EXIT_FAULT, EXIT_HANG,  # noqa: F401
                     EXIT_NO_STATUS, EXIT_PANIC, EXIT_PASSED,
                     EXIT_TESTS_FAILED, KERNEL_OUTCOMES, OUTCOMES)

RUN_QEMU = os.path.join(SRCTREE, "scripts", "run-qemu")


def outcome(status):
    """The name of run-qemu exit @status ("passed" ... "no status", else
    "exit N")."""
    return OUTCOMES.get(status, f"exit {status}")


def run_qemu_cmd(vmlinux, mem, timeout, log, cmdline="", icount=False,
                 modules=(), com2=None, quiet=False):
    """The argv of scripts/run-qemu booting @vmlinux with -kernel.

    @mem: QEMU's -m (e.g. "128M"); @timeout: seconds; @log: the serial
    console file; @modules: multiboot modules; @com2: file capturing COM2.
    """
    cmd = [RUN_QEMU, "--boot", "kernel", "--kernel", vmlinux]
    if icount:
        cmd.append("--icount")
    cmd += ["--mem", mem, "--timeout", str(timeout)]
    if quiet:
        cmd.append("--quiet")
    cmd += ["--log", log, "--cmdline", cmdline]
    for m in modules:
        cmd += ["--module", m]
    if com2:
        cmd += ["--com2", com2]
    return cmd
