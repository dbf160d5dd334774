# SPDX-License-Identifier: GPL-2.0
"""make help names every user target; targets that need no configuration
(help, clean, tags, cscope, check and its steps) do not create one; gen_compile_commands.py
and run-qemu end in one line or quietly, never in a traceback.

Nothing is built. Run:
/usr/bin/python3 -m unittest tools.testing.kconfig.test_kbuild_targets
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from tools.testing.kmlab_host import SRCTREE, make

# Phony targets that are not for users (make's own plumbing) and patterns.
NOT_USER_TARGETS = {"FORCE", "%_defconfig"}


class MakeHelpTest(unittest.TestCase):
    def setUp(self):
        self.objtree = tempfile.mkdtemp(prefix="kmlab-helptest-")

    def tearDown(self):
        shutil.rmtree(self.objtree, ignore_errors=True)

    def phony_targets(self):
        db = make(self.objtree, "-pn", "help").stdout
        m = re.search(r"^\.PHONY: (.*)$", db, re.M)
        self.assertIsNotNone(m, "no .PHONY line in make -p")
        return set(m.group(1).split()) - NOT_USER_TARGETS

    def test_help_lists_every_phony_target(self):
        targets = self.phony_targets()
        self.assertIn("check-kernel", targets)
        out = make(self.objtree, "help").stdout
        listed = set(re.findall(r"^  (\S+)", out, re.M))
        listed |= {w for l in re.findall(r"^  (\S+ / \S+)", out, re.M)
                   for w in l.split(" / ")}
        self.assertEqual(sorted(targets - listed), [])

    def test_targets_without_configuration_leave_no_config(self):
        for target in ("help", "clean", "tags", "cscope"):
            make(self.objtree, target)
            self.assertFalse(os.path.exists(os.path.join(self.objtree, ".config")),
                             target)
        self.assertFalse(os.path.exists(os.path.join(self.objtree, "include")))

    def test_check_and_its_steps_leave_no_config(self):
        """make check and every check-* step configure their own build
        directories. Dry runs (make -n still remakes the makefiles it
        includes, .config among them). make check with no step, since a
        dry run still runs a recipe line that names $(MAKE): check-steps
        then refuses to run nothing, which is not what is tested."""
        steps = sorted(t for t in self.phony_targets()
                       if t.startswith("check-") and t != "check-deps")
        self.assertIn("check-kernel", steps)
        for target in steps:
            make(self.objtree, "-n", target)
            self.assertFalse(os.path.exists(os.path.join(self.objtree, ".config")),
                             target)
        make(self.objtree, "-n", "check", "CHECK_STEPS=", check=False)
        self.assertFalse(os.path.exists(os.path.join(self.objtree, ".config")), "check")

    def test_tags_and_cscope_index_the_sources(self):
        make(self.objtree, "tags", "cscope")
        with open(os.path.join(self.objtree, "tags")) as fh:
            self.assertRegex(fh.read(), r"(?m)^kmalloc_validate\t\S*mm/")
        self.assertTrue(os.path.getsize(os.path.join(self.objtree, "cscope.out")))
        make(self.objtree, "distclean")
        self.assertEqual(os.listdir(self.objtree), [])


class ToolUsageTest(unittest.TestCase):
    def test_gen_compile_commands_without_arguments_prints_usage(self):
        proc = subprocess.run(["/usr/bin/python3",
                               os.path.join(SRCTREE, "scripts",
                                            "gen_compile_commands.py")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("usage: gen_compile_commands.py OBJTREE OUTPUT", proc.stdout)
        self.assertNotIn("Traceback", proc.stdout)

    def test_run_qemu_into_a_closed_pipe_ends_quietly(self):
        # A stand-in QEMU that prints far more than a pipe holds; the
        # reader takes one line and goes, as "make run | head -1".
        bindir = tempfile.mkdtemp(prefix="kmlab-fakeqemu-")
        self.addCleanup(shutil.rmtree, bindir, True)
        fake = os.path.join(bindir, "qemu-system-i386")
        with open(fake, "w") as fh:
            fh.write("#!/bin/sh\nwhile :; do echo kmlab console line; done\n")
        os.chmod(fake, 0o755)
        image = os.path.join(bindir, "vmlinux")
        open(image, "w").close()
        env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"])
        proc = subprocess.run(
            "%s --boot kernel --kernel %s --timeout 30 --log %s/serial.log | head -1"
            % (os.path.join(SRCTREE, "scripts", "run-qemu"), image, bindir),
            shell=True, executable="/bin/bash", env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, timeout=60)
        self.assertEqual(proc.stdout, "kmlab console line\n")
        self.assertNotIn("Traceback", proc.stderr)
        self.assertNotIn("BrokenPipeError", proc.stderr)


if __name__ == "__main__":
    unittest.main()
