# SPDX-License-Identifier: GPL-2.0
"""scripts/coverage's per-defconfig fragments (EXTRA_FRAGMENTS) take
effect: each names a file of configs/, and configuring its defconfig with
configs/coverage.config and it sets every symbol the fragment sets (Kconfig
drops a symbol whose dependencies are unmet without a word, which would
leave the coverage boot without the code it is there to measure).

Configures only (no build). Run:
/usr/bin/python3 -m unittest tools.testing.coverage.test_extra_fragments
"""
import os
import shutil
import tempfile
import unittest

from tools.testing.kmlab_host import SRCTREE, load_script, make


def set_symbols(path):
    with open(path) as f:
        return {line.split("=", 1)[0] for line in f
                if line.startswith("CONFIG_") and line.rstrip().endswith("=y")}


class ExtraFragmentsTest(unittest.TestCase):
    def setUp(self):
        self.cov = load_script("coverage", "kmlab_coverage")
        self.dirs = []

    def tearDown(self):
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)

    def test_fragments_apply(self):
        self.assertTrue(self.cov.EXTRA_FRAGMENTS, "no fragment to check")
        for name, frags in self.cov.EXTRA_FRAGMENTS.items():
            self.assertIn(name, self.cov.coverage_defconfigs())
            paths = [self.cov.FRAGMENT] + [os.path.join(SRCTREE, "configs", f)
                                           for f in frags]
            objtree = tempfile.mkdtemp(prefix="kmlab-covfrag-")
            self.dirs.append(objtree)
            make(objtree, name, "FRAGMENTS=" + " ".join(paths))
            got = set_symbols(os.path.join(objtree, ".config"))
            for p in paths:
                with self.subTest(defconfig=name, fragment=os.path.basename(p)):
                    want = set_symbols(p)
                    self.assertTrue(want, f"{p} sets nothing")
                    self.assertEqual(want - got, set())


if __name__ == "__main__":
    unittest.main()
