# SPDX-License-Identifier: GPL-2.0
"""Boot configs/ktest_examples_defconfig and check ktest's exact results.

lib/ktest/ktest-fail-test.c holds cases that fail each kind of
expectation and assertion, skip, fault, hang and leak, between cases that
pass. This test builds that config out of tree once, boots it with
scripts/run-qemu, parses the console with scripts/ktest_lib (the parser of
"scripts/ktest") and checks, case by case, the result that the source of
each case calls for, how each failure is described, and that the run
reaches "# Totals:". Further boots check ktest.filter_glob, ktest.list,
ktest.shuffle/ktest.seed and ktest.enable.

Run: /usr/bin/python3 -m unittest discover tools/testing/ktest-examples
(about 30 s: one build, a few boots).
"""
import os
import re
import shutil
import sys
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
sys.path.insert(0, os.path.join(SRCTREE, 'scripts'))
from ktest_lib import ktap  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap_shape  # noqa: E402

sys.path.insert(0, SRCTREE)
from tools.testing.kmlab_host import build_kernel, run_console  # noqa: E402

RUN_QEMU = os.path.join(SRCTREE, 'scripts', 'run-qemu')

PASS, FAIL, SKIP = ktap.PASS, ktap.FAIL, ktap.SKIP

MACROS = ['TRUE', 'FALSE', 'EQ', 'NE', 'LT', 'LE', 'GT', 'GE', 'PTR_EQ',
          'PTR_NE', 'NULL', 'NOT_NULL', 'STREQ', 'STRNEQ', 'MEMEQ']

# (suite, case, param) -> status, from the source of each case.
EXPECTED = {
    ('boot', 'memory_map_is_sane', None): PASS,
    ('boot', 'paging_is_enabled', None): PASS,
    ('boot', 'kallsyms_resolves', None): PASS,
    ('boot', 'kallsyms_names_its_own_functions', None): PASS,
    ('boot', 'printk_cuts_long_lines_with_a_newline', None): PASS,
    ('boot', 'printk_log_buffer_keeps_every_level', None): PASS,
    ('boot', 'vsnprintf_formats', None): PASS,
    ('boot', 'null_dereference_faults', None): FAIL,
    ('ktest_fail_init', 'never_runs', None): FAIL,
    ('ktest_fail', 'passes_first', None): PASS,
    ('ktest_fail', 'message_printed', None): FAIL,
    ('ktest_fail', 'skips', None): SKIP,
    ('ktest_fail', 'marks_skipped_and_goes_on', None): SKIP,
    ('ktest_fail', 'skip_after_failure_still_fails', None): FAIL,
    ('ktest_fail', 'mixed_param_results', 'passes'): PASS,
    ('ktest_fail', 'mixed_param_results', 'fails'): FAIL,
    ('ktest_fail', 'mixed_param_results', 'skips'): SKIP,
    ('ktest_fail', 'null_dereference', None): FAIL,
    ('ktest_fail', 'invalid_opcode', None): FAIL,
    ('ktest_fail', 'divide_error', None): FAIL,
    ('ktest_fail', 'general_protection', None): FAIL,
    ('ktest_fail', 'hangs_past_case_timeout', None): FAIL,
    ('ktest_fail', 'hangs_past_default_timeout', None): FAIL,
    ('ktest_fail', 'leaks', None): FAIL,
    ('ktest_fail', 'keeps_memory_on_purpose', None): PASS,
    ('ktest_fail', 'grows_kept_object', None): PASS,
    ('ktest_fail', 'action_after_assertion', None): FAIL,
    ('ktest_fail', 'action_ran', None): PASS,
    ('ktest_fail', 'log_capture_then_assertion', None): FAIL,
    ('ktest_fail', 'log_capture_released', None): PASS,
    ('ktest_fail', 'failed_from_outside', None): FAIL,
    ('ktest_fail', 'passes_last', None): PASS,
    ('vmalloc_fail', 'write_one_byte_past_area', None): FAIL,
    ('mmap_fail', 'write_to_read_only_vma', None): FAIL,
    ('mmap_fail', 'read_outside_any_vma', None): FAIL,
}
for m in MACROS + ['FAIL']:
    EXPECTED[('ktest_fail', 'each_expectation_fails', m)] = FAIL
for m in MACROS + ['FAILURE']:
    EXPECTED[('ktest_fail', 'each_assertion_ends_case', m)] = FAIL

# How each failure must be described (a regex over its diagnostics).
DIAGNOSTIC = {
    'null_dereference': r'# null_dereference: caught page fault \(error code '
                        r'0x0, reading address 00000000\) at null_dereference\+0x',
    'null_dereference_faults': r'caught page fault .*reading address 00000000',
    # mm/vmalloc_test.c: the guard page after a one-page area, named.
    'write_one_byte_past_area':
        r'caught page fault \(error code 0x2, writing address (e0[0-9a-f]{6})\)'
        r'.*\n.*# write_one_byte_past_area: address 0x\1 is the guard page '
        r'of vmalloc area 0xe0[0-9a-f]{6}-0xe0[0-9a-f]{6} \(4096 bytes\) '
        r'from write_one_byte_past_area\+0x',
    # mm/mmap_test.c: a bad access in an address space, and why.
    'write_to_read_only_vma':
        r'caught page fault \(error code 0x2, writing address e0000000\)'
        r'.*\n.*# write_to_read_only_vma: mm: write at 0xe0000000: VMA not '
        r'writable \(VMA 0xe0000000-0xe0000fff r-\)',
    'read_outside_any_vma':
        r'caught page fault \(error code 0x0, reading address e0001000\)'
        r'.*\n.*# read_outside_any_vma: mm: read at 0xe0001000: no VMA',
    'invalid_opcode': r'caught invalid opcode \(vector 6, error code 0x0\) '
                      r'at invalid_opcode\+0x',
    'divide_error': r'caught divide error \(vector 0, error code 0x0\) at '
                    r'divide_error\+0x',
    'general_protection': r'caught general protection fault \(vector 13, '
                          r'error code 0x1230\) at general_protection\+0x',
    'hangs_past_case_timeout': r'timed out after 1 s of guest time, at '
                               r'hangs_past_case_timeout\+0x',
    'hangs_past_default_timeout': r'timed out after 2 s of guest time, at '
                                  r'hangs_past_default_timeout\+0x',
    'leaks': r'# leaks: leaked (\d+) bytes in 1 objects',
    'message_printed': r'three is 3, message printed',
    'skip_after_failure_still_fails': r'EXPECTATION FAILED at .*ktest-fail-test\.c:\d+',
    'failed_from_outside':
        r'(?s)# failed_from_outside: lib/ktest/ktest-fail-test\.c:\d+: '
        r'checker: bad state in kmlab\n.*# failed_from_outside: still '
        r'running, ktest_fail_current_test\(\) returned true',
    'never_runs': r'not run: ktest_fail_init\'s suite_init failed',
    'log_capture_then_assertion':
        r'(?s)ASSERTION FAILED at .*ktest-fail-test\.c:\d+.*'
        r'# log_capture_then_assertion: log\| ktest_fail: captured and '
        r'still on the console',
}


class KtestExamplesTest(unittest.TestCase):
    # make's ARCH= (None: i386, booted in QEMU) and config fragments;
    # tools/testing/arch-host runs these same tests with ARCH=host.
    ARCH = None
    FRAGMENTS = ()

    @classmethod
    def setUpClass(cls):
        cls.objtree = build_kernel('kmlab-ktest-examples-',
                                   'ktest_examples_defconfig', arch=cls.ARCH,
                                   fragments=cls.FRAGMENTS)
        cls.kernel = os.path.join(cls.objtree, 'vmlinux')
        # The default timeout is shortened so the hanging case costs 2 s.
        cls.rc, cls.out = cls.boot('ktest.timeout=2')
        cls.res = ktap.parse_lines(cls.out.splitlines())

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.objtree, ignore_errors=True)

    @classmethod
    def run_cmd(cls, cmdline):
        """The argv that runs the kernel with @cmdline."""
        return [RUN_QEMU, '--boot', 'kernel', '--kernel', cls.kernel,
                '--timeout', '60', '--cmdline', cmdline]

    @classmethod
    def boot(cls, cmdline):
        return run_console(cls.run_cmd(cmdline))

    # The suites whose every result EXPECTED gives; vmalloc_fail and
    # mmap_fail exist where the architecture has page tables (CONFIG_MMU:
    # i386).
    SUITES = ('boot', 'ktest_fail', 'ktest_fail_init', 'vmalloc_fail', 'mmap_fail')

    def records(self, res=None, suites=None):
        res = res or self.res
        suites = suites or self.SUITES
        return {(r.suite, r.case, r.param): r for r in res.records
                if r.suite in suites}

    def test_run_completes_with_tests_failed_status(self):
        self.assertEqual(self.rc, 1, self.out)   # run-qemu: tests failed
        self.assertTrue(self.res.complete, self.res.summary)
        self.assertEqual(self.res.errors, [])
        self.assertIn('\n# Totals: pass:', self.out)

    def test_exact_mix_of_results(self):
        got = {k: r.status for k, r in self.records().items()}
        self.assertEqual(got, {k: v for k, v in EXPECTED.items() if k[0] in self.SUITES})

    def test_totals_line_matches_the_cases(self):
        self.assertEqual(self.res.warnings, [])
        self.assertEqual(self.res.totals,
                         (self.res.passed, self.res.failed,
                          self.res.skipped, len(self.res.records)))

    def test_output_has_the_shape_kunit_parser_needs(self):
        # Numbers, names, plans, indentation and counts: see ktap_shape.py.
        self.assertEqual(ktap_shape.check(self.out.splitlines()), [],
                         self.out)

    def test_param_descriptions_are_ktap_safe(self):
        # "issue #3" and "two\nlines" (ktest-test.c): no '#', no line break.
        lines = [line.rstrip() for line in self.out.splitlines()]
        self.assertIn('        ok 1 issue _3', lines)
        self.assertIn('        ok 2 two lines', lines)

    def test_failures_are_described(self):
        recs = self.records()
        for (suite, case, param), rec in recs.items():
            if param is None and case in DIAGNOSTIC:
                with self.subTest(case=case):
                    text = '\n'.join(rec.diagnostics)
                    self.assertRegex(text, DIAGNOSTIC[case])

    def test_captured_lines_still_reach_the_console(self):
        self.assertIn('\nktest_fail: captured and still on the console\n',
                      self.out.replace('\r', ''))

    def test_fault_reports_carry_a_backtrace(self):
        for case in ('null_dereference', 'invalid_opcode', 'divide_error',
                     'general_protection', 'hangs_past_case_timeout'):
            with self.subTest(case=case):
                text = '\n'.join(self.records()[('ktest_fail', case,
                                                 None)].diagnostics)
                self.assertRegex(text, r'# EIP: [0-9a-f]{8} %s\+0x' % case)
                self.assertIn('# Call Trace:', text)
                self.assertRegex(text, r'\] ktest_run_all\+0x')

    def test_leak_reports_the_allocation(self):
        text = '\n'.join(self.records()[('ktest_fail', 'leaks',
                                         None)].diagnostics)
        m = re.search(DIAGNOSTIC['leaks'], text)
        self.assertIsNotNone(m, text)
        self.assertGreaterEqual(int(m.group(1)), 100)   # kmalloc(100)
        keeps = '\n'.join(self.records()[('ktest_fail',
                                          'keeps_memory_on_purpose',
                                          None)].diagnostics)
        self.assertRegex(keeps, r'keeps \d+ bytes in 1 objects \(ktest_allow_leak\)')
        grows = '\n'.join(self.records()[('ktest_fail', 'grows_kept_object',
                                          None)].diagnostics)
        self.assertRegex(grows, r'live bytes grew by \d+ with no more live objects')
        # The suite does not count its cases' leaks a second time.
        self.assertNotIn('# ktest_fail: leaked', self.out)

    def test_every_expectation_reports_file_line_and_values(self):
        recs = self.records()
        for m in MACROS:
            with self.subTest(macro=m):
                text = '\n'.join(recs[('ktest_fail', 'each_expectation_fails',
                                       m)].diagnostics)
                self.assertRegex(text, r'EXPECTATION FAILED at \S*lib/ktest/'
                                 r'ktest-fail-test\.c:\d+')
                self.assertIn('Expected ', text)
        eq = '\n'.join(recs[('ktest_fail', 'each_expectation_fails',
                             'EQ')].diagnostics)
        self.assertIn('Expected neg_one == 1, but', eq)
        self.assertIn('neg_one == -1 (0xffffffffffffffff)', eq)
        self.assertIn('1 == 1 (0x1)', eq)
        streq = '\n'.join(recs[('ktest_fail', 'each_expectation_fails',
                                'STREQ')].diagnostics)
        self.assertIn('kmlab_str == "kmlab"', streq)
        memeq = '\n'.join(recs[('ktest_fail', 'each_expectation_fails',
                                'MEMEQ')].diagnostics)
        self.assertIn('first difference at byte 16 of 20', memeq)
        self.assertIn('bytes_b == <77> 12  13  14', memeq)
        null = '\n'.join(recs[('ktest_fail', 'each_expectation_fails',
                               'NOT_NULL')].diagnostics)
        self.assertIn('Expected NULL != NULL, but', null)

    def test_assertions_end_their_case_and_skips_their_case(self):
        recs = self.records()
        for m in MACROS + ['FAILURE']:
            with self.subTest(macro=m):
                text = '\n'.join(recs[('ktest_fail', 'each_assertion_ends_case',
                                       m)].diagnostics)
                self.assertIn('ASSERTION FAILED', text)
        self.assertNotIn('NOT REACHED', self.out)
        self.assertEqual(recs[('ktest_fail', 'skips', None)].skip_reason,
                         'deliberately skipped')
        goes_on = recs[('ktest_fail', 'marks_skipped_and_goes_on', None)]
        self.assertEqual(goes_on.skip_reason, 'marked skipped')
        self.assertIn('still running after ktest_mark_skipped()',
                      '\n'.join(goes_on.diagnostics))

    def test_filter_glob_selects_suite_and_case(self):
        rc, out = self.boot('ktest.filter_glob=ktest_fail.skip*')
        res = ktap.parse_lines(out.splitlines())
        got = {k: r.status for k, r in self.records(res).items()}
        self.assertEqual(got, {
            ('ktest_fail', 'skips', None): SKIP,
            ('ktest_fail', 'skip_after_failure_still_fails', None): FAIL,
        })
        self.assertEqual(len(res.records), 2, out)
        self.assertEqual(rc, 1, out)
        rc, out = self.boot('ktest.filter_glob=boot.*_is_*')
        res = ktap.parse_lines(out.splitlines())
        self.assertEqual(sorted(r.case for r in res.records),
                         ['memory_map_is_sane', 'paging_is_enabled'])
        self.assertEqual(rc, 0, out)

    def test_list_prints_names_and_runs_nothing(self):
        rc, out = self.boot('ktest.list=1 ktest.filter_glob=ktest_fail_init')
        self.assertEqual(rc, 0, out)
        self.assertIn('\nktest_fail_init.never_runs\n', out.replace('\r', ''))
        self.assertNotIn('KTAP version 1', out)

    def test_enable_0_runs_nothing(self):
        rc, out = self.boot('ktest.enable=0')
        self.assertEqual(rc, 0, out)
        self.assertIn('ktest: disabled by ktest.enable=0', out)
        self.assertNotIn('KTAP version 1', out)

    def order(self, out):
        return [line.strip() for line in out.splitlines()
                if re.match(r'^    (not )?ok \d+ ', line)]

    def test_shuffle_is_reproduced_by_its_seed(self):
        glob = 'ktest.filter_glob=ktest_self.* ktest.shuffle=1'
        _, a = self.boot(glob + ' ktest.seed=12345')
        _, b = self.boot(glob + ' ktest.seed=12345')
        _, c = self.boot(glob + ' ktest.seed=777')
        self.assertIn('seed 12345', a)
        self.assertEqual(self.order(a), self.order(b))
        names = lambda out: [re.sub(r'^(not )?ok \d+ ', '', s)
                             for s in self.order(out)]
        self.assertEqual(sorted(names(a)), sorted(names(c)))
        self.assertNotEqual(names(a), names(c))
        for out in (a, c):
            self.assertEqual(ktap_shape.check(out.splitlines()), [], out)
        # Without a seed one is chosen, and printed.
        _, d = self.boot(glob)
        self.assertRegex(d, r'shuffle on, seed [1-9]\d*')


if __name__ == '__main__':
    unittest.main()
