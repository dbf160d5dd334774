# SPDX-License-Identifier: GPL-2.0
"""Host tests of make check-compare's own logic (scripts/compare --check).

Regression budgets (scripts/compare_lib/budgets.py and the budget file in
the tree), the churn free-order check, the generated tiny trace and the
message when the in-tree build trace is missing. Run:
/usr/bin/python3 -m unittest discover -s tools/testing/compare
"""
import io
import os
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from unittest import mock

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
sys.path.insert(0, SRCTREE)
from compare_lib import budgets  # noqa: E402
from kmlab_lib import backends  # noqa: E402
from tools.testing.kmlab_host import load_script  # noqa: E402


def load_compare():
    return load_script("compare", "compare_script")


compare = load_compare()


def hist(mean):
    return {"n": 10, "mean": mean, "median": int(mean), "p99": int(mean), "max": int(mean)}


def run_with(workloads, rejected=None):
    return {"workloads": workloads, "rejected": rejected or {}, "status": "passed"}


def write(text):
    f = tempfile.NamedTemporaryFile("w", delete=False, suffix=".budgets")
    f.write(text)
    f.close()
    return f.name


class BudgetFileTest(unittest.TestCase):
    def test_load_skips_comments_and_blank_lines(self):
        path = write("# a comment\n\nbump churn/64/fwd alloc.mean 62  # 49\n")
        self.assertEqual(budgets.load(path), [("bump", "churn/64/fwd", "alloc.mean", 62.0, 3)])

    def test_wrong_field_count_names_the_line(self):
        path = write("bump churn/64/fwd 62\n")
        with self.assertRaisesRegex(budgets.BudgetError, r":1: want 'VARIANT WORKLOAD"):
            budgets.load(path)

    def test_limit_not_a_number(self):
        path = write("bump churn/64/fwd alloc.mean lots\n")
        with self.assertRaisesRegex(budgets.BudgetError, "'lots' is not a number"):
            budgets.load(path)

    def test_missing_file(self):
        with self.assertRaisesRegex(budgets.BudgetError, "cannot read budget file"):
            budgets.load("/nonexistent/compare-budgets")

    def test_the_tree_budget_file(self):
        """Every budget in the tree names a known variant, a figure path and a limit > 0."""
        known = {v.name for v in backends.variants(SRCTREE)}
        blist = budgets.load(compare.BUDGET_FILE)
        self.assertGreaterEqual(len(blist), 8)
        for variant, wl, fig, limit, no in blist:
            self.assertIn(variant, known, f"line {no}")
            self.assertRegex(wl, r"^(churn|random|cache|pages|trace)/", f"line {no}")
            self.assertRegex(fig, r"^(alloc|free)\.(mean|median|p99|max)$", f"line {no}")
            self.assertGreater(limit, 0)


class BudgetCheckTest(unittest.TestCase):
    B = [("bump", "churn/64/fwd", "alloc.mean", 62.0, 7)]

    def test_within_and_at_the_limit_pass(self):
        for mean in (49.0, 62.0):
            runs = {"bump": run_with({"churn/64/fwd": {"alloc": hist(mean)}})}
            (name, ok, _), = budgets.check(self.B, runs)
            self.assertTrue(ok, mean)
            self.assertIn("within the budget of 62", name)

    def test_over_the_limit_fails_with_the_figure(self):
        runs = {"bump": run_with({"churn/64/fwd": {"alloc": hist(80.0)}})}
        (_, ok, why), = budgets.check(self.B, runs)
        self.assertFalse(ok)
        self.assertIn("measured 80", why)
        self.assertIn("line 7", why)

    def test_missing_run_workload_or_figure_fails(self):
        cases = [({}, "bump was not run"),
                 ({"bump": run_with({})}, "no result line for churn/64/fwd"),
                 ({"bump": run_with({}, {"churn/64/fwd": "checksum mismatch"})},
                  "rejected: checksum mismatch"),
                 ({"bump": run_with({"churn/64/fwd": {"free": hist(1.0)}})},
                  "no figure alloc.mean")]
        for runs, want in cases:
            (_, ok, why), = budgets.check(self.B, runs)
            self.assertFalse(ok, want)
            self.assertIn(want, why)

    def test_bool_is_not_a_figure(self):
        self.assertIsNone(budgets.figure({"x": {"y": True}}, "x.y"))
        self.assertEqual(budgets.figure({"x": {"y": 3}}, "x.y"), 3)


def churn(order, sig, first):
    return {"alloc": hist(30.0), "free": hist(40.0), "order": order,
            "free_sig": sig, "first_freed": first}


class ChurnOrderTest(unittest.TestCase):
    def good(self):
        return {"churn/64/fwd": churn("fwd", "aaaa0001", [0, 1]),
                "churn/64/rev": churn("rev", "aaaa0002", [255, 254]),
                "churn/64/rand": churn("rand", "aaaa0003", [112, 181])}

    def test_three_different_orders_pass(self):
        ok, why = compare.churn_orders_differ(run_with(self.good()))
        self.assertTrue(ok, why)

    def test_rand_freeing_like_fwd_fails(self):
        w = self.good()
        w["churn/64/rand"] = churn("rand", "aaaa0001", [0, 1])
        ok, why = compare.churn_orders_differ(run_with(w))
        self.assertFalse(ok)
        self.assertIn("not all different", why)

    def test_rev_not_starting_at_the_last_object_fails(self):
        w = self.good()
        w["churn/64/rev"] = churn("rev", "aaaa0002", [0, 1])
        ok, why = compare.churn_orders_differ(run_with(w))
        self.assertFalse(ok)
        self.assertIn("first frees", why)

    def test_old_kernel_without_signature_fails(self):
        w = self.good()
        del w["churn/64/fwd"]["free_sig"]
        self.assertFalse(compare.churn_orders_differ(run_with(w))[0])
        self.assertFalse(compare.churn_orders_differ(run_with({}))[0])


class TinyTraceTest(unittest.TestCase):
    def test_same_every_time_and_converts(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.kmt"), os.path.join(d, "b.kmt")
            compare.write_tiny_trace(a)
            compare.write_tiny_trace(b)
            with open(a) as fa, open(b) as fb:
                text = fa.read()
                self.assertEqual(text, fb.read())
            self.assertEqual(sum(ln.startswith("a ") for ln in text.splitlines()), 300)
            out = os.path.join(d, "tiny.kmtb")
            p = subprocess.run([os.path.join(SRCTREE, "scripts", "kmtrace"), "convert", a, out],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            # Big enough that the truncated copy (100 bytes short) keeps its header.
            self.assertGreater(os.path.getsize(out), 1000)
            trunc, corrupt, empty = compare.broken_modules(out, d)
            self.assertEqual(os.path.getsize(trunc), os.path.getsize(out) - 100)
            self.assertEqual(os.path.getsize(empty), 64)     # a header alone
            for broken, why in ((trunc, "length mismatch"), (corrupt, "checksum mismatch"),
                                (empty, "no allocations")):
                p = subprocess.run([os.path.join(SRCTREE, "scripts", "kmtrace"), "verify",
                                    broken], capture_output=True, text=True)
                self.assertNotEqual(p.returncode, 0, broken)
                self.assertIn(f"bad module: {why}", p.stderr)


class InTreeTracesTest(unittest.TestCase):
    def test_defaults_are_the_traces_shipped_in_the_tree(self):
        """A lone clone has its real traces: compare's default directory is in the tree."""
        self.assertEqual(compare.TRACE_DIR, os.path.join(SRCTREE, "tools", "mm", "traces"))
        for name in ("build.kmt.xz", "fs.kmt.xz"):
            self.assertTrue(os.path.isfile(os.path.join(compare.TRACE_DIR, name)), name)

    def test_default_run_replays_every_in_tree_trace(self):
        """make compare without TRACE= converts each tools/mm/traces/*.kmt.xz."""
        seen = []

        def fake_convert(traces, out_dir, limit):
            seen.extend(traces)
            raise SystemExit(99)
        with tempfile.TemporaryDirectory() as d, \
                mock.patch.object(compare.shutil, "which", return_value="/usr/bin/true"), \
                mock.patch.object(compare, "convert_traces", side_effect=fake_convert), \
                redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()), \
                self.assertRaises(SystemExit):
            compare.main(["--out", d, "--no-scale"])
        self.assertEqual([os.path.basename(t) for t in seen], ["build.kmt.xz", "fs.kmt.xz"])
        self.assertTrue(all(os.path.dirname(t) == compare.TRACE_DIR for t in seen), seen)

    def test_nothing_in_the_tree_reaches_outside_it(self):
        """No tracked file refers to the directory beside the clone that
        held the traces before they moved into tools/mm/traces."""
        old_home = "/".join(["..", "shared"])   # spelt so that this file names it nowhere
        p = subprocess.run(["git", "-C", SRCTREE, "grep", "-n", "-I", "-F", "-e", old_home,
                            "-e", old_home[3:] + "/traces", "--", "."],
                           capture_output=True, text=True)
        if p.returncode == 128:
            self.skipTest("not a git checkout: " + p.stderr.strip())
        self.assertEqual(p.stdout, "", "references outside the tree:\n" + p.stdout)


class BootPlanTest(unittest.TestCase):
    """Which boots plan_variant() plans and run_variant() makes, joined
    into runs as one machine does (shard.join()): no figure depends on
    the other traces of the run (issue 16)."""

    def plan(self, flags=(), modules=("/m/build.kmtb", "/m/fs.kmtb"), no_scale=True):
        booted = []

        def fake_boot(spec, a):
            booted.append(dict(spec))
            run = compare.parse.parse_log("")
            run.update({"id": spec["id"], "variant": spec["variant"], "mem": spec["mem"],
                        "kind": spec["kind"], "log": "x", "complete": True,
                        "status": "passed"})
            return run
        a = mock.Mock(mem="128M", no_scale=no_scale, out="/nonexistent",
                      slow_modules=["/m/build-50k.kmtb", "/m/fs-50k.kmtb"])
        v = backends.Variant("v", "v_defconfig", flags=flags)
        with mock.patch.object(compare, "build", return_value="/b/vmlinux"), \
                mock.patch.object(compare, "boot", side_effect=fake_boot):
            boots = compare.run_variant(v, a, compare.plan_variant(v, a, list(modules), {}))
        self.assertEqual([b["seq"] for b in boots], list(range(len(boots))))
        return booted, compare.shard.join(boots)

    def test_variants_build_the_uniprocessor_kernel(self):
        # The defconfigs are CONFIG_SMP=y; compare's figures and budgets
        # are the uniprocessor kernel's, and a variant's own lines come
        # after the pin (so one may turn CONFIG_SMP back on).
        a = mock.Mock(mem="128M", no_scale=True, out="/nonexistent", slow_modules=[])
        v = backends.Variant("v", "v_defconfig", ["CONFIG_SMP=y"])
        with mock.patch.object(compare, "build", return_value=None) as build:
            compare.run_variant(v, a, compare.plan_variant(v, a, [], {}))
        self.assertEqual(build.call_args[0][2], ["# CONFIG_SMP is not set", "CONFIG_SMP=y"])

    def test_synthetic_workloads_boot_without_traces(self):
        for flags in ((), ("never-frees",)):
            booted, runs = self.plan(flags)
            self.assertEqual(booted[0]["modules"], [], flags)
            self.assertEqual(booted[0]["filter"], "*")
            # one boot per trace, each with that trace alone
            self.assertEqual([b["modules"] for b in booted[1:]],
                             [["/m/build.kmtb"], ["/m/fs.kmtb"]])
            self.assertTrue(all(b["filter"] == "trace/*" for b in booted[1:]))
            self.assertEqual(len({b["suffix"] for b in booted[1:]}), 2)
            self.assertEqual(len(runs), 1, "joined into one run")
            self.assertEqual([b["unit"] for b in booted],
                             [("v", "128M", "synthetic"), ("v", "128M", "trace/build"),
                              ("v", "128M", "trace/fs")])

    def test_scaling_runs_boot_once_per_trace(self):
        booted, runs = self.plan(no_scale=False)
        scale = [b for b in booted if b["kind"] == "scale"]
        self.assertEqual(len(scale), 2 * len(compare.SCALE_MEMS))
        self.assertTrue(all(len(b["modules"]) == 1 for b in scale))
        self.assertEqual([r["mem"] for r in runs], ["128M"] + compare.SCALE_MEMS)

    def test_slow_variant_replays_every_trace_capped(self):
        booted, _ = self.plan(("slow",), no_scale=False)
        self.assertEqual([b["modules"] for b in booted],
                         [[], ["/m/build-50k.kmtb"], ["/m/fs-50k.kmtb"]])

    def test_slow_cap_names_the_trace(self):
        """The capped trace's workload says so: trace/NAME-50k."""
        seen = []

        def fake_convert(traces, out_dir, limit):
            seen.append(limit)
            return [os.path.join(out_dir, f"x-{limit // 1000}k.kmtb") if limit else "x.kmtb"]
        with tempfile.TemporaryDirectory() as d, \
                mock.patch.object(compare.shutil, "which", return_value="/usr/bin/true"), \
                mock.patch.object(compare, "convert_traces", side_effect=fake_convert), \
                mock.patch.object(compare, "run_variant", side_effect=SystemExit(99)), \
                redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()), \
                self.assertRaises(SystemExit):
            compare.main(["--out", d, "--no-scale", "--variant", "firstfit-list"])
        self.assertEqual(seen, [0, compare.SLOW_LIMIT])
        self.assertEqual(compare.trace_name("/o/traces/kbuild-50k.kmtb"), "trace/kbuild-50k")


class NoConfigTest(unittest.TestCase):
    def test_compare_needs_no_dot_config(self):
        """make compare builds its own configs: it neither writes a .config
        nor says "No configuration in .config" (make -n: nothing runs)."""
        for target in ("compare", "check-compare"):
            with tempfile.TemporaryDirectory() as d:
                p = subprocess.run(["make", "-n", "-s", "-C", SRCTREE, f"O={d}", target],
                                   capture_output=True, text=True, stdin=subprocess.DEVNULL)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertNotIn("No configuration", p.stdout + p.stderr)
                self.assertFalse(os.path.exists(os.path.join(d, ".config")), target)
                self.assertIn("scripts/compare --out", p.stdout)


class CheckVariantsTest(unittest.TestCase):
    def test_make_compare_builds_the_backends_alone_by_default(self):
        every = backends.variants(SRCTREE)
        base = {name for name, _, _ in backends.backends(SRCTREE)}
        self.assertGreater(len(every), len(base))       # the tree has option variants
        names = [v.name for v in compare.selected_variants(every, base, [], False)]
        self.assertEqual(sorted(names), sorted(base))
        self.assertEqual(len(compare.selected_variants(every, base, [], True)), len(every))
        picked = compare.selected_variants(every, base, ["slob-freeptr", "tlsf"], False)
        self.assertEqual(sorted(v.name for v in picked), ["slob-freeptr", "tlsf"])

    def test_slow_and_no_check_variants_are_left_out(self):
        names = [v.name for v in compare.check_variants(backends.variants(SRCTREE))]
        self.assertIn("buddy_slab", names)
        self.assertNotIn("firstfit-list", names)
        self.assertNotIn("buddy_slab-hardened", names)
        self.assertNotIn("tlsf-hardened", names)


class MissingTracesTest(unittest.TestCase):
    def test_message_names_the_file_and_where_it_looked(self):
        """A deleted in-tree trace: the check fails saying what and where, before booting."""
        with tempfile.TemporaryDirectory() as d, \
                mock.patch.object(compare, "TRACE_DIR", os.path.join(d, "traces")), \
                mock.patch.object(compare.shutil, "which", return_value="/usr/bin/true"), \
                mock.patch.object(compare, "convert_traces", side_effect=SystemExit(99)):
            err = io.StringIO()
            with redirect_stderr(err), redirect_stdout(io.StringIO()), \
                    self.assertRaises(SystemExit):
                compare.main(["--check", "--out", d])
        msg = err.getvalue()
        self.assertIn("build.kmt.xz not found", msg)
        self.assertIn(os.path.join(d, "traces", "build.kmt.xz"), msg)
        self.assertIn("git checkout -- tools/mm/traces", msg)
        self.assertIn("TRACE=", msg)


if __name__ == "__main__":
    unittest.main()
