# SPDX-License-Identifier: GPL-2.0
"""Boot the deliberately failing UBSan examples and check every report.

lib/test_ubsan.c (CONFIG_TEST_UBSAN) commits one kind of undefined
behaviour per case, on a line marked "/* UB: ... */", between cases that
pass. This test builds configs/ktest_examples_defconfig with
configs/ubsan.config and CONFIG_TEST_UBSAN=y once, boots the suite and
checks, case by case, that the report names the marked line, the kind and
the values, that it fails that case alone (and only through the report:
each case also expects the report count to rise by one), that a location
reached again in a case is reported once, that a report outside any case
fails the run, and that ubsan.halt=1 stops the kernel at the first report.
A second build with CONFIG_UBSAN_TRAP checks that each UB case fails with
an invalid opcode at its check instead, and that a check failing outside
any case stops the kernel.

Run: /usr/bin/python3 -m unittest discover tools/testing/ubsan
(about 80 s: two builds, six boots).
"""
import os
import re
import shutil
import sys
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
sys.path.insert(0, os.path.join(SRCTREE, 'scripts'))
from ktest_lib import ktap  # noqa: E402

sys.path.insert(0, SRCTREE)
from tools.testing.kmlab_host import boot_kernel, make  # noqa: E402

SOURCE = 'lib/test_ubsan.c'
SUITE = 'ubsan_fail'

# case -> (the "UB:" marker of its line, the report after "in FILE:LINE:COL: ")
REPORTS = {
    'shift_too_far': ('shift', 'shift-out-of-bounds',
                      "shift exponent 32 is too large for 32-bit type 'int'"),
    'shift_negative_value': ('negative shift', 'shift-out-of-bounds',
                             'left shift of negative value -1'),
    'signed_add_overflow': ('add', 'signed-integer-overflow',
                            "2147483647 + 1 cannot be represented in type 'int'"),
    'signed_mul_overflow': ('mul', 'signed-integer-overflow',
                            "2147483647 * 4 cannot be represented in type 'int'"),
    'signed_negate_overflow': ('negate', 'signed-integer-overflow',
                               'negation of -2147483648 cannot be represented '
                               "in type 'int'"),
    'index_out_of_bounds': ('index', 'array-index-out-of-bounds',
                            "index 4 is out of range for type 'int [4]'"),
    'load_invalid_bool': ('bool', 'invalid-load',
                          "load of value 5 is not a valid value for type "
                          "'_Bool'"),
    'ctz_of_zero': ('ctz', 'invalid-builtin-use',
                    'passing zero to __builtin_ctz(), which is not a valid '
                    'argument'),
    'misaligned_load': ('misaligned', 'misaligned-access',
                        r"load of misaligned address [0-9a-f]{7}[13579bdf] for "
                        r"type 'volatile u32' which requires 4 byte alignment"),
    'same_location_reported_once': ('repeated', 'shift-out-of-bounds',
                                    "shift exponent 32 is too large for "
                                    "32-bit type 'int'"),
}
PASSING = ('passes_first', 'passes_last')
# same_location_reported_once reaches its check three times.
TOTAL_REPORTS = len(REPORTS) + 2


def ub_line(marker):
    """The line of lib/test_ubsan.c that carries "/* UB: marker */"."""
    with open(os.path.join(SRCTREE, SOURCE)) as f:
        lines = [n for n, text in enumerate(f, 1)
                 if '/* UB: %s */' % marker in text]
    assert len(lines) == 1, 'marker %r on %d lines' % (marker, len(lines))
    return lines[0]


def report_re(case):
    marker, kind, detail = REPORTS[case]
    return re.compile(r'UBSAN: %s in %s:%d:\d+: %s$' % (
        re.escape(kind), re.escape(SOURCE), ub_line(marker),
        detail if case == 'misaligned_load' else re.escape(detail)), re.M)


def build(fragment):
    """Build ktest_examples_defconfig with configs/ubsan.config and the
    Kconfig lines @fragment in a new directory; return it and vmlinux."""
    objtree = tempfile.mkdtemp(prefix='kmlab-ubsan-')
    frag = os.path.join(objtree, 'test_ubsan.config')
    with open(frag, 'w') as f:
        f.write(fragment)
    make(objtree, 'ktest_examples_defconfig', 'FRAGMENTS=%s %s' % (
        os.path.join(SRCTREE, 'configs', 'ubsan.config'), frag))
    make(objtree, '-j2', tail=4000)
    return objtree, os.path.join(objtree, 'vmlinux')


class UbsanExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objtree, cls.kernel = build('CONFIG_TEST_UBSAN=y\n')
        cls.rc, cls.out = boot_kernel(cls.kernel, 'ktest.filter_glob=%s' % SUITE)
        cls.res = ktap.parse_lines(cls.out.splitlines())

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.objtree, ignore_errors=True)

    def records(self, res=None):
        return {r.case: r for r in (res or self.res).records
                if r.suite == SUITE}

    def test_run_completes_with_tests_failed_status(self):
        self.assertEqual(self.rc, 1, self.out)   # run-qemu: tests failed
        self.assertTrue(self.res.complete, self.res.summary)
        self.assertEqual(self.res.errors, [])

    def test_each_ub_fails_its_case_and_only_it(self):
        got = {case: rec.status for case, rec in self.records().items()}
        want = {case: ktap.FAIL for case in REPORTS}
        want.update({case: ktap.PASS for case in PASSING})
        self.assertEqual(got, want)

    def test_each_report_names_line_kind_and_values(self):
        recs = self.records()
        for case in REPORTS:
            with self.subTest(case=case):
                diags = [d.strip() for d in recs[case].diagnostics]
                pattern = report_re(case)
                # One diagnostic "# CASE: UBSAN: ..." line, then a backtrace.
                hits = [d for d in diags
                        if d.startswith('# %s: UBSAN:' % case)]
                self.assertEqual(len(hits), 1, '\n'.join(diags))
                self.assertRegex(hits[0], pattern)
                self.assertIn('Call Trace:', diags)

    def test_cases_fail_through_the_report_alone(self):
        # Each case expects exactly one more failed check: no expectation
        # failure means the count rose as the report says.
        for case in REPORTS:
            with self.subTest(case=case):
                text = '\n'.join(self.records()[case].diagnostics)
                self.assertNotIn('EXPECTATION FAILED', text)

    def test_every_failed_check_is_counted(self):
        self.assertIn('\nubsan: %d reports since boot, 0 outside ktest '
                      'cases\n' % TOTAL_REPORTS, self.out)

    def test_report_outside_a_case_fails_the_run(self):
        rc, out = boot_kernel(self.kernel, 'test_ubsan.at_boot=1 '
                              'ktest.filter_glob=%s.%s' % (SUITE, PASSING[0]))
        res = ktap.parse_lines(out.splitlines())
        self.assertEqual(self.records(res)[PASSING[0]].status, ktap.PASS)
        self.assertEqual(rc, 1, out)
        self.assertFalse(res.success)
        line = r'(?m)^UBSAN: shift-out-of-bounds in %s:%d:\d+: shift ' \
            r'exponent 32 is too large' % (re.escape(SOURCE),
                                           ub_line('at boot'))
        # Reached twice outside any case: printed once, counted twice.
        self.assertEqual(len(re.findall(line, out)), 1, out)
        self.assertIn('\nubsan: 2 reports since boot, 2 outside ktest cases: '
                      'the run fails\n', out)

    def test_halt_stops_at_the_first_report(self):
        rc, out = boot_kernel(self.kernel, 'ubsan.halt=1 ktest.filter_glob=%s' % SUITE)
        self.assertEqual(rc, 2, out)   # run-qemu: kernel panic
        self.assertRegex(out, report_re('shift_too_far'))
        self.assertIn('Kernel panic - not syncing: UBSAN: ubsan.halt=1: '
                      'stopping at the report above', out)
        self.assertNotIn('shift_negative_value', out)


class UbsanTrapTest(unittest.TestCase):
    """CONFIG_UBSAN_TRAP: each check is an invalid opcode, no handler."""

    @classmethod
    def setUpClass(cls):
        cls.objtree, cls.kernel = build('CONFIG_TEST_UBSAN=y\n'
                                        'CONFIG_UBSAN_TRAP=y\n')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.objtree, ignore_errors=True)

    def test_each_ub_case_fails_at_its_check(self):
        rc, out = boot_kernel(self.kernel, 'ktest.filter_glob=%s' % SUITE)
        self.assertEqual(rc, 1, out)
        res = ktap.parse_lines(out.splitlines())
        self.assertTrue(res.complete, res.summary)
        recs = {r.case: r for r in res.records if r.suite == SUITE}
        self.assertEqual(sorted(recs), sorted(list(REPORTS) + list(PASSING)))
        for case in PASSING:
            self.assertEqual(recs[case].status, ktap.PASS, case)
        for case in REPORTS:
            with self.subTest(case=case):
                self.assertEqual(recs[case].status, ktap.FAIL)
                self.assertRegex('\n'.join(recs[case].diagnostics),
                                 r'# %s: caught invalid opcode \(vector 6, '
                                 r'error code 0x0\) at %s(\.cold)?\+0x'
                                 % (case, case))
        self.assertNotIn('UBSAN:', out)

    def test_a_check_outside_a_case_stops_the_kernel(self):
        rc, out = boot_kernel(self.kernel, 'test_ubsan.at_boot=1')
        self.assertEqual(rc, 3, out)   # run-qemu: fault outside a test
        self.assertIn('invalid opcode', out)
        self.assertNotIn('KTAP version 1', out)


if __name__ == '__main__':
    unittest.main()
