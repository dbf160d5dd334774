# SPDX-License-Identifier: GPL-2.0
"""The backends and compare variants are found in the tree, not listed in
code (scripts/kmlab_lib/backends.py).

A copy of scripts/, configs/ and mm/Kconfig with one more entry in the
heap-allocator choice and its configs/fake_defconfig: scripts/ktest run
--all, scripts/compare and scripts/coverage take the new backend with no
edit to any script. The real tree: every choice entry has its defconfig,
the shipped extra variant is read.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
from kmlab_lib import backends  # noqa: E402

PYTHON = "/usr/bin/python3"
FAKE_ENTRY = textwrap.dedent("""\
    config KMALLOC_FAKE
    \tbool "fake: a backend that exists only in this test"
    \thelp
    \t  Added by tools/testing/discovery/test_discovery.py.

    endchoice
    """)


def fake_tree(root):
    """Copy what discovery reads into @root and add the fake backend."""
    shutil.copytree(os.path.join(SRCTREE, "scripts"), os.path.join(root, "scripts"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(os.path.join(SRCTREE, "configs"), os.path.join(root, "configs"))
    os.makedirs(os.path.join(root, "mm"))
    with open(os.path.join(SRCTREE, "mm", "Kconfig")) as f:
        kconfig = f.read()
    assert kconfig.count("\nendchoice\n") == 1, "mm/Kconfig has one choice"
    with open(os.path.join(root, "mm", "Kconfig"), "w") as f:
        f.write(kconfig.replace("endchoice\n", FAKE_ENTRY, 1))
    with open(os.path.join(root, "configs", "fake_defconfig"), "w") as f:
        f.write("CONFIG_KMALLOC_FAKE=y\n")
    # A make that only says what it was asked: nothing is built.
    bindir = os.path.join(root, "bin")
    os.makedirs(bindir)
    with open(os.path.join(bindir, "make"), "w") as f:
        f.write("#!/bin/sh\necho \"fake make $*\"\nexit 1\n")
    os.chmod(os.path.join(bindir, "make"), 0o755)
    return bindir


class NewBackend(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="kmlab-discovery-")
        cls.root = cls.tmp.name
        cls.bindir = fake_tree(cls.root)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_script(self, *args):
        env = dict(os.environ, PATH=self.bindir + os.pathsep + os.environ["PATH"])
        return subprocess.run([PYTHON, os.path.join(self.root, "scripts", args[0])]
                              + list(args[1:]), capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, env=env, cwd=self.root)

    def test_discovered_in_choice_order(self):
        names = [b[0] for b in backends.backends(self.root)]
        self.assertEqual(names[-1], "fake")
        self.assertEqual(names[:-1], [b[0] for b in backends.backends(SRCTREE)])
        self.assertIn("fake", [v.name for v in backends.variants(self.root)])

    def test_ktest_all_runs_it(self):
        out = os.path.join(self.root, "build", "ktest")
        p = self.run_script("ktest", "run", "--all", "--build-dir", out)
        # Every build fails (the fake make): status 3, one run per defconfig.
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn("Configuring fake_defconfig", p.stdout)
        self.assertRegex(p.stdout, r"\[\d+/\d+\] fake_defconfig")

    def test_compare_knows_it(self):
        p = self.run_script("compare", "--variant", "nosuch")
        self.assertEqual(p.returncode, 2)
        self.assertRegex(p.stderr, r"known: .*\bfake\b")

    def test_coverage_knows_it(self):
        p = self.run_script("coverage", "--defconfig", "nosuch_defconfig")
        self.assertEqual(p.returncode, 2)
        self.assertRegex(p.stderr, r"the backends are: .*\bfake_defconfig\b")


class RealTree(unittest.TestCase):
    def test_every_choice_entry_has_one_defconfig(self):
        syms = backends.heap_choice(SRCTREE)
        self.assertGreaterEqual(len(syms), 4)
        found = [b[2] for b in backends.backends(SRCTREE)]
        self.assertEqual(sorted(found), sorted(syms))

    def test_examples_are_not_backends(self):
        names = [b[1] for b in backends.backends(SRCTREE)]
        self.assertIn("ktest_examples_defconfig", backends.defconfigs(SRCTREE))
        self.assertNotIn("ktest_examples_defconfig", names)

    def test_extra_variant_from_the_data_file(self):
        v = {v.name: v for v in backends.variants(SRCTREE)}
        self.assertEqual(v["firstfit-list"].defconfig, "firstfit_defconfig")
        self.assertEqual(v["firstfit-list"].fragment,
                         ["# CONFIG_FIRSTFIT_TREE_INDEX is not set"])

    def test_hardening_variants_are_for_the_figures_only(self):
        v = {v.name: v for v in backends.variants(SRCTREE)}
        self.assertEqual(v["buddy_slab-hardened"].fragment,
                         ["CONFIG_SLAB_FREELIST_HARDENED=y",
                          "CONFIG_SLAB_FREELIST_RANDOM=y"])
        self.assertIn("no-check", v["buddy_slab-hardened"].flags)


class VariantsFile(unittest.TestCase):
    def write(self, text):
        fd, path = tempfile.mkstemp(prefix="kmlab-variants-")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        self.addCleanup(os.remove, path)
        return path

    def test_bad_word_names_the_line(self):
        path = self.write("# c\nx firstfit_defconfig fast\n")
        with self.assertRaisesRegex(backends.DiscoveryError, r":2: unknown word 'fast'"):
            backends.read_variants(path)

    def test_no_defconfig(self):
        path = self.write("x\n")
        with self.assertRaisesRegex(backends.DiscoveryError, r":1: want 'NAME"):
            backends.read_variants(path)

    def test_backend_line_gives_flags_only(self):
        path = self.write("slob slob_defconfig CONFIG_X=y\n")
        with self.assertRaisesRegex(backends.DiscoveryError, r"slob is a backend"):
            backends.variants(SRCTREE, path)

    def test_extra_variant_without_its_backend_is_left_out(self):
        path = self.write("nosuch-list nosuch_defconfig CONFIG_X=n slow\n")
        names = [v.name for v in backends.variants(SRCTREE, path)]
        self.assertNotIn("nosuch-list", names)
        self.assertIn("slob", names)

    def test_no_choice(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "mm"))
            with open(os.path.join(d, "mm", "Kconfig"), "w") as f:
                f.write("config FOO\n\tbool\n")
            with self.assertRaisesRegex(backends.DiscoveryError, "no choice"):
                backends.heap_choice(d)


if __name__ == "__main__":
    unittest.main()
