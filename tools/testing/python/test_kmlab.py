# SPDX-License-Identifier: GPL-2.0
"""The contract of the kmlab Python package (Documentation/dev-tools/python.rst).

`make python` is run once into a temporary O= directory; every test imports
kmlab from there, as a user does with PYTHONPATH=build/python. Each call of
the API is checked on every backend: what it returns, what the statistics
say, and every kind of bad input the backends detect, which must raise
KmlabError carrying the kernel's one-line report and leave the heap usable.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
from tools.testing.kmlab_host import SRCTREE, make  # noqa: E402

BUILD = None
kmlab = None
BACKENDS = ["buddy_slab", "bump", "firstfit", "slob", "tlsf"]
REPORT = r"^kmalloc: %s of 0x%08x \(caller 0x[0-9a-f]{8}\)$"


def setUpModule():
    global BUILD, kmlab
    BUILD = tempfile.mkdtemp(prefix="kmlab-python-")
    make(BUILD, "-j2", "python", tail=3000)
    sys.path.insert(0, os.path.join(BUILD, "build", "python"))
    import kmlab as mod
    kmlab = mod


def tearDownModule():
    shutil.rmtree(BUILD, ignore_errors=True)


class TestBuild(unittest.TestCase):
    def test_one_library_per_backend(self):
        self.assertEqual(kmlab.backends(), BACKENDS)

    def test_only_the_entry_api_is_exported(self):
        # The kernel's memcpy or snprintf must not interpose glibc's.
        lib = os.path.join(kmlab.lib_dir(), "libkmlab-slob.so")
        syms = subprocess.run(["nm", "-D", "--defined-only", lib], stdout=subprocess.PIPE,
                              text=True, check=True).stdout.split()[2::3]
        self.assertIn("kmlab_kmalloc", syms)
        self.assertEqual([s for s in syms if not s.startswith("kmlab_")], [])

    def test_pip_install(self):
        target = tempfile.mkdtemp(prefix="kmlab-pip-")
        self.addCleanup(shutil.rmtree, target, True)
        proc = subprocess.run(["/usr/bin/python3", "-m", "pip", "install", "--quiet",
                               "--no-build-isolation", "--no-index", "--target", target,
                               os.path.join(BUILD, "build", "python")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        run = subprocess.run(["/usr/bin/python3", "-c", "import kmlab; h = kmlab.Heap('tlsf'); "
                              "print(kmlab.__file__, h.ksize(h.kmalloc(100)))"],
                             cwd=target, stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=target))
        self.assertEqual(run.stdout.split(), [os.path.join(target, "kmlab", "__init__.py"), "104"])

    def test_flags_are_the_headers(self):
        """make python had the compiler print the flags (gen-python-flags):
        the package keeps no table of its own, and the kernel acts on each
        value as on its own name's."""
        with open(os.path.join(SRCTREE, "tools", "python", "kmlab", "gfp.py")) as f:
            self.assertNotIn("0x", f.read())
        self.assertEqual(kmlab.gfp("GFP_KERNEL | __GFP_ZERO"),
                         kmlab.GFP_FLAGS["__GFP_DIRECT_RECLAIM"] | kmlab.GFP_FLAGS["__GFP_ZERO"])
        with kmlab.Heap("buddy_slab", mem="8M") as h:
            hw = h.kmem_cache_create("hw", 40, flags="SLAB_HWCACHE_ALIGN")
            plain = h.kmem_cache_create("plain", 40)
            self.assertEqual([hw.alloc() % 64 for _ in range(5)], [0] * 5)
            self.assertNotEqual([plain.alloc() % 64 for _ in range(5)], [0] * 5)
            self.assertIsNone(h.kmalloc(64 << 20, gfp="GFP_KERNEL | __GFP_NOWARN"))
            self.assertEqual([l for l in h.output if "out of memory" in l], [])
            self.assertIsNone(h.kmalloc(64 << 20, gfp="GFP_KERNEL"))
            self.assertEqual(len([l for l in h.output if "out of memory" in l]), 1)

    def test_gen_python_flags_errors(self):
        gen = os.path.join(SRCTREE, "scripts", "gen-python-flags")
        out = os.path.join(BUILD, "flags-test.py")
        usage = subprocess.run([gen], stderr=subprocess.PIPE, text=True)
        self.assertEqual((usage.returncode, usage.stderr.count("\n")), (2, 1))
        bad = subprocess.run([gen, out, "gcc", "-m32", "-Ino/such/dir"],
                             stderr=subprocess.PIPE, text=True)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("gen-python-flags: gcc failed on the flag headers", bad.stderr)
        self.assertFalse(os.path.exists(out))


class TestCalls(unittest.TestCase):
    """Every call, on every backend."""

    def each(self, body):
        for name in BACKENDS:
            with self.subTest(backend=name), kmlab.Heap(name, mem="8M") as h:
                body(h)

    def test_kmalloc_ksize_kfree(self):
        def body(h):
            before = h.stats()
            p = h.kmalloc(64, gfp="GFP_KERNEL")
            self.assertEqual(p % 64, 0)          # naturally aligned
            self.assertGreaterEqual(h.ksize(p), 64)
            st = h.stats()
            self.assertEqual(st["live_objects"], before["live_objects"] + 1)
            self.assertEqual(st["nr_allocs"], before["nr_allocs"] + 1)
            h.write(p, b"kmlab!")
            self.assertEqual(h.read(p, 6), b"kmlab!")
            self.assertIn(p, h.live)
            h.kfree(p)
            self.assertNotIn(p, h.live)
            st = h.stats()
            self.assertEqual(st["live_objects"], before["live_objects"])
            self.assertEqual(st["nr_frees"], before["nr_frees"] + 1)
            self.assertEqual(h.kmalloc(0), kmlab.ZERO_SIZE_PTR)
            h.kfree(kmlab.ZERO_SIZE_PTR)
            h.kfree(0)
            self.assertEqual(h.stats()["bad_input"], 0)

        self.each(body)

    def test_gfp_zero_and_krealloc(self):
        def body(h):
            p = h.kmalloc(100)
            h.write(p, b"\xaa" * 100)
            h.kfree(p)
            z = h.kmalloc(100, gfp="GFP_KERNEL | __GFP_ZERO")
            self.assertEqual(h.read(z, 100), bytes(100))
            h.write(z, b"contents")
            q = h.krealloc(z, 3000)
            self.assertGreaterEqual(h.ksize(q), 3000)
            self.assertEqual(h.read(q, 8), b"contents")
            self.assertEqual(list(h.live), [q])
            h.kfree(q)

        self.each(body)

    def test_out_of_memory_is_none(self):
        def body(h):
            self.assertIsNone(h.kmalloc(64 << 20, gfp="GFP_KERNEL | __GFP_NOWARN"))
            self.assertEqual(h.stats()["failed_allocs"], 1)

        self.each(body)

    def test_kmem_cache(self):
        def body(h):
            a = h.kmem_cache_create("aligned", 96, align=32)
            self.assertEqual(a.alloc() % 32, 0)
            # 56 bytes: a cache of its own even where buddy+slab merges
            # caches (Documentation/mm/buddy-slab-slob.rst, "Merging").
            c = h.kmem_cache_create("foo", 56)
            objs = [c.alloc() for _ in range(20)]
            self.assertTrue(all(o % 8 == 0 for o in objs))
            self.assertEqual(len(set(objs)), 20)
            with self.assertRaises(kmlab.KmlabError) as e:
                c.destroy()
            self.assertEqual(str(e.exception),
                             "kmem_cache_destroy foo: 20 objects remain, cache leaked")
            for o in objs:
                h.kmem_cache_free(c, o)
            h.kmem_cache_destroy(c)
            self.assertTrue(c.destroyed)
            with self.assertRaisesRegex(ValueError, "destroyed"):
                c.alloc()

        self.each(body)

    def test_pages(self):
        def body(h):
            pg = h.alloc_pages(order=2)
            self.assertEqual(pg % kmlab.PAGE_SIZE, 0)
            self.assertEqual(h.live[pg], ("pages", 4 * kmlab.PAGE_SIZE, 2))
            h.write(pg + 4 * kmlab.PAGE_SIZE - 4, b"end!")
            h.free_pages(pg, order=2)
            self.assertEqual(h.stats()["live_bytes"], 0)

        self.each(body)

    def test_validate_stats_keys(self):
        def body(h):
            self.assertEqual(h.validate(), [])
            self.assertEqual(tuple(h.stats()), kmlab.STATS)

        self.each(body)

    def test_heap_map(self):
        """The backend's walk: the map tiles the RAM, a known layout reads
        back (a freed object free, on bump held: never reused)."""
        def body(h):
            a, b, c = h.kmalloc(200), h.kmalloc(200), h.kmalloc(200)
            cache = h.kmem_cache_create("map", 48)
            o = [cache.alloc() for _ in range(3)]
            pg = h.alloc_pages(order=1)
            h.kfree(b)
            cache.free(o[1])
            m = h.heap_map()
            self.assertEqual((m[0][0], m[-1][1]), h.ram)
            self.assertTrue(all(x[1] == y[0] for x, y in zip(m, m[1:])))
            self.assertTrue(all(x[2] != y[2] for x, y in zip(m, m[1:])))

            def run_at(addr):
                runs = [r for r in m if r[0] <= addr < r[1]]
                self.assertEqual(len(runs), 1)
                return runs[0]
            freed = "held" if h.backend == "bump" else "free"
            self.assertEqual(run_at(b)[2], freed)
            self.assertEqual(run_at(o[1])[2], freed)
            for p in (a, c, o[0], o[2], pg, pg + 2 * kmlab.PAGE_SIZE - 1):
                self.assertEqual(run_at(p)[2], "live")
            self.assertEqual(run_at(a + h.ksize(a) - 1)[2], "live")
            self.assertEqual(run_at(h.mem_map[0])[2], "metadata")
            self.assertEqual(run_at(cache.addr)[2], "metadata")
            if h.header_bytes:
                self.assertEqual(run_at(a - 1)[2], "metadata")
                self.assertEqual(run_at(a)[0], a)
            walk = h.walk()
            live = [r for r in walk if r[2] == "live" and r[0] <= a < r[1]]
            self.assertEqual(live, [(a, a + h.ksize(a), "live")])
            h.free_pages(pg, order=1)
            self.assertEqual(run_at(pg)[2], "live")      # m is the old map
            self.assertEqual([k for s, e, k in h.heap_map() if s <= pg < e], [freed])

        self.each(body)


class TestBadInput(unittest.TestCase):
    """Every kind of bad input the backends report: KmlabError with the
    kernel's line, counted, and the heap still usable."""

    def check(self, h, what, addr, fn):
        before = h.stats()["bad_input"]
        live = dict(h.live)
        with self.assertRaises(kmlab.KmlabError) as e:
            fn()
        self.assertRegex(str(e.exception), REPORT % (what, addr))
        self.assertEqual(h.stats()["bad_input"], before + 1)
        self.assertEqual(h.live, live)
        self.assertEqual(h.validate(), [])
        p = h.kmalloc(32)
        h.kfree(p)

    def test_every_backend_reports(self):
        for name in BACKENDS:
            with self.subTest(backend=name), kmlab.Heap(name, mem="8M") as h:
                p, q = h.kmalloc(64), h.kmalloc(64)
                self.check(h, "interior pointer free", p + 8, lambda: h.kfree(p + 8))
                h.kfree(p)
                self.check(h, "double free", p, lambda: h.kfree(p))
                self.check(h, "invalid free", 0x1000, lambda: h.kfree(0x1000))
                self.check(h, "ksize of a free object", p, lambda: h.ksize(p))
                self.check(h, "ksize of a free object", p, lambda: h.krealloc(p, 100))
                c = h.kmem_cache_create("foo", 96)
                if name != "bump":  # bump cannot tell the wrong cache from a double free
                    self.check(h, "free to the wrong cache", q,
                               lambda: h.kmem_cache_free(c, q))
                pg = h.alloc_pages(order=1)
                self.check(h, "(page free with wrong order|wrong order page free)", pg,
                           lambda: h.free_pages(pg, 0))
                h.free_pages(pg, 1)
                self.check(h, "double free", pg, lambda: h.free_pages(pg, 1))

    def test_python_side_errors(self):
        with self.assertRaisesRegex(ValueError, "unknown backend 'slub': built are buddy_slab"):
            kmlab.Heap("slub")
        with self.assertRaisesRegex(ValueError, "4M to 1G"):
            kmlab.Heap("slob", mem="1M")
        with self.assertRaisesRegex(ValueError, "give bytes"):
            kmlab.Heap("slob", mem="lots")
        with kmlab.Heap("buddy+slab", mem="8M") as h, kmlab.Heap("slob", mem="8M") as other:
            with self.assertRaisesRegex(ValueError, "unknown gfp flag 'GFP_NOFS'"):
                h.kmalloc(8, gfp="GFP_NOFS")
            with self.assertRaises(TypeError):
                h.kmalloc("8")
            with self.assertRaises(ValueError):
                h.kmalloc(-1)
            with self.assertRaises(ValueError):
                h.alloc_pages(order=32)
            with self.assertRaisesRegex(ValueError, "1 to 63 printable"):
                h.kmem_cache_create("two words", 8)
            with self.assertRaisesRegex(TypeError, "not a kmem_cache of this heap"):
                h.kmem_cache_alloc(other.kmem_cache_create("x", 8))
            with self.assertRaisesRegex(ValueError, "not inside the heap's RAM"):
                h.read(0x1000, 4)
            with self.assertRaisesRegex(ValueError, "not inside the heap's RAM"):
                h.write(h.ram[1] - 2, b"abcd")
            self.assertIsNone(h.alloc_pages(order=20))   # past MAX_ORDER: NULL
            self.assertEqual(h.stats()["bad_input"], 0)


class TestProcesses(unittest.TestCase):
    """One library instance per heap: separate heaps, crashes contained."""

    def test_heaps_side_by_side(self):
        heaps = [kmlab.Heap(name, mem="8M") for name in BACKENDS]
        try:
            ptrs = [h.kmalloc(128) for h in heaps]
            self.assertEqual([h.backend for h in heaps],
                             ["buddy+slab", "bump", "firstfit", "slob", "tlsf"])
            # Each heap is its own process with its own 8 MiB of RAM; where
            # the RAM lies is the kernel's mmap choice, and two processes may
            # well get the same address.
            self.assertEqual(len({h._proc.pid for h in heaps}), len(heaps))
            for h in heaps:
                self.assertEqual(h.ram[1] - h.ram[0], 8 << 20, h.backend)
            # A pointer of one heap means nothing to another (the processes'
            # RAM may overlap: then it is a free block there, or foreign).
            foreign = next(p for p in ptrs[1:] if p != ptrs[0])
            with self.assertRaisesRegex(kmlab.KmlabError, "^kmalloc: .* of 0x%08x" % foreign):
                heaps[0].kfree(foreign)
            for h, p in zip(heaps, ptrs):
                self.assertEqual(h.stats()["live_objects"], 1)
                h.kfree(p)
        finally:
            for h in heaps:
                h.close()

    def test_fault_in_the_library(self):
        other = kmlab.Heap("tlsf", mem="8M")
        p = other.kmalloc(10)
        with self.assertRaises(kmlab.HeapCrashed) as e:
            kmlab.Heap("slob", mem="8M", cmdline=["crash=null"])
        self.assertEqual(e.exception.status, -signal.SIGSEGV)
        self.assertIn("killed by SIGSEGV", str(e.exception))
        h = kmlab.Heap("slob", mem="8M")
        os.kill(h._proc.pid, signal.SIGBUS)
        with self.assertRaisesRegex(kmlab.HeapCrashed, "killed by SIGBUS.* during kmalloc"):
            h.kmalloc(8)
        with self.assertRaisesRegex(kmlab.HeapCrashed, "is closed"):
            h.kmalloc(8)
        self.assertEqual(other.ksize(p), 16)     # the other heap goes on
        other.close()

    def test_panic_in_the_library(self):
        with self.assertRaises(kmlab.HeapCrashed) as e:
            kmlab.Heap("buddy+slab", mem="8M", cmdline=["crash=panic"])
        self.assertEqual(e.exception.status, 2)
        self.assertRegex(str(e.exception), "exit status 2.*crash=panic on the command line")


class TestReplay(unittest.TestCase):
    """Heap.replay() gives the figures of the kernel's replay under QEMU.

    The i386 kernel is the default defconfig (buddy+slab) with kbench and
    CONFIG_SMP off (configs/up.config: the binding is the one-CPU heap)."""

    BACKEND = "buddy_slab"
    # Instruction counts (machine-dependent) and the figures that depend on
    # the RAM's layout, which differs: QEMU's memory map has holes and
    # holds the kernel image and the module, the library's RAM is one
    # mapping; and the i386 kernel holds one page before the replay (the
    # vmap_area vmalloc_init() kmallocs: base_pages 1, and held_ratio
    # counts from it), which ARCH=host has no vmalloc for. Every other
    # figure must be equal. (On TLSF usable_bytes depends on the layout
    # too: its blocks' alignment padding does.)
    LAYOUT = {"alloc", "free", "free_largest", "free_total", "largest_ratio",
              "extent", "extent_ratio", "base_pages", "held_ratio"}

    @classmethod
    def setUpClass(cls):
        from tools.testing.kmlab_host import run_console, shared_kernel
        cls.tmp = tempfile.mkdtemp(prefix="kmlab-replay-")
        cls.trace = os.path.join(cls.tmp, "build20k.kmtb")
        subprocess.run(["/usr/bin/python3", os.path.join(SRCTREE, "scripts", "kmtrace"),
                        "convert", "--limit", "20000",
                        os.path.join(SRCTREE, "tools", "mm", "traces", "build.kmt.xz"),
                        cls.trace], check=True, stdout=subprocess.DEVNULL)
        cls.objtree = objtree = shared_kernel(
            "kmlab-replay-i386-", "defconfig",
            fragments=[os.path.join(SRCTREE, "configs", "kbench.config"),
                       os.path.join(SRCTREE, "configs", "up.config")])
        status, cls.console = run_console([
            os.path.join(SRCTREE, "scripts", "run-qemu"), "--boot", "kernel",
            "--kernel", os.path.join(objtree, "vmlinux"), "--mem", "16M",
            "--module", cls.trace, "--timeout", "120", "--cmdline",
            "ktest.enable=0 kbench.run=1 kbench.filter=trace/*"])
        assert status == 0, cls.console[-3000:]

    @classmethod
    def tearDownClass(cls):
        from tools.testing.kmlab_host import release_kernel
        release_kernel(cls.objtree)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_figures_equal_the_kernel_replay(self):
        import json
        self.assertIn("kmalloc: buddy+slab backend", self.console)
        kernel = [json.loads(l.split("kbench: ", 1)[1]) for l in self.console.splitlines()
                  if "kbench: {\"workload\":\"trace/build20k\"" in l]
        self.assertEqual(len(kernel), 1, self.console[-3000:])
        with kmlab.Heap(self.BACKEND, mem="16M") as h:
            ours = h.replay(self.trace)
            self.assertEqual(h.stats()["nr_allocs"], 0)   # h itself untouched
        series = ours.pop("series")
        self.assertEqual(ours.keys(), kernel[0].keys())
        self.assertEqual({k: v for k, v in ours.items() if k not in self.LAYOUT},
                         {k: v for k, v in kernel[0].items() if k not in self.LAYOUT})
        self.assertEqual(ours["events"], 20000)
        self.assertEqual(series[-1]["ev"], 20000)
        self.assertLessEqual(max(s["held"] for s in series), ours["peak_pages"])
        self.assertEqual(series[-1]["held"], ours["end_pages"])

    def test_bad_trace(self):
        bad = os.path.join(self.tmp, "bad.kmt")
        with open(bad, "w") as f:
            f.write("not a trace\n")
        with kmlab.Heap(self.BACKEND, mem="8M") as h:
            with self.assertRaisesRegex(ValueError, "bad.kmt"):
                h.replay(bad)
            with self.assertRaisesRegex(ValueError, "cannot open"):
                h.replay(os.path.join(self.tmp, "missing.kmt"))
            corrupt = os.path.join(self.tmp, "corrupt.kmtb")
            with open(self.trace, "rb") as f:
                data = bytearray(f.read())
            data[100] ^= 0xff
            with open(corrupt, "wb") as f:
                f.write(data)
            with self.assertRaisesRegex(kmlab.KmlabError, "corrupt.*rejected"):
                h.replay(corrupt)

    def test_plot_replay(self):
        import kmlab.plot
        with kmlab.Heap(self.BACKEND, mem="16M") as h:
            png = os.path.join(self.tmp, "replay.png")
            fig = kmlab.plot.replay(h, self.trace, png)
            self.assertEqual(len(fig.axes[0].lines), 2)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


class TestExample(unittest.TestCase):
    """Documentation/dev-tools/python-example.py writes a PNG per backend.

    Its main() runs in this process (kmlab and matplotlib are loaded
    already), as "python-example.py OUT_DIR" would run it."""

    def run_example(self, *args):
        import contextlib
        import io
        import runpy
        script = os.path.join(SRCTREE, "Documentation", "dev-tools", "python-example.py")
        main = runpy.run_path(script, run_name="python_example")["main"]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main([script] + list(args))
        return status, out.getvalue(), err.getvalue()

    def test_example(self):
        out = tempfile.mkdtemp(prefix="kmlab-example-")
        self.addCleanup(shutil.rmtree, out, True)
        status, stdout, stderr = self.run_example(out)
        self.assertEqual(status, 0, stdout + stderr)
        for name in BACKENDS:
            with open(os.path.join(out, "heap-map-%s.png" % name), "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertEqual(len(stdout.splitlines()), len(BACKENDS))
        self.assertNotIn("FAILED", stdout)
        status, _, stderr = self.run_example()
        self.assertEqual((status, stderr.count("\n")), (2, 1))


if __name__ == "__main__":
    unittest.main()
