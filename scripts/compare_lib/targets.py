# SPDX-License-Identifier: GPL-2.0
"""The targets of issues 6 and 13, evaluated on collected results.

Each target gives: the text, the figure measured, the limit and met (True,
False, or None when it could not be measured, with a note saying why).
Anchors (glibc per-call instruction counts, heap_4's extent over peak
live on the same traces) are from the issue; see
Documentation/mm/compare.rst. The targets are reported, never checked:
make check-compare checks the regression budgets (budgets.py) instead.
"""

GLIBC = {"build": (169, 168), "fs": (212, 164)}
HEAP4_FS_EXTENT = 1.043


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


def _le(text, backend, results, variant, name, fn, limit, fmt="{:.2f}",
        strict=False):
    w, why = workload(results, variant, name)
    if w is None:
        return _t(text, backend, None, limit, None, why)
    if not w["alloc"]["n"]:
        return _t(text, backend, None, limit, None,
                  f"{name}: no allocation succeeded ({w['failed']} failed)")
    fig = fn(w)
    if fig is None:
        return _t(text, backend, None, limit, None, "not reported")
    met = fig < limit if strict else fig <= limit
    return _t(text, backend, float(fmt.format(fig)), limit, met)


def trace_names(results):
    names = set()
    for run in results["runs"]:
        names.update(n for n in run["workloads"] if n.startswith("trace/"))
        names.update(n for n in run["rejected"] if n.startswith("trace/"))
    return sorted(names)


RANDOM_CAPS = ("random/256", "random/1024", "random/4096", "random/16384")


def tlsf_targets(results, traces):
    """Issue 13's TLSF targets: per-call costs and memory on both traces,
    instructions per allocation flat across the random/CAP live sets."""
    out = []
    for t in ("build", "fs"):
        name = "trace/" + t
        if name not in traces:
            continue
        out.append(_le(f"TLSF: {t} trace, <= 150 instr/alloc (mean)", "tlsf",
                       results, "tlsf", name, lambda w: w["alloc"]["mean"], 150))
        out.append(_le(f"TLSF: {t} trace, <= 120 instr/free (mean)", "tlsf",
                       results, "tlsf", name, lambda w: w["free"]["mean"], 120))
        out.append(_le(f"TLSF: {t} trace, extent / peak live <= 1.05", "tlsf",
                       results, "tlsf", name, lambda w: w.get("extent_ratio"),
                       1.05, "{:.3f}"))
        out.append(_le(f"TLSF: {t} trace, pages held at peak / peak live <= 1.10",
                       "tlsf", results, "tlsf", name, lambda w: w["held_ratio"],
                       1.10, "{:.3f}"))
    text = "TLSF: instr/alloc flat across random/CAP (largest / smallest mean <= 1.10)"
    means = []
    for name in RANDOM_CAPS:
        w, why = workload(results, "tlsf", name)
        if w is None or not w["alloc"]["n"]:
            out.append(_t(text, "tlsf", None, 1.10, None,
                          why or f"{name}: no allocation succeeded"))
            return out
        means.append(w["alloc"]["mean"])
    fig = max(means) / min(means) if min(means) > 0 else None
    if fig is None:
        out.append(_t(text, "tlsf", None, 1.10, None, "a mean of 0"))
    else:
        out.append(_t(text, "tlsf", round(fig, 3), 1.10, fig <= 1.10,
                      "means " + ", ".join(f"{m:g}" for m in means)))
    return out


def evaluate(results):
    out = []
    pair = lambda w: w["alloc"]["mean"] + w["free"]["mean"]
    out.append(_le("buddy+slab: kmalloc(64) + kfree <= 60 instr (mean over churn/64/fwd)",
                   "buddy_slab", results, "buddy_slab", "churn/64/fwd", pair, 60))
    out.append(_le("buddy+slab: alloc_pages(0) + free_pages <= 150 instr",
                   "buddy_slab", results, "buddy_slab", "pages/0", pair, 150))
    traces = trace_names(results)
    for t in ("build", "fs"):
        name = "trace/" + t
        if name not in traces:
            continue
        ga, gf = GLIBC[t]
        out.append(_le(f"buddy+slab: {t} trace, instr/alloc < glibc's {ga}",
                       "buddy_slab", results, "buddy_slab", name,
                       lambda w: w["alloc"]["mean"], ga, strict=True))
        out.append(_le(f"buddy+slab: {t} trace, instr/free < glibc's {gf}",
                       "buddy_slab", results, "buddy_slab", name,
                       lambda w: w["free"]["mean"], gf, strict=True))
        out.append(_le(f"buddy+slab: {t} trace, pages held at peak / peak live <= 1.2",
                       "buddy_slab", results, "buddy_slab", name,
                       lambda w: w["held_ratio"], 1.2, "{:.3f}"))
        out.append(_le(f"SLOB: {t} trace, held at peak / peak live <= 1.2",
                       "slob", results, "slob", name,
                       lambda w: w["held_ratio"], 1.2, "{:.3f}"))
    if "trace/fs" in traces:
        out.append(_le("first-fit (tree): fs trace, <= 1000 instr/alloc",
                       "firstfit", results, "firstfit", "trace/fs",
                       lambda w: w["alloc"]["mean"], 1000))
        t = _le("first-fit (tree): fs trace, extent / peak live <= heap_4's 1.043",
                "firstfit", results, "firstfit", "trace/fs",
                lambda w: w.get("extent_ratio"), HEAP4_FS_EXTENT, "{:.3f}")
        w, _ = workload(results, "firstfit", "trace/fs")
        if w is not None and w["held_ratio"] is not None:
            t["note"] = (t["note"] + "; " if t["note"] else "") + \
                f"pages held at peak / peak live {w['held_ratio']:.3f}"
        out.append(t)
    out += tlsf_targets(results, traces)
    out.append(_le("bump: kmalloc <= 20 instr (mean over churn/64/fwd)",
                   "bump", results, "bump", "churn/64/fwd",
                   lambda w: w["alloc"]["mean"], 20))
    for variant in ("firstfit", "buddy_slab", "slob", "tlsf"):
        for name in traces:
            w, why = workload(results, variant, name)
            text = f"{variant}: {name} in 128 MiB, 0 failed, validate passes"
            if w is None:
                out.append(_t(text, variant, None, 0, False if "rejected" in (why or "") else None, why))
                continue
            fig = w["failed"] + w["validate"]
            out.append(_t(text, variant, fig, 0, fig == 0,
                          f"failed {w['failed']}, validate violations {w['validate']}"))
    return out
