# SPDX-License-Identifier: GPL-2.0
"""Boot tests of the kernel skeleton: memory map sizes, deliberate faults
and how scripts/run-qemu reports them, the GRUB path with a command line
and a module.

The kernel is built once, out of tree, from the default defconfig. The
expected values come from what QEMU is asked for (-m, crash=MODE), not
from running the code under test.
Run: /usr/bin/python3 -m unittest tools.testing.boot.test_boot
"""
import os
import re
import shlex
import socket
import subprocess
import unittest

from tools.testing.kmlab_host import ENV, SRCTREE, default_kernel, ktree, make, release_kernel
from tools.testing.run_cases import QUIET, RunStatusCases

RUN_QEMU = os.path.join(SRCTREE, "scripts", "run-qemu")


def literal_block(text, intro):
    """The lines of the rst literal block after the paragraph ending in
    @intro, without their indentation (blank lines kept)."""
    at = text.find(intro + "\n\n")
    if at < 0:
        return []
    out = []
    for line in text[at + len(intro) + 2:].splitlines():
        if line and not line.startswith("    "):
            break
        out.append(line[4:])
    while out and not out[-1]:
        out.pop()
    return out


def shown_line_pattern(line):
    """A regular expression for a transcript @line in which addresses,
    offsets, line numbers and caller addresses may differ from build to
    build: hex numbers (0x..., Bochs' 64-bit registers XXXXXXXX_XXXXXXXX and
    its SEG:OFFSET addresses, 16 digits after the colon), and decimals after
    ':', '+', '=' or "line " or starting the line (gdb's source line)."""
    variable = re.compile(r"0x[0-9a-f]+|[0-9a-f]{8}_[0-9a-f]{8}|(?<=:)[0-9a-f]{16}(?![0-9a-f])|"
                          r"(?<=[:+=])\d+|(?<=line )\d+|^\d+(?= )")
    pattern, end = "", 0
    for m in variable.finditer(line):
        pattern += re.escape(line[end:m.start()])
        if m.group().startswith("0x"):
            pattern += "0x[0-9a-f]+"
        elif "_" in m.group():
            pattern += "[0-9a-f]{8}_[0-9a-f]{8}"
        elif len(m.group()) == 16 and line[m.start() - 1] == ":":
            pattern += "[0-9a-f]{16}"
        else:
            pattern += r"\d+"
        end = m.end()
    return pattern + re.escape(line[end:])


def squeeze(line):
    """@line with its indentation kept and every other run of blanks (tabs,
    alignment padding) as one space."""
    return line[:len(line) - len(line.lstrip())] + " ".join(line.split())


def boot_line_pattern(line):
    """A regular expression for a line of a boot shown in the docs: the
    boot loader's name and the timings are the machine's."""
    pattern = re.escape(line)
    pattern = re.sub(r"boot\\ loader\\ '[^']*'", "boot\\ loader\\ '[^']*'", pattern)
    return re.sub(r"\d+\\.\d+\\ s", r"[0-9.]+\\ s", pattern)


class BootTest(RunStatusCases, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The default defconfig, the kernel the build tests build first.
        cls.objtree, _ = default_kernel("kmlab-boottest-")
        cls.kernel = os.path.join(cls.objtree, "vmlinux")

    @classmethod
    def tearDownClass(cls):
        release_kernel(cls.objtree)

    def boot(self, cmdline="", mem="128M", timeout=60, extra=()):
        proc = subprocess.run([RUN_QEMU, "--boot", "kernel", "--kernel", self.kernel,
                               "--mem", mem, "--timeout", str(timeout),
                               "--cmdline", cmdline, *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True, env=ENV)
        return proc.returncode, proc.stdout

    def run_kernel(self, cmdline, timeout):
        return self.boot(cmdline, timeout=timeout)

    def memory_total_kib(self, out):
        m = re.search(r"memblock: memory\s+total (\d+) KiB", out)
        self.assertIsNotNone(m, out)
        return int(m.group(1))

    def assert_shown_lines_printed(self, doc, cmdline, shown):
        """Every line of the literal block @shown of @doc appears, in
        order, in a real boot with @cmdline. The boot loader's name and
        the timings are the machine's; "..." stands for lines left out.
        Two CPUs, as "make run" boots them (scripts/Makefile.run's SMP)."""
        rc, out = self.boot(cmdline, extra=("--smp", "2"))
        self.assertEqual(rc, 0, out)
        self.assert_transcript(doc, f"the boot with {cmdline!r}",
                               [line[4:] for line in shown], out, boot_line_pattern)

    def read_doc(self, *path):
        with open(os.path.join(SRCTREE, "Documentation", *path)) as f:
            return f.read()

    def test_getting_started_shows_a_real_boot(self):
        # Documentation/getting-started.rst, "What a run prints".
        text = self.read_doc("getting-started.rst")
        m = re.search(r"``make run CMDLINE=([^`]*)``.*?::\n\n(.*?)\n\n", text, re.S)
        self.assertIsNotNone(m, "the example of getting-started.rst moved")
        self.assert_shown_lines_printed("getting-started.rst", m.group(1),
                                        m.group(2).splitlines())

    def test_ktest_rst_shows_a_real_boot(self):
        # Documentation/dev-tools/ktest.rst, "Reading the output".
        text = self.read_doc("dev-tools", "ktest.rst")
        m = re.search(r"what will run::\n\n(.*?)\n\n\(``make run QEMU_BOOT=kernel "
                      r"CMDLINE=([^`]*)``", text, re.S)
        self.assertIsNotNone(m, "the example of ktest.rst moved")
        self.assert_shown_lines_printed("ktest.rst", m.group(2),
                                        m.group(1).splitlines())

    def test_zones_rst_shows_a_real_zoneinfo(self):
        # Documentation/mm/zones.rst, "The zone table at boot".
        shown = literal_block(self.read_doc("mm", "zones.rst"),
                              "With ``make defconfig`` (buddy+slab) and ``MEM=128M``::")
        self.assertTrue(shown, "the example of zones.rst moved")
        rc, out = self.boot(QUIET + " zoneinfo=1")
        self.assertEqual(rc, 0, out)
        # The counts move with the size of the kernel image: the lines'
        # shape is checked against the docs, the counts against each other.
        self.assert_transcript("zones.rst", "the boot with zoneinfo=1", shown, out,
                               lambda line: re.sub(r"\d+", r"\\d+", re.escape(line)))
        zones = re.findall(r"Node 0, zone +(\w+)\n  pages free +(\d+)\n +min +(\d+)\n"
                           r" +low +(\d+)\n +high +(\d+)\n +spanned +(\d+)\n"
                           r" +present +(\d+)\n  start_pfn: +(\d+)\n.*?\n.*?\n"
                           r"Node 0, zone +\w+((?: +\d+){16})\n", out)
        self.assertEqual([z[0] for z in zones], ["DMA", "Normal", "HighMem"], out)
        for name, *nums, buddyinfo in zones:
            free, wmin, low, high, spanned, present, start = map(int, nums)
            with self.subTest(zone=name):
                self.assertLessEqual(free, present)
                self.assertLessEqual(present, spanned)
                self.assertTrue(wmin <= low <= high)
                self.assertEqual(sum(int(n) << o for o, n in enumerate(buddyinfo.split())),
                                 free)
                if name == "DMA":
                    self.assertLessEqual((start + spanned) * 4096, 16 << 20)
                if name == "Normal":
                    self.assertEqual(start * 4096, 16 << 20)

    def test_zones_rst_highmem_boot(self):
        # Documentation/mm/zones.rst, "High memory": the suites with 16 MiB
        # of highmem, then a highmem= that leaves too little lowmem.
        text = self.read_doc("mm", "zones.rst")
        m = re.search(r'``make run CMDLINE="([^"]+)"`` runs', text)
        shown = literal_block(text, "without ``highmem=`` the ``highmem`` suite skips::")
        self.assertTrue(m and shown, "the example of zones.rst moved")
        rc, out = self.boot(m.group(1))
        self.assertEqual(rc, 0, out)
        self.assert_transcript("zones.rst", f"the boot with {m.group(1)!r}", shown, out)
        refused = re.search(r"refused\s+with ``(highmem: highmem=(\S+) [^`]+)``", text)
        self.assertIsNotNone(refused, "the refused highmem= of zones.rst moved")
        rc, out = self.boot(f"{QUIET} highmem={refused.group(2)}")
        self.assertEqual(rc, 0, out)
        self.assertIn(refused.group(1) + "\n", out)

    def test_debugging_rst_gdb_batch_transcript(self):
        # Documentation/dev-tools/debugging.rst, "An example session": its
        # command file, run with make debug GDB_BATCH=, prints every line
        # the page shows, in order, but for addresses and line numbers.
        text = self.read_doc("dev-tools", "debugging.rst")
        commands = literal_block(text, "file (``GDB_BATCH=kmalloc.gdb``)::")
        shown = literal_block(text, "\"...\" marks lines left out)::")
        self.assertTrue(commands and shown, "the example of debugging.rst moved")
        batch = os.path.join(self.objtree, "kmalloc.gdb")
        with open(batch, "w") as f:
            f.write("\n".join(commands) + "\n")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        proc = make(self.objtree, "debug", f"GDB_BATCH={batch}", f"GDBPORT={port}",
                    check=False)
        out = proc.stdout.replace(SRCTREE + "/", "~/kmlab/")
        self.assertEqual(proc.returncode, 0, out)
        self.assert_transcript("debugging.rst", "make debug GDB_BATCH=", shown, out)

    def assert_transcript(self, doc, what, shown, out, pattern_of=None):
        """Every line of @shown but "..." matches a line of @out, in order,
        with the same indentation, runs of blanks inside a line being
        equal, and what @pattern_of (default:
        shown_line_pattern(), build-dependent numbers) lets differ."""
        pattern_of = pattern_of or shown_line_pattern
        lines = [squeeze(l) for l in out.splitlines()]
        pos = 0
        for line in shown:
            if line.strip() in ("", "..."):
                continue
            pattern = pattern_of(squeeze(line))
            for i in range(pos, len(lines)):
                if re.fullmatch(pattern, lines[i]):
                    pos = i + 1
                    break
            else:
                self.fail(f"{doc} shows {line!r}, which {what} does not print "
                          f"(after line {pos}):\n{out}")

    def test_bochs_rst_session(self):
        # Documentation/dev-tools/bochs.rst, "A session": make bochs with
        # BREAK= and BOCHS_RC=, in a pseudo-terminal as Bochs' terminal
        # display needs (script(1), util-linux), prints what the page shows.
        text = self.read_doc("dev-tools", "bochs.rst")
        commands = literal_block(text, "The command file::")
        shown = literal_block(text, "(\"...\" marks lines left out)::")
        m = re.search(r"make O=\S+ bochs (BREAK=\S+)\s+BOCHS_RC=", text)
        self.assertTrue(commands and shown and m, "the session of bochs.rst moved")
        rc = os.path.join(self.objtree, "session.rc")
        with open(rc, "w") as f:
            f.write("\n".join(commands) + "\n")
        cmd = " ".join(shlex.quote(a) for a in ktree.make_cmd(
            self.objtree, "bochs", m.group(1), f"BOCHS_RC={rc}"))
        # Bochs' term display is curses: it needs a TERM, which CI (env -i,
        # no terminal) does not set.
        env = dict(ENV, TERM=ENV.get("TERM") or "xterm")
        proc = subprocess.run(["script", "-qec", cmd, "/dev/null"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, errors="replace", env=env, timeout=600)
        out = proc.stdout.replace("\r", "").replace(self.objtree, "/tmp/kmlab-bochs-dbg")
        self.assert_transcript("bochs.rst", "make bochs " + m.group(1), shown, out)

    def test_memory_size_is_reported_from_32M_to_3G(self):
        for mem, mib in (("32M", 32), ("256M", 256), ("1G", 1024), ("3G", 3072)):
            with self.subTest(mem=mem):
                rc, out = self.boot(QUIET, mem=mem)
                self.assertEqual(rc, 0, out)
                total = self.memory_total_kib(out)
                # The BIOS keeps the 384 KiB hole below 1 MiB and a few
                # pages at the top of RAM; nothing else may go missing.
                self.assertLessEqual(total, mib * 1024)
                self.assertGreater(total, mib * 1024 - 1024)
                m = re.search(r"memblock: usable\s+total (\d+) KiB", out)
                self.assertLess(int(m.group(1)), total)

    def test_faults_are_reported_with_name_and_symbol(self):
        cases = {
            "null": ("page fault", "crash_null+0x", "NULL pointer dereference"),
            "ud2": ("invalid opcode", "crash_ud2+0x", None),
            "div0": ("divide error", "crash_div0+0x", None),
            "gp": ("general protection fault", "crash_gp+0x", None),
        }
        for mode, (name, sym, extra) in cases.items():
            with self.subTest(mode=mode):
                rc, out = self.boot(f"crash={mode} {QUIET}")
                self.assertEqual(rc, 3, out)
                self.assertRegex(out, rf"Oops: CPU exception \d+ \({name}\)")
                self.assertIn("EAX:", out)
                self.assertIn("Call Trace:", out)
                # The backtrace names the faulting function and its caller.
                self.assertRegex(out, rf"\[<[0-9a-f]{{8}}>\] {re.escape(sym)}[0-9a-f]+/0x")
                self.assertRegex(out, r"\] do_initcalls\+0x[0-9a-f]+/0x")
                self.assertIn("kmlab-run: kernel exit status 3: fault", out)
                if extra:
                    self.assertIn(extra, out)

    def test_bad_parameters_are_reported(self):
        rc, out = self.boot(f"nosuchparam=1 loglevel=abc {QUIET}")
        self.assertEqual(rc, 0, out)
        self.assertIn("params: unknown parameter 'nosuchparam' ignored", out)
        self.assertIn("params: bad value 'abc' for 'loglevel'", out)

    def test_missing_kernel_says_what_to_do(self):
        proc = subprocess.run([RUN_QEMU, "--boot", "kernel", "--kernel",
                               "/nonexistent/vmlinux"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=ENV)
        self.assertEqual(proc.returncode, 5)
        self.assertIn("not found: build it first", proc.stdout)

    def test_grub_iso_passes_command_line_and_module(self):
        module = os.path.join(self.objtree, "hello.mod")
        with open(module, "wb") as fh:
            fh.write(b"x" * 5000)
        make(self.objtree, "iso", f"CMDLINE=crash=ud2 {QUIET}", f"MODULES={module}")
        proc = subprocess.run([RUN_QEMU, "--boot", "iso", "--iso",
                               os.path.join(self.objtree, "build", "kmlab.iso"),
                               "--timeout", "60"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, text=True, env=ENV)
        out = proc.stdout
        self.assertIn("boot loader 'GRUB", out)
        self.assertRegex(out, r"boot: module 0: .* \(5000 bytes\) 'hello.mod'")
        self.assertRegex(out, r"memblock: reserved .*")
        self.assertEqual(proc.returncode, 3, out)
        self.assertIn("invalid opcode", out)


if __name__ == "__main__":
    unittest.main()
