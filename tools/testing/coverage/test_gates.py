# SPDX-License-Identifier: GPL-2.0
"""scripts/coverage's gates: the three thresholds of
scripts/coverage-threshold (lines, functions, branches) and the check of
mm/ + lib/ktest/ against them. No kernel is built.
Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_gates
"""
import importlib.machinery
import importlib.util
import os
import tempfile
import unittest

from tools.testing.kmlab_host import SRCTREE


def load_coverage():
    loader = importlib.machinery.SourceFileLoader(
        "kmlab_coverage", os.path.join(SRCTREE, "scripts", "coverage"))
    spec = importlib.util.spec_from_loader("kmlab_coverage", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


cov = load_coverage()


class ThresholdFileTest(unittest.TestCase):
    def read(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".threshold", delete=False) as f:
            f.write(text)
        self.addCleanup(os.unlink, f.name)
        return cov.read_threshold(f.name)

    def test_the_tree_has_all_three(self):
        got = cov.read_threshold(cov.THRESHOLD_FILE)
        self.assertEqual(set(got), {"lines", "functions", "branches"})
        for v in got.values():
            self.assertTrue(0 < v <= 100)

    def test_comments_and_percent_signs(self):
        self.assertEqual(self.read("# gates\nlines 95 # a comment\nfunctions 98%\n\n"
                                   "branches 80\n"),
                         {"lines": 95.0, "functions": 98.0, "branches": 80.0})

    def test_bad_files_say_what_to_write(self):
        for text, why in (("80\n", "is not one of"),
                          ("lines 95\nfunctions 98\n", "no threshold for branches"),
                          ("lines 95\nlines 96\nfunctions 1\nbranches 1\n", "each once"),
                          ("lines x\nfunctions 1\nbranches 1\n", "cannot read"),
                          ("stmts 9\n", "is not one of")):
            with self.assertRaises(cov.StepError) as e:
                self.read(text)
            self.assertIn(why, str(e.exception), text)


class GateTest(unittest.TestCase):
    LIMITS = {"lines": 90.0, "functions": 98.0, "branches": 80.0}

    def test_each_kind_is_one_check(self):
        # lines 95%, functions 97% (below 98), branches 80% exactly.
        got = cov.check_gates((95, 100, 97, 100, 8, 10), self.LIMITS, "f")
        self.assertEqual([ok for ok, _ in got], [True, False, True])
        self.assertIn("not ok threshold functions", got[1][1])
        self.assertIn("97.0% (97/100), below the 98% in f", got[1][1])
        self.assertTrue(got[2][1].startswith("ok threshold branches"))

    def test_nothing_profiled_fails(self):
        got = cov.check_gates((0, 0, 0, 0, 0, 0), self.LIMITS, "f")
        self.assertEqual([ok for ok, _ in got], [False] * 3)
        self.assertIn("no profiled lines", got[0][1])


if __name__ == "__main__":
    unittest.main()
