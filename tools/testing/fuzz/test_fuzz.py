# SPDX-License-Identifier: GPL-2.0
"""scripts/fuzz: usage errors, and deliberately broken code caught.

One fuzz build of tlsf carries three planted bugs: broken_ksize.h makes
every ksize() one byte short (found by the kmalloc target and by the
kmtrace replay), as a backend that hands out an object one byte too small
would; broken_kmtrace.h makes kmt_walk() accept a module that frees an
ID twice (the kmtrace target); broken_param.h makes an int parameter
ignore its range (the cmdline target). scripts/fuzz check (the make
check step's command, 1000 runs), run once on all targets, must report
each finding with the failed check, leave the reproducer, print the command that
replays it (and, for the heap, the replay's decoded operations), and exit
1. The healthy code is the check-fuzz step itself.

CoverageTest runs scripts/fuzz coverage on tlsf for 50 inputs per mode
(clang source-based coverage of mm/tlsf.c only) in the same build
directory, without the --wrap link flags: only mm/tlsf.o is rebuilt.

Run: /usr/bin/python3 -m unittest discover tools/testing/fuzz
"""
import importlib.machinery
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..',
                                       '..'))
FUZZ = os.path.join(SRCTREE, 'scripts', 'fuzz')
HERE = os.path.join(SRCTREE, 'tools', 'testing', 'fuzz')
# The planted bugs: (object, header it is built with, symbol wrapped).
BROKEN = (('mm/kmalloc.o', 'broken_ksize.h', 'backend_ksize'),
          ('lib/kmtrace_fuzz.o', 'broken_kmtrace.h', 'kmt_walk'),
          ('kernel/params_fuzz.o', 'broken_param.h', 'param_set_int'))
CFLAGS_ARGS = [x for obj, header, _ in BROKEN for x in (
    '--make-arg', 'CFLAGS_%s=-include %s' % (obj, os.path.join(HERE, header)))]
MAKE_ARGS = CFLAGS_ARGS + [
    '--make-arg', 'FUZZ_LDFLAGS=' + ' '.join('-Wl,--wrap=' + sym for _, _, sym in BROKEN)]
# The headers only add __wrap_ functions: linked without --wrap (their
# __real_ names defined as the real functions) the build is healthy and
# its objects are the broken build's, so the coverage build recompiles
# only mm/tlsf.o.
HEALTHY_ARGS = CFLAGS_ARGS + [
    '--make-arg', 'FUZZ_LDFLAGS=' + ' '.join(
        '-Wl,--defsym=__real_%s=%s' % (sym, sym) for _, _, sym in BROKEN)]


def fuzz(*args):
    return subprocess.run(['/usr/bin/python3', FUZZ] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


def load_fuzz():
    """scripts/fuzz as a module, for its helpers."""
    loader = importlib.machinery.SourceFileLoader('fuzz_script', FUZZ)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


class FuzzUsageTest(unittest.TestCase):
    def test_coverage_without_llvm_cov(self):
        # Before any build: an empty PATH has neither llvm-profdata nor
        # llvm-cov.
        with tempfile.TemporaryDirectory() as empty:
            r = subprocess.run(['/usr/bin/python3', FUZZ, 'coverage', '--backend', 'tlsf',
                                '--build-dir', os.path.join(empty, 'b')],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               universal_newlines=True, env=dict(os.environ, PATH=empty))
            self.assertEqual(os.listdir(empty), [])
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertNotIn('Traceback', r.stderr)
        self.assertRegex(r.stderr, r'^fuzz: coverage needs llvm-profdata: run '
                         r'scripts/require llvm-cov\n$')

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

    def test_runs_in_any_spelling_limits_coverage(self):
        fuzz_mod = load_fuzz()
        seen = []
        fuzz_mod.cmd_coverage = lambda a: seen.append(fuzz_mod.coverage_limit(a)) or 0
        for argv in (['--runs', '50'], ['--runs=50'], ['--run', '50'], ['--ru=50']):
            self.assertEqual(fuzz_mod.main(['coverage'] + argv), 0)
        fuzz_mod.main(['coverage', '--time', '7'])
        self.assertEqual(seen, ['-runs=50'] * 4 + ['-max_total_time=7'])

    def test_backend_files_include_dependent_symbols(self):
        fuzz_mod = load_fuzz()
        pairs = fuzz_mod.backend_files('firstfit')
        self.assertEqual(pairs, [('KMALLOC_FIRSTFIT', 'mm/firstfit.c'),
                                 ('FIRSTFIT_TREE_INDEX', 'mm/firstfit_tree.c')])
        with tempfile.NamedTemporaryFile('w', suffix='.config') as cfg:
            cfg.write('CONFIG_KMALLOC_FIRSTFIT=y\n# CONFIG_FIRSTFIT_TREE_INDEX is not set\n')
            cfg.flush()
            self.assertEqual(fuzz_mod.built_files(pairs, cfg.name), ['mm/firstfit.c'])

    def test_bad_runs(self):
        r = fuzz('check', '--runs', '0')
        self.assertEqual(r.returncode, 2)
        self.assertNotIn('Traceback', r.stderr)


# One build directory for the module: the broken build and the coverage
# build differ in a handful of objects, which make rebuilds.
_build = None


def setUpModule():
    global _build
    _build = tempfile.TemporaryDirectory()


def tearDownModule():
    _build.cleanup()


@unittest.skipUnless(shutil.which('clang'), 'needs clang (scripts/require libfuzzer32)')
class BrokenCodeTest(unittest.TestCase):
    """Every target on one broken build of tlsf, in one scripts/fuzz check
    run (one build); each test reads its target's part of the output."""

    @classmethod
    def setUpClass(cls):
        r = fuzz('check', '--backend', 'tlsf', '--runs', '1000',
                 '--build-dir', _build.name, *MAKE_ARGS)
        cls.rc, cls.out = r.returncode, r.stdout + r.stderr

    def check(self, target, label):
        """@label's lines: its finding, reproducer, replay command and
        replay, up to the next run's line."""
        self.assertEqual(self.rc, 1, self.out)
        # kmalloc in modes ok and bad, the replay, the two parsers.
        self.assertIn('fuzz: 0 passed, 5 failed', self.out)
        m = re.search(r'^fuzz: %s: FINDING: .*?(?=^fuzz: [^:]+: FINDING|'
                      r'^fuzz: \d+ passed)' % re.escape(label), self.out,
                      re.M | re.S)
        self.assertTrue(m, self.out)
        out = m.group(0)
        repro = re.search(r'^fuzz: reproducer: (\S+)$', out, re.M)
        self.assertTrue(repro, out)
        self.assertTrue(os.path.isfile(repro.group(1)))
        self.assertIn('make fuzz-repro BACKEND=tlsf FUZZ_MODE=ok '
                      + ('' if target == 'kmalloc' else 'FUZZ_TARGET=%s ' % target)
                      + 'FILE=' + repro.group(1), out)
        return out

    def test_one_byte_short_ksize_is_caught(self):
        out = self.check('kmalloc', 'tlsf (ok)')
        self.assertRegex(out, r'fuzz: tlsf \(ok\): FINDING: '
                         r'kmalloc_fuzz: FAIL op \d+ \(\w+\): ksize\(\w+\) '
                         r'is \d+, less than the \d+ asked')
        self.assertRegex(out, r'\n  kmalloc_fuzz: op 1: \w+ [0-9a-f ]+\n')

    def test_one_byte_short_ksize_is_caught_by_the_replay(self):
        # The seeds are cuts of the in-tree traces with kmalloc events.
        out = self.check('kmtrace_replay', 'kmtrace_replay (on tlsf)')
        self.assertRegex(out, r'fuzz: kmtrace_replay \(on tlsf\): FINDING: '
                         r'kmtrace_replay_fuzz: FAIL event \d+: ksize\(\w+\) '
                         r'is \d+, less than the \d+ asked')

    def test_kmtrace_checker_accepting_a_double_free_is_caught(self):
        out = self.check('kmtrace', 'kmtrace (on tlsf)')
        self.assertRegex(out, r'fuzz: kmtrace \(on tlsf\): FINDING: .*'
                         r'kmtrace_fuzz: FAIL: kmt_walk accepts a bad module '
                         r'\(kmt_walk: good, reference: free of a free ID\)')

    def test_int_parameter_out_of_range_is_caught(self):
        out = self.check('cmdline', 'cmdline (on tlsf)')
        self.assertRegex(out, r'fuzz: cmdline \(on tlsf\): FINDING: .*'
                         r'cmdline_fuzz: FAIL: the error count differs from '
                         r"the model's \(line '[^']*i=")


@unittest.skipUnless(shutil.which('clang') and shutil.which('llvm-cov'),
                     'needs clang and llvm-cov (scripts/require libfuzzer32 llvm-cov)')
class CoverageTest(unittest.TestCase):
    """scripts/fuzz coverage on a tiny run of tlsf: the figures of
    mm/tlsf.c reached by the heap's target alone, consistent, and the
    rates line of each run."""

    def test_tiny_run(self):
        r = fuzz('coverage', '--backend', 'tlsf', '--runs', '50',
                 '--build-dir', _build.name, *HEALTHY_ARGS)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        m = re.search(r'^fuzz: coverage: tlsf: mm/tlsf\.c: lines ([\d.]+) % '
                      r'\((\d+)/(\d+)\), branches ([\d.]+) % \((\d+)/(\d+)\)$',
                      r.stdout, re.M)
        self.assertTrue(m, r.stdout)
        lp, lc, ln, bp, bc, bn = (float(x) for x in m.groups())
        # Fuzzing reaches the file, not all of it, and the percentages are
        # the counts' (llvm-cov's, not recomputed from a second source).
        self.assertTrue(0 < lc < ln and 0 < bc < bn, m.group(0))
        self.assertAlmostEqual(lp, round(100 * lc / ln, 1))
        self.assertAlmostEqual(bp, round(100 * bc / bn, 1))
        for mode in ('ok', 'bad'):
            self.assertRegex(r.stdout, r'fuzz: tlsf \(%s\): 50 inputs, \d+ '
                             r'operations in [\d.]+ s: \d+ inputs/s, \d+ '
                             r'operations/s' % mode)
        show = re.search(r'^fuzz: coverage: tlsf: llvm-cov show (\S+) '
                         r'-instr-profile=(\S+) mm/tlsf\.c$', r.stdout, re.M)
        self.assertTrue(show, r.stdout)
        self.assertTrue(os.path.isfile(show.group(1)))
        self.assertTrue(os.path.isfile(show.group(2)))


if __name__ == '__main__':
    unittest.main()
