# SPDX-License-Identifier: GPL-2.0
"""The C sources follow the tree's .clang-format (Linux kernel style).

Run: /usr/bin/python3 -m unittest tools.testing.build.test_style
Fix a failure with: clang-format -i FILE
"""
import shutil
import subprocess
import unittest

from tools.testing.kmlab_host import SRCTREE


class StyleTest(unittest.TestCase):
    def test_c_sources_are_clang_formatted(self):
        if not shutil.which("clang-format"):
            self.fail("clang-format is missing: apt-get install clang-format "
                      "(or 'make check-deps')")
        files = subprocess.run(["git", "ls-files", "*.c", "*.h"], cwd=SRCTREE,
                               capture_output=True, text=True, check=True)
        sources = [f for f in files.stdout.split()
                   if not f.startswith("tools/testing/")]
        self.assertGreater(len(sources), 50)
        bad = []
        for f in sources:
            proc = subprocess.run(["clang-format", "--dry-run", "--Werror", f],
                                  cwd=SRCTREE, capture_output=True, text=True)
            if proc.returncode:
                bad.append(f)
        self.assertEqual(bad, [], "not clang-formatted (run clang-format -i on them)")


if __name__ == "__main__":
    unittest.main()
