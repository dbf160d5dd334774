# SPDX-License-Identifier: GPL-2.0
"""The Kconfig targets Linux users type: nconfig, allnoconfig, allyesconfig,
alldefconfig, randconfig (KCONFIG_SEED, KCONFIG_ALLCONFIG), helpnewconfig,
and oldconfig's "(NEW)" mark.

Each test configures a temporary O= directory; nothing is built.
Run: /usr/bin/python3 -m unittest tools.testing.kconfig.test_kconfig_targets
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from tools.testing.kmlab_host import ENV, SRCTREE, make

BACKENDS = ("KMALLOC_BUMP", "KMALLOC_FIRSTFIT", "KMALLOC_BUDDY_SLAB",
            "KMALLOC_SLOB", "KMALLOC_TLSF")

# The heap hardening options each backend offers (mm/Kconfig.hardening;
# INIT_ON_ALLOC_FREE and KMALLOC_QUARANTINE build in what the others turn
# on): what the hardening set of make check-randconfig pins and what each
# NAME-hardened_all variant of scripts/compare-variants must have.
HARDENING_OFFERS = {
    "KMALLOC_BUMP": {"INIT_ON_ALLOC_FREE"},
    "KMALLOC_FIRSTFIT": {"SLAB_FREELIST_HARDENED", "KMALLOC_HEADER_CHECKSUM",
                         "INIT_ON_ALLOC_FREE", "KMALLOC_QUARANTINE"},
    "KMALLOC_BUDDY_SLAB": {"SLAB_FREELIST_HARDENED", "SLAB_FREELIST_RANDOM",
                           "SHUFFLE_PAGE_ALLOCATOR", "INIT_ON_ALLOC_FREE",
                           "KMALLOC_QUARANTINE"},
    "KMALLOC_SLOB": {"SLAB_FREELIST_HARDENED", "SLAB_FREELIST_RANDOM",
                     "SHUFFLE_PAGE_ALLOCATOR", "KMALLOC_HEADER_CHECKSUM",
                     "INIT_ON_ALLOC_FREE", "KMALLOC_QUARANTINE"},
    "KMALLOC_TLSF": {"SLAB_FREELIST_HARDENED", "SLAB_FREELIST_RANDOM",
                     "KMALLOC_HEADER_CHECKSUM", "INIT_ON_ALLOC_FREE",
                     "KMALLOC_QUARANTINE"},
}


def set_symbols(path):
    with open(path) as fh:
        return sorted(re.findall(r"^CONFIG_(\w+)=y$", fh.read(), re.M))


class KconfigTargetTest(unittest.TestCase):
    def setUp(self):
        self.objtree = tempfile.mkdtemp(prefix="kmlab-kconfigtest-")
        self.config = os.path.join(self.objtree, ".config")

    def tearDown(self):
        shutil.rmtree(self.objtree, ignore_errors=True)

    def randconfig(self, seed, *extra):
        proc = make(self.objtree, "randconfig", f"KCONFIG_SEED={seed}", *extra)
        return proc.stdout, set_symbols(self.config)

    def test_randconfig_seed_repeats_a_configuration(self):
        out, first = self.randconfig(5)
        self.assertIn("KCONFIG_SEED=0x5", out)
        _, again = self.randconfig("0x5")
        self.assertEqual(first, again)

    def test_randconfig_reaches_every_backend_and_option(self):
        seen = set()
        configs = set()
        for seed in range(1, 25):
            _, syms = self.randconfig(seed)
            backends = [b for b in BACKENDS if b in syms]
            self.assertEqual(len(backends), 1, syms)
            seen.update(syms)
            configs.add(tuple(syms))
        for sym in BACKENDS + ("KMALLOC_POISON", "KMALLOC_REDZONE", "KTEST",
                               "KBENCH", "GCOV_KERNEL", "SLAB_MERGE_DEFAULT"):
            self.assertIn(sym, seen)
        self.assertGreater(len(configs), 20)

    def test_randconfig_keeps_what_allconfig_pins(self):
        pins = os.path.join(self.objtree, "pins")
        with open(pins, "w") as fh:
            fh.write("CONFIG_KMALLOC_SLOB=y\n"
                     "# CONFIG_KTEST_EXAMPLES_FAIL is not set\n")
        for seed in range(1, 9):
            _, syms = self.randconfig(seed, f"KCONFIG_ALLCONFIG={pins}")
            self.assertIn("KMALLOC_SLOB", syms)
            self.assertNotIn("KTEST_EXAMPLES_FAIL", syms)

    def test_randconfig_pins_of_ktest_keep_smp_off(self):
        # scripts/ktest run --randconfig pins CONFIG_SMP off while it is
        # not the default (Documentation/core-api/smp.rst).
        sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
        from ktest_lib.randconfig import RANDCONFIG_PINS
        pins = os.path.join(self.objtree, "pins")
        with open(pins, "w") as fh:
            fh.write(RANDCONFIG_PINS)
        for seed in range(1, 9):
            _, syms = self.randconfig(seed, f"KCONFIG_ALLCONFIG={pins}")
            self.assertIn("KTEST", syms)
            self.assertNotIn("SMP", syms)
            self.assertNotIn("DEBUG_SPINLOCK", syms)

    def test_randconfig_hardening_set_pins_what_each_backend_offers(self):
        # make check-randconfig's hardening set: configs/hardening.config
        # and one backend pinned (scripts/Makefile.randconfig.mk).
        sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
        from ktest_lib.randconfig import pins_text
        from ktest_lib.runner import kconfig_fragment
        offers = HARDENING_OFFERS
        every = set().union(*offers.values())
        pins = os.path.join(self.objtree, "pins")
        for seed, backend in enumerate(BACKENDS, 16):
            lines = kconfig_fragment(
                os.path.join(SRCTREE, "configs", "hardening.config"),
                [f"CONFIG_{backend}=y"])
            with open(pins, "w") as fh:
                fh.write(pins_text(lines))
            _, syms = self.randconfig(seed, f"KCONFIG_ALLCONFIG={pins}")
            self.assertIn(backend, syms)
            self.assertIn("KTEST", syms)
            self.assertEqual(every & set(syms), offers[backend], backend)

    def test_hardened_all_variants_have_every_option(self):
        # scripts/compare-variants: NAME-hardened_all is NAME_defconfig
        # with every hardening option NAME offers (nothing is built).
        every = set().union(*HARDENING_OFFERS.values())
        path = os.path.join(SRCTREE, "scripts", "compare-variants")
        with open(path) as fh:
            lines = [ln.split() for ln in fh
                     if ln.split() and not ln.startswith("#")]
        seen = set()
        for words in lines:
            name = words[0]
            if not name.endswith("-hardened_all"):
                continue
            backend = "KMALLOC_" + name[:-len("-hardened_all")].upper()
            syms = {w[len("CONFIG_"):-len("=y")] for w in words
                    if w.startswith("CONFIG_") and w.endswith("=y")}
            self.assertEqual(syms & every, HARDENING_OFFERS[backend], name)
            seen.add(backend)
        self.assertEqual(seen, set(BACKENDS))

    def test_randconfig_bad_seed_is_one_line(self):
        proc = make(self.objtree, "randconfig", "KCONFIG_SEED=abc", check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("KCONFIG_SEED=abc is not a number", proc.stdout)
        self.assertNotIn("Traceback", proc.stdout)

    def test_all_configs(self):
        make(self.objtree, "allnoconfig")
        no = set_symbols(self.config)
        self.assertNotIn("KTEST", no)
        make(self.objtree, "allyesconfig")
        yes = set_symbols(self.config)
        for sym in ("KTEST", "KBENCH", "KMALLOC_POISON", "KMALLOC_REDZONE"):
            self.assertIn(sym, yes)
        make(self.objtree, "alldefconfig")
        dflt = set_symbols(self.config)
        self.assertIn("KMALLOC_BUDDY_SLAB", dflt)
        self.assertIn("SLAB_MERGE_DEFAULT", dflt)
        self.assertNotIn("KBENCH", dflt)

    def test_helpnewconfig_and_oldconfig_name_new_symbols(self):
        make(self.objtree, "defconfig")
        with open(self.config) as fh:
            text = fh.read()
        with open(self.config, "w") as fh:
            fh.write("".join(l for l in text.splitlines(True)
                             if "KBENCH" not in l))
        out = make(self.objtree, "helpnewconfig").stdout
        self.assertIn("Value of CONFIG_KBENCH is 'n'", out)
        self.assertIn("allocator benchmarks", out)
        proc = subprocess.run(["make", "-C", SRCTREE, f"O={self.objtree}",
                               "oldconfig"], input="\n", text=True, env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        self.assertRegex(proc.stdout, r"\(KBENCH,.*\[N/y\] \(NEW\)")

    def test_nconfig_is_a_target(self):
        make(self.objtree, "defconfig")
        proc = make(self.objtree, "nconfig", check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("nconfig needs a terminal", proc.stdout)


if __name__ == "__main__":
    unittest.main()
