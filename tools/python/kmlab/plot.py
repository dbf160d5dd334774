# SPDX-License-Identifier: GPL-2.0
"""Plots of a heap with matplotlib (Debian's python3-matplotlib).

heap_map(h) draws the heap's RAM as rows of addresses, each byte coloured
by what Heap.heap_map() says it is (live, free, metadata, held);
replay(h, trace) draws the footprint over a replay of a trace: the pages
the backend holds and the bytes the trace has live, sampled by the
kernel's replay (Heap.replay()'s "series"). Each returns the matplotlib
Figure and, given path=, writes it there (PNG, SVG ... by the suffix).
"""
import matplotlib

matplotlib.use("Agg")   # files only: no display needed
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .heap import PAGE_SIZE  # noqa: E402

COLOURS = {"live": "#d62728", "free": "#2ca02c", "metadata": "#1f77b4",
           "held": "#c7c7c7"}


def _save(fig, path):
    if path:
        fig.savefig(path, dpi=100)
    return fig


def _live_span(h, spans):
    live = [(a, b) for a, b, k in spans if k == "live"]
    if not live:
        return h.ram
    lo = min(a for a, _ in live) & ~(PAGE_SIZE - 1)
    hi = -(-max(b for _, b in live) // PAGE_SIZE) * PAGE_SIZE
    return lo, hi


def heap_map(h, path=None, rows=64, span="ram", title=None):
    """Figure of h.heap_map(): ROWS rows of addresses, each 1/ROWS of SPAN:
    "ram" (all of it), "live" (the pages from the lowest to the highest
    live object) or a (start, end) pair of addresses."""
    spans = h.heap_map()
    if span == "ram":
        lo, hi = h.ram
    elif span == "live":
        lo, hi = _live_span(h, spans)
    elif isinstance(span, tuple) and len(span) == 2 and span[0] < span[1]:
        lo, hi = span
    else:
        raise ValueError("span=%r: give 'ram', 'live' or (start, end)" % (span,))
    spans = [(max(a, lo), min(b, hi), k) for a, b, k in spans if b > lo and a < hi]
    row = -(-(hi - lo) // rows)
    fig, ax = plt.subplots(figsize=(10, 6))
    bars = {}       # (kind, row) -> [(x, width)]: one artist per pair
    for start, end, kind in spans:
        while start < end:
            r = (start - lo) // row
            stop = min(end, lo + (r + 1) * row)
            bars.setdefault((kind, r), []).append((start - lo - r * row, stop - start))
            start = stop
    for (kind, r), items in bars.items():
        ax.broken_barh(items, (r, 0.9), facecolors=COLOURS[kind])
    ax.set_xlim(0, row)
    ax.set_ylim(rows, 0)
    ax.set_xlabel("offset in row (bytes; one row = %d KiB)" % (row >> 10))
    ax.set_ylabel("row (from %#x)" % lo)
    st = h.stats()
    ax.set_title(title or "%s: %d live objects, %d KiB live, %d pages held"
                 % (h.backend, len(h.live), st["live_bytes"] >> 10, st["pages_held"]))
    ax.legend(handles=[Patch(color=c, label=k) for k, c in COLOURS.items()],
              loc="lower right", fontsize="small")
    fig.tight_layout()
    return _save(fig, path)


def replay(h, trace, path=None, result=None):
    """Figure of the footprint over h.replay(trace) (or RESULT, a replay's dict)."""
    result = result or h.replay(trace)
    ev = [s["ev"] for s in result["series"]]
    fig, ax = plt.subplots(figsize=(10, 5))
    ax.plot(ev, [s["held"] * PAGE_SIZE >> 10 for s in result["series"]],
            label="pages held (KiB)")
    ax.plot(ev, [s["live"] >> 10 for s in result["series"]],
            label="requested bytes live (KiB)")
    ax.set_xlabel("event")
    ax.set_ylabel("KiB")
    ax.set_title("%s: %s, peak %d pages for %d KiB live"
                 % (h.backend, result["workload"], result["peak_pages"],
                    result["peak_live"] >> 10))
    ax.legend()
    fig.tight_layout()
    return _save(fig, path)
