# SPDX-License-Identifier: GPL-2.0
# Tests of scripts/kmtrace. Run from the repository root:
#   /usr/bin/python3 -m unittest discover -s tools/testing/kmtrace -t .
