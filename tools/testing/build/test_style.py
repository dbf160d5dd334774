# SPDX-License-Identifier: GPL-2.0
"""The C sources follow the tree's .clang-format (Linux kernel style); the
Python of scripts/ and tools/testing/ passes flake8 with the tree's .flake8.

Run: /usr/bin/python3 -m unittest tools.testing.build.test_style
Fix a failure with: clang-format -i FILE, or what flake8 says.
"""
import os
import re
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
        # One clang-format for every file (one per file cost 10 s of CPU,
        # most of it starting the program): each finding is "FILE:LINE:COL:
        # error: ...", so the files to fix come from its output. When it
        # fails without naming a file (a crash, a bad .clang-format), each
        # file is checked alone to find the culprit.
        proc = subprocess.run(["clang-format", "--dry-run", "--Werror"] + sources,
                              cwd=SRCTREE, capture_output=True, text=True)
        bad = sorted(f for f in set(sources) if proc.returncode and
                     re.search(r"^%s:\d+:\d+: error:" % re.escape(f),
                               proc.stderr, re.M))
        if proc.returncode and not bad:
            bad = [f for f in sources
                   if subprocess.run(["clang-format", "--dry-run", "--Werror", f],
                                     cwd=SRCTREE, capture_output=True).returncode]
        self.assertEqual(bad, [], "not clang-formatted (run clang-format -i on them)")
        self.assertEqual(proc.returncode, 0, proc.stderr)


def python_files():
    """Every tracked Python file under scripts/ and tools/testing/: *.py and
    the scripts whose first line runs python."""
    files = subprocess.run(["git", "ls-files", "scripts", "tools/testing"], cwd=SRCTREE,
                           capture_output=True, text=True, check=True).stdout.split()
    out = []
    for f in files:
        if f.endswith(".py"):
            out.append(f)
            continue
        try:
            with open(os.path.join(SRCTREE, f), "rb") as fh:
                first = fh.readline(200)
        except OSError:
            continue
        if first.startswith(b"#!") and b"python" in first:
            out.append(f)
    return out


class PythonStyleTest(unittest.TestCase):
    def test_files_found(self):
        files = python_files()
        for f in ("scripts/compare", "scripts/ktest", "scripts/kmlab_lib/backends.py",
                  "tools/testing/run-host-tests"):
            self.assertIn(f, files)

    def test_python_passes_flake8(self):
        probe = subprocess.run(["/usr/bin/python3", "-m", "flake8", "--version"],
                               capture_output=True, text=True)
        if probe.returncode:
            self.fail("flake8 is missing: scripts/require flake8 (or 'make check-deps')")
        proc = subprocess.run(["/usr/bin/python3", "-m", "flake8"] + python_files(),
                              cwd=SRCTREE, capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, "flake8 (.flake8) findings:\n" + proc.stdout
                         + proc.stderr)


if __name__ == "__main__":
    unittest.main()
