# SPDX-License-Identifier: GPL-2.0
"""scripts/run-qemu on bad input: a QEMU that refuses to start must not be
reported as a passed run.

QEMU exits with status 1 on a command line error, which is also what
isa-debug-exit makes of kernel status 0 ((0 << 1) | 1). No kernel is
built: QEMU rejects "-m foo" before it loads the image, so any existing
file stands in for vmlinux.
Run: /usr/bin/python3 -m unittest discover tools/testing/run-qemu
"""
import os
import shutil
import subprocess
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
RUN_QEMU = os.path.join(SRCTREE, "scripts", "run-qemu")


@unittest.skipUnless(shutil.which("qemu-system-i386"), "qemu-system-i386 missing")
class QemuErrorTest(unittest.TestCase):
    def run_qemu(self, *args):
        with tempfile.NamedTemporaryFile(suffix=".elf") as image:
            proc = subprocess.run([RUN_QEMU, "--boot", "kernel", "--kernel", image.name,
                                   "--timeout", "30", *args],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, text=True)
        return proc.returncode, proc.stdout

    def test_bad_mem_is_a_qemu_error_not_a_pass(self):
        rc, out = self.run_qemu("--mem", "foo")
        self.assertEqual(rc, 5, out)                      # no status
        self.assertNotIn("passed", out)
        self.assertIn("QEMU did not start", out)
        self.assertIn("qemu-system-i386", out)            # QEMU's own message

    def test_bad_extra_argument_is_a_qemu_error(self):
        rc, out = self.run_qemu("--", "-no-such-qemu-option")
        self.assertEqual(rc, 5, out)
        self.assertIn("QEMU did not start", out)


if __name__ == "__main__":
    unittest.main()
