# SPDX-License-Identifier: GPL-2.0
"""The terminal table, the gnuplot plots and report.html of make compare."""
import html
import os
import subprocess

from . import sidebyside, smp

CHURN_SIZES = [16, 32, 64, 128, 192, 256, 512, 1024, 2048, 4096]
SUMMARY_WORKLOADS = ["churn/64/fwd", "churn/4096/rand", "cache/192",
                     "pages/0", "random/4096"]


def fmt(v, digits=1):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def fmt_k(v):
    """Bytes @v in KiB ("n/a" when unknown)."""
    return "n/a" if v is None else f"{v / 1024:.0f}K"


def hist_cells(h, keys=("mean", "median", "p99", "max")):
    """Cells of a histogram; "-" for each when it has no sample (every
    allocation failed): a 0.0 there would read as a free operation."""
    if not h["n"]:
        return ["-"] * len(keys)
    return [fmt(h[k]) for k in keys]


def main_runs(results):
    return [r for r in results["runs"] if r["kind"] == "main"]


def summary_rows(results):
    """One row per (main run, interesting workload)."""
    rows = []
    for run in main_runs(results):
        names = [n for n in run["workloads"] if n.startswith("trace/")]
        names += [n for n in SUMMARY_WORKLOADS if n in run["workloads"]]
        for name in names:
            w = run["workloads"][name]
            rows.append([run["variant"], name] + hist_cells(w["alloc"]) +
                        hist_cells(w["free"], ("mean", "p99")) +
                        [str(w["failed"]), f"{w['peak_live'] / 1024:.0f}K",
                         fmt(w["held_ratio"], 3), fmt(w.get("extent_ratio"), 3),
                         fmt(w["int_frag"], 3), fmt(w.get("vs_linux"), 3),
                         fmt(w.get("largest_ratio"), 3),
                         "ok" if w["validate"] == 0 else f"{w['validate']} bad"])
        for name, why in run["rejected"].items():
            rows.append([run["variant"], name] + ["-"] * 13 + [f"rejected: {why}"])
        if not run["complete"]:
            rows.append([run["variant"], "(run)"] + ["-"] * 13 +
                        [f"INCOMPLETE: {run['status']}"])
    return rows + host_summary_rows(results)


def host_label(r):
    """The row and key label of host result @r: "glibc (host)", or
    "buddy_slab (ARCH=host)" for a kmlab backend built for the host."""
    return f"{r['contender']} ({'ARCH=host' if r.get('kind') == 'host-kmlab' else 'host'})"


def host_summary_rows(results):
    """The host side's rows of the summary (callgrind: a mean, no
    percentiles; what a contender cannot say is n/a): each anchor, then
    each kmlab backend on the host, on every trace and the summary's
    synthetic workloads, in the same order whichever order they ran in."""
    h = results.get("host") or {}
    traces = ["trace/" + t.split(".")[0] for t in results["meta"].get("traces", [])]
    order = traces + SUMMARY_WORKLOADS
    rows = []
    for key in ("runs", "kmlab"):
        by = {}
        for r in h.get(key, []):
            if r["workload"] in order:
                by.setdefault(r["contender"], {})[r["workload"]] = r
        rank = host_order(results)
        for c in sorted(by, key=lambda c: (rank.index(c) if c in rank else len(rank), c)):
            for name in [n for n in order if n in by[c]]:
                r = by[c][name]
                rows.append([host_label(r), name, fmt(r["alloc"]["mean"]), "n/a", "n/a",
                             "n/a", fmt(r["free"]["mean"]), "n/a", fmt(r.get("failed")),
                             fmt_k(r.get("peak_live")), fmt(r.get("held_ratio"), 3),
                             fmt(r.get("extent_ratio"), 3), fmt(r.get("int_frag"), 3),
                             "n/a", "n/a", "-"])
    return rows


def host_order(results):
    """The anchors as host.py lists them, then the variants' order."""
    from .host import ANCHOR_NAMES
    return list(ANCHOR_NAMES) + variant_order(results)


HEADER = ["backend", "workload", "alloc", "med", "p99", "max", "free", "p99",
          "failed", "peak live", "held/live", "extent/live", "ksize/req", "ksize/linux",
          "largest/free", "validate"]


def table(rows, header=HEADER):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    out = [line(header), line(["-" * w for w in widths])]
    prev = None
    for r in rows:
        if prev is not None and r[0] != prev:
            out.append("")
        out.append(line(r))
        prev = r[0]
    return "\n".join(out)


def targets_text(targets):
    out = []
    for t in targets:
        mark = {True: "MET   ", False: "MISSED", None: "N/A   "}[t["met"]]
        fig = fmt(t["figure"], 3) if t["figure"] is not None else "-"
        note = f"  ({t['note']})" if t["note"] else ""
        out.append(f"  {mark} {t['text']}: {fig}{note}")
    return "\n".join(out)


# ---------------------------------------------------------------- plots

# One colour per variant in every plot (gnuplot's default colours follow
# the order of the lines, which differs from plot to plot). The variants
# are data (mm/Kconfig's backends, scripts/compare-variants): a variant's
# colour is its place in results["meta"]["variants"], the order
# scripts/compare found them in, so it is the same whichever of them ran.
# The host anchors' colours, apart from the variants': fixed by name.
ANCHOR_COLOURS = {"glibc": "#000000", "jemalloc": "#8b4513", "mimalloc": "#ff1493",
                  "tcmalloc": "#228b22"}
PALETTE = ["#9400d3", "#009e73", "#56b4e9", "#e69f00", "#c00000", "#0072b2",
           "#cc79a7", "#666666", "#b8860b", "#2f4f4f"]


def variant_order(results):
    """Every variant name, in the order colours are given out: the
    discovered order (meta.variants), then any other run's variant."""
    order = list(results["meta"].get("variants") or [])
    for run in results["runs"]:
        if run["variant"] not in order:
            order.append(run["variant"])
    return order


def colour(variant, order):
    """The fixed gnuplot line colour of @variant, from its place in @order."""
    return PALETTE[order.index(variant) % len(PALETTE)]


PAGE_ORDERS = range(5)  # pages/0 .. pages/4 (KBENCH_PAGES_MAX_ORDER)
# Synthetic workloads with a bar plot of every contender, like the traces.
BAR_WORKLOADS = ["cache/192"]


RANDOM_CAPS = (256, 1024, 4096, 16384)  # random/CAP (lib/kbench/workloads.c)


def op_lines(results, pdir, key, op, points):
    """gnuplot terms of a line per kernel main run, then a dotted one per
    host anchor, each through @points ([(x, workload)]: its mean
    instructions per @op on each of those workloads it ran with a
    sample), in its fixed colour; the .dat files KEY_VARIANT.dat and
    KEY_host_NAME.dat."""
    order = variant_order(results)
    lines = [(run["variant"], run["variant"], run["workloads"], "",
              colour(run["variant"], order)) for run in main_runs(results)]
    by = {}
    for r in (results.get("host") or {}).get("runs", []):
        by.setdefault(r["contender"], {})[r["workload"]] = r
    lines += [(f"host_{n}", f"{n} (host)", ws, "dt 3 lw 2 ", ANCHOR_COLOURS.get(n, "gray"))
              for n, ws in by.items()]
    out = []
    for tag, title, ws, style, rgb in lines:
        data = [(x, ws[w][op]["mean"]) for x, w in points
                if w in ws and ws[w][op].get("n", 1) and ws[w][op]["mean"] is not None]
        if not data:
            continue
        dat = os.path.join(pdir, f"{key}_{tag}.dat")
        _write(dat, "".join(f"{x} {v}\n" for x, v in data))
        out.append(f"'{dat}' using 1:2 with linespoints {style}lc rgb '{rgb}' title '{title}'")
    return out


def live_series_run(runs, name):
    """The run whose series of trace @name gives the live requested bytes:
    one that replayed it with no failed allocation (a backend that failed
    some, like bump, has less live than the trace), the first such run;
    None when every run failed some."""
    for run in runs:
        w = run["workloads"].get(name)
        if run["series"].get(name) and w is not None and w["failed"] == 0:
            return run
    return None


def addrmap_points(pts):
    """The address map of a trace replay's series @pts: (event, lowest,
    highest, highest end so far) of the objects allocated in each
    sampling interval, in MiB above the replay's lowest object; only the
    intervals that allocated. [] when the series has no addresses."""
    pts = [p for p in pts if len(p) == 7]
    if not pts:
        return []
    base = pts[-1][3]  # the lowest start of the whole replay
    mib = 1048576
    return [(ev, (wlo - base) / mib, (whi - base) / mib, (hi - base) / mib)
            for ev, _held, _live, _lo, hi, wlo, whi in pts if whi]


def addrmap_scripts(runs, pdir, order):
    """One address map per trace and variant: where each sampling
    interval's objects went (a vertical bar from the lowest start to the
    highest end) and the highest end so far, which a placement far from
    the rest raises for good. Writes the .dat files; yields (trace,
    variant, svg, gnuplot lines)."""
    for run in runs:
        for name in sorted(run["series"]):
            pts = addrmap_points(run["series"][name])
            if not pts:
                continue
            tag = f"{name.replace('/', '_')}_{run['variant']}"
            dat = os.path.join(pdir, f"addrmap_{tag}.dat")
            _write(dat, "".join(f"{ev} {lo:.4f} {hi:.4f} {top:.4f}\n"
                                for ev, lo, hi, top in pts))
            c = colour(run["variant"], order)
            yield (name, run["variant"], f"addrmap_{tag}.svg",
                   f"set title '{name}, {run['variant']}: address map of the replay'\n"
                   "set xlabel 'trace event'\n"
                   "set ylabel 'MiB above the lowest object'\n"
                   f"plot '{dat}' using 1:2:(0):($3-$2) with vectors nohead lc rgb '{c}' "
                   "title 'objects allocated in the interval (lowest to highest)', "
                   f"'{dat}' using 1:4 with lines lw 2 dt 2 lc rgb 'black' "
                   "title 'highest end so far'\n")


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)
    _written.append(os.path.basename(path))


# The files plots() wrote, listed in plots/MANIFEST, so that the next run
# removes those it does not write again (a trace or a variant left out)
# and nothing else: a file the user put in plots/ stays.
MANIFEST = "MANIFEST"
_written = []


def remove_made(pdir):
    """Remove the files the last plots() in @pdir listed in its manifest."""
    _written.clear()
    try:
        with open(os.path.join(pdir, MANIFEST)) as f:
            names = f.read().split()
    except OSError:
        return
    for n in names:
        if n == os.path.basename(n) and n not in (".", "..", MANIFEST):
            try:
                os.remove(os.path.join(pdir, n))
            except OSError:
                pass
    os.remove(os.path.join(pdir, MANIFEST))


def write_made(pdir, made):
    """List the files of this plots() run (.dat, plots.gp, the SVGs)."""
    names = sorted(set(_written) | set(made.values()))
    with open(os.path.join(pdir, MANIFEST), "w") as f:
        f.write("".join(n + "\n" for n in names))


def plots(results, outdir, log):
    """Write .dat files and run gnuplot; return {plot name: svg file}."""
    pdir = os.path.join(outdir, "plots")
    os.makedirs(pdir, exist_ok=True)
    remove_made(pdir)
    runs = main_runs(results)
    order = variant_order(results)
    made = {}
    scripts = []
    term = "set terminal svg size 900,500 dynamic noenhanced font 'sans,12'\n"
    # Each plot sets its own scales: the scripts run in one gnuplot.
    common = "set key outside right top\nset grid\nunset logscale\n"

    # Instructions per operation by size (churn, allocation order).
    for op in ("alloc", "free"):
        plot = op_lines(results, pdir, f"churn_{op}", op,
                        [(s, f"churn/{s}/fwd") for s in CHURN_SIZES])
        if plot:
            svg = f"churn_{op}.svg"
            scripts.append(term + common + f"set output '{os.path.join(pdir, svg)}'\n"
                           f"set title 'kmalloc churn (N=256, allocation order): instructions per {op}'\n"
                           "set logscale x 2\nset logscale y\nset xlabel 'object size (bytes)'\n"
                           f"set ylabel 'instructions per {op} (mean; kernel -icount, host callgrind)'\n"
                           "plot " + ", ".join(plot) + "\n")
            made[f"churn_{op}"] = svg

    # Footprint over time during each trace replay.
    traces = sorted({n for r in runs for n in r["series"]})
    for name in traces:
        plot = []
        live_run = live_series_run(runs, name)
        live_dat = None
        for run in runs:
            pts = run["series"].get(name)
            if not pts:
                continue
            w = run["workloads"].get(name)
            if w is not None and not w["alloc"]["n"]:
                # Nothing held: no line on a log axis. Say so in the key.
                plot.append(f"keyentry with lines lw 2 lc rgb '{colour(run['variant'], order)}' "
                            f"title '{run['variant']}: every allocation failed'")
                continue
            dat = os.path.join(pdir, f"series_{name.replace('/', '_')}_{run['variant']}.dat")
            _write(dat, "".join(f"{ev} {held * 4096 / 1048576:.4f} {live / 1048576:.4f}\n"
                                for ev, held, live, *_ in pts))
            plot.append(f"'{dat}' using 1:2 with lines lw 2 lc rgb '{colour(run['variant'], order)}' "
                        f"title '{run['variant']} held'")
            if run is live_run:
                live_dat = dat
        # The anchors replay the same trace on the host: what each holds
        # at the peak of live bytes, as a level line (no series).
        for r in (results.get("host") or {}).get("runs", []):
            if r["workload"] == name and r.get("held"):
                plot.append(f"{r['held'] / 1048576:.4f} with lines lw 2 dt 3 "
                            f"lc rgb '{ANCHOR_COLOURS.get(r['contender'], 'gray')}' "
                            f"title '{r['contender']} (host) held at peak'")
        if plot:
            if live_dat:
                plot.append(f"'{live_dat}' using 1:3 with lines lw 2 dt 2 lc rgb 'black' "
                            "title 'live requested'")
            svg = f"footprint_{name.replace('/', '_')}.svg"
            # Events on a linear axis (time); MiB on a log axis, since bump
            # holds a hundred times what the others do.
            scripts.append(term + common + f"set output '{os.path.join(pdir, svg)}'\n"
                           f"set title '{name}: memory held by the backend during the replay'\n"
                           "set logscale y\n"
                           "set xlabel 'trace event'\nset ylabel 'MiB (log scale)'\n"
                           "plot " + ", ".join(plot) + "\n")
            made["footprint_" + name] = svg

    for name, variant, svg, script in addrmap_scripts(runs, pdir, order):
        scripts.append(term + common + f"set output '{os.path.join(pdir, svg)}'\n" + script)
        made[f"addrmap_{name}_{variant}"] = svg

    # Every contender of each trace and of cache/192: instructions per
    # allocation and free.
    bars = sidebyside.workloads(results)
    bars += [n for n in BAR_WORKLOADS
             if any(r["workload"] == n for r in (results.get("host") or {}).get("runs", []))]
    for name in bars:
        rows = [(f"{c} ({'kernel' if m.startswith('kernel') else 'host'})",
                 sidebyside.value(w, "alloc.mean"), sidebyside.value(w, "free.mean"))
                for c, m, w in sidebyside.contenders(results, name)]
        rows = [r for r in rows if r[1] is not None and r[2] is not None]
        if len(rows) < 2:
            continue
        dat = os.path.join(pdir, f"contenders_{name.replace('/', '_')}.dat")
        _write(dat, "".join(f"\"{c}\" {a} {f}\n" for c, a, f in rows))
        svg = f"contenders_{name.replace('/', '_')}.svg"
        scripts.append(term + common + f"set output '{os.path.join(pdir, svg)}'\n"
                       f"set title '{name}: instructions per call, every contender "
                       "(kernel: -icount; host: callgrind)'\n"
                       "set style data histograms\nset style histogram clustered gap 1\n"
                       "set style fill solid 0.8 border -1\nset xtics rotate by -30\n"
                       "set yrange [0:*]\nunset xlabel\nset ylabel 'instructions per call (mean)'\n"
                       f"plot '{dat}' using 2:xtic(1) title 'alloc', '' using 3 title 'free'\n"
                       "set style fill empty\nset style data lines\nset xtics norotate\nset yrange [*:*]\n")
        made["contenders_" + name] = svg

    # alloc_pages / free_pages by order.
    for op in ("alloc", "free"):
        plot = op_lines(results, pdir, f"pages_{op}", op,
                        [(o, f"pages/{o}") for o in PAGE_ORDERS])
        if plot:
            svg = f"pages_{op}.svg"
            call = "alloc_pages" if op == "alloc" else "free_pages"
            scripts.append(term + common + f"set output '{os.path.join(pdir, svg)}'\n"
                           f"set title 'pages/ORDER: instructions per {call} "
                           "(host anchors: page-aligned allocation of the same bytes)'\n"
                           "set logscale y\nset xlabel 'order (4 KiB << order)'\nset xtics 1\n"
                           f"set ylabel 'instructions per {op} (mean)'\n"
                           "plot " + ", ".join(plot) + "\nset xtics autofreq\n")
            made[f"pages_{op}"] = svg

    # Scaling: cost per allocation against the live-set cap.
    plot = op_lines(results, pdir, "scaling", "alloc",
                    [(c, f"random/{c}") for c in RANDOM_CAPS])
    if plot:
        svg = "scaling.svg"
        scripts.append(term + common + f"set output '{os.path.join(pdir, svg)}'\n"
                       "set title 'random sizes (1..4096 B), capped live set: instructions per kmalloc'\n"
                       "set logscale x 2\nset logscale y\nset xlabel 'live-set cap (objects)'\n"
                       "set ylabel 'instructions per alloc (mean; kernel -icount, host callgrind)'\n"
                       "plot " + ", ".join(plot) + "\n")
        made["scaling"] = svg

    # Scaling with CPUs (compare_lib/smp.py): per operation against CPUs,
    # a colour per backend of its own (the option variants' colours,
    # given out in meta.variants' order, repeat among the backends).
    backends = list(dict.fromkeys(r["variant"] for r in (results.get("smp") or {}).get("runs", [])))
    for key, svg, script in smp.plot_scripts(results.get("smp"), pdir, _write,
                                             lambda v: colour(v, backends)):
        scripts.append(term + common + script)
        made[key] = svg

    gp = os.path.join(pdir, "plots.gp")
    _write(gp, "\n".join(scripts))
    write_made(pdir, made)
    p = subprocess.run(["gnuplot", gp], capture_output=True, text=True)
    if p.returncode:
        log(f"compare: gnuplot failed ({p.stderr.strip()[:300]}); the report has no plots")
        return {}
    return made


# ---------------------------------------------------------------- html

CSS = """body{font-family:sans-serif;margin:2em;max-width:1400px}
table{border-collapse:collapse;font-size:13px;margin:1em 0}
td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}
td:nth-child(-n+2),th{text-align:left}
table.targets td:nth-child(4){text-align:left}
.met{background:#d8f5d8}.missed{background:#f8d4d4}.na{background:#eee}
img{max-width:100%;border:1px solid #ddd;margin:0.5em 0}
code{background:#f3f3f3}"""


def html_table(header, rows, classes=None, table_class=None):
    tc = f' class="{table_class}"' if table_class else ""
    out = [f"<table{tc}><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>"]
    for i, r in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(results, targets, made, path):
    meta = results["meta"]
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>kmlab: allocator comparison</title>"
             f"<style>{CSS}</style></head><body>",
             "<h1>kmlab: allocator backends compared</h1>",
             f"<p>Guest instructions counted exactly under <code>qemu-system-i386 -icount shift=0</code>; "
             f"RAM {html.escape(meta['mem'])}; traces: {html.escape(', '.join(meta['traces']) or 'none')}; "
             f"generated {html.escape(meta['date'])} from commit {html.escape(meta['commit'])}. "
             "Documentation/mm/compare.rst explains every column.</p>"]
    bad = [r for r in results["runs"] if not r["complete"]]
    if bad:
        parts.append("<h2>Incomplete runs</h2><ul>" + "".join(
            f"<li><b>{html.escape(r['id'])}</b>: {html.escape(r['status'] or '')}: "
            f"{html.escape('; '.join(r['errors'] + r['oops'][:2]))}</li>" for r in bad) + "</ul>")
    parts.append("<h2>Targets (issues 6, 13, 15, 16)</h2>")
    cls = [{True: "met", False: "missed", None: "na"}[t["met"]] for t in targets]
    parts.append(html_table(["target", "result", "figure", "note"],
                            [[t["text"], {True: "met", False: "MISSED", None: "n/a"}[t["met"]],
                              fmt(t["figure"], 3), t["note"]] for t in targets], cls,
                            "targets"))
    parts.append(smp.html(results.get("smp"), html.escape, html_table))
    parts.append("<h2>Every contender, per trace</h2>")
    parts.append(sidebyside.html_tables(results, html.escape))
    parts.append("<h2>Summary</h2>")
    parts.append(html_table(HEADER, summary_rows(results)))
    parts.append("<h2>Plots</h2>")
    parts.append("<p>The host anchors (glibc, jemalloc, mimalloc, tcmalloc under callgrind) "
                 "are in every plot but the address maps: dotted lines in churn, pages and "
                 "scaling, which run lib/kbench/workloads.c itself on each anchor; bars in "
                 "contenders_trace_NAME and contenders_cache_192 (instructions per call of "
                 "every contender); "
                 "footprint_trace_NAME: what each holds at the peak of live bytes, dotted "
                 "level lines; addrmap_trace_NAME_VARIANT: where a backend placed the "
                 "objects over the replay. Kernel figures: -icount; host figures: callgrind "
                 "(the method is under the side-by-side tables).</p>")
    for key in sorted(made):
        parts.append(f"<h3>{html.escape(key)}</h3><img src='plots/{html.escape(made[key])}'>")
    scale = [r for r in results["runs"] if r["kind"] == "scale"]
    if scale:
        rows = []
        for r in sorted(scale + [x for x in main_runs(results)],
                        key=lambda r: (r["variant"], r["mem_bytes"])):
            for n, w in r["workloads"].items():
                if n.startswith("trace/"):
                    rows.append([r["variant"], n, r["mem"]] +
                                hist_cells(w["alloc"], ("mean",)) +
                                hist_cells(w["free"], ("mean",)) +
                                [w["failed"], fmt(w["held_ratio"], 3),
                                 fmt(w.get("extent_ratio"), 3),
                                 "ok" if w["validate"] == 0 else w["validate"]])
            if not r["complete"]:
                rows.append([r["variant"], "(run)", r["mem"], "-", "-", "-", "-", "-",
                             r["status"]])
        parts.append("<h2>Scaling with memory size (trace replays)</h2>")
        parts.append(html_table(["backend", "workload", "RAM", "alloc", "free", "failed",
                                 "held/live", "extent/live", "validate"], rows))
    parts.append("<h2>Every workload</h2>")
    for run in results["runs"]:
        rows = []
        for n, w in run["workloads"].items():
            rows.append([n] + hist_cells(w["alloc"]) + hist_cells(w["free"]) +
                        [w["failed"], w["peak_live"],
                         w["peak_pages"] - w["base_pages"], fmt(w["held_ratio"], 3),
                         fmt(w.get("extent_ratio"), 3), fmt(w["int_frag"], 3), fmt(w.get("vs_linux"), 3),
                         fmt(w.get("largest_ratio"), 3), w["validate"]])
        parts.append(f"<h3>{html.escape(run['id'])} ({html.escape(run['backend'] or '?')})</h3>")
        parts.append(html_table(["workload", "alloc mean", "med", "p99", "max", "free mean",
                                 "med", "p99", "max", "failed", "peak live B", "peak pages",
                                 "held/live", "extent/live", "ksize/req", "ksize/linux",
                                 "largest/free", "validate"], rows))
    parts.append("<p>Raw data: <a href='results.json'>results.json</a>.</p></body></html>")
    _write(path, "\n".join(parts))
