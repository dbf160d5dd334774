# SPDX-License-Identifier: GPL-2.0
"""Heap.heap_map(): what each byte of a heap's RAM is, at this moment.

The map is painted in layers, each later one over the earlier:

  held      pages the backend holds (slab and SLOB pages, the arenas of
            bump, first-fit and TLSF) as their struct page says;
  free      free buddy blocks (PG_buddy heads and their 2^order pages);
  metadata  mem_map (the struct page array), each kmalloc object's header
            (the backend's header_bytes right before it) and each
            struct kmem_cache;
  live      every object this Heap handed out and did not free: kmalloc
            objects at ksize() bytes, cache objects at their object size,
            page blocks at PAGE_SIZE << order.

Reserved pages (outside usable memory) are left out. What a backend keeps
inside the pages it holds without a struct page trace (the free lists of
first-fit, TLSF and SLOB inside their pages) shows as held.
"""
import heapq

LAYERS = ("held", "free", "metadata", "live")
KMEM_CACHE_BYTES = 40           # sizeof(struct kmem_cache) on i386


def _flatten(spans):
    """Non-overlapping (start, end, kind) runs; the higher layer wins."""
    rank = {k: i for i, k in enumerate(LAYERS)}
    edges = sorted({a for s in spans for a in s[:2]})
    starts = sorted(spans, key=lambda s: s[0])
    active, out, i = [], [], 0
    for a, b in zip(edges, edges[1:]):
        while i < len(starts) and starts[i][0] <= a:
            s = starts[i]
            heapq.heappush(active, (-rank[s[2]], s[1], s[2]))
            i += 1
        while active and active[0][1] <= a:
            heapq.heappop(active)
        if not active:
            continue
        # A span of higher rank may have ended below a lower one.
        best = min((x for x in active if x[1] > a), default=None)
        if best is None:
            continue
        kind = best[2]
        if out and out[-1][1] == a and out[-1][2] == kind:
            out[-1] = (out[-1][0], b, kind)
        else:
            out.append((a, b, kind))
    return out


def heap_map(heap):
    """[(start, end, kind)] over the heap's RAM, kind one of LAYERS."""
    spans = []
    for start, end, kind in heap.pages():
        if kind == "free":
            spans.append((start, end, "free"))
        elif kind != "reserved":
            spans.append((start, end, "held"))
    spans.append((heap.mem_map[0], heap.mem_map[1], "metadata"))
    for cache in heap.caches:
        spans.append((cache.addr, cache.addr + KMEM_CACHE_BYTES, "metadata"))
    for p, (kind, size, extra) in sorted(heap.live.items()):
        if kind == "kmalloc":
            if heap.header_bytes:
                spans.append((p - heap.header_bytes, p, "metadata"))
            spans.append((p, p + max(heap.ksize(p), 1), "live"))
        else:
            spans.append((p, p + max(size, 1), "live"))
    return _flatten(spans)
