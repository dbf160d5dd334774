#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The worked example of Documentation/dev-tools/python.rst.

    PYTHONPATH=build/python Documentation/dev-tools/python-example.py OUT_DIR

The same sequence of calls on a heap of every backend, side by side in one
process, then OUT_DIR/heap-map-NAME.png for each: the pages from the lowest
to the highest live object, coloured live, free, metadata or held. Prints
one line per backend: its statistics and what the map shows.
"""
import os
import sys

try:
    import kmlab
    import kmlab.plot
except ImportError as e:
    sys.exit("python-example: %s: run 'make python' and give PYTHONPATH=build/python" % e)


def same_calls(h):
    """Objects of mixed sizes, every other one freed, a cache, page blocks."""
    objs = [h.kmalloc(16 << (i % 8)) for i in range(96)]
    for p in objs[::2]:
        h.kfree(p)
    objs[1] = h.krealloc(objs[1], 300)
    cache = h.kmem_cache_create("example", 96, align=32)
    for _ in range(40):
        cache.alloc()
    h.alloc_pages(order=2)
    h.kzalloc(1000, gfp="GFP_KERNEL")


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print("usage: python-example.py OUT_DIR (the PNGs are written there)",
              file=sys.stderr)
        return 2
    out = argv[1]
    if not os.path.isdir(out):
        print("python-example: %s is not a directory: create it first" % out,
              file=sys.stderr)
        return 2
    heaps = [kmlab.Heap(name, mem="8M") for name in kmlab.backends()]
    for h in heaps:
        same_calls(h)
    for h in heaps:
        kinds = {}
        for start, end, kind in h.heap_map():
            kinds[kind] = kinds.get(kind, 0) + end - start
        path = os.path.join(out, "heap-map-%s.png" % h.backend_name)
        kmlab.plot.heap_map(h, path, span="live")
        st = h.stats()
        print("%-10s %3d live objects, %6d live bytes, %3d pages held, "
              "validate %s; map KiB: %s -> %s" % (
                  h.backend, st["live_objects"], st["live_bytes"], st["pages_held"],
                  "ok" if not h.validate() else "FAILED",
                  ", ".join("%s %d" % (k, v >> 10) for k, v in sorted(kinds.items())),
                  path))
        h.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
