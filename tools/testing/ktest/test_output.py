# SPDX-License-Identifier: GPL-2.0
#
# Tests of ktest's machine-readable outputs (scripts/ktest_lib/output.py):
# the JUnit XML must parse with xml.etree and carry the right counts, the
# JSON must hold one record per leaf case with its status and diagnostics.

import json
import os
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(SRCTREE, 'scripts'))

from ktest_lib import ktap, output  # noqa: E402


def parse_log(name):
    with open(os.path.join(HERE, 'logs', name), 'rb') as f:
        text = f.read().decode('utf-8', errors='replace')
    return ktap.parse_lines(text.splitlines())


class TestJUnit(unittest.TestCase):
    def junit(self, runs):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'out.xml')
            output.write_junit(path, runs)
            return ET.parse(path).getroot()

    def test_counts_per_suite(self):
        root = self.junit([(None, parse_log('failures.log'))])
        self.assertEqual(root.tag, 'testsuites')
        self.assertEqual((root.get('tests'), root.get('failures'),
                          root.get('skipped')), ('6', '3', None))
        suites = root.findall('testsuite')
        self.assertEqual([(s.get('name'), s.get('tests'), s.get('failures'),
                           s.get('skipped')) for s in suites],
                         [('buddy', '4', '2', '0'), ('slab', '2', '1', '0')])
        cases = suites[0].findall('testcase')
        self.assertEqual([c.get('name') for c in cases],
                         ['buddy_alloc_order0', 'buddy_split_merge',
                          'buddy_max_order', 'buddy_leak'])
        self.assertEqual({c.get('classname') for c in cases}, {'buddy'})
        fail = cases[1].find('failure')
        self.assertEqual(fail.get('message'), 'buddy_split_merge: '
                         'EXPECTATION FAILED at mm/buddy_test.c:57')
        self.assertIn('free_pages == 1022 (0x3fe)', fail.text)
        self.assertIsNone(cases[0].find('failure'))
        self.assertIn('free_pages == 1022',
                      cases[1].find('system-out').text)

    def test_skips_and_params(self):
        root = self.junit([(None, parse_log('params.log'))])
        self.assertEqual((root.get('tests'), root.get('failures'),
                          root.get('skipped')), ('7', '1', None))
        # Skips are counted per suite (junit-10.xsd has none on the root).
        self.assertEqual(root.find('testsuite').get('skipped'), '1')
        cases = root.find('testsuite').findall('testcase')
        self.assertEqual(cases[4].get('name'),
                         'kmalloc_natural_align/size=4096')
        self.assertEqual(cases[4].find('skipped').get('message'),
                         'larger than PAGE_SIZE/2 on slob')

    def test_crash_and_junk_bytes(self):
        res = parse_log('truncated.log')
        root = self.junit([(None, res)])
        self.assertEqual((root.get('tests'), root.get('failures')),
                         ('8', '4'))
        crashes = [f for f in root.iter('failure') if f.get('type') ==
                   'crash']
        self.assertEqual(len(crashes), 4)
        errs = [e.text for e in root.iter('system-err')]
        self.assertEqual(len(errs), 1)
        self.assertIn('plan said 3, got 1: the kernel stopped printing',
                      errs[0])
        # Control characters from a noisy serial line stay parseable.
        root = self.junit([(None, parse_log('garbage.log'))])
        self.assertEqual(root.get('tests'), '4')

    def test_control_bytes_in_names(self):
        # H2: every attribute is cleaned, not only the case name: a suite
        # name with control bytes made the XML ill-formed.
        res = ktap.parse_lines([
            'KTAP version 1', '1..1', '    KTAP version 1',
            '    # Subtest: s\x01uite\x1b[0m', '    1..1',
            '    not ok 1 ca\x02se # SKIP why\x03', 'not ok 1 s\x01uite\x1b[0m'])
        root = self.junit([('cfg\x04', res)])
        suite = root.find('testsuite')
        self.assertEqual(suite.get('name'), 'cfg\ufffd.s\ufffduite\ufffd[0m')
        case = suite.find('testcase')
        self.assertEqual(case.get('classname'), suite.get('name'))
        self.assertEqual(case.get('name'), 'ca\ufffdse')
        self.assertEqual(case.find('skipped').get('message'), 'why\ufffd')

    def test_huge_plan_counts_every_test(self):
        # 1..1000 with nothing reported: 1 running, 100 records of one
        # never-ran test each, one record for the 899 others.
        res = ktap.parse_lines(['KTAP version 1', '1..1000'])
        root = self.junit([(None, res)])
        self.assertEqual((root.get('tests'), root.get('failures')),
                         ('1000', '1000'))
        # Each missing suite is its own <testsuite>; the last stands for 899.
        self.assertEqual(len(list(root.iter('testcase'))), 102)
        last = root.findall('testsuite')[-1]
        self.assertEqual((last.get('name'), last.get('tests'),
                          last.get('failures')), ('#102..#1000', '899', '899'))
        data = TestJSON.json(None, [(None, res)])
        self.assertEqual(data['failed'], 1000)
        self.assertEqual([r['count'] for r in data['results']][-2:], [1, 899])

    def test_several_configs(self):
        root = self.junit([('slob_defconfig', parse_log('pass.log')),
                           ('buddy_defconfig', parse_log('skips.log'))])
        self.assertEqual((root.get('tests'), root.get('failures'),
                          root.get('skipped')), ('12', '0', None))
        self.assertEqual(sum(int(s.get('skipped'))
                             for s in root.findall('testsuite')), 3)
        self.assertEqual([s.get('name') for s in root.findall('testsuite')],
                         ['slob_defconfig.string', 'slob_defconfig.kmalloc',
                          'buddy_defconfig.bochs',
                          'buddy_defconfig.memblock'])


class TestJSON(unittest.TestCase):
    def json(self, runs):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'out.json')
            output.write_json(path, runs)
            with open(path) as f:
                return json.load(f)

    def test_records(self):
        data = self.json([(None, parse_log('params.log'))])
        self.assertEqual((data['passed'], data['failed'], data['skipped']),
                         (5, 1, 1))
        self.assertEqual(len(data['results']), 7)
        fail = data['results'][3]
        self.assertEqual(fail['suite'], 'kmalloc_sizes')
        self.assertEqual(fail['case'], 'kmalloc_natural_align')
        self.assertEqual(fail['param'], 'size=32')
        self.assertEqual(fail['status'], 'fail')
        self.assertEqual(fail['diagnostics'][0], '# kmalloc_natural_align: '
                         'EXPECTATION FAILED at mm/kmalloc_test.c:120')
        skip = data['results'][4]
        self.assertEqual((skip['status'], skip['skip_reason']),
                         ('skip', 'larger than PAGE_SIZE/2 on slob'))
        first = data['results'][0]
        self.assertEqual((first['case'], first['param'], first['status']),
                         ('kmalloc_min_align', None, 'pass'))
        self.assertEqual(data['runs'][0]['verdict'], 'failed')
        self.assertTrue(data['runs'][0]['complete'])

    def test_crash_records(self):
        data = self.json([('slob_defconfig', parse_log('panic.log'))])
        self.assertEqual([r['status'] for r in data['results']],
                         ['pass', 'crash', 'crash', 'crash'])
        self.assertEqual({r['config'] for r in data['results']},
                         {'slob_defconfig'})
        self.assertEqual(data['runs'][0]['verdict'], 'crashed')
        self.assertIn('free list corrupted', data['runs'][0]['summary'])
        self.assertIn('Kernel panic - not syncing: slob: free list '
                      'corrupted', data['results'][1]['diagnostics'])


if __name__ == '__main__':
    unittest.main()
