# SPDX-License-Identifier: GPL-2.0
"""Property-based tests of scripts/gcov-extract's frame reader (Hypothesis).

  - Any gcda body made of records as GCC 12 writes them (function,
    summary and counter tags, lengths in bytes, zero counters as a
    negative length, an optional 0 end tag) is accepted.
  - Any payload at all, and any capture made from good frames and then
    damaged (bytes flipped, cut, inserted, lines dropped or repeated),
    makes the reader return or raise CaptureError, nothing else.
  - The whole tool on a fake coverage build: whatever the capture (frames
    cut short or with garbage bodies under a good CRC, then damaged on the
    line), it exits 0, 1 or 2 without a traceback; when it does not exit 0
    no .gcda file is written, and when it does every .gcda written is one
    the capture carried whole, beside its .gcno.

Fixed seed and example counts: tools/testing/kmlab_props.py.
"""
import contextlib
import importlib.machinery
import importlib.util
import io
import os
import shutil
import struct
import tempfile
import unittest

from hypothesis import given, strategies as st

from tools.testing.coverage.test_frames import (STAMP, TAG_ARCS, TAG_FUNCTION,
                                                TAG_OBJECT_SUMMARY, VERSION,
                                                capture, frame, gcda, record)
from tools.testing.kmlab_host import SRCTREE
from tools.testing.kmlab_props import damage, examples

_path = os.path.join(SRCTREE, "scripts", "gcov-extract")
_loader = importlib.machinery.SourceFileLoader("gcov_extract", _path)
gx = importlib.util.module_from_spec(importlib.util.spec_from_loader("gcov_extract", _loader))
_loader.exec_module(gx)

WORDS = st.lists(st.integers(0, 0xFFFFFFFF), max_size=6).map(
    lambda ws: struct.pack("<%dI" % len(ws), *ws))
RECORDS = st.one_of(
    st.builds(record, st.just(TAG_FUNCTION), WORDS),
    st.builds(record, st.just(TAG_OBJECT_SUMMARY), WORDS),
    st.builds(record, st.integers(0, 8).map(lambda n: TAG_ARCS + (n << 17)),
              WORDS.map(lambda w: w + w)),
    st.integers(1, 8).map(lambda n: struct.pack("<Ii", TAG_ARCS, -8 * n)),
)
BODIES = st.builds(lambda rs, end: b"".join(rs) + (struct.pack("<I", 0) if end else b""),
                   st.lists(RECORDS, max_size=6), st.booleans())
OBJECTS = ["kernel/a", "mm/b", "lib/c"]


@st.composite
def payloads(draw):
    """(payload, good): a GCC 12 gcda, or one cut short or with a garbage
    body (framed with a good CRC all the same)."""
    payload = gcda(draw(BODIES))
    how = draw(st.sampled_from(["good", "good", "cut", "garbage"]))
    if how == "cut":
        # inside the header: a cut at a record boundary is a valid gcda
        return payload[:draw(st.integers(0, 15))], False
    if how == "garbage":
        # an unknown tag first, so that the body cannot be records by luck
        junk = draw(st.binary(max_size=40))
        return payload[:16] + b"\xff\xff\xff\xff" + junk, False
    return payload, True


@st.composite
def damaged_captures(draw, good=None):
    """A capture of up to 3 frames, then damaged; @good, a set, gets the
    names whose payload was a whole gcda."""
    names = draw(st.lists(st.sampled_from(OBJECTS), min_size=1, max_size=3, unique=True))
    frames = []
    for n in names:
        payload, ok = draw(payloads())
        frames.append(frame("{build}/%s.gcda" % n, payload))
        if ok and good is not None:
            good.add(n)
    data = bytearray(capture(*frames))
    for _ in range(draw(st.integers(0, 3))):
        how, at = damage(draw, data, more=["dropline", "dupline"])
        if how in ("dropline", "dupline"):
            lines = bytes(data).split(b"\n")
            i = at % len(lines)
            if how == "dropline":
                del lines[i]
            else:
                lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


class FrameProperties(unittest.TestCase):
    @examples(300)
    @given(BODIES)
    def test_gcc12_records_accepted(self, body):
        gx.check_records("x.gcda", gcda(body))

    @examples(300)
    @given(st.one_of(st.binary(max_size=64),
                     st.builds(lambda b: gcda()[:16] + b, st.binary(max_size=48))))
    def test_any_payload_raises_only_capture_error(self, payload):
        try:
            gx.check_records("x.gcda", payload)
        except gx.CaptureError:
            pass

    @examples(200)
    @given(damaged_captures())
    def test_any_capture_raises_only_capture_error(self, data):
        try:
            files = gx.parse_capture(data.replace(b"{build}", b"/b"))
        except gx.CaptureError:
            return
        for name, payload in files:
            self.assertTrue(payload.startswith(b"adcg"))

    @examples(60)
    @given(st.data())
    def test_whole_tool(self, st_data):
        good = set()
        data = st_data.draw(damaged_captures(good))
        top = tempfile.mkdtemp(prefix="kmlab-frames-props-")
        try:
            build = os.path.join(top, "b")
            for obj in OBJECTS:
                os.makedirs(os.path.dirname(os.path.join(build, obj)), exist_ok=True)
                with open(os.path.join(build, obj + ".gcno"), "wb") as f:
                    f.write(b"oncg" + VERSION + STAMP + bytes(20))
            with open(os.path.join(build, ".config"), "w") as f:
                f.write("CONFIG_GCOV_KERNEL=y\n")
            cap = os.path.join(top, "com2.bin")
            with open(cap, "wb") as f:
                f.write(data.replace(b"{build}", build.encode()))
            with contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                rc = gx.main(["--build-dir", build, cap])
            written = sorted(os.path.join(r, n) for r, _, ns in os.walk(top)
                             for n in ns if n.endswith(".gcda"))
            self.assertIn(rc, (0, 1, 2))
            if rc:
                self.assertEqual(written, [])
            sent = {m.group(3).decode(errors="replace") for m in gx.FILE.finditer(
                data.replace(b"{build}", build.encode()))}
            for path in written:
                self.assertIn(path, sent)
                # never a cut or garbage body written as a good .gcda
                self.assertIn(os.path.relpath(path, build)[:-len(".gcda")], good)
                self.assertTrue(os.path.exists(path[:-len(".gcda")] + ".gcno"))
        finally:
            shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
