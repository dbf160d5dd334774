# SPDX-License-Identifier: GPL-2.0
"""Host tests of ktap_shape.check(), the KUnit-parser shape check.

A hand-written log in KUnit's shape must pass; each way of breaking what
KUnit's kunit_parser.py needs must be reported, on the right line.
test_ktest_examples.py runs the same check on a real boot log.

Run: /usr/bin/python3 -m unittest discover tools/testing/ktest-examples
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap_shape  # noqa: E402

GOOD = '''\
kmlab: i386 kernel for studying memory allocators
KTAP version 1
1..2
    KTAP version 1
    # Subtest: alpha
    1..3
    ok 1 first
    # second: EXPECTATION FAILED at lib/x.c:9
    Expected a == b, but
kmalloc: double free of 0x00130000 (caller x+0x6f/0xe0)
    not ok 2 second
        KTAP version 1
        # Subtest: third
        1..2
        ok 1 ALIGN(1, 8)
        ok 2 issue _3 # SKIP not today
    # third: pass:1 fail:0 skip:1 total:2
    ok 3 third
    # alpha: pass:2 fail:1 skip:1 total:4
not ok 1 alpha
    KTAP version 1
    # Subtest: beta
    1..1
    ok 1 only # SKIP why
    # beta: pass:0 fail:0 skip:1 total:1
ok 2 beta # SKIP
# Totals: pass:2 fail:1 skip:2 total:5
kmlab: exit status 1
'''


def lines_of(text):
    return text.splitlines()


def changed(old, new, count=1):
    assert GOOD.count(old) == count, old
    return lines_of(GOOD.replace(old, new))


class KtapShapeTest(unittest.TestCase):
    def assertProblem(self, lines, line_no, text):
        problems = ktap_shape.check(lines)
        self.assertEqual(len(problems), 1, problems)
        self.assertTrue(problems[0].startswith('line %d:' % line_no),
                        problems)
        self.assertIn(text, problems[0])

    def test_good_log_passes(self):
        self.assertEqual(ktap_shape.check(lines_of(GOOD)), [])

    def test_suite_attributes_before_the_plan(self):
        lines = changed('    # Subtest: beta\n', '    # Subtest: beta\n    # area: smp\n')
        self.assertEqual(ktap_shape.check(lines), [])
        lines = changed('    # Subtest: beta\n    1..1\n', '    # Subtest: beta\n    # area: smp\n')
        self.assertTrue(ktap_shape.check(lines))

    def test_no_ktap(self):
        self.assertEqual(ktap_shape.check(['kmlab: hello']),
                         ['no "KTAP version 1" line at column 0'])

    def test_test_numbers_must_run_1_2_3(self):
        self.assertProblem(changed('    ok 3 third', '    ok 4 third'), 18,
                           'test number 4, expected 3')

    def test_param_numbers_too(self):
        self.assertProblem(changed('        ok 2 issue', '        ok 1 issue'),
                           16, 'test number 1, expected 2')

    def test_result_name_must_match_subtest_name(self):
        self.assertProblem(changed('not ok 1 alpha', 'not ok 1 alpha2'), 20,
                           "result names 'alpha2'")

    def test_missing_result_line(self):
        self.assertProblem(changed('    ok 3 third\n', ''), 19,
                           'the result of "third" indented by 0')

    def test_plan_larger_than_results(self):
        self.assertProblem(changed('    1..3\n', '    1..4\n'), 20,
                           'result 4 of 4 indented by 0')

    def test_plan_cut_short_by_end_of_log(self):
        lines = lines_of(GOOD)[:9]
        self.assertProblem(lines, 10, 'log ends after 1 of 3 planned tests')

    def test_indentation_is_four_spaces_per_level(self):
        self.assertProblem(changed('    ok 1 first', '   ok 1 first'), 7,
                           'indented by 3 spaces, expected 4')
        self.assertProblem(changed('        ok 1 ALIGN', '    ok 1 ALIGN'), 15,
                           'indented by 4 spaces, expected 8')

    def test_hash_in_a_name(self):
        self.assertProblem(changed('issue _3', 'issue #3'), 16,
                           "test name 'issue #3'")

    def test_result_line_hidden_in_diagnostics(self):
        # KUnit strips indentation: an "ok N" diagnostic is a result to it.
        self.assertProblem(changed('    Expected a == b, but',
                                   '    ok 2 Expected'), 11,
                           'test number 2, expected 3')

    def test_suite_stats_must_equal_its_leaves(self):
        self.assertProblem(changed('# alpha: pass:2 fail:1 skip:1 total:4',
                                   '# alpha: pass:2 fail:1 skip:0 total:3'),
                           19, '"alpha" counts pass/fail/skip/total')

    def test_param_stats_must_equal_its_leaves(self):
        self.assertProblem(changed('# third: pass:1 fail:0 skip:1 total:2',
                                   '# third: pass:2 fail:0 skip:0 total:2'),
                           17, '"third" counts')

    def test_missing_suite_stats(self):
        self.assertProblem(changed('    # beta: pass:0 fail:0 skip:1 total:1\n',
                                   ''), 25, 'no "# beta: pass:..." line')

    def test_totals_count_leaves_params_included(self):
        self.assertProblem(changed('# Totals: pass:2 fail:1 skip:2 total:5',
                                   '# Totals: pass:2 fail:1 skip:1 total:4'),
                           27, 'leaf results (2, 1, 2, 5)')

    def test_missing_totals(self):
        self.assertProblem(changed('# Totals: pass:2 fail:1 skip:2 total:5\n',
                                   ''), 28, 'where "# Totals:"')

    def test_parent_ok_with_failed_subtest(self):
        self.assertProblem(changed('not ok 1 alpha', 'ok 1 alpha'), 20,
                           'reported pass with a failed subtest')

    def test_empty_param_case_counts_as_one_leaf(self):
        lines = changed('        1..2\n        ok 1 ALIGN(1, 8)\n'
                        '        ok 2 issue _3 # SKIP not today\n'
                        '    # third: pass:1 fail:0 skip:1 total:2\n'
                        '    ok 3 third\n',
                        '        1..0\n'
                        '    # third: pass:0 fail:0 skip:0 total:0\n'
                        '    ok 3 third # SKIP no parameters\n')
        lines = [l.replace('# alpha: pass:2 fail:1 skip:1 total:4',
                           '# alpha: pass:1 fail:1 skip:1 total:3')
                  .replace('# Totals: pass:2 fail:1 skip:2 total:5',
                           '# Totals: pass:1 fail:1 skip:2 total:4')
                 for l in lines]
        self.assertEqual(ktap_shape.check(lines), [])


if __name__ == '__main__':
    unittest.main()
