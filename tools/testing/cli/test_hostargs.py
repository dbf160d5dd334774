# SPDX-License-Identifier: GPL-2.0
"""scripts/hostargs.py: which outputs count as "among the sources".

A file git tracks, or any file in a directory that holds tracked files
(the top of the tree, mm/ ...), is refused; build/ and an O= directory
made in the tree (out/, say) hold outputs and are accepted. Every check
leaves nothing behind.
Run: /usr/bin/python3 -m unittest discover -s tools/testing/cli
"""
import os
import shutil
import sys
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
import hostargs  # noqa: E402


class SourceTreeTest(unittest.TestCase):
    def test_sources_refused(self):
        for path in ("README.md", "mm/new.log", "new.log", "newdir/x.log",
                     "scripts/../mm/x.log"):
            with self.subTest(path=path):
                with self.assertRaisesRegex(ValueError, "inside the source tree"):
                    hostargs.check_output_file(os.path.join(SRCTREE, path))
        for path in ("", "mm", "lib/ktest"):
            with self.subTest(dir=path):
                with self.assertRaisesRegex(ValueError, "inside the source tree"):
                    hostargs.check_output_dir(os.path.join(SRCTREE, path))

    @unittest.skipUnless(os.path.isdir(os.path.join(SRCTREE, ".git")),
                         "not a git checkout: only build/ counts as outputs")
    def test_output_directories_in_the_tree_accepted(self):
        out = tempfile.mkdtemp(prefix=".hostargs-test-", dir=SRCTREE)
        self.addCleanup(shutil.rmtree, out, True)
        hostargs.check_output_file(os.path.join(out, "build", "run", "serial.log"))
        hostargs.check_output_dir(os.path.join(out, "bochs"))
        self.assertEqual(os.listdir(out), [])
        hostargs.check_output_file(os.path.join(SRCTREE, "build", "hostargs-test", "a.log"))
        self.assertFalse(os.path.exists(os.path.join(SRCTREE, "build", "hostargs-test")))


if __name__ == "__main__":
    unittest.main()
