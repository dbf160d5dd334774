# SPDX-License-Identifier: GPL-2.0
"""Test cases every way of running the kernel must pass alike.

scripts/run-qemu (i386 in QEMU) and scripts/run-host (ARCH=host, a Linux
process) report a crash=MODE the same way: the kernel's own lines, then
the runner's exit status. A TestCase of each runner mixes RunStatusCases
in and defines run_kernel(); the expected values come from what the run
is asked for (crash=MODE, the timeout, the length of the command line).
"""
QUIET = "ktest.enable=0"


class RunStatusCases:
    """Mixed into a unittest.TestCase that defines
    run_kernel(cmdline, timeout) -> (exit status, output) and sets
    cmdline_prefix: what the runner puts before the command line it is
    given (scripts/run-host passes mem= there)."""

    cmdline_prefix = ""

    def test_panic_exits_with_panic_status(self):
        rc, out = self.run_kernel(f"crash=panic {QUIET}", timeout=30)
        self.assertEqual(rc, 2, out)
        self.assertIn("Kernel panic - not syncing: crash=panic on the command line", out)
        self.assertRegex(out, r"\] panic\+0x[0-9a-f]+/0x")
        self.assertIn("kmlab-run: kernel exit status 2: kernel panic", out)

    def test_hang_is_killed_after_the_timeout(self):
        # crash=hang spins with interrupts off: no tick may get through.
        rc, out = self.run_kernel(f"crash=hang {QUIET}", timeout=3)
        self.assertEqual(rc, 4, out)
        self.assertIn("timeout: hang, no exit after 3 s", out)

    def test_command_line_over_1023_bytes_is_refused_whole(self):
        # A cut line would have dropped crash=panic past byte 1023, or
        # made ktest.timeout=100 into =1.
        pad = "pad=" + "x" * 1000
        for tail in (" crash=panic", " ktest.timeout=100"):
            with self.subTest(tail=tail):
                line = f"{QUIET} {pad}{tail}"
                seen = len(self.cmdline_prefix + line)
                self.assertGreater(seen, 1023)
                rc, out = self.run_kernel(line, timeout=30)
                self.assertEqual(rc, 2, out)
                self.assertIn("Kernel panic - not syncing: boot: the command line is "
                              f"{seen} bytes, more than the 1023 this kernel keeps",
                              out)
                self.assertNotIn("params:", out)
