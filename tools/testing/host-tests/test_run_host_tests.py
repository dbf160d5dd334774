# SPDX-License-Identifier: GPL-2.0
"""tools/testing/run-host-tests counts test methods, each once.

Each case writes a small suite into a temporary directory, runs
run-host-tests on it and reads the counts it prints: a method whose
subTest()s fail is one failure (not one per subtest, which once printed
"-100 passed"), and errors outside a test, skips and a suite that cannot
be imported are counted as documented at the top of run-host-tests.
Run: /usr/bin/python3 -m unittest discover tools/testing/host-tests
"""
import os
import subprocess
import tempfile
import textwrap
import unittest

SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
RUN = os.path.join(SRCTREE, "tools", "testing", "run-host-tests")


class RunHostTestsCounts(unittest.TestCase):
    def run_suite(self, source):
        """Run run-host-tests on a directory holding test_x.py = @source;
        return (exit status, last line)."""
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "test_x.py"), "w") as f:
                f.write(textwrap.dedent(source))
            p = subprocess.run(["/usr/bin/python3", RUN, d], capture_output=True,
                               text=True, stdin=subprocess.DEVNULL)
        lines = p.stdout.splitlines()
        self.assertTrue(lines, p.stderr)
        return p.returncode, lines[-1]

    def test_failing_subtests_are_one_failed_test(self):
        rc, last = self.run_suite('''\
            import unittest
            class T(unittest.TestCase):
                def test_many(self):
                    for i in range(100):
                        with self.subTest(i=i):
                            self.assertLess(i, 0)
                def test_some(self):
                    for i in range(4):
                        with self.subTest(i=i):
                            self.assertLess(i, 2)
                def test_fine(self):
                    for i in range(4):
                        with self.subTest(i=i):
                            self.assertGreaterEqual(i, 0)
            ''')
        self.assertEqual(last, "1 passed, 2 failed")
        self.assertEqual(rc, 1)

    def test_skips_errors_and_expected_failures(self):
        rc, last = self.run_suite('''\
            import unittest
            class T(unittest.TestCase):
                def test_all_subtests_skipped(self):
                    for i in range(3):
                        with self.subTest(i=i):
                            self.skipTest("not here")
                def test_one_subtest_skipped(self):
                    for i in range(3):
                        with self.subTest(i=i):
                            if i == 1:
                                self.skipTest("not this one")
                @unittest.skip("no")
                def test_skipped(self):
                    pass
                def test_error_in_subtest(self):
                    with self.subTest(i=0):
                        raise KeyError("boom")
                @unittest.expectedFailure
                def test_expected_failure(self):
                    self.fail("known")
                @unittest.expectedFailure
                def test_unexpected_success(self):
                    pass
            ''')
        self.assertEqual(last, "2 passed, 2 failed, 2 skipped")
        self.assertEqual(rc, 1)

    def test_error_in_setupclass_is_one_more_failure(self):
        rc, last = self.run_suite('''\
            import unittest
            class T(unittest.TestCase):
                @classmethod
                def setUpClass(cls):
                    raise RuntimeError("no fixture")
                def test_a(self):
                    pass
            class U(unittest.TestCase):
                def test_b(self):
                    pass
            ''')
        self.assertEqual(last, "1 passed, 1 failed")
        self.assertEqual(rc, 1)

    def test_suite_that_cannot_import_fails(self):
        rc, last = self.run_suite("import no_such_module_here\n")
        self.assertEqual(last, "0 passed, 1 failed")
        self.assertEqual(rc, 1)

    def test_all_passing(self):
        rc, last = self.run_suite('''\
            import unittest
            class T(unittest.TestCase):
                def test_a(self):
                    for i in range(3):
                        with self.subTest(i=i):
                            self.assertTrue(True)
                def test_b(self):
                    pass
            ''')
        self.assertEqual(last, "2 passed, 0 failed")
        self.assertEqual(rc, 0)


if __name__ == "__main__":
    unittest.main()
