# SPDX-License-Identifier: GPL-2.0
"""Parse a kmtrace v1 text trace (.kmt, or .kmt.xz through lzma) strictly.

One pass, line by line, checking as it goes everything the kernel will rely
on, so that a module built from a trace never needs repairing in the kernel:

  - record types are 'c', 'a' and 'f'; '#' lines are comments; blank lines
    are skipped; fields are ASCII decimal and fit in 32 bits;
  - a cache IDX is declared once, before its first use, with a name of at
    most 31 characters;
  - allocation IDs count up from 0 in order (so the module can omit them);
  - a free names an allocated, still-live ID;
  - LINUX_ALLOC - SIZE fits in a signed 32-bit integer;
  - a "# kmtrace N" header, if present, says version 1, and a closing
    "# end allocs=A ... live_at_end=L caches=C" summary, if present and the
    whole trace was read, agrees with what was parsed (catches a cut .kmt).

Errors are KmtError("FILE:LINE: message").  The live state per ID is one
byte in a bytearray plus the line of each free, so double frees can point
at the first one.
"""
import lzma
import re

from . import KmtError
from .trace import ALLOC, FREE, KMALLOC, Cache, Trace

U32_MAX = 0xFFFFFFFF
NAME_MAX = 31
NAME_RE = re.compile(r"[\x21-\x7e]+")   # as the kernel requires

_VERSION_RE = re.compile(rb"#\s*kmtrace\s+(\S+)")
_SUMMARY_RE = re.compile(rb"#\s*end\s+(.*)")


def _open(path):
    if path.endswith(".xz"):
        return lzma.open(path, "rb")
    return open(path, "rb")


def _num(tok, what, err):
    """Parse a field as an unsigned 32-bit decimal number."""
    if not tok.isdigit():
        err("%s '%s' is not a non-negative decimal number"
            % (what, tok.decode("ascii", "replace")))
    val = int(tok)
    if val > U32_MAX:
        err("%s %d does not fit in 32 bits" % (what, val))
    return val


def parse_text(path, limit=None):
    """Parse the trace at path.  With `limit`, stop at the 'a' or 'f' line
    after the first `limit` of them (lines after it are not even read) and
    mark the trace limited; 'c' lines before that point are kept."""
    trace = Trace()
    slots = {}              # trace cache IDX -> (slot, line declared)
    state = bytearray()     # by ID: 1 live, 0 freed
    freed_at = {}           # ID -> line of its free
    nevents = 0
    summary = None
    lineno = 0

    def err(msg):
        raise KmtError("%s:%d: %s" % (path, lineno, msg))

    try:
        f = _open(path)
    except OSError as e:
        raise KmtError("%s: cannot open: %s" % (path, e.strerror or e))
    try:
        with f:
            for line in f:
                lineno += 1
                fields = line.split()
                if not fields:
                    continue
                kind = fields[0]
                if limit is not None and nevents >= limit and kind in (b"a", b"f"):
                    trace.limited = True    # the cut: nothing further is read
                    break
                if kind[:1] == b"#":
                    m = _VERSION_RE.match(line)
                    if m and lineno == 1 and m.group(1) != b"1":
                        err("unsupported kmtrace version '%s' (this tool reads version 1)"
                            % m.group(1).decode("ascii", "replace"))
                    m = _SUMMARY_RE.match(line)
                    if m:
                        summary = (lineno, m.group(1))
                    continue
                if kind == b"a":
                    if len(fields) != 5:
                        err("'a' record needs 4 fields (ID SIZE LINUX_ALLOC CACHE), got %d"
                            % (len(fields) - 1))
                    aid = _num(fields[1], "ID", err)
                    size = _num(fields[2], "SIZE", err)
                    linux = _num(fields[3], "LINUX_ALLOC", err)
                    if aid != len(state):
                        err("allocation ID %d out of order: expected %d (IDs must count up from 0)"
                            % (aid, len(state)))
                    if not -0x80000000 <= linux - size <= 0x7FFFFFFF:
                        err("LINUX_ALLOC %d too far from SIZE %d (difference must fit in 32 bits)"
                            % (linux, size))
                    if fields[4] == b"-":
                        slot = KMALLOC
                    else:
                        idx = _num(fields[4], "CACHE", err)
                        if idx not in slots:
                            err("cache %d used before its 'c' line" % idx)
                        slot = slots[idx][0]
                    state.append(1)
                    trace.events.append((ALLOC, size, linux, slot))
                    nevents += 1
                elif kind == b"f":
                    if len(fields) != 2:
                        err("'f' record needs 1 field (ID), got %d" % (len(fields) - 1))
                    fid = _num(fields[1], "ID", err)
                    if fid >= len(state):
                        err("free of unknown ID %d (never allocated)" % fid)
                    if not state[fid]:
                        err("double free of ID %d (already freed at line %d)"
                            % (fid, freed_at[fid]))
                    state[fid] = 0
                    freed_at[fid] = lineno
                    trace.events.append((FREE, fid))
                    nevents += 1
                elif kind == b"c":
                    if len(fields) != 4:
                        err("'c' record needs 3 fields (IDX NAME OBJSIZE), got %d"
                            % (len(fields) - 1))
                    idx = _num(fields[1], "cache IDX", err)
                    try:
                        name = fields[2].decode("ascii")
                    except UnicodeDecodeError:
                        err("cache name is not ASCII")
                    if not NAME_RE.fullmatch(name):
                        err("cache name '%s' is not printable ASCII" % name)
                    if len(name) > NAME_MAX:
                        err("cache name '%s' longer than %d characters" % (name, NAME_MAX))
                    objsize = _num(fields[3], "OBJSIZE", err)
                    if idx in slots:
                        err("cache %d declared twice (first at line %d)"
                            % (idx, slots[idx][1]))
                    slots[idx] = (len(trace.caches), lineno)
                    trace.caches.append(Cache(idx, name, objsize))
                else:
                    err("unknown record type '%s'" % kind.decode("ascii", "replace"))
    except EOFError:
        lineno += 1
        err("xz stream truncated (compressed file ends before its end-of-stream marker)")
    except lzma.LZMAError as e:
        lineno += 1
        err("corrupt xz stream: %s" % e)
    except OSError as e:
        raise KmtError("%s: read error: %s" % (path, e.strerror or e))

    if summary and limit is None:
        _check_summary(path, summary, trace, len(state), sum(state))
    return trace


def _check_summary(path, summary, trace, nallocs, nlive):
    lineno, text = summary
    have = {"allocs": nallocs, "live_at_end": nlive, "caches": len(trace.caches)}
    for tok in text.split():
        key, _, val = tok.decode("ascii", "replace").partition("=")
        if key in have and val.isdigit() and int(val) != have[key]:
            raise KmtError("%s:%d: summary says %s=%s but the trace has %d (truncated trace?)"
                           % (path, lineno, key, val, have[key]))
