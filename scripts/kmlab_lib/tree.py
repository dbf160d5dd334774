# SPDX-License-Identifier: GPL-2.0
"""The source tree and out-of-tree builds through the top-level Makefile.

Every tool builds what a developer's "make" builds: make -C SRCTREE O=DIR
CONFIG [FRAGMENTS=...], then make -C SRCTREE O=DIR [-jN] [TARGET], in an
environment without what an enclosing make (make check) or a user's shell
exports that would change what the nested make builds or boots.
"""
import os
import subprocess

SRCTREE = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# Variables a parent make or a user's shell may export that would change
# what a nested make builds or boots: make's own, the Makefile's O=,
# configuration and run variables.
SCRUB = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "O", "V", "ARCH",
         "srctree", "objtree", "KCONFIG_CONFIG", "DEFCONFIG", "CMDLINE",
         "MODULES", "QEMU_EXTRA", "QEMU_BOOT")


def child_env(environ=None):
    """A copy of @environ (default os.environ) without the SCRUB variables."""
    environ = os.environ if environ is None else environ
    return {k: v for k, v in environ.items() if k not in SCRUB}


def make_cmd(objtree, *args, tree=SRCTREE, make="make", arch=None):
    """The argv of `make -C @tree O=@objtree [ARCH=@arch] ARGS`."""
    return [make, "-C", tree, "O=" + objtree] + \
        (["ARCH=" + arch] if arch else []) + list(args)


def build_steps(objtree, config, fragments=(), jobs=None, target=None,
                tree=SRCTREE, make="make", arch=None):
    """The two make commands that configure and build @config in @objtree.

    @config: a make target such as "defconfig" or "slob_defconfig";
    @fragments: config fragments merged in (absolute paths); @jobs: make's
    -j (None: none given); @target: the build goal (None: make's default);
    @arch: make's ARCH= (None: the default, i386).
    Returns [("Configuring", argv), ("Building", argv)].
    """
    conf = [config]
    if fragments:
        conf.append("FRAGMENTS=" + " ".join(fragments))
    build = (["-j%d" % jobs] if jobs else []) + ([target] if target else [])
    return [("Configuring", make_cmd(objtree, *conf, tree=tree, make=make,
                                     arch=arch)),
            ("Building", make_cmd(objtree, *build, tree=tree, make=make,
                                  arch=arch))]


def call_logged(cmd, log, cwd=None):
    """Run @cmd with stdin closed, its output appended to the open file @log
    after a "$ CMD" line, in child_env(). Return its exit status.
    Raises OSError when @cmd cannot be started."""
    log.write("$ %s\n" % " ".join(cmd))
    log.flush()
    return subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, cwd=cwd,
                           env=child_env())


def read_lines(path, error, what):
    """The lines of the data file @path as [(line number, text)].

    @error: the exception class raised, with "cannot read @what @path:
    REASON", when the file cannot be read. For scripts/compare-budgets,
    compare-targets and compare-variants."""
    try:
        with open(path) as f:
            return list(enumerate(f.read().splitlines(), 1))
    except OSError as e:
        raise error(f"cannot read {what} {path}: {e.strerror}")
