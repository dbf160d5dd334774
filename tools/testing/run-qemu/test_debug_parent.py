# SPDX-License-Identifier: GPL-2.0
"""scripts/debug-qemu (make debug): when its parent goes, even by SIGKILL,
the halted QEMU goes too and frees the gdb port.

QEMU is started halted (-S) with its gdb stub and never runs a guest
instruction, so a blank CD image stands in for the kernel (booted as a CD-ROM).
A "sleep" plays make: killing it must end QEMU and debug-qemu.
Run: /usr/bin/python3 -m unittest discover tools/testing/run-qemu -p 'test_debug*'
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEBUG_QEMU = os.path.join(SRCTREE, "scripts", "debug-qemu")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(cond, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.1)
    return cond()


@unittest.skipUnless(shutil.which("qemu-system-i386"), "qemu-system-i386 missing")
class DebugParentTest(unittest.TestCase):
    def test_killing_the_parent_stops_qemu(self):
        tmp = tempfile.mkdtemp(prefix="kmlab-debugtest-")
        self.addCleanup(shutil.rmtree, tmp, True)
        image = os.path.join(tmp, "image")
        with open(image, "wb") as f:
            # Enough of ISO 9660 for run-qemu's check ("CD001", ECMA-119).
            f.write(b"\0" * 32769 + b"CD001" + b"\0" * 2042)
        port = free_port()
        make = subprocess.Popen(["sleep", "600"], start_new_session=True)
        self.addCleanup(lambda: make.poll() is None and make.kill())
        proc = subprocess.Popen(
            [DEBUG_QEMU, "--vmlinux", image, "--port", str(port), "--no-gdb",
             "--parent", str(make.pid), "--", "--boot", "iso", "--iso", image,
             "--kernel", image, "--log", os.path.join(tmp, "serial.log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)

        def cleanup():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.addCleanup(cleanup)
        self.assertTrue(wait_for(lambda: listening(port), 20),
                        "QEMU's gdb stub never listened")
        make.kill()
        make.wait()
        self.assertTrue(wait_for(lambda: proc.poll() is not None, 15),
                        "debug-qemu still runs after its parent was killed")
        self.assertTrue(wait_for(lambda: not listening(port), 10),
                        f"port {port} still held after the parent was killed")

    def test_make_debug_names_make_as_the_parent(self):
        with open(os.path.join(SRCTREE, "scripts", "Makefile.debug.mk")) as f:
            self.assertIn("--parent $$PPID", f.read())


if __name__ == "__main__":
    unittest.main()
