# SPDX-License-Identifier: GPL-2.0
#
# Property-based tests of the KTAP parser and of the JSON and JUnit
# writers (scripts/ktest_lib), with Hypothesis: console logs made of
# KTAP-shaped lines (versions, plans up to 10^25, results, directives,
# subtest headers, totals, crash markers, runner lines) at random depths,
# mixed with arbitrary text. For every log:
#
#   - the parser returns (no exception, whatever the lines);
#   - the counts agree with the records and with the verdict: a run that
#     is incomplete, malformed or ended badly is never a success;
#   - the records stay bounded by the input, not by what plans announce;
#   - the JUnit XML parses and carries the same counts, the JSON too.
#
# Fixed seed and example count: tools/testing/kmlab_props.py.

import json
import os
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

from hypothesis import given, strategies as st

from tools.testing.kmlab_props import examples

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.dirname(HERE))), 'scripts'))

from ktest_lib import ktap, output  # noqa: E402

NAMES = st.one_of(st.sampled_from(['kmalloc', 'slab_free', 'a', 'size=32']),
                  st.text(max_size=12))
NUMBERS = st.one_of(st.integers(0, 6), st.integers(0, 10 ** 25))
INDENT = st.sampled_from(['', '', '    ', '    ', '        ', '  ', '\t'])


def result_line(ok, n, name, directive):
    return '%s %d %s%s' % (ok, n, name, directive)


LINES = st.one_of(
    st.sampled_from(['KTAP version 1', 'TAP version 13', 'KTAP version 2',
                     'Kernel panic - not syncing: x', 'Oops: x',
                     'CPU exception 14 (page fault)', 'kmlab-run: timeout',
                     'kmlab-run: no status', '# Totals: pass:1 fail:0 skip:0 total:1',
                     '', '#']),
    NUMBERS.map(lambda n: '1..%d' % n),
    st.builds(result_line, st.sampled_from(['ok', 'not ok']), NUMBERS, NAMES,
              st.sampled_from(['', ' # SKIP why', ' # TODO', ' # xfail', ' #'])),
    NAMES.map(lambda n: '# Subtest: ' + n),
    NAMES.map(lambda n: '# ktest: running ' + n),
    NAMES.map(lambda n: '# %s: pass:1 fail:1 skip:0 total:2' % n),
    st.integers(0, 300).map(lambda s: 'kmlab-run: kernel exit status %d' % s),
    st.text(max_size=40),
)
LOGS = st.lists(st.tuples(INDENT, LINES).map(''.join), max_size=40)


class KtapProperties(unittest.TestCase):
    @examples(300)
    @given(LOGS, st.booleans(), st.sampled_from([None, 0, 1, 3]))
    def test_parser_invariants(self, lines, hung, exit_status):
        res = ktap.parse_lines(lines, hung=hung, exit_status=exit_status)
        total = sum(r.count for r in res.records)
        self.assertEqual(res.passed + res.failed + res.skipped, total)
        self.assertTrue(all(r.count >= 1 for r in res.records))
        self.assertEqual(res.success, res.failed == 0)
        if res.errors or res.verdict != 'ok' or not res.complete or exit_status:
            self.assertFalse(res.success, (res.verdict, res.errors, lines))
        self.assertLessEqual(len(res.records),
                             (len(lines) + 2) * (ktap.SYNTH_EACH + 2))
        self.assertTrue(res.count_line().startswith(
            '%d passed, %d failed' % (res.passed, res.failed)))

    @examples(150)
    @given(st.lists(st.tuples(st.sampled_from([None, 'cfg', 'a\x01b']), LOGS),
                    min_size=1, max_size=3))
    def test_outputs_are_well_formed(self, logs):
        runs = [(cfg, ktap.parse_lines(lines)) for cfg, lines in logs]
        with tempfile.TemporaryDirectory() as d:
            xml, js = os.path.join(d, 'out.xml'), os.path.join(d, 'out.json')
            output.write_junit(xml, runs)
            output.write_json(js, runs)
            root = ET.parse(xml).getroot()
            with open(js, encoding='utf-8') as f:
                data = json.load(f)
        failed = sum(r.failed for _, r in runs)
        tests = sum(r.passed + r.failed + r.skipped for _, r in runs)
        self.assertEqual(int(root.get('failures')), failed)
        self.assertEqual(int(root.get('tests')), tests)
        self.assertEqual(data['failed'], failed)
        self.assertEqual(sum(r['count'] for r in data['results']), tests)


if __name__ == '__main__':
    unittest.main()
