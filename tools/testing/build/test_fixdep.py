# SPDX-License-Identifier: GPL-2.0
"""scripts/basic/fixdep: one dependency per CONFIG_ symbol an object's
sources mention, and none for include/kmlab/kconfig.h, whose comments name
symbols that every object would otherwise depend on (so that switching
the backend recompiled everything: scripts/fuzz and scripts/ktest
--one-build-dir build the backends one after another in one directory).

Run: /usr/bin/python3 -m unittest tools.testing.build.test_fixdep
"""
import os
import subprocess
import tempfile
import unittest

from tools.testing.kmlab_host import SRCTREE

FIXDEP = os.path.join(SRCTREE, 'scripts', 'basic', 'fixdep')
KCONFIG_H = os.path.join(SRCTREE, 'include', 'kmlab', 'kconfig.h')


class FixdepTest(unittest.TestCase):
    def test_symbols_of_the_sources_but_not_of_kconfig_h(self):
        with open(KCONFIG_H) as f:
            self.assertIn('CONFIG_KMALLOC_SLOB', f.read(),
                          'kconfig.h no longer names a symbol: pick another')
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, 'a.c')
            with open(src, 'w') as f:
                f.write('#ifdef CONFIG_KMALLOC_TLSF\n#endif\n')
            dep = os.path.join(d, '.a.o.d')
            with open(dep, 'w') as f:
                f.write('%s/a.o: %s \\\n %s\n' % (d, src, KCONFIG_H))
            out = subprocess.run([FIXDEP, dep, 'a.o', 'cc a.c', d + '/config'],
                                 stdout=subprocess.PIPE, text=True,
                                 check=True).stdout
        self.assertIn('$(wildcard %s/config/kmalloc/tlsf.h)' % d, out)
        self.assertNotIn('kmalloc/slob.h', out)
        self.assertIn('  ' + KCONFIG_H + ' \\\n', out)


if __name__ == '__main__':
    unittest.main()
