# SPDX-License-Identifier: GPL-2.0
"""ktest's exact results under ARCH=host: trap recovery and the timeout.

The tests of tools/testing/ktest-examples, unchanged, on
configs/ktest_examples_defconfig built with ARCH=host and run by
scripts/run-host: each CPU exception of lib/ktest/ktest-fail-test.c (a
NULL read, ud2, a division by zero, a bad segment selector) arrives as a
signal and must fail its case alone with the diagnostics the i386 kernel
prints (vector, error code, fault address, registers, backtrace), and each
hanging case must be ended by the timer signal's timeout, the run going
on to the next case. The KASAN build also has UBSan (configs/ubsan.config)
and lib/test_ubsan.c: each undefined behaviour of its suite must fail its
case alone with the report tools/testing/ubsan checks in QEMU.

Run: /usr/bin/python3 -m unittest discover tools/testing/arch-host
"""
import os
import sys
import tempfile

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                       '..'))
sys.path.insert(0, os.path.join(SRCTREE, 'tools', 'testing',
                                'ktest-examples'))
import test_ktest_examples as examples  # noqa: E402
sys.path.insert(0, os.path.join(SRCTREE, 'tools', 'testing', 'ubsan'))
import test_ubsan as ubsan  # noqa: E402

RUN_HOST = os.path.join(SRCTREE, 'scripts', 'run-host')
KASAN_CONFIG = os.path.join(SRCTREE, 'configs', 'kasan.config')
UBSAN_CONFIG = os.path.join(SRCTREE, 'configs', 'ubsan.config')


class HostKtestExamplesTest(examples.KtestExamplesTest):
    ARCH = 'host'
    # No page tables on ARCH=host (no CONFIG_MMU): no vmalloc or mmap suites.
    SUITES = tuple(s for s in examples.KtestExamplesTest.SUITES
                   if s not in ('vmalloc_fail', 'mmap_fail'))

    @classmethod
    def run_cmd(cls, cmdline):
        return [RUN_HOST, '--kernel', cls.kernel, '--timeout', '60',
                '--cmdline', cmdline]


class HostKasanKtestExamplesTest(HostKtestExamplesTest):
    """The same, with CONFIG_KASAN and UBSan: faults and timeouts work
    under AddressSanitizer, every suite passes, a KASAN report the case
    did not expect fails that case alone, with the report, and so does
    each UBSan report of lib/test_ubsan.c (one build for both)."""

    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory(prefix='kmlab-host-ubsan-') as d:
            frag = os.path.join(d, 'test_ubsan.config')
            with open(frag, 'w') as f:
                f.write('CONFIG_TEST_UBSAN=y\n')
            cls.FRAGMENTS = (KASAN_CONFIG, UBSAN_CONFIG, frag)
            super().setUpClass()

    def test_each_ubsan_report_fails_its_case_alone(self):
        recs = {r.case: r for r in self.res.records if r.suite == ubsan.SUITE}
        want = {case: examples.FAIL for case in ubsan.REPORTS}
        want.update({case: examples.PASS for case in ubsan.PASSING})
        self.assertEqual({c: r.status for c, r in recs.items()}, want)
        for case in ubsan.REPORTS:
            with self.subTest(case=case):
                diags = [d.strip() for d in recs[case].diagnostics]
                hits = [d for d in diags if d.startswith('# %s: UBSAN:' % case)]
                # One report naming the marked line, the kind and the values.
                self.assertEqual(len(hits), 1, '\n'.join(diags))
                self.assertRegex(hits[0], ubsan.report_re(case))
                # Failed through the report alone, not an expectation.
                self.assertNotIn('EXPECTATION FAILED', '\n'.join(diags))

    def test_kasan_suite_passes(self):
        recs = self.records(suites=('kasan',))
        self.assertGreaterEqual(len(recs), 8)
        self.assertEqual({r.status for r in recs.values()}, {examples.PASS})

    def test_unexpected_report_fails_the_case_and_the_run_goes_on(self):
        recs = self.records(suites=('kasan_fail',))
        bad = recs[('kasan_fail', 'use_after_free_fails_the_case', None)]
        self.assertEqual(bad.status, examples.FAIL)
        text = '\n'.join(bad.diagnostics)
        self.assertRegex(text, r'KASAN: use-after-poison on address 0x')
        self.assertIn('KASAN: READ of size 1 at 0x', text)
        # Named at the faulting access, through the kernel's symbols.
        self.assertRegex(text, r'KASAN:   use_after_free_fails_the_case\+0x')
        self.assertIn('still running after the report', text)
        self.assertEqual(recs[('kasan_fail', 'next_case_passes',
                               None)].status, examples.PASS)
