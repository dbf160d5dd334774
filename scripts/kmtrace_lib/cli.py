# SPDX-License-Identifier: GPL-2.0
"""Command line of scripts/kmtrace: convert, info, verify.

convert parses the whole trace before it opens the output, writes a
temporary file next to OUT and renames it into place, so a rejected trace
leaves no file behind (and an old OUT untouched).  info accepts a text trace
or a module (told apart by the module's magic number) and prints `key: value`
lines; tools/testing/kmtrace/decode.c prints the same keys for a module.
Errors print as "kmtrace: error: ..." on stderr with exit status 1.
"""
import argparse
import os
import sys
import tempfile
import time

from . import KmtError
from .module import KMT_FLAG_LIMITED, decode, encode, is_module
from .text import parse_text
from .trace import STAT_KEYS, bucket_label, compute_stats


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise KmtError("%s: cannot open: %s" % (path, e.strerror or e))


def _write_atomic(path, data):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".kmtrace-", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _load(path, limit=None):
    """Return (description, Trace) for a text trace or a module."""
    if not path.endswith(".xz"):
        try:
            with open(path, "rb") as f:
                head = f.read(4)
        except OSError as e:
            raise KmtError("%s: cannot open: %s" % (path, e.strerror or e))
        if is_module(head):
            if limit is not None:
                raise KmtError("%s: --limit applies to text traces only" % path)
            data = _read(path)
            hdr, trace = decode(data, path)
            desc = "module v%d, %d bytes, crc32 0x%08x%s" % (
                hdr["version"], hdr["total_len"], hdr["checksum"],
                ", limited" if hdr["flags"] & KMT_FLAG_LIMITED else "")
            return desc, trace
    trace = parse_text(path, limit)
    return "text trace" + (", limited" if trace.limited else ""), trace


def cmd_convert(args):
    t0 = time.monotonic()
    trace = parse_text(args.input, args.limit)
    data = encode(trace, args.input)
    _write_atomic(args.output, data)
    stats, _ = compute_stats(trace)
    print("kmtrace: wrote %s: %d bytes, %d events (%d allocs, %d frees), "
          "%d caches, %.2f s" % (args.output, len(data), stats["events"],
                                 stats["allocs"], stats["frees"],
                                 stats["caches"], time.monotonic() - t0))
    return 0


def cmd_info(args):
    desc, trace = _load(args.file, args.limit)
    stats, hist = compute_stats(trace)
    print("file: %s" % args.file)
    print("format: %s" % desc)
    for key in STAT_KEYS:
        print("%s: %d" % (key, stats[key]))
    print("size histogram (requested bytes):")
    allocs = stats["allocs"] or 1
    for k in sorted(hist):
        print("hist %s: %d (%.1f%%)" % (bucket_label(k), hist[k],
                                        100.0 * hist[k] / allocs))
    return 0


def cmd_verify(args):
    data = _read(args.file)
    hdr, trace = decode(data, args.file)
    print("%s: ok: module v%d, %d bytes, crc32 0x%08x, %d caches, "
          "%d events (%d allocs, %d frees)%s"
          % (args.file, hdr["version"], hdr["total_len"], hdr["checksum"],
             hdr["nr_caches"], hdr["nr_events"], hdr["nr_allocs"],
             hdr["nr_frees"],
             ", limited" if hdr["flags"] & KMT_FLAG_LIMITED else ""))
    return 0


def _limit(s):
    try:
        n = int(s)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError("N must be a non-negative integer, got '%s'" % s)
    return n


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="kmtrace",
        description="Convert kmtrace v1 text traces into kmlab's binary "
                    "replay module, and inspect or verify either. "
                    "Format: Documentation/mm/kmtrace-format.rst")
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")
    sub.required = True
    c = sub.add_parser("convert", help="text trace (.kmt, .kmt.xz) -> binary module")
    c.add_argument("input", metavar="IN")
    c.add_argument("output", metavar="OUT")
    c.add_argument("--limit", type=_limit, metavar="N",
                   help="keep only the first N events ('a' and 'f' lines)")
    c.set_defaults(func=cmd_convert)
    i = sub.add_parser("info", help="counts, peaks and size histogram of a trace or module")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--limit", type=_limit, metavar="N",
                   help="text traces: only the first N events")
    i.set_defaults(func=cmd_info)
    v = sub.add_parser("verify", help="check a binary module as the kernel does")
    v.add_argument("file", metavar="FILE")
    v.set_defaults(func=cmd_verify)
    args = p.parse_args(argv)
    try:
        return args.func(args)
    except KmtError as e:
        print("kmtrace: error: %s" % e, file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
