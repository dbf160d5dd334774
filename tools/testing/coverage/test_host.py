# SPDX-License-Identifier: GPL-2.0
"""gcov under ARCH=host: libgcov's own .gcda files, exact and per test.

Builds the default defconfig for ARCH=host with configs/coverage.config
and CONFIG_GCOV_COUNT_TEST=y (arch/host/kernel/gcov.c: the objects
registered by libgcov's constructors, the files written by __gcov_dump()
at exit) and runs it as a Linux program:

* gcov_count_test.calls=N: gcov must report exactly N for the marked line
  (as test_counts.py does for the i386 kernel), and 0 runs leave it
  unexecuted;
* gcov.per_test=1 with the gcov_pertest suite alone: each dump written
  under gcov.per_test_dir= with __gcov_dump() and zeroed with
  __gcov_reset(), read back by scripts/gcov-extract --host-dumps, must put
  every marked line on exactly the cases its marker names (test_pertest's
  markers), and the dumps must add up to a plain run's counts.

Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_host
"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from tools.testing.coverage.kernel import GCOV, PYTHON, EXTRACT, gcda_files, missing_tools
from tools.testing.coverage.test_counts import annotated_counts
from tools.testing.coverage.test_pertest import CASES, SOURCE, SUITE, markers, record
from tools.testing.kmlab_host import ENV, SRCTREE, make

sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
from kmlab_lib import pertest  # noqa: E402

RUN_HOST = os.path.join(SRCTREE, "scripts", "run-host")
CMDLINE = f"ktest.filter_glob={SUITE}"


def run(objtree, cmdline):
    """Run @objtree's program with @cmdline; return run-host's status."""
    return subprocess.run([RUN_HOST, "--kernel", os.path.join(objtree, "vmlinux"),
                           "--quiet", "--timeout", "60", "--cmdline", cmdline],
                          capture_output=True, text=True, env=ENV).returncode


def remove_gcda(objtree):
    for path in gcda_files(objtree):
        os.remove(path)


def lcov_capture(objtree, out, cwd):
    subprocess.run(["lcov", "-q", "--rc", "lcov_branch_coverage=1", "-c", "-d", objtree,
                    "--gcov-tool", GCOV, "-t", "t", "-o", out],
                   check=True, capture_output=True, cwd=cwd)


class HostCoverageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        missing = [t for t in missing_tools() if t != "qemu-system-i386"]
        if missing or not shutil.which("lcov"):
            raise unittest.SkipTest("missing: " + ", ".join(missing + ["lcov"]))
        cls.objtree = tempfile.mkdtemp(prefix="kmlab-hostcov-")
        atexit.register(shutil.rmtree, cls.objtree, True)
        frag = os.path.join(cls.objtree, "count-test.config")
        with open(frag, "w") as f:
            f.write("CONFIG_GCOV_COUNT_TEST=y\n")
        make(cls.objtree, "defconfig", "FRAGMENTS=%s %s" % (
            os.path.join(SRCTREE, "configs", "coverage.config"), frag), arch="host")
        make(cls.objtree, "-j2", "vmlinux", arch="host")
        cls.tmp = tempfile.mkdtemp(prefix="kmlab-hostcov-out-")
        atexit.register(shutil.rmtree, cls.tmp, True)

    def counts(self, n):
        remove_gcda(self.objtree)
        self.assertIn(run(self.objtree, f"ktest.enable=0 gcov_count_test.calls={n}"), (0, 1))
        with tempfile.TemporaryDirectory() as work:
            return annotated_counts(self.objtree, work)

    def test_known_counts(self):
        c = self.counts(1237)
        self.assertEqual((c["GCOV_COUNT_LINE"], c["GCOV_COUNT_THIRD"], c["called"]),
                         ("1237", "413", "1237"))
        c = self.counts(0)
        self.assertEqual((c["GCOV_COUNT_LINE"], c["called"]), ("#####", "0"))

    def test_per_test_attribution_and_sum(self):
        # A plain run first: its counts are what the dumps must add up to.
        remove_gcda(self.objtree)
        self.assertEqual(run(self.objtree, CMDLINE), 0)
        plain = os.path.join(self.tmp, "plain.info")
        lcov_capture(self.objtree, plain, self.tmp)
        remove_gcda(self.objtree)
        dumps = os.path.join(self.tmp, "dumps")
        self.assertEqual(run(self.objtree, f"gcov.per_test=1 gcov.per_test_dir={dumps} "
                             + CMDLINE), 0)
        out = os.path.join(self.tmp, "per-test")
        p = subprocess.run([PYTHON, EXTRACT, "--build-dir", self.objtree, "--per-test", out,
                            "--host-dumps", dumps], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(os.path.join(self.tmp, "i"), "w") as info, \
                open(os.path.join(self.tmp, "d"), "w") as desc:
            files, tests = pertest.convert(os.path.join(out, "tests.json"), "host",
                                           SRCTREE, GCOV, info, desc, {})
        self.assertEqual([t["test"] for t in tests if t["test"]],
                         [f"{SUITE}.{c}" for c in CASES])
        doc = {"tests": tests}
        for line, want in markers().items():
            got = {t["test"] for t in pertest.which(doc, SOURCE, line)}
            self.assertEqual(got, want, f"{SOURCE}:{line}")
        summed = os.path.join(self.tmp, "summed.info")
        lcov_capture(self.objtree, summed, self.tmp)
        want = record(plain, SOURCE)
        self.assertTrue(any(want.values()))
        self.assertEqual(record(summed, SOURCE), want)

    def test_host_dumps_need_an_index(self):
        empty = os.path.join(self.tmp, "empty")
        os.makedirs(empty, exist_ok=True)
        p = subprocess.run([PYTHON, EXTRACT, "--build-dir", self.objtree, "--per-test",
                            os.path.join(self.tmp, "x"), "--host-dumps", empty],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)
        self.assertIn("cannot read the dump index", p.stderr)
        self.assertNotIn("Traceback", p.stderr)


if __name__ == "__main__":
    unittest.main()
