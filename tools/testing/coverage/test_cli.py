# SPDX-License-Identifier: GPL-2.0
"""scripts/coverage when the boot itself fails: the message says why the
run ended (run-qemu's "kmlab-run:" line), not the gcov-extract advice to
capture COM2, which coverage always does.

Runs on the coverage kernel the other tests boot (kernel.py), built where
scripts/coverage --out builds that configuration, so that it compiles
nothing (a kernel of its own cost 19 s of CPU); QEMU is then refused
with --mem foo.
Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_cli
"""
import os
import subprocess
import unittest

from tools.testing.coverage import kernel
from tools.testing.kmlab_host import ENV, SRCTREE

COVERAGE = os.path.join(SRCTREE, "scripts", "coverage")


class BootFailureTest(unittest.TestCase):
    def test_qemu_error_is_reported_as_such(self):
        objtree = kernel.coverage_kernel()
        proc = subprocess.run([COVERAGE, "--defconfig", kernel.DEFCONFIG,
                               "--fragment", kernel.count_test_fragment(), "--mem", "foo",
                               "--out", os.path.dirname(objtree), "--jobs", "2"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True, env=ENV)
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        self.assertIn("not ok %s" % kernel.DEFCONFIG, proc.stdout)
        self.assertIn("QEMU did not start", proc.stdout)
        self.assertNotIn("Traceback", proc.stdout)
        self.assertNotIn("QEMU_EXTRA='--com2 FILE'", proc.stdout)


if __name__ == "__main__":
    unittest.main()
