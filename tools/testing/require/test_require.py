# SPDX-License-Identifier: GPL-2.0
"""scripts/require on bad input: an unknown tool name (a typo in a make
fragment) is refused before apt-get is run, naming the known tools; no
argument prints the usage. A known tool that is present installs nothing.
Run: /usr/bin/python3 -m unittest discover tools/testing/require
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
REQUIRE = os.path.join(SRCTREE, "scripts", "require")


def require(*args, env=None):
    proc = subprocess.run([REQUIRE, *args], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                          text=True, env=env)
    return proc.returncode, proc.stdout


class RequireTest(unittest.TestCase):
    def test_unknown_tool_is_refused_without_apt_get(self):
        rc, out = require("xz", "qemuu")
        self.assertEqual(rc, 2, out)
        self.assertIn("unknown tool 'qemuu'", out)
        self.assertIn("gcc32", out)             # the list of known tools
        self.assertNotIn("apt-get", out)
        self.assertNotIn("installing", out)

    def test_no_argument_prints_the_usage(self):
        rc, out = require()
        self.assertEqual(rc, 2, out)
        self.assertIn("usage: require", out)

    def test_present_tool_installs_nothing(self):
        rc, out = require("xz")     # every target needs xz-utils on Debian
        self.assertEqual(rc, 0, out)
        self.assertEqual(out, "")

    def test_hypothesis_is_a_tool(self):
        # The property-based host tests import hypothesis from Debian's
        # python3-hypothesis: require must know it, and --all (what make
        # check runs first) must include it.
        self.assert_known_tool("hypothesis", "hypothesis) echo python3-hypothesis")

    def assert_known_tool(self, name, package_line):
        """@name is installed here, in --all, and maps to @package_line."""
        rc, out = require(name)
        self.assertEqual(rc, 0, out)
        self.assertEqual(out, "")
        with open(REQUIRE) as f:
            text = f.read()
        self.assertRegex(text, r'\nALL="[^"]*\b%s\b' % re.escape(name))
        self.assertIn(package_line, text)

    def test_host_anchors_are_tools(self):
        # make compare's host side: valgrind and Debian's :i386 allocators,
        # which need the i386 architecture added before apt-get update.
        rc, out = require("valgrind", "anchors32")
        self.assertEqual(rc, 0, out)
        self.assertEqual(out, "")
        with open(REQUIRE) as f:
            text = f.read()
        self.assertRegex(text, r'\nALL="[^"]*\bvalgrind anchors32\b')
        self.assertIn("libjemalloc-dev:i386 libmimalloc-dev:i386 "
                      "libgoogle-perftools-dev:i386", text)
        self.assertIn("dpkg --add-architecture i386", text)

    def test_llvm_cov_is_a_tool(self):
        # scripts/fuzz coverage: llvm-profdata and llvm-cov from Debian's
        # llvm, clang's i386 profile runtime from libclang-rt.
        self.assert_known_tool("llvm-cov",
                               'llvm-cov) echo "llvm clang libclang-rt-14-dev')

    def test_a_package_two_tools_need_is_named_once(self):
        # gcc32 and anchors32 both need gcc-multilib. With a gcc that
        # fails, as a non-root user without sudo, require prints the
        # packages and the command to run, each package once.
        stubs = tempfile.mkdtemp(prefix="kmlab-require-")
        self.addCleanup(shutil.rmtree, stubs)
        for name, body in (("gcc", "exit 1"), ("sudo", "exit 1"), ("id", "echo 1000")):
            with open(os.path.join(stubs, name), "w") as f:
                f.write("#!/bin/sh\n" + body + "\n")
            os.chmod(os.path.join(stubs, name), 0o755)
        env = dict(os.environ, PATH=stubs + ":/usr/bin:/bin")
        rc, out = require("gcc32", "anchors32", env=env)
        self.assertEqual(rc, 1, out)
        first = out.splitlines()[0]
        self.assertEqual(first, "require: missing Debian packages: gcc-multilib "
                         "libjemalloc-dev:i386 libmimalloc-dev:i386 "
                         "libgoogle-perftools-dev:i386")
        self.assertIn("run as root:", out)
        self.assertEqual(out.count("gcc-multilib"), 2, out)   # the list and the command


if __name__ == "__main__":
    unittest.main()
