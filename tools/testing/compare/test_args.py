# SPDX-License-Identifier: GPL-2.0
"""scripts/compare's command line: a bad --mem, --limit, --jobs, --smp-ops or
--timeout is an argparse error naming the option and what it takes, given
before anything is built (never a ValueError traceback after the boots).
Run: /usr/bin/python3 -m unittest discover -s tools/testing/compare
"""
import io
import os
import sys
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_check import load_compare  # noqa: E402


class BadArgumentTest(unittest.TestCase):
    def main(self, *args):
        """Run compare's main(); a missing trace stops it before any build
        should the bad argument get through."""
        err = io.StringIO()
        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            try:
                rc = load_compare().main([*args, "--trace", "/nonexistent.kmt"])
            except SystemExit as e:
                rc = e.code
        return rc, err.getvalue()

    def test_bad_values_name_the_option(self):
        for opt, val, want in (("--mem", "foo", "128M"), ("--mem", "0", "128M"),
                               ("--limit", "-1", "non-negative"),
                               ("--jobs", "0", "at least 1"),
                               ("--timeout", "-5", "positive"),
                               ("--smp-ops", "511", "512 to 100000000"),
                               ("--smp-ops", "100000001", "512 to 100000000")):
            with self.subTest(opt=opt, val=val):
                rc, err = self.main(opt, val)
                self.assertEqual(rc, 2, err)
                self.assertIn(f"argument {opt}", err)
                self.assertIn(want, err)
                self.assertNotIn("Traceback", err)
                self.assertNotIn("not found", err)   # stopped at the option

    def test_good_mem_gets_through(self):
        rc, err = self.main("--mem", "64M")
        self.assertEqual(rc, 2)
        self.assertIn("/nonexistent.kmt not found", err)


if __name__ == "__main__":
    unittest.main()
