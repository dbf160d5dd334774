# SPDX-License-Identifier: GPL-2.0
"""Boot tests of bad kernel command lines (issue 12, K1-K8): each boot
says what was wrong in one greppable line, ignores it or stops, and never
cuts, glues or echoes raw what it was given.

The kernel is built once, out of tree, from the default defconfig with
configs/kbench.config (for kbench.filter). Expected messages are the ones
Documentation/admin-guide/kernel-parameters.rst promises; expected
statuses are scripts/run-qemu's (0 passed, 1 tests failed, 2 panic).
Run: /usr/bin/python3 -m unittest tools.testing.boot.test_cmdline
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from tools.testing.kmlab_host import ENV, SRCTREE, make

sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
from ktest_lib import ktap  # noqa: E402

RUN_QEMU = os.path.join(SRCTREE, "scripts", "run-qemu")
MKISO = os.path.join(SRCTREE, "scripts", "mkiso")
QUIET = "ktest.enable=0"


def escaped(text):
    """The command line as the kernel echoes it: printable ASCII but '\\'
    as is, '\\' doubled, any other byte as \\xNN (string_escape_str())."""
    out = []
    for b in text.encode():
        if b == 0x5c:
            out.append("\\\\")
        elif 0x20 <= b < 0x7f:
            out.append(chr(b))
        else:
            out.append("\\x%02x" % b)
    return "".join(out)


def echoed(out):
    """What the kernel says it got, from its "command line '...'" line."""
    m = re.search(r"^kmlab: boot loader '[^']*', command line '(.*)'\r?$", out, re.M)
    return m and m.group(1)


class CmdlineBootTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objtree = tempfile.mkdtemp(prefix="kmlab-cmdlinetest-")
        make(cls.objtree, "defconfig",
             "FRAGMENTS=" + os.path.join(SRCTREE, "configs", "kbench.config"))
        make(cls.objtree, "-j2")
        cls.kernel = os.path.join(cls.objtree, "vmlinux")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.objtree, ignore_errors=True)

    def boot(self, cmdline, timeout=60):
        proc = subprocess.run([RUN_QEMU, "--boot", "kernel", "--kernel", self.kernel,
                               "--timeout", str(timeout), "--cmdline", cmdline],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, env=ENV)
        return proc.returncode, proc.stdout.decode("utf-8", errors="replace")

    # K1
    def test_command_line_over_1023_bytes_is_refused_whole(self):
        # crash=panic past byte 1023 was dropped and the run passed.
        pad = "pad=" + "x" * 1000
        for tail in (" crash=panic", " ktest.timeout=100"):
            with self.subTest(tail=tail):
                line = f"{QUIET} {pad}{tail}"
                self.assertGreater(len(line), 1023)
                rc, out = self.boot(line)
                self.assertEqual(rc, 2, out)
                self.assertIn("Kernel panic - not syncing: boot: the command line is "
                              f"{len(line)} bytes, more than the 1023 this kernel keeps",
                              out)
                self.assertNotIn("params:", out)

    def test_command_line_of_1023_bytes_is_kept_whole(self):
        head = f"{QUIET} pad="
        tail = " crash=panic"
        line = head + "x" * (1023 - len(head) - len(tail)) + tail
        self.assertEqual(len(line), 1023)
        rc, out = self.boot(line)
        self.assertEqual(rc, 2, out)
        self.assertIn("crash=panic on the command line", out)
        self.assertIn("command line of 1023 bytes, in parts:", out)
        parts = re.findall(r"^kmlab:   '(.*)'$", out, re.M)
        self.assertEqual("".join(parts), line)

    # K2
    def test_timeout_that_overflows_jiffies_is_refused(self):
        rc, out = self.boot("ktest.timeout=4294967295 ktest.filter_glob=boot")
        self.assertEqual(rc, 0, out)
        self.assertIn("params: bad value '4294967295' for 'ktest.timeout' "
                      "(out of range 1..21474836", out)
        self.assertIn(", timeout 10 s\n", out)
        self.assertNotIn("timed out", out)

    # K3
    def test_long_lines_before_ktap_do_not_hide_the_results(self):
        # A 600-byte filter made the command line and "ktest:" lines long.
        glob = "boot" + "*" * 600
        rc, out = self.boot(f"ktest.filter_glob={glob}")
        self.assertEqual(rc, 0, out)
        res = ktap.parse_lines(out.splitlines())
        self.assertTrue(res.found, out)
        self.assertTrue(res.success, res.summary)
        self.assertGreaterEqual(res.passed, 5)
        self.assertEqual({r.suite for r in res.records}, {"boot"})
        for line in out.splitlines():
            self.assertLessEqual(len(line), 511)

    # K5
    def test_filter_that_matches_nothing_fails(self):
        rc, out = self.boot("ktest.filter_glob=nomatch")
        self.assertEqual(rc, 1, out)
        self.assertIn("ktest: no test case matches filter_glob 'nomatch': nothing ran", out)
        res = ktap.parse_lines(out.splitlines())
        self.assertFalse(res.success)
        self.assertEqual(res.verdict, "no-tests")

    def test_kbench_filter_that_matches_nothing_fails(self):
        rc, out = self.boot(f"{QUIET} kbench.run=1 kbench.filter=nomatch")
        self.assertEqual(rc, 1, out)
        self.assertIn("kbench: kbench.filter 'nomatch' matches no workload: nothing ran",
                      out)
        self.assertIn('kbench: {"event":"end","workloads":0,"problems":1}', out)

    # K6
    def test_unbalanced_quote_drops_its_word_alone(self):
        rc, out = self.boot(f'crash="panic {QUIET}')
        self.assertEqual(rc, 0, out)
        self.assertIn("params: unbalanced quote in 'crash=\"panic', ignored", out)
        self.assertIn("ktest: disabled by ktest.enable=0", out)

    # K8
    def test_out_of_range_and_empty_values_are_refused(self):
        rc, out = self.boot(f"loglevel=-1 loglevel=100 slabinfo= {QUIET}")
        self.assertEqual(rc, 0, out)
        self.assertIn("params: bad value '-1' for 'loglevel' (out of range 0..8", out)
        self.assertIn("params: bad value '100' for 'loglevel' (out of range 0..8", out)
        self.assertIn("params: bad value '' for 'slabinfo' (not valid", out)
        self.assertNotIn("kmalloc: live ", out)   # kmalloc_show() did not run

    def test_control_bytes_are_echoed_escaped(self):
        rc, out = self.boot(f"{QUIET} a\x01b=1 loglevel=\x1b[31m")
        self.assertEqual(rc, 0, out)
        self.assertIn("params: unknown parameter 'a\\x01b' ignored", out)
        self.assertIn("params: bad value '\\x1b[31m' for 'loglevel'", out)
        self.assertIn("command line 'ktest.enable=0 a\\x01b=1 loglevel=\\x1b[31m'", out)
        self.assertNotIn("\x1b", out)
        self.assertNotIn("\x01", out)

    # K7
    def test_grub_and_kernel_paths_deliver_the_same_bytes(self):
        # Through make, as "make run" (GRUB) and "make run QEMU_BOOT=kernel".
        iso = os.path.join(self.objtree, "build", "kmlab.iso")
        for line in (f"{QUIET} crash;x $root a}}b {{c #d && e|f <g> `h` *?[i] ~j $(k) %l",
                     f"{QUIET}  two   spaces ",
                     f"{QUIET} \u00e9=\u20ac"):
            with self.subTest(line=line):
                make(self.objtree, "iso", f"CMDLINE={line}")
                grub = subprocess.run([RUN_QEMU, "--boot", "iso", "--iso", iso,
                                       "--timeout", "60"], stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      env=ENV)
                gout = grub.stdout.decode("utf-8", errors="replace")
                self.assertEqual(grub.returncode, 0, gout)
                self.assertIn("boot loader 'GRUB", gout)
                direct = make(self.objtree, "run", "QEMU_BOOT=kernel", f"CMDLINE={line}")
                self.assertEqual(echoed(gout), escaped(line), gout)
                self.assertEqual(echoed(direct.stdout), escaped(line), direct.stdout)

    def test_leading_spaces_and_a_relative_kernel_path(self):
        # make strips leading spaces from CMDLINE=, so this one goes to the
        # scripts. QEMU puts the kernel's file name first, relative or not.
        line = f"  {QUIET} x"
        iso = os.path.join(self.objtree, "spaces.iso")
        subprocess.run([MKISO, "--kernel", self.kernel, "--output", iso,
                        "--cmdline", line], check=True, env=ENV)
        outs = []
        for args, cwd in ((["--boot", "iso", "--iso", iso], None),
                          (["--boot", "kernel", "--kernel", "vmlinux", "--cmdline",
                            line], self.objtree)):
            proc = subprocess.run([RUN_QEMU, "--timeout", "60", *args], cwd=cwd,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, env=ENV)
            outs.append(proc.stdout.decode("utf-8", errors="replace"))
            self.assertEqual(proc.returncode, 0, outs[-1])
            self.assertEqual(echoed(outs[-1]), line, outs[-1])
        self.assertNotIn("unknown parameter 'vmlinux'", outs[1])

    def test_mkiso_refuses_what_grub_would_change(self):
        iso = os.path.join(self.objtree, "refused.iso")
        for line in ('crash="nu ll"', "a='b'", "a=b\\c", "a=\tb", "a=\nb"):
            with self.subTest(line=line):
                proc = subprocess.run([MKISO, "--kernel", self.kernel, "--output", iso,
                                       "--cmdline", line], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True,
                                      stdin=subprocess.DEVNULL, env=ENV)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertEqual(proc.stdout, "")
                self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
                self.assertRegex(proc.stderr, r"^mkiso: .*: boot with QEMU_BOOT=kernel")
                self.assertFalse(os.path.exists(iso))
                self.assertFalse(os.path.exists(iso + ".tmp"))


if __name__ == "__main__":
    unittest.main()
