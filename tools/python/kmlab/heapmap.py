# SPDX-License-Identifier: GPL-2.0
"""Heap.heap_map(): what each byte of a heap's RAM is, at this moment.

The backend's own walker, backend_walk() (mm/internal.h, one per backend
at the end of its file), reports every byte of the usable memory in
address order as one of:

  live      an object or page block handed out and not freed, as many
            bytes as ksize() (the kernel's own objects included);
  free      what the backend can hand out again: free blocks inside
            first-fit and TLSF arenas, bump's untouched middle, SLOB's
            free units, free slab objects, free buddy blocks;
  metadata  headers, footers, fences, bump's metadata words, redzones;
  held      none of those: bump's freed blocks (never reused), a slab's
            tail that no object fits in, an object's alignment padding.

Two things the walker does not know are painted over it as metadata:
mem_map (the struct page array, outside the usable memory) and each
struct kmem_cache this Heap created (a kmalloc object to the backend).
Reserved pages (outside usable memory) are left out.
"""
import heapq

LAYERS = ("live", "free", "metadata", "held")
KMEM_CACHE_BYTES = 40           # sizeof(struct kmem_cache) on i386


def _flatten(spans):
    """Non-overlapping (start, end, kind) runs of (start, end, kind, rank)
    spans; where spans overlap the higher rank wins."""
    edges = sorted({a for s in spans for a in s[:2]})
    starts = sorted(spans, key=lambda s: s[0])
    active, out, i = [], [], 0
    for a, b in zip(edges, edges[1:]):
        while i < len(starts) and starts[i][0] <= a:
            s = starts[i]
            heapq.heappush(active, (-s[3], s[1], s[2]))
            i += 1
        while active and active[0][1] <= a:
            heapq.heappop(active)
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
    spans = [(a, b, k, 0) for a, b, k in heap.walk()]
    spans.append((heap.mem_map[0], heap.mem_map[1], "metadata", 1))
    for cache in heap.caches:
        spans.append((cache.addr, cache.addr + KMEM_CACHE_BYTES, "metadata", 1))
    return _flatten(spans)
