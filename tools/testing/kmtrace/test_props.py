# SPDX-License-Identifier: GPL-2.0
"""Property-based tests of scripts/kmtrace_lib, with Hypothesis.

  - Round trip: a random valid trace (caches, kmalloc and cache
    allocations of any 32-bit size, frees of live objects in any order),
    written as kmtrace v1 text, parses to exactly the caches and events it
    was made from; the module encoded from it decodes to the same trace
    and the same figures.
  - The text reader on damaged text (lines dropped, swapped, cut,
    garbage bytes) and the module reader on damaged modules (bytes
    flipped, cut or inserted, header fields changed, with and without a
    fixed-up CRC) raise nothing but KmtError.
  - verify and the kernel agree: decode.c, which makes the kernel's
    checks through include/kmlab/kmtrace.h, accepts exactly the damaged
    modules verify accepts, and rejects the others for the reason verify
    gives (verify's message starts with the kernel's words).

Fixed seed and example counts: tools/testing/kmlab_props.py.
"""
import binascii
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

from hypothesis import given, strategies as st

from tools.testing.kmlab_props import damage, examples

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from kmtrace_lib import KmtError  # noqa: E402
from kmtrace_lib.module import decode, encode  # noqa: E402
from kmtrace_lib.text import parse_text  # noqa: E402
from kmtrace_lib.trace import ALLOC, FREE, KMALLOC, compute_stats  # noqa: E402

U32 = 0xFFFFFFFF
_tmp = None
_decoder = None


def setUpModule():
    global _tmp, _decoder
    _tmp = tempfile.mkdtemp(prefix="kmtrace-props-")
    if shutil.which("gcc"):
        exe = os.path.join(_tmp, "decode")
        subprocess.run(["gcc", "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror",
                        "-I", os.path.join(ROOT, "include"),
                        "-o", exe, os.path.join(HERE, "decode.c")], check=True)
        _decoder = exe


def tearDownModule():
    shutil.rmtree(_tmp, ignore_errors=True)


SIZES = st.one_of(st.integers(0, 5000), st.integers(0, U32))
CACHE_NAMES = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E),
                      min_size=1, max_size=31)


@st.composite
def traces(draw):
    """(caches [(idx, name, objsize)], events as in trace.py)."""
    idxs = draw(st.lists(st.integers(0, U32), unique=True, max_size=4))
    caches = [(i, draw(CACHE_NAMES), draw(SIZES)) for i in idxs]
    events, live = [], []
    nallocs = 0
    for _ in range(draw(st.integers(1, 40))):
        if live and draw(st.booleans()):
            fid = live.pop(draw(st.integers(0, len(live) - 1)))
            events.append((FREE, fid))
            continue
        slot = draw(st.integers(-1, len(caches) - 1)) if caches else KMALLOC
        size = caches[slot][2] if slot >= 0 and draw(st.booleans()) else draw(SIZES)
        lo, hi = max(0, size - 0x80000000), min(U32, size + 0x7FFFFFFF)
        linux = draw(st.one_of(st.just(size), st.integers(lo, hi)))
        events.append((ALLOC, size, linux, slot))
        live.append(nallocs)
        nallocs += 1
    return caches, events


def trace_text(caches, events):
    lines = ["# kmtrace 1"] + ["c %d %s %d" % c for c in caches]
    n = 0
    for ev in events:
        if ev[0] == ALLOC:
            cache = "-" if ev[3] == KMALLOC else str(caches[ev[3]][0])
            lines.append("a %d %d %d %s" % (n, ev[1], ev[2], cache))
            n += 1
        else:
            lines.append("f %d" % ev[1])
    return "\n".join(lines) + "\n"


def write(name, data):
    path = os.path.join(_tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def recrc(data):
    data = bytearray(data)
    if len(data) >= 16:
        struct.pack_into("<I", data, 12, binascii.crc32(data[16:]) & U32)
    return bytes(data)


@st.composite
def crafted_modules(draw):
    """A header with small, consistent counts (maybe none at all) around
    a cache table and event bytes drawn from the opcodes and varint
    bytes, with a good CRC: what only a broken converter makes."""
    nr_caches = draw(st.sampled_from([0, 0, 1, 2, 257]))
    caches = b"".join(struct.pack("<II", i, draw(st.integers(0, 64))) +
                      draw(st.sampled_from([b"c" + bytes(31), b"x" * 32]))
                      for i in range(nr_caches))
    events = draw(st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 8, 0x7F, 0x80,
                                            0x88, 0xFF]), max_size=24))
    nr_allocs, nr_frees = draw(st.integers(0, 6)), draw(st.integers(0, 6))
    counts = [nr_allocs + nr_frees, nr_allocs, nr_frees] + \
        [draw(st.integers(0, 3)) for _ in range(6)]
    body = struct.pack("<12I", 0, nr_caches, *counts, 0) + caches + bytes(events)
    return recrc(b"KMTR" + struct.pack("<HHII", 1, 64, 16 + len(body), 0) + body)


@st.composite
def damaged_modules(draw):
    if draw(st.booleans()):
        return draw(crafted_modules())
    caches, events = draw(traces())
    from kmtrace_lib.trace import Cache, Trace
    t = Trace()
    t.caches = [Cache(*c) for c in caches]
    t.events = events
    try:
        data = bytearray(encode(t))
    except KmtError:
        data = bytearray(b"KMTR" + bytes(60))
    for _ in range(draw(st.integers(1, 3))):
        how, at = damage(draw, data, more=["field", "set"])
        if how == "field" and len(data) >= 64:
            off = draw(st.sampled_from(range(4, 64, 4)))
            val = draw(st.one_of(st.integers(0, 300), st.integers(0, U32)))
            struct.pack_into("<I", data, off, val)
        elif how == "set" and len(data) > 64:
            data[draw(st.integers(64, len(data) - 1))] = draw(
                st.sampled_from([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x80, 0xFF]))
    if draw(st.booleans()):
        data = recrc(data)
    return bytes(data)


def reason(msg):
    """The words after "bad module: " and any "offset 0x...: "."""
    msg = msg.split("bad module: ", 1)[1]
    if msg.startswith("offset 0x"):
        msg = msg.split(": ", 1)[1]
    return msg.strip()


class KmtraceProperties(unittest.TestCase):
    @examples(200)
    @given(traces())
    def test_round_trip(self, trace):
        caches, events = trace
        src = write("t.kmt", trace_text(caches, events).encode())
        parsed = parse_text(src)
        self.assertEqual([tuple(c) for c in parsed.caches], caches)
        self.assertEqual(parsed.events, events)
        stats, hist = compute_stats(parsed)
        try:
            data = encode(parsed, src)
        except KmtError as e:
            # Only a peak beyond the header's 32 bits may be refused.
            self.assertIn("does not fit in 32 bits", str(e))
            self.assertTrue(any(v > U32 for k, v in stats.items()
                                if k not in ("total_bytes", "total_linux_bytes")))
            return
        hdr, back = decode(data)
        self.assertEqual(back.caches, parsed.caches)
        self.assertEqual(back.events, parsed.events)
        self.assertEqual(compute_stats(back), (stats, hist))
        self.assertEqual(encode(back), data)

    @examples(200)
    @given(traces(), st.lists(st.tuples(st.sampled_from(["drop", "swap", "cut", "junk"]),
                                        st.integers(0, 60), st.binary(max_size=8)),
                              min_size=1, max_size=3))
    def test_text_reader_raises_only_kmterror(self, trace, damage):
        lines = trace_text(*trace).encode().split(b"\n")
        for how, at, junk in damage:
            at %= len(lines)
            if how == "drop":
                del lines[at]
            elif how == "swap" and at + 1 < len(lines):
                lines[at], lines[at + 1] = lines[at + 1], lines[at]
            elif how == "cut":
                lines[at] = lines[at][:len(lines[at]) // 2]
            else:
                lines[at] = junk + lines[at]
        src = write("d.kmt", b"\n".join(lines))
        try:
            t = parse_text(src)
        except KmtError:
            return
        # Accepted: then it is a valid trace, which encodes (or is too big
        # or empty, which convert reports as KmtError too).
        try:
            decode(encode(t))
        except KmtError as e:
            self.assertRegex(str(e), "no allocations|does not fit|more caches")

    @examples(300)
    @given(damaged_modules())
    def test_module_reader_agrees_with_the_kernel(self, data):
        path = write("m.kmtb", data)
        try:
            hdr, trace = decode(data, path)
            verdict = None
        except KmtError as e:
            verdict = str(e)
        if verdict is None:
            # Accepted: what it decodes to encodes and decodes the same.
            self.assertEqual(decode(encode(trace))[1].events, trace.events)
        if not _decoder:
            return
        r = subprocess.run([_decoder, path], capture_output=True, text=True)
        if verdict is None:
            self.assertEqual(r.returncode, 0, r.stderr)
        else:
            self.assertEqual(r.returncode, 1, (verdict, r.stdout))
            self.assertTrue(reason(verdict).startswith(reason(r.stderr)),
                            (verdict, r.stderr))


if __name__ == "__main__":
    unittest.main()
