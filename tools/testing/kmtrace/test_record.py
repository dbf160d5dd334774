# SPDX-License-Identifier: GPL-2.0
"""Tests of `scripts/kmtrace record` and `scripts/kmtrace import`.

Run from the repository root:
    /usr/bin/python3 -m unittest discover -s tools/testing/kmtrace -t .

The conversion is tested on tracepoint text captured from a real Linux 6.18
(2 CPUs) and kept in ftrace/ as small fixtures:
  trace.txt      an instance's `trace` file (trace_clock "counter", real
                 addresses): kmalloc, caches, an address handed out again
                 while live, frees of objects older than the recording;
  per-cpu.txt    per_cpu/cpu0/trace then per_cpu/cpu1/trace of another
                 window: two CPUs' events to be put back in time order;
  pipe-lost.txt  trace_pipe read too slowly from a 4 KiB ring buffer: a
                 "CPU:1 [LOST 1653 EVENTS]" marker.
The expected traces below are worked out by hand from the fixtures (the
comments give the reasoning), not produced by the code under test.

The live path (root, tracefs) records real commands and checks that the
top-level tracing state is the same afterwards; it is skipped, with the
reason, where tracefs cannot be used.
"""
import lzma
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
KMTRACE = os.path.join(ROOT, "scripts", "kmtrace")
PYTHON = "/usr/bin/python3"
FIXTURES = os.path.join(HERE, "ftrace")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from kmtrace_lib import KmtError, record  # noqa: E402

# trace.txt, in order (counter time stamps 2..24, then 4050..4056):
#   2-5   four kmallocs (60/64, 64/64, 60/64, 64/64)          a0-a3
#   6-11  first use of six caches, each declared just before  a4-a9
#   12-16 dentry, tracefs_inode_cache, lsm_inode_cache, 2 kmallocs a10-a14
#   17,18 lsm_file_cache and filp objects freed               f6 f5
#   19    names_cache hands out ...e6e000 again while a4 is live:
#         a4's free is written first (inferred)               f4 a15
#   20,21 filp, lsm_file_cache again                          a16 a17
#   22-24 the three freed                                     f15 f17 f16
#   4050-4055 six frees of objects from before the recording: dropped
#   4056  names_cache                                         a18
TRACE_EVENTS = """\
a 0 60 64 -
a 1 64 64 -
a 2 60 64 -
a 3 64 64 -
c 0 names_cache 4096
a 4 4096 4096 0
c 1 filp 184
a 5 184 192 1
c 2 lsm_file_cache 24
a 6 24 24 2
c 3 dentry 192
a 7 192 192 3
c 4 tracefs_inode_cache 648
a 8 648 656 4
c 5 lsm_inode_cache 32
a 9 32 32 5
a 10 192 192 3
a 11 648 656 4
a 12 32 32 5
a 13 60 64 -
a 14 64 64 -
f 6
f 5
f 4
a 15 4096 4096 0
a 16 184 192 1
a 17 24 24 2
f 15
f 17
f 16
a 18 4096 4096 0
# end allocs=19 frees=5 inferred_frees=1 dropped_frees=6 live_at_end=13 caches=6
"""

# per-cpu.txt holds CPU 0's events 2133-2155 and then CPU 1's 2136, 2147,
# 2153 and 2154; in time order (CPU 1's marked *):
#   2133-2135 names_cache, filp, lsm_file_cache           c0 a0 c1 a1 c2 a2
#   2136*     kfree(NULL): skipped, not counted
#   2137      names_cache ...e6e000 freed                  f0
#   2138,2139 vm_area_struct, maple_node                   c3 a3 c4 a4
#   2140-2142 names_cache (...e6e000 again), filp, lsm     a5 a6 a7
#   2143-2145 the three freed, newest first                f7 f6 f5
#   2146      names_cache ...e6e000                        a8
#   2147*     names_cache ...87a000                        a9
#   2148,2149 filp, lsm_file_cache                         a10 a11
#   2150      ...e6e000 freed                              f8
#   2151,2152 vm_area_struct, maple_node                   a12 a13
#   2153*,2154* filp, lsm_file_cache                       a14 a15
#   2155      names_cache ...e6e000                        a16
PER_CPU_EVENTS = """\
c 0 names_cache 4096
a 0 4096 4096 0
c 1 filp 184
a 1 184 192 1
c 2 lsm_file_cache 24
a 2 24 24 2
f 0
c 3 vm_area_struct 192
a 3 192 192 3
c 4 maple_node 256
a 4 256 256 4
a 5 4096 4096 0
a 6 184 192 1
a 7 24 24 2
f 7
f 6
f 5
a 8 4096 4096 0
a 9 4096 4096 0
a 10 184 192 1
a 11 24 24 2
f 8
a 12 192 192 3
a 13 256 256 4
a 14 184 192 1
a 15 24 24 2
a 16 4096 4096 0
# end allocs=17 frees=5 inferred_frees=0 dropped_frees=0 live_at_end=12 caches=5
"""

# The default clock (microseconds) and hashed pointers, as tracefs prints
# them with hash-ptr on (captured from the same machine).
USEC = """\
            bash-13284   [000] .....   118.488656: kmem_cache_alloc: call_site=alloc_empty_file+0x3c/0x110 ptr=00000000c89a0fa9 name=filp bytes_req=184 bytes_alloc=192 gfp_flags=GFP_KERNEL node=-1 accounted=true
            bash-13284   [000] .....   118.488668: kmalloc: call_site=tracepoint_add_func+0x10d/0x490 ptr=000000007a5f8702 bytes_req=64 bytes_alloc=64 gfp_flags=GFP_KERNEL node=-1 accounted=false
            bash-13284   [000] .....   118.488700: kmem_cache_free: call_site=task_work_run+0x59/0x90 ptr=00000000c89a0fa9 name=filp
"""


def body(text):
    """The trace without its header comments (the '# end' line is kept)."""
    return "".join(l + "\n" for l in text.splitlines()
                   if not l.startswith("#") or l.startswith("# end "))


class Case(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(subprocess.run, ["rm", "-rf", self.dir])

    def path(self, name):
        return os.path.join(self.dir, name)

    def kmtrace(self, *args, **kw):
        return subprocess.run([PYTHON, KMTRACE] + list(args), capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, **kw)

    def assertOneLineError(self, r, status, words):
        self.assertEqual(r.returncode, status, r.stdout + r.stderr)
        self.assertNotIn("Traceback", r.stderr)
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        self.assertTrue(lines, "no message on stderr")
        msg = lines[-1]
        if not r.stderr.startswith("usage:"):   # argparse prints its usage first
            self.assertEqual(len(lines), 1, r.stderr)
        for w in words:
            self.assertIn(w, msg)

    def read_trace(self, p):
        opener = lzma.open if p.endswith(".xz") else open
        with opener(p, "rt") as f:
            return f.read()


class ImportTest(Case):
    def imp(self, fixture, out="out.kmt", *opts):
        src = fixture if os.path.isabs(fixture) else os.path.join(FIXTURES, fixture)
        return self.kmtrace("import", src, self.path(out), *opts)

    def test_instance_trace_file(self):
        r = self.imp("trace.txt", "out.kmt", "--workload", "ls and cat")
        self.assertEqual(r.returncode, 0, r.stderr)
        text = self.read_trace(self.path("out.kmt"))
        self.assertEqual(text.splitlines()[0], "# kmtrace 1")
        self.assertIn("# workload: ls and cat\n", text)
        self.assertEqual(body(text), TRACE_EVENTS)
        self.assertIn("19 allocs, 5 frees (+1 inferred), 6 dropped frees, 13 live at end, "
                      "6 caches", r.stdout)

    def test_per_cpu_dumps_are_put_in_time_order(self):
        r = self.imp("per-cpu.txt")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(body(self.read_trace(self.path("out.kmt"))), PER_CPU_EVENTS)

    def test_microsecond_clock_and_hashed_pointers(self):
        src = self.path("usec.txt")
        with open(src, "w") as f:
            f.write(USEC)
        r = self.imp(src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(body(self.read_trace(self.path("out.kmt"))),
                         "c 0 filp 184\na 0 184 192 0\na 1 64 64 -\nf 0\n"
                         "# end allocs=2 frees=1 inferred_frees=0 dropped_frees=0 "
                         "live_at_end=1 caches=1\n")

    def test_lost_events_are_refused(self):
        r = self.imp("pipe-lost.txt")
        self.assertOneLineError(r, 1, ["1653 events lost", "ring buffer overran"])
        self.assertEqual(os.listdir(self.dir), [])

    def test_xz_output_and_convert_accepts_it(self):
        r = self.imp("trace.txt", "out.kmt.xz")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.path("out.kmt.xz"), "rb") as f:
            self.assertEqual(f.read(6), b"\xfd7zXZ\x00")
        self.assertEqual(body(self.read_trace(self.path("out.kmt.xz"))), TRACE_EVENTS)
        r = self.kmtrace("convert", self.path("out.kmt.xz"), self.path("out.kmtb"))
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.kmtrace("verify", self.path("out.kmtb"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("19 allocs", r.stdout)

    def test_nothing_to_replay_is_refused(self):
        src = self.path("empty.txt")
        with open(src, "w") as f:
            f.write("# tracer: nop\n#\n            bash-1 [000] ..... 5: kfree: "
                    "call_site=x+0x1/0x2 ptr=ffff888100000000\n")
        r = self.imp(src)
        self.assertOneLineError(r, 1, ["no slab allocation in 1 tracepoint lines"])
        self.assertEqual(os.listdir(self.dir), ["empty.txt"])

    def test_malformed_event_names_its_line(self):
        src = self.path("bad.txt")
        with open(src, "w") as f:
            f.write(USEC.replace("bytes_req=64", "bytes_req=sixty-four"))
        r = self.imp(src)
        self.assertOneLineError(r, 1, ["bad.txt:2:", "bytes_req=sixty-four"])
        self.assertEqual(sorted(os.listdir(self.dir)), ["bad.txt"])

    def test_unwritable_outputs(self):
        for out, words in ((self.path("no/such/dir/t.kmt"), ["No such file or directory"]),
                           (self.dir, ["is a directory"]),
                           ("", ["OUT is empty"]),
                           ("/proc/t.kmt", ["cannot write /proc/t.kmt"])):
            r = self.kmtrace("import", os.path.join(FIXTURES, "trace.txt"), out)
            self.assertOneLineError(r, 2, words)
        self.assertEqual(os.listdir(self.dir), [])

    def test_output_onto_its_input_is_refused(self):
        src = self.path("raw.txt")
        with open(os.path.join(FIXTURES, "trace.txt")) as f, open(src, "w") as g:
            g.write(f.read())
        before = os.stat(src).st_size
        r = self.kmtrace("import", src, src)
        self.assertOneLineError(r, 2, ["is the input"])
        self.assertEqual(os.stat(src).st_size, before)

    def test_interrupt_leaves_nothing(self):
        """SIGINT while import runs: status 130, one line, no output file.
        The input is a FIFO this test holds open, so the import is still
        reading (however fast the machine) when the signal comes."""
        big = self.path("big.txt")
        with open(os.path.join(FIXTURES, "trace.txt")) as f:
            events = [l for l in f if not l.startswith("#")]
        os.mkfifo(big)
        # make check may run us with SIGINT ignored (a background job of a
        # non-interactive shell), which the child would inherit.
        p = subprocess.Popen([PYTHON, KMTRACE, "import", big, self.path("o.kmt")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        w = open(big, "w")      # returns once import has opened its end
        try:
            w.writelines(events * 50)
            w.flush()
            for _ in range(200):    # until the temporary output exists
                if [n for n in os.listdir(self.dir) if n.startswith(".kmtrace-")]:
                    break
                time.sleep(0.01)
            p.send_signal(signal.SIGINT)
            try:
                _, err = p.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
                self.fail("kmtrace import ignored SIGINT")
        finally:
            try:
                w.close()
            except BrokenPipeError:
                pass
        self.assertEqual(p.returncode, 130, err)
        self.assertEqual(err, "kmtrace: interrupted: nothing written\n")
        self.assertEqual(os.listdir(self.dir), ["big.txt"])

    def test_missing_input(self):
        r = self.kmtrace("import", self.path("nope.txt"), self.path("o.kmt"))
        self.assertOneLineError(r, 1, ["nope.txt: cannot open"])
        self.assertEqual(os.listdir(self.dir), [])


class RecordArgumentsTest(Case):
    def test_bad_arguments_are_usage_errors(self):
        out = self.path("t.kmt")
        for args, words in (
                (["-o", out], ["either a command"]),
                (["-o", out, "--duration", "1", "--", "true"], ["either a command"]),
                (["-o", out, "--duration", "nan"], ["SECONDS must be"]),
                (["-o", out, "--duration", "0"], ["SECONDS must be"]),
                (["-o", out, "--duration", "-3"], ["SECONDS must be"]),
                (["-o", out, "--buffer-size", "0", "--", "true"], ["KB must be"]),
                (["-o", out, "--buffer-size", "99999999999", "--", "true"], ["KB must be"]),
                (["--", "true"], ["-o/--output"])):
            r = self.kmtrace("record", *args)
            self.assertOneLineError(r, 2, words)
        self.assertEqual(os.listdir(self.dir), [])

    @unittest.skipUnless(os.geteuid() == 0 and os.path.exists("/usr/bin/setpriv"),
                         "needs root and setpriv to run as another user")
    def test_not_root(self):
        os.chmod(self.dir, 0o777)
        r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            PYTHON, KMTRACE, "record", "-o", self.path("t.kmt"), "--",
                            "true"], capture_output=True, text=True)
        self.assertOneLineError(r, 1, ["needs root", "sudo"])
        self.assertEqual(os.listdir(self.dir), [])

    def test_no_tracefs(self):
        with self.assertRaises(KmtError) as cm:
            record.find_tracefs((self.path("none/tracing"), self.path("none/debug")))
        self.assertIn("no tracefs", str(cm.exception))
        self.assertIn("mount -t tracefs", str(cm.exception))

    def test_tracepoints_missing(self):
        fake = self.path("tracing")
        os.makedirs(os.path.join(fake, "events", "kmem", "kmalloc"))
        os.makedirs(os.path.join(fake, "instances"))
        s = record.Session(fake, 64)
        with self.assertRaises(KmtError) as cm:
            s.start()
        msg = str(cm.exception)
        self.assertIn("kmem:kfree, kmem:kmem_cache_alloc, kmem:kmem_cache_free", msg)
        self.assertNotIn("kmem:kmalloc,", msg)
        self.assertEqual(os.listdir(os.path.join(fake, "instances")), [])

    def test_drain_returns_while_events_keep_coming(self):
        """A trace_pipe that never runs dry (a busy machine) must not keep
        drain() from returning: the recording's deadline is checked between
        calls.  /dev/zero stands in for a pipe whose events arrive as fast as
        they are read; before the fix, drain() read until the pipe was empty."""
        class Sink:
            written = 0

            def write(self, chunk):
                Sink.written += len(chunk)
        s = record.Session(self.path("tracing"), 64)
        s.fd = os.open("/dev/zero", os.O_RDONLY | os.O_NONBLOCK)
        result = []
        reader = threading.Thread(target=lambda: result.append(s.drain(Sink(), 0.1)),
                                  daemon=True)
        reader.start()
        reader.join(60)     # a hang detector, not a time limit on drain()
        self.assertFalse(reader.is_alive(), "drain() never returned while events kept coming")
        os.close(s.fd)
        s.fd = None
        self.assertGreater(result[0], 0)
        self.assertEqual(result[0], Sink.written)


def _tracefs_usable():
    if os.geteuid() != 0:
        return None, "not root"
    try:
        path, mounted = record.find_tracefs()
    except KmtError as e:
        return None, str(e)
    if mounted:
        subprocess.run(["umount", path])
    if not all(os.path.isdir(os.path.join(path, "events", "kmem", e)) for e in record.EVENTS):
        return None, "no kmem tracepoints in " + path
    return path, None


TRACEFS, WHY_NOT = _tracefs_usable()


@unittest.skipIf(TRACEFS is None, "live recording not possible here: %s" % WHY_NOT)
class LiveRecordTest(Case):
    STATE = ("tracing_on", "set_event", "buffer_size_kb", "trace_clock",
             "options/hash-ptr", "events/kmem/kmalloc/enable", "events/kmem/kfree/enable")

    def snapshot(self):
        """The top-level tracing state, and the instances that are not a
        kmtrace recording (another test run may be recording meanwhile)."""
        snap = {}
        for name in self.STATE:
            p = os.path.join(TRACEFS, name)
            if os.path.exists(p):
                with open(p) as f:
                    snap[name] = f.read()
        snap["instances"] = sorted(n for n in os.listdir(os.path.join(TRACEFS, "instances"))
                                   if not n.startswith("kmtrace-"))
        return snap

    def setUp(self):
        super().setUp()
        self.before = self.snapshot()
        self.pids = []

    def record(self, *args):
        """Run kmtrace record; its instance is named after its pid."""
        p = subprocess.Popen([PYTHON, KMTRACE, "record"] + list(args), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        self.pids.append(p.pid)
        out, err = p.communicate()
        self.skip_if_overrun(p.returncode, err, args[args.index("-o") + 1])
        return subprocess.CompletedProcess(p.args, p.returncode, out, err)

    def skip_if_overrun(self, status, err, out):
        """A machine busy enough to overrun the ring buffer (make check's
        other step building kernels at the same time) makes the recording
        fail as it should: check that it failed cleanly, then skip."""
        if "events lost: the ring buffer overran" in err:
            self.assertEqual(status, 1, err)
            self.assertFalse(os.path.exists(out))
            self.assertStateRestored()
            self.skipTest("the machine is too busy for a lossless recording: " +
                          err.strip().splitlines()[-1])

    def assertStateRestored(self):
        self.assertEqual(self.snapshot(), self.before)
        for pid in self.pids:
            self.assertFalse(os.path.exists(os.path.join(TRACEFS, "instances",
                                                         "kmtrace-%d" % pid)))

    def test_record_a_command(self):
        out = self.path("cat.kmt.xz")
        r = self.record("-o", out, "--", "sh", "-c",
                        "cat /etc/passwd /etc/group > /dev/null")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertStateRestored()
        text = self.read_trace(out)
        self.assertIn("# workload: sh -c 'cat /etc/passwd /etc/group > /dev/null'", text)
        self.assertIn("# source: Linux %s slab tracepoints" % os.uname().release, text)
        self.assertRegex(text, r"\na \d+ \d+ \d+ [-\d]+\n")  # opening files allocates
        r = self.kmtrace("convert", out, self.path("cat.kmtb"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.kmtrace("verify", self.path("cat.kmtb")).returncode, 0)
        self.assertEqual([n for n in os.listdir(self.dir) if n.startswith(".")], [])

    def test_failing_command_keeps_its_trace(self):
        out = self.path("fail.kmt")
        r = self.record("-o", out, "--", "sh", "-c", "ls / > /dev/null; exit 3")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("the command exited with status 3", r.stderr)
        self.assertTrue(os.path.isfile(out))
        self.assertStateRestored()

    def test_command_that_cannot_run(self):
        out = self.path("none.kmt")
        r = self.record("-o", out, "--", self.path("no-such-command"))
        self.assertOneLineError(r, 1, ["cannot run", "no-such-command"])
        self.assertEqual(os.listdir(self.dir), [])
        self.assertStateRestored()

    def test_duration(self):
        out = self.path("idle.kmt")
        r = self.record("-o", out, "--duration", "0.5")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("# workload: idle machine for 0.5 s", self.read_trace(out))
        self.assertStateRestored()

    def test_interrupt_restores_and_keeps_the_trace(self):
        out = self.path("int.kmt")
        # exec: the signal kmtrace passes on reaches sleep itself (a shell
        # waiting for its child acts on SIGINT only when the child ends,
        # and sleep would keep the output pipes open for 30 s).
        p = subprocess.Popen([PYTHON, KMTRACE, "record", "-o", out, "--", "sh", "-c",
                              "cat /etc/passwd > /dev/null; exec sleep 30"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.pids.append(p.pid)
        inst = os.path.join(TRACEFS, "instances", "kmtrace-%d" % p.pid)
        for _ in range(100):
            if os.path.isdir(inst):
                break
            time.sleep(0.05)
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
        self.skip_if_overrun(p.returncode, err, out)
        self.assertEqual(p.returncode, 128 + signal.SIGINT, err)
        self.assertIn("interrupted by SIGINT", err)
        self.assertNotIn("Traceback", err)
        self.assertFalse(os.path.exists(inst))
        self.assertStateRestored()
        self.assertTrue(os.path.isfile(out))

    def test_state_restored_after_a_setup_failure(self):
        """An instance that cannot be set up is removed again."""
        with mock.patch.object(record, "_write", side_effect=OSError(22, "Invalid argument")):
            s = record.Session(TRACEFS, 64)
            with self.assertRaises(KmtError):
                s.start()
            s.close()
        self.assertStateRestored()


if __name__ == "__main__":
    unittest.main()
