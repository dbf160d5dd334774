# SPDX-License-Identifier: GPL-2.0
"""Host tests of scripts/compare: kbench line parsing, targets, report.

Run: /usr/bin/python3 -m unittest discover -s tools/testing/compare
(tools/testing/run-host-tests runs it too). The logs below are written by
hand in the format lib/kbench/core.c documents, not produced by the kernel.
"""
import json
import os
import sys
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
from compare_lib import parse, report, targets  # noqa: E402


def hist(mean, median=None, p99=None, mx=None, n=10):
    return {"n": n, "mean": mean, "median": median or int(mean),
            "p99": p99 or int(mean), "max": mx or int(mean)}


def result(name, alloc=50.0, free=40.0, failed=0, validate=0, held=1.1, **kw):
    w = {"workload": name, "kind": name.split("/")[0], "size": 64,
         "alloc": hist(alloc), "free": hist(free), "failed": failed,
         "req_bytes": 1000, "usable_bytes": 1100, "int_frag": 1.1,
         "peak_live": 500, "base_pages": 3, "peak_pages": 4, "end_pages": 3,
         "held_ratio": held, "free_largest": None, "free_total": None,
         "largest_ratio": None, "bad_input": 0, "validate": validate}
    w.update(kw)
    return w


def line(obj, prefix="kbench: "):
    return prefix + json.dumps(obj, separators=(",", ":"))


START = line({"event": "start", "backend": "buddy+slab", "overhead": 2,
              "empty_call": 2, "filter": "*", "sample_every": 1000})


def log_of(*workloads, end=True, extra=()):
    lines = ["kmlab: i386 kernel", START]
    lines += [line(w) for w in workloads]
    lines += list(extra)
    if end:
        lines.append(line({"event": "end", "workloads": len(workloads), "problems": 0}))
    lines.append("kmlab-run: kernel exit status 0: passed (1.0 s)")
    return "\n".join(lines) + "\n"


class ParseTest(unittest.TestCase):
    def test_complete_log(self):
        run = parse.parse_log(log_of(result("churn/64/fwd", alloc=77.5),
                                     result("pages/0")))
        self.assertTrue(run["complete"], run["errors"])
        self.assertEqual(list(run["workloads"]), ["churn/64/fwd", "pages/0"])
        self.assertEqual(run["workloads"]["churn/64/fwd"]["alloc"]["mean"], 77.5)
        self.assertEqual(run["start"]["backend"], "buddy+slab")
        self.assertEqual(run["status"], "kernel exit status 0: passed (1.0 s)")

    def test_crlf_and_noise(self):
        text = log_of(result("cache/192")).replace("\n", "\r\n")
        text = "garbage kbench: {\"workload\":\"x\"}\r\n" + text
        run = parse.parse_log(text)
        self.assertTrue(run["complete"], run["errors"])
        self.assertEqual(list(run["workloads"]), ["cache/192"])

    def test_truncated_mid_line(self):
        full = log_of(result("churn/16/fwd"), result("churn/32/fwd"), end=False)
        # Cut in the middle of the second result line: QEMU killed mid-write.
        cut = full[:full.index('"churn/32/fwd"') + 20]
        run = parse.parse_log(cut)
        self.assertFalse(run["complete"])
        self.assertEqual(list(run["workloads"]), ["churn/16/fwd"])
        self.assertTrue(any("cut off at the end of the log" in e for e in run["errors"]),
                        run["errors"])
        self.assertTrue(any("truncated" in e for e in run["errors"]), run["errors"])

    def test_no_end_line(self):
        run = parse.parse_log(log_of(result("pages/1"), end=False))
        self.assertFalse(run["complete"])
        self.assertIn("truncated", " ".join(run["errors"]))

    def test_no_start_line(self):
        run = parse.parse_log("kmlab: booted\nkmlab: exit status 0\n")
        self.assertFalse(run["complete"])
        self.assertIn("CONFIG_KBENCH", run["errors"][0])

    def test_count_mismatch(self):
        text = log_of(result("a/1"), result("a/2"))
        text = text.replace('"workloads":2', '"workloads":3')
        run = parse.parse_log(text)
        self.assertFalse(run["complete"])
        self.assertIn("lines were lost", " ".join(run["errors"]))

    def test_malformed_line_in_the_middle(self):
        text = log_of(result("a/1"), extra=["kbench: {\"workload\":\"a/2\",\"alloc\":}"])
        run = parse.parse_log(text)
        self.assertFalse(run["complete"])
        self.assertIn("malformed", " ".join(run["errors"]))

    def test_series_with_addresses(self):
        keys = {"lo": 4096, "hi": 9000, "wlo": 8192, "whi": 9000}
        extra = [line(dict({"workload": "trace/fs", "ev": 1000, "held": 3, "live": 500}, **keys),
                      "kbench-series: ")]
        run = parse.parse_log(log_of(result("trace/fs"), extra=extra))
        self.assertEqual(run["series"]["trace/fs"], [(1000, 3, 500, 4096, 9000, 8192, 9000)])

    def test_series_rejected_and_oops(self):
        extra = [line({"workload": "trace/fs", "ev": 0, "held": 0, "live": 0}, "kbench-series: "),
                 line({"workload": "trace/fs", "ev": 1000, "held": 12, "live": 40000},
                      "kbench-series: "),
                 line({"workload": "trace/bad", "kind": "trace", "rejected": "checksum mismatch"}),
                 "Oops: CPU exception 14 (page fault)"]
        run = parse.parse_log(log_of(result("trace/fs"), extra=extra))
        self.assertEqual(run["series"]["trace/fs"], [(0, 0, 0), (1000, 12, 40000)])
        self.assertEqual(run["rejected"], {"trace/bad": "checksum mismatch"})
        self.assertNotIn("trace/bad", run["workloads"])
        self.assertEqual(run["oops"], ["Oops: CPU exception 14 (page fault)"])

    def test_rejected_module_makes_the_run_incomplete(self):
        # T6: a trace the kernel rejected was not measured: the run must
        # not be "complete" with no error (compare then said "ok", exit 0).
        rej = line({"workload": "trace/empty", "kind": "trace",
                    "rejected": "no allocations (an empty trace replays nothing)"})
        run = parse.parse_log(log_of(result("churn/64/fwd"), extra=[rej]))
        self.assertFalse(run["complete"])
        self.assertEqual(run["errors"], [
            "trace/empty: module rejected by the kernel: no allocations "
            "(an empty trace replays nothing); nothing replayed"])

    def test_missing_file(self):
        run = parse.parse_file("/nonexistent/serial.log")
        self.assertFalse(run["complete"])
        self.assertIn("cannot read", run["errors"][0])


def results_with(variant_workloads):
    runs = []
    for variant, ws in variant_workloads.items():
        run = parse.parse_log(log_of(*ws))
        run.update({"id": variant + "@128M", "variant": variant, "mem": "128M",
                    "mem_bytes": 128 << 20, "kind": "main", "backend": variant,
                    "exit_code": 0, "log": None})
        runs.append(run)
    return {"version": 1, "meta": {"mem": "128M", "traces": [], "date": "d",
                                   "commit": "c"}, "runs": runs}


class TargetsTest(unittest.TestCase):
    def by_text(self, ts, start):
        return [t for t in ts if t["text"].startswith(start)]

    def test_clean_target_on_the_traces_each_variant_replays(self):
        # firstfit-list replays capped copies (trace/build-50k): it is
        # checked on those, the others on the run's own traces, and no
        # one gets an n/a row for a trace it never meant to replay.
        r = results_with({"firstfit": [result("trace/build")],
                          "firstfit-list": [result("trace/build-50k")],
                          "slob": []})
        r["meta"]["traces"] = ["build.kmtb"]
        ts = targets.evaluate(r, [{"kind": "clean",
                                   "variants": ["firstfit", "firstfit-list", "slob"]}])
        self.assertEqual([t["text"] for t in ts],
                         ["firstfit: trace/build in 128 MiB, 0 failed, validate passes",
                          "firstfit-list: trace/build-50k in 128 MiB, 0 failed, "
                          "validate passes",
                          "slob: trace/build in 128 MiB, 0 failed, validate passes"])
        self.assertEqual([t["met"] for t in ts], [True, True, None])

    def test_pair_budget(self):
        r = results_with({"buddy_slab": [result("churn/64/fwd", alloc=30, free=25),
                                         result("pages/0", alloc=100, free=60)]})
        ts = targets.evaluate(r)
        pair = self.by_text(ts, "buddy+slab: kmalloc(64)")[0]
        self.assertEqual(pair["figure"], 55.0)
        self.assertTrue(pair["met"])
        pages = self.by_text(ts, "buddy+slab: alloc_pages(0)")[0]
        self.assertEqual(pages["figure"], 160.0)
        self.assertFalse(pages["met"])

    def test_every_anchor_strictly_fewer(self):
        # The anchors' figures are this run's host rows, not typed in.
        r = results_with({"buddy_slab": [result("trace/build", alloc=169, free=100)]})
        r["host"] = {"runs": [
            {"contender": "glibc", "workload": "trace/build",
             "alloc": {"mean": 169.0}, "free": {"mean": 168.0}},
            {"contender": "tcmalloc", "workload": "trace/build",
             "alloc": {"mean": 180.0}, "free": {"mean": 101.0}}]}
        ts = targets.evaluate(r)
        alloc = self.by_text(ts, "buddy+slab: build trace, instr/alloc")[0]
        self.assertFalse(alloc["met"])
        self.assertEqual((alloc["limit"], alloc["note"]), (169.0, "glibc 169; ratio 1.000"))
        free = self.by_text(ts, "buddy+slab: build trace, instr/free")[0]
        self.assertTrue(free["met"])
        self.assertEqual(free["limit"], 101.0)

    def test_anchor_targets_not_measured_without_the_host_side(self):
        r = results_with({"buddy_slab": [result("trace/build", alloc=10, free=10)]})
        r["host"] = {"skipped": "ANCHORS=0 (--no-anchors)"}
        alloc = self.by_text(targets.evaluate(r), "buddy+slab: build trace, instr/alloc")[0]
        self.assertIsNone(alloc["met"])
        self.assertEqual(alloc["note"], "ANCHORS=0 (--no-anchors)")

    def test_not_run_is_na_and_failures_miss(self):
        r = results_with({"slob": [result("trace/fs", failed=3, held=1.3)]})
        ts = targets.evaluate(r)
        self.assertIsNone(self.by_text(ts, "bump: kmalloc")[0]["met"])
        self.assertFalse(self.by_text(ts, "slob: trace/fs in 128 MiB")[0]["met"])
        self.assertFalse(self.by_text(ts, "SLOB: fs trace")[0]["met"])

    def test_tlsf_targets(self):
        caps = [result(n, alloc=a) for n, a in (("random/256", 100), ("random/1024", 104),
                                                ("random/4096", 108), ("random/16384", 111))]
        r = results_with({"tlsf": [result("trace/fs", alloc=140, free=121, held=1.08,
                                          extent_ratio=1.06)] + caps})
        ts = targets.evaluate(r)
        self.assertTrue(self.by_text(ts, "TLSF: fs trace, <= 150 instr/alloc")[0]["met"])
        self.assertFalse(self.by_text(ts, "TLSF: fs trace, <= 120 instr/free")[0]["met"])
        self.assertFalse(self.by_text(ts, "TLSF: fs trace, extent")[0]["met"])
        self.assertTrue(self.by_text(ts, "TLSF: fs trace, pages held")[0]["met"])
        flat = self.by_text(ts, "TLSF: instr/alloc flat")[0]
        self.assertEqual(flat["figure"], 1.11)
        self.assertFalse(flat["met"])
        self.assertTrue(self.by_text(ts, "tlsf: trace/fs in 128 MiB")[0]["met"])

    def test_tlsf_flatness_needs_every_cap(self):
        r = results_with({"tlsf": [result("random/256"), result("random/1024")]})
        flat = self.by_text(targets.evaluate(r), "TLSF: instr/alloc flat")[0]
        self.assertIsNone(flat["met"])
        self.assertIn("random/4096", flat["note"])

    def test_no_successful_allocation_is_not_met(self):
        w = result("churn/64/fwd", alloc=0.0, failed=1024)
        w["alloc"]["n"] = 0
        ts = targets.evaluate(results_with({"bump": [w]}))
        bump = self.by_text(ts, "bump: kmalloc")[0]
        self.assertIsNone(bump["met"])
        self.assertIn("1024 failed", bump["note"])


class ReportTest(unittest.TestCase):
    def test_table_and_html(self):
        r = results_with({"bump": [result("churn/64/fwd", alloc=12.5)],
                          "slob": [result("trace/fs")]})
        r["runs"][1]["complete"] = False
        r["runs"][1]["status"] = "timeout"
        rows = report.summary_rows(r)
        text = report.table(rows)
        self.assertIn("churn/64/fwd", text)
        self.assertIn("12.5", text)
        self.assertIn("INCOMPLETE: timeout", text)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "report.html")
            report.write_html(r, targets.evaluate(r), {"scaling": "scaling.svg"}, path)
            with open(path) as f:
                page = f.read()
        self.assertIn("<img src='plots/scaling.svg'>", page)
        self.assertIn("Incomplete runs", page)

    def test_no_sample_is_a_dash_not_zero(self):
        w = result("trace/fs", alloc=0.0, free=0.0, failed=262309)
        w["alloc"]["n"] = w["free"]["n"] = 0
        r = results_with({"bump": [w], "slob": [result("trace/fs", alloc=12.5)]})
        rows = {row[0]: row for row in report.summary_rows(r)}
        self.assertEqual(rows["bump"][2:8], ["-"] * 6)
        self.assertEqual(rows["bump"][8], "262309")
        self.assertEqual(rows["slob"][2], "12.5")

    def test_terminal_table_has_vs_linux(self):
        r = results_with({"slob": [result("trace/fs", vs_linux=0.987)]})
        rows = report.summary_rows(r)
        self.assertIn("ksize/linux", report.table(rows).splitlines()[0])
        self.assertEqual(rows[0][report.HEADER.index("ksize/linux")], "0.987")
        self.assertEqual(len(rows[0]), len(report.HEADER))


class PlotsTest(unittest.TestCase):
    """The gnuplot script plots() writes (plots/plots.gp)."""

    def make(self, r):
        with tempfile.TemporaryDirectory() as d:
            made = report.plots(r, d, lambda msg: None)
            with open(os.path.join(d, "plots", "plots.gp")) as f:
                gp = f.read()
        # one block per plot, keyed by its output file
        blocks = {}
        for b in gp.split("set terminal ")[1:]:
            out = [ln for ln in b.splitlines() if ln.startswith("set output ")][0]
            blocks[os.path.basename(out.split("'")[1])] = b
        return made, blocks

    def results(self):
        # bump fails part of the trace: its live series is short of the
        # trace's; slob replays it all.
        bump = result("trace/build", failed=5)
        slob = result("trace/build")
        r = results_with({"bump": [bump, result("churn/64/fwd")],
                          "slob": [slob, result("churn/64/fwd")]})
        r["runs"][0]["series"]["trace/build"] = [[0, 0, 0], [1000, 50, 1000]]
        r["runs"][1]["series"]["trace/build"] = [[0, 0, 0], [1000, 2, 5000]]
        return r

    def test_address_map_per_trace_and_variant(self):
        r = self.results()
        mib = 1 << 20
        # ev, held, live, lo, hi, wlo, whi: the lowest start of the replay
        # (the last lo) is the base; an interval that allocated nothing
        # (whi 0) has no bar.
        r["runs"][1]["series"]["trace/build"] = [
            [0, 0, 0, 3 * mib, 4 * mib, 3 * mib, 4 * mib],
            [1000, 1, 10, 3 * mib, 4 * mib, 0, 0],
            [2000, 2, 20, 2 * mib, 6 * mib, 2 * mib, 6 * mib]]
        self.assertEqual(report.addrmap_points(r["runs"][1]["series"]["trace/build"]),
                         [(0, 1.0, 2.0, 2.0), (2000, 0.0, 4.0, 4.0)])
        made, blocks = self.make(r)
        # bump's series has no addresses: no address map
        self.assertEqual([k for k in made if k.startswith("addrmap_")],
                         ["addrmap_trace/build_slob"])
        am = blocks["addrmap_trace_build_slob.svg"]
        self.assertIn("with vectors nohead", am)
        self.assertIn("unset logscale", am)

    def test_footprint_time_axis_is_linear(self):
        made, blocks = self.make(self.results())
        self.assertIn("footprint_trace/build", made)
        churn, fp = blocks["churn_alloc.svg"], blocks["footprint_trace_build.svg"]
        self.assertIn("set logscale x 2", churn)
        # gnuplot keeps settings from one plot to the next: each plot
        # must clear the scales of the plot before it
        self.assertIn("unset logscale", fp)
        self.assertLess(fp.index("unset logscale"), fp.index("set logscale y"))
        self.assertNotIn("logscale x", fp)

    def test_live_line_from_a_run_without_failures(self):
        _, blocks = self.make(self.results())
        fp = blocks["footprint_trace_build.svg"]
        live = [p for p in fp.split("plot ", 1)[1].split(", ") if "live requested" in p]
        self.assertEqual(len(live), 1)
        self.assertIn("series_trace_build_slob.dat' using 1:3", live[0])

    def test_no_live_line_when_every_run_failed(self):
        r = self.results()
        r["runs"][1]["workloads"]["trace/build"]["failed"] = 1
        _, blocks = self.make(r)
        self.assertNotIn("live requested", blocks["footprint_trace_build.svg"])

    def test_one_colour_per_backend_in_every_plot(self):
        r = self.results()
        order = report.variant_order(r)
        _, blocks = self.make(r)
        for name, b in blocks.items():
            if name.startswith("contenders_"):
                continue  # bars of every contender, coloured by figure (alloc, free)
            for v in ("bump", "slob"):
                line = [p for p in b.split("plot ", 1)[1].split(", ")
                        if f"title '{v}" in p]
                self.assertEqual(len(line), 1, name)
                self.assertIn(f"lc rgb '{report.colour(v, order)}'", line[0], name)
        self.assertNotEqual(report.colour("bump", order), report.colour("slob", order))

    def test_colours_follow_the_discovered_variants(self):
        """A backend the code never heard of gets its own colour, and a
        variant keeps its colour whichever other variants ran."""
        r = self.results()
        r["meta"]["variants"] = ["bump", "newalloc", "slob"]
        order = report.variant_order(r)
        self.assertEqual(report.colour("slob", order), report.PALETTE[2])
        r["runs"] = r["runs"][1:]  # slob alone
        self.assertEqual(report.colour("slob", report.variant_order(r)),
                         report.PALETTE[2])
        self.assertEqual(report.colour("newalloc", order), report.PALETTE[1])
        # without meta.variants (an older results.json): the run order
        del r["meta"]["variants"]
        self.assertEqual(report.variant_order(r), ["slob"])

    def test_every_allocation_failed_says_so_in_the_key(self):
        r = self.results()
        w = r["runs"][0]["workloads"]["trace/build"]
        w["alloc"]["n"] = 0
        _, blocks = self.make(r)
        fp = blocks["footprint_trace_build.svg"]
        key = [p for p in fp.split("plot ", 1)[1].split(", ") if "bump" in p]
        self.assertEqual(len(key), 1)
        self.assertIn("keyentry", key[0])
        self.assertIn("bump: every allocation failed", key[0])

    def test_plots_of_an_earlier_run_are_removed(self):
        """Only the files plots() wrote: a user's file in plots/ stays."""
        with tempfile.TemporaryDirectory() as d:
            report.plots(self.results(), d, lambda msg: None)
            pdir = os.path.join(d, "plots")
            with open(os.path.join(pdir, "mine.svg"), "w") as f:
                f.write("kept")
            self.assertTrue(os.path.exists(os.path.join(pdir, "series_trace_build_slob.dat")))
            r = self.results()
            for run in r["runs"]:
                del run["series"]["trace/build"]
                del run["workloads"]["trace/build"]
            made = report.plots(r, d, lambda msg: None)
            left = set(os.listdir(pdir))
        self.assertNotIn("footprint_trace/build", made)
        self.assertNotIn("series_trace_build_slob.dat", left)
        self.assertIn("mine.svg", left)
        self.assertEqual({"plots.gp", "MANIFEST", "mine.svg"} | set(made.values()),
                         {n for n in left if not n.endswith(".dat")})


if __name__ == "__main__":
    unittest.main()
