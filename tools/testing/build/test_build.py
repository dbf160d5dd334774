# SPDX-License-Identifier: GPL-2.0
"""Tests of the build system: configuration targets, out-of-tree builds,
incremental rebuilds driven by headers and CONFIG_ symbols, V=1, help.

Each test builds in a temporary O= directory, never in the source tree;
BuildTest's, the first build without a .config, is the one the boot tests
boot (kmlab_host.default_kernel(): one build per run-host-tests).
Run: /usr/bin/python3 -m unittest tools.testing.build.test_build
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from tools.testing.kmlab_host import ENV, SRCTREE, default_kernel, make, release_kernel


def compiled(output):
    """Objects a build compiled, from its quiet "CC path" lines."""
    return sorted(o for o in re.findall(r"^\s+(?:CC|AS)\s+(\S+\.o)$", output, re.M)
                  if not o.startswith(".tmp_"))


class BuildTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The first build starts with no .config at all, as a user's first
        # "make" in a fresh clone does: test_build_without_config_... checks
        # what it printed and configured (one kernel build serves both, and
        # the boot tests: default_kernel()).
        cls.objtree, cls.first_build = default_kernel("kmlab-buildtest-")
        with open(os.path.join(cls.objtree, ".config")) as fh:
            cls.first_config = fh.read()

    @classmethod
    def tearDownClass(cls):
        release_kernel(cls.objtree)

    def test_out_of_tree_build_writes_into_objtree(self):
        self.assertTrue(os.path.isfile(os.path.join(self.objtree, "vmlinux")))
        self.assertTrue(os.path.isfile(os.path.join(self.objtree, "init", "main.o")))
        self.assertTrue(os.path.isfile(os.path.join(self.objtree, "include",
                                                    "generated", "autoconf.h")))
        self.assertTrue(os.path.isfile(os.path.join(self.objtree, "include",
                                                    "config", "auto.conf")))

    def test_build_without_config_starts_from_the_default(self):
        self.assertIn("No configuration", self.first_build)
        self.assertIn("make menuconfig", self.first_build)
        self.assertIn("CONFIG_X86_32=y", self.first_config)
        self.assertIn("LD      vmlinux", self.first_build)

    def test_second_build_compiles_nothing(self):
        out = make(self.objtree, "-j2").stdout
        self.assertEqual(compiled(out), [])
        self.assertNotIn("LD      vmlinux", out)

    def test_header_change_rebuilds_its_users_only(self):
        header = os.path.join(SRCTREE, "include", "kmlab", "kstrtox.h")
        users = set()
        for d, _, files in os.walk(SRCTREE):
            # Relative: the clone's own path may contain "tools" or "build".
            if os.path.relpath(d, SRCTREE).split(os.sep)[0] in (".git", "build", "tools"):
                continue
            # This build is i386: ARCH=host's sources are not in it.
            if os.path.relpath(d, SRCTREE).startswith(os.path.join("arch", "host")):
                continue
            for f in files:
                if f.endswith(".c"):
                    with open(os.path.join(d, f)) as fh:
                        obj = os.path.relpath(os.path.join(d, f[:-2] + ".o"), SRCTREE)
                        # Only objects this configuration builds (not,
                        # say, kernel/params_fuzz.o of CONFIG_KMALLOC_FUZZ).
                        if "<kmlab/kstrtox.h>" in fh.read() and \
                                os.path.exists(os.path.join(self.objtree, obj)):
                            users.add(obj)
        self.assertTrue(users, "no user of kstrtox.h found")
        import time
        st = os.stat(header)
        os.utime(header, (st.st_atime, time.time() + 2))
        try:
            out = make(self.objtree, "-j2").stdout
        finally:
            os.utime(header, (st.st_atime, st.st_mtime))
        self.assertEqual(set(compiled(out)), users)

    def test_config_change_rebuilds_exactly_the_users_of_the_symbol(self):
        sym = "CONFIG_BOCHS_MAGIC_BREAK"
        # Sources that mention the symbol directly or through a header.
        out = make(self.objtree, "-j2").stdout
        config = os.path.join(self.objtree, ".config")
        with open(config) as fh:
            text = fh.read()
        with open(config, "a") as fh:
            fh.write(f"{sym}=y\n")
        try:
            out = make(self.objtree, "-j2").stdout
            rebuilt = set(compiled(out))
            users = set()
            for d, _, files in os.walk(self.objtree):
                for f in files:
                    if f.startswith(".") and f.endswith(".o.cmd"):
                        with open(os.path.join(d, f)) as fh:
                            if "config/bochs/magic/break.h" in fh.read():
                                users.add(os.path.relpath(os.path.join(d, f[1:-4]),
                                                          self.objtree))
            self.assertEqual(rebuilt, users)
            with open(os.path.join(self.objtree, "include", "generated",
                                   "autoconf.h")) as fh:
                self.assertIn(f"#define {sym} 1", fh.read())
        finally:
            with open(config, "w") as fh:
                fh.write(text)
            make(self.objtree, "-j2")

    def test_compile_commands_json_lists_every_c_file(self):
        import json
        with open(os.path.join(self.objtree, "compile_commands.json")) as fh:
            entries = json.load(fh)
        files = {os.path.relpath(e["file"], SRCTREE) for e in entries}
        self.assertIn("init/main.c", files)
        self.assertIn("lib/vsprintf.c", files)
        self.assertTrue(all("-m32" in e["command"] for e in entries))

    def test_v1_shows_the_commands(self):
        obj = os.path.join(self.objtree, "lib", "string.o")
        os.remove(obj)
        out = make(self.objtree, "V=1").stdout
        self.assertRegex(out, r"gcc .*-ffreestanding.*-c -o \S*lib/string\.o")


class ConfigTargetTest(unittest.TestCase):
    def setUp(self):
        self.objtree = tempfile.mkdtemp(prefix="kmlab-configtest-")

    def tearDown(self):
        shutil.rmtree(self.objtree, ignore_errors=True)

    def test_unknown_defconfig_lists_the_existing_ones(self):
        proc = make(self.objtree, "nosuch_defconfig", check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("no such defconfig: configs/nosuch_defconfig", proc.stdout)
        for f in os.listdir(os.path.join(SRCTREE, "configs")):
            if f.endswith("_defconfig"):
                self.assertIn(f, proc.stdout)

    def test_savedefconfig_round_trips(self):
        make(self.objtree, "defconfig")
        with open(os.path.join(self.objtree, ".config"), "a") as fh:
            fh.write("CONFIG_BOCHS_MAGIC_BREAK=y\n")
        make(self.objtree, "olddefconfig")
        with open(os.path.join(self.objtree, ".config")) as fh:
            before = fh.read()
        make(self.objtree, "savedefconfig")
        saved = os.path.join(self.objtree, "defconfig")
        with open(saved) as fh:
            self.assertIn("CONFIG_BOCHS_MAGIC_BREAK=y", fh.read())
        other = tempfile.mkdtemp(prefix="kmlab-configtest-")
        try:
            make(other, "defconfig", f"KBUILD_DEFCONFIG={saved}")
            with open(os.path.join(other, ".config")) as fh:
                after = fh.read()
        finally:
            shutil.rmtree(other, ignore_errors=True)
        strip = lambda t: [l for l in t.splitlines()
                           if l and not l.startswith("# ") or l.endswith("is not set")]
        self.assertEqual(strip(before), strip(after))

    def test_clean_in_a_copy_of_the_tree_keeps_every_tracked_file(self):
        # make clean in the source tree (no O=), as in a fresh clone: it
        # may delete build outputs only, never a file git tracks.
        tracked = subprocess.run(["git", "-C", SRCTREE, "ls-files", "-z"],
                                 stdout=subprocess.PIPE, check=True,
                                 stdin=subprocess.DEVNULL).stdout
        names = [n for n in tracked.decode().split("\0")
                 if n and os.path.isfile(os.path.join(SRCTREE, n))]
        self.assertIn("Makefile", names)
        for name in names:
            dst = os.path.join(self.objtree, name)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(SRCTREE, name), dst)
        proc = subprocess.run(["make", "-C", self.objtree, "clean"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True, env=ENV)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        gone = [n for n in names
                if not os.path.isfile(os.path.join(self.objtree, n))]
        self.assertEqual(gone, [])

    def test_help_lists_targets(self):
        out = make(self.objtree, "help").stdout
        for target in ("menuconfig", "savedefconfig", "run", "check", "iso",
                       "mrproper", "O=DIR", "V=1"):
            self.assertIn(target, out)


if __name__ == "__main__":
    unittest.main()
