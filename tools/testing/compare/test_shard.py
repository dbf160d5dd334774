# SPDX-License-Identifier: GPL-2.0
"""scripts/compare --shard I/N and --merge DIR... (compare_lib/shard.py).

The slices of N machines cover the grid exactly once; merging them gives
the results of one run in the order of one run; slices of another
commit, other traces or a missing or doubled slice are refused with one
line. (make check-compare merges two real slices of its own run and
compares the tables.) Run: /usr/bin/python3 -m unittest discover -s
tools/testing/compare
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_lib import shard  # noqa: E402
from test_parse import result, results_with  # noqa: E402

COMPARE = os.path.join(SRCTREE, "scripts", "compare")


def one_run():
    r = results_with({"bump": [result("trace/fs")], "slob": [result("trace/fs")],
                      "tlsf": [result("trace/fs")]})
    r["meta"].update(variants=["bump", "slob", "tlsf"], traces=["fs.kmtb"], limit=0,
                     modules={"fs.kmtb": "ab" * 32})
    host = lambda c: {"contender": c, "workload": "trace/fs", "alloc": {"n": 1, "mean": 1.0},
                      "free": {"n": 1, "mean": 1.0}, "held_ratio": None, "extent_ratio": 1.0}
    r["host"] = {"method": "m", "runs": [host("glibc"), host("jemalloc"), host("tcmalloc")],
                 "kmlab": [host("slob")], "errors": []}
    return r


def slices(r, n):
    grid = shard.units([x["variant"] for x in r["runs"]],
                       [h["contender"] for h in r["host"]["runs"]],
                       [h["contender"] for h in r["host"]["kmlab"]])
    out = []
    for i in range(1, n + 1):
        mine = shard.select(grid, i, n)
        part = json.loads(json.dumps(r))
        part["runs"] = [x for x in r["runs"] if ("kernel", x["variant"]) in mine]
        part["host"]["runs"] = [h for h in r["host"]["runs"] if ("anchor", h["contender"]) in mine]
        part["host"]["kmlab"] = [h for h in r["host"]["kmlab"] if ("host", h["contender"]) in mine]
        part["meta"]["shard"] = {"index": i, "count": n}
        out.append(part)
    return out


class Shard(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(shard.parse("2/3"), (2, 3))
        for bad in ("0/3", "4/3", "1", "a/b", "1/0"):
            with self.assertRaises(shard.ShardError):
                shard.parse(bad)

    def test_slices_cover_the_grid_once(self):
        grid = shard.units(["a", "b", "c"], ["glibc", "jemalloc"], ["a"])
        for n in (1, 2, 3, 7):
            got = [u for i in range(1, n + 1) for u in shard.select(grid, i, n)]
            self.assertEqual(sorted(got), sorted(grid), n)

    def test_merge_is_one_run_in_its_order(self):
        r = one_run()
        for n in (2, 3, 4):
            m = shard.merge(list(reversed(slices(r, n))))
            self.assertEqual(m["runs"], r["runs"])
            self.assertEqual(m["host"]["runs"], r["host"]["runs"])
            self.assertEqual(m["host"]["kmlab"], r["host"]["kmlab"])
            self.assertEqual(m["meta"]["merged"], n)

    def test_refused(self):
        r = one_run()
        s = slices(r, 2)
        with self.assertRaisesRegex(shard.ShardError, "slices 1 to 2 once, got 1/2$"):
            shard.merge(s[:1])
        with self.assertRaisesRegex(shard.ShardError, "got 1/2, 1/2"):
            shard.merge([s[0], s[0]])
        other = json.loads(json.dumps(s[1]))
        other["meta"]["commit"] = "other"
        with self.assertRaisesRegex(shard.ShardError, "differ in their commit"):
            shard.merge([s[0], other])
        other["meta"]["commit"] = r["meta"]["commit"]
        other["meta"]["modules"] = {"fs.kmtb": "cd" * 32}
        with self.assertRaisesRegex(shard.ShardError, "differ in their traces"):
            shard.merge([s[0], other])
        whole = json.loads(json.dumps(r))
        with self.assertRaisesRegex(shard.ShardError, "not a slice"):
            shard.merge([s[0], whole])

    def test_merge_command(self):
        d = tempfile.mkdtemp(prefix="kmlab-shard-")
        self.addCleanup(shutil.rmtree, d)
        dirs = []
        for i, part in enumerate(slices(one_run(), 2), 1):
            os.makedirs(os.path.join(d, str(i)))
            with open(os.path.join(d, str(i), "results.json"), "w") as f:
                json.dump(part, f)
            dirs.append(os.path.join(d, str(i)))
        p = subprocess.run([COMPARE, "--merge", dirs[0], "--out", os.path.join(d, "m")],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr, "compare: --merge: want each of the slices 1 to 2 once, "
                         "got 1/2\n")
        self.assertFalse(os.path.exists(os.path.join(d, "m")))
        p = subprocess.run([COMPARE, "--merge"] + dirs + ["--out", os.path.join(d, "m")],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(d, "m", "results.json")) as f:
            self.assertEqual(len(json.load(f)["runs"]), 3)
        self.assertIn("trace/fs: every contender", p.stdout)


if __name__ == "__main__":
    unittest.main()
