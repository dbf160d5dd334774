# SPDX-License-Identifier: GPL-2.0
"""The heap-allocator backends and the variants built from them, found in
the tree rather than listed in code.

A backend is an entry of the "Heap allocator" choice in mm/Kconfig; its
defconfig is the configs/NAME_defconfig that sets that entry to y and is
not an example or test config (a name containing "example" or "test",
such as ktest_examples_defconfig). Backends come in the order of the
choice. Adding a backend is a choice entry and a defconfig: scripts/ktest
run --all, scripts/compare and scripts/coverage pick it up.

A compare variant is a backend, or a backend defconfig with extra Kconfig
lines, named in scripts/compare-variants, which also gives variants
properties that change how scripts/compare runs them (see that file).
"""
import glob
import os
import re

from .tree import SRCTREE, read_lines

VARIANTS_FILE = os.path.join("scripts", "compare-variants")
# The properties a line of scripts/compare-variants may give a variant.
FLAGS = {
    "never-frees": "kfree never reuses memory: no scaling replays, failed "
                   "allocations allowed",
    "slow": "replays the first 50,000 events of each trace only, no scaling "
            "replays, not run by --check",
    "check-reject": "--check boots the broken trace modules on it",
    "no-check": "not run by --check (a variant only for the figures)",
}
CHOICE_PROMPT = "Heap allocator"


class DiscoveryError(Exception):
    """mm/Kconfig or scripts/compare-variants cannot be read or is
    malformed; the message says which file and line."""


def is_example(defconfig):
    """True for an example or test defconfig (not a backend's)."""
    return "example" in defconfig or "test" in defconfig


def defconfigs(tree=SRCTREE, examples=True):
    """The configs/*_defconfig names, sorted; without the example and test
    configs unless @examples."""
    names = sorted(os.path.basename(p) for p in
                   glob.glob(os.path.join(tree, "configs", "*_defconfig")))
    return [n for n in names if examples or not is_example(n)]


def heap_choice(tree=SRCTREE):
    """The config symbols of mm/Kconfig's "Heap allocator" choice, in order.

    Raises DiscoveryError when mm/Kconfig cannot be read or has no such
    choice."""
    path = os.path.join(tree, "mm", "Kconfig")
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        raise DiscoveryError(f"cannot read {path}: {e.strerror}")
    for block in re.findall(r"^choice\b(.*?)^endchoice\b", text, re.M | re.S):
        if re.search(r'^\s*prompt\s+"%s"' % CHOICE_PROMPT, block, re.M):
            return re.findall(r"^config\s+(\w+)", block, re.M)
    raise DiscoveryError(f'{path}: no choice with prompt "{CHOICE_PROMPT}"')


def _sets(path):
    """The CONFIG_ symbols that defconfig @path sets to y."""
    try:
        with open(path) as f:
            return set(re.findall(r"^CONFIG_(\w+)=y\s*$", f.read(), re.M))
    except OSError:
        return set()


def backends(tree=SRCTREE):
    """The backends: [(name, defconfig, symbol)] in the choice's order, name
    being the defconfig's without "_defconfig" (bump, firstfit ...)."""
    out = []
    configs = defconfigs(tree, examples=False)
    for sym in heap_choice(tree):
        for d in configs:
            if sym in _sets(os.path.join(tree, "configs", d)):
                out.append((d[:-len("_defconfig")], d, sym))
    return out


class Variant:
    """A compare variant: @name, the @defconfig it starts from, @fragment
    (Kconfig lines merged on top) and @flags (a set of FLAGS keys)."""

    def __init__(self, name, defconfig, fragment=(), flags=()):
        self.name = name
        self.defconfig = defconfig
        self.fragment = list(fragment)
        self.flags = set(flags)

    def __repr__(self):
        return f"Variant({self.name!r}, {self.defconfig!r}, " \
               f"{self.fragment!r}, {sorted(self.flags)!r})"


def read_variants(path):
    """Parse scripts/compare-variants: [(name, defconfig, fragment, flags,
    lineno)]. Raises DiscoveryError for an unreadable file or a bad line."""
    out = []
    for no, line in read_lines(path, DiscoveryError, "variants file"):
        f = line.split("#", 1)[0].split()
        if not f:
            continue
        if len(f) < 2 or not f[1].endswith("_defconfig"):
            raise DiscoveryError(f"{path}:{no}: want 'NAME NAME_defconfig "
                                 "[CONFIG_X=y|n] [FLAG]...'")
        frag, flags = [], []
        for word in f[2:]:
            m = re.fullmatch(r"(CONFIG_\w+)=(\S+)", word)
            if m:
                frag.append(f"# {m.group(1)} is not set" if m.group(2) == "n"
                            else word)
            elif word in FLAGS:
                flags.append(word)
            else:
                raise DiscoveryError(f"{path}:{no}: unknown word '{word}': "
                                     "a CONFIG_X=VALUE or one of "
                                     + ", ".join(sorted(FLAGS)))
        out.append((f[0], f[1], frag, flags, no))
    return out


def variants(tree=SRCTREE, path=None):
    """Every compare variant, in the backends' order, each extra variant
    right after the backend it starts from.

    A line of @path (default scripts/compare-variants) whose NAME is a
    backend's gives it flags; another NAME is an extra variant, left out
    when its defconfig is not a backend's. Raises DiscoveryError."""
    extra = read_variants(path or os.path.join(tree, VARIANTS_FILE))
    out = []
    for name, defconfig, _ in backends(tree):
        v = Variant(name, defconfig)
        more = []
        for xname, xdef, frag, flags, no in extra:
            if xname == name:
                if frag or xdef != defconfig:
                    raise DiscoveryError(
                        f"{path or VARIANTS_FILE}:{no}: {name} is a backend: "
                        f"give it flags only, or another name")
                v.flags.update(flags)
            elif xdef == defconfig:
                more.append(Variant(xname, xdef, frag, flags))
        out += [v] + more
    return out
