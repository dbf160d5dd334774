# SPDX-License-Identifier: GPL-2.0
"""reStructuredText pieces shared by the generated blocks of
Documentation/mm/compare.rst (compare_lib.docs for the uniprocessor
figures, compare_lib.smp for the scaling ones)."""


def rst_table(header, rows, sep=" "):
    """An RST simple table of @header and @rows, columns joined by @sep."""
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    rule = sep.join("=" * w for w in widths)
    fmt = lambda r: sep.join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([rule, fmt(header), rule] + [fmt(r) for r in rows] + [rule])


def marked_span(text, begin, end):
    """(start, end) offsets of the block from the @begin line to the @end
    line of @text, or None unless each marker is there once, in order."""
    a, b = text.find(begin), text.find(end)
    if a < 0 or b < a or text.count(begin) != 1 or text.count(end) != 1:
        return None
    return a, b + len(end)
