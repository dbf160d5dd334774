# SPDX-License-Identifier: GPL-2.0
"""The targets of issues 6, 13, 15 and 16, evaluated on collected results.

The targets are data: scripts/compare-targets names the variants,
workloads, figures and limits (its header gives the format). Each
evaluated target gives: the text, the backend (variant), the figure
measured, the limit and met (True, False, or None when it could not be
measured, with a note saying why). An "anchor" target's limit is not
typed in: it is a host anchor's figure of the same run (compare_lib/
host.py), the named contender's or the best of them. The targets are reported, never
checked: make check-compare checks the regression budgets (budgets.py).
"""
import os
import shlex

from kmlab_lib.tree import read_lines

TARGET_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           "compare-targets")


class TargetError(Exception):
    """A malformed target file; the message says which line and why."""


def load(path=TARGET_FILE):
    """Read @path: a list of dicts, one per line ("kind" limit or clean).

    Raises TargetError (unreadable file, a bad line)."""
    out = []
    for no, line in read_lines(path, TargetError, "target file"):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as e:
            raise TargetError(f"{path}:{no}: {e}")
        if not words:
            continue
        if words[0] == "clean" and len(words) > 1:
            out.append({"kind": "clean", "variants": words[1:]})
            continue
        if words[0] == "flat":
            out.append(_flat(words, path, no))
            continue
        if words[0] == "anchor":
            out.append(_anchor_line(words, path, no))
            continue
        pos = [w for w in words if "=" not in w or w in ("<=",)]
        kw = dict(w.split("=", 1) for w in words if "=" in w and w != "<=")
        if words[0] != "limit" or len(pos) != 6 or pos[4] not in ("<=", "<") \
                or "text" not in kw or set(kw) - {"text", "digits", "note", "note_figure"}:
            raise TargetError(f"{path}:{no}: want 'limit VARIANT WORKLOAD FIGURE <=|< "
                              "LIMIT text=\"...\" [digits=N] [note=\"...\" note_figure=F]' "
                              "or 'clean VARIANT...'")
        try:
            limit = float(pos[5])
            digits = int(kw.get("digits", 2))
        except ValueError:
            raise TargetError(f"{path}:{no}: limit '{pos[5]}' or digits is not a number")
        out.append({"kind": "limit", "variant": pos[1], "workload": pos[2],
                    "figure": pos[3], "strict": pos[4] == "<",
                    "limit": int(limit) if limit.is_integer() else limit,
                    "digits": digits, "text": kw["text"], "note": kw.get("note"),
                    "note_figure": kw.get("note_figure")})
    return out


def _flat(words, path, no):
    """A "flat VARIANT WORKLOAD,... FIGURE <= LIMIT text=..." line."""
    pos = [w for w in words if "=" not in w or w == "<="]
    kw = dict(w.split("=", 1) for w in words if "=" in w and w != "<=")
    if len(pos) != 6 or pos[4] != "<=" or set(kw) != {"text"}:
        raise TargetError(f"{path}:{no}: want 'flat VARIANT WORKLOAD,WORKLOAD... FIGURE "
                          "<= LIMIT text=\"...\"'")
    try:
        limit = float(pos[5])
    except ValueError:
        raise TargetError(f"{path}:{no}: limit '{pos[5]}' is not a number")
    return {"kind": "flat", "variant": pos[1], "workloads": pos[2].split(","),
            "figure": pos[3], "limit": limit, "text": kw["text"]}


def _anchor_line(words, path, no):
    """An "anchor VARIANT WORKLOAD FIGURE <=|< best|CONTENDER text=..." line."""
    pos = [w for w in words if "=" not in w or w == "<="]
    kw = dict(w.split("=", 1) for w in words if "=" in w and w != "<=")
    if len(pos) != 6 or pos[4] not in ("<=", "<") or "text" not in kw \
            or set(kw) - {"text", "digits"}:
        raise TargetError(f"{path}:{no}: want 'anchor VARIANT WORKLOAD FIGURE <=|< "
                          "best|CONTENDER text=\"...\" [digits=N]'")
    try:
        digits = int(kw.get("digits", 2))
    except ValueError:
        raise TargetError(f"{path}:{no}: digits is not a number")
    return {"kind": "anchor", "variant": pos[1], "workload": pos[2], "figure": pos[3],
            "strict": pos[4] == "<", "anchor": pos[5], "digits": digits,
            "text": kw["text"]}


def anchor_figure(results, workload, figure, anchor="best"):
    """(value, contender, why) of the host anchors on @workload: @anchor's
    @figure, or the smallest of every anchor's ("best": every figure of
    the targets is better lower). value None with why when not measured."""
    host = results.get("host") or {}
    if not host.get("runs"):
        return None, None, host.get("skipped") or "the host anchors were not run"
    figs = [(value(r, figure), r["contender"]) for r in host["runs"]
            if r["workload"] == workload and (anchor == "best" or r["contender"] == anchor)]
    figs = [f for f in figs if f[0] is not None]
    if not figs:
        return None, None, f"no host figure {figure} of {anchor} on {workload}"
    return min(figs) + ("",)


def _anchor(t, results):
    """A kmlab backend's kernel figure against an anchor's on this run."""
    text, variant, name = t["text"], t["variant"], t["workload"]
    w, why = workload(results, variant, name)
    ref, who, why2 = anchor_figure(results, name, t["figure"], t["anchor"])
    if w is None or ref is None:
        return _t(text, variant, None, None, None, why or why2)
    fig = value(w, t["figure"])
    if not w["alloc"]["n"] or fig is None:
        return _t(text, variant, None, ref, None, f"{name}: not measured")
    met = fig < ref if t["strict"] else fig <= ref
    return _t(text, variant, float(f"{fig:.{t['digits']}f}"), ref, met,
              f"{who} {ref:g}; ratio {fig / ref:.3f}" if ref else f"{who} {ref:g}")


def find_run(results, variant, mem="128M", kind="main"):
    for run in results["runs"]:
        if run["variant"] == variant and run["mem"] == mem and run["kind"] == kind:
            return run
    return None


def workload(results, variant, name, mem="128M", kind="main"):
    run = find_run(results, variant, mem, kind)
    if not run:
        return None, f"{variant} was not run at {mem}"
    w = run["workloads"].get(name)
    if w is None:
        why = run["rejected"].get(name)
        if why:
            return None, f"{variant}: {name} rejected: {why}"
        return None, f"{variant}: no result for {name} ({run['status']})"
    return w, None


def _t(text, backend, figure, limit, met, note=""):
    return {"text": text, "backend": backend, "figure": figure,
            "limit": limit, "met": met, "note": note}


def value(w, figure):
    """The sum of the dotted paths in @figure ("alloc.mean+free.mean") in
    workload result @w, or None when one is missing or null."""
    total = 0
    for path in figure.split("+"):
        v = w
        for key in path.split("."):
            v = v.get(key) if isinstance(v, dict) else None
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            return None
        total += v
    return total


def _limit(t, results):
    text, variant, name, limit = t["text"], t["variant"], t["workload"], t["limit"]
    w, why = workload(results, variant, name)
    if w is None:
        return _t(text, variant, None, limit, None, why)
    fig = value(w, t["figure"])
    if not w["alloc"]["n"]:
        out = _t(text, variant, None, limit, None,
                 f"{name}: no allocation succeeded ({w['failed']} failed)")
    elif fig is None:
        out = _t(text, variant, None, limit, None, "not reported")
    else:
        met = fig < limit if t["strict"] else fig <= limit
        out = _t(text, variant, float(f"{fig:.{t['digits']}f}"), limit, met)
    extra = value(w, t["note_figure"]) if t["note_figure"] else None
    if extra is not None:
        out["note"] = (out["note"] + "; " if out["note"] else "") + \
            f"{t['note']} {extra:.3f}"
    return out


def _flatness(t, results):
    """Largest over smallest of FIGURE across the workloads (the first one
    missing or without a successful allocation makes it not measured)."""
    text, variant, limit = t["text"], t["variant"], t["limit"]
    figs = []
    for name in t["workloads"]:
        w, why = workload(results, variant, name)
        if w is None or not w["alloc"]["n"]:
            return _t(text, variant, None, limit, None,
                      why or f"{name}: no allocation succeeded")
        fig = value(w, t["figure"])
        if fig is None:
            return _t(text, variant, None, limit, None, f"{name}: not reported")
        figs.append(fig)
    if min(figs) <= 0:
        return _t(text, variant, None, limit, None, "a mean of 0")
    ratio = max(figs) / min(figs)
    return _t(text, variant, round(ratio, 3), limit, ratio <= limit,
              "means " + ", ".join(f"{m:g}" for m in figs))


def trace_names(results):
    names = set()
    for run in results["runs"]:
        names.update(n for n in run["workloads"] if n.startswith("trace/"))
        names.update(n for n in run["rejected"] if n.startswith("trace/"))
    return sorted(names)


def variant_traces(results, variant, traces):
    """The traces of @traces that @variant is meant to replay: the run's
    own traces (meta.traces), or for a variant that replays a capped copy
    of each (firstfit-list's trace/NAME-50k) the capped names it has."""
    run_names = {"trace/" + t.split(".")[0] for t in results["meta"].get("traces", [])}
    mine = {n for run in results["runs"] if run["variant"] == variant
            for n in list(run["workloads"]) + list(run["rejected"]) if n.startswith("trace/")}
    if mine and run_names and not mine & run_names:
        return sorted(mine)
    return [n for n in traces if not run_names or n in run_names]


# A target on trace/* holds on every trace the variant replayed (issue
# 16: "on every trace you have"), a recorded one as well as the in-tree
# ones; "{trace}" in its text becomes each trace's name.
EVERY_TRACE = "trace/*"


def every_trace(t, results, traces):
    """Target @t once for each trace of @traces its variant replayed."""
    for name in variant_traces(results, t["variant"], traces):
        yield dict(t, workload=name,
                   text=t["text"].replace("{trace}", name[len("trace/"):]))


def evaluate(results, targets=None):
    """Evaluate @targets (default: load()) on @results; a list of dicts
    (text, backend, figure, limit, met, note) in the targets' order."""
    targets = load() if targets is None else targets
    traces = trace_names(results)
    out = []
    for t in targets:
        if t["kind"] == "flat":
            out.append(_flatness(t, results))
            continue
        if t["kind"] in ("limit", "anchor"):
            fn = _limit if t["kind"] == "limit" else _anchor
            if t["workload"] == EVERY_TRACE:
                out.extend(fn(one, results) for one in every_trace(t, results, traces))
                continue
            if t["workload"].startswith("trace/") and t["workload"] not in traces:
                continue
            out.append(fn(t, results))
            continue
        for variant in t["variants"]:
            for name in variant_traces(results, variant, traces):
                w, why = workload(results, variant, name)
                text = f"{variant}: {name} in 128 MiB, 0 failed, validate passes"
                if w is None:
                    out.append(_t(text, variant, None, 0,
                                  False if "rejected" in (why or "") else None, why))
                    continue
                fig = w["failed"] + w["validate"]
                out.append(_t(text, variant, fig, 0, fig == 0,
                              f"failed {w['failed']}, validate violations {w['validate']}"))
    return out
