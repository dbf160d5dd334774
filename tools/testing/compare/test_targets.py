# SPDX-License-Identifier: GPL-2.0
"""The targets are data (scripts/compare-targets, read by
scripts/compare_lib/targets.py): a target file naming any variant is
evaluated for it, a malformed one is refused with its line, and every
variant the shipped file names is a known one."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_lib import targets  # noqa: E402
from kmlab_lib import backends  # noqa: E402
from test_parse import result, results_with  # noqa: E402


def target_file(text):
    fd, path = tempfile.mkstemp(prefix="kmlab-targets-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


class TargetFile(unittest.TestCase):
    def load(self, text):
        path = target_file(text)
        self.addCleanup(os.remove, path)
        return targets.load(path)

    def test_new_variant_from_data(self):
        ts = self.load('# a new backend\n'
                       'limit tlsf churn/64/fwd alloc.mean+free.mean < 100 '
                       'text="tlsf: pair < 100" digits=1\n'
                       'limit tlsf trace/fs held_ratio <= 1.1 text="tlsf: fs held"\n'
                       'clean tlsf\n')
        r = results_with({"tlsf": [result("churn/64/fwd", alloc=60.04, free=39.9),
                                   result("trace/build", failed=2)]})
        out = targets.evaluate(r, ts)
        # trace/fs was not replayed: its target is left out.
        self.assertEqual([t["text"] for t in out],
                         ["tlsf: pair < 100",
                          "tlsf: trace/build in 128 MiB, 0 failed, validate passes"])
        self.assertEqual(out[0]["figure"], 99.9)
        self.assertTrue(out[0]["met"])
        self.assertEqual(out[0]["backend"], "tlsf")
        self.assertFalse(out[1]["met"])
        self.assertEqual(out[1]["note"], "failed 2, validate violations 0")

    def test_every_trace(self):
        ts = self.load('limit x trace/* alloc.mean <= 400 text="x: {trace}, <= 400"\n')
        r = results_with({"x": [result("churn/64/fwd", alloc=999.0),
                                result("trace/build", alloc=380.0),
                                result("trace/mine", alloc=410.5)]})
        out = targets.evaluate(r, ts)
        # One target per replayed trace, none for the synthetic workload.
        self.assertEqual([(t["text"], t["figure"], t["met"]) for t in out],
                         [("x: build, <= 400", 380.0, True),
                          ("x: mine, <= 400", 410.5, False)])

    def test_strict_limit(self):
        ts = self.load('limit x churn/64/fwd alloc.mean < 50 text="t"\n')
        out = targets.evaluate(results_with({"x": [result("churn/64/fwd", alloc=50.0)]}), ts)
        self.assertFalse(out[0]["met"])

    def test_bad_lines(self):
        for text, want in [('limit x w alloc.mean <= 5\n', ":1: want"),
                           ('\nlimit x w alloc.mean >= 5 text="t"\n', ":2: want"),
                           ('limit x w alloc.mean <= five text="t"\n', "not a number"),
                           ('limit x w a <= 5 text="t" colour=red\n', ":1: want"),
                           ('limit x w a <= 5 text="unclosed\n', ":1: No closing")]:
            with self.assertRaisesRegex(targets.TargetError, want, msg=text):
                self.load(text)

    def test_unreadable(self):
        with self.assertRaisesRegex(targets.TargetError, "cannot read target file"):
            targets.load(os.path.join(SRCTREE, "no", "such", "file"))

    def test_shipped_file_names_known_variants(self):
        known = {v.name for v in backends.variants(SRCTREE)}
        used = set()
        for t in targets.load():
            used.update(t["variants"] if t["kind"] == "clean" else [t["variant"]])
        self.assertTrue(used)
        self.assertEqual(used - known, set())


class CompareRefusesBadTargets(unittest.TestCase):
    def test_one_line_usage_status(self):
        # A copy of scripts/ whose target file is broken: compare stops at
        # once with status 2 and the file's line, no traceback.
        with tempfile.TemporaryDirectory() as d:
            shutil.copytree(os.path.join(SRCTREE, "scripts"), os.path.join(d, "scripts"),
                            ignore=shutil.ignore_patterns("__pycache__"))
            shutil.copytree(os.path.join(SRCTREE, "configs"), os.path.join(d, "configs"))
            shutil.copytree(os.path.join(SRCTREE, "mm"), os.path.join(d, "mm"),
                            ignore=shutil.ignore_patterns("*.c", "*.h"))
            with open(os.path.join(d, "scripts", "compare-targets"), "a") as f:
                f.write("limit broken\n")
            p = subprocess.run(["/usr/bin/python3", os.path.join(d, "scripts", "compare"),
                                "--report", d], capture_output=True, text=True,
                               stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 2)
        self.assertRegex(p.stderr, r"compare-targets:\d+: want")
        self.assertNotIn("Traceback", p.stderr)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1)


if __name__ == "__main__":
    unittest.main()
