# SPDX-License-Identifier: GPL-2.0
"""scripts/gcov-extract on truncated, damaged and wrong captures.

A real capture from a coverage kernel is cut or damaged in the ways a
serial line or a dying guest does it. Every case must exit non-zero, name
the file that was hit (taken from the capture's own FILE headers by this
test) and leave no .gcda file behind; the intact capture must extract.

Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_extract
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from . import kernel

HEADER = re.compile(rb"KMLAB-GCOV FILE size=(\d+) crc32=[0-9a-f]{8} name=([^\n]*)\n")


class ExtractTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objtree = kernel.coverage_kernel()
        cls.tmp = tempfile.mkdtemp(prefix="kmlab-covcap-")
        capture = os.path.join(cls.tmp, "com2.bin")
        rc = kernel.boot(cls.objtree, "ktest.enable=0 gcov_count_test.calls=5", capture)
        if rc not in (0, 1):
            raise AssertionError(f"boot ended with run-qemu status {rc}")
        with open(capture, "rb") as f:
            cls.data = f.read()
        # (name, offset of the payload, size) of every frame, in order.
        cls.frames = [(m.group(2).decode(), m.end(), int(m.group(1)))
                      for m in HEADER.finditer(cls.data)]
        if len(cls.frames) < 5:
            raise AssertionError(f"only {len(cls.frames)} frames in the capture")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        for p in kernel.gcda_files(self.objtree):
            os.remove(p)

    def extract(self, data):
        path = os.path.join(self.tmp, "case.bin")
        with open(path, "wb") as f:
            f.write(data)
        return kernel.extract(self.objtree, path)

    def assertRejected(self, data, *needles):
        rc, out = self.extract(data)
        self.assertEqual(rc, 1, out)
        for n in needles:
            self.assertIn(n, out)
        self.assertIn("no .gcda file written", out)
        self.assertEqual(kernel.gcda_files(self.objtree), [])
        return out

    def test_intact_capture_extracts(self):
        rc, out = self.extract(self.data)
        self.assertEqual(rc, 0, out)
        self.assertEqual(len(kernel.gcda_files(self.objtree)), len(self.frames))
        name, off, size = self.frames[2]
        with open(name, "rb") as f:
            self.assertEqual(f.read(), self.data[off:off + size])

    def test_cut_inside_a_file(self):
        name, off, size = self.frames[3]
        out = self.assertRejected(self.data[:off + size // 2], name, "truncated")
        self.assertIn(f"{size // 2} of its {size} bytes", out)

    def test_cut_between_files(self):
        name, off, size = self.frames[2]
        end = self.data.index(b"KMLAB-GCOV END-FILE\n", off + size) + 20
        self.assertRejected(self.data[:end], "truncated", name,
                            f"after file 3 of {len(self.frames)}")

    def test_cut_inside_a_header(self):
        name, off, size = self.frames[1]
        self.assertRejected(self.data[:off - 8], "truncated", "FILE header",
                            f"file 2 of {len(self.frames)}")

    def test_cut_before_the_end_line(self):
        end = self.data.rindex(b"KMLAB-GCOV END files=")
        self.assertRejected(self.data[:end + 5], "truncated", self.frames[-1][0])

    def test_flipped_byte(self):
        name, off, size = self.frames[4]
        data = bytearray(self.data)
        data[off + size // 2] ^= 0x40
        self.assertRejected(bytes(data), name, "corrupted", "CRC-32")

    def test_lost_byte(self):
        name, off, size = self.frames[1]
        data = self.data[:off + 7] + self.data[off + 8:]
        self.assertRejected(data, name, "corrupted")

    def test_empty_capture(self):
        self.assertRejected(b"", "no coverage dump", "CONFIG_GCOV_KERNEL")

    def test_kernel_without_gcov(self):
        plain = os.path.join(self.tmp, "plain")
        os.makedirs(plain, exist_ok=True)
        with open(os.path.join(plain, ".config"), "w") as f:
            f.write("# CONFIG_GCOV_KERNEL is not set\n")
        path = os.path.join(self.tmp, "case.bin")
        with open(path, "wb") as f:
            f.write(self.data)
        p = subprocess.run([kernel.PYTHON, kernel.EXTRACT, "--build-dir", plain, path],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("built without gcov", p.stderr)
        self.assertIn("configs/coverage.config", p.stderr)

    def crashed_run(self, mode, want_status):
        capture = os.path.join(self.tmp, f"crash-{mode}.bin")
        rc = kernel.boot(self.objtree, f"ktest.enable=0 crash={mode}", capture)
        self.assertEqual(rc, want_status)
        rc, out = kernel.extract(self.objtree, capture)
        self.assertEqual(rc, 0, out)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([kernel.GCOV, "-b", "-o",
                            os.path.join(self.objtree, "arch/i386/kernel"),
                            os.path.join(kernel.SRCTREE, "arch/i386/kernel/crash.c")],
                           cwd=tmp, capture_output=True, text=True)
            with open(os.path.join(tmp, "crash.c.gcov")) as f:
                return f.read()

    def test_panic_run_dumps(self):
        text = self.crashed_run("panic", 2)
        self.assertRegex(text, r'(?m)^\s*1:\s*\d+:\s*panic\("crash=panic')

    def test_fault_run_dumps(self):
        text = self.crashed_run("null", 3)
        self.assertRegex(text, r"(?m)^function crash_null called 1 ")

    def test_missing_libgcov_is_named(self):
        p = kernel.make(self.objtree, "LIBGCOV=/nonexistent/libgcov.a", "vmlinux",
                        check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("32-bit libgcov.a", p.stdout)
        self.assertIn("gcc-multilib", p.stdout)


if __name__ == "__main__":
    unittest.main()
