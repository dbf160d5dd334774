# SPDX-License-Identifier: GPL-2.0
"""Encode a Trace into a kmtrace binary module and check/decode one.

The layout is defined in include/kmlab/kmtrace.h and explained in
Documentation/mm/kmtrace-format.rst; the constants below must match it.
In short, all little-endian:

    struct kmt_header   64 bytes: magic, version, header_size, total_len,
                        checksum (CRC-32 of bytes [16, total_len)), flags,
                        counts and peaks
    struct kmt_cache    40 bytes each, nr_caches of them
    events              opcode byte + ULEB128 fields, to total_len

check_header() does exactly the checks the kernel must do before replaying
(same order, same conditions); decode() then walks the events the way the
kernel replays them, rejecting anything the kernel could not replay, and
finally compares the header's counts with what the walk found.  Errors are
KmtError("NAME: bad module: ...") naming the byte offset where useful.
"""
import binascii
import re
import struct

from . import KmtError
from .trace import ALLOC, FREE, KMALLOC, Cache, Trace, compute_stats

KMT_MAGIC = 0x52544D4B          # "KMTR" in file byte order
KMT_VERSION = 1
KMT_FLAG_LIMITED = 1 << 0
KMT_FLAGS_KNOWN = KMT_FLAG_LIMITED
KMT_CSUM_OFFSET = 16            # the checksum covers [16, total_len)
KMT_MAX_CACHES = 256            # caches kbench replays at most
NAME_RE = re.compile(r"[\x21-\x7e]*")   # kmt_check_cache_name()

OP_KMALLOC = 0x01               # uleb size, uleb zigzag(linux - size)
OP_CACHE_ALLOC = 0x02           # uleb slot, uleb zigzag(linux - size); size = object_size
OP_CACHE_ALLOC_SIZED = 0x03     # uleb slot, uleb size, uleb zigzag(linux - size)
OP_FREE = 0x04                  # uleb back: id = allocs so far - 1 - back

HEADER = struct.Struct("<IHHIIIIIIIIIIIIII")
HEADER_FIELDS = (
    "magic", "version", "header_size", "total_len", "checksum", "flags",
    "nr_caches", "nr_events", "nr_allocs", "nr_frees", "max_live",
    "live_at_end", "peak_live_bytes", "peak_linux_bytes", "max_size",
    "nr_kmalloc", "reserved",
)
CACHE = struct.Struct("<II32s")
assert HEADER.size == 64 and CACHE.size == 40

# Header fields that decode() cross-checks against the event walk.
_CHECKED = (
    ("nr_caches", "caches"), ("nr_events", "events"), ("nr_allocs", "allocs"),
    ("nr_frees", "frees"), ("max_live", "max_live"),
    ("live_at_end", "live_at_end"), ("peak_live_bytes", "peak_live_bytes"),
    ("peak_linux_bytes", "peak_linux_bytes"), ("max_size", "max_size"),
    ("nr_kmalloc", "kmalloc_allocs"),
)


def crc32(data):
    """CRC-32/ISO-HDLC (zlib's): reflected poly 0xEDB88320, init and final
    xor 0xFFFFFFFF; crc32(b"123456789") == 0xCBF43926."""
    return binascii.crc32(data) & 0xFFFFFFFF


# ULEB128 of small numbers, precomputed: most fields are below 2^14.
_ULEB = [bytes([v]) for v in range(0x80)] + \
        [bytes([(v & 0x7F) | 0x80, v >> 7]) for v in range(0x80, 0x4000)]


def _uleb(v):
    if v < 0x4000:
        return _ULEB[v]
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def _zigzag(s):
    return ((s << 1) ^ (s >> 31)) & 0xFFFFFFFF


def encode(trace, name="trace"):
    """Return the module bytes for a Trace (already validated by parsing)."""
    stats, _ = compute_stats(trace)
    # What kmt_check_header() would reject about the trace itself.
    if stats["allocs"] == 0:
        raise KmtError("%s: no allocations (an empty trace replays nothing)"
                       % name)
    if stats["caches"] > KMT_MAX_CACHES:
        raise KmtError("%s: %d caches: more caches than kbench replays (%d)"
                       % (name, stats["caches"], KMT_MAX_CACHES))
    for key, val in stats.items():
        if val > 0xFFFFFFFF and key not in ("total_bytes", "total_linux_bytes"):
            raise KmtError("%s: trace too large for the module: %s %d does not fit in 32 bits"
                           % (name, key, val))

    body = bytearray()
    for c in trace.caches:
        body += CACHE.pack(c.idx, c.object_size, c.name.encode("ascii"))
    objsize = [c.object_size for c in trace.caches]
    out = []
    nallocs = 0
    for ev in trace.events:
        if ev[0] == ALLOC:
            _, size, linux, slot = ev
            if slot == KMALLOC:
                out.append(b"\x01" + _uleb(size) + _uleb(_zigzag(linux - size)))
            elif size == objsize[slot]:
                out.append(b"\x02" + _uleb(slot) + _uleb(_zigzag(linux - size)))
            else:
                out.append(b"\x03" + _uleb(slot) + _uleb(size) +
                           _uleb(_zigzag(linux - size)))
            nallocs += 1
        else:
            out.append(b"\x04" + _uleb(nallocs - 1 - ev[1]))
    body += b"".join(out)

    hdr = dict(
        magic=KMT_MAGIC, version=KMT_VERSION, header_size=HEADER.size,
        total_len=HEADER.size + len(body), checksum=0,
        flags=KMT_FLAG_LIMITED if trace.limited else 0, reserved=0)
    for field, key in _CHECKED:
        hdr[field] = stats[key]
    raw = bytearray(HEADER.pack(*(hdr[f] for f in HEADER_FIELDS))) + body
    struct.pack_into("<I", raw, 12, crc32(memoryview(raw)[KMT_CSUM_OFFSET:]))
    return bytes(raw)


def is_module(data):
    return len(data) >= 4 and struct.unpack_from("<I", data)[0] == KMT_MAGIC


def check_header(data, name="module"):
    """The kernel's checks, in the kernel's order; return the header dict."""
    def bad(msg):
        raise KmtError("%s: bad module: %s" % (name, msg))

    if len(data) < HEADER.size:
        bad("truncated header (%d bytes, need %d)" % (len(data), HEADER.size))
    hdr = dict(zip(HEADER_FIELDS, HEADER.unpack_from(data)))
    if hdr["magic"] != KMT_MAGIC:
        bad("bad magic 0x%08x (expected 0x%08x)" % (hdr["magic"], KMT_MAGIC))
    if hdr["version"] != KMT_VERSION:
        bad("unsupported version %d (expected %d)" % (hdr["version"], KMT_VERSION))
    if hdr["header_size"] != HEADER.size:
        bad("bad header size %d (expected %d)" % (hdr["header_size"], HEADER.size))
    if hdr["total_len"] != len(data):
        bad("length mismatch (truncated?): header says %d bytes, module has %d"
            % (hdr["total_len"], len(data)))
    csum = crc32(memoryview(data)[KMT_CSUM_OFFSET:])
    if csum != hdr["checksum"]:
        bad("checksum mismatch: header 0x%08x, computed 0x%08x"
            % (hdr["checksum"], csum))
    if hdr["flags"] & ~KMT_FLAGS_KNOWN:
        bad("unknown flags 0x%x" % (hdr["flags"] & ~KMT_FLAGS_KNOWN))
    if hdr["reserved"] != 0:
        bad("reserved field is not 0 (0x%x)" % hdr["reserved"])
    if hdr["nr_caches"] > (len(data) - HEADER.size) // CACHE.size:
        bad("cache table runs past the end (%d caches)" % hdr["nr_caches"])
    evbytes = len(data) - HEADER.size - hdr["nr_caches"] * CACHE.size
    if hdr["nr_events"] > evbytes // 2:
        bad("nr_events cannot fit in the module (%d events, %d bytes for events)"
            % (hdr["nr_events"], evbytes))
    if hdr["nr_events"] != hdr["nr_allocs"] + hdr["nr_frees"]:
        bad("nr_events != nr_allocs + nr_frees (%d, %d, %d)"
            % (hdr["nr_events"], hdr["nr_allocs"], hdr["nr_frees"]))
    if hdr["nr_caches"] > KMT_MAX_CACHES:
        bad("more caches than kbench replays (256) (%d caches)"
            % hdr["nr_caches"])
    if hdr["nr_allocs"] == 0:
        bad("no allocations (an empty trace replays nothing)")
    return hdr


def decode(data, name="module"):
    """check_header(), then walk the cache table and events; return
    (header dict, Trace)."""
    hdr = check_header(data, name)
    trace = Trace()
    trace.limited = bool(hdr["flags"] & KMT_FLAG_LIMITED)
    pos = HEADER.size

    def bad(msg, at=None):
        raise KmtError("%s: bad module: offset 0x%x: %s"
                       % (name, pos if at is None else at, msg))

    for i in range(hdr["nr_caches"]):
        idx, objsize, raw = CACHE.unpack_from(data, pos)
        if raw[-1] != 0:
            bad("cache name not NUL-terminated (slot %d)" % i)
        cname = raw.split(b"\0", 1)[0].decode("latin-1")
        if not NAME_RE.fullmatch(cname):
            bad("cache name not printable ASCII (slot %d: %r)" % (i, cname))
        trace.caches.append(Cache(idx, cname, objsize))
        pos += CACHE.size

    end = len(data)
    ncaches = len(trace.caches)
    nallocs = hdr["nr_allocs"]
    state = bytearray(nallocs)      # by ID: 1 live
    allocs = 0
    events = trace.events

    def uleb():
        nonlocal pos
        val = shift = 0
        for n in range(5):
            if pos >= end:
                bad("bad varint: runs past the end of the module")
            b = data[pos]
            pos += 1
            if n == 4 and b > 0x0F:
                bad("bad varint: does not fit in 32 bits", pos - 1)
            val |= (b & 0x7F) << shift
            if b < 0x80:
                return val
            shift += 7

    while pos < end:
        evpos = pos
        if len(events) >= hdr["nr_events"]:
            bad("data after the last event (nr_events %d)" % hdr["nr_events"])
        op = data[pos]
        pos += 1
        if op == OP_FREE:
            back = uleb()
            if back >= allocs:
                bad("free reaches back past the first allocation "
                    "(back %d, %d allocations so far)" % (back, allocs), evpos)
            fid = allocs - 1 - back
            if not state[fid]:
                bad("double free of ID %d" % fid, evpos)
            state[fid] = 0
            events.append((FREE, fid))
            continue
        if op == OP_KMALLOC:
            slot = KMALLOC
            size = uleb()
        elif op in (OP_CACHE_ALLOC, OP_CACHE_ALLOC_SIZED):
            slot = uleb()
            if slot >= ncaches:
                bad("cache slot out of range (%d, %d caches)" % (slot, ncaches), evpos)
            size = uleb() if op == OP_CACHE_ALLOC_SIZED else trace.caches[slot].object_size
        else:
            bad("unknown opcode 0x%02x" % op, evpos)
        z = uleb()
        linux = (size + ((z >> 1) ^ -(z & 1))) & 0xFFFFFFFF
        if allocs >= nallocs:
            bad("more than nr_allocs allocations (%d)" % nallocs, evpos)
        state[allocs] = 1
        allocs += 1
        events.append((ALLOC, size, linux, slot))

    stats, _ = compute_stats(trace)
    for field, key in _CHECKED:
        if hdr[field] != stats[key]:
            bad("header says %s but the events differ (header %d, events %d)"
                % (field, hdr[field], stats[key]))
    return hdr, trace
