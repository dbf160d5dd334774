# SPDX-License-Identifier: GPL-2.0
"""ktest's exact results under ARCH=host: trap recovery and the timeout.

The tests of tools/testing/ktest-examples, unchanged, on
configs/ktest_examples_defconfig built with ARCH=host and run by
scripts/run-host: each CPU exception of lib/ktest/ktest-fail-test.c (a
NULL read, ud2, a division by zero, a bad segment selector) arrives as a
signal and must fail its case alone with the diagnostics the i386 kernel
prints (vector, error code, fault address, registers, backtrace), and each
hanging case must be ended by the timer signal's timeout, the run going
on to the next case.

Run: /usr/bin/python3 -m unittest discover tools/testing/arch-host
"""
import os
import sys

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                       '..'))
sys.path.insert(0, os.path.join(SRCTREE, 'tools', 'testing',
                                'ktest-examples'))
import test_ktest_examples as examples  # noqa: E402

RUN_HOST = os.path.join(SRCTREE, 'scripts', 'run-host')


class HostKtestExamplesTest(examples.KtestExamplesTest):
    ARCH = 'host'

    @classmethod
    def run_cmd(cls, cmdline):
        return [RUN_HOST, '--kernel', cls.kernel, '--timeout', '60',
                '--cmdline', cmdline]
