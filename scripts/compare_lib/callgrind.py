# SPDX-License-Identifier: GPL-2.0
"""Read a callgrind output file: the inclusive cost of calls to a function.

make compare's host side counts instructions per allocation and per free
as the inclusive cost of the replay's wrapper functions (kmr_alloc_site
and kmr_free_site of tools/mm/kmreplay/kmreplay.c), summed over every
call, divided by the number of calls. callgrind writes each call as

    cfn=(ID) NAME        the callee (NAME only the first time ID appears)
    calls=COUNT TARGET
    POSITION INCLUSIVE_COST

inside the caller's fn= block (the format of
https://valgrind.org/docs/manual/cl-format.html). The counts are exact
and the same on every run, like the kernel's -icount figures.
"""
import re


class CallgrindError(Exception):
    """An unreadable file or one without the expected calls."""


_NAME = re.compile(r"^\((\d+)\)(?:\s+(.*))?$")


def _name(arg, names):
    """The function name of a "fn=" or "cfn=" argument, with name
    compression: "(ID) NAME" defines ID, "(ID)" refers to it."""
    m = _NAME.match(arg.strip())
    if not m:
        return arg.strip()
    if m.group(2):
        names[m.group(1)] = m.group(2)
    return names.get(m.group(1), arg.strip())


def inclusive(path, functions, optional=()):
    """{function: (calls, inclusive Ir)} for each name in @functions.

    Sums every call of each function, from any caller. Raises
    CallgrindError when @path cannot be read, has no "events: Ir" line or
    no call of one of @functions not in @optional (the wrapper was inlined
    or never ran); an optional one never called is (0, 0).
    """
    out = {f: [0, 0] for f in functions}
    names = {}
    callee = None
    pending = False
    ir_col = None
    try:
        with open(path, errors="replace") as f:
            for line in f:
                if line.startswith("events:"):
                    events = line.split()[1:]
                    if "Ir" not in events:
                        raise CallgrindError(f"{path}: no Ir event")
                    ir_col = events.index("Ir")
                elif line.startswith("cfn="):
                    callee = _name(line[4:], names)
                elif line.startswith("fn="):
                    _name(line[3:], names)
                    callee = None
                elif line.startswith("calls="):
                    pending = callee in out
                    if pending:
                        out[callee][0] += int(line[6:].split()[0])
                elif pending and line[:1] and (line[0].isdigit() or line[0] in "+-*"):
                    costs = line.split()[1:]
                    out[callee][1] += int(costs[ir_col]) if ir_col < len(costs) else 0
                    pending = False
    except OSError as e:
        raise CallgrindError(f"{path}: {e.strerror}")
    except (ValueError, TypeError) as e:
        raise CallgrindError(f"{path}: malformed: {e}")
    if ir_col is None:
        raise CallgrindError(f"{path}: no events line: not a callgrind output file")
    for fn, (calls, _) in out.items():
        if not calls and fn not in optional:
            raise CallgrindError(f"{path}: no call of {fn} (inlined, or it never ran)")
    return {fn: tuple(v) for fn, v in out.items()}
