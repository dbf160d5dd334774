# SPDX-License-Identifier: GPL-2.0
"""scripts/coverage when the boot itself fails: the message says why the
run ended (run-qemu's "kmlab-run:" line), not the gcov-extract advice to
capture COM2, which coverage always does.

Builds one coverage kernel (bump_defconfig); QEMU is then refused with
--mem foo. Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_cli
"""
import os
import shutil
import subprocess
import tempfile
import unittest

from tools.testing.kmlab_host import ENV, SRCTREE

COVERAGE = os.path.join(SRCTREE, "scripts", "coverage")


class BootFailureTest(unittest.TestCase):
    def setUp(self):
        self.out = tempfile.mkdtemp(prefix="kmlab-covcli-")

    def tearDown(self):
        shutil.rmtree(self.out, ignore_errors=True)

    def test_qemu_error_is_reported_as_such(self):
        proc = subprocess.run([COVERAGE, "--defconfig", "bump_defconfig", "--mem", "foo",
                               "--out", self.out, "--jobs", "2"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True, env=ENV)
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        self.assertIn("not ok bump_defconfig", proc.stdout)
        self.assertIn("QEMU did not start", proc.stdout)
        self.assertNotIn("Traceback", proc.stdout)
        self.assertNotIn("QEMU_EXTRA='--com2 FILE'", proc.stdout)


if __name__ == "__main__":
    unittest.main()
