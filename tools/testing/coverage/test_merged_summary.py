# SPDX-License-Identifier: GPL-2.0
"""scripts/coverage's summary line and gate count a merged tracefile as
lcov does: a file built into every backend is one file, its lines hit
when any run hit them, not the sum of the runs' records.

Two hand-written tracefiles (two "backends" sharing mm/kmalloc.c, each
with a file of its own) are merged with lcov -a, as scripts/coverage
merges the runs, and the figures it prints are compared with
lcov --summary of the same merged file. No kernel is built.
Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_merged_summary
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from tools.testing.kmlab_host import SRCTREE, load_script


def load_coverage():
    return load_script("coverage", "kmlab_coverage")


def record(test, path, lines, funcs, branches):
    """One lcov record: @lines {line: count}, @funcs {name: count},
    @branches {(line, block, branch): taken or None}."""
    out = [f"TN:{test}", f"SF:{path}"]
    for i, name in enumerate(funcs):
        out.append(f"FN:{i + 1},{name}")
    for name, count in funcs.items():
        out.append(f"FNDA:{count},{name}")
    out += [f"FNF:{len(funcs)}", f"FNH:{sum(1 for c in funcs.values() if c)}"]
    for (l, b, br), taken in branches.items():
        out.append(f"BRDA:{l},{b},{br},{'-' if taken is None else taken}")
    out += [f"BRF:{len(branches)}",
            f"BRH:{sum(1 for t in branches.values() if t)}"]
    for l, c in lines.items():
        out.append(f"DA:{l},{c}")
    out += [f"LF:{len(lines)}", f"LH:{sum(1 for c in lines.values() if c)}",
            "end_of_record"]
    return "\n".join(out) + "\n"


@unittest.skipUnless(shutil.which("lcov"), "lcov missing (scripts/require lcov)")
class MergedSummaryTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kmlab-covsum-")
        self.cov = load_coverage()

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def lcov(self, *args):
        return subprocess.run(["lcov", "--rc", "lcov_branch_coverage=1"] + list(args),
                              capture_output=True, text=True, check=True,
                              stdin=subprocess.DEVNULL).stdout

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_summary_and_gate_equal_lcov_summary_of_the_merge(self):
        kmalloc = os.path.join(SRCTREE, "mm", "kmalloc.c")
        slab = os.path.join(SRCTREE, "mm", "slab.c")
        other = os.path.join(SRCTREE, "kernel", "printk.c")
        a = self.write("a.info",
                       record("bump", kmalloc, {10: 1, 11: 0, 12: 0, 13: 2},
                              {"kmalloc": 1, "kfree": 0},
                              {(10, 0, 0): 1, (10, 0, 1): None}) +
                       record("bump", other, {5: 1, 6: 0}, {"printk": 1}, {}))
        b = self.write("b.info",
                       record("slab", kmalloc, {10: 0, 11: 3, 12: 0, 13: 0},
                              {"kmalloc": 0, "kfree": 4},
                              {(10, 0, 0): None, (10, 0, 1): 2}) +
                       record("slab", slab, {1: 1, 2: 1, 3: 0}, {"f": 1}, {}))
        merged = os.path.join(self.dir, "merged.info")
        self.lcov("-q", "-a", a, "-a", b, "-o", merged)
        summary = self.lcov("--summary", merged) + ""
        want = {k: (int(h), int(f)) for k, h, f in re.findall(
            r"(lines|functions|branches)\.*: [\d.]+% \((\d+) of (\d+)", summary)}
        self.assertEqual(len(want), 3, summary)
        files = self.cov.read_info(merged)
        t = self.cov.totals(files)
        self.assertEqual({"lines": (t[0], t[1]), "functions": (t[2], t[3]),
                          "branches": (t[4], t[5])}, want)
        # mm/kmalloc.c: lines 10, 11, 13 of 4 hit in some run.
        self.assertEqual(files[kmalloc][:2], [3, 4])
        line = self.cov.summary_line(t)
        self.assertIn(f"({want['lines'][0]}/{want['lines'][1]})", line)
        gate = self.cov.totals(files, self.cov.GATE_DIRS)
        self.assertEqual(gate[:2], [5, 7])     # kmalloc.c 3/4 + slab.c 2/3


if __name__ == "__main__":
    unittest.main()
