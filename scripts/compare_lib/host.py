# SPDX-License-Identifier: GPL-2.0
"""make compare's host side: the real allocators on the same trace modules.

tools/mm/kmreplay/ replays a kmtrace module (the very file the kernel
boots with) through one allocator; it is built once per contender, as a
32-bit program against Debian's multiarch i386 packages:

    glibc     the C library's malloc (ptmalloc2)
    jemalloc  libjemalloc-dev:i386
    mimalloc  libmimalloc-dev:i386 (mi_malloc, mi_free)
    tcmalloc  libgoogle-perftools-dev:i386 (libtcmalloc_minimal's
              tc_malloc, tc_free)

and run under valgrind's callgrind. Instructions per call (METHOD): the
inclusive cost of the replay's wrapper (kmr_alloc_site, kmr_free_site of
sites.c), which does nothing but call the allocator, over its number of
calls (callgrind.py). callgrind gives no per-call distribution, so the host
rows have a mean and no p99. Memory figures come from the replay's own
line: peak live requested bytes, extent, and the bytes the allocator says
it holds (its statistics interface) at the peak, null when it cannot say.

The synthetic workloads (churn, random, cache, pages) run the same way:
tools/mm/kmreplay/kmbench.c links lib/kbench/workloads.c and metrics.c,
compiled as they are with the kernel's headers, to each anchor (kmbench-
NAME; kmalloc and kmem_cache_alloc map to malloc as in the replay,
alloc_pages(ORDER) to an allocation of PAGE_SIZE << ORDER bytes aligned to
a page); callgrind dumps its counts at every kbench_end() (--dump-before),
so each workload has a file of its own and the same method.

kmlab's own backends run on the host the same way: each variant built
with ARCH=host (the kernel's flags, no sanitizers) and kbench, the trace
given as initrd=MODULE, the kernel run under callgrind; the replay's
allocator calls are functions of their own there (kbench_kmalloc() ...,
the sites of lib/kbench/sites.h), and their inclusive cost over their
calls is the figure, which run_kmlab() cross-checks against the kernel's
-icount figure of the same backend on the same trace; the same kernel,
booted without a trace, runs the synthetic workloads with one dump each.

missing() says in one line what the machine lacks (valgrind, the 32-bit
libraries), so that make compare prints the kernel table alone rather
than a wrong number.
"""
import glob
import json
import os
import shutil
import subprocess

SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KMREPLAY = os.path.join(SRCTREE, "tools", "mm", "kmreplay")
# (name, the libraries it links), in the report's order.
ANCHORS = [("glibc", []), ("jemalloc", ["-ljemalloc"]),
           ("mimalloc", ["-lmimalloc"]), ("tcmalloc", ["-ltcmalloc_minimal"])]
ANCHOR_NAMES = [a for a, _ in ANCHORS]
METHOD = ("callgrind (setarch -R: no address randomization): inclusive Ir of the "
          "replay's alloc/free wrapper (kmr_alloc_site, kmr_free_site; kmlab: "
          "kbench_kmalloc ... of lib/kbench/sites.h) over its calls; mean only; "
          "synthetic workloads: lib/kbench/workloads.c on each allocator "
          "(tools/mm/kmreplay/kmbench.c), one callgrind dump per workload")
# The kernel's optimisation level and i386 code (Makefile's KBUILD_CFLAGS),
# without sanitizers; -z now: no lazy binding inside the first calls.
CFLAGS = ["-m32", "-march=i686", "-std=gnu11", "-O2", "-g", "-Wall", "-Wextra",
          "-Werror", "-Wno-unused-parameter", "-fno-pie", "-no-pie", "-Wl,-z,now"]
SITES = ("kmr_alloc_site", "kmr_free_site")
# kmbench's measured calls: (allocation sites, free sites).
BENCH_SITES = (("kmr_alloc_site", "kmr_alloc_aligned_site"), ("kmr_free_site",))
# The unit of the grid (shard.py) that runs a contender's synthetic workloads.
SYNTHETIC = "synthetic"
# The synthetic workloads' kinds: the others of a kmlab kernel (vmalloc/,
# fault/) do not go through the sites.
SYNTHETIC_KINDS = ("churn", "random", "cache", "pages")
# Kernel-side objects of kmbench: the files shared with the kernel, and
# kmbench.c; compiled once, linked to each anchor.
BENCH_SRCS = ["lib/kbench/workloads.c", "lib/kbench/metrics.c", "lib/random32.c",
              "lib/string.c", "tools/mm/kmreplay/kmbench.c"]
# The kernel's flags (Makefile's KBUILD_CFLAGS, no C library headers) for
# those, with the sites left to kmbench.c.
BENCH_KFLAGS = ["-m32", "-march=i686", "-std=gnu11", "-ffreestanding", "-fno-pic", "-fno-pie",
                "-fno-stack-protector", "-fno-strict-aliasing", "-fno-common", "-fno-builtin",
                "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter",
                "-Wno-sign-compare", "-Wno-missing-field-initializers", "-nostdinc",
                "-DKBENCH_EXTERN_SITES"]

from . import callgrind, parse  # noqa: E402
from kmlab_lib import tree as ktree  # noqa: E402

KMLAB_ALLOC = ("kbench_kmalloc", "kbench_cache_alloc")
KMLAB_FREE = ("kbench_kfree", "kbench_cache_free")
KMLAB_PAGES = (("kbench_alloc_pages",), ("kbench_free_pages",))
# The cross-check's tolerance: host callgrind over kernel -icount.
CROSS_TOLERANCE = 0.15


class HostError(Exception):
    """A contender that could not be built or replayed; the message says why."""


# The environment of every replay: mimalloc reads its options with getenv()
# in its first call, at a cost that grows with the environment.
REPLAY_ENV = {"LC_ALL": "C"}


def valgrind_cmd(outfile):
    """callgrind writing @outfile, with the address space laid out the same
    on every run (setarch -R): mimalloc's and jemalloc's paths depend on
    where their mappings land, and the counts must not vary."""
    return [shutil.which("setarch") or "setarch", "-R",
            shutil.which("valgrind") or "valgrind", "--tool=callgrind",
            f"--callgrind-out-file={outfile}"]


def missing():
    """None when the host side can run, else one line saying what to do."""
    if not shutil.which("setarch"):
        return "setarch not found: apt-get install util-linux; ANCHORS=0 skips the host side"
    if not shutil.which("valgrind"):
        return ("valgrind not found: 'make compare' installs it "
                "(scripts/require valgrind); ANCHORS=0 skips the host side")
    if not shutil.which("gcc"):
        return "gcc not found: scripts/require gcc32 installs it; ANCHORS=0 skips the host side"
    libs = [lib for _, ls in ANCHORS for lib in ls]
    p = subprocess.run(["gcc", "-m32", "-x", "c", "-o", "/dev/null", "-"] + libs,
                       input="int main(void) { return 0; }\n", text=True,
                       capture_output=True)
    if p.returncode:
        return ("the 32-bit jemalloc, mimalloc or tcmalloc is not installed: "
                "'scripts/require anchors32' installs them (Debian's :i386 packages); "
                "ANCHORS=0 skips the host side")
    return None


def build(outdir, log, names=None):
    """Build kmreplay-NAME in @outdir for every anchor (or those in
    @names); {name: path}.

    Raises HostError with the compiler's first lines when one fails."""
    os.makedirs(outdir, exist_ok=True)
    srcs = [os.path.join(KMREPLAY, "kmreplay.c"), os.path.join(KMREPLAY, "sites.c"),
            os.path.join(SRCTREE, "lib", "kmtrace.c")]
    out = {}
    for name, libs in ANCHORS:
        if names is not None and name not in names:
            continue
        exe = os.path.join(outdir, f"kmreplay-{name}")
        _cc(["gcc"] + CFLAGS + ["-I", os.path.join(SRCTREE, "include"), "-I", KMREPLAY,
                                "-o", exe + ".tmp"] + srcs +
            [os.path.join(KMREPLAY, f"alloc-{name}.c")] + libs, f"kmreplay-{name}")
        os.replace(exe + ".tmp", exe)
        log(f"  HOSTCC  {os.path.relpath(exe)}")
        out[name] = exe
    return out


def _cc(cmd, what):
    """Run the compiler command @cmd; HostError with its first lines."""
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        raise HostError(f"cannot build {what}: " +
                        " / ".join(p.stderr.strip().splitlines()[:3]))


def build_bench(outdir, log, names=None):
    """Build kmbench-NAME in @outdir for every anchor (or those in
    @names); {name: path}.

    The kernel-side objects (BENCH_SRCS, the kernel's flags and headers,
    an empty generated/autoconf.h: no Kconfig symbol) are compiled once,
    then linked to each anchor's alloc-NAME.c and sites.c. Raises
    HostError as build()."""
    objdir = os.path.join(outdir, "kmbench-objs")
    gen = os.path.join(objdir, "include", "generated")
    os.makedirs(gen, exist_ok=True)
    with open(os.path.join(gen, "autoconf.h"), "w") as f:
        f.write("/* make compare's kmbench: no Kconfig symbol */\n")
    gccinc = subprocess.run(["gcc", "-m32", "-print-file-name=include"],
                            capture_output=True, text=True).stdout.strip()
    kflags = BENCH_KFLAGS + ["-isystem", gccinc, "-I", os.path.join(objdir, "include"),
                             "-I", os.path.join(SRCTREE, "include"), "-include",
                             os.path.join(SRCTREE, "include", "kmlab", "kconfig.h")]
    objs = []
    for src in BENCH_SRCS:
        obj = os.path.join(objdir, os.path.basename(src)[:-2] + ".o")
        _cc(["gcc"] + kflags + ["-c", "-o", obj, os.path.join(SRCTREE, src)], obj)
        if src == "lib/string.c":
            # strscpy() and glob_match() only: its memcpy, memset ...
            # must not take the place of the C library's in the process,
            # which the contenders call.
            _cc(["objcopy", "--keep-global-symbol=strscpy",
                 "--keep-global-symbol=glob_match", obj, obj], obj)
        objs.append(obj)
    out = {}
    for name, libs in ANCHORS:
        if names is not None and name not in names:
            continue
        exe = os.path.join(outdir, f"kmbench-{name}")
        _cc(["gcc"] + CFLAGS + ["-I", KMREPLAY, "-o", exe + ".tmp"] + objs +
            [os.path.join(KMREPLAY, "sites.c"), os.path.join(KMREPLAY, f"alloc-{name}.c"),
             "-Wl,-T," + os.path.join(KMREPLAY, "kmbench.lds")] + libs, f"kmbench-{name}")
        os.replace(exe + ".tmp", exe)
        log(f"  HOSTCC  {os.path.relpath(exe)}")
        out[name] = exe
    return out


def unit(kind, r):
    """The grid unit (shard.py) of host result @r: (@kind, contender,
    trace workload or SYNTHETIC); @kind is "anchor" or "host"."""
    w = r["workload"]
    return (kind, r["contender"], w if w.startswith("trace/") else SYNTHETIC)


def ratio(num, den):
    return round(num / den, 3) if num is not None and den else None


def replay(name, exe, module, workload, outdir, timeout):
    """Replay @module with @exe under callgrind: one result dict.

    The program runs in its own directory with relative paths and
    REPLAY_ENV, so that its arguments and environment, which the first
    calls of some allocators read, are the same wherever the tree is.
    Raises HostError: the module rejected, the program failed, no result
    line, or callgrind's counts do not match the replay's."""
    cg = os.path.abspath(os.path.join(outdir, f"callgrind-{name}-{workload[6:]}.out"))
    cwd = os.path.dirname(os.path.abspath(exe))
    cmd = valgrind_cmd(cg) + ["./" + os.path.basename(exe), os.path.relpath(module, cwd),
                              workload]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, cwd=cwd, env=REPLAY_ENV)
    except subprocess.TimeoutExpired:
        raise HostError(f"{name}: {workload}: no result within {timeout:.0f} s")
    line = next((ln for ln in p.stdout.splitlines() if ln.startswith("kmreplay: {")), None)
    if p.returncode or line is None:
        why = next((ln for ln in p.stderr.splitlines() if ln.startswith("kmreplay:")),
                   f"exit {p.returncode}, no result line")
        raise HostError(f"{name}: {why}")
    r = json.loads(line[len("kmreplay: "):])
    try:
        counts = callgrind.inclusive(cg, SITES)
    except callgrind.CallgrindError as e:
        raise HostError(f"{name}: {workload}: {e}")
    (na, ia), (nf, if_) = counts[SITES[0]], counts[SITES[1]]
    if na != r["allocs"] + r["failed"] or nf != r["frees"]:
        raise HostError(f"{name}: {workload}: callgrind counted {na} allocations and {nf} "
                        f"frees, the replay {r['allocs'] + r['failed']} and {r['frees']}")
    r.update({"kind": "host", "method": "callgrind",
              "alloc": {"n": na, "mean": round(ia / na, 2), "p99": None},
              "free": {"n": nf, "mean": round(if_ / nf, 2) if nf else None, "p99": None},
              "extent_ratio": ratio(r["extent"], r["peak_live"]),
              "held_ratio": ratio(r["held"], r["peak_live"])})
    return r


def _synthetic_results(name, text, cg, sites, kind, held_source):
    """The results of the synthetic workloads of one run under callgrind
    with --dump-before=kbench_end: @text its output (kbench lines), @cg
    the output file (dump K of workload K in @cg.K), @sites (allocation
    functions, free functions). [result dict], in the workloads' order.

    Raises HostError: an incomplete output, a dump missing, or counts
    that differ from the kbench line's. @held_source: None, the start
    line's (kmbench says what it reads)."""
    log = parse.parse_log(text)
    if not log["complete"]:
        raise HostError(f"{name}: synthetic workloads: {log['errors'][0]}")
    held_source = held_source or log["start"].get("held_source")
    unknown = set()
    for line in text.splitlines():
        if line.startswith("kmbench: {"):
            unknown.add(json.loads(line[len("kmbench: "):])["workload"])
    out = []
    for k, (workload, w) in enumerate(log["workloads"].items(), 1):
        if w.get("kind") not in SYNTHETIC_KINDS:
            continue
        try:
            c = callgrind.inclusive(f"{cg}.{k}", sites[0] + sites[1], sites[0] + sites[1])
        except callgrind.CallgrindError as e:
            raise HostError(f"{name}: {workload}: {e}")
        na, ia = (sum(c[f][i] for f in sites[0]) for i in (0, 1))
        nf, if_ = (sum(c[f][i] for f in sites[1]) for i in (0, 1))
        if na != w["alloc"]["n"] + w["failed"] or nf != w["free"]["n"]:
            raise HostError(f"{name}: {workload}: callgrind counted {na} allocations and "
                            f"{nf} frees, kbench {w['alloc']['n'] + w['failed']} and "
                            f"{w['free']['n']}")
        # What an anchor holds at the peak, as for a trace (kmreplay): its
        # own figure, not the growth over the workload the kernel's line
        # gives (an anchor's process has run the workloads before).
        held = w["peak_pages"] * 4096 if kind == "host" else None
        held_ratio = ratio(held, w["peak_live"]) if kind == "host" else w["held_ratio"]
        out.append({"contender": name, "workload": workload, "kind": kind,
                    "method": "callgrind", "size": w["size"],
                    "alloc": {"n": na, "mean": round(ia / na, 2) if na else None,
                              "p99": None},
                    "free": {"n": nf, "mean": round(if_ / nf, 2) if nf else None, "p99": None},
                    "failed": w["failed"], "peak_live": w["peak_live"],
                    "int_frag": w["int_frag"], "extent": None, "extent_ratio": None,
                    "held": None if workload in unknown else held,
                    "held_ratio": None if workload in unknown else held_ratio,
                    "held_source": held_source})
    return out


def _callgrind_dumps(cg):
    """The callgrind command options of one dump per workload into @cg.K,
    after removing the dumps of an earlier run."""
    for old in glob.glob(glob.escape(cg) + ".*"):
        os.remove(old)
    return ["--dump-before=kbench_end", "--compress-strings=no"]


def bench(name, exe, outdir, timeout, pattern="*"):
    """The synthetic workloads matching @pattern on anchor @name's kmbench
    @exe under callgrind: [result dict]. Raises HostError."""
    cg = os.path.abspath(os.path.join(outdir, f"callgrind-{name}-{SYNTHETIC}.out"))
    cwd = os.path.dirname(os.path.abspath(exe))
    cmd = (valgrind_cmd(cg) + _callgrind_dumps(cg) +
           ["./" + os.path.basename(exe), pattern])
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, cwd=cwd, env=REPLAY_ENV)
    except subprocess.TimeoutExpired:
        raise HostError(f"{name}: synthetic workloads: no result within {timeout:.0f} s")
    if p.returncode:
        raise HostError(f"{name}: synthetic workloads: exit {p.returncode}: " +
                        (p.stdout.strip().splitlines() or ["no output"])[-1])
    return _synthetic_results(name, p.stdout, cg, BENCH_SITES, "host", None)


def run(modules, outdir, log, timeout=900, names=None, bindir=None, only=None,
        synthetic=None):
    """The anchors (or those in @names) on every module and, with
    @synthetic (a glob of workloads), on those synthetic workloads (only
    the ("anchor", name, workload) units of @only, when given; workload
    SYNTHETIC for the synthetic ones), built in @bindir (default
    @outdir/bin): {"method", "runs", "errors"}."""
    names = ANCHOR_NAMES if names is None else names
    os.makedirs(outdir, exist_ok=True)
    bindir = bindir or os.path.join(outdir, "bin")
    exes = build(bindir, log, names)
    keep = None if only is None else (lambda name, w: ("anchor", name, w) in only)
    out = _replay_each([(name, lambda m, w, n=name: replay(n, exes[n], m, w, outdir, timeout))
                        for name in names], modules, log, module_outer=True, keep=keep)
    mine = [n for n in names if synthetic and (keep is None or keep(n, SYNTHETIC))]
    if mine:
        benches = build_bench(bindir, log, mine)
        for name in mine:
            _synthetic_each(name, lambda n=name: bench(n, benches[n], outdir, timeout,
                                                       synthetic), out, log)
    return dict(out, method=METHOD)


def _synthetic_each(label, fn, out, log):
    """fn()'s results into @out["runs"], or its HostError into
    @out["errors"]; one log line either way."""
    try:
        rs = fn()
    except HostError as e:
        out["errors"].append(str(e))
        log(f"  HOST    {label}: {SYNTHETIC}: FAILED: {e}")
        return
    out["runs"] += rs
    log(f"  HOST    {label}: {len(rs)} synthetic workload(s)")


def _replay_each(contenders, modules, log, module_outer=False, keep=None):
    """Call each (label, fn(module, workload)) of @contenders on each of
    @modules (modules in the outer loop with @module_outer; only the pairs
    for which keep(label, workload) holds, when given): {"runs",
    "errors"}, a HostError of one call counted and logged."""
    runs, errors = [], []
    pairs = ([(c, m) for m in modules for c in contenders] if module_outer else
             [(c, m) for c in contenders for m in modules])
    for (label, fn), module in pairs:
        workload = "trace/" + os.path.basename(module).split(".")[0]
        if keep is not None and not keep(label, workload):
            continue
        try:
            r = fn(module, workload)
        except HostError as e:
            errors.append(str(e))
            log(f"  HOST    {label}: {workload}: FAILED: {e}")
            continue
        log(f"  HOST    {label}: {workload} alloc {r['alloc']['mean'] or 0:.0f} "
            f"free {r['free']['mean'] or 0:.0f} instr")
        runs.append(r)
    return {"runs": runs, "errors": errors}


def _kmlab_build(v, outdir, log):
    """Build variant @v (kmlab_lib.backends) with ARCH=host and kbench."""
    bdir = os.path.join(outdir, v.name)
    os.makedirs(bdir, exist_ok=True)
    frags = [os.path.join(SRCTREE, "configs", "kbench.config")]
    if v.fragment:
        frag = os.path.join(bdir, "compare.config")
        with open(frag, "w") as f:
            f.write("\n".join(v.fragment) + "\n")
        frags.append(frag)
    with open(os.path.join(bdir, "build.log"), "w") as f:
        for _, cmd in ktree.build_steps(bdir, v.defconfig, frags, target="vmlinux", arch="host"):
            if ktree.call_logged(cmd, f):
                raise HostError(f"{v.name}: the ARCH=host build failed "
                                f"(see {os.path.relpath(f.name)})")
    log(f"  HOSTBLD {v.name} (ARCH=host)")
    return os.path.join(bdir, "vmlinux")


def kmlab_replay(name, vmlinux, module, workload, outdir, timeout, mem="128M"):
    """The ARCH=host kernel of @name replays @module under callgrind."""
    cg = os.path.join(outdir, f"callgrind-{name}-{workload[6:]}.out")
    cmdline = (f"ktest.enable=0 kbench.run=1 kbench.filter={workload} "
               f"kbench.sample=0 initrd={module}")
    cmd = valgrind_cmd(cg) + [vmlinux, f"mem={mem}", cmdline]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, errors="replace", env=REPLAY_ENV)
    except subprocess.TimeoutExpired:
        raise HostError(f"{name} (ARCH=host): {workload}: no result within {timeout:.0f} s")
    w = parse.parse_log(p.stdout)["workloads"].get(workload)
    if w is None:
        raise HostError(f"{name} (ARCH=host): {workload}: no kbench result line "
                        f"(exit {p.returncode})")
    try:
        c = callgrind.inclusive(cg, KMLAB_ALLOC + KMLAB_FREE, KMLAB_ALLOC + KMLAB_FREE)
    except callgrind.CallgrindError as e:
        raise HostError(f"{name} (ARCH=host): {workload}: {e}")
    na, ia = (sum(c[f][i] for f in KMLAB_ALLOC) for i in (0, 1))
    nf, if_ = (sum(c[f][i] for f in KMLAB_FREE) for i in (0, 1))
    if na != w["alloc"]["n"] + w["failed"] or nf != w["free"]["n"]:
        raise HostError(f"{name} (ARCH=host): {workload}: callgrind counted {na} allocations "
                        f"and {nf} frees, kbench {w['alloc']['n'] + w['failed']} and "
                        f"{w['free']['n']}")
    return {"contender": name, "workload": workload, "kind": "host-kmlab",
            "method": "callgrind",
            "alloc": {"n": na, "mean": round(ia / na, 2) if na else None, "p99": None},
            "free": {"n": nf, "mean": round(if_ / nf, 2) if nf else None, "p99": None},
            "failed": w["failed"], "peak_live": w["peak_live"],
            "trace_peak_live": w.get("trace_peak_live"), "extent": w.get("extent"),
            "extent_ratio": w.get("extent_ratio"), "held": None,
            "held_ratio": w.get("held_ratio"),
            "held_source": "kmalloc_stats.pages_held, peak"}


def kmlab_synthetic(name, vmlinux, outdir, timeout, pattern="*", mem="128M"):
    """The ARCH=host kernel of @name runs the synthetic workloads matching
    @pattern under callgrind, booted without a trace: [result dict]."""
    cg = os.path.join(outdir, f"callgrind-{name}-{SYNTHETIC}.out")
    cmdline = f"ktest.enable=0 kbench.run=1 kbench.filter={pattern} kbench.sample=0"
    cmd = valgrind_cmd(cg) + _callgrind_dumps(cg) + [vmlinux, f"mem={mem}", cmdline]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, errors="replace", env=REPLAY_ENV)
    except subprocess.TimeoutExpired:
        raise HostError(f"{name} (ARCH=host): synthetic workloads: no result within "
                        f"{timeout:.0f} s")
    sites = (KMLAB_ALLOC + KMLAB_PAGES[0], KMLAB_FREE + KMLAB_PAGES[1])
    return _synthetic_results(f"{name} (ARCH=host)", p.stdout, cg, sites, "host-kmlab",
                              "kmalloc_stats.pages_held, peak")


def cross_check(kernel_w, host_r):
    """{figure: (ratio host/kernel, flagged)} of a kmlab backend's alloc
    and free means: flagged when off by more than CROSS_TOLERANCE."""
    out = {}
    for fig in ("alloc", "free"):
        k, h = kernel_w[fig]["mean"] if kernel_w[fig]["n"] else None, host_r[fig]["mean"]
        if k and h:
            r = h / k
            out[fig] = (round(r, 3), abs(r - 1) > CROSS_TOLERANCE)
    return out


def run_kmlab(variants, modules, outdir, log, timeout=900, only=None, synthetic=None):
    """kmlab's @variants on the host under callgrind, on @modules and with
    @synthetic (a glob) on those synthetic workloads (only the ("host",
    variant, workload) pairs of @only, when given; SYNTHETIC for the
    synthetic ones): {"runs", "errors"}."""
    runs, errors = [], []
    for v in variants:
        try:
            vmlinux = _kmlab_build(v, os.path.join(outdir, "kmlab"), log)
        except HostError as e:
            errors.append(str(e))
            log(f"  HOST    {e}")
            continue
        out = _replay_each([(f"{v.name} (ARCH=host)", lambda m, w, n=v.name, k=vmlinux:
                             kmlab_replay(n, k, m, w, outdir, timeout))], modules, log,
                           keep=None if only is None else
                           lambda label, w, n=v.name: ("host", n, w) in only)
        if synthetic and (only is None or ("host", v.name, SYNTHETIC) in only):
            _synthetic_each(f"{v.name} (ARCH=host)", lambda n=v.name, k=vmlinux: [
                dict(r, contender=n) for r in kmlab_synthetic(
                    n, k, outdir, timeout, synthetic)], out, log)
        runs += out["runs"]
        errors += out["errors"]
    return {"runs": runs, "errors": errors}
