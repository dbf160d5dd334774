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


TRACES = ["trace/fs", "trace/build"]


def boots_of(variant):
    """A variant's boots in the order make compare plans them: the
    synthetic workloads, one boot per trace at 128M, one per trace at 1G;
    with their grid units."""
    out = []
    plan = [("128M", "synthetic", ["churn/64/fwd", "pages/0"])] + \
        [("128M", t, [t]) for t in TRACES] + [("1G", t, [t]) for t in TRACES]
    for seq, (mem, part, names) in enumerate(plan):
        b = results_with({variant: [result(n, alloc=10 + seq) for n in names]})["runs"][0]
        b.update(id=f"{variant}@{mem}", mem=mem, seq=seq, log=f"{variant}-{seq}.log",
                 kind="main" if mem == "128M" else "scale")
        b["series"] = {n: [[1, 2, seq]] for n in names if n.startswith("trace/")}
        out.append(((variant, mem, part), b))
    return out


VARIANTS = ["bump", "slob", "tlsf"]
BOOTS = [ub for v in VARIANTS for ub in boots_of(v)]


def one_run():
    r = results_with({})
    r["runs"] = shard.join([b for _, b in BOOTS])
    r["meta"].update(variants=VARIANTS, traces=["fs.kmtb", "build.kmtb"], limit=0,
                     modules={"fs.kmtb": "ab" * 32, "build.kmtb": "cd" * 32})
    host = lambda c, w: {"contender": c, "workload": w, "alloc": {"n": 1, "mean": 1.0},
                         "free": {"n": 1, "mean": 1.0}, "held_ratio": None,
                         "extent_ratio": 1.0}
    r["host"] = {"method": "m", "runs": [host(c, w) for w in TRACES
                                         for c in ("glibc", "jemalloc", "tcmalloc")],
                 "kmlab": [host("slob", w) for w in TRACES], "errors": []}
    return r


def grid():
    return shard.units([u for u, _ in BOOTS], ["glibc", "jemalloc", "tcmalloc"], ["slob"],
                       TRACES)


def slices(r, n):
    out = []
    for i in range(1, n + 1):
        mine = set(shard.select(grid(), i, n))
        part = json.loads(json.dumps(r))
        part["runs"] = shard.join([b for u, b in BOOTS if ("kernel",) + u in mine])
        part["host"]["runs"] = [h for h in r["host"]["runs"]
                                if ("anchor", h["contender"], h["workload"]) in mine]
        part["host"]["kmlab"] = [h for h in r["host"]["kmlab"]
                                 if ("host", h["contender"], h["workload"]) in mine]
        part["meta"]["shard"] = {"index": i, "count": n}
        out.append(json.loads(json.dumps(part)))
    return out


class Shard(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(shard.parse("2/3"), (2, 3))
        for bad in ("0/3", "4/3", "1", "a/b", "1/0"):
            with self.assertRaises(shard.ShardError):
                shard.parse(bad)

    def test_slices_cover_the_grid_once(self):
        g = grid()
        # contender x trace x memory size: 3 variants x 5 boots, 3 anchors
        # and one host variant x 2 traces.
        self.assertEqual(len(g), 15 + 6 + 2)
        self.assertIn(("kernel", "slob", "1G", "trace/build"), g)
        self.assertIn(("anchor", "jemalloc", "trace/fs"), g)
        for n in (1, 2, 3, 7, 40):
            got = [u for i in range(1, n + 1) for u in shard.select(g, i, n)]
            self.assertEqual(sorted(got), sorted(g), n)

    def test_join_folds_boots_in_their_order(self):
        run = shard.join([b for u, b in reversed(BOOTS) if u[0] == "tlsf" and u[1] == "128M"])
        self.assertEqual(len(run), 1)
        self.assertEqual(list(run[0]["workloads"]),
                         ["churn/64/fwd", "pages/0", "trace/fs", "trace/build"])
        self.assertEqual(run[0]["workloads"]["trace/build"]["alloc"]["mean"], 12)
        self.assertEqual(run[0]["log"], "tlsf-0.log tlsf-1.log tlsf-2.log")
        self.assertEqual(run[0]["seq"], 0)

    def test_one_variant_split_over_slices(self):
        # 23 units over 4 slices: every variant's boots land on several
        # machines, and a slice's partial run of one id is rejoined.
        s = slices(one_run(), 4)
        self.assertTrue(any(len([r for r in x["runs"] if r["id"] == "slob@128M"]) == 1
                            and len(x["runs"][0]["workloads"]) < 4 for x in s))

    def test_merge_is_one_run_in_its_order(self):
        r = json.loads(json.dumps(one_run()))
        for n in (2, 3, 4, 23):
            m = shard.merge(list(reversed(slices(r, n))))
            self.assertEqual(m["runs"], r["runs"], n)
            self.assertEqual([list(x["workloads"]) for x in m["runs"]],
                             [list(x["workloads"]) for x in r["runs"]], n)
            self.assertEqual([x["id"] for x in m["runs"]], [x["id"] for x in r["runs"]])
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
        other["meta"]["modules"] = {"fs.kmtb": "ef" * 32, "build.kmtb": "cd" * 32}
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
            self.assertEqual(len(json.load(f)["runs"]), 6)
        self.assertIn("trace/fs: every contender", p.stdout)


if __name__ == "__main__":
    unittest.main()
