# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/check-steps, the driver of `make check`.

Run from the repository root:
    /usr/bin/python3 -m unittest discover -s tools/testing/check-steps

Each test runs the real script on small shell steps whose counts are known
by construction, and checks the total line, the exit status and the logs.
"""
import os
import subprocess
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CHECK_STEPS = os.path.join(SRCTREE, "scripts", "check-steps")


class CheckStepsTest(unittest.TestCase):
    def run_steps(self, *args):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(subprocess.run, ["rm", "-rf", self.dir])
        opts = [a for a in args if not ("=" in a)]
        steps = [a for a in args if "=" in a]
        return subprocess.run(["/usr/bin/python3", CHECK_STEPS] + opts + [self.dir] + steps,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)

    def last_line(self, r):
        return r.stdout.strip().splitlines()[-1]

    def test_totals_add_up(self):
        for jobs in ("1", "2"):
            r = self.run_steps("-j", jobs, 'a=echo "3 passed, 0 failed"',
                               'b=echo "2 passed, 0 failed, 4 skipped"')
            self.assertEqual(r.returncode, 0, r.stdout)
            self.assertEqual(self.last_line(r), "5 passed, 0 failed, 4 skipped")

    def test_a_failed_test_fails_the_run(self):
        r = self.run_steps("-j", "2", 'a=echo "3 passed, 1 failed"', 'b=echo "2 passed, 0 failed"')
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.last_line(r), "5 passed, 1 failed")
        self.assertIn("failed steps: a", r.stdout)

    def test_a_step_that_exits_non_zero_without_a_failure_counts_one(self):
        r = self.run_steps('a=echo "3 passed, 0 failed"; exit 3')
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.last_line(r), "3 passed, 1 failed")

    def test_a_step_without_a_summary_counts_one(self):
        r = self.run_steps('a=echo "3 passed, 0 failed"', "b=true")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.last_line(r), "3 passed, 1 failed")
        self.assertIn("step 'b' printed no 'N passed, N failed' line", r.stdout)

    def test_no_test_at_all_is_a_failure(self):
        r = self.run_steps('a=echo "0 passed, 0 failed, 2 skipped"')
        self.assertEqual(r.returncode, 1)
        self.assertIn("no test ran", r.stdout)
        self.assertEqual(self.last_line(r), "0 passed, 1 failed, 2 skipped")

    def test_parallel_steps_do_not_interleave(self):
        r = self.run_steps("-j", "2",
                           "a=for i in 1 2 3; do echo a$i; sleep 0.2; done; echo '1 passed, 0 failed'",
                           "b=for i in 1 2 3; do echo b$i; sleep 0.2; done; echo '1 passed, 0 failed'")
        self.assertEqual(r.returncode, 0, r.stdout)
        lines = r.stdout.splitlines()
        for step in "ab":
            i = lines.index(step + "1")
            self.assertEqual(lines[i:i + 3], [step + "1", step + "2", step + "3"])
        with open(os.path.join(self.dir, "a.log")) as f:
            self.assertEqual(f.read(), "a1\na2\na3\n1 passed, 0 failed\n")

    def test_bad_arguments(self):
        for args in (["-j", "0", 'a=true'], ["-j", "x", "a=true"], ["a=true"]):
            r = subprocess.run(["/usr/bin/python3", CHECK_STEPS] + args, capture_output=True,
                               text=True)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn("usage: check-steps", r.stderr)
            self.assertNotIn("Traceback", r.stderr)


if __name__ == "__main__":
    unittest.main()
