# SPDX-License-Identifier: GPL-2.0
"""Command line of scripts/kmtrace: convert, info, verify, record, import.

convert parses the whole trace before it opens the output, writes a
temporary file next to OUT and renames it into place, so a rejected trace
leaves no file behind (and an old OUT untouched).  info accepts a text trace
or a module (told apart by the module's magic number) and prints `key: value`
lines; tools/testing/kmtrace/decode.c prints the same keys for a module.
record and import write a text trace the same way (a temporary file next
to OUT, xz-compressed when OUT ends in .xz, read back by the strict parser,
then renamed into place), so a trace they leave is one convert accepts.
Errors print as "kmtrace: error: ..." on stderr with exit status 1, or 2
for an OUT that cannot or must not be written (the input itself).
"""
import argparse
import datetime
import lzma
import math
import os
import shlex
import signal
import sys
import tempfile
import time

import hostargs

from . import KmtError, KmtUsageError, ftrace, record
from .module import KMT_FLAG_LIMITED, decode, encode, is_module
from .text import parse_text
from .trace import STAT_KEYS, bucket_label, compute_stats, skip_events


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise KmtError("%s: cannot open: %s" % (path, e.strerror or e))


def _check_output(src, path, what="module", example="build/traces/NAME.kmtb", parents=True):
    """Refuse an OUT that convert, import or record cannot or must not
    write, before any work: empty, a directory, the input @src itself
    (under any name; None when there is no input file), or not writable
    (with @parents False, also when its directory does not exist)."""
    if not path:
        raise KmtUsageError("OUT is empty: name the %s to write, e.g. %s" % (what, example))
    if os.path.isdir(path):
        raise KmtUsageError("%s: is a directory: name the %s file to write" % (path, what))
    if src is not None:
        try:
            same = os.path.samefile(src, path)
        except OSError:
            same = os.path.realpath(src) == os.path.realpath(path)
        if same:
            raise KmtUsageError("%s: is the input: writing the %s there would destroy "
                                "it; name another OUT (e.g. %s)" % (path, what, example))
    try:
        hostargs.check_output_file(path, tree_ok=True, parents=parents)
    except ValueError as e:
        raise KmtUsageError("OUT: %s" % e)


def _write_atomic(path, data):
    """Write @data to a temporary file next to @path and rename it there.
    On any error nothing is left: not the temporary file, not the
    directories made for it."""
    d = os.path.dirname(os.path.abspath(path))
    made = []           # directories this call creates, outermost first
    p = d
    while not os.path.exists(p) and p != os.path.dirname(p):
        made.insert(0, p)
        p = os.path.dirname(p)
    tmp = None
    try:
        os.makedirs(d, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".kmtrace-", suffix=".tmp")
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException as e:
        if tmp:
            os.unlink(tmp)
        for m in reversed(made):
            try:
                os.rmdir(m)
            except OSError:
                pass
        if isinstance(e, OSError):
            raise KmtUsageError("%s: cannot write: %s"
                                % (path, e.strerror or e))
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
    _check_output(args.input, args.output)
    limit = args.limit
    if limit is not None and args.skip:
        limit += args.skip
    trace = parse_text(args.input, limit)
    skip_events(trace, args.skip)
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


def _write_trace(lines, path, header, where, lost=0, buffer_kb=None):
    """Convert tracepoint text @lines into the kmtrace v1 trace @path.

    Nothing is left at @path unless the whole trace is good: lost events,
    a trace without allocations, or a malformed line raise KmtError.
    """
    d = os.path.dirname(os.path.abspath(path))
    suffix = ".kmt.xz" if path.endswith(".xz") else ".kmt"
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".kmtrace-", suffix=suffix)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        raw = os.fdopen(fd, "wb")
        with (lzma.open(raw, "wt", encoding="ascii") if suffix == ".kmt.xz"
              else open(raw.fileno(), "w", encoding="ascii", closefd=False)) as out:
            stats = ftrace.convert(lines, out, header, where)
        raw.close()
        lost = max(lost, stats.lost_events)
        if lost:
            how = ("raise --buffer-size (%d KiB per CPU this time)" % buffer_kb
                   if buffer_kb else "record again with a larger ring buffer")
            raise KmtError("%d events lost: the ring buffer overran, so frees would pair "
                           "with the wrong objects; %s" % (lost, how))
        if stats.out_of_window:
            raise KmtError("%s: %d events more than %d events out of time order: "
                           "sort the input by time stamp"
                           % (where, stats.out_of_window, ftrace.REORDER_WINDOW))
        if not stats.allocs:
            raise KmtError("%s: no slab allocation in %d tracepoint lines: nothing to "
                           "replay" % (where, stats.lines))
        parse_text(tmp)     # the reference check: convert will accept it
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return stats


def _print_written(path, stats, t0):
    print("kmtrace: wrote %s: %d allocs, %d frees (+%d inferred), %d dropped frees, "
          "%d live at end, %d caches, %.1f s"
          % (path, stats.allocs, stats.frees, stats.inferred_frees,
             stats.dropped_frees, stats.live_at_end, stats.caches,
             time.monotonic() - t0))


def _header(workload):
    return ["source: Linux %s slab tracepoints kmalloc kfree kmem_cache_alloc "
            "kmem_cache_free" % record.kernel_release(),
            "workload: %s" % workload,
            "recorded: %s by scripts/kmtrace record"
            % datetime.datetime.now().astimezone().isoformat(timespec="seconds")]


def cmd_record(args):
    t0 = time.monotonic()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if bool(command) == (args.duration is not None):
        args.parser.error("give either a command after '--' or --duration SECONDS")
    _check_output(None, args.output, "trace", "mywork.kmt.xz", parents=False)
    d = os.path.dirname(os.path.abspath(args.output))
    if command:
        workload = args.workload or shlex.join(command)
    else:
        workload = args.workload or "idle machine for %g s" % args.duration
    with record.new_raw_file(d) as raw:
        try:
            status, lost, intr = record.record_raw(raw, command or None, args.duration,
                                                   args.buffer_size)
        except record.Interrupted as e:
            print("kmtrace: interrupted by %s before the recording ended: nothing "
                  "written" % signal.Signals(e.signum).name, file=sys.stderr)
            return 128 + e.signum
        raw.seek(0)
        stats = _write_trace(raw, args.output, _header(workload), "tracepoint text",
                             lost, args.buffer_size)
    _print_written(args.output, stats, t0)
    if intr:
        print("kmtrace: interrupted by %s: the trace covers the recording up to then"
              % signal.Signals(intr).name, file=sys.stderr)
        return 128 + intr
    if status:
        print("kmtrace: the command exited with status %d; the trace covers its run"
              % status, file=sys.stderr)
        return 1
    return 0


def cmd_import(args):
    t0 = time.monotonic()
    _check_output(args.input, args.output, "trace", "mywork.kmt.xz", parents=False)
    try:
        f = open(args.input, "rb")
    except OSError as e:
        raise KmtError("%s: cannot open: %s" % (args.input, e.strerror or e))
    with f:
        stats = _write_trace(f, args.output,
                             ["source: slab tracepoint text %s (scripts/kmtrace import)"
                              % os.path.basename(args.input),
                              "workload: %s" % (args.workload or "unknown")],
                             args.input)
    _print_written(args.output, stats, t0)
    return 0


def _seconds(s):
    try:
        v = float(s)
    except ValueError:
        v = -1.0
    if not math.isfinite(v) or v <= 0 or v > 7 * 24 * 3600:
        raise argparse.ArgumentTypeError("SECONDS must be a number above 0 and at most "
                                         "a week, got '%s'" % s)
    return v


def _buffer_kb(s):
    try:
        n = int(s)
    except ValueError:
        n = 0
    if not 1 <= n <= 1 << 22:
        raise argparse.ArgumentTypeError("KB must be an integer from 1 to 4194304 "
                                         "(KiB per CPU), got '%s'" % s)
    return n


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
    c.add_argument("--skip", type=_limit, metavar="N", default=0,
                   help="drop the first N events and the frees of what they "
                   "allocated (then --limit counts)")
    c.set_defaults(func=cmd_convert)
    i = sub.add_parser("info", help="counts, peaks and size histogram of a trace or module")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--limit", type=_limit, metavar="N",
                   help="text traces: only the first N events")
    i.set_defaults(func=cmd_info)
    v = sub.add_parser("verify", help="check a binary module as the kernel does")
    v.add_argument("file", metavar="FILE")
    v.set_defaults(func=cmd_verify)
    r = sub.add_parser(
        "record", help="record this machine's slab allocations (root, tracefs)",
        usage="kmtrace record -o OUT [--buffer-size KB] [--workload TEXT] "
              "(-- COMMAND [ARG...] | --duration SECONDS)",
        description="Record the running Linux kernel's slab tracepoints while COMMAND "
                    "runs (or for SECONDS) into a kmtrace v1 text trace; xz-compressed "
                    "when OUT ends in .xz. Documentation/mm/kmtrace-record.rst")
    r.add_argument("-o", "--output", required=True, metavar="OUT")
    r.add_argument("--duration", type=_seconds, metavar="SECONDS",
                   help="record the whole machine for SECONDS instead of a command")
    r.add_argument("--buffer-size", type=_buffer_kb, default=record.DEFAULT_BUFFER_KB,
                   metavar="KB", help="ring buffer per CPU in KiB (default %(default)s); "
                   "raise it when events are lost")
    r.add_argument("--workload", metavar="TEXT",
                   help="what the trace's header says ran (default: the command)")
    r.add_argument("command", nargs=argparse.REMAINDER, metavar="-- COMMAND")
    r.set_defaults(func=cmd_record, parser=r)
    m = sub.add_parser("import", help="slab tracepoint text (tracefs, trace-cmd) -> text trace")
    m.add_argument("input", metavar="RAW")
    m.add_argument("output", metavar="OUT")
    m.add_argument("--workload", metavar="TEXT", help="what the trace's header says ran")
    m.set_defaults(func=cmd_import)
    args = p.parse_args(argv)
    try:
        return args.func(args)
    except KmtError as e:
        print("kmtrace: error: %s" % e, file=sys.stderr)
        return 2 if isinstance(e, KmtUsageError) else 1
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        # Outside a recording (which handles its own signals): convert,
        # import or the conversion after a recording. Nothing is left
        # half-written: every output goes through a temporary file.
        print("kmtrace: interrupted: nothing written", file=sys.stderr)
        return 128 + signal.SIGINT
