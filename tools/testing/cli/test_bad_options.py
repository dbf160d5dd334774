# SPDX-License-Identifier: GPL-2.0
"""Every host script's options with bad values, from one table.

Each row runs a script (or make) as a user would, with one option given a
value of a kind that must be refused: not a number, nan, infinity, 0, a
negative or huge number, an empty string, a path that cannot be written
(a directory, under a file, under /proc) or a path inside the source
tree. Every row must end with:

  - the script's usage exit status (2; bochs-run's is 6, its 2 being a
    kernel panic), before anything is booted or built;
  - one line saying what is wrong (argparse's "usage:" synopsis aside),
    naming the option or value;
  - no Python traceback;
  - nothing written: the scratch directory, the source tree (git status)
    and /proc as they were.

{tmp} is a fresh scratch directory, {file} a regular file in it, {src}
the source tree. The scripts run from {tmp}, with no stdin.
Run: /usr/bin/python3 -m unittest discover -s tools/testing/cli
"""
import os
import subprocess
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PYTHON = "/usr/bin/python3"


def script(name):
    return [PYTHON, os.path.join(SRCTREE, "scripts", name)]


RUN_QEMU = script("run-qemu") + ["--boot", "kernel", "--kernel", "{file}"]
BOCHS = script("bochs-run") + ["--check", "--iso", "{file}", "--dir", "{tmp}/bochs"]
COVERAGE = script("coverage") + ["--defconfig", "no_such_defconfig"]

NUMBERS = ["nan", "inf", "-inf", "0", "-1", "", "soon", "1e999"]
PATHS_FILE = ["", "{tmp}", "{file}/x.log", "/proc/kmlab-test.log",
              "/proc/nonexistent/x.log", "{src}/README.md", "{src}/mm/x.log"]

ROWS = []       # (argv, usage status, words the message must hold)
ROWS += [(RUN_QEMU + ["--timeout", v], 2, "--timeout") for v in NUMBERS]
for opt in ("--log", "--com2", "--debugcon"):
    ROWS += [(RUN_QEMU + [opt, v], 2, opt) for v in PATHS_FILE]
ROWS += [(script("run-qemu") + ["--boot", "iso", "--iso", "/etc/passwd"], 2,
          "not an ISO 9660 image")]

ROWS += [(BOCHS + ["--timeout", v], 6, "--timeout") for v in NUMBERS]
ROWS += [(BOCHS + ["--mem", v], 6, "--mem")
         for v in ("0", "0M", "-1", "", "nan", "99999999999G")]
ROWS += [(BOCHS + ["--ips", v], 6, "--ips") for v in ("0", "-1", "", "nan", "1e3")]
ROWS += [(script("bochs-run") + ["--check", "--iso", "{file}", "--dir", v], 6, "--dir")
         for v in ("", "{file}", "{file}/sub", "/proc/kmlab", "/proc/nonexistent/d",
                   "{src}", "{src}/mm")]

ROWS += [(COVERAGE + ["--timeout", v], 2, "--timeout") for v in NUMBERS]
ROWS += [(COVERAGE + ["--jobs", v], 2, "--jobs") for v in ("0", "-1", "", "nan")]
ROWS += [(COVERAGE + ["--out", v], 2, "--out")
         for v in ("", "{file}", "{file}/sub", "/proc/kmlab", "{src}", "{src}/mm")]
ROWS += [(["make", "-s", "-C", "{src}", "O=" + v, "defconfig"], 2, v)
         for v in ("/proc/kmlab", "{file}", "{file}/sub")]

KMTRACE = script("kmtrace")
ROWS += [(KMTRACE + ["convert", "{src}/README.md", "{tmp}/o.kmtb", "--limit", v], 2,
          "--limit") for v in ("-1", "", "nan", "1e3", "0x10")]
ROWS += [(KMTRACE + ["convert", "{file}", v], 2, "kmtrace: error: ")
         for v in ("", "{tmp}", "{file}", "{file}/x.kmtb", "/proc/x.kmtb")]
ROWS += [(KMTRACE + ["info", "{file}", "--limit", "-5"], 2, "--limit")]
KTEST = script("ktest")
ROWS += [(KTEST + ["run", "--timeout", v], 2, "--timeout")
         for v in ("nan", "0", "-1", "", "1e3")]
ROWS += [(KTEST + ["run", "--jobs", v], 2, "--jobs") for v in ("0", "-1", "")]
ROWS += [(KTEST + ["run", "--build-dir", v], 2, "--build-dir")
         for v in ("{src}", "{src}/mm", "")]
ROWS += [(KTEST + ["parse", "{file}", opt, v], 2, opt)
         for opt in ("--json", "--junit")
         for v in ("", "{tmp}", "{file}/x", "/proc/x.xml")]
GCOV = script("gcov-extract")
ROWS += [(GCOV + ["--build-dir", v, "{file}"], 2, "gcov-extract: ")
         for v in ("", "{tmp}", "{file}", "/proc", "/nonexistent")]
COMPARE = script("compare") + ["--trace", "/nonexistent.kmt"]
ROWS += [(COMPARE + ["--timeout", v], 2, "--timeout") for v in NUMBERS]
ROWS += [(COMPARE + [opt, v], 2, opt) for opt in ("--jobs", "--limit")
         for v in ("-1", "", "nan", "1e3")]
ROWS += [(COMPARE + ["--mem", v], 2, "--mem") for v in ("0", "-1", "", "nan", "1e3")]
ROWS += [(script("compare") + ["--report", v], 2, "compare: ")
         for v in ("", "{tmp}", "{file}", "/proc")]


class BadOptionTest(unittest.TestCase):
    def git_status(self):
        """The tree's status, ignored files included, but for what make
        check's other steps (check-steps -j) make and remove again while
        this test runs: build/, __pycache__/, the Makefile's O= probe
        .kmlab-probe."""
        out = subprocess.run(["git", "-C", SRCTREE, "status", "--porcelain",
                              "--ignored", "--untracked-files=all"],
                             capture_output=True, text=True).stdout
        return "".join(ln + "\n" for ln in out.splitlines()
                       if not ln[3:].startswith("build/") and "__pycache__/" not in ln
                       and ln[3:] != ".kmlab-probe")

    def scratch(self):
        tmp = tempfile.mkdtemp(prefix="kmlab-badopt-")
        self.addCleanup(subprocess.run, ["rm", "-rf", tmp])
        with open(os.path.join(tmp, "file"), "w") as f:
            f.write("not an image\n")
        return tmp

    def listing(self, tmp):
        out = []
        for root, dirs, files in os.walk(tmp):
            out += [os.path.join(root, n) for n in dirs + files]
        return sorted(out)

    def check_row(self, argv, status, words):
        tmp = self.scratch()
        subst = {"tmp": tmp, "file": os.path.join(tmp, "file"), "src": SRCTREE}
        argv = [a.format(**subst) for a in argv]
        words = words.format(**subst)
        before = (self.listing(tmp), self.git_status(), sorted(os.listdir("/proc")))
        p = subprocess.run(argv, cwd=tmp, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=120)
        out = p.stdout + p.stderr
        self.assertEqual(p.returncode, status, out)
        self.assertNotIn("Traceback", out)
        # argparse's synopsis ("usage: ..." and its indented continuation
        # lines) aside, one line.
        lines = [ln for ln in out.splitlines()
                 if not ln.startswith(("usage:", " "))]
        self.assertEqual(len(lines), 1, out)
        self.assertIn(words, lines[0])
        after = (self.listing(tmp), self.git_status(),
                 sorted(n for n in os.listdir("/proc") if not n.isdigit()))
        before = before[:2] + (sorted(n for n in before[2] if not n.isdigit()),)
        self.assertEqual(after, before)

    def test_rows(self):
        self.assertGreater(len(ROWS), 20)
        for argv, status, words in ROWS:
            with self.subTest(argv=" ".join(argv[1:])):
                self.check_row(argv, status, words)


if __name__ == "__main__":
    unittest.main()
