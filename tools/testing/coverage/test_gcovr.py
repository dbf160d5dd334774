# SPDX-License-Identifier: GPL-2.0
"""scripts/coverage runs gcovr without writing into the source tree.

gcovr has gcov write NAME##HASH.gcov files in the directory it runs gcov
in; while check-coverage captures, other make check steps compare the
source tree's git status, so those files must appear in the build
directory only. The test compiles a two-line program with --coverage in
a scratch build directory, runs it, and calls scripts/coverage's
gcovr_json() with a gcov stand-in that records every directory gcov is
run in and every file present there.

Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_gcovr
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from tools.testing import kmlab_host


@unittest.skipUnless(shutil.which("gcovr") and shutil.which("gcc") and shutil.which("gcov"),
                     "needs gcovr, gcc and gcov ('scripts/require gcovr')")
class GcovrWorkdirTest(unittest.TestCase):
    def test_gcov_runs_in_the_build_directory_only(self):
        cov = kmlab_host.load_script("coverage")
        tmp = tempfile.mkdtemp(prefix="kmlab-gcovr-")
        self.addCleanup(shutil.rmtree, tmp)
        src, bdir = os.path.join(tmp, "src"), os.path.join(tmp, "build")
        os.makedirs(src)
        os.makedirs(bdir)
        with open(os.path.join(src, "one.c"), "w") as f:
            f.write("int main(void)\n{\n\treturn 0;\n}\n")
        subprocess.run(["gcc", "--coverage", "-o", os.path.join(bdir, "one"),
                        os.path.join(src, "one.c")], cwd=bdir, check=True)
        subprocess.run([os.path.join(bdir, "one")], cwd=bdir, check=True)
        log = os.path.join(tmp, "cwd.log")
        real = shutil.which("gcov")
        script = f'#!/bin/sh\npwd >> {log}\nexec {real} "$@"\n'
        gcov = os.path.join(kmlab_host.stand_in(self, "gcov", script), "gcov")
        out = os.path.join(tmp, "one.json")
        cov.gcovr_json(bdir, gcov, out, os.path.join(tmp, "gcovr.log"), root=src)
        with open(log) as f:
            dirs = set(f.read().split())
        self.assertEqual(dirs, {os.path.realpath(bdir)})
        self.assertEqual(sorted(os.listdir(src)), ["one.c"])
        with open(out) as f:
            files = [x["file"] for x in json.load(f)["files"]]
        self.assertEqual(files, ["one.c"])


if __name__ == "__main__":
    unittest.main()
