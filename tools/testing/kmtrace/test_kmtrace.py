# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/kmtrace and of the module format it writes.

Run from the repository root:
    /usr/bin/python3 -m unittest discover -s tools/testing/kmtrace -t .

Everything goes through the real command line (scripts/kmtrace in a
subprocess: exit status, stdout, stderr), in a temporary directory. Expected
figures for the small traces below are worked out by hand in the comments
next to them, not computed by the code under test; the byte-exact test spells
out a whole module. decode.c is built once with gcc (tests that need it skip
without gcc) and must accept what kmtrace accepts, reject what it rejects,
and print the same figures. The last tests convert the real traces shipped
in tools/mm/traces and check them against the figures in its README.
"""
import binascii
import lzma
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
KMTRACE = os.path.join(ROOT, "scripts", "kmtrace")
PYTHON = "/usr/bin/python3"
TRACES = os.path.join(ROOT, "tools", "mm", "traces")

# A small trace exercising kmalloc, a cache, frees out of order and a large
# request. Running sums (live objects, requested bytes, LINUX_ALLOC bytes):
#   a0  10/16   kmalloc      1   10    16
#   a1 100/104  cache 0      2  110   120
#   a2  30/32   kmalloc      3  140   152   <- max_live 3
#   f0                       2  130   136
#   a3 100/104  cache 0      3  230   240
#   f2                       2  200   208
#   f1                       1  100   104
#   a4 5000/8192 kmalloc     2 5100  8296   <- both peaks
SMALL = """\
# kmtrace 1
# workload: hand-written
c 0 foo 100
a 0 10 16 -
a 1 100 104 0
a 2 30 32 -

f 0
a 3 100 104 0
f 2
f 1
a 4 5000 8192 -
# end allocs=5 frees=3 live_at_end=2 caches=1
"""
SMALL_STATS = {
    "caches": 1, "events": 8, "allocs": 5, "kmalloc_allocs": 3,
    "cache_allocs": 2, "frees": 3, "live_at_end": 2, "max_live": 3,
    "peak_live_bytes": 5100, "peak_linux_bytes": 8296,
    "total_bytes": 10 + 100 + 30 + 100 + 5000,         # 5240
    "total_linux_bytes": 16 + 104 + 32 + 104 + 8192,   # 8448
    "max_size": 5000,
    # 10 -> <=16, 30 -> <=32, 100 twice -> <=128, 5000 -> <=8192
    "hist <=16": 1, "hist <=32": 1, "hist <=128": 2, "hist <=8192": 1,
}

# The two peaks fall on different events: LINUX_ALLOC peaks at a1
# (100 + 4096 = 4196) while requested bytes peak at the end (100 + 200).
# a3 is a zero-size kmalloc, a4 a cache allocation of another size than the
# cache's, and a5 gets less than it asked for (LINUX_ALLOC < SIZE).
SPLIT = """\
c 7 bar 64
a 0 100 100 -
a 1 8 4096 -
f 1
a 2 200 200 -
a 3 0 0 -
a 4 48 64 7
a 5 100 96 -
f 4
f 5
"""
# live objects: 1, 2, 1, 2, 3, 4, 5, 4, 3 -> max_live 5
# live bytes: 100, 108, 100, 300, 300, 348, 448, 400, 300 -> peak 448
# linux bytes: 100, 4196, 100, 300, 300, 364, 460, 396, 300 -> peak 4196
SPLIT_STATS = {
    "caches": 1, "events": 9, "allocs": 6, "kmalloc_allocs": 5,
    "cache_allocs": 1, "frees": 3, "live_at_end": 3, "max_live": 5,
    "peak_live_bytes": 448, "peak_linux_bytes": 4196,
    "total_bytes": 456, "total_linux_bytes": 4556, "max_size": 200,
    "hist 0": 1, "hist <=8": 1, "hist <=64": 1, "hist <=128": 2,
    "hist <=256": 1,
}


def parse_kv(text):
    """`key: value` lines of info/decode output -> {key: int}."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"^([a-z_]+|hist \S+): (\d+)\b", line)
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


_tmp = None
_decoder = None


def setUpModule():
    """One scratch directory for the run; build decode.c into it."""
    global _tmp, _decoder
    _tmp = tempfile.mkdtemp(prefix="kmtrace-test-")
    gcc = shutil.which("gcc")
    if gcc:
        exe = os.path.join(_tmp, "decode")
        subprocess.run(
            [gcc, "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror",
             "-I", os.path.join(ROOT, "include"),
             "-o", exe, os.path.join(HERE, "decode.c")],
            check=True)
        _decoder = exe


def tearDownModule():
    shutil.rmtree(_tmp, ignore_errors=True)


class KmtraceCase(unittest.TestCase):
    @property
    def decoder(self):
        return _decoder

    def setUp(self):
        self.dir = tempfile.mkdtemp(dir=_tmp)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        p = self.path(name)
        data = text.encode() if isinstance(text, str) else text
        if name.endswith(".xz"):
            data = lzma.compress(data)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def read(self, p):
        with open(p, "rb") as f:
            return f.read()

    def kmtrace(self, *args):
        return subprocess.run([PYTHON, KMTRACE] + list(args),
                              capture_output=True, text=True)

    def convert(self, text, *opts, name="t.kmt"):
        src = self.write(name, text)
        out = self.path("t.kmtb")
        r = self.kmtrace("convert", src, out, *opts)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out

    def decode(self, module):
        if not self.decoder:
            self.skipTest("gcc not found: C decoder not built")
        return subprocess.run([self.decoder, module], capture_output=True,
                              text=True)

    def assertStats(self, got, want):
        for key, val in want.items():
            self.assertEqual(got.get(key), val, key)
        want_hist = {k: v for k, v in want.items() if k.startswith("hist ")}
        if want_hist:   # then the histogram must be exactly that
            self.assertEqual({k: v for k, v in got.items()
                              if k.startswith("hist ")}, want_hist)

    def assertRejected(self, text, line, message, name="bad.kmt"):
        """convert fails naming FILE:LINE and message, and writes nothing."""
        src = self.write(name, text)
        out = self.path("out.kmtb")
        before = set(os.listdir(self.dir))
        r = self.kmtrace("convert", src, out)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        self.assertIn("kmtrace: error: %s:%d: %s" % (src, line, message),
                      r.stderr)
        self.assertEqual(set(os.listdir(self.dir)), before)


class TestTextTrace(KmtraceCase):
    def test_info_small(self):
        r = self.kmtrace("info", self.write("small.kmt", SMALL))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertStats(parse_kv(r.stdout), SMALL_STATS)

    def test_info_split_peaks(self):
        r = self.kmtrace("info", self.write("split.kmt", SPLIT))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertStats(parse_kv(r.stdout), SPLIT_STATS)

    def test_xz_input(self):
        r = self.kmtrace("info", self.write("small.kmt.xz", SMALL))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertStats(parse_kv(r.stdout), SMALL_STATS)

    def test_empty_trace_refused(self):
        # The kernel rejects a module without allocations (an empty trace
        # measures nothing): convert refuses to write one, for every way of
        # getting there, and writes nothing.
        for text, opts in (("", ()), ("# nothing\n", ()),
                           ("# kmtrace 1\nc 0 foo 8\n\n", ()),
                           (SMALL, ("--limit", "0"))):
            src = self.write("empty.kmt", text)
            before = set(os.listdir(self.dir))
            r = self.kmtrace("convert", src, self.path("out.kmtb"), *opts)
            self.assertEqual(r.returncode, 1, (text, r.stdout))
            self.assertEqual(r.stdout, "")
            self.assertIn("kmtrace: error: %s: no allocations (an empty "
                          "trace replays nothing)" % src, r.stderr)
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
            self.assertEqual(set(os.listdir(self.dir)), before)

    def test_info_of_empty_trace(self):
        # info describes any text trace, even one convert refuses
        r = self.kmtrace("info", self.write("e.kmt", "# nothing\n"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertStats(parse_kv(r.stdout), {"events": 0, "allocs": 0,
                                              "caches": 0})

    def test_too_many_caches_refused(self):
        # kbench replays at most 256 caches (KMT_MAX_CACHES): convert does
        # not write a module the kernel would reject; 256 is fine.
        caches = "".join("c %d c%d 8\n" % (i, i) for i in range(257))
        src = self.write("many.kmt", caches + "a 0 8 8 256\n")
        r = self.kmtrace("convert", src, self.path("out.kmtb"))
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("more caches than kbench replays (256)", r.stderr)
        self.assertFalse(os.path.exists(self.path("out.kmtb")))
        caches = "".join("c %d c%d 8\n" % (i, i) for i in range(256))
        out = self.convert(caches + "a 0 8 8 255\n")
        v = self.kmtrace("verify", out)
        self.assertEqual(v.returncode, 0, v.stderr)


def craft(events, nr_allocs, nr_frees, caches=b"", nr_caches=0, **over):
    """A module with a correct CRC around arbitrary content. Counts beyond
    nr_events/nr_allocs/nr_frees default to 0 (walk errors come first)."""
    f = dict(magic=0x52544D4B, version=1, header_size=64, flags=0,
             nr_caches=nr_caches, nr_events=nr_allocs + nr_frees,
             nr_allocs=nr_allocs, nr_frees=nr_frees, reserved=0)
    f.update(over)
    body = struct.pack("<12I", f["flags"], f["nr_caches"], f["nr_events"],
                       f["nr_allocs"], f["nr_frees"], 0, 0, 0, 0, 0, 0,
                       f["reserved"]) + caches + events
    total = f.get("total_len", 16 + len(body))
    crc = binascii.crc32(body) & 0xFFFFFFFF
    return struct.pack("<IHHII", f["magic"], f["version"], f["header_size"],
                       total, crc) + body


def recrc(data):
    data = bytearray(data)
    struct.pack_into("<I", data, 12, binascii.crc32(data[16:]) & 0xFFFFFFFF)
    return bytes(data)


class TestModule(KmtraceCase):
    def test_exact_bytes(self):
        # c 3 foo 100; a0 100/104 in it; a1 200/200 kmalloc; f0; a2 300/296
        # in the cache (another size than the cache's).
        out = self.convert("c 3 foo 100\na 0 100 104 3\na 1 200 200 -\n"
                           "f 0\na 2 300 296 3\n")
        events = (b"\x02\x00\x08"              # cache slot 0, zz(+4) = 8
                  b"\x01\xc8\x01\x00"          # kmalloc 200 (c8 01), zz(0)
                  b"\x04\x01"                  # free ID 2 - 1 - back 1 = 0
                  b"\x03\x00\xac\x02\x07")     # slot 0, size 300, zz(-4) = 7
        cache = struct.pack("<II", 3, 100) + b"foo" + b"\0" * 29
        # live objects 1, 2, 1, 2; bytes 100, 300, 200, 500;
        # LINUX_ALLOC 104, 304, 200, 496
        body = struct.pack("<12I",
                           0,       # flags
                           1,       # nr_caches
                           4,       # nr_events
                           3,       # nr_allocs
                           1,       # nr_frees
                           2,       # max_live
                           2,       # live_at_end
                           500,     # peak_live_bytes
                           496,     # peak_linux_bytes
                           300,     # max_size
                           1,       # nr_kmalloc
                           0) + cache + events
        total = 16 + len(body)
        self.assertEqual(total, 64 + 40 + 14)
        crc = binascii.crc32(body) & 0xFFFFFFFF
        want = b"KMTR" + struct.pack("<HHII", 1, 64, total, crc) + body
        self.assertEqual(self.read(out), want)

    def test_five_byte_varint(self):
        out = self.convert("a 0 4294967295 4294967291 -\n")
        self.assertEqual(self.read(out)[64:],
                         b"\x01\xff\xff\xff\xff\x0f\x07")
        r = self.kmtrace("info", out)
        self.assertStats(parse_kv(r.stdout), {
            "peak_live_bytes": 4294967295, "peak_linux_bytes": 4294967291,
            "max_size": 4294967295, "hist <=4294967296": 1})

    def test_round_trip_info(self):
        for text, want in ((SMALL, SMALL_STATS), (SPLIT, SPLIT_STATS)):
            src = self.write("t.kmt", text)
            out = self.convert(text)
            ti = self.kmtrace("info", src)
            mi = self.kmtrace("info", out)
            self.assertEqual(mi.returncode, 0, mi.stderr)
            self.assertEqual(parse_kv(ti.stdout), parse_kv(mi.stdout))
            self.assertStats(parse_kv(mi.stdout), want)
            self.assertIn("format: module v1, %d bytes" % len(self.read(out)),
                          mi.stdout)
            v = self.kmtrace("verify", out)
            self.assertEqual(v.returncode, 0, v.stderr)
            self.assertIn(": ok: module v1", v.stdout)

    def test_round_trip_bytes(self):
        # decode then encode gives back the same module, cache names intact
        import sys
        sys.path.insert(0, os.path.join(ROOT, "scripts"))
        from kmtrace_lib import module
        name31 = "n" * 31
        out = self.convert(SPLIT + "c 9 %s 24\na 6 24 32 9\n" % name31)
        data = self.read(out)
        hdr, trace = module.decode(data)
        self.assertEqual([c.name for c in trace.caches], ["bar", name31])
        self.assertEqual([c.idx for c in trace.caches], [7, 9])
        self.assertEqual(module.encode(trace), data)

    def test_output_replaced_atomically(self):
        out = self.path("t.kmtb")
        with open(out, "wb") as f:
            f.write(b"old")
        self.convert(SMALL)
        self.assertTrue(self.read(out).startswith(b"KMTR"))
        self.assertEqual(sorted(os.listdir(self.dir)), ["t.kmt", "t.kmtb"])


class TestBadText(KmtraceCase):
    def test_unknown_record(self):
        self.assertRejected("c 0 foo 8\nx 1 2\n", 2, "unknown record type 'x'")

    def test_free_unknown_id(self):
        self.assertRejected("a 0 8 8 -\nf 1\n", 2,
                            "free of unknown ID 1 (never allocated)")

    def test_double_free(self):
        self.assertRejected("a 0 8 8 -\nf 0\n# comment\nf 0\n", 4,
                            "double free of ID 0 (already freed at line 2)")

    def test_cache_before_declared(self):
        self.assertRejected("a 0 8 8 0\nc 0 foo 8\n", 1,
                            "cache 0 used before its 'c' line")

    def test_cache_declared_twice(self):
        self.assertRejected("c 0 a 8\nc 0 b 16\n", 2,
                            "cache 0 declared twice (first at line 1)")

    def test_non_numeric(self):
        self.assertRejected("a 0 12k 16 -\n", 1,
                            "SIZE '12k' is not a non-negative decimal number")
        self.assertRejected("a 0 8 8 -\nf x\n", 2,
                            "ID 'x' is not a non-negative decimal number")
        self.assertRejected("a 0 -8 8 -\n", 1,
                            "SIZE '-8' is not a non-negative decimal number")
        self.assertRejected("c 0 foo big\n", 1,
                            "OBJSIZE 'big' is not a non-negative decimal number")
        self.assertRejected("c 0 foo 8\na 0 8 8 zero\n", 2,
                            "CACHE 'zero' is not a non-negative decimal number")

    def test_too_big(self):
        self.assertRejected("a 0 4294967296 8 -\n", 1,
                            "SIZE 4294967296 does not fit in 32 bits")
        self.assertRejected("a 0 0 4294967295 -\n", 1,
                            "LINUX_ALLOC 4294967295 too far from SIZE 0")

    def test_trace_too_large(self):
        src = self.write("big.kmt", "a 0 4294967295 4294967295 -\na 1 1 1 -\n")
        r = self.kmtrace("convert", src, self.path("out.kmtb"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("trace too large for the module: peak_live_bytes "
                      "4294967296 does not fit in 32 bits", r.stderr)
        self.assertFalse(os.path.exists(self.path("out.kmtb")))

    def test_field_count(self):
        self.assertRejected("a 0 8 8\n", 1, "'a' record needs 4 fields "
                            "(ID SIZE LINUX_ALLOC CACHE), got 3")
        self.assertRejected("a 0 8 8 -\nf\n", 2,
                            "'f' record needs 1 field (ID), got 0")
        self.assertRejected("c 0 foo\n", 1, "'c' record needs 3 fields "
                            "(IDX NAME OBJSIZE), got 2")

    def test_id_out_of_order(self):
        self.assertRejected("a 0 8 8 -\na 2 8 8 -\n", 2,
                            "allocation ID 2 out of order: expected 1")
        self.assertRejected("a 1 8 8 -\n", 1,
                            "allocation ID 1 out of order: expected 0")

    def test_name_not_printable(self):
        self.assertRejected("c 0 a\x01b 8\n", 1,
                            "cache name 'a\x01b' is not printable ASCII")
        self.assertRejected("c 0 \x7f 8\n", 1,
                            "cache name '\x7f' is not printable ASCII")

    def test_name_too_long(self):
        self.assertRejected("c 0 %s 8\n" % ("n" * 32), 1,
                            "cache name '%s' longer than 31 characters"
                            % ("n" * 32))

    def test_version(self):
        self.assertRejected("# kmtrace 2\na 0 8 8 -\n", 1,
                            "unsupported kmtrace version '2'")

    def test_summary_mismatch(self):
        cut = SMALL.replace("a 4 5000 8192 -\n", "")
        # SMALL's lines: 3 'c', 4-6 a0-a2, 7 blank, 8-12 f0 a3 f2 f1 a4,
        # 13 '# end'; without a4 the summary is line 12.
        self.assertRejected(cut, 12, "summary says allocs=5 but the trace "
                            "has 4 (truncated trace?)")

    def test_truncated_xz(self):
        text = "".join("a %d 8 8 -\n" % i for i in range(20000))
        data = lzma.compress(text.encode())
        src = os.path.join(self.dir, "cut.kmt.xz")
        with open(src, "wb") as f:
            f.write(data[:len(data) // 2])
        r = self.kmtrace("convert", src, self.path("out.kmtb"))
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r"kmtrace: error: .*cut\.kmt\.xz:\d+: xz "
                         r"stream truncated \(compressed file ends before "
                         r"its end-of-stream marker\)")
        self.assertFalse(os.path.exists(self.path("out.kmtb")))

    def test_corrupt_xz(self):
        data = bytearray(lzma.compress(SMALL.encode() * 50))
        data[len(data) // 2] ^= 0xFF
        src = os.path.join(self.dir, "bad.kmt.xz")
        with open(src, "wb") as f:
            f.write(data)
        r = self.kmtrace("convert", src, self.path("out.kmtb"))
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r"bad\.kmt\.xz:\d+: (corrupt xz stream|"
                         r"xz stream truncated|allocation ID)")
        self.assertNotIn("Traceback", r.stderr)

    def test_missing_input(self):
        r = self.kmtrace("convert", self.path("nope.kmt"), self.path("o"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("nope.kmt: cannot open: No such file or directory",
                      r.stderr)

    def test_bad_keeps_old_output(self):
        out = self.path("out.kmtb")
        with open(out, "wb") as f:
            f.write(b"old")
        src = self.write("bad.kmt", "a 0 8 8 -\nf 3\n")
        r = self.kmtrace("convert", src, out)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.read(out), b"old")
        self.assertEqual(sorted(os.listdir(self.dir)), ["bad.kmt", "out.kmtb"])


class TestBadOutput(KmtraceCase):
    """convert onto an OUT it cannot or must not write: one line, usage
    exit status, no traceback, the source and everything else intact."""

    def refused(self, src, out, message):
        before = {n: self.read(self.path(n)) for n in os.listdir(self.dir)
                  if os.path.isfile(self.path(n))}
        r = self.kmtrace("convert", src, out)
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertEqual(r.stdout, "")
        self.assertNotIn("Traceback", r.stderr)
        self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
        self.assertIn("kmtrace: error: ", r.stderr)
        self.assertIn(message, r.stderr)
        after = {n: self.read(self.path(n)) for n in os.listdir(self.dir)
                 if os.path.isfile(self.path(n))}
        self.assertEqual(after, before)

    def test_unwritable_output(self):
        src = self.write("s.kmt", SMALL)
        os.mkdir(self.path("d"))
        self.refused(src, self.path("d"), "is a directory")
        self.refused(src, self.path("s.kmt") + "/x.kmtb", "cannot write")
        self.refused(src, "", "OUT is empty")
        self.refused(src, "/proc/kmtrace-test.kmtb", "cannot write")
        self.refused(src, "/proc/nonexistent/x.kmtb", "cannot write")
        self.assertEqual(os.listdir(self.path("d")), [])

    def test_output_is_the_input(self):
        for name in ("same.kmt", "same.kmt.xz"):
            src = self.write(name, SMALL)
            self.refused(src, src, "is the input")
            # the same file under another name
            self.refused(src, os.path.join(self.dir, ".", name),
                         "is the input")
            os.symlink(name, self.path("link-" + name))
            self.refused(src, self.path("link-" + name), "is the input")


class TestBadModule(KmtraceCase):
    """Each bad module: kmtrace verify and decode.c both reject it."""

    def check(self, data, py_msg, c_msg=None):
        p = self.path("bad.kmtb")
        with open(p, "wb") as f:
            f.write(data)
        r = self.kmtrace("verify", p)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("kmtrace: error: %s: bad module: " % p, r.stderr)
        self.assertIn(py_msg, r.stderr)
        if len(data) >= 4:      # else info reads it as an empty text trace
            r = self.kmtrace("info", p)
            self.assertEqual(r.returncode, 1)
        if self.decoder:
            r = self.decode(p)
            self.assertEqual(r.returncode, 1, r.stdout)
            self.assertIn("decode: %s: bad module: " % p, r.stderr)
            self.assertIn(c_msg or py_msg, r.stderr)

    def good(self):
        return self.read(self.convert(SMALL))

    def test_truncated_module(self):
        data = self.good()
        self.check(data[:-1], "length mismatch (truncated?): header says "
                   "%d bytes, module has %d" % (len(data), len(data) - 1),
                   "length mismatch (truncated?)")
        self.check(data[:100], "length mismatch (truncated?)")
        self.check(data + b"\0", "length mismatch (truncated?)")

    def test_truncated_header(self):
        self.check(self.good()[:63], "truncated header (63 bytes, need 64)",
                   "truncated header")
        self.check(b"", "truncated header")

    def test_flipped_checksum_byte(self):
        data = bytearray(self.good())
        data[13] ^= 0x01
        self.check(bytes(data), "checksum mismatch: header 0x",
                   "checksum mismatch")

    def test_flipped_payload_byte(self):
        for off in (20, 64, -1):    # nr_caches, cache table, last event
            data = bytearray(self.good())
            data[off] ^= 0x40
            self.check(bytes(data), "checksum mismatch")

    def test_bad_magic(self):
        data = bytearray(self.good())
        data[0:4] = b"KMTX"
        self.check(bytes(data), "bad magic 0x58544d4b (expected 0x52544d4b)",
                   "bad magic")

    def test_bad_version(self):
        self.check(craft(b"", 0, 0, version=2),
                   "unsupported version 2 (expected 1)", "unsupported version")

    def test_bad_header_size(self):
        self.check(craft(b"", 0, 0, header_size=48), "bad header size")

    def test_unknown_flags(self):
        self.check(craft(b"", 0, 0, flags=6), "unknown flags 0x6",
                   "unknown flags")

    def test_reserved(self):
        self.check(craft(b"", 0, 0, reserved=1), "reserved field is not 0")

    def test_cache_table_past_end(self):
        self.check(craft(b"", 0, 0, nr_caches=1),
                   "cache table runs past the end")

    def test_nr_events_cannot_fit(self):
        self.check(craft(b"\x01\x08\x00", 5, 0),
                   "nr_events cannot fit in the module")

    def test_nr_events_sum(self):
        self.check(craft(b"\x01\x08\x00", 2, 0, nr_events=1),
                   "nr_events != nr_allocs + nr_frees")

    def test_unknown_opcode(self):
        self.check(craft(b"\x05\x00", 1, 0), "unknown opcode 0x05",
                   "unknown opcode")

    def test_free_before_alloc(self):
        self.check(craft(b"\x01\x08\x00\x04\x01", 1, 1),
                   "free reaches back past the first allocation")

    def test_double_free(self):
        self.check(craft(b"\x01\x08\x00\x04\x00\x04\x00", 1, 2),
                   "double free of ID")

    def test_slot_out_of_range(self):
        self.check(craft(b"\x02\x00\x00", 1, 0), "cache slot out of range")

    def test_varint_past_end(self):
        self.check(craft(b"\x01\x88", 1, 0), "bad varint")

    def test_varint_too_wide(self):
        self.check(craft(b"\x01\xff\xff\xff\xff\x1f\x00", 1, 0),
                   "bad varint")

    def test_data_after_last_event(self):
        self.check(craft(b"\x01\x08\x00\x01\x08\x00", 1, 0),
                   "data after the last event")

    def test_name_not_terminated(self):
        cache = struct.pack("<II", 0, 8) + b"x" * 32
        self.check(craft(b"\x01\x08\x00", 1, 0, cache, 1),
                   "cache name not NUL-terminated")

    def test_name_not_printable(self):
        # Found by the property search: a name byte outside printable
        # ASCII went to kmem_cache_create() and the console as it was.
        for name in (b"\xb0", b"a\x01b", b"a b", b"\x7f"):
            cache = struct.pack("<II", 0, 8) + name + b"\0" * (32 - len(name))
            self.check(craft(b"\x01\x08\x00", 1, 0, cache, 1),
                       "cache name not printable ASCII")

    def test_no_allocations(self):
        # T1/T5: the kernel rejects these in kmt_check_header(), before
        # the walk, whatever the events hold; verify says the same.
        why = "no allocations (an empty trace replays nothing)"
        self.check(craft(b"", 0, 0), why)
        self.check(craft(b"\x01\x88", 0, 0), why)
        self.check(craft(b"\x04\x88", 0, 1), why)

    def test_too_many_caches(self):
        # T4: a good module with 257 caches, as the kernel sees it
        caches = b"".join(struct.pack("<II", i, 8) + b"c" + b"\0" * 31
                          for i in range(257))
        self.check(craft(b"\x02\x00\x00", 1, 0, caches, 257),
                   "more caches than kbench replays (256)")

    def test_header_count_mismatch(self):
        data = bytearray(self.good())
        struct.pack_into("<I", data, 36, 7)        # max_live
        self.check(recrc(data), "header says max_live but the events "
                   "differ (header 7, events 3)",
                   "header says max_live but the events differ")


class TestSameReasons(unittest.TestCase):
    """verify is the reference for what the kernel rejects: every reason
    the kernel gives for rejecting a module (kmt_check_header() and the
    walk in lib/kmtrace.c and lib/kbench/replay.c) is one verify gives too."""

    # Not properties of a module: the boot could not reserve the table.
    RUNTIME = {"no ID table (see the reserve message at boot)",
               "ID table too small"}

    def reasons(self, path, pattern):
        with open(os.path.join(ROOT, path)) as f:
            return set(re.findall(pattern, f.read()))

    def test_kernel_reasons_in_verify(self):
        header = self.reasons("include/kmlab/kmtrace.h", r'return "([^"]+)"')
        walk = self.reasons("lib/kbench/replay.c",
                            r'(?:return|err =|module_err\[i\] =)\s+"([^"]+)"')
        # The walk itself, shared with the host replay of make compare.
        walk |= self.reasons("lib/kmtrace.c", r'return\s+"([^"]+)"')
        self.assertIn("checksum mismatch", header)
        self.assertIn("double free of ID", walk)
        with open(os.path.join(ROOT, "scripts/kmtrace_lib/module.py")) as f:
            verify = f.read()
        missing = []
        for r in sorted(header | walk - self.RUNTIME):
            m = re.match(r"header says (\w+) but the events differ$", r)
            if m:   # module.py names the field with %s
                r = "header says %s but the events differ"
                if '("%s", ' % m.group(1) not in verify:
                    missing.append("field " + m.group(1))
            if r not in verify:
                missing.append(r)
        self.assertEqual(missing, [])


class TestLimit(KmtraceCase):
    def info(self, path, *opts):
        r = self.kmtrace("info", path, *opts)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_limit_small(self):
        # first 5 events of SMALL: a0 a1 a2 f0 a3 (see the table at the top)
        out = self.convert(SMALL, "--limit", "5")
        got = self.info(out)
        self.assertIn("format: module v1", got)
        self.assertIn(", limited", got)
        self.assertStats(parse_kv(got), {
            "caches": 1, "events": 5, "allocs": 4, "frees": 1,
            "kmalloc_allocs": 2, "cache_allocs": 2, "live_at_end": 3,
            "max_live": 3, "peak_live_bytes": 230, "peak_linux_bytes": 240,
            "hist <=16": 1, "hist <=32": 1, "hist <=128": 2})
        self.assertEqual(struct.unpack_from("<I", self.read(out), 16)[0], 1)
        v = self.kmtrace("verify", out)
        self.assertIn(", limited", v.stdout)
        text = self.info(self.write("s.kmt", SMALL), "--limit", "5")
        self.assertEqual(parse_kv(text), parse_kv(got))

    def test_limit_one(self):
        got = parse_kv(self.info(self.convert(SMALL, "--limit", "1")))
        self.assertStats(got, {"events": 1, "allocs": 1, "caches": 1})

    def test_limit_beyond_end(self):
        full = self.read(self.convert(SMALL))
        self.assertEqual(self.read(self.convert(SMALL, "--limit", "8")), full)
        self.assertEqual(self.read(self.convert(SMALL, "--limit", "1000")),
                         full)

    def test_limit_stops_reading(self):
        # the cut comes before the bad line, which is never read
        out = self.convert(SMALL + "x garbage\n", "--limit", "3")
        self.assertStats(parse_kv(self.info(out)),
                         {"events": 3, "allocs": 3, "frees": 0})

    def test_skip_small(self):
        # SMALL without a0 a1 a2: f0 is dropped, then a3 (ID 0) f2 f1 (both
        # dropped) a4 (ID 1): two allocations, nothing freed
        got = parse_kv(self.info(self.convert(SMALL, "--skip", "3")))
        self.assertStats(got, {
            "caches": 1, "events": 2, "allocs": 2, "frees": 0,
            "kmalloc_allocs": 1, "cache_allocs": 1, "live_at_end": 2,
            "peak_live_bytes": 5100, "peak_linux_bytes": 8296})

    def test_skip_then_limit(self):
        # a1 a2 f0 (dropped) a3 f2: IDs 0 1 2, f2 frees ID 1
        got = parse_kv(self.info(self.convert(SMALL, "--skip", "1",
                                              "--limit", "5")))
        self.assertStats(got, {"events": 4, "allocs": 3, "frees": 1,
                               "live_at_end": 2, "max_live": 3,
                               "peak_live_bytes": 230})

    def test_skip_everything(self):
        r = self.kmtrace("convert", self.write("s.kmt", SMALL),
                         self.path("o.kmtb"), "--skip", "8")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no allocations (an empty trace replays nothing)",
                      r.stderr)
        self.assertFalse(os.path.exists(self.path("o.kmtb")))

    def test_limit_bad_value(self):
        r = self.kmtrace("convert", self.write("s.kmt", SMALL),
                         self.path("o.kmtb"), "--limit", "-1")
        self.assertEqual(r.returncode, 2)
        self.assertIn("N must be a non-negative integer, got '-1'", r.stderr)


class TestDecoder(KmtraceCase):
    """decode.c, built against include/kmlab/kmtrace.h, agrees with info."""

    def agree(self, module):
        d = self.decode(module)
        self.assertEqual(d.returncode, 0, d.stderr)
        i = self.kmtrace("info", module)
        self.assertEqual(i.returncode, 0, i.stderr)
        self.assertEqual(parse_kv(d.stdout), parse_kv(i.stdout))
        fmt = [ln for ln in i.stdout.splitlines() if ln.startswith("format:")]
        self.assertIn(fmt[0], d.stdout.splitlines())
        return parse_kv(d.stdout)

    def test_small(self):
        self.assertStats(self.agree(self.convert(SMALL)), SMALL_STATS)

    def test_split(self):
        self.assertStats(self.agree(self.convert(SPLIT)), SPLIT_STATS)

    def test_limited(self):
        self.agree(self.convert(SMALL, "--limit", "4"))

    def test_one_allocation(self):
        self.agree(self.convert("a 0 0 0 -\n"))

    def test_wide_values(self):
        self.agree(self.convert("a 0 4294967295 4294967291 -\nf 0\n"
                                "a 1 0 2147483647 -\n"))


class TestHeader(KmtraceCase):
    """include/kmlab/kmtrace.h as C: its CRC and the kernel's build flags."""

    def cc(self, source, *flags):
        gcc = shutil.which("gcc")
        if not gcc:
            self.skipTest("gcc not found")
        src = self.path("t.c")
        with open(src, "w") as f:
            f.write(source)
        return subprocess.run([gcc, "-std=gnu11", "-O2", "-Wall", "-Wextra",
                               "-Werror"] + list(flags) +
                              [src], capture_output=True, text=True)

    def test_crc32_check_value(self):
        exe = self.path("crc")
        r = self.cc('#include <stdio.h>\n#include <kmlab/kmtrace.h>\n'
                    'int main(void)\n{\n\tprintf("%08x %08x\\n", '
                    'kmt_crc32(0, "123456789", 9), kmt_crc32(kmt_crc32(0, '
                    '"1234", 4), "56789", 5));\n\treturn 0;\n}\n',
                    "-I", os.path.join(ROOT, "include"), "-o", exe)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = subprocess.run([exe], capture_output=True, text=True).stdout
        self.assertEqual(out, "cbf43926 cbf43926\n")

    def test_kernel_flags(self):
        # what the kernel's Makefile passes, with the kernel's own types.h
        gcc_inc = subprocess.run(["gcc", "-m32", "-print-file-name=include"],
                                 capture_output=True, text=True).stdout.strip()
        r = self.cc('#include <kmlab/kmtrace.h>\n'
                    'const char *probe(const void *p, u32 len);\n'
                    'const char *probe(const void *p, u32 len)\n{\n'
                    '\treturn kmt_check_header(p, len);\n}\n',
                    "-m32", "-march=i686", "-ffreestanding", "-nostdinc",
                    "-isystem", gcc_inc, "-fno-builtin", "-Wsign-compare",
                    "-Wmissing-prototypes", "-Wstrict-prototypes",
                    "-I", os.path.join(ROOT, "include"), "-c",
                    "-o", self.path("t.o"))
        self.assertEqual(r.returncode, 0, r.stderr)


class TestRealTrace(KmtraceCase):
    def check_real_trace(self, name, want):
        src = os.path.join(TRACES, name)
        self.assertTrue(os.path.isfile(src), "%s is missing from the tree" % src)
        out = self.path(name.split(".")[0] + ".kmtb")
        r = self.kmtrace("convert", src, out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertLess(os.path.getsize(out), 3 << 20)
        r = self.kmtrace("verify", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        got = parse_kv(self.kmtrace("info", out).stdout)
        self.assertStats(got, want)
        if self.decoder:
            d = self.decode(out)
            self.assertEqual(d.returncode, 0, d.stderr)
            self.assertEqual(parse_kv(d.stdout), got)

    def test_build_trace(self):
        # The figures of tools/mm/traces/README.md (the table there must
        # stay true) and the trace's "# end" line: allocs=111896 frees=97033
        # inferred_frees=11019 live_at_end=3844 caches=33 ('f' lines are
        # frees + inferred_frees).
        self.check_real_trace("build.kmt.xz", {
            "allocs": 111896, "kmalloc_allocs": 2170, "cache_allocs": 109726,
            "frees": 97033 + 11019, "live_at_end": 3844, "caches": 33,
            "peak_live_bytes": 927381, "max_size": 5824})

    def test_fs_trace(self):
        # README and "# end": allocs=262309 frees=227875 inferred_frees=244
        # live_at_end=34190 caches=38.
        self.check_real_trace("fs.kmt.xz", {
            "allocs": 262309, "kmalloc_allocs": 66859, "cache_allocs": 195450,
            "frees": 227875 + 244, "live_at_end": 34190, "caches": 38,
            "peak_live_bytes": 24254502, "max_size": 5824})


if __name__ == "__main__":
    unittest.main()
