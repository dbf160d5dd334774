# SPDX-License-Identifier: GPL-2.0
"""Heap: one kmlab heap of one backend, in its own library instance.

The backend's library (libkmlab-NAME.so, the i386 kernel built for
ARCH=host) is 32-bit and this interpreter is not, so each Heap starts
kmlab-heapd, a 32-bit program that loads the library and answers one
request per line (arch/host/lib/heapd.c). One Heap is one process: heaps
of any backends live side by side, and a crash inside a library ends its
process only (HeapCrashed here; the interpreter and the other heaps go on).

Every method is the kernel function of the same name. Bad input that the
backend reports (a double free, a foreign or interior pointer, a bad
cache) raises KmlabError whose message is the kernel's one-line report;
the heap is still usable afterwards. Out of memory returns None, as
kmalloc() returns NULL. Addresses are plain ints, the heap process's own.
"""
import os
import re
import signal
import subprocess
import tempfile

from .gfp import GFP_FLAGS, gfp as _gfp, slab_flags as _slab_flags

ZERO_SIZE_PTR = 16
PAGE_SIZE = 4096
EINVAL, EBUSY = 22, 16
STATS = ("live_objects", "live_bytes", "peak_live_objects", "peak_live_bytes",
         "pages_held", "peak_pages_held", "failed_allocs", "bad_input",
         "nr_allocs", "nr_frees")
# The backends' defconfig names; "buddy+slab" is the name the kernel uses.
ALIASES = {"buddy+slab": "buddy_slab"}
PAGE_KINDS = ("reserved", "free", "slab", "allocated", "backend")
# enum kmlab_range_kind (arch/host/include/shared/kmlab_api.h), in order.
WALK_KINDS = ("live", "free", "metadata", "held")
_NAME_RE = re.compile(r"[!-~]{1,63}")


class KmlabError(Exception):
    """Bad input the heap reported: str() is the kernel's one-line report.

    .lines holds every line the kernel printed during the call.
    """

    def __init__(self, message, lines=()):
        super().__init__(message)
        self.lines = list(lines)


class HeapCrashed(KmlabError):
    """The heap's process ended during a call (a fault or a panic inside
    the library). .status is its exit status, or -SIGNAL; .lines the last
    lines it printed. The Heap is closed; nothing else is affected."""

    def __init__(self, message, lines=(), status=None):
        super().__init__(message, lines)
        self.status = status


def lib_dir():
    """The directory holding kmlab-heapd and the libraries: $KMLAB_LIB_DIR,
    else the package's own lib/ (where make python and pip put them)."""
    return os.environ.get("KMLAB_LIB_DIR") or \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib")


def backends():
    """The backends whose library is built, by defconfig name."""
    try:
        names = os.listdir(lib_dir())
    except OSError:
        return []
    return sorted(n[len("libkmlab-"):-3] for n in names
                  if n.startswith("libkmlab-") and n.endswith(".so"))


def parse_size(mem):
    """Bytes of MEM: an int, or a string with an optional K, M or G suffix."""
    if isinstance(mem, int) and not isinstance(mem, bool):
        n = mem
    elif isinstance(mem, str) and re.fullmatch(r"\d+[KkMmGg]?", mem):
        shift = {"k": 10, "m": 20, "g": 30}.get(mem[-1].lower(), 0)
        n = int(mem.rstrip("KkMmGg")) << shift
    else:
        raise ValueError("mem=%r: give bytes as an int or a string such as '16M'"
                         % (mem,))
    if not 4 << 20 <= n <= 1 << 30:
        raise ValueError("mem=%r: a heap takes 4M to 1G" % (mem,))
    return n


def _uint(value, what, bits=32):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int, not %s" % (what, type(value).__name__))
    if not 0 <= value < 1 << bits:
        raise ValueError("%s %d is out of range (0 .. 2^%d - 1)" % (what, value, bits))
    return value


def _close(proc):
    """Close the pipes to and from @proc (which may have died already)."""
    for f in (proc.stdin, proc.stdout):
        try:
            f.close()
        except OSError:     # unflushed input to a process that is gone
            pass


class KmemCache:
    """A kmem_cache of a Heap (Heap.kmem_cache_create())."""

    def __init__(self, heap, addr, name, size, align):
        self.heap, self.addr = heap, addr
        self.name, self.size, self.align = name, size, align
        self.destroyed = False

    def alloc(self, gfp="GFP_KERNEL"):
        """kmem_cache_alloc(): the object's address, or None."""
        return self.heap.kmem_cache_alloc(self, gfp)

    def free(self, p):
        """kmem_cache_free()."""
        self.heap.kmem_cache_free(self, p)

    def destroy(self):
        """kmem_cache_destroy()."""
        self.heap.kmem_cache_destroy(self)

    def __repr__(self):
        return "<kmem_cache %s size %d align %d%s>" % (
            self.name, self.size, self.align, " destroyed" if self.destroyed else "")


class Heap:
    """A heap of BACKEND ("slob", "tlsf", "buddy+slab" ...) with MEM bytes of RAM."""

    def __init__(self, backend, mem="16M", cmdline=(), module=None):
        name = ALIASES.get(backend, backend)
        if not isinstance(backend, str) or name not in backends():
            raise ValueError("unknown backend %r: built are %s (make python)"
                             % (backend, ", ".join(backends()) or "none"))
        self.mem = parse_size(mem)
        self.backend_name = name
        self.live = {}      # address -> (kind, bytes asked, cache or order)
        self.caches = []
        self.output = []    # every line the kernel printed, in order
        self._proc = None
        self._log = tempfile.TemporaryFile()
        argv = [os.path.join(lib_dir(), "kmlab-heapd"),
                os.path.join(lib_dir(), "libkmlab-%s.so" % name), str(self.mem)]
        if module:
            argv += ["--module", module]
        self._proc = subprocess.Popen(argv + list(cmdline), stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=self._log)
        status, words, _ = self._answer("boot")
        if status:
            self.close()
            raise KmlabError("kmlab: the %s heap did not boot (errno %d)" % (name, -status))
        self.backend = words[0]
        info = self._call("info")[1]
        self.ram = (info[0], info[1])
        self.mem_map = (info[2], info[3])
        self.header_bytes = info[4]

    # -- the pipe ----------------------------------------------------------
    def _answer(self, what):
        line = self._proc.stdout.readline()
        head = self._proc.stdout.readline() if line else b""
        if not head.startswith(b"out "):
            self._crashed(what)
        text = self._proc.stdout.read(int(head.split()[1])).decode(errors="replace")
        lines = text.splitlines()
        self.output += lines
        words = line.decode().split()
        return int(words[0]), words[1:], lines

    def _crashed(self, what):
        proc, self._proc = self._proc, None
        status = proc.wait()
        _close(proc)
        self._log.seek(0)
        lines = self._log.read().decode(errors="replace").splitlines()[-20:]
        self._log.close()
        how = ("killed by %s" % signal.Signals(-status).name if status < 0
               else "exit status %d" % status)
        last = [l for l in lines if l.strip()]
        raise HeapCrashed("kmlab: the %s heap's process ended (%s) during %s%s"
                          % (self.backend_name, how, what,
                             ": " + last[-1] if last else ""), lines, status)

    def _call(self, *words, what=None, raw=False):
        if self._proc is None:
            raise HeapCrashed("kmlab: the %s heap is closed" % self.backend_name)
        what = what or words[0]
        try:
            self._proc.stdin.write((" ".join(str(w) for w in words) + "\n").encode())
            self._proc.stdin.flush()
        except BrokenPipeError:
            self._crashed(what)
        status, words, lines = self._answer(what)
        if status:
            reports = [l for l in lines if l.startswith("kmalloc")] or lines or \
                ["kmlab: %s failed with errno %d" % (what, -status)]
            raise KmlabError(reports[0], lines)
        return status, words if raw else [int(w) for w in words], lines

    def close(self):
        """End the heap's process (also at garbage collection and `with`)."""
        if self._proc is not None:
            proc, self._proc = self._proc, None
            _close(proc)    # heapd ends at the end of its input
            proc.wait()
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self):
        return "<kmlab.Heap %s mem=%d live=%d>" % (self.backend, self.mem, len(self.live))

    # -- kmalloc -----------------------------------------------------------
    def _track(self, p, kind, size, extra=None):
        if p and p != ZERO_SIZE_PTR:
            self.live[p] = (kind, size, extra)
        return p or None

    def kmalloc(self, size, gfp="GFP_KERNEL"):
        """kmalloc(): the object's address, ZERO_SIZE_PTR for 0, None when out of memory."""
        size = _uint(size, "size")
        p = self._call("kmalloc", size, _gfp(gfp))[1][0]
        return self._track(p, "kmalloc", size)

    def kzalloc(self, size, gfp="GFP_KERNEL"):
        """kmalloc() with __GFP_ZERO."""
        return self.kmalloc(size, _gfp(gfp) | GFP_FLAGS["__GFP_ZERO"])

    def kfree(self, p):
        """kfree(); KmlabError when the heap reports P (double free ...)."""
        p = _uint(p, "pointer")
        self._call("kfree", p, what="kfree(%#x)" % p)
        self.live.pop(p, None)

    def ksize(self, p):
        """ksize(): the usable bytes at P."""
        p = _uint(p, "pointer")
        return self._call("ksize", p, what="ksize(%#x)" % p)[1][0]

    def krealloc(self, p, size, gfp="GFP_KERNEL"):
        """krealloc(): the new address, or None when out of memory (P stays)."""
        p, size = _uint(p, "pointer"), _uint(size, "size")
        q = self._call("krealloc", p, size, _gfp(gfp), what="krealloc(%#x)" % p)[1][0]
        if q:
            self.live.pop(p, None)
            if size == 0:
                return ZERO_SIZE_PTR
        return self._track(q, "kmalloc", size)

    # -- kmem_cache --------------------------------------------------------
    def kmem_cache_create(self, name, size, align=0, flags=0):
        """kmem_cache_create(): a KmemCache, or None when it cannot be made."""
        if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
            raise ValueError("cache name %r: 1 to 63 printable characters, no spaces"
                             % (name,))
        size, align = _uint(size, "size"), _uint(align, "align")
        addr = self._call("kmem_cache_create", name, size, align,
                          _slab_flags(flags))[1][0]
        if not addr:
            return None
        cache = KmemCache(self, addr, name, size, align)
        self.caches.append(cache)
        return cache

    def _cache(self, cache):
        if not isinstance(cache, KmemCache) or cache.heap is not self:
            raise TypeError("not a kmem_cache of this heap: %r" % (cache,))
        if cache.destroyed:
            raise ValueError("kmem_cache %s is destroyed" % cache.name)
        return cache.addr

    def kmem_cache_alloc(self, cache, gfp="GFP_KERNEL"):
        """kmem_cache_alloc(): the object's address, or None."""
        p = self._call("kmem_cache_alloc", self._cache(cache), _gfp(gfp))[1][0]
        return self._track(p, "cache", cache.size, cache)

    def kmem_cache_free(self, cache, p):
        """kmem_cache_free(); KmlabError when the heap reports P."""
        p = _uint(p, "pointer")
        self._call("kmem_cache_free", self._cache(cache), p,
                   what="kmem_cache_free(%s, %#x)" % (cache.name, p))
        self.live.pop(p, None)

    def kmem_cache_destroy(self, cache):
        """kmem_cache_destroy(); KmlabError while objects remain (the cache stays)."""
        self._call("kmem_cache_destroy", self._cache(cache),
                   what="kmem_cache_destroy(%s)" % cache.name)
        cache.destroyed = True
        self.caches.remove(cache)

    # -- pages -------------------------------------------------------------
    def alloc_pages(self, order=0, gfp="GFP_KERNEL"):
        """__get_free_pages(): the block's address, or None."""
        order = _uint(order, "order", 5)
        p = self._call("alloc_pages", order, _gfp(gfp))[1][0]
        return self._track(p, "pages", PAGE_SIZE << order, order)

    def free_pages(self, addr, order=0):
        """free_pages(); KmlabError when the heap reports the block."""
        addr, order = _uint(addr, "address"), _uint(order, "order", 5)
        self._call("free_pages", addr, order, what="free_pages(%#x, %d)" % (addr, order))
        self.live.pop(addr, None)

    # -- state -------------------------------------------------------------
    def stats(self):
        """kmalloc_get_stats() as a dict (struct kmalloc_stats' field names)."""
        return dict(zip(STATS, self._call("stats")[1]))

    def validate(self):
        """kmalloc_validate(): the violations' lines ([] when consistent)."""
        _, n, lines = self._call("validate")
        return [l for l in lines if "validate:" in l][:n[0]] if n[0] else []

    def read(self, addr, length):
        """LENGTH bytes at ADDR (inside the heap's RAM), for experiments."""
        addr, length = _uint(addr, "address"), _uint(length, "length", 16)
        try:
            words = self._call("read", addr, length, raw=True)[1]
        except KmlabError:
            raise ValueError("read: %#x+%d is not inside the heap's RAM"
                             % (addr, length)) from None
        return bytes.fromhex(words[0]) if words else b""

    def write(self, addr, data):
        """Write DATA at ADDR (inside the heap's RAM): e.g. to overrun an object."""
        addr, data = _uint(addr, "address"), bytes(data)
        if not data:
            return
        try:
            self._call("write", addr, data.hex(), raw=True)
        except KmlabError:
            raise ValueError("write: %#x+%d is not inside the heap's RAM"
                             % (addr, len(data))) from None

    def walk(self):
        """The backend's walk of its heap (backend_walk()): (start, end, kind)
        in address order, tiling the usable memory; kind "live", "free",
        "metadata" or "held" (kmlab/heapmap.py says what each covers)."""
        w = self._call("walk")[1]
        return [(w[i], w[i + 1], WALK_KINDS[w[i + 2]]) for i in range(0, len(w), 3)]

    def pages(self):
        """The runs of pages as struct page describes them: (start, end, kind)."""
        w = self._call("pages")[1]
        return [(w[i], w[i + 1], PAGE_KINDS[w[i + 2]]) for i in range(0, len(w), 3)]
