# SPDX-License-Identifier: GPL-2.0
"""scripts/ktest run --randconfig N [--seed S], against a stand-in make.

The stand-in records its arguments and KCONFIG_SEED/KCONFIG_ALLCONFIG, writes
a .config naming the seed on "randconfig", and plays a passing console log
on "run", except for the seed in FAKE_BAD_SEED, which gets a panic. So
these tests check which configurations scripts/ktest asks make for, and
how it reports one that fails, without building or booting anything.
Run: /usr/bin/python3 -m unittest tools.testing.ktest.test_randconfig
"""
import os
import subprocess
import textwrap
import unittest

from tools.testing.kmlab_host import stand_in

HERE = os.path.dirname(os.path.abspath(__file__))
SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
KTEST = os.path.join(SRCTREE, 'scripts', 'ktest')
LOGS = os.path.join(HERE, 'logs')

FAKE_MAKE = textwrap.dedent('''\
    #!/bin/sh
    echo "$* seed=$KCONFIG_SEED" >> "$FAKE_MAKE_LOG"
    for a; do case "$a" in O=*) obj=${a#O=};; esac; done
    case " $* " in
    *" randconfig "*)
        grep -q 'CONFIG_KTEST=y' "$KCONFIG_ALLCONFIG" || exit 9
        cp "$KCONFIG_ALLCONFIG" "$obj/pins.seen"
        echo "CONFIG_SEED_WAS=$KCONFIG_SEED" > "$obj/.config"; exit 0;;
    *" run "*)
        if [ "$KCONFIG_SEED" = "$FAKE_BAD_SEED" ]; then
            cat "$LOGS/panic.log"; exit 5
        fi
        cat "$LOGS/pass.log"; exit 0;;
    esac
    exit 0
    ''')


class RandconfigTest(unittest.TestCase):
    def setUp(self):
        self.dir = stand_in(self, 'make', FAKE_MAKE)
        self.calls = os.path.join(self.dir, 'calls')
        self.build = os.path.join(self.dir, 'b')

    def ktest(self, *args, bad_seed=''):
        env = dict(os.environ, PATH=self.dir + os.pathsep + os.environ['PATH'],
                   FAKE_MAKE_LOG=self.calls, LOGS=LOGS, FAKE_BAD_SEED=bad_seed)
        env.pop('KCONFIG_SEED', None)
        return subprocess.run(['/usr/bin/python3', KTEST, 'run'] + list(args),
                              env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=120)

    def test_n_seeds_from_the_first(self):
        p = self.ktest('--randconfig', '3', '--seed', '0x10',
                       '--build-dir', self.build)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(self.calls) as f:
            calls = f.read().splitlines()
        configs = [c for c in calls if ' randconfig ' in c]
        self.assertEqual([c.split('seed=')[1] for c in configs],
                         ['0x10', '0x11', '0x12'])
        self.assertTrue(all('O=%s ' % self.build in c for c in configs))
        self.assertIn('3 of 3 configurations built, booted and passed',
                      p.stdout)
        self.assertEqual(p.stdout.splitlines()[-1], '21 passed, 0 failed')

    def test_a_failing_configuration_names_its_seed_and_config(self):
        p = self.ktest('--randconfig', '2', '--seed', '5',
                       '--build-dir', self.build, bad_seed='0x6')
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn('FAILED KCONFIG_SEED=0x6 (crashed)', p.stdout)
        saved = os.path.join(self.build, 'failed', '0x6.config')
        self.assertIn('.config: %s' % saved, p.stdout)
        with open(saved) as f:
            self.assertEqual(f.read(), 'CONFIG_SEED_WAS=0x6\n')
        self.assertIn('remake: make randconfig KCONFIG_SEED=0x6 '
                      'KCONFIG_ALLCONFIG=', p.stdout)
        self.assertIn('1 of 2 configurations built, booted and passed',
                      p.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.build, 'failed',
                                                     '0x5.config')))

    def test_kunitconfig_and_kconfig_add_are_pinned(self):
        frag = os.path.join(self.dir, 'frag.config')
        with open(frag, 'w') as f:
            f.write('# a comment\nCONFIG_SLAB_FREELIST_HARDENED=y\n'
                    '# CONFIG_KFENCE is not set\n')
        p = self.ktest('--randconfig', '1', '--seed', '3',
                       '--build-dir', self.build, '--kunitconfig', frag,
                       '--kconfig-add', 'CONFIG_KMALLOC_SLOB=y')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open(os.path.join(self.build, 'pins.seen')) as f:
            pins = f.read().splitlines()
        self.assertIn('CONFIG_KTEST=y', pins)
        self.assertEqual(pins[-3:], ['CONFIG_SLAB_FREELIST_HARDENED=y',
                                     '# CONFIG_KFENCE is not set',
                                     'CONFIG_KMALLOC_SLOB=y'])

    def test_bad_pin_is_bad_usage(self):
        p = self.ktest('--randconfig', '1', '--build-dir', self.build,
                       '--kconfig-add', 'KMALLOC_SLOB')
        self.assertEqual(p.returncode, 2)
        self.assertIn("--kconfig-add 'KMALLOC_SLOB'", p.stderr)
        self.assertNotIn('Traceback', p.stderr)
        self.assertFalse(os.path.exists(self.calls))

    def test_seed_without_randconfig_is_bad_usage(self):
        for args in (['--seed', '1'], ['--randconfig', '0'],
                     ['--randconfig', '2', '--seed', 'x'],
                     ['--randconfig', '2', '--all']):
            p = self.ktest(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn('ktest: error:', p.stderr)
            self.assertNotIn('Traceback', p.stderr)


if __name__ == '__main__':
    unittest.main()
