# SPDX-License-Identifier: GPL-2.0
"""Boot tests of bad kernel command lines and memory sizes (issue 12, K1-K8,
M1-M3): each boot says what was wrong in one greppable line, ignores it or
stops, and never cuts, glues or echoes raw what it was given.

The kernel is built once for the module, out of tree, from the default
defconfig with configs/kbench.config (for kbench.filter). Expected messages are the ones
Documentation/admin-guide/kernel-parameters.rst promises; expected
statuses are scripts/run-qemu's (0 passed, 1 tests failed, 2 panic).
Run: /usr/bin/python3 -m unittest tools.testing.boot.test_cmdline
"""
import os
import re
import subprocess
import sys
import unittest

from tools.testing.kmlab_host import ENV, SRCTREE, make, release_kernel, shared_kernel

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


def text(output):
    """Console bytes as text. run-qemu turns "\\r\\n" into "\\n" within each
    read, so one split between two reads leaves a "\\r": drop those too."""
    return output.decode("utf-8", errors="replace").replace("\r\n", "\n")


def echoed(out):
    """What the kernel says it got, from its "command line '...'" line."""
    m = re.search(r"^kmlab: boot loader '[^']*', command line '(.*)'$", out, re.M)
    return m and m.group(1)


OBJTREE = None


def setUpModule():
    global OBJTREE
    # Shared with tools/testing/python's replay comparison, which needs
    # the uniprocessor kernel (the command line is parsed the same way).
    OBJTREE = shared_kernel("kmlab-cmdlinetest-", "defconfig", fragments=[
        os.path.join(SRCTREE, "configs", "kbench.config"),
        os.path.join(SRCTREE, "configs", "up.config")])


def tearDownModule():
    release_kernel(OBJTREE)


class BootTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objtree = OBJTREE
        cls.kernel = os.path.join(OBJTREE, "vmlinux")

    def boot(self, cmdline, timeout=60, mem="128M"):
        proc = subprocess.run([RUN_QEMU, "--boot", "kernel", "--kernel", self.kernel,
                               "--timeout", str(timeout), "--cmdline", cmdline,
                               "--mem", mem],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, env=ENV)
        return proc.returncode, text(proc.stdout)


class CmdlineBootTest(BootTestCase):
    # K1: the line over 1023 bytes is refused whole (tools/testing/run_cases.py)
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

    def test_loglevel_4_keeps_ktap_and_console_capture(self):
        # loglevel=4 hid KTAP and the messages kmalloc's and ktest_self's
        # console captures check: both failed, and nothing said which case.
        rc, out = self.boot("loglevel=4 ktest.filter_glob=k* ktest.filter=speed>slow")
        self.assertEqual(rc, 0, out)
        res = ktap.parse_lines(out.splitlines())
        self.assertTrue(res.found, out)
        self.assertTrue(res.success, res.summary)
        self.assertTrue({"kmalloc", "kmalloc_bad", "ktest_self"} <=
                        {r.suite for r in res.records}, out)
        self.assertEqual(res.failed, 0)
        self.assertIn("ok 1 kmalloc", out)

    def test_ktap_shows_attributes_and_durations(self):
        # As KUnit: "# CASE.speed: slow" before the case's result line;
        # every case says how long it took in guest time.
        rc, out = self.boot("ktest.filter_glob=example")
        self.assertEqual(rc, 0, out)
        self.assertIn("    # example_slow_test.speed: slow\n"
                      "    # example_slow_test.area: example\n"
                      "    ok 6 example_slow_test\n", out)
        res = ktap.parse_lines(out.splitlines())
        self.assertTrue(res.success, res.summary)
        self.assertGreaterEqual(len(res.records), 6)
        for rec in res.records:
            self.assertIsNotNone(rec.duration, rec.name())
            self.assertIsNone(rec.instructions, rec.name())
        slow = [r for r in res.records if r.case == "example_slow_test"][0]
        self.assertEqual(slow.attributes, {"speed": "slow", "area": "example"})

    def test_filter_selects_on_attributes(self):
        # ktest.list=1 shows the selection without running it.
        rc, out = self.boot("ktest.list=1 ktest.filter=kind=stress,speed!=normal")
        self.assertEqual(rc, 0, out)
        names = re.findall(r"^\w+\.\w+$", out, re.M)
        self.assertEqual(names, ["kmalloc.random_stress"])

    def test_filter_on_an_attribute_no_case_has_fails(self):
        rc, out = self.boot("ktest.filter=sped!=slow")
        self.assertEqual(rc, 1, out)
        self.assertIn("ktest: bad ktest.filter 'sped!=slow': no suite or case has "
                      "the attribute 'sped': nothing ran", out)

    def test_make_run_quick_leaves_the_slow_cases_out(self):
        proc = make(self.objtree, "run", "QUICK=1", "QEMU_BOOT=kernel",
                    "CMDLINE=ktest.list=1 ktest.filter_glob=kmalloc")
        self.assertIn("command line 'ktest.list=1 ktest.filter_glob=kmalloc "
                      "ktest.filter=speed>slow'", proc.stdout)
        self.assertIn("\nkmalloc.zero_size_and_null\n", proc.stdout)
        self.assertNotIn("random_stress", proc.stdout)

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
        rc, out = self.boot(f"{QUIET} a\x01b=1 loglevel=\x1b[31m crash=\x07x")
        self.assertEqual(rc, 0, out)
        self.assertIn("params: unknown parameter 'a\\x01b' ignored", out)
        self.assertIn("params: bad value '\\x1b[31m' for 'loglevel'", out)
        self.assertIn("crash: unknown mode '\\x07x'", out)
        self.assertIn("command line 'ktest.enable=0 a\\x01b=1 loglevel=\\x1b[31m "
                      "crash=\\x07x'", out)
        for byte in "\x01\x07\x1b":
            self.assertNotIn(byte, out)

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
                gout = text(grub.stdout)
                self.assertEqual(grub.returncode, 0, gout)
                self.assertIn("boot loader 'GRUB", gout)
                direct = make(self.objtree, "run", "QEMU_BOOT=kernel", f"CMDLINE={line}")
                self.assertEqual(echoed(gout), escaped(line), gout)
                self.assertEqual(echoed(direct.stdout.replace("\r\n", "\n")), escaped(line), direct.stdout)

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
            outs.append(text(proc.stdout))
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


class MemoryBootTest(BootTestCase):
    # M1: QEMU cannot even load the kernel: say so at once, not "hang".
    def test_ram_that_does_not_hold_the_kernel_is_refused_at_once(self):
        for how in (["--boot", "kernel"], ["--boot", "iso", "--iso", "/dev/null"]):
            with self.subTest(how=how):
                proc = subprocess.run([RUN_QEMU, *how, "--kernel", self.kernel,
                                       "--mem", "1M", "--timeout", "60"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      stdin=subprocess.DEVNULL, text=True, env=ENV)
                self.assertEqual(proc.returncode, 5, proc.stderr)
                self.assertEqual(proc.stdout, "")
                self.assertRegex(proc.stderr, r"^run-qemu: --mem 1M does not hold the "
                                 r"kernel, which is loaded up to \d+ KiB")
                self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)

    # M2: below the stated minimum, a clean stop with the reason.
    def test_below_the_minimum_the_kernel_stops_with_the_reason(self):
        for mem in ("2M", "3M"):
            with self.subTest(mem=mem):
                rc, out = self.boot(QUIET, mem=mem)
                self.assertEqual(rc, 2, out)
                self.assertRegex(out, r"Kernel panic - not syncing: mm: \d+ KiB of usable "
                                 r"memory is less than the 2048 KiB this kernel needs: "
                                 r"give the machine more RAM \(make run MEM=4M or more\)")
                self.assertNotIn("KTAP", out)

    def test_the_minimum_is_said_at_every_boot(self):
        rc, out = self.boot(QUIET)
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"kmlab: \d+ KiB of usable memory; this kernel needs "
                         r"at least 2048 KiB\n")

    # M2: above it, what needs more memory is skipped with the reason.
    def test_above_the_minimum_suites_that_need_more_skip_with_the_reason(self):
        for mem in ("4M", "16M"):
            with self.subTest(mem=mem):
                rc, out = self.boot("", mem=mem)
                self.assertEqual(rc, 0, out)
                res = ktap.parse_lines(out.splitlines())
                self.assertTrue(res.success, res.summary)
                self.assertEqual(res.failed, 0)
                usable = int(re.search(r"memblock: usable\s+total (\d+) KiB", out).group(1))
                skipped = {r.suite for r in res.records if r.status == ktap.SKIP and
                           "KiB of usable memory" in r.skip_reason}
                self.assertEqual(skipped, {"buddy", "kmalloc"})
                for need in (15360, 16896):
                    has = re.findall(rf"# SKIP needs {need} KiB of usable memory, this "
                                     r"machine has (\d+) KiB", out)
                    self.assertTrue(has, out)
                    # What is left once the heap took its own pages.
                    self.assertLessEqual(int(has[0]), usable)
                    self.assertGreater(int(has[0]), usable - 256)
                passed = {r.suite for r in res.records if r.status == ktap.PASS}
                self.assertTrue({"boot", "params", "slab", "ktest_self"} <= passed, passed)

    # M3: RAM above 4 GiB is ignored with a line that says so.
    def test_ram_above_4g_is_reported(self):
        # QEMU's pc machine keeps 3 GiB below 4 GiB when RAM is 3.5 GiB or
        # more (the PCI hole) and puts the rest above 4 GiB.
        for mem, above in (("3584M", 512), ("5G", 2048)):
            with self.subTest(mem=mem):
                rc, out = self.boot(QUIET, mem=mem)
                self.assertEqual(rc, 0, out)
                self.assertIn(f"memblock: ignoring {above} MiB of RAM above 4 GiB: a 32-bit "
                              "kernel without PAE cannot address it", out)
        # Below 3584M nothing is above 4 GiB, and nothing is said.
        rc, out = self.boot(QUIET, mem="3583M")
        self.assertNotIn("above 4 GiB", out)


if __name__ == "__main__":
    unittest.main()
