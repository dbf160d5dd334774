# SPDX-License-Identifier: GPL-2.0
"""kmlab: drive kmlab's kernel heap allocators from Python.

    import kmlab
    h = kmlab.Heap("slob", mem="16M")
    p = h.kmalloc(64, gfp="GFP_KERNEL")
    h.ksize(p); h.kfree(p)
    c = h.kmem_cache_create("foo", 96, align=32)
    h.stats(); h.validate(); h.heap_map(); h.replay("tools/mm/traces/build.kmt.xz")

Documentation/dev-tools/python.rst has the whole contract.
"""
from .gfp import GFP_FLAGS, SLAB_FLAGS, gfp, slab_flags
from . import heap as _heap
from .heap import (HeapCrashed, KmemCache, KmlabError, PAGE_SIZE, STATS,
                   ZERO_SIZE_PTR, backends, lib_dir, parse_size)
from .heapmap import LAYERS


class Heap(_heap.Heap):
    __doc__ = _heap.Heap.__doc__

    def heap_map(self):
        """[(start, end, kind)] over the RAM: kind "held", "free", "metadata"
        or "live" (kmlab/heapmap.py says what each covers)."""
        from .heapmap import heap_map
        return heap_map(self)

    def replay(self, trace, sample=None):
        """Replay TRACE (.kmt, .kmt.xz or .kmtb) with the kernel's replay on a
        fresh heap of this backend and RAM size: the kernel's result dict."""
        from .replay import replay
        return replay(Heap, self.backend_name, self.mem, trace, sample)


__all__ = ["Heap", "KmemCache", "KmlabError", "HeapCrashed", "backends", "gfp",
           "slab_flags", "GFP_FLAGS", "SLAB_FLAGS", "LAYERS", "PAGE_SIZE",
           "STATS", "ZERO_SIZE_PTR", "lib_dir", "parse_size"]
