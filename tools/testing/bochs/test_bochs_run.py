# SPDX-License-Identifier: GPL-2.0
"""Host tests of scripts/bochs-run: the symbol file, the bochsrc, the
debugger command file, the run outcome, and the usage errors.

The real boots in Bochs are make check's check-bochs step."""
import os
import subprocess
import sys
import tempfile
import unittest
from types import SimpleNamespace

SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
SCRIPT = os.path.join(SRCTREE, "scripts", "bochs-run")
sys.path.insert(0, SRCTREE)
from tools.testing.kmlab_host import load_script  # noqa: E402

bochs_run = load_script("bochs-run", "bochs_run")


def run(*args, stdin=subprocess.DEVNULL):
    return subprocess.run(["/usr/bin/python3", SCRIPT, *args], stdin=stdin,
                          capture_output=True, text=True)


class SymbolFile(unittest.TestCase):
    def test_keeps_code_and_data_drops_absolute_and_undefined(self):
        with tempfile.TemporaryDirectory() as d:
            smap, sym = os.path.join(d, "System.map"), os.path.join(d, "k.sym")
            with open(smap, "w") as f:
                f.write("00100000 T __kernel_start\n"
                        "00100ea0 t helper\n"
                        "00000010 A some_constant\n"
                        "         U undefined_thing\n"
                        "0011ada0 B kmalloc_caches\n"
                        "00108e00 r kmalloc_names\n")
            self.assertEqual(bochs_run.write_symbols(smap, sym), 4)
            with open(sym) as f:
                self.assertEqual(f.read(), "0x00100000 __kernel_start\n"
                                           "0x00100ea0 helper\n"
                                           "0x0011ada0 kmalloc_caches\n"
                                           "0x00108e00 kmalloc_names\n")

    def test_empty_map_is_an_error(self):
        with tempfile.TemporaryDirectory() as d:
            smap = os.path.join(d, "System.map")
            open(smap, "w").close()
            with self.assertRaises(SystemExit) as cm:
                bochs_run.write_symbols(smap, os.path.join(d, "k.sym"))
            self.assertEqual(cm.exception.code, bochs_run.EXIT_USAGE)


def args(**kw):
    base = dict(iso="/x/kmlab.iso", dir="/b", mem="128M", megs=128,
                check=False, ips=50000000, breaks=[], rc=None)
    base.update(kw)
    return SimpleNamespace(**base)


class Bochsrc(unittest.TestCase):
    def test_interactive_machine(self):
        rc = bochs_run.bochsrc(args(megs=256), "/b/com1.fifo").splitlines()
        for line in ("megs: 256", "boot: cdrom",
                     "ata0-master: type=cdrom, path=/x/kmlab.iso, status=inserted",
                     "com1: enabled=1, mode=file, dev=/b/com1.fifo",
                     "com2: enabled=1, mode=file, dev=/b/com2.log",
                     "magic_break: enabled=1", "port_e9_hack: enabled=1",
                     "panic: action=ask"):
            self.assertIn(line, rc)

    def test_check_run_never_stops_in_the_debugger(self):
        rc = bochs_run.bochsrc(args(check=True), "/b/serial.log").splitlines()
        self.assertIn("magic_break: enabled=0", rc)
        self.assertIn("panic: action=fatal", rc)

    def test_debugger_rc(self):
        self.assertEqual(bochs_run.debugger_rc(args(check=True), "/b/k.sym"),
                         ['ldsym global "/b/k.sym"', "c"])
        self.assertEqual(bochs_run.debugger_rc(args(breaks=["kmalloc", "panic"]),
                                               "/b/k.sym"),
                         ['ldsym global "/b/k.sym"', 'lb "kmalloc"', 'lb "panic"'])


class Outcome(unittest.TestCase):
    def outcome(self, serial, bochs_log="", hung=False, interactive=False):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "serial.log"), "wb") as f:
                f.write(serial)
            with open(os.path.join(d, "bochs.log"), "w") as f:
                f.write(bochs_log)
            return bochs_run.report(args(dir=d, timeout=5), hung, interactive)

    def test_statuses(self):
        shut = "00235045968p[UNMAP ] >>PANIC<< Shutdown port: shutdown requested\n"
        self.assertEqual(self.outcome(b"# Totals: pass:4\r\nkmlab: exit status 0", shut), 0)
        self.assertEqual(self.outcome(b"kmlab: exit status 1", shut), 1)
        self.assertEqual(self.outcome(b"Kernel panic\r\nkmlab: exit status 2", shut), 2)
        self.assertEqual(self.outcome(b"boot...", ""), bochs_run.EXIT_NO_STATUS)
        self.assertEqual(self.outcome(b"boot...", "", hung=True), bochs_run.EXIT_HANG)
        self.assertEqual(self.outcome(b"boot...", "", interactive=True), 0)

    def test_bochs_stopped_before_its_log(self):
        # H7: a bad bochsrc value (megs 0, ips 0) stops Bochs before it
        # opens bochs.log; the reason is on its terminal, in term.log.
        import contextlib
        import io
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "term.log"), "w") as f:
                f.write("\x1b[2J00000000000p[SIM   ] >>PANIC<< numerical parameter "
                        "'host_size' was set to 0, which is out of range 1 to 2048\r\n")
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                code = bochs_run.report(args(dir=d, timeout=5), False)
        self.assertEqual(code, bochs_run.EXIT_NO_STATUS)
        self.assertIn(f"see {d}/term.log: ", err.getvalue())
        self.assertIn("'host_size' was set to 0", err.getvalue())
        self.assertNotIn("bochs.log", err.getvalue())


class Usage(unittest.TestCase):
    def test_bad_mem(self):
        r = run("--iso", "x.iso", "--dir", "/tmp/d", "--mem", "12X")
        self.assertEqual(r.returncode, bochs_run.EXIT_USAGE)
        self.assertIn("bad --mem '12X'", r.stderr)

    @unittest.skipUnless(os.path.exists(bochs_run.BIOS), "Bochs not installed")
    def test_missing_iso(self):
        r = run("--check", "--iso", "/nonexistent/kmlab.iso", "--dir", "/tmp/d")
        self.assertEqual(r.returncode, bochs_run.EXIT_USAGE)
        self.assertIn("make iso", r.stderr)

    @unittest.skipUnless(os.path.exists(bochs_run.BIOS), "Bochs not installed")
    def test_debugger_needs_a_terminal(self):
        with tempfile.NamedTemporaryFile(suffix=".iso") as iso:
            r = run("--iso", iso.name, "--dir", "/tmp/d")
        self.assertEqual(r.returncode, bochs_run.EXIT_USAGE)
        self.assertIn("make bochs-check", r.stderr)


if __name__ == "__main__":
    unittest.main()
