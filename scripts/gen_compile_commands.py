#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write compile_commands.json for clangd from the saved .*.o.cmd files.

Usage: gen_compile_commands.py OBJTREE OUTPUT
"""
import json
import os
import re
import sys

if len(sys.argv) != 3 or not os.path.isdir(sys.argv[1]):
    print("usage: gen_compile_commands.py OBJTREE OUTPUT  (OBJTREE: a build "
          "directory, such as make's O=; every 'make' runs this)",
          file=sys.stderr)
    sys.exit(2)
objtree, output = sys.argv[1], sys.argv[2]
cmd_re = re.compile(r"^savedcmd_(\S+\.o) := (.*)$")
entries = []
for root, dirs, files in os.walk(objtree):
    dirs[:] = [d for d in dirs if d not in (".git", "build")]
    for f in files:
        if not (f.startswith(".") and f.endswith(".o.cmd")):
            continue
        with open(os.path.join(root, f)) as fh:
            m = cmd_re.match(fh.readline().rstrip("\n"))
        if not m:
            continue
        cmd = m.group(2).replace("$$", "$")
        src = cmd.split()[-1]
        if not src.endswith((".c", ".S")):
            continue
        entries.append({"directory": objtree, "file": src,
                        "command": cmd})
entries.sort(key=lambda e: e["file"])
tmp = output + ".tmp"
with open(tmp, "w") as fh:
    json.dump(entries, fh, indent=1)
os.replace(tmp, output)
