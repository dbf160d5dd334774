# SPDX-License-Identifier: GPL-2.0
"""Heap.replay(): the kernel's own trace replay (lib/kbench/replay.c).

The trace (a kmtrace text trace, .kmt or .kmt.xz, converted here with the
same code as scripts/kmtrace, or a .kmtb module) becomes the boot module of
a fresh library instance of the heap's backend and RAM size, booted with
kbench.run=1 and a filter naming only that trace: the kernel replays it at
"boot" exactly as under QEMU, on an empty heap, and prints its result line
and footprint samples, which are parsed here. The heap the method is called
on is left as it was.
"""
import json
import os
import re
import tempfile

from .kmtrace_lib import KmtError
from .kmtrace_lib.module import encode, is_module
from .kmtrace_lib.text import parse_text


def _module(trace, tmp):
    """A module file for TRACE and the workload name the kernel gives it."""
    if not isinstance(trace, (str, os.PathLike)):
        raise TypeError("trace must be a path, not %s" % type(trace).__name__)
    path = os.fspath(trace)
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", os.path.basename(path).split(".")[0]) or "trace"
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as e:
        raise ValueError("%s: cannot open: %s" % (path, e.strerror)) from None
    if not is_module(head):
        try:
            data = encode(parse_text(path), path)
        except KmtError as e:
            raise ValueError(str(e)) from None
        path = os.path.join(tmp, stem + ".kmtb")
        with open(path, "wb") as f:
            f.write(data)
    return path, "trace/" + stem


def replay(heap_class, backend, mem, trace, sample=None):
    """Replay TRACE on a fresh heap; the kernel's result as a dict.

    The dict is the kernel's "kbench:" result line for the trace (keys as
    in Documentation/mm/compare.rst: failed, req_bytes, peak_pages ...;
    "alloc"/"free" hold instruction counts, which depend on the machine),
    plus "series": the "kbench-series:" samples (ev, held pages, live
    requested bytes) every SAMPLE events (default: about 500 samples).
    """
    with tempfile.TemporaryDirectory(prefix="kmlab-replay-") as tmp:
        path, name = _module(trace, tmp)
        with open(path, "rb") as f:
            events = int.from_bytes(f.read(64)[24:28], "little")
        sample = sample or max(1, events // 500)
        heap = heap_class(backend, mem, module=path,
                          cmdline=["kbench.run=1", "kbench.filter=" + name,
                                   "kbench.sample=%d" % sample])
        try:
            problems = heap._call("bench")[1][0]
            lines = heap.output
        finally:
            heap.close()
    result, series = None, []
    for line in lines:
        if line.startswith("kbench-series: "):
            series.append(json.loads(line[len("kbench-series: "):]))
        elif line.startswith("kbench: {") and '"workload"' in line:
            rec = json.loads(line[len("kbench: "):])
            if rec.get("workload") == name:
                result = rec
    if result is None or "rejected" in result or problems:
        why = [l for l in lines if "rejected" in l or "kbench" in l and "error" in l]
        from .heap import KmlabError
        raise KmlabError(why[0] if why else "kbench: trace %s: no result" % name, lines)
    result["series"] = series
    return result
