# SPDX-License-Identifier: GPL-2.0
"""Host tests of make compare's scaling with CPUs (scripts/compare_lib/smp.py).

The serial logs in smp-logs/ were recorded by a real make compare: every
backend built with CONFIG_SMP=y and CONFIG_LOCK_STAT=y and booted under
-icount with -smp 1, 2 and 4 (Documentation/mm/compare.rst, "Scaling with
CPUs"). From them: the parsing, the table, the issue's targets, the plots
(gnuplot), report.html through scripts/compare --report, and the
generated block of the document. Bad logs (cut, corrupted objects, a
line from another CPU count) make a run incomplete, saying why. Run:
/usr/bin/python3 -m unittest discover -s tools/testing/compare
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_lib import results as results_file, shard, smp  # noqa: E402
from kmlab_lib import backends as kbackends  # noqa: E402
from test_docs import assert_commit_in_history  # noqa: E402
from test_parse import result, results_with  # noqa: E402

LOGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "smp-logs")
BACKENDS = ["bump", "firstfit", "buddy_slab", "slob", "tlsf"]
TRACES = {"smp/trace/build-20k"}  # the module the recorded run had
COMPARE = os.path.join(SRCTREE, "scripts", "compare")


def read_log(variant, cpus):
    with open(os.path.join(LOGS, f"{variant}-smp{cpus}.log")) as f:
        return f.read()


def logged(variant, cpus, name):
    """The kbench-smp line of @name in a recorded log, as the kernel wrote it."""
    for ln in read_log(variant, cpus).splitlines():
        if ln.startswith("kbench-smp: ") and f'"workload":"{name}"' in ln:
            return json.loads(ln[len("kbench-smp: "):])
    raise AssertionError(f"{name} not in {variant}-smp{cpus}.log")


def recorded():
    """The "smp" section of results.json from the recorded logs."""
    runs = []
    for v in BACKENDS:
        for n in smp.CPUS:
            run = smp.parse_log(read_log(v, n), n)
            run.update(variant=v, log=None)
            runs.append(run)
    return {"ops": smp.OPS, "runs": runs}


class RecordedLogsTest(unittest.TestCase):
    def test_every_log_parses_complete(self):
        for v in BACKENDS:
            for n in smp.CPUS:
                run = smp.parse_log(read_log(v, n), n)
                self.assertTrue(run["complete"], f"{v} -smp {n}: {run['errors']}")
                names = set(run["workloads"])
                self.assertEqual(names - TRACES, set(smp.WORKLOADS))
                self.assertEqual(names & TRACES, TRACES)
                for w in run["workloads"].values():
                    self.assertEqual(w["cpus"], n)
                    if w["workload"] in TRACES:
                        # decoding the events is not in the figure
                        self.assertGreater(w["walk"], 0)
                        continue
                    # every operation of every CPU: smp_ops per CPU at least
                    self.assertGreaterEqual(w["ops"], n * smp.OPS)

    def test_buddy_slab_figures_are_the_logged_ones(self):
        # Typed from the lines of buddy_slab-smp1.log and -smp4.log.
        one = logged("buddy_slab", 1, "smp/pairs/64")
        four = logged("buddy_slab", 4, "smp/pairs/64")
        self.assertEqual((one["ops"], four["ops"]), (65536, 262144))
        rows = {(r[0], r[1]): r for r in smp.rows(recorded())}
        row = rows[("buddy_slab", "smp/pairs/64")]
        self.assertEqual(row[2], f"{one['instructions'] / 65536:,.1f}")
        self.assertEqual(row[4], f"{four['instructions'] / 262144:,.1f}")
        # the pairs take heap_lock only for each CPU's first refill
        self.assertEqual(row[6], f"{four['lock']['heap'][0] / 262144:.4f}")
        self.assertLess(four["lock"]["heap"][0], 10)

    def test_targets_from_the_logs(self):
        ts = smp.targets(recorded())
        self.assertEqual(len(ts), 2)
        one = logged("buddy_slab", 1, "smp/pairs/64")
        four = logged("buddy_slab", 4, "smp/pairs/64")
        want = (four["instructions"] / four["ops"]) / (one["instructions"] / one["ops"])
        self.assertAlmostEqual(ts[0]["figure"], want)
        self.assertEqual(ts[0]["met"], want <= 1.10)
        local = logged("buddy_slab", 4, "smp/churn/64")
        remote = logged("buddy_slab", 4, "smp/remote/64")
        want = (remote["instructions"] / remote["ops"]) / (local["instructions"] / local["ops"])
        self.assertAlmostEqual(ts[1]["figure"], want)
        self.assertEqual(ts[1]["met"], want <= 2.0)

    def test_targets_not_measured_are_na(self):
        section = recorded()
        section["runs"] = [r for r in section["runs"] if r["cpus"] != 4]
        self.assertEqual([t["met"] for t in smp.targets(section)], [None, None])
        self.assertEqual(smp.targets(None), [])

    def test_results_check_accepts_the_section(self):
        r = results_with({"tlsf": [result("churn/64/fwd")]})
        r["smp"] = recorded()
        results_file.check(json.loads(json.dumps(r)))


class BadLogTest(unittest.TestCase):
    def test_cut_log_is_incomplete(self):
        text = read_log("tlsf", 2)
        cut = text[:text.index('kbench: {"event":"end"')]
        run = smp.parse_log(cut, 2)
        self.assertFalse(run["complete"])
        self.assertIn("truncated", " ".join(run["errors"]))

    def test_corrupted_objects_make_it_incomplete(self):
        text = read_log("tlsf", 2).replace('"corrupted":0', '"corrupted":3', 1)
        run = smp.parse_log(text, 2)
        self.assertFalse(run["complete"])
        self.assertIn("3 objects corrupted", " ".join(run["errors"]))

    def test_a_line_of_another_cpu_count(self):
        run = smp.parse_log(read_log("tlsf", 2), 4)
        self.assertFalse(run["complete"])
        self.assertIn("ran on 2 CPUs, booted with 4", " ".join(run["errors"]))

    def test_malformed_lines(self):
        text = read_log("slob", 1)
        for bad, words in [('"ops":65536', '"ops":"many"'), ('"heap":[', '"heap":[1,')]:
            run = smp.parse_log(text.replace(bad, words, 1), 1)
            self.assertFalse(run["complete"], bad)
        run = smp.parse_log(text.replace("kbench-smp: {", "kbench-smp: {{", 1), 1)
        self.assertIn("malformed", " ".join(run["errors"]))

    def test_no_smp_lines(self):
        text = "\n".join(ln for ln in read_log("slob", 1).splitlines()
                         if not ln.startswith("kbench-smp"))
        run = smp.parse_log(text + "\n", 1)
        self.assertFalse(run["complete"])

    def test_lock_null_is_accepted(self):
        text = read_log("bump", 1)
        ln = next(x for x in text.splitlines() if x.startswith("kbench-smp: "))
        obj = json.loads(ln[len("kbench-smp: "):])
        obj["lock"] = None
        run = smp.parse_log(text.replace(ln, "kbench-smp: " + json.dumps(obj)), 1)
        self.assertTrue(run["complete"], run["errors"])

    def test_results_check_refuses_a_broken_section(self):
        for edit, words in [(lambda s: s["runs"][0].update(cpus=0), "'cpus'"),
                            (lambda s: s["runs"][0].update(complete="yes"), "'complete'"),
                            (lambda s: s.update(runs={}), "'runs'"),
                            (lambda s: s["runs"][1]["workloads"]["smp/pairs/64"].update(
                                ops=-1), "'ops'")]:
            r = results_with({"tlsf": [result("churn/64/fwd")]})
            r["smp"] = recorded()
            edit(r["smp"])
            with self.assertRaisesRegex(results_file.ResultsError, words):
                results_file.check(r)


class MergeTest(unittest.TestCase):
    def test_merge_keeps_the_scaling_runs(self):
        slices = []
        for i in (1, 2):
            r = results_with({"tlsf": [result("churn/64/fwd")]} if i == 1 else
                             {"slob": [result("churn/64/fwd")]})
            r["meta"]["shard"] = {"index": i, "count": 2}
            r["runs"][0]["seq"] = 0
            slices.append(r)
        slices[0]["smp"] = recorded()
        self.assertEqual(shard.merge(slices)["smp"], recorded())


@unittest.skipUnless(shutil.which("gnuplot"), "gnuplot not installed")
class ReportTest(unittest.TestCase):
    def test_report_has_the_section_and_the_plots(self):
        r = results_with({v: [result("churn/64/fwd")] for v in BACKENDS})
        # every variant, as a real run lists them (the colour order)
        r["meta"]["variants"] = [v.name for v in kbackends.variants(SRCTREE)]
        r["smp"] = recorded()
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "results.json"), "w") as f:
                json.dump(r, f)
            p = subprocess.run(["/usr/bin/python3", COMPARE, "--report", d],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("Scaling with CPUs", p.stdout)
            self.assertIn("kmalloc(64)+kfree on 4 CPUs", p.stdout)
            with open(os.path.join(d, "report.html")) as f:
                html = f.read()
            self.assertIn("Scaling with CPUs", html)
            for name in smp.WORKLOADS:
                svg = "smp_" + name.split("/", 1)[1].replace("/", "_") + ".svg"
                path = os.path.join(d, "plots", svg)
                self.assertTrue(os.path.getsize(path) > 0, svg)
                self.assertIn(f"plots/{svg}", html)
                with open(path) as f:
                    text = f.read()
                for v in BACKENDS:
                    self.assertIn(v, text)
            # a colour of its own for every backend
            with open(os.path.join(d, "plots", "plots.gp")) as f:
                gp = f.read()
            rgb = re.findall(r"smp_pairs_64_[a-z_]+\.dat' using 1:2 with linespoints "
                             r"lw 2 lc rgb '([^']+)'", gp)
            self.assertEqual(len(rgb), len(BACKENDS))
            self.assertEqual(len(set(rgb)), len(BACKENDS))
            # one point per CPU count, each the logged quotient
            with open(os.path.join(d, "plots", "smp_pairs_64_tlsf.dat")) as f:
                pts = [ln.split() for ln in f.read().splitlines()]
            self.assertEqual([p[0] for p in pts], ["1", "2", "4"])
            w = logged("tlsf", 2, "smp/pairs/64")
            self.assertEqual(pts[1][1], f"{w['instructions'] / w['ops']:.3f}")


class SlabPercpuDocTest(unittest.TestCase):
    """Documentation/mm/slab-percpu.rst, "In make compare": every figure
    of its table is the recorded buddy_slab logs' quotient."""

    def test_table_matches_the_logs(self):
        with open(os.path.join(SRCTREE, "Documentation", "mm", "slab-percpu.rst")) as f:
            text = f.read()
        sec = text[text.index("In make compare\n"):text.index("\nLock counts\n")]
        rows = [ln.split() for ln in sec.splitlines() if re.fullmatch(r"[124] .*", ln)]
        self.assertEqual([r[0] for r in rows], ["1", "2", "4"])
        for r in rows:
            n = int(r[0])
            for col, name in zip(r[1:4], ["smp/pairs/64", "smp/churn/64", "smp/remote/64"]):
                w = logged("buddy_slab", n, name)
                self.assertEqual(col, f"{w['instructions'] / w['ops']:.1f}", (n, name))
            pairs, rounds = logged("buddy_slab", n, "smp/pairs/64"), \
                logged("buddy_slab", n, "smp/churn/64")
            self.assertEqual(r[4], f"{pairs['lock']['heap'][0] / pairs['ops']:.5f}")
            self.assertEqual(r[6], f"{rounds['lock']['heap'][0] / rounds['ops']:.3f}")


class DocTest(unittest.TestCase):
    def read_doc(self):
        with open(os.path.join(SRCTREE, "Documentation", "mm", "compare.rst")) as f:
            return f.read()

    def test_block_is_what_render_writes(self):
        text = self.read_doc()
        commit, ops, body = smp.parse_doc(text)
        a, b = smp.span(text)
        self.assertEqual(text[a:b], smp.render(commit, ops, body))
        self.assertEqual(body, smp.rows(recorded()), "the block's figures are the recorded logs'")
        self.assertEqual({r[0] for r in body}, set(BACKENDS))

    def test_block_names_a_commit_of_the_history(self):
        assert_commit_in_history(self, smp.parse_doc(self.read_doc())[0])

    def test_update_rewrites_the_block_only(self):
        text = "before\n\n" + smp.BEGIN + "\nold\n" + smp.END + "\n\nafter\n"
        new = smp.update_doc(text, "abc1234", recorded())
        self.assertTrue(new.startswith("before\n\n" + smp.BEGIN))
        self.assertTrue(new.endswith(smp.END + "\n\nafter\n"))
        commit, ops, body = smp.parse_doc(new)
        self.assertEqual((commit, ops), ("abc1234", smp.OPS))
        self.assertEqual(body, smp.rows(recorded()))
        with self.assertRaises(smp.SmpError):
            smp.update_doc("no markers", "abc1234", recorded())


if __name__ == "__main__":
    unittest.main()
