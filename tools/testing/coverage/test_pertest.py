# SPDX-License-Identifier: GPL-2.0
"""Per-test coverage: each line is put on the cases that ran it.

Boots the shared coverage kernel (kernel.py; CONFIG_GCOV_COUNT_TEST builds
kernel/gcov_pertest_test.c, a suite whose cases run known lines, each
marked "GCOV_PERTEST: CASES" in the source) with gcov.per_test=1 and only
that suite, then checks what scripts/gcov-extract --per-test,
kmlab_lib/pertest.py and "scripts/coverage which / per-test" say about
those lines against the markers, that the dumps add up to a plain boot,
and that bad arguments are one-line usage errors.
Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_pertest
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from tools.testing.coverage.kernel import GCOV, PYTHON, EXTRACT, boot, coverage_kernel
from tools.testing.kmlab_host import SRCTREE

sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
from kmlab_lib import pertest  # noqa: E402

COVERAGE = os.path.join(SRCTREE, "scripts", "coverage")
SOURCE = "kernel/gcov_pertest_test.c"
SUITE = "gcov_pertest"
CASES = ["first", "second", "param.one", "param.two", "repeat"]
CMDLINE = f"ktest.filter_glob={SUITE}"


def markers():
    """{line: set of full case names} from the GCOV_PERTEST comments."""
    out = {}
    with open(os.path.join(SRCTREE, SOURCE)) as f:
        for n, text in enumerate(f, 1):
            m = re.search(r"/\* GCOV_PERTEST: ([\w. ]+) \*/", text)
            if m:
                names = CASES if m.group(1) == "all" else m.group(1).split()
                out[n] = {f"{SUITE}.{c}" for c in names}
    return out


def record(info, source):
    """The DA lines of @source in an lcov tracefile, summed over its tests."""
    da, cur = {}, None
    with open(info) as f:
        for line in f:
            line = line.strip()
            if line.startswith("SF:"):
                cur = line[3:].endswith(source)
            elif cur and line.startswith("DA:"):
                n, c = line[3:].split(",")[:2]
                da[int(n)] = da.get(int(n), 0) + int(c)
    return da


class PerTestTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objtree = coverage_kernel()
        cls.tmp = tempfile.mkdtemp(prefix="kmlab-pertest-")
        cls.capture = os.path.join(cls.tmp, "com2.bin")
        rc = boot(cls.objtree, f"gcov.per_test=1 {CMDLINE}", cls.capture)
        assert rc == 0, f"per-test boot failed ({rc})"
        cls.dumps = os.path.join(cls.tmp, "per-test")
        p = subprocess.run([PYTHON, EXTRACT, "--build-dir", cls.objtree,
                            "--per-test", cls.dumps, cls.capture],
                           capture_output=True, text=True)
        assert p.returncode == 0, p.stdout + p.stderr
        cls.info = os.path.join(cls.tmp, "per-test.info")
        with open(cls.info, "w") as info, open(os.path.join(cls.tmp, "d"), "w") as desc:
            files, tests = pertest.convert(os.path.join(cls.dumps, "tests.json"),
                                           "test_defconfig", SRCTREE, GCOV, info, desc, {})
        pertest.write_json(os.path.join(cls.tmp, "per-test.json"), ["test_defconfig"],
                           [(files, tests)])
        cls.tests = tests

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def coverage(self, *args):
        return subprocess.run([COVERAGE] + list(args), capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)

    def test_markers_present(self):
        self.assertEqual(len(markers()), 5, "the suite's GCOV_PERTEST markers")

    def test_one_dump_per_case_named_in_full(self):
        names = [t["test"] for t in self.tests if t["test"]]
        self.assertEqual(names, [f"{SUITE}.{c}" for c in CASES])

    def test_which_names_exactly_the_marked_cases(self):
        for line, want in markers().items():
            p = self.coverage("which", "--out", self.tmp, "--json", f"{SOURCE}:{line}")
            self.assertEqual(p.returncode, 0, p.stderr)
            got = json.loads(p.stdout)["tests"]
            self.assertEqual({t["test"] for t in got}, want, f"{SOURCE}:{line}")
            self.assertEqual({t["backend"] for t in got}, {"test_defconfig"})

    def test_which_text(self):
        line = min(n for n, c in markers().items() if c == {f"{SUITE}.second"})
        p = self.coverage("which", "--out", self.tmp, f"{SOURCE}:{line}")
        self.assertEqual(p.stdout, f"{SOURCE}:{line}: test_defconfig: {SUITE}.second\n")

    def test_per_test_unique_lines(self):
        p = self.coverage("per-test", "--out", self.tmp, "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        r = json.loads(p.stdout)
        cases = {c["test"]: c for c in r["cases"]}
        mark = markers()
        for name in ("second", "param.one", "param.two"):
            full = f"{SUITE}.{name}"
            own = [n for n, c in mark.items() if c == {full}]
            self.assertTrue(set(own) <= set(cases[full]["unique"].get(SOURCE, [])), full)
        # "repeat" runs the code of "first": neither has a line of its own,
        # so both come first in the list, fewest unique lines first.
        for name in ("first", "repeat"):
            self.assertEqual(cases[f"{SUITE}.{name}"]["unique_lines"], 0, name)
        self.assertEqual({c["test"] for c in r["cases"][:2]},
                         {f"{SUITE}.first", f"{SUITE}.repeat"})
        counts = [c["unique_lines"] for c in r["cases"]]
        self.assertEqual(counts, sorted(counts))
        self.assertEqual(r["single_case_lines"],
                         sum(map(len, r["single_case"].values())))
        self.assertIn(mark_line(mark, f"{SUITE}.second"), r["single_case"][SOURCE])
        self.assertNotIn(mark_line(mark, f"{SUITE}.first", f"{SUITE}.repeat"),
                         r["single_case"][SOURCE])

    def test_lcov_test_names(self):
        with open(self.info) as f:
            tns = {line[3:].strip() for line in f if line.startswith("TN:")}
        self.assertIn("test__gcov_pertest__param__one", tns)
        self.assertIn("test__outside_tests", tns)
        for tn in tns:
            self.assertRegex(tn, r"^\w+$")

    def test_dumps_add_up_to_a_plain_boot(self):
        # gcov-extract --per-test wrote the sum of the dumps in the build
        # directory: the suite's counts must be those of a plain boot.
        summed = os.path.join(self.tmp, "summed.info")
        plain = os.path.join(self.tmp, "plain.info")
        lcov = ["lcov", "-q", "--rc", "lcov_branch_coverage=1", "-c", "-d", self.objtree,
                "--gcov-tool", GCOV, "-t", "t", "-o"]
        # geninfo leaves gcov's output in its working directory while it
        # works: in the test's, not in the source tree.
        subprocess.run(lcov + [summed], check=True, capture_output=True, cwd=self.tmp)
        cap = os.path.join(self.tmp, "plain.bin")
        self.assertEqual(boot(self.objtree, CMDLINE, cap), 0)
        p = subprocess.run([PYTHON, EXTRACT, "--build-dir", self.objtree, cap],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        subprocess.run(lcov + [plain], check=True, capture_output=True, cwd=self.tmp)
        want = record(plain, SOURCE)
        self.assertTrue(any(want.values()))
        self.assertEqual(record(summed, SOURCE), want)
        self.assertEqual(record(self.info, SOURCE), want)

    def test_html_lists_the_cases_of_each_line(self):
        out = os.path.join(self.tmp, "html")
        subprocess.run(["genhtml", "-q", "--prefix", SRCTREE, "-o", out, self.info],
                       check=True, capture_output=True, cwd=self.tmp)
        doc = pertest.load(os.path.join(self.tmp, "per-test.json"))
        self.assertGreater(pertest.line_pages(doc, out), 0)
        with open(os.path.join(out, SOURCE + ".tests.html")) as f:
            rows = {int(m.group(1)): m.group(2) for m in
                    re.finditer(r'<tr id="L(\d+)".*?<td class="coverFile">(.*?)</td>', f.read())}
        with open(os.path.join(out, SOURCE + ".gcov.html")) as f:
            view = f.read()
        for line, want in markers().items():
            got = {c.split(" (")[0] for c in rows[line].split("<br>")}
            self.assertEqual(got, want, f"{SOURCE}:{line}")
            self.assertIn(f'<a name="{line}" href="gcov_pertest_test.c.tests.html#L{line}"',
                          view)

    def test_bad_arguments_are_one_line_usage_errors(self):
        mark = markers()
        comment = 1     # the SPDX line: no code
        for args in (["which", "--out", self.tmp, "mm/slab.c"],
                     ["which", "--out", self.tmp, f"{SOURCE}:x"],
                     ["which", "--out", self.tmp, "no/such.c:1"],
                     ["which", "--out", self.tmp, f"{SOURCE}:{comment}"],
                     ["which", "--out", os.path.join(self.tmp, "none"), f"{SOURCE}:1"],
                     ["per-test", "--out", os.path.join(self.tmp, "none")],
                     ["per-test", "--bogus"]):
            p = self.coverage(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertEqual(p.stdout, "", args)
            self.assertEqual(len(p.stderr.splitlines()), 1, (args, p.stderr))
            self.assertNotIn("Traceback", p.stderr)
        self.assertTrue(mark)

    def test_extract_wants_per_test_for_a_per_test_capture(self):
        out = os.path.join(self.tmp, "x")
        p = subprocess.run([PYTHON, EXTRACT, "--build-dir", self.objtree, self.capture],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--per-test", p.stderr)
        os.makedirs(out)
        with open(os.path.join(out, "keep"), "w") as f:
            f.write("not ours")
        p = subprocess.run([PYTHON, EXTRACT, "--build-dir", self.objtree,
                            "--per-test", out, self.capture], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertTrue(os.path.exists(os.path.join(out, "keep")))
        # Inside the build, lcov -c -d DIR would read the dumps as its own.
        inside = os.path.join(self.objtree, "per-test")
        p = subprocess.run([PYTHON, EXTRACT, "--build-dir", self.objtree,
                            "--per-test", inside, self.capture], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(len(p.stderr.splitlines()), 1)
        self.assertFalse(os.path.exists(inside))


def mark_line(mark, *names):
    """The first line marked as run by exactly the cases @names."""
    return min(n for n, c in mark.items() if c == set(names))


if __name__ == "__main__":
    unittest.main()
