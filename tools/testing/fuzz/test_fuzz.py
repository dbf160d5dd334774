# SPDX-License-Identifier: GPL-2.0
"""scripts/fuzz: usage errors, and a deliberately broken backend caught.

The broken backend is tlsf linked with broken_ksize.h: every ksize() one
byte short, as a backend that hands out an object one byte too small
would be. scripts/fuzz check (the make check step's command, 1000 runs)
must report the finding with the failed check, leave the reproducer,
print the command that replays it and the replay's decoded operations,
and exit 1. The healthy backends are the check-fuzz step itself.

Run: /usr/bin/python3 -m unittest discover tools/testing/fuzz
"""
import os
import shutil
import subprocess
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                       '..'))
FUZZ = os.path.join(SRCTREE, 'scripts', 'fuzz')
BROKEN = os.path.join(SRCTREE, 'tools', 'testing', 'fuzz', 'broken_ksize.h')


def fuzz(*args):
    return subprocess.run(['/usr/bin/python3', FUZZ] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


class FuzzUsageTest(unittest.TestCase):
    def test_unknown_backend(self):
        r = fuzz('run', '--backend', 'nosuch')
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, '')
        self.assertRegex(r.stderr, r'^fuzz: BACKEND=nosuch: not one of .*tlsf')
        self.assertEqual(len(r.stderr.splitlines()), 1)

    def test_repro_needs_a_file(self):
        r = fuzz('repro', '--backend', 'tlsf')
        self.assertEqual(r.returncode, 2)
        self.assertIn('needs BACKEND= and FILE=', r.stderr)
        r = fuzz('repro', '--backend', 'tlsf', '--file', '/nonexistent/x')
        self.assertEqual(r.returncode, 2)
        self.assertIn('FILE=/nonexistent/x: no such file', r.stderr)

    def test_bad_runs(self):
        r = fuzz('check', '--runs', '0')
        self.assertEqual(r.returncode, 2)
        self.assertNotIn('Traceback', r.stderr)


@unittest.skipUnless(shutil.which('clang'), 'needs clang (scripts/require libfuzzer32)')
class BrokenBackendTest(unittest.TestCase):
    def test_one_byte_short_ksize_is_caught(self):
        with tempfile.TemporaryDirectory() as d:
            r = fuzz('check', '--backend', 'tlsf', '--runs', '1000',
                     '--build-dir', d,
                     '--make-arg', 'CFLAGS_mm/kmalloc.o=-include ' + BROKEN,
                     '--make-arg', 'FUZZ_LDFLAGS=-Wl,--wrap=backend_ksize')
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertRegex(r.stdout, r'fuzz: tlsf \(ok\): FINDING: '
                             r'kmalloc_fuzz: FAIL op \d+ \(\w+\): ksize\(\w+\) '
                             r'is \d+, less than the \d+ asked')
            repro = [ln[len('fuzz: reproducer: '):]
                     for ln in r.stdout.splitlines()
                     if ln.startswith('fuzz: reproducer: ')]
            self.assertTrue(repro)
            self.assertTrue(os.path.isfile(repro[0]))
            self.assertIn('make fuzz-repro BACKEND=tlsf FUZZ_MODE=ok FILE='
                          + repro[0], r.stdout)
            self.assertRegex(r.stdout, r'\n  kmalloc_fuzz: op 1: \w+ [0-9a-f ]+\n')


if __name__ == '__main__':
    unittest.main()
