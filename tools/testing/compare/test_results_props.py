# SPDX-License-Identifier: GPL-2.0
"""Property-based tests of the results.json reader and the report writer
of scripts/compare (compare_lib/results.py, report.py, targets.py), with
Hypothesis.

  - Any JSON value makes the reader return or raise ResultsError.
  - Results of the shape compare writes, with random figures, names,
    nulls and any number of runs and workloads, are accepted, and the
    whole report (results.json, table, targets, plot data, report.html)
    is written from them without an exception.
  - The same results with one field anywhere replaced by any JSON value,
    or removed, are either refused by the reader (ResultsError, nothing
    written) or reported without an exception: the reader never lets
    through what the report cannot take.

gnuplot is replaced by a stub (the plot data files are still written).
Fixed seed and example counts: tools/testing/kmlab_props.py.
"""
import io
import json
import os
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from types import SimpleNamespace
from unittest import mock

from hypothesis import given, strategies as st

HERE = os.path.dirname(os.path.abspath(__file__))
SRCTREE = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, SRCTREE)
sys.path.insert(0, HERE)
from tools.testing.kmlab_props import examples  # noqa: E402
from test_check import load_compare  # noqa: E402
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
from kmlab_lib import backends  # noqa: E402

compare = load_compare()
results_file = compare.results_file

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) |
    st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)
NUMBER = st.one_of(st.integers(-10 ** 6, 10 ** 9),
                   st.floats(allow_nan=True, allow_infinity=True, width=64),
                   st.integers(-(1 << 62), 1 << 62))
COUNT = st.integers(0, 10 ** 6)
NAME = st.one_of(st.sampled_from(["churn/64/fwd", "churn/4096/rand", "trace/fs",
                                  "trace/build", "random/4096", "pages/0", "cache/192"]),
                 st.from_regex(r"\A[A-Za-z0-9_.+/-]{1,20}\Z"))
VARIANT = st.one_of(st.sampled_from([v.name for v in backends.variants(SRCTREE)]),
                    st.from_regex(r"\A[A-Za-z0-9_.+-]{1,12}\Z"))
TEXT = st.text(max_size=20)
HIST = st.fixed_dictionaries({"n": COUNT, "mean": NUMBER, "median": NUMBER,
                              "p99": NUMBER, "max": NUMBER})
WORKLOAD = st.fixed_dictionaries(
    {"alloc": HIST, "free": HIST, "failed": COUNT, "validate": COUNT,
     "size": NUMBER, "peak_live": NUMBER, "peak_pages": NUMBER,
     "base_pages": NUMBER, "held_ratio": st.none() | NUMBER,
     "int_frag": st.none() | NUMBER},
    optional={"extent_ratio": st.none() | NUMBER, "vs_linux": st.none() | NUMBER,
              "largest_ratio": st.none() | NUMBER})
RUN = st.fixed_dictionaries({
    "id": TEXT, "variant": VARIANT, "mem": st.sampled_from(["128M", "64M", "1G"]),
    "mem_bytes": NUMBER, "kind": st.sampled_from(["main", "scale", "other"]),
    "backend": st.none() | TEXT, "status": st.none() | TEXT,
    "complete": st.booleans(), "errors": st.lists(TEXT, max_size=2),
    "oops": st.lists(TEXT, max_size=2),
    "workloads": st.dictionaries(NAME, WORKLOAD, max_size=4),
    "rejected": st.dictionaries(NAME, TEXT, max_size=2),
    "series": st.dictionaries(NAME, st.lists(st.lists(NUMBER, min_size=3, max_size=3),
                                             max_size=4), max_size=2)})
RESULTS = st.fixed_dictionaries({
    "meta": st.fixed_dictionaries({"mem": TEXT, "date": TEXT, "commit": TEXT,
                                   "traces": st.lists(TEXT, max_size=2)}),
    "runs": st.lists(RUN, min_size=1, max_size=3)})


def slots(obj, out):
    """Every (container, key) in @obj, depth first."""
    items = obj.items() if isinstance(obj, dict) else \
        enumerate(obj) if isinstance(obj, list) else ()
    for k, v in list(items):
        out.append((obj, k))
        slots(v, out)
    return out


@st.composite
def damaged_results(draw):
    r = draw(RESULTS)
    where = slots(r, [])
    obj, key = where[draw(st.integers(0, len(where) - 1))]
    if isinstance(obj, dict) and draw(st.booleans()):
        del obj[key]
    else:
        obj[key] = draw(JSON)
    return r


def report(results):
    """compare --report's work on @results in a scratch directory: the
    reader, then finish(); return the files written."""
    d = tempfile.mkdtemp(prefix="compare-props-")
    try:
        path = os.path.join(d, "results.json")
        with open(path, "w") as f:
            json.dump(results, f)
        try:
            back = results_file.load(path)
        except results_file.ResultsError:
            return None
        ran = SimpleNamespace(returncode=0, stderr="")
        with mock.patch.object(compare.report.subprocess, "run", return_value=ran), \
                mock.patch.object(compare.shutil, "which", return_value="/bin/true"), \
                redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            compare.finish(back, SimpleNamespace(out=d, targets=None))
        return sorted(os.listdir(d))
    finally:
        shutil.rmtree(d, ignore_errors=True)


class ResultsProperties(unittest.TestCase):
    @examples(300)
    @given(JSON)
    def test_reader_raises_only_results_error(self, value):
        try:
            results_file.check(value)
        except results_file.ResultsError:
            pass

    @examples(100)
    @given(RESULTS)
    def test_good_results_are_reported(self, results):
        files = report(results)
        self.assertIsNotNone(files, "the reader refused results of the right shape")
        self.assertIn("report.html", files)
        self.assertIn("results.json", files)

    @examples(200)
    @given(damaged_results())
    def test_damaged_results_refused_or_reported(self, results):
        files = report(results)
        if files is not None:
            self.assertIn("report.html", files)


if __name__ == "__main__":
    unittest.main()
