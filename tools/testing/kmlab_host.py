# SPDX-License-Identifier: GPL-2.0
"""Helpers shared by the host tests.

make() runs the top-level Makefile on a temporary O= directory with an
environment scrubbed of what an enclosing `make check` exports, so that a
test builds exactly what it asks for. load_script() imports one of the
Python programs of scripts/ (no .py) as a module; stand_in() writes a
stand-in for a tool (make, gdb) that a test puts first on PATH.
"""
import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if os.path.join(SRCTREE, "scripts") not in sys.path:
    sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
from kmlab_lib import tree as ktree  # noqa: E402

# The environment of scripts/compare, coverage and ktest's nested makes.
ENV = ktree.child_env()


def make(objtree, *args, check=True, tail=None, arch=None):
    """Run `make -C SRCTREE O=objtree [ARCH=arch] ARGS`; raise AssertionError
    with the output (its last @tail characters if given) when it fails and
    @check."""
    proc = subprocess.run(ktree.make_cmd(objtree, *args, arch=arch),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, env=ENV)
    if check and proc.returncode:
        out = proc.stdout[-tail:] if tail else proc.stdout
        raise AssertionError(f"make {' '.join(args)} failed:\n{out}")
    return proc


def build_kernel(prefix, config="defconfig", arch=None, fragments=()):
    """Configure @config (a make target such as "defconfig" or
    "slob_defconfig") with the config @fragments (paths) merged in, in a
    new temporary O= directory named after @prefix, build it for make's
    ARCH=@arch (None: i386), and return the directory (vmlinux is
    inside)."""
    objtree = tempfile.mkdtemp(prefix=prefix)
    make(objtree, config, *(["FRAGMENTS=" + " ".join(fragments)]
                            if fragments else []), arch=arch)
    make(objtree, "-j2", arch=arch)
    return objtree


def shared_kernel(prefix, config="defconfig", arch=None, fragments=()):
    """build_kernel(), built once per run of tools/testing/run-host-tests.

    run-host-tests sets $KMLAB_HOST_TEST_KERNELS to a directory it removes
    when it ends; there the kernel of one @config, @fragments and @arch is
    built the first time a suite asks for it, and every later suite gets
    the same directory (it may make targets such as run or iso there, but
    must not reconfigure it; release_kernel() leaves it). Without the variable (a suite run alone) it is
    build_kernel(@prefix, ...)."""
    root = os.environ.get("KMLAB_HOST_TEST_KERNELS")
    if not root:
        return build_kernel(prefix, config, arch, fragments)
    key = "-".join([arch or "i386", config] + [os.path.basename(f) for f in fragments])
    objtree = os.path.join(root, key)
    built = os.path.join(objtree, ".kmlab-host-test-built")
    if not os.path.exists(built):
        os.makedirs(objtree, exist_ok=True)
        make(objtree, config, *(["FRAGMENTS=" + " ".join(fragments)]
                                if fragments else []), arch=arch)
        make(objtree, "-j2", arch=arch)
        open(built, "w").close()
    return objtree


def default_kernel(prefix):
    """The kernel that a first `make -j2` builds in an empty O= directory
    (no .config: the Makefile configures the default defconfig itself, as
    in a fresh clone); return (its directory, that make's output).

    Built once per run of run-host-tests, like shared_kernel(), with the
    output kept beside it: the build tests check that first build and the
    boot tests boot it, one build for both. A suite may make targets there
    and rebuild after a change it undoes, but must not reconfigure it;
    release_kernel() leaves it. Without $KMLAB_HOST_TEST_KERNELS it is
    built in a new temporary directory named after @prefix."""
    root = os.environ.get("KMLAB_HOST_TEST_KERNELS")
    if root:
        objtree = os.path.join(root, "i386-no-config")
        os.makedirs(objtree, exist_ok=True)
    else:
        objtree = tempfile.mkdtemp(prefix=prefix)
    output = os.path.join(objtree, ".kmlab-host-test-built")
    if not os.path.exists(output):
        out = make(objtree, "-j2").stdout
        with open(output + ".tmp", "w") as f:
            f.write(out)
        os.rename(output + ".tmp", output)
    with open(output) as f:
        return objtree, f.read()


def release_kernel(objtree):
    """Remove @objtree, from build_kernel() or shared_kernel(), unless it
    is shared_kernel()'s to keep for the next suite."""
    root = os.environ.get("KMLAB_HOST_TEST_KERNELS")
    if not root or os.path.dirname(os.path.abspath(objtree)) != os.path.abspath(root):
        shutil.rmtree(objtree, ignore_errors=True)


def run_console(argv):
    """Run @argv (a kernel runner: scripts/run-qemu or scripts/run-host) with
    no input; return (its exit status, the console with carriage returns
    removed)."""
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, env=ENV)
    return proc.returncode, proc.stdout.replace("\r", "")


def boot_kernel(kernel, cmdline, timeout=60):
    """Boot @kernel (a vmlinux) with -kernel through scripts/run-qemu and
    the kernel command line @cmdline; return (run-qemu's exit status, the
    console with carriage returns removed)."""
    return run_console([os.path.join(SRCTREE, "scripts", "run-qemu"),
                        "--boot", "kernel", "--kernel", kernel,
                        "--timeout", str(timeout), "--cmdline", cmdline])


def load_script(name, module=None):
    """Import scripts/@name, a Python program without .py, as a new module
    named @module (default: @name with "-" as "_") and return it. Every
    call loads a fresh copy, so tests that patch it do not meet."""
    module = module or name.replace("-", "_")
    loader = importlib.machinery.SourceFileLoader(
        module, os.path.join(SRCTREE, "scripts", name))
    mod = importlib.util.module_from_spec(
        importlib.util.spec_from_loader(module, loader))
    loader.exec_module(mod)
    return mod


def stand_in(test, name, script):
    """Write @script (a shell script's text) as the executable DIR/@name in
    a new temporary directory DIR that is removed when @test (a TestCase)
    ends, a stand-in for the tool @name once DIR comes first on PATH;
    return DIR."""
    directory = tempfile.mkdtemp(prefix=f"kmlab-{name}-")
    test.addCleanup(shutil.rmtree, directory, True)
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(script)
    os.chmod(path, 0o755)
    return directory
