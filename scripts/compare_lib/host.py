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
inclusive cost of the replay's wrapper (kmr_alloc_site, kmr_free_site),
which does nothing but call the allocator, over its number of calls
(callgrind.py). callgrind gives no per-call distribution, so the host
rows have a mean and no p99. Memory figures come from the replay's own
line: peak live requested bytes, extent, and the bytes the allocator says
it holds (its statistics interface) at the peak, null when it cannot say.

kmlab's own backends run on the host the same way: each variant built
with ARCH=host (the kernel's flags, no sanitizers) and kbench, the trace
given as initrd=MODULE, the kernel run under callgrind; the replay's
allocator calls are functions of their own there (kbench_kmalloc() ...,
the sites of lib/kbench/sites.h), and their inclusive cost over their
calls is the figure, which run_kmlab() cross-checks against the kernel's -icount
figure of the same backend on the same trace.

missing() says in one line what the machine lacks (valgrind, the 32-bit
libraries), so that make compare prints the kernel table alone rather
than a wrong number.
"""
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
          "kbench_kmalloc ... of lib/kbench/sites.h) over its calls; mean only")
# The kernel's optimisation level and i386 code (Makefile's KBUILD_CFLAGS),
# without sanitizers; -z now: no lazy binding inside the first calls.
CFLAGS = ["-m32", "-march=i686", "-std=gnu11", "-O2", "-g", "-Wall", "-Wextra",
          "-Werror", "-Wno-unused-parameter", "-fno-pie", "-no-pie", "-Wl,-z,now"]
SITES = ("kmr_alloc_site", "kmr_free_site")

from . import callgrind, parse  # noqa: E402
from kmlab_lib import tree as ktree  # noqa: E402

KMLAB_ALLOC = ("kbench_kmalloc", "kbench_cache_alloc")
KMLAB_FREE = ("kbench_kfree", "kbench_cache_free")
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
    srcs = [os.path.join(KMREPLAY, "kmreplay.c"), os.path.join(SRCTREE, "lib", "kmtrace.c")]
    out = {}
    for name, libs in ANCHORS:
        if names is not None and name not in names:
            continue
        exe = os.path.join(outdir, f"kmreplay-{name}")
        cmd = (["gcc"] + CFLAGS + ["-I", os.path.join(SRCTREE, "include"), "-I", KMREPLAY,
                                   "-o", exe + ".tmp"] + srcs +
               [os.path.join(KMREPLAY, f"alloc-{name}.c")] + libs)
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode:
            raise HostError(f"cannot build kmreplay-{name}: " +
                            " / ".join(p.stderr.strip().splitlines()[:3]))
        os.replace(exe + ".tmp", exe)
        log(f"  HOSTCC  {os.path.relpath(exe)}")
        out[name] = exe
    return out


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


def run(modules, outdir, log, timeout=900, names=None, bindir=None, only=None):
    """The anchors (or those in @names) on every module (or only the
    ("anchor", name, workload) units of @only), built in @bindir
    (default @outdir/bin): {"method", "runs", "errors"}."""
    names = ANCHOR_NAMES if names is None else names
    os.makedirs(outdir, exist_ok=True)
    exes = build(bindir or os.path.join(outdir, "bin"), log, names)
    out = _replay_each([(name, lambda m, w, n=name: replay(n, exes[n], m, w, outdir, timeout))
                        for name in names], modules, log, module_outer=True,
                       keep=None if only is None else
                       lambda name, w: ("anchor", name, w) in only)
    return dict(out, method=METHOD)


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


def run_kmlab(variants, modules, outdir, log, timeout=900, only=None):
    """kmlab's @variants on the host under callgrind (only the
    ("host", variant, workload) pairs of @only, when given): {"runs",
    "errors"}."""
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
        runs += out["runs"]
        errors += out["errors"]
    return {"runs": runs, "errors": errors}
