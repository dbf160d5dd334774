# SPDX-License-Identifier: GPL-2.0
"""Split make compare's grid across machines, and merge the slices.

The grid's units are the contenders: each kmlab variant booted in the
kernel (with all its traces and memory sizes), each host anchor, and each
kmlab variant on the host (ARCH=host), each with every trace. Slice I of
N (scripts/compare --shard I/N, I from 1) takes the units whose place in
units() is I - 1 modulo N, so N machines running the N slices of the same
commit on the same traces cover the grid exactly once. Each writes its
own results.json, marked with its slice and the SHA-256 of every trace
module it replayed; merge() puts the slices back into one results (the
table, the targets and the report are then those of one run), after
checking that they come from one commit, with the same traces, memory
size and event limit, and that every slice is there exactly once.
"""
import hashlib
import os

from .host import ANCHOR_NAMES


class ShardError(Exception):
    """A bad --shard value or slices that do not make one run."""


def parse(text):
    """(I, N) of "I/N", 1 <= I <= N; raises ShardError."""
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise ShardError(f"want I/N, such as 1/4, got '{text}'")
    if not 1 <= i <= n:
        raise ShardError(f"want I/N with 1 <= I <= N, got '{text}'")
    return i, n


def units(kernel_variants, anchors, host_variants):
    """Every unit of the grid, in a fixed order: ("kernel", variant),
    ("anchor", name), ("host", variant)."""
    return ([("kernel", v) for v in kernel_variants] + [("anchor", a) for a in anchors] +
            [("host", v) for v in host_variants])


def select(all_units, i, n):
    """The units of slice @i of @n."""
    return [u for k, u in enumerate(all_units) if k % n == i - 1]


def digests(modules):
    """{module file name: SHA-256} of the trace modules of a run."""
    out = {}
    for m in modules:
        with open(m, "rb") as f:
            out[os.path.basename(m)] = hashlib.sha256(f.read()).hexdigest()
    return out


def merge(slices):
    """One results dict from the results of every slice (each with
    meta.shard {"index", "count"}); raises ShardError saying what differs
    or what is missing."""
    if not slices:
        raise ShardError("nothing to merge")
    first = slices[0]["meta"]
    for key in ("commit", "mem", "limit", "modules"):
        for s in slices[1:]:
            if s["meta"].get(key) != first.get(key):
                what = {"modules": "traces", "limit": "event limit"}.get(key, key)
                raise ShardError(f"the slices differ in their {what}: "
                                 f"{first.get(key)!r} and {s['meta'].get(key)!r}")
    marks = [s["meta"].get("shard") for s in slices]
    if None in marks:
        raise ShardError("a results.json that is not a slice (no meta.shard): "
                         "give the output directories of scripts/compare --shard I/N")
    count = marks[0]["count"]
    got = sorted(m["index"] for m in marks)
    if any(m["count"] != count for m in marks) or got != list(range(1, count + 1)):
        have = ", ".join("%d/%d" % (m["index"], m["count"]) for m in marks)
        raise ShardError(f"want each of the slices 1 to {count} once, got {have}")
    meta = dict(first)
    meta.pop("shard")
    meta["seconds"] = round(sum(s["meta"].get("seconds", 0) for s in slices), 1)
    meta["merged"] = count
    host = {"runs": [], "kmlab": [], "errors": []}
    for s in slices:
        h = s.get("host") or {}
        for key in ("runs", "kmlab", "errors"):
            host[key] += h.get(key, [])
        if h.get("method"):
            host["method"] = h["method"]
        if h.get("skipped"):
            host["skipped"] = h["skipped"]
    if host["runs"] or host["kmlab"]:
        host.pop("skipped", None)
    # The order of one run: variants as discovered, traces as given,
    # anchors as host.py lists them (sorted() is stable: a variant's
    # main run stays before its scaling runs).
    variants = list(meta.get("variants") or [])
    traces = ["trace/" + t.split(".")[0] for t in meta.get("traces", [])]

    def place(seq, x):
        return seq.index(x) if x in seq else len(seq)

    host["runs"].sort(key=lambda r: (place(traces, r["workload"]),
                                     place(ANCHOR_NAMES, r["contender"])))
    host["kmlab"].sort(key=lambda r: (place(variants, r["contender"]),
                                      place(traces, r["workload"])))
    runs = sorted((r for s in slices for r in s["runs"]),
                  key=lambda r: place(variants, r["variant"]))
    return {"version": 1, "meta": meta, "runs": runs, "host": host}
