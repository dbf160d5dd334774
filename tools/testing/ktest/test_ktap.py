# SPDX-License-Identifier: GPL-2.0
#
# Tests of the KTAP parser (scripts/ktest_lib/ktap.py) on hand-written
# console logs in logs/: each test states the exact counts, statuses and
# verdict the log must produce. Run with:
#
#   /usr/bin/python3 -m unittest discover -s tools/testing/ktest

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(SRCTREE, 'scripts'))

from ktest_lib import ktap  # noqa: E402


def log_lines(name):
    with open(os.path.join(HERE, 'logs', name), 'rb') as f:
        return f.read().decode('utf-8', errors='replace').splitlines()


def parse_log(name, **kw):
    return ktap.parse_lines(log_lines(name), **kw)


def parse_text(text, **kw):
    return ktap.parse_lines(text.splitlines(), **kw)


def statuses(res):
    return [(r.name(), r.status) for r in res.records]


class CountsMixin:
    def assertCounts(self, res, passed, failed, skipped=0):
        self.assertEqual((res.passed, res.failed, res.skipped),
                         (passed, failed, skipped),
                         '%s: %s' % (res.count_line(), statuses(res)))


class TestCompleteRuns(CountsMixin, unittest.TestCase):
    def test_pass(self):
        res = parse_log('pass.log')
        self.assertCounts(res, 7, 0)
        self.assertTrue(res.found)
        self.assertTrue(res.complete)
        self.assertTrue(res.success)
        self.assertEqual(res.verdict, 'ok')
        self.assertEqual(res.errors, [])
        self.assertEqual(res.warnings, [])
        self.assertEqual(res.totals, (7, 0, 0, 7))
        self.assertEqual(res.count_line(), '7 passed, 0 failed')
        self.assertEqual([r.suite for r in res.records],
                         ['string'] * 3 + ['kmalloc'] * 4)
        self.assertEqual(res.records[0].case, 'strlen_basic')
        self.assertIsNone(res.records[0].param)
        self.assertEqual(res.root.children[1].stats, (4, 0, 0, 4))

    def test_failures_keep_diagnostics(self):
        res = parse_log('failures.log')
        self.assertCounts(res, 3, 3)
        self.assertEqual(res.verdict, 'failed')
        self.assertTrue(res.complete)
        self.assertEqual(statuses(res), [
            ('buddy.buddy_alloc_order0', 'pass'),
            ('buddy.buddy_split_merge', 'fail'),
            ('buddy.buddy_max_order', 'pass'),
            ('buddy.buddy_leak', 'fail'),
            ('slab.slab_cache_create', 'pass'),
            ('slab.slab_double_free', 'fail'),
        ])
        merge = res.records[1]
        self.assertEqual(merge.diagnostics, [
            '# buddy_split_merge: EXPECTATION FAILED at mm/buddy_test.c:57',
            'Expected free_pages == total_pages, but',
            '    free_pages == 1022 (0x3fe)',
            '    total_pages == 1024 (0x400)',
        ])
        self.assertEqual(merge.message, 'buddy_split_merge: EXPECTATION '
                         'FAILED at mm/buddy_test.c:57')
        self.assertEqual(res.records[3].diagnostics,
                         ['# buddy_leak: leaked 64 bytes in 1 object'])
        # An unindented console line during the case is kept with it.
        self.assertIn('kmlab: slab: double free of 0xc0123440 in kmalloc-64'
                      ' (caller slab_double_free+0x2e)',
                      res.records[5].diagnostics)
        # The suite summary line is not a case diagnostic.
        self.assertFalse(any('pass:' in d for r in res.records
                             for d in r.diagnostics))

    def test_skips(self):
        res = parse_log('skips.log')
        self.assertCounts(res, 2, 0, 3)
        self.assertTrue(res.success)
        self.assertEqual(res.count_line(), '2 passed, 0 failed, 3 skipped')
        skipped = [r for r in res.records if r.status == 'skip']
        self.assertEqual([(r.case, r.skip_reason) for r in skipped], [
            ('bochs_magic_break', 'not running under Bochs'),
            ('bochs_port_e9', 'not running under Bochs'),
            # "not ok ... # SKIP" is a skip too (KTAP spec)
            ('memblock_highmem', 'no memory above 896 MiB'),
        ])
        self.assertEqual(res.root.children[0].status, 'skip')

    def test_params(self):
        res = parse_log('params.log')
        self.assertCounts(res, 5, 1, 1)
        self.assertTrue(res.complete)
        self.assertEqual(statuses(res), [
            ('kmalloc_sizes.kmalloc_min_align', 'pass'),
            ('kmalloc_sizes.kmalloc_natural_align.size=8', 'pass'),
            ('kmalloc_sizes.kmalloc_natural_align.size=16', 'pass'),
            ('kmalloc_sizes.kmalloc_natural_align.size=32', 'fail'),
            ('kmalloc_sizes.kmalloc_natural_align.size=4096', 'skip'),
            ('kmalloc_sizes.kcalloc_overflow.n=0x40000000 size=8', 'pass'),
            ('kmalloc_sizes.kcalloc_overflow.n=1 size=0xffffffff', 'pass'),
        ])
        rec = res.records[3]
        self.assertEqual((rec.suite, rec.case, rec.param),
                         ('kmalloc_sizes', 'kmalloc_natural_align',
                          'size=32'))
        self.assertEqual(rec.diagnostics[1], 'Expected IS_ALIGNED('
                         '(unsigned long)p, 32) to be true, but is false')
        self.assertEqual(res.records[4].skip_reason,
                         'larger than PAGE_SIZE/2 on slob')
        pcase = res.root.children[0].children[1]
        self.assertIsNone(pcase.plan)       # KUnit prints none for params
        self.assertEqual(pcase.stats, (2, 1, 1, 4))
        self.assertEqual(res.errors, [])
        self.assertEqual(res.warnings, [])

    def test_chatter_and_timestamps(self):
        res = parse_log('chatter.log')
        self.assertCounts(res, 2, 1)
        self.assertTrue(res.complete)
        self.assertEqual(statuses(res), [
            ('kmalloc.kmalloc_small', 'pass'),
            ('kmalloc.kmalloc_large', 'fail'),
            ('sort.sort_ints', 'pass'),
        ])
        self.assertEqual(res.records[1].diagnostics, [
            'serial: rx overrun',
            'slob: grow heap by 4 pages',
            '# kmalloc_large: EXPECTATION FAILED at mm/kmalloc_test.c:31',
        ])
        self.assertEqual(res.errors, [])
        self.assertEqual(res.totals, (2, 1, 0, 3))

    def test_garbage_lines_are_ignored(self):
        res = parse_log('garbage.log')
        self.assertCounts(res, 3, 1)
        self.assertTrue(res.complete)
        self.assertEqual(statuses(res), [
            ('vsprintf.vsprintf_decimal', 'pass'),
            ('vsprintf.vsprintf_hex', 'pass'),
            ('vsprintf.vsprintf_pointer', 'fail'),   # TODO: falls back
            ('sort.sort_stable', 'pass'),            # "ok 1 - name"
        ])
        self.assertEqual(res.records[2].message, '%pS is not implemented')
        self.assertIn('ok two vsprintf_hex', res.records[1].diagnostics)
        self.assertEqual(res.errors, [])

    def test_missing_plan(self):
        res = parse_log('noplan.log')
        self.assertCounts(res, 3, 0)
        self.assertTrue(res.complete)
        self.assertTrue(res.success)
        self.assertIsNone(res.root.plan)
        self.assertIsNone(res.root.children[0].plan)
        self.assertEqual(len(res.warnings), 1)
        self.assertIn('no plan', res.warnings[0])

    def test_nested_plan_mismatch(self):
        res = parse_log('plan_mismatch.log')
        self.assertCounts(res, 4, 2)
        self.assertFalse(res.success)
        self.assertEqual(res.verdict, 'failed')
        self.assertEqual(statuses(res), [
            ('pagealloc.alloc_pages_order0', 'pass'),
            ('pagealloc.free_pages_merges', 'pass'),
            ('pagealloc.#3', 'fail'),
            ('pagealloc.#4', 'fail'),
            ('kstrdup.kstrdup_null', 'pass'),
            ('kstrdup.kstrdup_copy', 'pass'),
        ])
        self.assertEqual(res.records[2].message,
                         'no result reported (plan said 4, got 2)')
        self.assertEqual(res.errors, [
            'line 8: plan said 4, got 2 in "pagealloc"',
            'line 13: plan said 1, got more in "kstrdup"',
        ])

    def test_fault_caught_by_ktest_is_just_a_failure(self):
        res = parse_log('fault_isolated.log')
        self.assertCounts(res, 2, 1)
        self.assertEqual(res.verdict, 'failed')
        self.assertTrue(res.complete)
        self.assertEqual(res.summary, '')
        self.assertEqual(statuses(res)[1], ('ktest_faults.null_deref',
                                            'fail'))
        self.assertIn('CPU exception', res.records[1].message)


class TestIncompleteRuns(CountsMixin, unittest.TestCase):
    def test_truncated_mid_suite(self):
        res = parse_log('truncated.log')
        self.assertCounts(res, 4, 4)
        self.assertFalse(res.complete)
        self.assertEqual(res.verdict, 'stopped')
        self.assertEqual(res.summary,
                         'plan said 3, got 1: the kernel stopped printing in '
                         'suite firstfit, case firstfit_split of 5 (after '
                         '"firstfit_coalesce")')
        self.assertEqual(statuses(res), [
            ('bump.bump_alloc', 'pass'),
            ('bump.bump_free_is_noop', 'pass'),
            ('firstfit.firstfit_alloc', 'pass'),
            ('firstfit.firstfit_coalesce', 'pass'),
            ('firstfit.firstfit_split', 'crash'),
            ('firstfit.#4', 'crash'),
            ('firstfit.#5', 'crash'),
            ('#3', 'crash'),
        ])
        self.assertEqual(res.records[4].message,
                         'running when the kernel stopped printing')
        self.assertEqual(res.records[5].message,
                         'never ran: the kernel stopped printing')
        self.assertIn('# firstfit_split: splitting a 4096-byte block',
                      res.records[4].diagnostics)

    def test_panic_mid_case(self):
        res = parse_log('panic.log')
        self.assertCounts(res, 1, 3)
        self.assertEqual(res.verdict, 'crashed')
        self.assertEqual(res.summary,
                         'plan said 2, got 0: the kernel crashed (Kernel '
                         'panic - not syncing: slob: free list corrupted) in '
                         'suite slob, case #2 of 3 (after "slob_small")')
        self.assertEqual([r.status for r in res.records],
                         ['pass', 'crash', 'crash', 'crash'])
        self.assertEqual(res.records[1].diagnostics[:2], [
            'kmlab: slob: corrupted free list at 0xc0200000',
            'Kernel panic - not syncing: slob: free list corrupted',
        ])
        self.assertEqual(res.markers[0][0], 'panic')

    def test_panic_in_parameter(self):
        res = parse_log('panic_param.log')
        self.assertCounts(res, 2, 1)
        self.assertEqual(res.verdict, 'crashed')
        self.assertIn('in suite krealloc, case krealloc_grow, parameter #2 '
                      '(after "from=8 to=16")', res.summary)
        rec = res.records[2]
        self.assertEqual((rec.suite, rec.case, rec.param, rec.status),
                         ('krealloc', 'krealloc_grow', '#2', 'crash'))

    def test_hang_named_by_running_line(self):
        res = parse_log('hang.log')
        self.assertCounts(res, 1, 2)
        self.assertEqual(res.verdict, 'hung')
        self.assertEqual(res.summary,
                         'plan said 1, got 0: the kernel hung (timeout) in '
                         'suite buddy, case buddy_stress of 3 (after '
                         '"buddy_alloc")')
        self.assertEqual(statuses(res)[1:], [('buddy.buddy_stress', 'crash'),
                                             ('buddy.#3', 'crash')])

    def test_triple_fault_reported_by_run_qemu(self):
        res = parse_log('reset.log')
        self.assertCounts(res, 1, 1)
        self.assertEqual(res.verdict, 'crashed')
        self.assertTrue(res.summary.startswith(
            'plan said 1, got 0: the kernel crashed (kmlab-run: no status: '
            'QEMU exited with 0'))
        self.assertTrue(res.summary.endswith(
            'in suite gdt, case #2 of 2 (after "gdt_reload")'))

    def test_timeout_line_of_run_qemu(self):
        res = parse_log('hang_runner.log')
        self.assertCounts(res, 1, 2)
        self.assertEqual(res.verdict, 'hung')
        self.assertEqual(res.summary, 'plan said 2, got 1: the kernel hung '
                         '(timeout) in suite ktest_timeout, case #1 of 2')
        self.assertEqual(statuses(res)[1:], [('ktest_timeout.#1', 'crash'),
                                             ('ktest_timeout.#2', 'crash')])

    def test_kernel_exit_status_line(self):
        lines = log_lines('pass.log')
        res = ktap.parse_lines(lines + ['kmlab-run: kernel exit status 0: '
                                        'passed (2.1 s)'], exit_status=2)
        self.assertCounts(res, 7, 0)
        self.assertEqual(res.kernel_status, 0)
        res = ktap.parse_lines(lines + ['kmlab-run: kernel exit status 1: '
                                        'tests failed (2.1 s)'])
        self.assertCounts(res, 7, 1)
        self.assertEqual(res.records[-1].message,
                         'the kernel run exited with status 1')

    def test_hung_flag_without_timeout_line(self):
        lines = log_lines('truncated.log')
        res = ktap.parse_lines(lines, hung=True)
        self.assertEqual(res.verdict, 'hung')
        self.assertCounts(res, 4, 4)

    def test_no_ktap(self):
        res = parse_log('noktap.log')
        self.assertCounts(res, 0, 1)
        self.assertFalse(res.found)
        self.assertEqual(res.verdict, 'crashed')
        self.assertIn('before any test ran: Kernel panic - not syncing: '
                      'memblock: no usable memory', res.summary)
        self.assertEqual(statuses(res), [('kernel.boot', 'crash')])

    def test_no_test_ran_is_a_failure(self):
        res = parse_log('nomatch.log')   # ktest.filter_glob=nomatch
        self.assertTrue(res.complete)
        self.assertEqual(res.verdict, 'no-tests')
        self.assertFalse(res.success)
        self.assertCounts(res, 0, 1)
        self.assertEqual(statuses(res), [('kernel.tests', 'fail')])
        # KTAP alone, without the kernel's exit status, fails as well.
        for text in ('KTAP version 1\n1..0\n', 'KTAP version 1\n'):
            with self.subTest(text=text):
                res = parse_text(text)
                self.assertEqual(res.verdict, 'no-tests')
                self.assertCounts(res, 0, 1)

    def test_empty_log(self):
        res = parse_text('')
        self.assertEqual(res.verdict, 'no-ktap')
        self.assertCounts(res, 0, 1)

    def test_oops_after_tests(self):
        res = parse_log('oops_after.log')
        self.assertCounts(res, 2, 1)
        self.assertTrue(res.complete)
        self.assertEqual(res.verdict, 'crashed')
        self.assertEqual(res.summary, 'the kernel faulted outside a test: '
                         'Oops: #PF at 0xdeadbeef in gcov_dump+0x12')
        self.assertEqual(statuses(res)[-1], ('kernel.after-tests', 'crash'))

    def test_stopped_between_suites(self):
        lines = log_lines('pass.log')
        cut = lines.index('ok 1 string') + 1
        res = ktap.parse_lines(lines[:cut] + ['Kernel panic - not syncing: '
                                              'Attempted to kill init!'])
        self.assertCounts(res, 3, 1)
        self.assertEqual(res.verdict, 'crashed')
        self.assertTrue(res.summary.startswith(
            'plan said 2, got 1: the kernel crashed (Kernel panic'))
        self.assertIn('after suite string', res.summary)

    def test_crash_after_last_case_of_suite(self):
        res = parse_text('KTAP version 1\n1..1\n    KTAP version 1\n'
                         '    # Subtest: s\n    1..1\n    ok 1 a\n'
                         'Kernel panic - not syncing: in suite_exit\n')
        self.assertCounts(res, 1, 1)
        self.assertEqual(statuses(res), [('s.a', 'pass'), ('s', 'crash')])
        self.assertIn('in suite s, after its last case', res.summary)

    def test_nonzero_exit_status(self):
        res = parse_log('pass.log', exit_status=1)
        self.assertCounts(res, 7, 1)
        self.assertEqual(statuses(res)[-1], ('kernel.exit', 'fail'))
        res = parse_log('failures.log', exit_status=1)
        self.assertCounts(res, 3, 3)    # already failing: nothing added


class TestShapes(CountsMixin, unittest.TestCase):
    def test_spec_two_space_indentation(self):
        # The nested example of the KTAP v1 specification.
        res = parse_text('''KTAP version 1
1..2
  KTAP version 1
  1..2
    KTAP version 1
    1..2
    not ok 1 test_1
    ok 2 test_2
  not ok 1 test_3
  ok 2 test_4 # SKIP
not ok 1 example_test_1
ok 2 example_test_2
''')
        self.assertEqual(statuses(res), [
            ('example_test_1.test_3.test_1', 'fail'),
            ('example_test_1.test_3.test_2', 'pass'),
            ('example_test_1.test_4', 'skip'),
            ('example_test_2', 'pass'),
        ])
        self.assertTrue(res.complete)

    def test_prefix_before_version_line(self):
        res = parse_text('boot\nktest: KTAP version 1\nktest: 1..1\n'
                         'ktest:     KTAP version 1\nktest:     # Subtest: s'
                         '\nktest:     1..1\nnot ok 1 fake\n'
                         'ktest:     ok 1 a\nktest: ok 1 s\n')
        self.assertEqual(statuses(res), [('s.a', 'pass')])
        self.assertTrue(res.complete)

    def test_missing_suite_result_line(self):
        res = parse_text('KTAP version 1\n1..2\n'
                         '    KTAP version 1\n    # Subtest: a\n    1..1\n'
                         '    ok 1 a1\n'
                         '    KTAP version 1\n    # Subtest: b\n    1..1\n'
                         '    ok 1 b1\nok 2 b\n')
        self.assertEqual([c.name for c in res.root.children], ['a', 'b'])
        self.assertEqual(res.root.children[0].status, 'fail')
        self.assertEqual(res.errors, ['line 7: no result line for "a"'])
        # The suite that never reported fails on its own.
        self.assertEqual(statuses(res), [('a.a1', 'pass'), ('a', 'fail'),
                                         ('b.b1', 'pass')])
        self.assertCounts(res, 2, 1)
        self.assertEqual(res.verdict, 'failed')

    def test_empty_suite(self):
        res = parse_text('KTAP version 1\n1..1\n    KTAP version 1\n'
                         '    # Subtest: nothing\n    1..0\nok 1 nothing\n')
        self.assertEqual(statuses(res), [('nothing', 'pass')])

    def test_directives(self):
        res = parse_text('KTAP version 1\n1..5\nok 1 a # SKIP why\n'
                         'not ok 2 b # TIMEOUT 10 seconds\n'
                         'not ok 3 c # ERROR no memory\n'
                         'ok 4 d # XFAIL known\nok 5 e # rcode=0\n')
        self.assertEqual([r.status for r in res.records],
                         ['skip', 'fail', 'fail', 'pass', 'pass'])
        self.assertEqual(res.records[1].message, '10 seconds')
        self.assertEqual(res.records[0].skip_reason, 'why')

    def test_second_document_is_an_error(self):
        text = '\n'.join(log_lines('pass.log'))
        res = parse_text(text + '\nKTAP version 1\n1..1\n')
        self.assertEqual(res.verdict, 'failed')
        self.assertIn('second KTAP document', res.errors[0])

    def test_totals_mismatch_is_a_warning(self):
        text = '\n'.join(log_lines('pass.log')).replace(
            'Totals: pass:7', 'Totals: pass:8')
        res = parse_text(text)
        self.assertTrue(res.success)
        self.assertEqual(len(res.warnings), 1)
        self.assertIn('Totals', res.warnings[0])


class TestStreaming(unittest.TestCase):
    def test_events_arrive_line_by_line(self):
        p = ktap.KtapParser()
        seen = []
        for line in log_lines('params.log'):
            for ev in p.feed(line):
                if ev[0] in ('begin', 'result', 'end'):
                    seen.append((ev[0], ev[1].display_name(), ev[1].status))
        self.assertEqual(seen[:4], [
            ('begin', 'kmalloc_sizes', None),
            ('result', 'kmalloc_min_align', 'pass'),
            ('begin', 'kmalloc_natural_align', None),
            ('result', 'size=8', 'pass'),
        ])
        self.assertEqual(seen[-1], ('end', 'kmalloc_sizes', 'fail'))
        self.assertEqual(len([s for s in seen if s[0] == 'result']), 7)
        res = p.finish()
        self.assertEqual(res.count_line(), '5 passed, 1 failed, 1 skipped')

    def test_result_is_reported_before_the_suite_ends(self):
        p = ktap.KtapParser()
        lines = log_lines('failures.log')
        events = []
        for line in lines[:lines.index('    not ok 2 buddy_split_merge') + 1]:
            events.extend(p.feed(line))
        self.assertEqual(events[-1][0], 'result')
        self.assertEqual(events[-1][1].name, 'buddy_split_merge')


class TestHugePlans(CountsMixin, unittest.TestCase):
    """A plan is a number, not a list: announcing N tests that never come
    must not cost N objects (H1: 1..3000000 took 57 s and 3.1 GB), and the
    counts still say how many never ran."""

    def test_run_plan_never_fulfilled(self):
        res = parse_text('KTAP version 1\n1..100000\n')
        self.assertCounts(res, 0, 100000)
        self.assertEqual(res.verdict, 'stopped')
        # #1 was running when the output stopped, #2..#101 never ran, one
        # record each, and one record stands for #102..#100000.
        self.assertEqual(len(res.records), ktap.SYNTH_EACH + 2)
        self.assertEqual(len(res.root.children), ktap.SYNTH_EACH + 2)
        self.assertEqual(res.records[0].message,
                         'running when the kernel stopped printing')
        last = res.records[-1]
        self.assertEqual(last.count, 100000 - 1 - ktap.SYNTH_EACH)
        self.assertEqual(last.name(), '#%d..#100000' % (ktap.SYNTH_EACH + 2))
        self.assertEqual(last.message, 'never ran: the kernel stopped '
                         'printing (%d tests)' % (99999 - ktap.SYNTH_EACH))

    def test_enormous_plan(self):
        n = 99999999999999999999999
        res = parse_text('KTAP version 1\n1..%d\n' % n)
        self.assertCounts(res, 0, n)
        self.assertEqual(res.count_line(), '0 passed, %d failed' % n)
        self.assertEqual(len(res.records), ktap.SYNTH_EACH + 2)

    def test_suite_closed_short_of_a_huge_plan(self):
        res = parse_text('KTAP version 1\n1..1\n    KTAP version 1\n'
                         '    # Subtest: s\n    1..5000000\n'
                         '    ok 1 first\nok 1 s\n')
        self.assertCounts(res, 1, 4999999)
        self.assertLessEqual(len(res.records), ktap.SYNTH_EACH + 2)
        self.assertEqual(res.records[-1].message,
                         'no result reported (plan said 5000000, got 1) '
                         '(%d tests)' % (4999999 - ktap.SYNTH_EACH))

    def test_small_shortfall_one_record_each(self):
        res = parse_text('KTAP version 1\n1..3\n')
        self.assertCounts(res, 0, 3)
        self.assertEqual([(r.name(), r.count) for r in res.records],
                         [('#1', 1), ('#2', 1), ('#3', 1)])


if __name__ == '__main__':
    unittest.main()
