# SPDX-License-Identifier: GPL-2.0
"""Host tests of the generated figures of Documentation/mm/compare.rst
(scripts/compare --update-docs, scripts/compare_lib/docs.py).

The block in the tree must be exactly what render() writes for the
figures it shows, and name the commit it was measured at. Run:
/usr/bin/python3 -m unittest discover -s tools/testing/compare
"""
import io
import os
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
sys.path.insert(0, os.path.dirname(__file__))
from compare_lib import docs  # noqa: E402
from test_check import compare  # noqa: E402
from test_parse import result, results_with  # noqa: E402


def read_doc():
    with open(os.path.join(SRCTREE, docs.DOC)) as f:
        return f.read()


class TreeDocTest(unittest.TestCase):
    def test_block_is_what_render_writes(self):
        """Figures typed by hand into the block (or a hand-made table) fail."""
        text = read_doc()
        meta, trace_rows, syn_rows = docs.parse(text)
        a, b = docs.block_span(text)
        self.assertEqual(text[a:b], docs.render(meta, trace_rows, syn_rows))
        self.assertTrue(trace_rows and syn_rows)
        # every in-tree trace is in the figures
        shown = {r[1] for r in trace_rows}
        for t in os.listdir(os.path.join(SRCTREE, "tools", "mm", "traces")):
            if t.endswith(".kmt.xz"):
                self.assertIn(t.split(".")[0], shown)

    def test_block_names_a_commit_of_the_history(self):
        assert_commit_in_history(self, docs.parse(read_doc())[0]["commit"])


def assert_commit_in_history(test, commit):
    """@commit, named by a generated block of compare.rst, is an ancestor
    of HEAD (skipped where the clone does not have it)."""
    test.assertRegex(commit, r"^[0-9a-f]{7,40}$")
    p = subprocess.run(["git", "-C", SRCTREE, "cat-file", "-e", commit + "^{commit}"],
                       capture_output=True, text=True)
    if p.returncode:
        test.skipTest(f"commit {commit} not in this clone (cherry-picked or shallow)")
    p = subprocess.run(["git", "-C", SRCTREE, "merge-base", "--is-ancestor", commit, "HEAD"],
                       capture_output=True, text=True)
    test.assertEqual(p.returncode, 0, f"{commit} is not an ancestor of HEAD")


class UpdateTest(unittest.TestCase):
    def results(self):
        r = results_with({"slob": [result("trace/fs", alloc=212.25, free=190.0, held=1.1234,
                                          extent_ratio=5.3),
                                   result("churn/64/fwd", alloc=1234.5)],
                          "bump": [result("trace/fs", failed=262309)]})
        r["runs"][1]["workloads"]["trace/fs"]["alloc"]["n"] = 0
        r["runs"][1]["workloads"]["trace/fs"]["free"]["n"] = 0
        r["meta"].update(commit="abc1234", traces=["fs.kmtb"])
        return r

    def write_doc(self, d, middle):
        path = os.path.join(d, "doc.rst")
        with open(path, "w") as f:
            f.write("before\n\n" + middle + "\n\nafter\n")
        return path

    def test_update_rewrites_the_block_only(self):
        with tempfile.TemporaryDirectory() as d:
            path = self.write_doc(d, docs.BEGIN + "\nold figures\n" + docs.END)
            docs.update(path, self.results())
            with open(path) as f:
                text = f.read()
        self.assertTrue(text.startswith("before\n\n" + docs.BEGIN))
        self.assertTrue(text.endswith(docs.END + "\n\nafter\n"))
        self.assertNotIn("old figures", text)
        meta, trace_rows, syn_rows = docs.parse(text)
        self.assertEqual(meta["commit"], "abc1234")
        self.assertEqual(trace_rows[0], ["slob", "fs", "212.2", "212", "190.0", "190", "0",
                                         "1.123", "5.300"])
        # every allocation failed: dashes, not 0
        self.assertEqual(trace_rows[1][2:7], ["-", "-", "-", "-", "262,309"])
        self.assertEqual(syn_rows, [["slob", "churn/64/fwd", "1,234.5", "1,234", "40.0", "40"]])

    def test_no_markers_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = self.write_doc(d, "Current figures\n===============")
            with self.assertRaisesRegex(docs.DocsError, "BEGIN figures"):
                docs.update(path, self.results())
            with open(path) as f:
                self.assertNotIn("Measured", f.read())

    def test_a_hand_edited_figure_is_found(self):
        text = read_doc()
        meta, trace_rows, syn_rows = docs.parse(text)
        a, b = docs.block_span(text)
        # the same figures re-rendered match; a row's width changed does not
        edited = text[a:b].replace(trace_rows[0][2], trace_rows[0][2] + "9", 1)
        m2, t2, s2 = docs.parse(text[:a] + edited + text[b:])
        self.assertNotEqual(edited, docs.render(m2, t2, s2))

    def test_cli_without_results_is_a_usage_error(self):
        before = read_doc()
        with tempfile.TemporaryDirectory() as d:
            err = io.StringIO()
            with redirect_stderr(err), redirect_stdout(io.StringIO()):
                rc = compare.main(["--update-docs", d])
        self.assertEqual(rc, 2)
        self.assertIn("results.json", err.getvalue())
        self.assertEqual(read_doc(), before)


if __name__ == "__main__":
    unittest.main()
