# SPDX-License-Identifier: GPL-2.0
"""kmtrace: host side of kmlab's trace replay.

A kmtrace v1 text trace (tools/mm/traces/README.md) is parsed into a Trace
(trace.py: caches in declaration order plus a list of events, with allocation
IDs implicit because they count up from 0), which module.py encodes into the
binary module the kernel replays (layout in include/kmlab/kmtrace.h and
Documentation/mm/kmtrace-format.rst) and decodes back.  Both directions
produce the same Trace, so `kmtrace info` computes its figures the same way
for a text trace and for a module.  Every error is a KmtError whose message
names the file and the line (text) or byte offset (module).
"""


class KmtError(Exception):
    """Bad input: the message is complete and printed as is."""


class KmtUsageError(KmtError):
    """A command-line argument that cannot work (exit status 2)."""
