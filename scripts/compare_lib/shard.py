# SPDX-License-Identifier: GPL-2.0
"""Split make compare's grid across machines, and merge the slices.

The grid is (contender x trace x memory size). Its units are:

    ("kernel", VARIANT, MEM, PART)  one boot of a kmlab variant in QEMU at
                                    RAM size MEM; PART is "synthetic" (the
                                    synthetic workloads, booted without a
                                    trace) or "trace/NAME" (one trace)
    ("anchor", NAME, WORKLOAD)      one host allocator on one trace
    ("host", VARIANT, WORKLOAD)     one kmlab variant on the host (ARCH=host)
                                    on one trace

Every unit is one boot or one program run, on a freshly started heap, so
no figure depends on which other units ran beside it. Slice I of N
(scripts/compare --shard I/N, I from 1) takes the units whose place in
units() is I - 1 modulo N, so N machines running the N slices of the same
commit on the same traces cover the grid exactly once. Each writes its
own results.json, marked with its slice and the SHA-256 of every trace
module it replayed; merge() puts the slices back into one results (the
table, the targets and the report are then those of one run), after
checking that they come from one commit, with the same traces, memory
size and event limit, and that every slice is there exactly once.

A kernel run record (one "id", such as buddy_slab@128M) is made of the
boots of its units; each boot's record carries "seq", its place in the
variant's list of boots, and join() folds the boots of one id in that
order, on one machine or after a merge.
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


def units(kernel, anchors, host_variants, workloads):
    """Every unit of the grid, in a fixed order: ("kernel", variant, mem,
    part) for each (variant, mem, part) of @kernel, then ("anchor", name,
    workload) and ("host", variant, workload) for each trace workload of
    @workloads."""
    return ([("kernel",) + tuple(k) for k in kernel] +
            [("anchor", a, w) for a in anchors for w in workloads] +
            [("host", v, w) for v in host_variants for w in workloads])


def select(all_units, i, n):
    """The units of slice @i of @n."""
    return [u for k, u in enumerate(all_units) if k % n == i - 1]


FOLDED = ("workloads", "rejected", "series")
PER_BOOT = ("log", "errors", "oops", "complete", "status")


def _order(rec):
    """{name: seq} of @rec's workloads, rejections and series: the boot
    each came from (a boot record's own "seq" when it has no "order")."""
    if "order" in rec:
        return dict(rec["order"])
    return {name: rec["seq"] for key in FOLDED for name in rec[key]}


def _boots(rec):
    """{seq: the per-boot fields} of @rec (a boot, or a joined run)."""
    if "boots" in rec:
        return {int(k): v for k, v in rec["boots"].items()}
    return {rec["seq"]: {k: rec[k] for k in PER_BOOT}}


def join(boots):
    """One run record per id from the records @boots (each with "id",
    "variant" and "seq"; a boot, or runs already joined on another
    machine): the variants in the order they first appear in @boots, a
    variant's runs in the order of their first boot.

    Workloads, rejections and series come in the order of the boots they
    came from (a stable sort on "order", so a boot keeps the kernel's
    order); logs, errors and oops likewise ("boots" keeps them per boot);
    the run is complete when every boot is, its status that of the last
    incomplete boot. @boots are left as they are."""
    runs = {}
    variants = list(dict.fromkeys(b["variant"] for b in boots))
    for b in sorted(boots, key=lambda b: (variants.index(b["variant"]), b["seq"])):
        r = runs.get(b["id"])
        if r is None:
            runs[b["id"]] = dict(b, order=_order(b), boots=_boots(b),
                                 **{k: dict(b[k]) for k in FOLDED})
            continue
        r["order"].update(_order(b))
        r["boots"].update(_boots(b))
        for key in FOLDED:
            r[key].update(b[key])
    for r in runs.values():
        for key in FOLDED:
            r[key] = dict(sorted(r[key].items(), key=lambda kv: r["order"].get(kv[0], 0)))
        per = [r["boots"][k] for k in sorted(r["boots"])]
        r["boots"] = {str(k): r["boots"][k] for k in sorted(r["boots"])}
        r["log"] = " ".join(p["log"] for p in per if p["log"]) or None
        r["errors"] = [e for p in per for e in p["errors"]]
        r["oops"] = [e for p in per for e in p["oops"]]
        r["complete"] = all(p["complete"] for p in per)
        bad = [p for p in per if not p["complete"]]
        r["status"] = bad[-1]["status"] if bad else per[0]["status"]
    return list(runs.values())


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
    # A variant's runs in the order of their first boot, as on one machine.
    by_variant = {}
    for s in slices:
        for r in s["runs"]:
            by_variant.setdefault(r["variant"], []).append(r)
    runs = []
    for v in sorted(by_variant, key=lambda v: place(variants, v)):
        runs += join(by_variant[v])
    out = {"version": 1, "meta": meta, "runs": runs, "host": host}
    # The scaling runs (compare_lib/smp.py) are slice 1's.
    scaling = next((s["smp"] for s in slices if s.get("smp")), None)
    if scaling:
        out["smp"] = scaling
    return out
