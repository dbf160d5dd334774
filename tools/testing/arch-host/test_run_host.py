# SPDX-License-Identifier: GPL-2.0
"""ARCH=host as a run: exit statuses, faults outside a test, the command
line, mem= and the build directory's architecture.

One slob_defconfig kernel is built with ARCH=host and run by
scripts/run-host. The expected values come from what the run is asked for
(crash=MODE, mem=SIZE, the command line), and the statuses are the ones
scripts/run-qemu reports for the same crash in QEMU
(tools/testing/boot/test_boot.py).

Run: /usr/bin/python3 -m unittest discover tools/testing/arch-host
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                       '..'))
sys.path.insert(0, SRCTREE)
from tools.testing.kmlab_host import ENV, build_kernel, make  # noqa: E402
from tools.testing.run_cases import QUIET, RunStatusCases  # noqa: E402

RUN_HOST = os.path.join(SRCTREE, 'scripts', 'run-host')


class RunHostTest(RunStatusCases, unittest.TestCase):
    cmdline_prefix = 'mem=128M '

    @classmethod
    def setUpClass(cls):
        cls.objtree = build_kernel('kmlab-arch-host-', 'slob_defconfig',
                                   arch='host')
        cls.kernel = os.path.join(cls.objtree, 'vmlinux')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.objtree, ignore_errors=True)

    def run_host(self, cmdline, *args, timeout=30):
        proc = subprocess.run([RUN_HOST, '--kernel', self.kernel,
                               '--timeout', str(timeout), '--cmdline',
                               cmdline] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True, env=ENV)
        return proc.returncode, proc.stdout

    def run_kernel(self, cmdline, timeout):
        return self.run_host(cmdline, timeout=timeout)

    def test_faults_outside_a_test_end_the_run_with_an_oops(self):
        for mode, line in (
                ('null', 'Oops: CPU exception 14 (page fault), error code '
                 '0x0, at crash_null+0x'),
                ('ud2', 'Oops: CPU exception 6 (invalid opcode), error code '
                 '0x0, at crash_ud2+0x'),
                ('div0', 'Oops: CPU exception 0 (divide error), error code '
                 '0x0, at crash_div0+0x'),
                ('gp', 'Oops: CPU exception 13 (general protection fault), '
                 'error code 0x80, at crash_gp+0x')):
            with self.subTest(mode=mode):
                rc, out = self.run_host(f'crash={mode} {QUIET}')
                self.assertEqual(rc, 3, out)
                self.assertIn(line, out)
                self.assertIn('kernel exit status 3: fault', out)
                self.assertIn('] start_kernel+0x', out)
        rc, out = self.run_host(f'crash=null {QUIET}')
        self.assertIn('Oops: read access to address 00000000 (NULL pointer '
                      'dereference)', out)

    def test_command_line_reaches_the_kernel_unchanged(self):
        rc, out = self.run_host(f'{QUIET} kmlab.x="a  b"')
        self.assertEqual(rc, 0, out)
        self.assertIn('kmlab: host (a 32-bit Linux process) kernel for '
                      'studying memory allocators\n', out)
        self.assertIn("command line 'mem=128M ktest.enable=0 kmlab.x=\"a  "
                      "b\"'", out)

    def test_mem_sets_the_ram(self):
        rc, out = self.run_host(QUIET, '--mem', '24M')
        self.assertEqual(rc, 0, out)
        self.assertIn('memblock: usable   total 24576 KiB in 1 regions', out)
        rc, out = self.run_host(QUIET, '--mem', '1M')
        self.assertEqual(rc, 2, out)
        self.assertIn('1024 KiB of usable memory is less than', out)

    def test_bad_mem_is_reported_and_the_default_kept(self):
        rc, out = self.run_host(QUIET, '--mem', '12x')
        self.assertEqual(rc, 0, out)
        self.assertIn("params: bad value '12x' for 'mem'", out)
        self.assertIn('usable   total 131072 KiB', out)

    def test_all_suites_pass(self):
        rc, out = self.run_host('')
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r'\n# Totals: pass:[1-9]\d* fail:0 ')

    def test_modules_are_refused(self):
        rc, out = self.run_host(QUIET, '--module', self.kernel)
        self.assertEqual(rc, 2, out)
        self.assertIn('not supported under ARCH=host', out)

    def test_a_build_dir_of_the_other_arch_is_refused(self):
        proc = make(self.objtree, check=False)   # ARCH=i386
        self.assertEqual(proc.returncode, 2, proc.stdout)
        self.assertIn('is a configuration for ARCH=host: give ARCH=host',
                      proc.stdout)

    def test_unknown_arch_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            proc = make(d, 'slob_defconfig', check=False, arch='sparc')
        self.assertEqual(proc.returncode, 2, proc.stdout)
        self.assertIn('ARCH=sparc: unknown architecture', proc.stdout)


class KtestArchOptionTest(unittest.TestCase):
    def test_what_a_process_cannot_do_is_a_usage_error(self):
        for opt in (['--icount'], ['--boot', 'iso'], ['--randconfig', '1']):
            with self.subTest(opt=opt):
                proc = subprocess.run(
                    [sys.executable, os.path.join(SRCTREE, 'scripts', 'ktest'),
                     'run', '--arch', 'host'] + opt,
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, text=True, env=ENV)
                self.assertEqual(proc.returncode, 2, proc.stdout)
                self.assertIn('--arch host runs a process', proc.stdout)


if __name__ == '__main__':
    unittest.main()
