# SPDX-License-Identifier: GPL-2.0
#
# Tests of the scripts/ktest command line, run as a user would run it.
#
# "run" is exercised against a stand-in "make" put first on PATH: it records
# its arguments and, for "make run", prints one of the hand-written logs as
# the serial console would, with the exit status the kernel would give. So
# these tests check how scripts/ktest drives make (targets, O=, CMDLINE,
# TIMEOUT) and reads its output, without building or booting anything.

import json
import os
import subprocess
import tempfile
import textwrap
import unittest

from tools.testing.kmlab_host import stand_in

HERE = os.path.dirname(os.path.abspath(__file__))
SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
KTEST = os.path.join(SRCTREE, 'scripts', 'ktest')
LOGS = os.path.join(HERE, 'logs')
PYTHON = '/usr/bin/python3'


def ktest(*args, env=None, stdin=None):
    e = dict(os.environ)
    e.pop('NO_COLOR', None)
    e.update(env or {})
    return subprocess.run([PYTHON, KTEST] + list(args), env=e,
                          input=stdin, capture_output=True, text=True,
                          timeout=60)


def last_line(text):
    lines = text.rstrip('\n').split('\n')
    return lines[-1]


class TestParseCommand(unittest.TestCase):
    def test_pass(self):
        p = ktest('parse', os.path.join(LOGS, 'pass.log'))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(last_line(p.stdout), '7 passed, 0 failed')
        self.assertIn('[PASSED] strlen_basic', p.stdout)
        self.assertNotIn('\033[', p.stdout)     # not a terminal: no colour

    def test_failures(self):
        p = ktest('parse', os.path.join(LOGS, 'failures.log'))
        self.assertEqual(p.returncode, 1)
        self.assertEqual(last_line(p.stdout), '3 passed, 3 failed')
        self.assertIn('[FAILED] buddy_split_merge\n'
                      '    # buddy_split_merge: EXPECTATION FAILED at '
                      'mm/buddy_test.c:57\n', p.stdout)

    def test_skips_line(self):
        p = ktest('parse', os.path.join(LOGS, 'skips.log'))
        self.assertEqual(p.returncode, 0)
        self.assertEqual(last_line(p.stdout), '2 passed, 0 failed, '
                         '3 skipped')
        self.assertIn('[SKIPPED] memblock_highmem (no memory above 896 MiB)',
                      p.stdout)

    def test_truncated(self):
        p = ktest('parse', os.path.join(LOGS, 'truncated.log'))
        self.assertEqual(p.returncode, 1)
        self.assertEqual(last_line(p.stdout), '4 passed, 4 failed')
        self.assertIn('Incomplete run: plan said 3, got 1: the kernel '
                      'stopped printing in suite firstfit', p.stdout)
        self.assertIn('[CRASHED] firstfit.firstfit_split', p.stdout)

    def test_hung_flag(self):
        p = ktest('parse', '--hung', os.path.join(LOGS, 'truncated.log'))
        self.assertEqual(p.returncode, 1)
        self.assertIn('the kernel hung (timeout) in suite firstfit',
                      p.stdout)

    def test_stdin_and_color(self):
        with open(os.path.join(LOGS, 'skips.log')) as f:
            p = ktest('parse', '--color=always', stdin=f.read())
        self.assertEqual(p.returncode, 0)
        self.assertIn('\033[1;33m[SKIPPED]\033[0m', p.stdout)
        self.assertEqual(last_line(p.stdout), '2 passed, 0 failed, '
                         '3 skipped')

    def test_durations_and_attributes(self):
        with tempfile.TemporaryDirectory() as d:
            js, xml = os.path.join(d, 'r.json'), os.path.join(d, 'r.xml')
            p = ktest('parse', os.path.join(LOGS, 'durations.log'),
                      '--json', js, '--junit', xml, '--slowest', '2')
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            with open(js) as f:
                data = json.load(f)
            with open(xml) as f:
                junit = f.read()
        got = {(r['case'], r['param']): (r['duration'], r['instructions'],
                                         r['attributes'])
               for r in data['results']}
        self.assertEqual(got, {
            ('zero_size', None): (0.000123, 123456, {}),
            ('random_stress', None): (1.95649, 1956490123,
                                      {'speed': 'slow', 'kind': 'stress'}),
            ('sizes', 'size=8'): (0.01, 10000000, {}),
            ('sizes', 'size=16'): (0.25, 250000000, {}),
        })
        self.assertIn('name="random_stress" time="1.956490"', junit)
        self.assertIn('name="kmalloc" tests="4" failures="0" skipped="0" '
                      'errors="0" time="2.216613"', junit)
        # The suite's own "# speed: normal" is not a case's diagnostic.
        self.assertNotIn('speed: normal', junit)
        lines = p.stdout.splitlines()
        i = [n for n, line in enumerate(lines)
             if ' 2 slowest of 4 timed cases ' in line][0]
        self.assertEqual(lines[i + 1:i + 3], [
            '  1.956490 s  kmalloc.random_stress  (1956490123 instructions)',
            '  0.250000 s  kmalloc.sizes.size=16  (250000000 instructions)'])
        self.assertEqual(lines[-1], '4 passed, 0 failed')

    def test_raw(self):
        p = ktest('parse', '--raw', os.path.join(LOGS, 'chatter.log'))
        self.assertEqual(p.returncode, 1)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0], 'KTAP version 1')
        self.assertIn('    not ok 2 kmalloc_large', lines)
        self.assertNotIn('[FAILED]', p.stdout)
        # The kernel's own totals are KTAP too: --raw keeps them.
        self.assertEqual(lines[-2], '# Totals: pass:2 fail:1 skip:0 total:3')
        self.assertEqual(lines[-1], '2 passed, 1 failed')

    def test_outputs(self):
        with tempfile.TemporaryDirectory() as d:
            js, xml = os.path.join(d, 'r.json'), os.path.join(d, 'r.xml')
            p = ktest('parse', os.path.join(LOGS, 'panic.log'),
                      '--json', js, '--junit', xml)
            self.assertEqual(p.returncode, 1)
            with open(js) as f:
                data = json.load(f)
            self.assertEqual(len(data['results']), 4)
            self.assertTrue(os.path.getsize(xml) > 0)

    def test_no_test_ran_fails_in_verdict_status_and_json(self):
        # nomatch.log: a real boot with ktest.filter_glob=nomatch.
        with tempfile.TemporaryDirectory() as d:
            js = os.path.join(d, 'r.json')
            p = ktest('parse', os.path.join(LOGS, 'nomatch.log'),
                      '--json', js)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertEqual(last_line(p.stdout), '0 passed, 1 failed')
            self.assertIn('No test results: no test ran (plan 1..0)',
                          p.stdout)
            with open(js) as f:
                data = json.load(f)
            self.assertEqual(data['runs'][0]['verdict'], 'no-tests')
            self.assertEqual([r['status'] for r in data['results']],
                             ['fail'])


class TestBadUsage(unittest.TestCase):
    def assertUsage(self, p, text):
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn('ktest: error: ', p.stderr)
        self.assertIn(text, p.stderr)

    def test_no_command(self):
        self.assertUsage(ktest(), 'a command is required')

    def test_unknown_command(self):
        self.assertUsage(ktest('frobnicate'), 'invalid choice')

    def test_unknown_option(self):
        self.assertUsage(ktest('parse', '--frob'), 'unrecognized arguments')

    def test_missing_log(self):
        self.assertUsage(ktest('parse', '/nonexistent/serial.log'),
                         'cannot read log /nonexistent/serial.log: No such '
                         'file or directory')

    def test_bad_timeout(self):
        self.assertUsage(ktest('run', '--timeout', 'soon'),
                         'argument --timeout: not a number')
        self.assertUsage(ktest('run', '--timeout', '0'),
                         'must be positive')

    def test_defconfig_and_all(self):
        self.assertUsage(ktest('run', '--all', '--defconfig', 'slob'),
                         'not allowed with argument')

    def test_examples_without_all(self):
        self.assertUsage(ktest('run', '--examples'), '--examples only goes '
                         'with --all')

    def test_unknown_defconfig(self):
        p = ktest('run', '--defconfig', 'no_such_allocator')
        self.assertUsage(p, 'unknown defconfig "no_such_allocator"; the '
                         'defconfigs are: defconfig')
        configs = os.path.join(SRCTREE, 'configs')
        for name in sorted(os.listdir(configs)) if os.path.isdir(configs) \
                else []:
            if name.endswith('_defconfig'):
                self.assertIn(name, p.stderr)

    def test_build_dir_in_the_source_tree(self):
        # H8: make O=DIR writes DIR/.config and objects: a source directory
        # or a symlink to the tree (which overwrote the in-tree .config)
        # is refused before make runs; build/ in the tree is for outputs.
        with tempfile.TemporaryDirectory() as tmp:
            link = os.path.join(tmp, 'tree')
            os.symlink(SRCTREE, link)
            for bdir in (SRCTREE, os.path.join(SRCTREE, 'mm'),
                         os.path.join(SRCTREE, 'scripts', 'x'), link,
                         os.path.join(link, 'lib'),
                         os.path.join(SRCTREE, 'build', '..', 'kernel')):
                with self.subTest(bdir=bdir):
                    p = ktest('run', '--build-dir', bdir,
                              env={'PATH': '/nonexistent'})
                    self.assertUsage(p, 'inside the source tree')
                    self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
                    self.assertEqual(p.stdout, '')

    def test_unwritable_json(self):
        self.assertUsage(ktest('parse', os.path.join(LOGS, 'pass.log'),
                               '--json', '/nonexistent/dir/out.json'),
                         'cannot write /nonexistent/dir/out.json')


FAKE_MAKE = textwrap.dedent('''\
    #!/bin/sh
    # Stand-in for make: log the arguments, play a console log on "run".
    echo "$*" >> "$FAKE_MAKE_LOG"
    for a in "$@"; do
        case "$a" in
        O=*) O="${a#O=}";;
        CMDLINE=*) CL="${a#CMDLINE=}";;
        *defconfig) CONF=1;;
        esac
    done
    if [ -n "$CONF" ]; then
        [ -n "$FAKE_DOTCONFIG" ] && cp "$FAKE_DOTCONFIG" "$O/.config"
        exit 0
    fi
    case " $* " in
    *" run "*)
        # With FAKE_CONSOLE_DIR: list.log for ktest.list=1, GLOB.log for
        # ktest.filter_glob=GLOB when there is one, else FAKE_CONSOLE.
        set -f
        g=
        for w in $CL; do
            case "$w" in
            ktest.filter_glob=*) g="${w#ktest.filter_glob=}";;
            ktest.list=1) g=list; break;;
            esac
        done
        f="$FAKE_CONSOLE_DIR/$g.log"
        if [ -n "$FAKE_CONSOLE_DIR" ] && [ -f "$f" ]; then
            cat "$f"
        else
            cat "$FAKE_CONSOLE"
        fi
        exit "${FAKE_RUN_STATUS:-0}";;
    *" -j"*)
        [ -n "$FAKE_BUILD_FAIL" ] && { echo "cc: error: boom"; exit 2; }
        exit 0;;
    esac
    exit 0
    ''')


class TestRunCommand(unittest.TestCase):
    def setUp(self):
        self.dir = stand_in(self, 'make', FAKE_MAKE)
        self.calls = os.path.join(self.dir, 'calls')
        self.env = {'PATH': self.dir + os.pathsep + os.environ['PATH'],
                    'FAKE_MAKE_LOG': self.calls}

    def run_ktest(self, log, *args, **env):
        e = dict(self.env, FAKE_CONSOLE=os.path.join(LOGS, log))
        e.update(env)
        return ktest('run', '--build-dir', os.path.join(self.dir, 'b'),
                     *args, env=e)

    def make_calls(self):
        with open(self.calls) as f:
            return f.read().splitlines()

    def test_configure_build_boot(self):
        p = self.run_ktest('pass.log', '--filter', 'kmalloc*', '--timeout',
                           '30', '--cmdline', 'ktest.seed=7')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(last_line(p.stdout), '7 passed, 0 failed')
        b = os.path.join(self.dir, 'b')
        self.assertEqual(self.make_calls(), [
            '-C %s O=%s defconfig' % (SRCTREE, b),
            '-C %s O=%s -j2' % (SRCTREE, b),
            '-C %s O=%s run QEMU_BOOT=kernel CMDLINE=ktest.filter_glob='
            'kmalloc* ktest.seed=7 TIMEOUT=30' % (SRCTREE, b),
        ])
        self.assertIn('[PASSED] krealloc_keeps_contents', p.stdout)

    def test_run_failure_and_exit_status(self):
        p = self.run_ktest('panic.log', FAKE_RUN_STATUS='1')
        self.assertEqual(p.returncode, 1)
        self.assertEqual(last_line(p.stdout), '1 passed, 3 failed')
        self.assertIn('Incomplete run: plan said 2, got 0: the kernel '
                      'crashed', p.stdout)

    def test_filter_matching_nothing_fails(self):
        # The kernel exits 1 for it; the parser fails it even with 0.
        for status in ('1', '0'):
            with self.subTest(status=status):
                p = self.run_ktest('nomatch.log', '--filter', 'nomatch',
                                   FAKE_RUN_STATUS=status)
                self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
                self.assertEqual(last_line(p.stdout), '0 passed, 1 failed')

    def test_kernel_exit_status_alone_fails(self):
        p = self.run_ktest('pass.log', FAKE_RUN_STATUS='1')
        self.assertEqual(p.returncode, 1)
        self.assertEqual(last_line(p.stdout), '7 passed, 1 failed')
        self.assertIn('exited with status 1', p.stdout)

    def test_build_failure(self):
        p = self.run_ktest('pass.log', FAKE_BUILD_FAIL='1')
        self.assertEqual(p.returncode, 3)
        self.assertIn('cc: error: boom', p.stdout)
        self.assertIn('building defconfig failed', p.stdout)
        self.assertEqual(last_line(p.stdout), '0 passed, 1 failed')

    def test_json_junit_and_raw(self):
        js = os.path.join(self.dir, 'r.json')
        p = self.run_ktest('params.log', '--raw', '--json', js)
        self.assertEqual(p.returncode, 1)
        self.assertIn('        not ok 3 size=32', p.stdout.splitlines())
        self.assertIn('# Totals: pass:5 fail:1 skip:1 total:7',
                      p.stdout.splitlines())
        self.assertEqual(last_line(p.stdout), '5 passed, 1 failed, '
                         '1 skipped')
        with open(js) as f:
            data = json.load(f)
        self.assertEqual(data['runs'][0]['config'], 'defconfig')
        self.assertEqual(len(data['results']), 7)

    def test_filter_attr_and_icount(self):
        p = self.run_ktest('pass.log', '--filter-attr', 'speed!=slow',
                           '--icount')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.make_calls()[2],
                         '-C %s O=%s run QEMU_BOOT=kernel '
                         'CMDLINE=ktest.filter=speed!=slow ktest.icount=1 '
                         'QEMU_EXTRA=--icount'
                         % (SRCTREE, os.path.join(self.dir, 'b')))

    def test_and_boot_boots_again_and_adds_up(self):
        p = self.run_ktest('pass.log', '--cmdline', 'a=1', '--and-boot',
                           '--smp 4 --icount --filter-attr area=smp')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(last_line(p.stdout), '14 passed, 0 failed')
        b = os.path.join(self.dir, 'b')
        self.assertEqual(self.make_calls()[2:], [
            '-C %s O=%s run QEMU_BOOT=kernel CMDLINE=a=1' % (SRCTREE, b),
            '-C %s O=%s run QEMU_BOOT=kernel CMDLINE=ktest.filter=area=smp '
            'ktest.icount=1 a=1 SMP=4 QEMU_EXTRA=--icount' % (SRCTREE, b),
        ])
        self.assertIn('defconfig (--smp 4 --icount --filter-attr area=smp)',
                      p.stdout)

    def test_and_boot_failure_fails_the_run(self):
        p = self.run_ktest('panic.log', '--and-boot', '--smp 2',
                           FAKE_RUN_STATUS='1')
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertEqual(len(self.make_calls()), 4)   # both boots ran
        self.assertRegex(last_line(p.stdout), r'[1-9]\d* failed')

    def test_and_boot_bad_options_are_refused(self):
        for extra, msg in ((['--and-boot', '--smp x'], 'not a number'),
                           (['--and-boot=--bochs'], 'unrecognized'),
                           (['--and-boot', ''], 'needs options'),
                           (['--and-boot', '--smp 2', '--retries', '1'],
                            'does not go with'),
                           (['--and-boot', '--smp 2', '--randconfig', '2'],
                            'does not go with')):
            p = self.run_ktest('pass.log', *extra)
            self.assertEqual(p.returncode, 2, extra)
            self.assertIn(msg, p.stderr)
        self.assertFalse(os.path.exists(self.calls))    # nothing was run

    def test_filter_attr_with_spaces_is_refused(self):
        p = self.run_ktest('pass.log', '--filter-attr', 'speed != slow')
        self.assertEqual(p.returncode, 2)
        self.assertIn("--filter-attr 'speed != slow': no spaces", p.stderr)
        self.assertFalse(os.path.exists(self.calls))    # nothing was run

    def test_list(self):
        for args in (['list'], ['run', '--list']):
            with self.subTest(args=args):
                e = dict(self.env, FAKE_CONSOLE=os.path.join(
                    LOGS, 'isolated', 'list.log'))
                p = ktest(*args, '--build-dir', os.path.join(self.dir, 'b'),
                          '--filter', 's*', env=e)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                # Only the plan on stdout, the progress on stderr.
                self.assertEqual(p.stdout.splitlines(), [
                    'string.strlen_basic', 'string.memcpy_overlap',
                    'kmalloc.kfree_null_is_noop',
                    'kmalloc.krealloc_keeps_contents'])
                self.assertIn('CMDLINE=ktest.filter_glob=s* ktest.list=1',
                              self.make_calls()[-1])
                self.assertIn('[ktest] Booting', p.stderr)

    def test_list_of_nothing_fails(self):
        p = ktest('list', '--build-dir', os.path.join(self.dir, 'b'),
                  env=dict(self.env, FAKE_CONSOLE=os.path.join(
                      LOGS, 'nomatch.log')))
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertEqual(p.stdout, '')
        self.assertIn('the kernel did not list its tests', p.stderr)

    def test_list_does_not_go_with_retries(self):
        p = ktest('run', '--list', '--retries', '1')
        self.assertEqual(p.returncode, 2)
        self.assertIn('--list runs nothing', p.stderr)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def test_kconfig_add_and_kunitconfig(self):
        frag = self.write('my.kunitconfig', '# a comment\nCONFIG_KTEST=y\n'
                          '# CONFIG_KBENCH is not set\n\n')
        dot = self.write('dotconfig', 'CONFIG_KTEST=y\n'
                         '# CONFIG_KBENCH is not set\n'
                         'CONFIG_KMALLOC_POISON=y\n')
        p = self.run_ktest('pass.log', '--kunitconfig', frag, '--kconfig-add',
                           'CONFIG_KMALLOC_POISON=y', FAKE_DOTCONFIG=dot)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        b = os.path.join(self.dir, 'b')
        self.assertEqual(self.make_calls()[0], '-C %s O=%s defconfig '
                         'FRAGMENTS=%s/ktest.config' % (SRCTREE, b, b))
        with open(os.path.join(b, 'ktest.config')) as f:
            self.assertEqual(f.read(), 'CONFIG_KTEST=y\n'
                             '# CONFIG_KBENCH is not set\n'
                             'CONFIG_KMALLOC_POISON=y\n')
        # kunit.py's way: a directory holding .kunitconfig.
        os.mkdir(os.path.join(self.dir, 'd'))
        self.write('d/.kunitconfig', 'CONFIG_KTEST=y\n')
        p = self.run_ktest('pass.log', '--kunitconfig',
                           os.path.join(self.dir, 'd'), FAKE_DOTCONFIG=dot)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_kconfig_option_that_does_not_take_fails(self):
        dot = self.write('dotconfig', 'CONFIG_KTEST=y\n')
        p = self.run_ktest('pass.log', '--kconfig-add', 'CONFIG_NO_SUCH=y',
                           '--kconfig-add', 'CONFIG_KTEST=n',
                           FAKE_DOTCONFIG=dot)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn('Kconfig options that did not take (a missing '
                      'dependency or an unknown symbol?): CONFIG_NO_SUCH=y '
                      '(.config: not set), CONFIG_KTEST=n (.config: y)',
                      p.stdout)
        self.assertEqual(len(self.make_calls()), 1)     # no build, no boot

    def test_bad_kconfig_input(self):
        missing = os.path.join(self.dir, 'missing')
        bad = self.write('bad', 'CONFIG_A=y\nKTEST=y\n')
        for args, msg in (
                (['--kconfig-add', 'KTEST=y'],
                 "--kconfig-add 'KTEST=y': write CONFIG_X=VALUE"),
                (['--kunitconfig', missing],
                 'cannot read --kunitconfig %s: No such file' % missing),
                (['--kunitconfig', bad],
                 "%s:2: 'KTEST=y' is not CONFIG_X=VALUE" % bad)):
            with self.subTest(args=args):
                p = self.run_ktest('pass.log', *args)
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertIn(msg, p.stderr)
                self.assertNotIn('Traceback', p.stderr)

    def test_run_isolated_suite(self):
        p = self.run_ktest('pass.log', '--run-isolated', 'suite',
                           FAKE_CONSOLE_DIR=os.path.join(LOGS, 'isolated'))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(last_line(p.stdout), '4 passed, 0 failed')
        runs = [c.split('CMDLINE=')[1] for c in self.make_calls()
                if ' run ' in c]
        self.assertEqual(runs, ['ktest.list=1', 'ktest.filter_glob=string',
                                'ktest.filter_glob=kmalloc'])
        self.assertIn('Running isolated: 2 boots, one per suite', p.stdout)

    def test_run_isolated_test_keeps_the_filters(self):
        p = self.run_ktest('pass.log', '--run-isolated', 'test', '--filter',
                           's*.*', '--filter-attr', 'speed>slow',
                           FAKE_CONSOLE_DIR=os.path.join(LOGS, 'isolated'))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        runs = [c.split('CMDLINE=')[1] for c in self.make_calls()
                if ' run ' in c]
        self.assertEqual(runs, [
            'ktest.filter_glob=s*.* ktest.filter=speed>slow ktest.list=1'] + [
            'ktest.filter_glob=%s ktest.filter=speed>slow' % n for n in (
                'string.strlen_basic', 'string.memcpy_overlap',
                'kmalloc.kfree_null_is_noop',
                'kmalloc.krealloc_keeps_contents')])

    def test_run_isolated_with_nothing_selected_fails(self):
        list_only = self.write('list.log', 'ktest: ktest.list=1: listing, '
                               'not running\nkmlab: exit status 0\n')
        p = self.run_ktest('pass.log', '--run-isolated', 'suite',
                           FAKE_CONSOLE=list_only)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertEqual(last_line(p.stdout), '0 passed, 1 failed')

    def test_retries_report_flaky_cases(self):
        js = os.path.join(self.dir, 'r.json')
        xml = os.path.join(self.dir, 'r.xml')
        p = self.run_ktest('failures.log', '--retries', '2', '--json', js,
                           '--junit', xml,
                           FAKE_CONSOLE_DIR=os.path.join(LOGS, 'isolated'))
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn('[FLAKY] buddy.buddy_split_merge: failed, then passed '
                      'on retry 1 of 2', p.stdout)
        self.assertIn('[FAILED] slab.slab_double_free: failed again on each '
                      'of 2 retries', p.stdout)
        self.assertEqual(last_line(p.stdout), '3 passed, 2 failed, 1 flaky')
        runs = [c.split('CMDLINE=')[1] for c in self.make_calls()
                if ' run ' in c]
        self.assertEqual(runs, ['',
                                'ktest.filter_glob=buddy.buddy_split_merge',
                                'ktest.filter_glob=buddy.buddy_leak',
                                'ktest.filter_glob=buddy.buddy_leak',
                                'ktest.filter_glob=slab.slab_double_free',
                                'ktest.filter_glob=slab.slab_double_free'])
        with open(js) as f:
            data = json.load(f)
        flaky = [r for r in data['results'] if r['status'] == 'flaky']
        self.assertEqual([(r['case'], r['attempts']) for r in flaky],
                         [('buddy_split_merge', 2)])
        self.assertEqual(data['flaky'], 1)
        with open(xml) as f:
            junit = f.read()
        self.assertEqual(junit.count('<flakyFailure'), 1)
        self.assertEqual(junit.count('<failure'), 2)

    def test_retries_that_pass_make_the_run_pass(self):
        p = self.run_ktest('one_failure.log', '--retries', '1',
                           FAKE_RUN_STATUS='0',
                           FAKE_CONSOLE_DIR=os.path.join(LOGS, 'isolated'))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(last_line(p.stdout), '1 passed, 0 failed, 1 flaky')

    def test_all(self):
        configs = os.path.join(SRCTREE, 'configs')
        names = sorted(n for n in os.listdir(configs)
                       if n.endswith('_defconfig') and
                       not n.startswith('ktest_examples')) \
            if os.path.isdir(configs) else []
        if not names:
            self.skipTest('no configs/*_defconfig yet')
        p = self.run_ktest('skips.log', '--all')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        n = len(names)
        self.assertEqual(last_line(p.stdout), '%d passed, 0 failed, '
                         '%d skipped' % (2 * n, 3 * n))
        targets = [c.split()[3] for c in self.make_calls()
                   if c.endswith('_defconfig')]
        self.assertEqual(targets, names)

    def test_all_in_one_build_dir(self):
        p = self.run_ktest('skips.log', '--all', '--one-build-dir')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        dirs = {c.split()[2] for c in self.make_calls()}
        self.assertEqual(dirs, {'O=' + os.path.join(self.dir, 'b')})
        p = ktest('run', '--all', '--one-build-dir', env=self.env)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertIn('ktest: error: --one-build-dir goes with --all and '
                      '--build-dir', p.stderr)


if __name__ == '__main__':
    unittest.main()
