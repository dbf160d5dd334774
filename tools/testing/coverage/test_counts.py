# SPDX-License-Identifier: GPL-2.0
"""gcov reports exact execution counts for a kmlab coverage kernel.

A kernel built with CONFIG_GCOV_COUNT_TEST calls gcov_count_test_step()
gcov_count_test.calls=N times from an initcall (kernel/gcov_count_test.c).
The test picks N, boots, extracts the COM2 capture and reads gcov's
annotated source: the line marked GCOV_COUNT_LINE must show N, the line
marked GCOV_COUNT_THIRD (taken for i % 3 == 0, i = 0..N-1) ceil(N / 3),
and gcov must read every produced .gcda file without a warning.

Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_counts
(also run by tools/testing/run-host-tests and by make check-coverage).
"""
import os
import re
import subprocess
import tempfile
import unittest

from . import kernel

SOURCE = os.path.join(kernel.SRCTREE, "kernel", "gcov_count_test.c")


def annotated_counts(objtree, workdir):
    """Run gcov on kernel/gcov_count_test.gcda; return {marker: count text}."""
    p = subprocess.run([kernel.GCOV, "-b", "-o", os.path.join(objtree, "kernel"),
                        SOURCE], cwd=workdir, capture_output=True, text=True)
    if p.returncode or kernel.gcov_warnings(p.stderr):
        raise AssertionError(f"gcov failed or warned: {p.stderr}")
    with open(os.path.join(workdir, "gcov_count_test.c.gcov")) as f:
        text = f.read()
    counts = {}
    for marker in ("GCOV_COUNT_LINE", "GCOV_COUNT_THIRD"):
        m = re.search(r"^\s*([^:\n]+):\s*\d+:.*/\* " + marker + r" \*/", text, re.M)
        if not m:
            raise AssertionError(f"no {marker} line in gcov's output:\n{text}")
        counts[marker] = m.group(1).strip()
    m = re.search(r"^function gcov_count_test_step called (\d+)", text, re.M)
    counts["called"] = m.group(1) if m else None
    return counts


class CountTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objtree = kernel.coverage_kernel()

    def run_with(self, n):
        with tempfile.TemporaryDirectory() as tmp:
            capture = os.path.join(tmp, "com2.bin")
            rc = kernel.boot(self.objtree, f"ktest.enable=0 gcov_count_test.calls={n}",
                             capture)
            self.assertIn(rc, (0, 1), f"boot ended with run-qemu status {rc}")
            rc, out = kernel.extract(self.objtree, capture)
            self.assertEqual(rc, 0, out)
            return annotated_counts(self.objtree, tmp)

    def test_known_count(self):
        n = 1237
        c = self.run_with(n)
        self.assertEqual(c["GCOV_COUNT_LINE"], "1237")
        self.assertEqual(c["GCOV_COUNT_THIRD"], "413")   # 0, 3, ..., 1236
        self.assertEqual(c["called"], "1237")

    def test_other_count(self):
        c = self.run_with(10)
        self.assertEqual(c["GCOV_COUNT_LINE"], "10")
        self.assertEqual(c["GCOV_COUNT_THIRD"], "4")      # 0, 3, 6, 9
        self.assertEqual(c["called"], "10")

    def test_never_run(self):
        c = self.run_with(0)
        self.assertEqual(c["GCOV_COUNT_LINE"], "#####")   # gcov: never executed
        self.assertEqual(c["called"], "0")

    def test_gcov_reads_every_file_silently(self):
        self.run_with(3)
        files = kernel.gcda_files(self.objtree)
        self.assertGreater(len(files), 10)
        with tempfile.TemporaryDirectory() as tmp:
            p = subprocess.run([kernel.GCOV, "-n", "-b"] + files, cwd=tmp,
                               capture_output=True, text=True)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(kernel.gcov_warnings(p.stderr), [],
                         "gcov warned (version mismatch or corruption?)")


if __name__ == "__main__":
    unittest.main()
