# SPDX-License-Identifier: GPL-2.0
"""make bochs BREAK=kmalloc with kmalloc inline: bochs-run sets a
breakpoint on every inlined copy (gdb reads them from the DWARF info),
keeps names that System.map has, and refuses a name that is neither.

A stand-in gdb first on PATH prints what gdb 13 prints for "break NAME"
and "info breakpoints" on a vmlinux where kmalloc is inlined three times
and panic is out of line; the real gdb output was taken from a
buddy+slab build (47 copies of kmalloc).
Run: /usr/bin/python3 -m unittest discover tools/testing/bochs -p 'test_bochs_break*'
"""
import contextlib
import io
import os
import sys
import textwrap
import unittest
from types import SimpleNamespace

SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, SRCTREE)
from tools.testing.kmlab_host import load_script, stand_in  # noqa: E402

bochs_run = load_script("bochs-run", "bochs_run_break")

FAKE_GDB = textwrap.dedent('''\
    #!/bin/sh
    case "$*" in
    *"break kmalloc "*) cat <<'OUT'
    Breakpoint 1 at 0x1097b5: kmalloc. (3 locations)
    Num     Type           Disp Enb Address    What
    1       breakpoint     keep y   <MULTIPLE>
    1.1                         y   0x001097b5 in kmalloc at include/kmlab/slab_def.h:146
    1.2                         y   0x0010a040 in kmalloc at include/kmlab/slab_def.h:146
    1.3                         y   0x0010d100 in kmalloc at include/kmlab/slab.h:117
    OUT
    ;;
    *"break kfree "*)
        echo "Breakpoint 1 at 0x100000: kfree. (20 locations)"
        i=1; while [ $i -le 20 ]; do
            printf '1.%d y 0x%08x in kfree at include/kmlab/slab.h:130\\n' $i $((0x100000 + 16 * i))
            i=$((i + 1))
        done;;
    *"break ksize "*) cat <<'OUT'
    Breakpoint 1 at 0x109900: file include/kmlab/slab_def.h, line 200.
    Num     Type           Disp Enb Address    What
    1       breakpoint     keep y   0x00109900 in ksize at include/kmlab/slab_def.h:200
    OUT
    ;;
    *) echo 'Function "nosuch" not defined.' ;;
    esac
    ''')


class InlineBreakTest(unittest.TestCase):
    def setUp(self):
        self.dir = stand_in(self, "gdb", FAKE_GDB)
        self.path = os.environ["PATH"]
        os.environ["PATH"] = self.dir + os.pathsep + self.path
        self.addCleanup(os.environ.__setitem__, "PATH", self.path)
        self.map = os.path.join(self.dir, "System.map")
        with open(self.map, "w") as f:
            f.write("00100000 T __kernel_start\n00108000 T panic\n")
        self.vmlinux = os.path.join(self.dir, "vmlinux")
        open(self.vmlinux, "w").close()

    def test_inline_function_gets_every_copy(self):
        got = bochs_run.resolve_breaks(["panic", "kmalloc", "ksize"],
                                       self.map, self.vmlinux)
        self.assertEqual(got, ["panic", "0x001097b5", "0x0010a040",
                               "0x0010d100", "0x00109900"])
        a = SimpleNamespace(check=False, breaks=got, rc=None)
        self.assertEqual(bochs_run.debugger_rc(a, "/b/k.sym")[1:3],
                         ['lb "panic"', "lb 0x001097b5"])

    def test_no_more_copies_than_bochs_has_breakpoints(self):
        # Bochs holds 16 linear breakpoints: one more is an error there.
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            got = bochs_run.resolve_breaks(["panic", "kfree"], self.map,
                                           self.vmlinux)
        self.assertEqual(len(got), bochs_run.MAX_LIN_BREAKPOINTS)
        self.assertEqual(got[:3], ["panic", "0x00100010", "0x00100020"])
        self.assertIn("kfree's first 15 copies by address set, 5 left out",
                      err.getvalue())

    def test_unknown_name_is_a_usage_error(self):
        with self.assertRaises(SystemExit) as cm:
            bochs_run.resolve_breaks(["nosuch"], self.map, self.vmlinux)
        self.assertEqual(cm.exception.code, bochs_run.EXIT_USAGE)


if __name__ == "__main__":
    unittest.main()
