# SPDX-License-Identifier: GPL-2.0
"""The in-memory trace shared by the text parser and the module codec.

A Trace is the list of caches in declaration order (an event names a cache
by its position in that list, its "slot"; the trace's own IDX is kept for
display) and the list of events in trace order:

    (ALLOC, size, linux_alloc, slot)   slot is KMALLOC (-1) for kmalloc
    (FREE, id)

Allocation IDs are implicit: the n-th ALLOC has ID n.  compute_stats() walks
the events once and returns the figures `kmtrace info` prints, under the
same keys that tools/testing/kmtrace/decode.c prints, so the two can be
compared line by line.
"""
from collections import namedtuple

ALLOC = 0
FREE = 1
KMALLOC = -1

Cache = namedtuple("Cache", "idx name object_size")


class Trace:
    def __init__(self):
        self.caches = []
        self.events = []
        self.limited = False    # conversion stopped at --limit N events


# Keys in print order; decode.c prints the same keys.
STAT_KEYS = (
    "caches", "events", "allocs", "kmalloc_allocs", "cache_allocs", "frees",
    "live_at_end", "max_live", "peak_live_bytes", "peak_linux_bytes",
    "total_bytes", "total_linux_bytes", "max_size",
)


def size_bucket(size):
    """Histogram bucket of a request: 0 for size 0, else the smallest k >= 3
    with size <= 2^k (bucket "<=8" holds 1..8, "<=16" holds 9..16, ...)."""
    if size == 0:
        return 0
    return max(3, (size - 1).bit_length())


def bucket_label(k):
    return "0" if k == 0 else "<=%d" % (1 << k)


def compute_stats(trace):
    """Return (stats dict, histogram dict bucket -> count).

    peak_live_bytes and peak_linux_bytes are the maxima over the trace of
    the running sums of SIZE and LINUX_ALLOC of live objects, each taken
    independently; max_live is the peak number of live objects.
    """
    sizes = []              # by ID: (size, linux) while live
    live = live_bytes = live_linux = 0
    max_live = peak = peak_linux = 0
    total = total_linux = max_size = 0
    nkmalloc = nfree = 0
    hist = {}
    for ev in trace.events:
        if ev[0] == ALLOC:
            _, size, linux, slot = ev
            sizes.append((size, linux))
            live += 1
            live_bytes += size
            live_linux += linux
            total += size
            total_linux += linux
            if slot == KMALLOC:
                nkmalloc += 1
            if size > max_size:
                max_size = size
            k = size_bucket(size)
            hist[k] = hist.get(k, 0) + 1
            if live > max_live:
                max_live = live
            if live_bytes > peak:
                peak = live_bytes
            if live_linux > peak_linux:
                peak_linux = live_linux
        else:
            size, linux = sizes[ev[1]]
            live -= 1
            live_bytes -= size
            live_linux -= linux
            nfree += 1
    stats = {
        "caches": len(trace.caches),
        "events": len(trace.events),
        "allocs": len(sizes),
        "kmalloc_allocs": nkmalloc,
        "cache_allocs": len(sizes) - nkmalloc,
        "frees": nfree,
        "live_at_end": live,
        "max_live": max_live,
        "peak_live_bytes": peak,
        "peak_linux_bytes": peak_linux,
        "total_bytes": total,
        "total_linux_bytes": total_linux,
        "max_size": max_size,
    }
    return stats, hist


def skip_events(trace, n):
    """Drop the first n events of trace, in place: the frees of objects
    allocated among them are dropped as well, and the remaining
    allocations' IDs count from 0 again.  The caches stay (an unused one
    costs nothing to a replay).  A window from the middle of a long trace
    (the kmtrace replay fuzz target's seeds, tools/fuzz/kmtrace_replay.seeds)."""
    skipped = sum(1 for ev in trace.events[:n] if ev[0] == ALLOC)
    events = []
    for ev in trace.events[n:]:
        if ev[0] == FREE:
            if ev[1] < skipped:
                continue
            ev = (FREE, ev[1] - skipped)
        events.append(ev)
    trace.events = events
    if n:
        trace.limited = True
