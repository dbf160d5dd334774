# SPDX-License-Identifier: GPL-2.0
"""make compare's host side: tools/mm/kmreplay and compare_lib's host.py,
callgrind.py and sidebyside.py.

The replay reads the modules the kernel reads and must reject what the
kernel rejects (the shared walk of lib/kmtrace.c, with the kernel's
words); its figures must agree with the trace header; callgrind's counts
must be read from the file as callgrind writes it; the side-by-side table
must put each kmlab backend against the best anchor. Tests that need gcc
-m32 or valgrind skip without them. Run: /usr/bin/python3 -m unittest
discover -s tools/testing/compare
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_lib import callgrind, host, report, sidebyside  # noqa: E402
from kmtrace_lib import module as kmt  # noqa: E402
from test_parse import result, results_with  # noqa: E402
sys.path.insert(0, os.path.join(SRCTREE, "tools", "testing", "kmtrace"))
from test_kmtrace import SMALL, SMALL_STATS  # noqa: E402

# The kmtrace tests' hand-written trace: 5 allocations (one from a
# cache), 3 frees, and its figures.
TRACE = SMALL
PEAK = SMALL_STATS["peak_live_bytes"]

_tmp = None
_exe = None


def setUpModule():
    global _tmp, _exe
    _tmp = tempfile.mkdtemp(prefix="kmlab-host-test-")
    with open(os.path.join(_tmp, "small.kmt"), "w") as f:
        f.write(TRACE)
    subprocess.run([os.path.join(SRCTREE, "scripts", "kmtrace"), "convert",
                    os.path.join(_tmp, "small.kmt"), os.path.join(_tmp, "small.kmtb")],
                   check=True, capture_output=True)
    try:
        _exe = host.build(os.path.join(_tmp, "bin"), lambda m: None, ["glibc"])["glibc"]
    except host.HostError:
        _exe = None


def tearDownModule():
    shutil.rmtree(_tmp, ignore_errors=True)


def module_bytes():
    with open(os.path.join(_tmp, "small.kmtb"), "rb") as f:
        return bytearray(f.read())


def resealed(b):
    """@b with its checksum made right again (a module that passes the
    header checks and must be caught by the walk)."""
    b[12:16] = kmt.crc32(bytes(b[kmt.KMT_CSUM_OFFSET:])).to_bytes(4, "little")
    return b


class Kmreplay(unittest.TestCase):
    def setUp(self):
        if not _exe:
            self.skipTest("gcc -m32 cannot build kmreplay-glibc")

    def run_on(self, data, name="m.kmtb"):
        path = os.path.join(_tmp, name)
        with open(path, "wb") as f:
            f.write(bytes(data))
        return subprocess.run([_exe, path], capture_output=True, text=True)

    def test_replays_with_the_header_figures(self):
        p = self.run_on(module_bytes(), "small.kmtb")
        self.assertEqual(p.returncode, 0, p.stderr)
        r = json.loads(p.stdout.split("kmreplay: ", 1)[1])
        self.assertEqual((r["workload"], r["contender"]), ("trace/small", "glibc"))
        self.assertEqual((r["allocs"], r["frees"], r["failed"]), (5, 3, 0))
        self.assertEqual((r["peak_live"], r["trace_peak_live"]), (PEAK, PEAK))
        self.assertGreaterEqual(r["extent"], PEAK)
        self.assertGreaterEqual(r["held"], PEAK)

    def test_corrupt_module_rejected_as_the_kernel_does(self):
        b = module_bytes()
        b[len(b) - 2] ^= 0x5a
        p = self.run_on(b, "corrupt.kmtb")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr, "kmreplay: trace/corrupt: module rejected: "
                         "checksum mismatch; nothing replayed\n")

    def test_bad_event_caught_by_the_shared_walk(self):
        b = module_bytes()
        first = kmt.HEADER.size + 40  # one cache
        b[first] = 0x7f
        p = self.run_on(resealed(b), "badop.kmtb")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr, "kmreplay: trace/badop: module rejected: offset "
                         f"{first:#x}: unknown opcode; nothing replayed\n")

    def test_usage(self):
        p = subprocess.run([_exe], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("usage:", p.stderr)

    def test_under_callgrind_counts_every_call(self):
        if not shutil.which("valgrind"):
            self.skipTest("no valgrind")
        r = host.replay("glibc", _exe, os.path.join(_tmp, "small.kmtb"), "trace/small",
                        _tmp, 120)
        self.assertEqual((r["alloc"]["n"], r["free"]["n"]), (5, 3))
        self.assertGreater(r["alloc"]["mean"], 0)
        self.assertGreater(r["free"]["mean"], 0)
        self.assertIsNone(r["alloc"]["p99"])
        self.assertEqual(r["extent_ratio"], round(r["extent"] / PEAK, 3))

    def test_every_anchor_counts_the_same_twice(self):
        # mimalloc's decommit and jemalloc's decay go by the clock: the
        # replay turns them off so that the counts are exact.
        if not shutil.which("valgrind") or host.missing():
            self.skipTest(host.missing() or "no valgrind")
        exes = host.build(os.path.join(_tmp, "all"), lambda m: None)
        module = os.path.join(_tmp, "small.kmtb")
        for name, exe in exes.items():
            a, b = (host.replay(name, exe, module, "trace/small", _tmp, 120) for _ in (0, 1))
            self.assertEqual((a["alloc"], a["free"], a["held"]),
                             (b["alloc"], b["free"], b["held"]), name)

    def test_run_in_a_new_directory_with_programs_elsewhere(self):
        # The shard check of make check-compare replays in a new directory
        # with the programs of the run: callgrind's files must land there.
        if not shutil.which("valgrind"):
            self.skipTest("no valgrind")
        out = os.path.join(tempfile.mkdtemp(dir=_tmp), "new", "host")
        r = host.run([os.path.join(_tmp, "small.kmtb")], out, lambda m: None, 120, ["glibc"],
                     os.path.dirname(_exe))
        self.assertEqual(r["errors"], [])
        self.assertEqual([(x["contender"], x["workload"]) for x in r["runs"]],
                         [("glibc", "trace/small")])
        self.assertTrue(os.path.exists(os.path.join(out, "callgrind-glibc-small.out")))


CG = """\
version: 1
creator: callgrind-3.19.0
events: Ir
fn=(1) main
5 10
cfn=(2) kmr_alloc_site
calls=3 0x8049000
+2 300
cfn=(3) kmr_free_site
calls=2 0x8049010
* 40
fn=(4) other
cfn=(2)
calls=1 0x8049000
7 150
fn=(2)
3 9
"""


class Callgrind(unittest.TestCase):
    def write(self, text):
        fd, path = tempfile.mkstemp(dir=_tmp)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        return path

    def test_sums_every_call_with_name_compression(self):
        got = callgrind.inclusive(self.write(CG), ["kmr_alloc_site", "kmr_free_site"])
        self.assertEqual(got, {"kmr_alloc_site": (4, 450), "kmr_free_site": (2, 40)})

    def test_function_never_called(self):
        with self.assertRaisesRegex(callgrind.CallgrindError, "no call of kmr_x"):
            callgrind.inclusive(self.write(CG), ["kmr_x"])

    def test_not_a_callgrind_file(self):
        with self.assertRaisesRegex(callgrind.CallgrindError, "not a callgrind output"):
            callgrind.inclusive(self.write("hello\n"), ["main"])
        with self.assertRaisesRegex(callgrind.CallgrindError, "No such file"):
            callgrind.inclusive(os.path.join(_tmp, "none"), ["main"])


class Missing(unittest.TestCase):
    def test_no_valgrind_is_one_line_saying_what_to_do(self):
        which = shutil.which
        with mock.patch("shutil.which", lambda t: None if t == "valgrind" else which(t)):
            why = host.missing()
        self.assertIn("valgrind not found", why)
        self.assertIn("ANCHORS=0", why)
        self.assertNotIn("\n", why)


class SideBySide(unittest.TestCase):
    def results(self):
        r = results_with({"tlsf": [result("trace/fs", alloc=50, free=40, held=1.1,
                                          extent_ratio=1.2)]})
        r["host"] = {"method": host.METHOD, "runs": [
            {"contender": "glibc", "workload": "trace/fs", "alloc": {"mean": 100.0},
             "free": {"mean": 80.0}, "held_ratio": 1.3, "extent_ratio": 1.5},
            {"contender": "tcmalloc", "workload": "trace/fs", "alloc": {"mean": 200.0},
             "free": {"mean": 20.0}, "held_ratio": None, "extent_ratio": 2.0}]}
        return r

    def test_ratio_to_the_best_anchor_and_who_is_best(self):
        rows = sidebyside.rows(self.results(), "trace/fs")
        tlsf = rows[0]
        self.assertEqual(tlsf[:2], ["tlsf", "kernel -icount"])
        # alloc 50 / glibc 100, free 40 / tcmalloc 20, held 1.1 / 1.3, extent 1.2 / 1.5
        self.assertEqual(tlsf[8:], ["0.500", "2.000", "0.846", "0.800"])
        self.assertEqual(rows[2][6], "n/a")  # tcmalloc cannot say what it holds
        self.assertIn(["best free", "tcmalloc", "20.000, tlsf 2.00x"], rows)
        self.assertIn(["best alloc", "tlsf", "50.000, glibc 2.00x"], rows)

    def test_runner_up_is_another_contender(self):
        r = self.results()
        r["host"]["kmlab"] = [{"contender": "tlsf", "workload": "trace/fs", "kind": "host-kmlab",
                               "alloc": {"n": 1, "mean": 55.0}, "free": {"n": 1, "mean": 44.0},
                               "held_ratio": 1.1, "extent_ratio": 1.2}]
        rows = sidebyside.rows(r, "trace/fs")
        self.assertEqual(rows[1][:3], ["tlsf", "host callgrind", "55.0"])
        self.assertEqual(rows[1][8], "0.550")
        self.assertIn(["best alloc", "tlsf", "50.000, glibc 2.00x"], rows)

    def test_cross_check_flags_more_than_15_percent(self):
        kernel = {"alloc": {"n": 10, "mean": 100.0}, "free": {"n": 10, "mean": 100.0}}
        got = host.cross_check(kernel, {"alloc": {"mean": 115.0}, "free": {"mean": 116.0}})
        self.assertEqual(got, {"alloc": (1.15, False), "free": (1.16, True)})
        r = self.results()
        r["host"]["kmlab"] = [{"contender": "tlsf", "workload": "trace/fs",
                               "alloc": {"mean": 50.0}, "free": {"mean": 30.0}}]
        self.assertEqual(sidebyside.cross_text(r), [
            "  tlsf trace/fs: host callgrind / kernel -icount: alloc 1.000, "
            "free 0.750 (off by more than 15 %: investigate)"])

    def test_text_says_the_method_and_a_skipped_host_side(self):
        r = self.results()
        self.assertIn("host method: callgrind", sidebyside.text(r))
        r["host"] = {"skipped": "valgrind not found"}
        out = sidebyside.text(r)
        self.assertIn("host anchors: not run: valgrind not found", out)
        self.assertNotIn("glibc", out)


class Plots(unittest.TestCase):
    def test_anchors_in_the_trace_plots(self):
        if not shutil.which("gnuplot"):
            self.skipTest("no gnuplot")
        r = SideBySide.results(None)
        r["runs"][0]["series"]["trace/fs"] = [[0, 1, 100], [10, 3, 300]]
        r["host"]["runs"][0]["held"] = 2 << 20
        d = tempfile.mkdtemp(dir=_tmp)
        made = report.plots(r, d, lambda m: None)
        self.assertIn("contenders_trace/fs", made)
        self.assertTrue(os.path.exists(os.path.join(d, "plots", made["contenders_trace/fs"])))
        with open(os.path.join(d, "plots", "plots.gp")) as f:
            gp = f.read()
        # glibc says what it holds: a level line; tcmalloc's is null: none.
        self.assertIn("2.0000 with lines lw 2 dt 3 lc rgb '#000000' "
                      "title 'glibc (host) held at peak'", gp)
        self.assertNotIn("tcmalloc (host) held", gp)
        with open(os.path.join(d, "plots", "contenders_trace_fs.dat")) as f:
            self.assertEqual(f.read(), '"tlsf (kernel)" 50 40\n"glibc (host)" 100.0 80.0\n'
                             '"tcmalloc (host)" 200.0 20.0\n')


if __name__ == "__main__":
    unittest.main()
