# SPDX-License-Identifier: GPL-2.0
"""Shared fixture of the coverage tests: one coverage kernel per process.

coverage_kernel() configures the default defconfig with
configs/coverage.config and CONFIG_GCOV_COUNT_TEST=y in a temporary O=
directory, builds it once and returns that directory, laid out as
scripts/coverage --out TOP --fragment count_test_fragment() builds it (so
test_cli runs scripts/coverage on it with nothing to compile); boot() runs it in
QEMU with a command line and returns the COM2 capture. Tests skip (with
the reason) when QEMU or the 32-bit gcc/libgcov are missing.
"""
import atexit
import os
import shutil
import subprocess
import tempfile
import unittest

from tools.testing.kmlab_host import ENV, SRCTREE, make

PYTHON = "/usr/bin/python3"
EXTRACT = os.path.join(SRCTREE, "scripts", "gcov-extract")
RUN_QEMU = os.path.join(SRCTREE, "scripts", "run-qemu")
GCOV = os.environ.get("GCOV", "gcov")

_built = {}
# The default defconfig (make defconfig), named as scripts/coverage takes it.
DEFCONFIG = "buddy_slab_defconfig"


def missing_tools():
    need = [t for t in ("qemu-system-i386", GCOV, "make") if not shutil.which(t)]
    libgcov = subprocess.run(["gcc", "-m32", "-print-file-name=libgcov.a"],
                             capture_output=True, text=True).stdout.strip()
    if not os.path.isabs(libgcov):
        need.append("32-bit libgcov (gcc-multilib)")
    return need


def coverage_kernel():
    """Build (once) a coverage kernel with the known-count function."""
    if "dir" in _built:
        return _built["dir"]
    missing = missing_tools()
    if missing:
        raise unittest.SkipTest("missing: " + ", ".join(missing))
    top = tempfile.mkdtemp(prefix="kmlab-covtest-")
    atexit.register(shutil.rmtree, top, True)
    objtree = os.path.join(top, DEFCONFIG)
    os.makedirs(objtree)
    frag = os.path.join(top, "count-test.config")
    with open(frag, "w") as f:
        f.write("CONFIG_GCOV_COUNT_TEST=y\n")
    # As scripts/coverage configures it: configs/coverage.config first.
    make(objtree, DEFCONFIG,
         f"FRAGMENTS={os.path.join(SRCTREE, 'configs', 'coverage.config')} {frag}")
    make(objtree, f"-j{os.cpu_count() or 1}", "vmlinux")
    _built["dir"] = objtree
    _built["fragment"] = frag
    return objtree


def count_test_fragment():
    """The config fragment (CONFIG_GCOV_COUNT_TEST=y) coverage_kernel()
    was configured with, for scripts/coverage --fragment."""
    coverage_kernel()
    return _built["fragment"]


def boot(objtree, cmdline, capture):
    """Boot @objtree's vmlinux; return run-qemu's exit code."""
    p = subprocess.run([RUN_QEMU, "--boot", "kernel", "--kernel",
                        os.path.join(objtree, "vmlinux"), "--quiet", "--timeout", "60",
                        "--cmdline", cmdline, "--com2", capture],
                       capture_output=True, text=True, env=ENV)
    return p.returncode


def extract(objtree, capture):
    """Run scripts/gcov-extract; return (exit code, stdout + stderr)."""
    p = subprocess.run([PYTHON, EXTRACT, "--build-dir", objtree, capture],
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def gcda_files(objtree):
    out = []
    for root, _, names in os.walk(objtree):
        out += [os.path.join(root, n) for n in names if n.endswith(".gcda")]
    return sorted(out)


def gcov_warnings(stderr):
    """gcov's complaints, minus "source file is newer than notes file": that
    one only says the shared source tree was edited after the build."""
    lines = stderr.splitlines()
    return [l for i, l in enumerate(lines) if l.strip()
            and "is newer than notes file" not in l
            and not (l.startswith("(the message is displayed only once")
                     and i and "is newer than notes file" in lines[i - 1])]
