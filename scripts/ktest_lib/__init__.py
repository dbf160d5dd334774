# SPDX-License-Identifier: GPL-2.0
#
# ktest_lib: the host side of ktest, kmlab's in-kernel test framework.
#
#   ktap.py    streaming KTAP v1 parser plus what KTAP alone cannot say
#              (panic, fault outside a test, hang, truncated output)
#   report.py  the human-readable report, printed live as results arrive
#   output.py  JSON records and JUnit XML for CI
#   runner.py  configure, build and boot through make, feeding the parser
#
# scripts/ktest is the command-line front end; tools/testing/ktest/ tests it.
