# SPDX-License-Identifier: GPL-2.0
"""lib/string.c's memchr_inv(), built on the host as it is in the kernel.

memchr_inv() compares a word at a time once aligned, so every start
alignment (0..15), every length up to 96 bytes and every position of one
differing byte (with the bytes around the range differing too, so a read
past either end shows) is checked against where the byte really is, in
32-bit (the kernel's) and 64-bit builds, by memchr_inv_harness.c;
lib/string.c is compiled unchanged with the kernel's include/.
Run: /usr/bin/python3 -m unittest discover tools/testing/lib
"""
import os
import shutil
import subprocess
import tempfile
import unittest

SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "memchr_inv_harness.c")


class MemchrInv(unittest.TestCase):
    def setUp(self):
        if not shutil.which("gcc"):
            self.fail("gcc is missing: apt-get install gcc-multilib (or 'make check-deps')")
        self.dir = tempfile.mkdtemp(prefix="kmlab-memchr-inv-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def build_and_run(self, bits):
        obj = os.path.join(self.dir, f"string{bits}.o")
        exe = os.path.join(self.dir, f"harness{bits}")
        cc = ["gcc", f"-m{bits}", "-O2", "-Wall", "-Werror"]
        subprocess.run(cc + ["-ffreestanding", "-fno-builtin",
                             "-I", os.path.join(SRCTREE, "include"), "-c", "-o", obj,
                             os.path.join(SRCTREE, "lib", "string.c")],
                       check=True, capture_output=True)
        subprocess.run(cc + ["-o", exe, HARNESS, obj],
                       check=True, capture_output=True)
        return subprocess.run([exe], capture_output=True, text=True)

    def test_first_mismatch_at_every_alignment_and_length(self):
        for bits in (32, 64):
            with self.subTest(bits=bits):
                r = self.build_and_run(bits)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                # 16 alignments x sum over n of (n + 1) cases
                self.assertEqual(r.stdout, "%d checks\n" % (16 * sum(n + 1 for n in range(97))))


if __name__ == "__main__":
    unittest.main()
