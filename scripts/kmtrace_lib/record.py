# SPDX-License-Identifier: GPL-2.0
"""Record the running Linux kernel's slab allocations as a kmtrace v1 trace.

The tool of `scripts/kmtrace record`: the slab tracepoints of the machine it
runs on (kmem:kmalloc, kmem:kfree, kmem:kmem_cache_alloc,
kmem:kmem_cache_free) are enabled while a command runs (or for a fixed
time), their text is streamed to a temporary file, and ftrace.py turns it
into a trace.

Tracing state.  All the work happens in a tracing instance of our own
(tracefs's instances/kmtrace-PID, as trace-cmd's -B does): its own ring
buffer, its own enabled events, its own tracing_on.  The top-level state a
user or another tool may rely on (set_event, buffer_size_kb, tracing_on,
the events' enable files) is never written, so nothing of it needs
restoring; the instance is removed on every way out (an error, a failing
command, Ctrl-C, SIGTERM or SIGHUP).  When no tracefs is mounted, it is
mounted on /sys/kernel/tracing for the recording and unmounted after.

Order.  The instance's trace_clock is "counter", a global sequence number
rather than a time: events of different CPUs are never tied, so a free on
one CPU and the reuse of its address on another come out in the order they
happened.

Lost events.  The instance's trace_pipe is read while the command runs, so
the ring buffer only has to absorb bursts; when it overruns anyway, the
events lost (trace_pipe's "[LOST N EVENTS]" markers and the per-CPU
"overrun"/"dropped events" counters) make the recording fail with the
count and the option that raises the buffer size: a trace with holes would
pair frees with the wrong allocations.
"""
import errno
import fcntl
import os
import select
import signal
import subprocess
import tempfile
import time

from . import KmtError

EVENTS = ("kmalloc", "kfree", "kmem_cache_alloc", "kmem_cache_free")
TRACEFS_DIRS = ("/sys/kernel/tracing", "/sys/kernel/debug/tracing")
DEFAULT_BUFFER_KB = 16384
DRAIN_SLICE = 0.2      # seconds of copying before drain() returns to its caller


class Interrupted(Exception):
    """The recording was stopped by a signal; the number is kept."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def _is_tracefs(path):
    return os.path.isfile(os.path.join(path, "trace_pipe"))


def _tracefs_known():
    try:
        with open("/proc/filesystems") as f:
            return any(line.split()[-1:] == ["tracefs"] for line in f)
    except OSError:
        return False


def find_tracefs(dirs=TRACEFS_DIRS):
    """Return (path, mounted_by_us) of a usable tracefs; KmtError if none."""
    for d in dirs:
        if _is_tracefs(d):
            return d, False
    target = dirs[0]
    if _tracefs_known() and os.path.isdir(target):
        p = subprocess.run(["mount", "-t", "tracefs", "nodev", target],
                           capture_output=True, text=True)
        if p.returncode == 0 and _is_tracefs(target):
            return target, True
    raise KmtError("no tracefs: looked in %s, and mounting one on %s failed; this kernel "
                   "needs CONFIG_FTRACE (tracefs), or mount it with "
                   "'mount -t tracefs nodev /sys/kernel/tracing'"
                   % (" and ".join(dirs), target))


def _write(path, value):
    with open(path, "w") as f:
        f.write(value)


def _read(path):
    with open(path) as f:
        return f.read()


def _lost_in_stats(inst):
    """Sum the per-CPU overrun and dropped-events counters of instance @inst."""
    lost = 0
    per_cpu = os.path.join(inst, "per_cpu")
    for cpu in sorted(os.listdir(per_cpu)) if os.path.isdir(per_cpu) else ():
        try:
            text = _read(os.path.join(per_cpu, cpu, "stats"))
        except OSError:
            continue
        for line in text.splitlines():
            key, _, val = line.partition(":")
            if key.strip() in ("overrun", "dropped events") and val.strip().isdigit():
                lost += int(val)
    return lost


class Session:
    """One recording in a tracing instance of our own (see the file comment)."""

    def __init__(self, tracefs, buffer_kb):
        self.tracefs = tracefs
        self.inst = os.path.join(tracefs, "instances", "kmtrace-%d" % os.getpid())
        self.buffer_kb = buffer_kb
        self.fd = None
        self.made = False

    def start(self):
        kmem = os.path.join(self.tracefs, "events", "kmem")
        missing = [e for e in EVENTS if not os.path.isdir(os.path.join(kmem, e))]
        if missing:
            raise KmtError("this kernel has no slab tracepoint%s %s in %s/events/kmem "
                           "(needs CONFIG_TRACEPOINTS and the kmem events)"
                           % ("s" if len(missing) > 1 else "",
                              ", ".join("kmem:" + e for e in missing), self.tracefs))
        try:
            os.mkdir(self.inst)
        except OSError as e:
            raise KmtError("cannot create the tracing instance %s: %s"
                           % (self.inst, e.strerror or e))
        self.made = True
        try:
            hash_ptr = os.path.join(self.inst, "options", "hash-ptr")
            if os.path.exists(hash_ptr):
                _write(hash_ptr, "0")   # real addresses: no hash collisions
            clock = os.path.join(self.inst, "trace_clock")
            if "counter" in _read(clock).replace("[", " ").replace("]", " ").split():
                _write(clock, "counter")    # a total order over all CPUs
            _write(os.path.join(self.inst, "buffer_size_kb"), str(self.buffer_kb))
            for e in EVENTS:
                _write(os.path.join(self.inst, "events", "kmem", e, "enable"), "1")
        except OSError as e:
            raise KmtError("cannot set up the tracing instance %s: %s"
                           % (self.inst, e.strerror or e))
        self.fd = os.open(os.path.join(self.inst, "trace_pipe"), os.O_RDONLY | os.O_NONBLOCK)
        _write(os.path.join(self.inst, "tracing_on"), "1")

    def drain(self, raw, wait):
        """Copy what trace_pipe holds to the file @raw, waiting up to @wait s
        for the first byte.  Returns after at most DRAIN_SLICE s of copying
        even when events arrive as fast as they are read (a busy machine, or
        the recorder's own writes to @raw tracing kmalloc calls), so that the
        caller's deadline and the command's exit are still seen."""
        r, _, _ = select.select([self.fd], [], [], wait)
        if not r:
            return 0
        total = 0
        until = time.monotonic() + DRAIN_SLICE
        while time.monotonic() < until:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return total
            except OSError as e:
                if e.errno == errno.EINTR:
                    continue
                raise
            if not chunk:
                return total
            raw.write(chunk)
            total += len(chunk)
        return total

    def pause(self):
        """Stop recording new events; what the buffer holds stays to be read."""
        _write(os.path.join(self.inst, "tracing_on"), "0")

    def stop(self, raw):
        """Stop tracing, copy the rest of the buffer; return events lost."""
        self.pause()
        while self.drain(raw, 0.05):
            pass
        return _lost_in_stats(self.inst)

    def close(self):
        """Remove the instance, whatever state it is in."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if not self.made:
            return
        for _ in range(50):
            try:
                os.rmdir(self.inst)
                self.made = False
                return
            except OSError as e:
                if e.errno != errno.EBUSY:
                    break
                time.sleep(0.1)
        raise KmtError("could not remove the tracing instance %s; remove it with "
                       "'rmdir %s'" % (self.inst, self.inst))


def _signals_to_exceptions():
    """The first SIGINT, SIGTERM or SIGHUP raises Interrupted; later ones are
    ignored, so that a second Ctrl-C cannot stop the clean-up half-way."""
    hit = []

    def handler(signum, frame):
        if not hit:
            hit.append(signum)
            raise Interrupted(signum)
    old = {}
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        old[s] = signal.signal(s, handler)
    return old


def record_raw(raw, command=None, duration=None, buffer_kb=DEFAULT_BUFFER_KB,
               tracefs_dirs=TRACEFS_DIRS):
    """Record the slab tracepoints' text into the binary file object @raw.

    Runs @command (a list; its exit status is returned) or waits @duration
    seconds.  Returns (status, lost_events, interrupted_by).  Raises
    KmtError for what prevents a recording; the instance (and a tracefs
    mount of our own) is gone whatever happens.
    """
    if os.geteuid() != 0:
        raise KmtError("record needs root to use the kernel's tracefs: run it with sudo")
    tracefs, mounted = find_tracefs(tracefs_dirs)
    session = Session(tracefs, buffer_kb)
    old = _signals_to_exceptions()
    proc = None
    status, lost, interrupted = 0, 0, None
    try:
        session.start()
        deadline = None if command else time.monotonic() + duration
        if command:
            try:
                proc = subprocess.Popen(command)
            except OSError as e:
                raise KmtError("cannot run '%s': %s" % (command[0], e.strerror or e))
        try:
            while True:
                if proc is not None and proc.poll() is not None:
                    break
                if deadline is not None and time.monotonic() >= deadline:
                    break
                session.drain(raw, 0.2)
        except Interrupted as e:
            interrupted = e.signum
            session.pause()     # the trace ends here, not when the command does
        if proc is not None:
            if proc.poll() is None:
                # Pass the signal on (Ctrl-C from a terminal reached the
                # command already), give it a moment, then end it.
                try:
                    proc.send_signal(interrupted or signal.SIGTERM)
                except OSError:
                    pass
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            status = proc.returncode
        lost = session.stop(raw)
    finally:
        try:
            session.close()
        finally:
            for s, h in old.items():
                signal.signal(s, h)
            if mounted:
                subprocess.run(["umount", tracefs], capture_output=True)
    return status, lost, interrupted


def kernel_release():
    return os.uname().release


def new_raw_file(directory):
    """An unnamed-looking temporary file for the raw text, removed on close."""
    fd, path = tempfile.mkstemp(dir=directory, prefix=".kmtrace-raw-", suffix=".tmp")
    os.unlink(path)
    fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
    return os.fdopen(fd, "w+b")
