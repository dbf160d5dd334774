# SPDX-License-Identifier: GPL-2.0
"""Every number a Kconfig help text states is either a fact outside the
code (a year, a Linux version, an interface value) or equals the constant
it describes, read from the source.

HELP_NUMBERS lists, per symbol, the numbers of its help text in order
with where each comes from; a help text that gains, loses or changes a
number, or a constant that changes under a help text, fails the test.
Run: /usr/bin/python3 -m unittest tools.testing.kconfig.test_help_numbers
"""
import ast
import os
import re
import unittest

from tools.testing.kmlab_host import SRCTREE

try:
    import kconfiglib
except ImportError:  # scripts/require installs it for make check
    kconfiglib = None

NUMBER = re.compile(r"(?<![\w.])(0x[0-9a-fA-F]+|\d+(?:\.\d+)?)(?![\w]|\.\d)")


def fact(reason):
    return ("fact", reason)


def code(expr):
    """A Python expression over the #define constants (and the kmalloc_sizes
    array) of mm/, include/ and arch/."""
    return ("code", expr)


KIB = "(PAGE_SIZE >> 10)"
SIZES = [code(f"kmalloc_sizes[{i}]") for i in range(16)]

HELP_NUMBERS = {
    "X86_32": [fact("the architecture's width")],
    "KFENCE": [fact("boot parameter value")],
    "KFENCE_NUM_OBJECTS": [fact("pages per object: its own and a guard"),
                           fact("the last guard page")],
    "KFENCE_SAMPLE_INTERVAL": [fact("the value that turns sampling off")],
    "BOCHS_MAGIC_BREAK": [fact("boot parameter value")],
    "PROVE_LOCKING": [code("MAX_LOCKDEP_KEYS"), code("MAX_LOCKDEP_ENTRIES"),
                      code("MAX_LOCK_DEPTH")],
    "NR_CPUS": [code("CPU_STACK_SIZE >> 10"),
                fact("bits in the unsigned long online mask")],
    "DEBUG_E9_CONSOLE": [code("E9_PORT"), fact("Bochs option value"),
                         code("E9_PORT")],
    "KMALLOC_FIRSTFIT": [fact("O(1) notation"),
                         code("FIRSTFIT_TAG_BYTES"),
                         code("FIRSTFIT_MIN_BLOCK")],
    "KMALLOC_BUDDY_SLAB": [
        fact("year of Knowlton's paper"), fact("TAOCP section"),
        fact("lowest order"), code("BUDDY_MAX_ORDER - 1"), code(KIB),
        code("(PAGE_SIZE << (BUDDY_MAX_ORDER - 1)) >> 20"),
        code("MAX_ORDER - 1"), fact("2^order: the buddy rule"),
        fact("year of Bonwick's paper")] + SIZES + [
        fact("lowest slab order"), code("SLAB_MAX_ORDER"),
        fact("pages of an order-0 slab"), code("1 << SLAB_MAX_ORDER"),
        code("SLAB_MAX_EMPTY"), fact("O(1) notation")],
    "KMALLOC_SLOB": [fact("the Linux release that removed SLOB"),
                     code("SLOB_UNIT"), code("SLOB_BREAK1"),
                     code("SLOB_BREAK2"), code("SLOB_UNIT"),
                     code("SLOB_UNIT")],
    "KMALLOC_TLSF": [fact("year of the TLSF paper"),
                     code("TLSF_SL_INDEX_COUNT"), fact("O(1) notation"),
                     fact("numerator of the waste bound"),
                     code("TLSF_SL_INDEX_COUNT"), code("TLSF_TAG_BYTES"),
                     code("TLSF_MIN_BLOCK")],
    "SLAB_MERGE_DEFAULT": [fact("boot parameter value")],
    "SLAB_CPU_CACHE": [fact("year of Bonwick and Adams' magazines paper"),
                       code("SLAB_CPU_LIMIT"), code("SLAB_CPU_BATCH"),
                       fact("boot parameter value")],
    "INIT_ON_ALLOC_DEFAULT_ON": [fact("boot parameter value")],
    "INIT_ON_FREE_DEFAULT_ON": [fact("boot parameter value")],
    "KMALLOC_QUARANTINE_BYTES": [fact("boot parameter value")],
    "SLAB_FREELIST_RANDOM": [fact("boot parameter value"),
                             fact("boot parameter value")],
    "SHUFFLE_PAGE_ALLOCATOR": [code("MAX_ORDER - 1"),
                               code("(PAGE_SIZE << (MAX_ORDER - 1)) >> 20"),
                               fact("boot parameter value")],
    "TLSF_RANDOM_FIT_DEFAULT": [fact("boot parameter value"),
                                fact("boot parameter value"),
                                fact("boot parameter value")],
    "KMALLOC_QUARANTINE_OBJECTS": [fact("boot parameter value")],
    "FIRSTFIT_TREE_INDEX": [fact("year of Stephenson's paper")],
    "KMALLOC_POISON": [code("POISON_FREE")],
    "KMALLOC_REDZONE": [code("REDZONE_BYTES"), code("SLUB_RED_ACTIVE")],
    "GCOV_KERNEL": [fact("the architecture's width")],
    "KBENCH": [fact("boot parameter value"), fact("QEMU option value"),
               fact("boot parameter value")],
    "KTEST": [fact("the KTAP version printed")],
}


def read_constants():
    """name -> set of value texts of every object-like #define, and the
    kmalloc_sizes array."""
    defines, sizes = {}, None
    for top in ("mm", "include", "arch"):
        for d, _, files in os.walk(os.path.join(SRCTREE, top)):
            if "/generated" in d:
                continue
            for f in files:
                if not f.endswith((".c", ".h")):
                    continue
                with open(os.path.join(d, f), errors="replace") as fh:
                    text = fh.read()
                for name, value in re.findall(
                        r"^#define\s+(\w+)[ \t]+([^\n/]+?)\s*(?:/[/*].*)?$",
                        text, re.M):
                    defines.setdefault(name, set()).add(value)
                m = re.search(r"kmalloc_sizes\[\w*\]\s*=\s*\{([^}]*)\}", text)
                if m:
                    sizes = [int(x) for x in re.findall(r"\d+", m.group(1))]
    return defines, sizes


class Evaluator:
    def __init__(self):
        self.defines, self.sizes = read_constants()

    def value(self, name):
        texts = self.defines.get(name)
        if not texts:
            raise AssertionError(f"no #define {name} in mm/, include/, arch/")
        values = {self.eval(t) for t in texts}
        if len(values) != 1:
            raise AssertionError(f"{name} is defined with different values: {texts}")
        return values.pop()

    def eval(self, expr):
        expr = re.sub(r"\b(0x[0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
        expr = re.sub(r"\(\w+\s*\*?\)", "", expr) if "(" in expr and \
            re.search(r"\(\s*(unsigned|int|u\d+|size_t)", expr) else expr
        tree = ast.parse(expr, mode="eval")
        env = {"kmalloc_sizes": self.sizes}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id not in env:
                env[node.id] = self.value(node.id)
        return eval(compile(tree, "<expr>", "eval"), {"__builtins__": {}}, env)


def parse_number(text):
    return float(text) if "." in text else int(text, 0)


@unittest.skipIf(kconfiglib is None, "python3-kconfiglib missing")
class HelpNumbersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ.setdefault("srctree", SRCTREE)
        os.environ.setdefault("SRCARCH", "i386")  # arch/$(SRCARCH)/Kconfig
        cls.kconf = kconfiglib.Kconfig(os.path.join(SRCTREE, "Kconfig"),
                                       warn=False)
        cls.ev = Evaluator()

    def help_texts(self):
        for node in self.kconf.node_iter():
            text = getattr(node, "help", None)
            if text:
                name = getattr(node.item, "name", None) or node.prompt[0]
                yield name, text

    def problems(self, name, text):
        """What is wrong with the numbers of one help text, or []."""
        found = NUMBER.findall(text)
        claims = HELP_NUMBERS.get(name, [])
        if len(found) != len(claims):
            return [f"{name}: the help text states {found}; list each "
                    "number in HELP_NUMBERS with its source"]
        out = []
        for number, (kind, what) in zip(found, claims):
            if kind == "code" and parse_number(number) != self.ev.eval(what):
                out.append(f"{name}: help text says {number}, the code's "
                           f"{what} is {self.ev.eval(what)}")
        return out

    def test_every_stated_number_is_accounted_for(self):
        seen, problems = set(), []
        for name, text in self.help_texts():
            seen.add(name)
            problems += self.problems(name, text)
        self.assertEqual(problems, [])
        self.assertEqual(sorted(set(HELP_NUMBERS) - seen), [],
                         "HELP_NUMBERS names symbols without numbers")

    def test_a_stale_number_is_reported(self):
        texts = dict(self.help_texts())
        for name, new, old in (
                ("KMALLOC_BUDDY_SLAB", "orders 0 to 15", "orders 0 to 10"),
                ("KMALLOC_FIRSTFIT", "at least 40 bytes", "at least 48 bytes"),
                ("KMALLOC_BUDDY_SLAB", "keeps 0", "keeps 1")):
            self.assertIn(new, texts[name].replace("\n", " "))
            stale = texts[name].replace("\n", " ").replace(new, old)
            self.assertEqual(len(self.problems(name, stale)), 1, old)
        bump = texts["KMALLOC_BUMP"] + " Overhead: an 8-byte header."
        self.assertNotEqual(self.problems("KMALLOC_BUMP", bump), [])


if __name__ == "__main__":
    unittest.main()
