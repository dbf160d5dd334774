# SPDX-License-Identifier: GPL-2.0
"""make compare's host side on the synthetic workloads: tools/mm/kmreplay/
kmbench.c (lib/kbench/workloads.c linked to a host allocator) and its
results in compare_lib (host.py, report.py).

kmbench must make the requests the kernel makes (lib/kbench/workloads.c's
own loops: 256 objects a round, 4 rounds, per churn workload), print
kbench's result lines, take its figures per workload from callgrind, and
never turn an unknown figure into a number. Tests that need gcc -m32, the
32-bit anchors or valgrind skip without them. Run: /usr/bin/python3 -m
unittest discover -s tools/testing/compare -p test_kmbench.py
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
from compare_lib import host, report, sidebyside  # noqa: E402
from test_parse import line, result, results_with  # noqa: E402
from test_host import CG  # noqa: E402

# churn/64/fwd as lib/kbench/workloads.c defines it: KBENCH_CHURN_N (256)
# objects of 64 bytes a round, KBENCH_ROUNDS (4) rounds, all freed.
CHURN_CALLS = 256 * 4
CHURN_PEAK = 256 * 64

_tmp = None
_exes = {}


def setUpModule():
    global _tmp
    _tmp = tempfile.mkdtemp(prefix="kmlab-kmbench-test-")
    names = ["glibc"] if host.missing() else None
    try:
        _exes.update(host.build_bench(os.path.join(_tmp, "bin"), lambda m: None, names))
    except host.HostError:
        pass


def tearDownModule():
    shutil.rmtree(_tmp, ignore_errors=True)


def bench_line(text, name):
    for ln in text.splitlines():
        if ln.startswith('kbench: {"workload":"%s"' % name):
            return json.loads(ln[len("kbench: "):])
    return None


class Kmbench(unittest.TestCase):
    def setUp(self):
        if "glibc" not in _exes:
            self.skipTest("gcc -m32 cannot build kmbench-glibc")

    def run_glibc(self, *args):
        return subprocess.run([_exes["glibc"]] + list(args), capture_output=True, text=True)

    def test_makes_the_kernels_requests(self):
        p = self.run_glibc("churn/64/*")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        for order in ("fwd", "rev", "rand"):
            w = bench_line(p.stdout, f"churn/64/{order}")
            self.assertIsNotNone(w, p.stdout)
            self.assertEqual((w["alloc"]["n"], w["free"]["n"], w["failed"]),
                             (CHURN_CALLS, CHURN_CALLS, 0))
            self.assertEqual((w["peak_live"], w["req_bytes"]), (CHURN_PEAK, 64 * CHURN_CALLS))
            self.assertEqual(w["order"], order)
        self.assertIn('kbench: {"event":"end","workloads":3,"problems":0}', p.stdout)
        # The three free orders really differ, as in the kernel.
        sigs = {bench_line(p.stdout, f"churn/64/{o}")["free_sig"] for o in ("fwd", "rev", "rand")}
        self.assertEqual(len(sigs), 3)

    def test_pages_makes_the_kernels_page_requests(self):
        p = self.run_glibc("pages/2")
        self.assertEqual(p.returncode, 0, p.stdout)
        w = bench_line(p.stdout, "pages/2")
        self.assertEqual((w["alloc"]["n"], w["peak_live"]), (32 * 4, 32 * (4096 << 2)))

    def test_line_longer_than_the_buffer_is_cut(self):
        # The start line echoes the filter: 2100 bytes of it fill the
        # 2048-byte line buffer; the lines after it must still come.
        p = self.run_glibc("x" * 2100)
        self.assertEqual(p.returncode, 1, p.stdout[-300:])
        lines = p.stdout.splitlines()
        self.assertTrue(lines[0].startswith('kbench: {"event":"start"'), lines[0][:80])
        self.assertEqual(len(lines[0]), 2047)
        self.assertIn('kbench: {"event":"end","workloads":0,"problems":1}', lines)

    def test_filter_that_matches_nothing_is_a_failure(self):
        p = self.run_glibc("nosuch/*")
        self.assertEqual(p.returncode, 1)
        self.assertIn("matches no workload", p.stdout)
        self.assertIn('"problems":1', p.stdout)

    def test_usage(self):
        for args in (["-h"], ["a", "b"], ['churn"/*']):
            p = self.run_glibc(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn("usage:", p.stdout)

    def test_under_callgrind_a_figure_per_call_and_workload(self):
        if not shutil.which("valgrind"):
            self.skipTest("no valgrind")
        out = tempfile.mkdtemp(dir=_tmp)
        rs = host.bench("glibc", _exes["glibc"], out, 300, "churn/64/*")
        self.assertEqual([r["workload"] for r in rs],
                         ["churn/64/fwd", "churn/64/rev", "churn/64/rand"])
        for r in rs:
            self.assertEqual((r["contender"], r["kind"], r["method"]),
                             ("glibc", "host", "callgrind"))
            self.assertEqual((r["alloc"]["n"], r["free"]["n"]), (CHURN_CALLS, CHURN_CALLS))
            self.assertGreater(r["alloc"]["mean"], 0)
            self.assertGreater(r["free"]["mean"], 0)
            self.assertIsNone(r["alloc"]["p99"])
            # glibc holds at least what is live.
            self.assertGreaterEqual(r["held"], CHURN_PEAK)
            self.assertEqual(r["held_ratio"], round(r["held"] / CHURN_PEAK, 3))

    def test_every_anchor_makes_the_same_requests(self):
        # random/CAP's sizes and slots come from the seeded generator only.
        if len(_exes) < 4:
            self.skipTest(host.missing() or "an anchor did not build")
        got = {}
        for name, exe in _exes.items():
            p = subprocess.run([exe, "random/256"], capture_output=True, text=True)
            w = bench_line(p.stdout, "random/256")
            got[name] = (w["alloc"]["n"], w["free"]["n"], w["req_bytes"], w["peak_live"])
        self.assertEqual(len(set(got.values())), 1, got)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


class SyntheticResults(unittest.TestCase):
    """host._synthetic_results() on a written output and callgrind files
    (test_host.CG: 4 calls of kmr_alloc_site, 2 of kmr_free_site)."""

    def output(self, *extra, n=(4, 2)):
        w = result("churn/64/fwd", alloc=0, free=0, size=64, peak_live=1000, peak_pages=2)
        w["alloc"]["n"], w["free"]["n"] = n
        start = {"event": "start", "backend": "x", "held_source": "its stats"}
        return "\n".join([line(start), line(w)] + list(extra) +
                         [line({"event": "end", "workloads": 1, "problems": 0})]) + "\n"

    def setUp(self):
        self.cg = os.path.join(tempfile.mkdtemp(dir=_tmp), "cg.out")
        write(self.cg + ".1", CG)

    def test_figures_from_callgrind_memory_from_the_line(self):
        (r,) = host._synthetic_results("x", self.output(), self.cg, host.BENCH_SITES,
                                       "host", None)
        self.assertEqual(r["alloc"], {"n": 4, "mean": 112.5, "p99": None})
        self.assertEqual(r["free"], {"n": 2, "mean": 20.0, "p99": None})
        # An anchor's own held bytes at the peak: 2 pages over 1000 live.
        self.assertEqual((r["held"], r["held_ratio"], r["held_source"]),
                         (8192, 8.192, "its stats"))

    def test_held_unknown_is_null_never_zero(self):
        (r,) = host._synthetic_results(
            "x", self.output('kmbench: {"workload":"churn/64/fwd","held":null}'),
            self.cg, host.BENCH_SITES, "host", None)
        self.assertIsNone(r["held"])
        self.assertIsNone(r["held_ratio"])

    def test_counts_that_differ_are_an_error_not_a_figure(self):
        with self.assertRaisesRegex(host.HostError, "callgrind counted 4 allocations"):
            host._synthetic_results("x", self.output(n=(5, 2)), self.cg, host.BENCH_SITES,
                                    "host", None)

    def test_missing_dump_or_cut_output(self):
        os.remove(self.cg + ".1")
        with self.assertRaisesRegex(host.HostError, "x: churn/64/fwd: .*No such file"):
            host._synthetic_results("x", self.output(), self.cg, host.BENCH_SITES, "host", None)
        with self.assertRaisesRegex(host.HostError, "no 'kbench: .*end"):
            host._synthetic_results("x", self.output().rsplit("kbench:", 1)[0], self.cg,
                                    host.BENCH_SITES, "host", None)

    def test_a_failing_contender_is_said_so(self):
        out = {"runs": [], "errors": []}
        logged = []

        def fail():
            raise host.HostError("tcmalloc: synthetic workloads: exit 1: boom")
        host._synthetic_each("tcmalloc", fail, out, logged.append)
        self.assertEqual(out, {"runs": [], "errors": ["tcmalloc: synthetic workloads: "
                                                      "exit 1: boom"]})
        self.assertIn("FAILED", logged[0])
        r = results_with({"slob": [result("churn/64/fwd")]})
        r["host"] = dict(out, method=host.METHOD)
        self.assertIn("host anchors: FAILED: tcmalloc: synthetic workloads", sidebyside.text(r))
        self.assertIn("FAILED: tcmalloc", sidebyside.html_tables(r, lambda s: s))


def host_run(name, workload, alloc, free, kind="host", **kw):
    r = {"contender": name, "workload": workload, "kind": kind, "method": "callgrind",
         "alloc": {"n": 10, "mean": alloc, "p99": None},
         "free": {"n": 10, "mean": free, "p99": None}, "failed": 0, "peak_live": 2048,
         "held_ratio": 2.5, "extent_ratio": None, "int_frag": 1.25}
    r.update(kw)
    return r


class Report(unittest.TestCase):
    def results(self):
        ws = [result(f"churn/{s}/fwd", alloc=20 + s / 64) for s in (16, 64)]
        ws += [result("pages/0", alloc=90, free=80), result("cache/192", alloc=30, free=25),
               result("random/256", size=256), result("random/1024", size=1024)]
        r = results_with({"buddy_slab": ws})
        r["host"] = {"method": host.METHOD, "errors": [], "runs": [
            host_run("glibc", "churn/16/fwd", 100.0, 90.0),
            host_run("glibc", "churn/64/fwd", 110.0, 95.0),
            host_run("glibc", "pages/0", 300.0, 200.0),
            host_run("glibc", "cache/192", 120.0, 100.0),
            host_run("glibc", "random/256", 150.0, 140.0, size=256),
            host_run("tcmalloc", "churn/64/fwd", 50.0, 60.0, held_ratio=None)],
            "kmlab": [host_run("buddy_slab", "churn/64/fwd", 31.0, 45.0, kind="host-kmlab")]}
        return r

    def test_summary_rows_of_the_host_side(self):
        rows = [r for r in report.summary_rows(self.results()) if "host" in r[0]]
        self.assertEqual([r[:2] for r in rows], [
            ["glibc (host)", "churn/64/fwd"], ["glibc (host)", "cache/192"],
            ["glibc (host)", "pages/0"], ["tcmalloc (host)", "churn/64/fwd"],
            ["buddy_slab (ARCH=host)", "churn/64/fwd"]])
        self.assertEqual(rows[0][2:], ["110.0", "n/a", "n/a", "n/a", "95.0", "n/a", "0", "2K",
                                       "2.500", "n/a", "1.250", "n/a", "n/a", "-"])
        self.assertEqual(rows[3][10], "n/a")  # tcmalloc's held: unknown, not 0

    def test_summary_order_does_not_depend_on_the_run_order(self):
        r = self.results()
        want = report.summary_rows(r)
        r["host"]["runs"].reverse()
        self.assertEqual(report.summary_rows(r), want)

    def test_anchor_lines_in_every_synthetic_plot(self):
        if not shutil.which("gnuplot"):
            self.skipTest("no gnuplot")
        d = tempfile.mkdtemp(dir=_tmp)
        made = report.plots(self.results(), d, lambda m: None)
        for key in ("churn_alloc", "churn_free", "pages_alloc", "pages_free", "scaling",
                    "contenders_cache/192"):
            self.assertIn(key, made)
            self.assertTrue(os.path.exists(os.path.join(d, "plots", made[key])), key)
        with open(os.path.join(d, "plots", "plots.gp")) as f:
            gp = f.read()
        self.assertIn("churn_alloc_host_glibc.dat' using 1:2 with linespoints dt 3 lw 2 "
                      "lc rgb '#000000' title 'glibc (host)'", gp)
        self.assertIn("title 'tcmalloc (host)'", gp)
        self.assertIn("pages_free_host_glibc.dat", gp)
        self.assertIn("scaling_host_glibc.dat", gp)
        with open(os.path.join(d, "plots", "churn_alloc_host_glibc.dat")) as f:
            self.assertEqual(f.read(), "16 100.0\n64 110.0\n")
        with open(os.path.join(d, "plots", "contenders_cache_192.dat")) as f:
            self.assertEqual(f.read(), '"buddy_slab (kernel)" 30 25\n"glibc (host)" 120.0 100.0\n')

    def test_side_by_side_tables_stay_per_trace(self):
        self.assertEqual(sidebyside.workloads(self.results()), [])
        self.assertEqual(sidebyside.cross_checks(self.results()), [])


if __name__ == "__main__":
    unittest.main()
