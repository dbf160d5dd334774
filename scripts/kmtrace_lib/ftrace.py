# SPDX-License-Identifier: GPL-2.0
"""Turn Linux slab tracepoint text into a kmtrace v1 text trace.

Input is what tracefs prints for the events kmem:kmalloc, kmem:kfree,
kmem:kmem_cache_alloc and kmem:kmem_cache_free (the `trace` or `trace_pipe`
file of an instance, or `trace-cmd report`; the kmalloc_node and
kmem_cache_alloc_node events of Linux before 6.1 are read as the others),
for instance:

  make-4242  [001] .....  118.488656: kmem_cache_alloc: call_site=... \
      ptr=00000000c89a0fa9 name=filp bytes_req=184 bytes_alloc=192 ...
  make-4242  [000] .....  118.488700: kmem_cache_free: call_site=... \
      ptr=00000000c89a0fa9 name=filp

Lines that are not one of these events (headers, other events, "#####
CPU 1 buffer started" banners) are skipped; "CPU:N [LOST M EVENTS]" markers
are counted, so that the caller can refuse a trace with holes.

The rules of the format (Documentation/mm/kmtrace-format.rst) decide the
output:
  - allocation IDs count up from 0 in allocation order, events in time
    order: trace_pipe already merges the per-CPU buffers by time stamp; a
    file that concatenates per-CPU dumps is put back in order through a
    bounded reorder buffer (REORDER_WINDOW events).  Time stamps are
    seconds with a fraction, or integers (trace_clock "counter", which
    `kmtrace record` uses: one global sequence, so that two CPUs' events
    are never tied; with a microsecond clock, events of one microsecond
    keep the order of the input's lines);
  - kmalloc gives SIZE = bytes_req, LINUX_ALLOC = bytes_alloc, CACHE '-';
    kmem_cache_alloc gives a cache, declared by a 'c' line just before its
    first use, named after the Linux cache and keyed by (name, bytes_req) so
    that two caches of one name but different sizes stay apart;
  - a free (kfree or kmem_cache_free: Linux frees either kind with kfree
    since 6.4) of an address no live object holds is dropped: it was
    allocated before recording began;
  - an address handed out again while its old object is still live gets
    the old object's free written just before: Linux frees some objects in
    bulk or after an RCU grace period without a per-object event;
  - failed allocations (a NULL ptr) and zero-byte requests are skipped;
  - objects live at the end stay live, and a closing "# end ..." line sums
    the trace up, as in the traces of tools/mm/traces.
"""
import heapq
import re

from . import KmtError
from .text import NAME_MAX

REORDER_WINDOW = 1 << 16

_EVENT_RE = re.compile(
    r"\[(\d+)\]\s.*?(\d+)(?:\.(\d+))?:\s+"
    r"(kmalloc|kmalloc_node|kfree|kmem_cache_alloc|kmem_cache_alloc_node|kmem_cache_free):\s+(.*)$")
_LOST_RE = re.compile(r"CPU:\s*(\d+)\s+\[LOST\s+(\d+)\s+EVENTS\]")
_NULL_PTRS = {"(null)", "0", "00000000", "0000000000000000"}
_SAFE_NAME = re.compile(r"[^!-~]")


class Stats:
    """What one conversion saw: the counts of the '# end' line and more."""

    def __init__(self):
        self.allocs = 0
        self.frees = 0
        self.inferred_frees = 0
        self.dropped_frees = 0
        self.live_at_end = 0
        self.caches = 0
        self.lost_events = 0        # from "[LOST N EVENTS]" markers
        self.failed_allocs = 0      # ptr NULL
        self.zero_size_allocs = 0
        self.lines = 0              # tracepoint lines read
        self.out_of_window = 0      # lines too far out of time order

    def end_line(self):
        return ("# end allocs=%d frees=%d inferred_frees=%d dropped_frees=%d "
                "live_at_end=%d caches=%d\n"
                % (self.allocs, self.frees, self.inferred_frees,
                   self.dropped_frees, self.live_at_end, self.caches))


def _fields(text):
    out = {}
    for tok in text.split():
        key, eq, val = tok.partition("=")
        if eq:
            out[key] = val
    return out


def _parse_line(line, lineno, where):
    """Return (time_ns, event, fields) for a slab tracepoint line, else None."""
    m = _EVENT_RE.search(line)
    if not m:
        return None
    sec, frac, event, rest = m.group(2), m.group(3), m.group(4), m.group(5)
    # Seconds.fraction, or an integer count (trace_clock "counter", "x86-tsc").
    ns = int(sec) * 1000000000 + int(frac[:9].ljust(9, "0")) if frac else int(sec)
    f = _fields(rest)
    if "ptr" not in f:
        raise KmtError("%s:%d: %s event without ptr=" % (where, lineno, event))
    event = event.replace("_node", "")     # the separate events of Linux < 6.1
    if event in ("kmalloc", "kmem_cache_alloc"):
        for key in ("bytes_req", "bytes_alloc"):
            if key not in f:
                raise KmtError("%s:%d: %s event without %s=" % (where, lineno, event, key))
        for key in ("bytes_req", "bytes_alloc"):
            if not f[key].isdigit() or int(f[key]) > 0xFFFFFFFF:
                raise KmtError("%s:%d: %s=%s is not a 32-bit size"
                               % (where, lineno, key, f[key]))
    return ns, event, f


def _events(lines, where, stats):
    """Yield (time_ns, seq, event, fields) in time order, within the window."""
    heap = []
    last_out = None
    for lineno, raw in enumerate(lines, 1):
        line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        m = _LOST_RE.search(line)
        if m:
            stats.lost_events += int(m.group(2))
            continue
        ev = _parse_line(line, lineno, where)
        if ev is None:
            continue
        stats.lines += 1
        heapq.heappush(heap, (ev[0], lineno, ev[1], ev[2]))
        if len(heap) > REORDER_WINDOW:
            item = heapq.heappop(heap)
            if last_out is not None and item[0] < last_out:
                stats.out_of_window += 1
            last_out = item[0]
            yield item
    while heap:
        item = heapq.heappop(heap)
        if last_out is not None and item[0] < last_out:
            stats.out_of_window += 1
        last_out = item[0]
        yield item


def _cache_name(name, taken):
    """@name made safe for a 'c' line (printable ASCII, NAME_MAX) and unique."""
    base = _SAFE_NAME.sub("_", name)[:NAME_MAX] or "_"
    cand, n = base, 1
    while cand in taken:
        n += 1
        sfx = "~%d" % n
        cand = base[:NAME_MAX - len(sfx)] + sfx
    taken.add(cand)
    return cand


def convert(lines, out, header, where="<input>"):
    """Convert tracepoint text @lines (an iterable of str or bytes) into a
    kmtrace v1 text trace written to the text stream @out.

    @header is a list of comment lines (without '#') written after the
    "# kmtrace 1" line.  Returns a Stats; raises KmtError on a malformed
    slab event line (what makes it malformed is named, with its line).
    """
    stats = Stats()
    live = {}           # ptr -> allocation ID
    caches = {}         # (linux name, bytes_req) -> IDX
    names = set()
    next_id = 0
    out.write("# kmtrace 1\n")
    for h in header:
        out.write("# %s\n" % _SAFE_NAME.sub(" ", h).rstrip())
    for _, _, event, f in _events(lines, where, stats):
        ptr = f["ptr"].lower()
        if event in ("kfree", "kmem_cache_free"):
            if ptr in _NULL_PTRS:
                continue
            aid = live.pop(ptr, None)
            if aid is None:
                stats.dropped_frees += 1
                continue
            out.write("f %d\n" % aid)
            stats.frees += 1
            continue
        if ptr in _NULL_PTRS:
            stats.failed_allocs += 1
            continue
        size, linux = int(f["bytes_req"]), int(f["bytes_alloc"])
        if size == 0:
            stats.zero_size_allocs += 1
            continue
        if ptr in live:
            out.write("f %d\n" % live.pop(ptr))
            stats.inferred_frees += 1
        if event == "kmalloc":
            cache = "-"
        else:
            # Linux < 6.0 does not name the cache: one per object size.
            key = (f.get("name", "cache-%d" % size), size)
            if key not in caches:
                caches[key] = len(caches)
                out.write("c %d %s %d\n" % (caches[key], _cache_name(key[0], names), size))
            cache = str(caches[key])
        out.write("a %d %d %d %s\n" % (next_id, size, linux, cache))
        live[ptr] = next_id
        next_id += 1
    stats.allocs = next_id
    stats.live_at_end = len(live)
    stats.caches = len(caches)
    out.write(stats.end_line())
    return stats
