# SPDX-License-Identifier: GPL-2.0
"""gfp_t flags by their kernel names (include/kmlab/gfp.h).

gfp() turns "GFP_KERNEL", "GFP_KERNEL | __GFP_ZERO" or an int into the
bits the kernel takes. The names and values are the headers' own: make
python has the compiler print them into gfp_flags.py, so the two cannot
drift apart.
"""

# Both tables are written from the headers by make python
# (scripts/gen-python-flags): gfp_flags.py is generated, not in the tree.
from .gfp_flags import GFP_FLAGS, SLAB_FLAGS  # noqa: F401


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
