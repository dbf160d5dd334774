# SPDX-License-Identifier: GPL-2.0
"""scripts/gcov-extract on made-up captures and build directories.

No kernel is booted: each test builds a small directory that looks like a
coverage build (a .config with CONFIG_GCOV_KERNEL=y and .gcno files whose
header is GCC 12's) and a capture framed as kernel/gcov.c frames it, then
runs the real script. This covers what a real capture rarely shows: a
--build-dir that is not the build (a parent of it, a directory that is no
build at all), builds nested in the one given, short frames, gcda bodies
that are not gcda records, noise in a file name.

Run: /usr/bin/python3 -m unittest tools.testing.coverage.test_frames
"""
import os
import shutil
import struct
import subprocess
import tempfile
import unittest
import zlib

from tools.testing.kmlab_host import SRCTREE

PYTHON = "/usr/bin/python3"
EXTRACT = os.path.join(SRCTREE, "scripts", "gcov-extract")
VERSION = b"*22B"           # GCC 12.2's version tag, as stored
STAMP = struct.pack("<I", 0x32130155)
TAG_OBJECT_SUMMARY = 0xA1000000
TAG_FUNCTION = 0x01000000
TAG_ARCS = 0x01A10000


def record(tag, data):
    """A gcda record: tag, length in bytes (GCC 12), data."""
    return struct.pack("<II", tag, len(data)) + data


def gcda(body=None):
    """A GCC 12 gcda: magic, version, stamp, checksum, then records."""
    if body is None:
        body = (record(TAG_OBJECT_SUMMARY, struct.pack("<II", 1, 1)) +
                record(TAG_FUNCTION, struct.pack("<III", 1, 2, 3)) +
                record(TAG_ARCS, struct.pack("<QQ", 5, 0)))
    return b"adcg" + VERSION + STAMP + struct.pack("<I", 0x2608F4CD) + body


def frame(name, payload):
    name = name.encode() if isinstance(name, str) else name
    return (b"KMLAB-GCOV FILE size=%d crc32=%08x name=%s\n"
            % (len(payload), zlib.crc32(payload), name) + payload +
            b"\nKMLAB-GCOV END-FILE\n")


def capture(*frames):
    return (b"KMLAB-GCOV BEGIN v1 files=%d\n" % len(frames) + b"".join(frames) +
            b"KMLAB-GCOV END files=%d errors=0\n" % len(frames))


class FrameCase(unittest.TestCase):
    def setUp(self):
        self.top = tempfile.mkdtemp(prefix="kmlab-frames-")
        self.addCleanup(shutil.rmtree, self.top, True)

    def build(self, rel, objects=("kernel/a", "mm/b")):
        """A fake coverage build under @rel with a .gcno per object."""
        d = os.path.join(self.top, rel)
        for obj in objects:
            os.makedirs(os.path.dirname(os.path.join(d, obj)), exist_ok=True)
            with open(os.path.join(d, obj + ".gcno"), "wb") as f:
                f.write(b"oncg" + VERSION + STAMP + b"\0" * 20)
        with open(os.path.join(d, ".config"), "w") as f:
            f.write("CONFIG_GCOV_KERNEL=y\n")
        return d

    def put(self, path, data=b"old"):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def extract(self, build_dir, data):
        cap = os.path.join(self.top, "com2.bin")
        with open(cap, "wb") as f:
            f.write(data)
        p = subprocess.run([PYTHON, EXTRACT, "--build-dir", build_dir, cap],
                           capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout + p.stderr

    def gcda_files(self):
        out = []
        for root, _, names in os.walk(self.top):
            out += sorted(os.path.relpath(os.path.join(root, n), self.top)
                          for n in names if n.endswith(".gcda"))
        return sorted(out)

    def assertRejected(self, build_dir, data, status, *needles):
        before = self.gcda_files()
        rc, out = self.extract(build_dir, data)
        self.assertEqual(rc, status, out)
        self.assertNotIn("Traceback", out)
        for n in needles:
            self.assertIn(n, out)
        self.assertEqual(self.gcda_files(), before)
        return out


class BuildDirTest(FrameCase):
    def test_good_capture_extracts(self):
        b = self.build("b")
        rc, out = self.extract(b, capture(frame(b + "/kernel/a.gcda", gcda()),
                                          frame(b + "/mm/b.gcda", gcda())))
        self.assertEqual(rc, 0, out)
        self.assertEqual(self.gcda_files(), ["b/kernel/a.gcda", "b/mm/b.gcda"])
        with open(os.path.join(b, "mm", "b.gcda"), "rb") as f:
            self.assertEqual(f.read(), gcda())

    def test_parent_of_the_build_is_refused(self):
        # H3: given a parent of the build, every .gcda under it that the
        # capture did not hold was deleted, other builds' coverage included.
        b = self.build("b")
        other = self.put(os.path.join(self.top, "other", "x.gcda"))
        data = capture(frame(b + "/kernel/a.gcda", gcda()),
                       frame(b + "/mm/b.gcda", gcda()))
        self.assertRejected(self.top, data, 2, "not a kmlab build directory",
                            "--build-dir")
        self.assertTrue(os.path.exists(other))

    def test_directory_without_config_is_refused(self):
        b = self.build("b")
        os.remove(os.path.join(b, ".config"))
        old = self.put(os.path.join(b, "kernel", "stale.gcda"))
        self.assertRejected(b, capture(frame(b + "/kernel/a.gcda", gcda())), 2,
                            "not a kmlab build directory")
        self.assertTrue(os.path.exists(old))

    def test_nested_build_is_left_alone(self):
        # An in-tree build holds O= builds under build/: their .gcda files
        # are theirs; a stale .gcda of the build itself goes.
        b = self.build("b")
        nested = self.build("b/build/ktest", ("kernel/a",))
        theirs = self.put(os.path.join(nested, "kernel", "a.gcda"))
        stale = self.put(os.path.join(b, "lib", "gone.gcda"))
        rc, out = self.extract(b, capture(frame(b + "/kernel/a.gcda", gcda()),
                                          frame(b + "/mm/b.gcda", gcda())))
        self.assertEqual(rc, 0, out)
        self.assertIn("1 stale ones removed", out)
        self.assertTrue(os.path.exists(theirs))
        self.assertFalse(os.path.exists(stale))
        # and a capture from the nested build is not taken for this one's
        self.assertRejected(b, capture(frame(nested + "/kernel/a.gcda", gcda())),
                            1, "belongs to the build in " + nested)


class FrameTest(FrameCase):
    def test_short_frames(self):
        # H4: a frame shorter than a gcda header gave a traceback.
        b = self.build("b")
        for n in range(0, 16):
            self.assertRejected(b, capture(frame(b + "/kernel/a.gcda", gcda()[:n])),
                                1, b + "/kernel/a.gcda", "no .gcda file written")

    def test_garbage_body_with_good_crc(self):
        # H4: the CRC only says the line carried what the kernel sent; the
        # body must still be gcda records.
        b = self.build("b")
        for body in (b"\xff" * 20, b"garbage!", struct.pack("<II", TAG_FUNCTION, 400),
                     gcda()[16:] + b"\0"):
            self.assertRejected(b, capture(frame(b + "/kernel/a.gcda", gcda(body))),
                                1, b + "/kernel/a.gcda", "not gcda records")

    def test_kernel_record_shapes(self):
        # What kernel/gcov.c sends (GCC 12's __gcov_info_to_gcda): no
        # summary, zero counters as a negative length without data, a
        # 0 tag at the end. Accepted; anything after the end tag is not.
        b = self.build("b")
        body = (record(TAG_FUNCTION, struct.pack("<III", 1, 2, 3)) +
                struct.pack("<Ii", TAG_ARCS, -16) + struct.pack("<I", 0))
        rc, out = self.extract(b, capture(frame(b + "/kernel/a.gcda", gcda(body))))
        self.assertEqual(rc, 0, out)
        os.remove(os.path.join(b, "kernel", "a.gcda"))
        self.assertRejected(b, capture(frame(b + "/kernel/a.gcda", gcda(body + b"\0" * 8))),
                            1, "not gcda records", "after the end tag")
        self.assertRejected(b, capture(frame(b + "/kernel/a.gcda", gcda(
            struct.pack("<Ii", TAG_FUNCTION, -12)))), 1, "not gcda records")

    def test_noise_in_a_name(self):
        # H4: a damaged name was blamed on a rebuilt tree.
        b = self.build("b")
        for name in (b.encode() + b"/kernel/a\x01.gcda", b.encode() + b"/ker\xffnel/a.gcda"):
            out = self.assertRejected(b, capture(frame(name, gcda())), 1,
                                      "damaged file name")
            self.assertNotIn("rebuilt", out)
