# SPDX-License-Identifier: GPL-2.0
"""gfp_t flags by their kernel names (include/kmlab/gfp.h).

gfp() turns "GFP_KERNEL", "GFP_KERNEL | __GFP_ZERO" or an int into the
bits the kernel takes; tools/testing/python checks these values against
the header, so the two cannot drift apart.
"""

GFP_FLAGS = {
    "__GFP_HIGH": 0x01,
    "__GFP_DIRECT_RECLAIM": 0x02,
    "__GFP_ZERO": 0x04,
    "__GFP_NOWARN": 0x08,
    "__GFP_DMA": 0x100,
    "__GFP_HIGHMEM": 0x200,
    "GFP_KERNEL": 0x02,
    "GFP_ATOMIC": 0x01,
    "GFP_NOWAIT": 0x00,
    "GFP_DMA": 0x100,
    "GFP_HIGHUSER": 0x202,
}

# kmem_cache_create() flags (include/kmlab/slab.h).
SLAB_FLAGS = {
    "SLAB_HWCACHE_ALIGN": 0x00002000,
    "SLAB_POISON": 0x00000800,
    "SLAB_RED_ZONE": 0x00000400,
}


def _flags(value, table, what):
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError("%s must be a name such as %r or an int, not %s"
                        % (what, next(iter(table)), type(value).__name__))
    if isinstance(value, int):
        if not 0 <= value < 1 << 32:
            raise ValueError("%s %d is not a 32-bit flag word" % (what, value))
        return value
    bits = 0
    for name in value.split("|"):
        name = name.strip()
        if name not in table:
            raise ValueError("unknown %s flag %r: known are %s"
                             % (what, name, ", ".join(sorted(table))))
        bits |= table[name]
    return bits


def gfp(value):
    """Return the gfp_t bits of VALUE: an int, or names joined by '|'."""
    return _flags(value, GFP_FLAGS, "gfp")


def slab_flags(value):
    """Return the slab_flags_t bits of VALUE: 0, an int, or names joined by '|'."""
    return _flags(value, SLAB_FLAGS, "slab") if value else 0
