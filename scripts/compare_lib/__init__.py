# SPDX-License-Identifier: GPL-2.0
"""scripts/compare: run kbench on every backend and compare (Documentation/mm/compare.rst)."""
