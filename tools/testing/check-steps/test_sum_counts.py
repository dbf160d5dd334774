# SPDX-License-Identifier: GPL-2.0
"""Tests of the run-counted and sum-counts macros of scripts/Makefile.run,
through check-randconfig, the step that runs several ktest runs.

Run from the repository root:
    /usr/bin/python3 -m unittest discover -s tools/testing/check-steps

The step runs with PYTHON= a stand-in for scripts/ktest whose counts and
exit statuses are known by construction: the step's last line must be
their sum, and the step must fail when a run failed, even a run that
printed no count at all, and when no test ran.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))

# Seed 17 fails with counts, seed 18 dies before printing any; every
# other run passes.
STAND_IN = """#!/bin/sh
case "$*" in
*"--seed 17"*) echo "7 passed, 1 failed, 2 skipped"; exit 1;;
*"--seed 18"*) echo "half a run"; exit 3;;
esac
echo "randconfig-0x1: Testing complete. Ran 8 tests: passed: 5, skipped: 3"
echo "5 passed, 0 failed, 3 skipped"
"""


class SumCountsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kmlab-sumcounts-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.python = os.path.join(self.dir, "ktest")
        with open(self.python, "w") as f:
            f.write(STAND_IN)
        os.chmod(self.python, 0o755)

    def step(self, plain, hardening):
        r = subprocess.run(["make", "-s", "-C", SRCTREE, "O=" + self.dir, "check-randconfig",
                            "PYTHON=" + self.python, f"RANDCONFIG_N={plain}",
                            f"RANDCONFIG_HARDENING={hardening}"],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        return r.returncode, r.stdout.strip().splitlines()

    def test_runs_add_up(self):
        rc, lines = self.step(2, "slob")
        self.assertEqual(rc, 0, lines)
        self.assertEqual(lines[-1], "10 passed, 0 failed, 6 skipped")

    def test_a_failed_run_fails_the_step_and_is_named(self):
        rc, lines = self.step(1, "slob tlsf")
        self.assertNotEqual(rc, 0)
        self.assertEqual(lines[-1], "17 passed, 1 failed, 8 skipped")
        self.assertIn("FAILED: hardening set: tlsf KCONFIG_SEED=17", lines)

    def test_a_run_that_printed_no_count_fails_the_step(self):
        rc, lines = self.step(0, "slob tlsf bump")
        self.assertNotEqual(rc, 0)
        self.assertIn("FAILED: hardening set: bump KCONFIG_SEED=18", lines)
        self.assertEqual(lines[-1], "12 passed, 1 failed, 5 skipped")

    def test_no_test_at_all_fails(self):
        rc, lines = self.step(0, "")
        self.assertNotEqual(rc, 0)
        self.assertEqual(lines[-1], "0 passed, 0 failed, 0 skipped")

    def test_unknown_backend_is_a_usage_error(self):
        rc, lines = self.step(0, "slub")
        self.assertNotEqual(rc, 0)
        self.assertIn("no backend 'slub'", "\n".join(lines))


if __name__ == "__main__":
    unittest.main()
