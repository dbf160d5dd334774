# SPDX-License-Identifier: GPL-2.0
#
# Every JUnit file scripts/ktest writes must validate against the common
# JUnit schema, Jenkins xunit's junit-10.xsd (here as junit-10.xsd, written
# from that schema's rules), checked with xmllint from Debian's
# libxml2-utils (scripts/require xmllint).

import os
import shutil
import subprocess
import tempfile
import unittest

from tools.testing.ktest.test_cli import LOGS, ktest
from tools.testing.ktest.test_output import output, parse_log

HERE = os.path.dirname(os.path.abspath(__file__))
XSD = os.path.join(HERE, 'junit-10.xsd')


def xmllint(path):
    return subprocess.run(['xmllint', '--noout', '--schema', XSD, path],
                          capture_output=True, text=True, timeout=60)


@unittest.skipUnless(shutil.which('xmllint'),
                     'xmllint missing: scripts/require xmllint')
class TestJunitSchema(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def assertValid(self, path):
        p = xmllint(path)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_schema_rejects_skipped_on_testsuites(self):
        # What junit-10.xsd refuses and ktest once wrote: the check can fail.
        bad = self.path('bad.xml')
        with open(bad, 'w') as f:
            f.write('<testsuites tests="1" failures="0" errors="0" '
                    'skipped="1"><testsuite name="s" tests="1" '
                    'failures="0" errors="0"><testcase name="c">'
                    '<skipped/></testcase></testsuite></testsuites>')
        p = xmllint(bad)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("attribute 'skipped' is not allowed", p.stderr)

    def test_every_parsed_log(self):
        logs = sorted(n for n in os.listdir(LOGS) if n.endswith('.log'))
        self.assertTrue(logs)
        for name in logs:
            with self.subTest(log=name):
                xml = self.path(name + '.xml')
                p = ktest('parse', os.path.join(LOGS, name), '--junit', xml)
                self.assertIn(p.returncode, (0, 1), p.stderr)
                self.assertValid(xml)

    def test_flaky_cases(self):
        # run --retries: a case that failed, then passed (Surefire's
        # <flakyFailure>, which junit-10.xsd has).
        res = parse_log('failures.log')
        rec = [r for r in res.records if r.case == 'buddy_split_merge'][0]
        rec.status = 'flaky'
        rec.failed_attempts = [rec.diagnostics]
        xml = self.path('flaky.xml')
        output.write_junit(xml, [('defconfig', res)])
        with open(xml) as f:
            self.assertIn('<flakyFailure', f.read())
        self.assertValid(xml)

    def test_several_configurations(self):
        xml = self.path('all.xml')
        output.write_junit(xml, [('slob_defconfig', parse_log('skips.log')),
                                 ('defconfig', parse_log('params.log')),
                                 ('buddy_defconfig',
                                  parse_log('panic.log'))])
        self.assertValid(xml)


if __name__ == '__main__':
    unittest.main()
