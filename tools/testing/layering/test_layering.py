# SPDX-License-Identifier: GPL-2.0
"""The shape of mm/ that issue "a backend is one room" asks for, kept.

- No include loop among the headers of mm/ and include/kmlab/: a header
  never reaches itself through the headers it includes.
- No backend's Kconfig symbol (the "Heap allocator" choice's entries in
  mm/Kconfig) in a public header (include/) except the one include switch
  of include/kmlab/slab.h, and none in a generic mm/ file (one that
  mm/Kbuild builds for every backend, or a header such a file includes).

The backends are read from mm/Kconfig and mm/Kbuild, as the tools find
them, so a sixth backend is checked without an edit here. Run:
/usr/bin/python3 -m unittest discover -s tools/testing/layering
"""
import fnmatch
import os
import re
import subprocess
import unittest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
SWITCH = os.path.join("include", "kmlab", "slab.h")


COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def read(path):
    with open(os.path.join(SRCTREE, path), encoding="utf-8") as f:
        return f.read()


def code(path):
    """@path without its comments (a symbol named in prose is no use)."""
    return COMMENT.sub(" ", read(path))


def resolve(src, kind, name):
    """The tree-relative path #include of @name in @src refers to, or None
    (a system or generated header)."""
    cands = []
    if kind == '"':
        cands.append(os.path.join(os.path.dirname(src), name))
    cands.append(os.path.join("include", name))
    for c in cands:
        c = os.path.normpath(c)
        if os.path.isfile(os.path.join(SRCTREE, c)):
            return c
    return None


def includes(path):
    return [r for k, n in INCLUDE.findall(read(path)) if (r := resolve(path, k, n))]


def sources():
    """The C files of mm/ and the headers of include/ that git tracks (no
    generated header of a build in the tree)."""
    files = subprocess.run(["git", "-C", SRCTREE, "ls-files", "mm", "include"],
                           capture_output=True, text=True, check=True).stdout.split()
    return sorted(f for f in files if any(fnmatch.fnmatch(f, p) for p in
                                          ("mm/*.[ch]", "include/*.h", "include/*/*.h")))


def backend_symbols():
    """The CONFIG_ names of the entries of mm/Kconfig's first choice."""
    text = read("mm/Kconfig")
    block = text[text.index("\nchoice"):text.index("\nendchoice")]
    return ["CONFIG_" + s for s in re.findall(r"^config (\w+)", block, re.M)]


def generic_objects():
    """The mm/*.c that mm/Kbuild builds for every backend (obj-y)."""
    out = []
    for line in read("mm/Kbuild").splitlines():
        m = re.match(r"obj-y\s*\+=\s*(.*)", line)
        if m:
            out += ["mm/" + o[:-2] + ".c" for o in m.group(1).split()]
    return out


def find_cycle(graph):
    """One include loop of @graph as a list of files, or None."""
    state = {}

    def visit(n, stack):
        state[n] = 1
        for m in graph.get(n, ()):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                c = visit(m, stack + [m])
                if c:
                    return c
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            c = visit(n, [n])
            if c:
                return c
    return None


class Layering(unittest.TestCase):
    def test_finds_the_backends_and_the_generic_files(self):
        syms = backend_symbols()
        self.assertIn("CONFIG_KMALLOC_TLSF", syms)
        self.assertGreaterEqual(len(syms), 5)
        self.assertIn("mm/kmalloc.c", generic_objects())

    def test_no_include_loop(self):
        tracked = set(sources())
        graph = {s: [i for i in includes(s) if i in tracked]
                 for s in tracked if s.endswith(".h")}
        self.assertGreater(sum(map(len, graph.values())), 20)   # the parser works
        self.assertIsNone(find_cycle(graph))

    def test_loop_finder_finds_a_loop(self):
        self.assertEqual(find_cycle({"a.h": ["b.h"], "b.h": ["c.h"], "c.h": ["a.h"]}),
                         ["a.h", "b.h", "c.h", "a.h"])
        self.assertIsNone(find_cycle({"a.h": ["b.h"], "b.h": [], "c.h": ["b.h"]}))

    def test_backend_symbols_only_in_the_switch(self):
        syms = backend_symbols()
        pat = re.compile(r"\b(" + "|".join(syms) + r")\b")
        # Public headers, and the generic mm/ files with every header they
        # reach inside mm/ and include/.
        tracked = set(sources())
        seen, todo = set(), [s for s in tracked if s.startswith("include/")]
        todo += generic_objects()
        while todo:
            f = todo.pop()
            if f in seen:
                continue
            seen.add(f)
            todo += [i for i in includes(f) if i in tracked]
        where = {}
        for f in sorted(seen):
            hits = pat.findall(code(f))
            if hits:
                where[f] = sorted(set(hits))
        switch = where.pop(SWITCH, [])
        self.assertEqual(where, {}, "backend symbols outside the include switch")
        self.assertTrue(switch, f"the include switch is not in {SWITCH}")


if __name__ == "__main__":
    unittest.main()
