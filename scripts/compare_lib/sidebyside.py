# SPDX-License-Identifier: GPL-2.0
"""One table per trace with every contender of the run (issue 15).

Rows: the kmlab backends in the kernel (guest instructions under -icount,
kbench) and the host anchors (callgrind, compare_lib/host.py), each row
saying its method. Columns: instructions per allocation and per free
(mean; p99 where the method gives one), held at peak and extent over peak
live, and for each kmlab backend its ratio to the best anchor on each of
those figures (below 1: better). kmlab's backends built with ARCH=host
and run under callgrind have rows of their own (method "host callgrind"),
and a cross-check line each: their figures over the kernel's. A last line per figure names who is best
and by how much (the runner-up over the best).
"""
from .host import cross_check
from .targets import value

FIGURES = [("alloc", "alloc.mean"), ("free", "free.mean"),
           ("held/live", "held_ratio"), ("extent/live", "extent_ratio")]
HEADER = ["contender", "method", "alloc", "p99", "free", "p99", "held/live",
          "extent/live", "alloc/best", "free/best", "held/best", "extent/best"]


def _fmt(v, digits):
    return "n/a" if v is None else f"{v:,.{digits}f}"


def contenders(results, workload):
    """[(name, method, result dict)] of every contender that replayed
    @workload: kernel main runs first, then the host anchors."""
    out = []
    for run in results["runs"]:
        w = run["workloads"].get(workload)
        if run["kind"] == "main" and w is not None and w["alloc"]["n"]:
            out.append((run["variant"], "kernel -icount", w))
    host = results.get("host") or {}
    for r in host.get("kmlab", []) + host.get("runs", []):
        if r["workload"] == workload:
            out.append((r["contender"], "host callgrind", r))
    return out


def best_anchor(results, workload, path):
    """(value, name) of the smallest anchor figure, or (None, None)."""
    figs = [(value(r, path), r["contender"])
            for r in (results.get("host") or {}).get("runs", [])
            if r["workload"] == workload and value(r, path) is not None]
    return min(figs) if figs else (None, None)


def workloads(results):
    names = []
    for run in results["runs"]:
        names += [n for n in run["workloads"] if n.startswith("trace/") and n not in names]
    for r in (results.get("host") or {}).get("runs", []):
        if r["workload"].startswith("trace/") and r["workload"] not in names:
            names.append(r["workload"])
    return names


def rows(results, workload):
    """The table's rows for @workload, then the "best" rows."""
    out = []
    cs = contenders(results, workload)
    anchors = {r["contender"] for r in (results.get("host") or {}).get("runs", [])}
    best = {path: best_anchor(results, workload, path) for _, path in FIGURES}
    for name, method, w in cs:
        row = [name, method,
               _fmt(value(w, "alloc.mean"), 1), _fmt(value(w, "alloc.p99"), 0),
               _fmt(value(w, "free.mean"), 1), _fmt(value(w, "free.p99"), 0),
               _fmt(value(w, "held_ratio"), 3), _fmt(value(w, "extent_ratio"), 3)]
        for _, path in FIGURES:
            v, ref = value(w, path), best[path][0]
            row.append(_fmt(v / ref, 3) if name not in anchors and
                       v is not None and ref else "")
        out.append(row)
    for label, path in FIGURES:
        figs = sorted((value(w, path), name) for name, _, w in cs
                      if value(w, path) is not None)
        if not figs:
            continue
        # The runner-up is another contender, not the best's other method.
        second = next((f for f in figs if f[1] != figs[0][1]), None)
        by = f", {second[1]} {second[0] / figs[0][0]:.2f}x" if second and figs[0][0] else ""
        out.append([f"best {label}", figs[0][1], f"{figs[0][0]:,.3f}{by}"])
    return out


def cross_checks(results):
    """[(variant, workload, {figure: (host/kernel, flagged)})]: each kmlab
    backend's host callgrind figure against its kernel -icount figure, on
    each trace (a synthetic workload's calls are a few instructions, which
    the host's call of the site would dwarf)."""
    out = []
    for r in (results.get("host") or {}).get("kmlab", []):
        if not r["workload"].startswith("trace/"):
            continue
        for run in results["runs"]:
            w = run["workloads"].get(r["workload"])
            if run["kind"] == "main" and run["variant"] == r["contender"] and w:
                out.append((r["contender"], r["workload"], cross_check(w, r)))
    return out


def cross_text(results):
    lines = []
    for variant, workload, c in cross_checks(results):
        figs = ", ".join(f"{fig} {ratio:.3f}" + (" (off by more than 15 %: investigate)"
                                                 if flagged else "")
                         for fig, (ratio, flagged) in c.items())
        lines.append(f"  {variant} {workload}: host callgrind / kernel -icount: {figs}")
    return lines


def text(results):
    """Every trace's table as text, each under a title line."""
    out = []
    host = results.get("host") or {}
    for name in workloads(results):
        rs = rows(results, name)
        table = [r for r in rs if not r[0].startswith("best ")]
        widths = [max(len(str(r[i])) for r in table + [HEADER]) for i in range(len(HEADER))]
        line = lambda r: "  ".join(str(c).ljust(wd) if i < 2 else str(c).rjust(wd)
                                   for i, (c, wd) in enumerate(zip(r, widths))).rstrip()
        out += [f"{name}: every contender", line(HEADER), line(["-" * wd for wd in widths])]
        out += [line(r) for r in table]
        out += [f"  {r[0]}: {r[1]} {r[2]}" for r in rs if r[0].startswith("best ")]
        out.append("")
    if host.get("method"):
        out.append(f"host method: {host['method']}")
    cross = cross_text(results)
    if cross:
        out += ["cross-check of the two methods (kmlab backends, ARCH=host under "
                "callgrind against the kernel under -icount):"] + cross
    if host.get("skipped"):
        out.append(f"host anchors: not run: {host['skipped']}")
    for e in host.get("errors", []):
        out.append(f"host anchors: FAILED: {e}")
    return "\n".join(out)


def html_tables(results, esc):
    """The same tables as HTML (@esc: html.escape)."""
    out = []
    for name in workloads(results):
        rs = rows(results, name)
        out.append(f"<h3>{esc(name)}: every contender</h3><table><tr>" +
                   "".join(f"<th>{esc(h)}</th>" for h in HEADER) + "</tr>")
        for r in rs:
            if r[0].startswith("best "):
                continue
            out.append("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in r) + "</tr>")
        out.append("</table><ul>" + "".join(
            f"<li>{esc(r[0])}: {esc(r[1])} {esc(r[2])}</li>" for r in rs
            if r[0].startswith("best ")) + "</ul>")
    host = results.get("host") or {}
    if host.get("method"):
        out.append(f"<p>Host method: {esc(host['method'])}.</p>")
    cross = cross_text(results)
    if cross:
        out.append("<p>Cross-check of the two methods:</p><ul>" +
                   "".join(f"<li>{esc(c.strip())}</li>" for c in cross) + "</ul>")
    if host.get("skipped"):
        out.append(f"<p>Host anchors not run: {esc(host['skipped'])}</p>")
    for e in host.get("errors", []):
        out.append(f"<p>Host anchors: FAILED: {esc(e)}</p>")
    return "\n".join(out)
