#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""kmlab's glue to kconfiglib: the configuration targets of the Makefile.

Usage: kconfig.py TARGET [ARGS]
  syncconfig                      write include/generated/autoconf.h and
                                  include/config/ (auto.conf, one file per symbol)
  defconfig FILE [FRAGMENT ...]   new .config from FILE, fragments merged on top
  olddefconfig | oldconfig | menuconfig | savedefconfig | listnewconfig
  helpnewconfig | allnoconfig | allyesconfig | alldefconfig
  randconfig                      random valid .config; KCONFIG_SEED=N (decimal
                                  or 0x hex) repeats one, KCONFIG_ALLCONFIG=FILE
                                  pins the symbols FILE sets, as in Linux

Environment: srctree (source root), objtree, KCONFIG_CONFIG (.config path).
"""
import builtins
import os
import random
import runpy
import sys

try:
    import kconfiglib
except ImportError:
    sys.exit("kconfig: the Python module kconfiglib is missing: "
             "run 'apt-get install python3-kconfiglib' (and use /usr/bin/python3)")

srctree = os.environ.get("srctree") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
objtree = os.environ.get("objtree") or srctree
config = os.environ.get("KCONFIG_CONFIG") or os.path.join(objtree, ".config")
os.environ["srctree"] = srctree
os.environ["KCONFIG_CONFIG"] = config
# Kconfig sources arch/$(SRCARCH)/Kconfig; the Makefile passes ARCH=.
os.environ.setdefault("SRCARCH", "i386")


def load(need_config=True):
    kconf = kconfiglib.Kconfig(os.path.join(srctree, "Kconfig"),
                               warn_to_stderr=True)
    if need_config:
        if not os.path.exists(config):
            sys.exit(f"kconfig: {config} does not exist: run 'make defconfig' first")
        kconf.load_config(config)
    return kconf


def write_if_changed(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def syncconfig():
    kconf = load()
    tmp = os.path.join(objtree, "include", "generated", ".autoconf.tmp")
    os.makedirs(os.path.dirname(tmp), exist_ok=True)
    kconf.write_autoconf(tmp)
    with open(tmp) as f:
        header = f.read()
    os.remove(tmp)
    write_if_changed(os.path.join(objtree, "include", "generated", "autoconf.h"),
                     header)
    confdir = os.path.join(objtree, "include", "config")
    kconf.sync_deps(confdir)
    # Make compares timestamps with .config: mark auto.conf as up to date
    # even when its contents did not change.
    os.utime(os.path.join(confdir, "auto.conf"))
    os.utime(os.path.join(objtree, "include", "generated", "autoconf.h"))


def defconfig(path, fragments):
    kconf = load(need_config=False)
    for f in [path] + fragments:
        if not os.path.exists(f):
            sys.exit(f"kconfig: {f}: no such file")
    kconf.load_config(path)
    for frag in fragments:
        print(kconf.load_config(frag, replace=False))
    print(kconf.write_config(config))


def new_symbols(kconf):
    """Visible symbols that the loaded .config does not set yet."""
    for sym in kconf.unique_defined_syms:
        if sym.visibility and sym.user_value is None and \
           sym.type in (kconfiglib.BOOL, kconfiglib.TRISTATE,
                        kconfiglib.STRING, kconfiglib.INT, kconfiglib.HEX):
            if not (sym.choice and sym.choice.user_selection):
                yield sym


def helpnewconfig(kconf):
    """listnewconfig with each symbol's help text, as Linux's."""
    for sym in new_symbols(kconf):
        print(f"-----\nValue of CONFIG_{sym.name} is '{sym.str_value}'")
        for node in sym.nodes:
            if node.help:
                print()
                print("\n".join("  " + line if line else ""
                                for line in node.help.splitlines()))
        print("-----")


def parse_seed(text):
    try:
        return int(text, 0)
    except ValueError:
        sys.exit(f"kconfig: KCONFIG_SEED={text} is not a number "
                 "(decimal or 0x hex)")


def randconfig(kconf, seed):
    """Give every visible bool symbol and every choice a random value, in
    menu order (what an earlier answer makes visible gets one too), as
    Linux's conf --randconfig. kconfiglib keeps the result valid: a value
    the dependencies forbid is not taken."""
    rng = random.Random(seed)
    pinned = {s for s in kconf.unique_defined_syms if s.user_value is not None}
    for _ in range(2):
        for node in kconf.node_iter():
            item = node.item
            if isinstance(item, kconfiglib.Choice):
                options = [s for s in item.syms if s.visibility == 2]
                if options and not pinned.intersection(item.syms):
                    rng.choice(options).set_value(2)
            elif isinstance(item, kconfiglib.Symbol) and node.prompt and \
                    item.choice is None and item.type == kconfiglib.BOOL and \
                    item.visibility and item not in pinned:
                item.set_value(rng.choice([v for v in item.assignable]))


def oldconfig():
    """kconfiglib's oldconfig, with "(NEW)" after every question: it asks
    only about symbols that .config does not set, as Linux marks them."""
    import oldconfig as mod

    def ask(prompt):
        return builtins.input(prompt.rstrip() + " (NEW) ")
    mod.input = ask
    sys.argv = ["oldconfig", os.path.join(srctree, "Kconfig")]
    mod._main()


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    target, args = argv[1], argv[2:]
    if target == "syncconfig":
        syncconfig()
    elif target == "defconfig":
        if not args:
            sys.exit("kconfig: defconfig needs a file")
        defconfig(args[0], args[1:])
    elif target == "olddefconfig":
        kconf = load()
        print(kconf.write_config(config))
    elif target == "savedefconfig":
        kconf = load()
        out = os.path.join(objtree, "defconfig")
        print(kconf.write_min_config(out))
    elif target == "listnewconfig":
        kconf = load()
        for sym in new_symbols(kconf):
            print(f"CONFIG_{sym.name}={sym.str_value}")
    elif target == "helpnewconfig":
        helpnewconfig(load())
    elif target == "alldefconfig":
        kconf = load(need_config=False)
        print(kconf.write_config(config))
    elif target == "randconfig":
        text = os.environ.get("KCONFIG_SEED")
        seed = parse_seed(text) if text else \
            int.from_bytes(os.urandom(4), "little")
        print(f"KCONFIG_SEED={seed:#x}", file=sys.stderr)
        kconf = load(need_config=False)
        pins = os.environ.get("KCONFIG_ALLCONFIG")
        if pins:
            if not os.path.isfile(pins):
                sys.exit(f"kconfig: KCONFIG_ALLCONFIG={pins}: no such file")
            kconf.load_config(pins, replace=False)
        randconfig(kconf, seed)
        print(kconf.write_config(config))
    elif target in ("allnoconfig", "allyesconfig"):
        kconf = load(need_config=False)
        if target == "allnoconfig":
            kconf.warn = False
            for sym in kconf.unique_defined_syms:
                sym.set_value(0 if sym.choice is None else sym.str_value)
        else:
            for sym in kconf.unique_defined_syms:
                if sym.choice is None:
                    sym.set_value(2)
        print(kconf.write_config(config))
    elif target in ("oldconfig", "config"):
        oldconfig()
    elif target in ("menuconfig", "nconfig"):
        # kconfiglib has no nconfig: its curses menuconfig has the same
        # keys and search (/) as Linux's nconfig.
        if not sys.stdin.isatty():
            sys.exit(f"kconfig: {target} needs a terminal")
        sys.argv = ["menuconfig", os.path.join(srctree, "Kconfig")]
        runpy.run_module("menuconfig", run_name="__main__")
    else:
        sys.exit(f"kconfig: unknown target '{target}'\n{__doc__}")


if __name__ == "__main__":
    main(sys.argv)
