# SPDX-License-Identifier: GPL-2.0
"""Helpers shared by the host tests that build and boot kernels.

make() runs the top-level Makefile on a temporary O= directory with an
environment scrubbed of what an enclosing `make check` exports, so that a
test builds exactly what it asks for.
"""
import os
import subprocess
import tempfile

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Variables a parent make (or a user's shell) may export that would change
# what a nested make builds or boots.
_SCRUB = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES", "O", "V",
          "srctree", "objtree", "KCONFIG_CONFIG", "CMDLINE", "QEMU_EXTRA")
ENV = {k: v for k, v in os.environ.items() if k not in _SCRUB}


def make(objtree, *args, check=True, tail=None):
    """Run `make -C SRCTREE O=objtree ARGS`; raise AssertionError with the
    output (its last @tail characters if given) when it fails and @check."""
    proc = subprocess.run(["make", "-C", SRCTREE, f"O={objtree}", *args],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, env=ENV)
    if check and proc.returncode:
        out = proc.stdout[-tail:] if tail else proc.stdout
        raise AssertionError(f"make {' '.join(args)} failed:\n{out}")
    return proc


def build_kernel(prefix, config="defconfig"):
    """Configure @config (a make target such as "defconfig" or
    "slob_defconfig") in a new temporary O= directory named after @prefix,
    build it, and return the directory (vmlinux is inside)."""
    objtree = tempfile.mkdtemp(prefix=prefix)
    make(objtree, config)
    make(objtree, "-j2")
    return objtree
