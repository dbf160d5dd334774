# SPDX-License-Identifier: GPL-2.0
"""scripts/compare --report DIR on a results.json it did not write.

--report redoes the table, the plots and report.html from
DIR/results.json. A file of another shape (hand-edited, from another
tool, cut) or without any run must be refused in one line with the usage
exit status, no traceback, and nothing written in DIR; a good one still
makes the report. Run: /usr/bin/python3 -m unittest discover -s
tools/testing/compare
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_parse import result, results_with  # noqa: E402

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
COMPARE = os.path.join(SRCTREE, "scripts", "compare")


def good():
    return results_with({"buddy_slab": [result("churn/64/fwd"), result("random/4096")],
                         "slob": [result("trace/fs")]})


def edited(fn):
    r = good()
    fn(r)
    return r


def run0(r):
    return r["runs"][0]


def work0(r):
    return run0(r)["workloads"]["churn/64/fwd"]


# (what, results.json text or value, words the message must hold)
BAD = [
    ("not JSON", "{\"runs\": [", "cannot read"),
    ("a list", [], "not an object"),
    ("no runs key", {"meta": good()["meta"]}, "'runs'"),
    ("runs is empty", edited(lambda r: r.update(runs=[])), "no runs"),
    ("runs not a list", edited(lambda r: r.update(runs={"a": 1})), "'runs'"),
    ("a run is a number", edited(lambda r: r["runs"].append(3)), "runs[2]"),
    ("a run without workloads", edited(lambda r: run0(r).pop("workloads")),
     "'workloads'"),
    ("workloads a list", edited(lambda r: run0(r).update(workloads=[])), "'workloads'"),
    ("a histogram is a string", edited(lambda r: work0(r).update(alloc="fast")),
     "'alloc'"),
    ("a mean is a string", edited(lambda r: work0(r)["alloc"].update(mean="12")),
     "'mean'"),
    ("a mean is null", edited(lambda r: work0(r)["free"].update(mean=None)), "'mean'"),
    ("a count is true", edited(lambda r: work0(r).update(failed=True)), "'failed'"),
    ("a number too big", edited(lambda r: work0(r).update(peak_live=10 ** 400)),
     "'peak_live'"),
    ("series point short", edited(lambda r: run0(r)["series"].update(
        {"trace/fs": [[1, 2]]})), "'series'"),
    ("variant with a slash", edited(lambda r: run0(r).update(variant="a/b")),
     "'variant'"),
    ("workload name with NUL", edited(lambda r: run0(r)["workloads"].update(
        {"x\0y": work0(r)})), "workload name"),
    ("complete not a bool", edited(lambda r: run0(r).update(complete="yes")),
     "'complete'"),
    ("errors not strings", edited(lambda r: run0(r).update(errors=[1])), "'errors'"),
    ("no meta", edited(lambda r: r.pop("meta")), "'meta'"),
    ("meta traces a string", edited(lambda r: r["meta"].update(traces="fs")),
     "'traces'"),
    ("rejected not strings", edited(lambda r: run0(r).update(rejected={"trace/x": 1})),
     "'rejected'"),
]


class ReportInputTest(unittest.TestCase):
    def report(self, content):
        d = tempfile.mkdtemp(prefix="compare-report-")
        self.addCleanup(subprocess.run, ["rm", "-rf", d])
        path = os.path.join(d, "results.json")
        with open(path, "w") as f:
            f.write(content if isinstance(content, str) else json.dumps(content))
        with open(path, "rb") as f:
            before = f.read()
        p = subprocess.run(["/usr/bin/python3", COMPARE, "--report", d],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        with open(path, "rb") as f:
            after = f.read()
        return p, d, before, after

    def test_wrong_shapes_refused(self):
        for what, content, words in BAD:
            with self.subTest(what):
                p, d, before, after = self.report(content)
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertEqual(p.stdout, "")
                self.assertNotIn("Traceback", p.stderr)
                self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
                self.assertTrue(p.stderr.startswith(f"compare: {d}/results.json: "),
                                p.stderr)
                self.assertIn(words, p.stderr)
                self.assertEqual(os.listdir(d), ["results.json"])
                self.assertEqual(after, before)

    def test_good_results_make_a_report(self):
        # null ratios are allowed (kbench prints null when nothing was live)
        r = edited(lambda r: r["runs"].append(dict(
            run0(results_with({"firstfit": [result("trace/fs", held=None,
                                                   extent_ratio=None)]})))))
        p, d, _, _ = self.report(r)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("report.html", os.listdir(d))
        self.assertIn("churn/64/fwd", p.stdout)


if __name__ == "__main__":
    unittest.main()
