# SPDX-License-Identifier: GPL-2.0
"""Booting a kernel with scripts/run-qemu, and the exit-status table that
scripts/run-qemu and scripts/bochs-run return and their callers read.

The kernel exits through isa-debug-exit with its status (0 passed, 1 tests
failed, 2 panic, 3 fault); the runners add 4 (hang: killed at the timeout)
and 5 (no status: the emulator stopped without the kernel's status).
"""
import os
import select
import signal
import subprocess
import sys
import time

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
                 modules=(), com2=None, quiet=False, smp=None):
    """The argv of scripts/run-qemu booting @vmlinux with -kernel.

    @mem: QEMU's -m (e.g. "128M"); @timeout: seconds; @log: the serial
    console file; @modules: multiboot modules; @com2: file capturing COM2;
    @smp: CPUs (QEMU -smp; None: QEMU's default, one).
    """
    cmd = [RUN_QEMU, "--boot", "kernel", "--kernel", vmlinux]
    if icount:
        cmd.append("--icount")
    if smp:
        cmd += ["--smp", str(smp)]
    cmd += ["--mem", mem, "--timeout", str(timeout)]
    if quiet:
        cmd.append("--quiet")
    cmd += ["--log", log, "--cmdline", cmdline]
    for m in modules:
        cmd += ["--module", m]
    if com2:
        cmd += ["--com2", com2]
    return cmd


def stream_console(argv, timeout, log=None, quiet=False):
    """Run @argv with stdin closed and pass its console on as it comes.

    Its stdout (CRLF turned into LF) goes to ours unless @quiet, and to
    the open binary file @log when given; it is killed after @timeout
    seconds. When our reader goes away (make run | head -1), it is killed
    and we end by SIGPIPE, as cat does, with no traceback. For
    scripts/run-qemu and scripts/run-host.

    Returns (exit status, hung, seconds to the first output or None,
    its stderr as text, seconds it ran).
    """
    start = time.monotonic()
    first_line = None
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.set_blocking(proc.stdout.fileno(), False)
    out = sys.stdout.buffer
    hung = False
    while True:
        left = timeout - (time.monotonic() - start)
        if left <= 0:
            hung = True
            proc.kill()
            break
        r, _, _ = select.select([proc.stdout], [], [], min(left, 0.5))
        if r:
            data = proc.stdout.read()
            if not data:
                break
            if first_line is None:
                first_line = time.monotonic() - start
            data = data.replace(b"\r\n", b"\n")
            if log:
                log.write(data)
                log.flush()
            if not quiet:
                try:
                    out.write(data)
                    out.flush()
                except BrokenPipeError:
                    proc.kill()
                    proc.wait()
                    if log:
                        log.close()
                    os.dup2(os.open(os.devnull, os.O_WRONLY),
                            sys.stdout.fileno())
                    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
                    os.kill(os.getpid(), signal.SIGPIPE)
        elif proc.poll() is not None:
            break
    rc = proc.wait()
    err = proc.stderr.read().decode(errors="replace").strip()
    return rc, hung, first_line, err, time.monotonic() - start
