# SPDX-License-Identifier: GPL-2.0
# Host tests of scripts/ktest; see test_ktap.py.
