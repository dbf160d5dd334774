# SPDX-License-Identifier: GPL-2.0
"""Read DIR/results.json back for `scripts/compare --report DIR`.

scripts/compare writes results.json; --report reads one that may have
been edited by hand, cut, or written by something else. load() checks the
whole shape the table, the targets, the plots and report.html read before
any of them runs, so that a wrong file gives one line naming the first
field that is wrong (and nothing is written), never a traceback halfway
through the report:

    {"meta": {"mem", "date", "commit": str, "traces": [str],
              "variants": [variant name] (optional: the plots' colour order)},
     "runs": [run, ...],                            at least one run
     "host": {"method": str, "skipped": str, "errors": [str],
              "runs": [host run], "kmlab": [host run]} (optional, each key),
     "smp": the scaling runs, compare_lib/smp.py (optional)}
    run: "id", "mem", "kind": str; "variant": a name without '/';
         "backend", "status": str or null; "mem_bytes": number;
         "complete": bool; "errors", "oops": [str];
         "workloads": {name: workload}; "rejected": {name: str};
         "series": {name: [[ev, held, live], ...]} (or [ev, held, live,
         lo, hi, wlo, whi]: with the address map, parse.py)
    workload: "alloc", "free": {"n": int, "mean", "median", "p99", "max":
         number}; "failed", "validate": int; "size", "peak_live",
         "peak_pages", "base_pages": number; "held_ratio", "int_frag" and,
         if present, "extent_ratio", "vs_linux", "largest_ratio": number or
         null.
    host run: "contender" (a variant name), "workload" (a name): str;
         "alloc", "free": {"n": int, "mean": number or null}; "held_ratio",
         "extent_ratio": number or null.

Numbers are JSON numbers that fit in a double (not true/false, not a
400-digit integer); names are what lib/kbench prints (letters, digits and
"_./+-"), as they become file names of the plots.
"""
import json
import re

from . import smp

NAME = re.compile(r"[A-Za-z0-9_.+/-]{1,200}")
VARIANT = re.compile(r"[A-Za-z0-9_.+-]{1,64}")
HIST_KEYS = ("mean", "median", "p99", "max")


class ResultsError(Exception):
    """results.json does not have the shape compare writes."""


def _where(path):
    return path or "the top level"


def _get(obj, key, path):
    if key not in obj:
        raise ResultsError(f"{_where(path)}: no '{key}'")
    return obj[key]


def _object(value, key, path):
    if not isinstance(value, dict):
        raise ResultsError(f"{_where(path)}: '{key}' is not an object")
    return value


def _list(value, key, path):
    if not isinstance(value, list):
        raise ResultsError(f"{_where(path)}: '{key}' is not a list")
    return value


def _is_number(v, integer=False):
    """A JSON number a double holds (true and false are not numbers)."""
    if isinstance(v, bool) or not isinstance(v, int if integer else (int, float)):
        return False
    return not isinstance(v, int) or abs(v) < 1 << 63


def _number(obj, key, path, null=False, integer=False):
    v = _get(obj, key, path)
    if v is None and null:
        return
    if not _is_number(v, integer):
        what = "an integer" if integer else "a number"
        raise ResultsError(f"{_where(path)}: '{key}' is {json.dumps(v)[:40]}, "
                           f"not {what}{' or null' if null else ''}")


def _string(obj, key, path, null=False, pattern=None):
    v = _get(obj, key, path)
    if v is None and null:
        return
    if not isinstance(v, str) or (pattern and not pattern.fullmatch(v)):
        raise ResultsError(f"{_where(path)}: '{key}' is {json.dumps(v)[:40]}, not "
                           + ("a name" if pattern else "a string")
                           + (" or null" if null else ""))


def _strings(obj, key, path):
    if not all(isinstance(s, str) for s in _list(_get(obj, key, path), key, path)):
        raise ResultsError(f"{_where(path)}: '{key}' holds something else than strings")


def _names(obj, key, path):
    """An object keyed by workload names; return its items."""
    d = _object(_get(obj, key, path), key, path)
    for name in d:
        if not NAME.fullmatch(name):
            raise ResultsError(f"{path}.{key}: workload name {json.dumps(name)[:40]} "
                               "is not a kbench name")
    return d.items()


def _workload(w, path):
    _object(w, path.rsplit(".", 1)[-1], path.rsplit(".", 1)[0])
    for op in ("alloc", "free"):
        h = _object(_get(w, op, path), op, path)
        _number(h, "n", f"{path}.{op}", integer=True)
        for k in HIST_KEYS:
            _number(h, k, f"{path}.{op}")
    for k in ("failed", "validate"):
        _number(w, k, path, integer=True)
    for k in ("size", "peak_live", "peak_pages", "base_pages"):
        _number(w, k, path)
    for k in ("held_ratio", "int_frag"):
        _number(w, k, path, null=True)
    for k in ("extent_ratio", "vs_linux", "largest_ratio"):
        if k in w:
            _number(w, k, path, null=True)


def _run(run, path):
    if not isinstance(run, dict):
        raise ResultsError(f"{path} is not an object")
    for k in ("id", "mem", "kind"):
        _string(run, k, path)
    _string(run, "variant", path, pattern=VARIANT)
    for k in ("backend", "status"):
        _string(run, k, path, null=True)
    _number(run, "mem_bytes", path)
    if not isinstance(_get(run, "complete", path), bool):
        raise ResultsError(f"{path}: 'complete' is not true or false")
    for k in ("errors", "oops"):
        _strings(run, k, path)
    for name, w in _names(run, "workloads", path):
        _workload(w, f"{path}.workloads['{name}']")
    for name, why in _names(run, "rejected", path):
        if not isinstance(why, str):
            raise ResultsError(f"{path}: 'rejected' reason of {name} is not a string")
    for name, pts in _names(run, "series", path):
        if not isinstance(pts, list) or not all(
                isinstance(p, list) and len(p) in (3, 7) and all(map(_is_number, p))
                for p in pts):
            raise ResultsError(f"{path}: 'series' of {name} is not a list of "
                               "[event, held, live] numbers (and lo, hi, wlo, whi)")


def _host(host):
    """The optional "host" section (compare_lib/host.py)."""
    _object(host, "host", "")
    for k in ("method", "skipped"):
        if k in host:
            _string(host, k, "host")
    if "errors" in host:
        _strings(host, "errors", "host")
    for key in ("runs", "kmlab"):
        for i, r in enumerate(_list(host.get(key, []), key, "host")):
            path = f"host.{key}[{i}]"
            if not isinstance(r, dict):
                raise ResultsError(f"{path} is not an object")
            _string(r, "contender", path, pattern=VARIANT)
            _string(r, "workload", path, pattern=NAME)
            for op in ("alloc", "free"):
                h = _object(_get(r, op, path), op, path)
                _number(h, "n", f"{path}.{op}", integer=True)
                _number(h, "mean", f"{path}.{op}", null=True)
            for k in ("held_ratio", "extent_ratio"):
                _number(r, k, path, null=True)


def check(results):
    """Raise ResultsError naming the first field that is not as compare
    writes it."""
    if not isinstance(results, dict):
        raise ResultsError("not an object: not a results.json of scripts/compare")
    meta = _object(_get(results, "meta", ""), "meta", "")
    for k in ("mem", "date", "commit"):
        _string(meta, k, "meta")
    _strings(meta, "traces", "meta")
    if "variants" in meta:
        _strings(meta, "variants", "meta")
        if not all(VARIANT.fullmatch(v) for v in meta["variants"]):
            raise ResultsError("meta: 'variants' holds something else than variant names")
    runs = _list(_get(results, "runs", ""), "runs", "")
    if not runs and "shard" not in meta:
        raise ResultsError("no runs: the comparison never booted a kernel; "
                           "run 'make compare' again")
    for i, run in enumerate(runs):
        _run(run, f"runs[{i}]")
    if "host" in results:
        _host(results["host"])
    if results.get("smp") is not None:
        try:
            smp.check(results["smp"])
        except smp.SmpError as e:
            raise ResultsError(str(e)) from None


def load(path):
    """Read and check @path; return the results or raise ResultsError
    (OSError and bad JSON included)."""
    try:
        with open(path, encoding="utf-8") as f:
            results = json.load(f)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as e:
        raise ResultsError(f"cannot read: {getattr(e, 'strerror', None) or e}; "
                           "run 'make compare' first") from None
    check(results)
    return results
