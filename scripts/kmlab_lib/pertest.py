# SPDX-License-Identifier: GPL-2.0
"""Per-test coverage on the host: which ktest case ran which line.

A boot with gcov.per_test=1 sends one gcov dump per ktest case (and one
per stretch of code outside the cases); scripts/gcov-extract --per-test
puts each in its own directory, listed in tests.json. This module turns
them into:

* lcov tracefile records, one test name (TN:) per case, made the way
  lcov 1.16's geninfo makes them from gcov's JSON intermediate format
  (intermediate_json_to_info() in geninfo: FN/FNDA, DA, BRDA with "-"
  for a branch of a block that never ran, LCOV_EXCL_* markers honoured),
  but with one gcov run per dump instead of one geninfo run per dump:
  a backend has some 200 dumps. lcov allows only [A-Za-z0-9_] in a test
  name, so the name is "<backend>__<suite>__<case>[__<param>]" with every
  other character made "_", and a genhtml description file maps it back.
* for genhtml's report, FILE.tests.html beside each source view: the
  cases that ran each line (genhtml 1.16 lists them per file only), each
  line of the source view linking to its row;
* per-test.json, read by "scripts/coverage which" and "per-test":

    {"version": 1, "backends": [...],
     "files": {"mm/slab.c": [lines gcov counts], ...},
     "tests": [{"backend": "slab_defconfig", "test": "slab.kmalloc_basic",
                "tn": "slab__slab__kmalloc_basic",
                "lines": {"mm/slab.c": [lines it ran], ...}}, ...]}

  "test" is null for code that ran outside every case (boot, the runner
  between cases, suite_init). Paths are relative to the source tree.

Documentation/dev-tools/coverage.rst, "Coverage per test".
"""
import html
import json
import os
import re
import subprocess

OUTSIDE = "(outside tests)"
EXCL_LINE = "LCOV_EXCL_LINE"
EXCL_START, EXCL_STOP = "LCOV_EXCL_START", "LCOV_EXCL_STOP"
EXCL_BR_LINE = "LCOV_EXCL_BR_LINE"
EXCL_BR_START, EXCL_BR_STOP = "LCOV_EXCL_BR_START", "LCOV_EXCL_BR_STOP"


class PerTestError(Exception):
    """The dumps cannot be read; the message says what to do."""


_excluded = {}


def exclusions(path):
    """The lines (all data, branch data) lcov's markers exclude in @path."""
    if path in _excluded:
        return _excluded[path]
    excl, brexcl = set(), set()
    try:
        with open(path, errors="replace") as f:
            lines = f.readlines()
    except OSError:
        lines = []
    in_excl = in_br = False
    for n, text in enumerate(lines, 1):
        if EXCL_START in text:
            in_excl = True
        if EXCL_BR_START in text:
            in_br = True
        if in_excl or EXCL_LINE in text:
            excl.add(n)
        if in_br or EXCL_BR_LINE in text:
            brexcl.add(n)
        if EXCL_STOP in text:
            in_excl = False
        if EXCL_BR_STOP in text:
            in_br = False
    _excluded[path] = (excl, brexcl)
    return _excluded[path]


def gcov_json(dump_dir, files, gcov):
    """gcov's JSON intermediate format for @files (.gcda, relative to
    @dump_dir): one object per data file."""
    p = subprocess.run([gcov, "-i", "-b", "-c", "-t"] + files, cwd=dump_dir,
                       capture_output=True, text=True)
    if p.returncode:
        raise PerTestError(f"{gcov} failed in {dump_dir}: "
                           f"{(p.stderr.strip().splitlines() or ['?'])[0]}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def merge_json(objs, into=None):
    """Add gcov JSON objects to {source: record} (see new_record())."""
    data = {} if into is None else into
    for obj in objs:
        for f in obj["files"]:
            src = os.path.normpath(os.path.join(obj["current_working_directory"],
                                                f["file"]))
            excl, brexcl = exclusions(src)
            rec = data.setdefault(src, {"fn": {}, "da": {}, "br": {}})
            for fn in f["functions"]:
                if fn["start_line"] in excl:
                    continue
                line, count = rec["fn"].get(fn["name"], (fn["start_line"], 0))
                rec["fn"][fn["name"]] = (line, count + fn["execution_count"])
            for ln in f["lines"]:
                n = ln["line_number"]
                if n in excl:
                    continue
                rec["da"][n] = rec["da"].get(n, 0) + ln["count"]
                if n in brexcl:
                    continue
                unexec = ln.get("unexecuted_block") and ln["count"] == 0
                for i, b in enumerate(ln["branches"]):
                    key = (n, i)
                    taken = None if unexec else b["count"]
                    old = rec["br"].get(key)
                    rec["br"][key] = old if taken is None else (old or 0) + taken
    return data


def write_records(out, tn, data, keep_empty):
    """Write @data as lcov tracefile records under test name @tn; a file
    no line of which ran is left out unless @keep_empty."""
    out.write(f"TN:{tn}\n")
    for src in sorted(data):
        rec = data[src]
        if not keep_empty and not any(rec["da"].values()):
            continue
        out.write(f"SF:{src}\n")
        fns = sorted(rec["fn"].items(), key=lambda kv: (kv[1][0], kv[0]))
        for name, (line, _) in fns:
            out.write(f"FN:{line},{name}\n")
        for name, (_, count) in fns:
            out.write(f"FNDA:{count},{name}\n")
        if fns:
            out.write(f"FNF:{len(fns)}\nFNH:{sum(1 for _, (_, c) in fns if c)}\n")
        for n in sorted(rec["da"]):
            out.write(f"DA:{n},{rec['da'][n]}\n")
        brs = sorted(rec["br"].items())
        for (n, i), taken in brs:
            out.write(f"BRDA:{n},0,{i},{'-' if taken is None else taken}\n")
        if brs:
            out.write(f"BRF:{len(brs)}\nBRH:{sum(1 for _, t in brs if t)}\n")
        out.write(f"LF:{len(rec['da'])}\nLH:{sum(1 for c in rec['da'].values() if c)}\n")
        out.write("end_of_record\n")


def test_name(backend, test, taken):
    """lcov's test name for @test on @backend: only [A-Za-z0-9_]."""
    short = re.sub(r"_defconfig$", "", backend)
    parts = [short] + (test.split(".") if test else ["outside_tests"])
    base = "__".join(re.sub(r"\W", "_", p) for p in parts)
    tn, i = base, 2
    while tn in taken and taken[tn] != (backend, test):
        tn, i = f"{base}_{i}", i + 1
    taken[tn] = (backend, test)
    return tn


def convert(index_path, backend, srctree, gcov, info_out, desc_out, taken):
    """Turn one backend's per-test dumps (tests.json of gcov-extract
    --per-test) into lcov records in @info_out and genhtml descriptions
    in @desc_out; return the per-test.json entries (files, tests)."""
    try:
        with open(index_path) as f:
            index = json.load(f)
        dumps = index["dumps"]
    except (OSError, ValueError, KeyError) as e:
        raise PerTestError(f"cannot read {index_path}: {e}: run gcov-extract "
                           "--per-test again") from None
    root = os.path.dirname(index_path)
    merged = {}     # one record set per test name: outside stretches add up
    order = []
    for i, d in enumerate(dumps):
        if not d["files"]:
            continue
        objs = gcov_json(os.path.join(root, d["dir"]), d["files"], gcov)
        tn = test_name(backend, d["test"], taken)
        if tn not in merged:
            merged[tn] = (d["test"], {})
            order.append(tn)
        merge_json(objs, merged[tn][1])
    files, tests = {}, []
    for k, tn in enumerate(order):
        test, data = merged[tn]
        # The first record holds every object: it gives every line.
        write_records(info_out, tn, data, keep_empty=(k == 0))
        desc_out.write(f"TN: {tn}\nTD: {backend}: {test or OUTSIDE}\n")
        lines = {}
        for src, rec in data.items():
            rel = os.path.relpath(src, srctree) if src.startswith(srctree + "/") else src
            files.setdefault(rel, set()).update(rec["da"])
            hit = sorted(n for n, c in rec["da"].items() if c)
            if hit:
                lines[rel] = hit
        tests.append({"backend": backend, "test": test, "tn": tn, "lines": lines})
    return files, tests


def write_json(path, backends, parts):
    """per-test.json from the (files, tests) of each backend."""
    files, tests = {}, []
    for f, t in parts:
        for rel, lines in f.items():
            files.setdefault(rel, set()).update(lines)
        tests += t
    doc = {"version": 1, "backends": backends,
           "files": {rel: sorted(v) for rel, v in sorted(files.items())},
           "tests": tests}
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
    os.replace(tmp, path)


def line_pages(doc, html_dir):
    """Give genhtml's source views the cases of every line: next to each
    FILE.gcov.html a FILE.tests.html lists, per line with code, the tests
    that ran it, and each line of the source view links there (its title,
    shown on hover, names them). genhtml 1.16 lists tests per file only.
    Return how many source views were linked."""
    linked = 0
    for rel, lines in doc["files"].items():
        view = os.path.join(html_dir, rel + ".gcov.html")
        if not os.path.isfile(view):
            continue
        runs = {n: {} for n in lines}  # line -> {case: [backends]}
        for t in doc["tests"]:
            backend = re.sub(r"_defconfig$", "", t["backend"])
            for n in t["lines"].get(rel, ()):
                runs[n].setdefault(t["test"] or OUTSIDE, []).append(backend)
        page = os.path.basename(rel) + ".tests.html"
        up = "../" * rel.count("/")
        rows = "".join(
            f'<tr id="L{n}" valign="top"><td class="coverNumDflt"><a href="'
            f'{os.path.basename(rel)}.gcov.html#{n}">{n}</a></td><td class="coverNumDflt">'
            f'{len(runs[n])}</td><td class="coverFile">'
            + ("<br>".join(f"{html.escape(c)} ({', '.join(b)})" for c, b in runs[n].items())
               or "-") + "</td></tr>\n" for n in sorted(runs))
        with open(os.path.join(os.path.dirname(view), page), "w") as f:
            f.write(f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
                    f'<title>{html.escape(rel)}: tests per line</title>'
                    f'<link rel="stylesheet" type="text/css" href="{up}gcov.css"></head><body>'
                    f'<table width="100%"><tr><td class="title">{html.escape(rel)}: the tests '
                    f'that ran each line</td></tr><tr><td class="ruler"></td></tr></table>'
                    f'<center><table cellpadding="1" cellspacing="1" border="0">'
                    f'<tr><td class="tableHead">line</td><td class="tableHead">tests</td>'
                    f'<td class="tableHead">suite.case[.param] (backends)</td></tr>\n'
                    f'{rows}</table></center></body></html>\n')
        with open(view) as f:
            text = f.read()

        def link(m):
            n = int(m.group(1))
            if n not in runs:
                return m.group(0)
            cases = list(runs[n])
            names = "&#10;".join(html.escape(c, quote=True) for c in cases[:40])
            more = f"&#10;... {len(cases) - 40} more" if len(cases) > 40 else ""
            return (f'<a name="{n}" href="{page}#L{n}" style="color:inherit;'
                    f'text-decoration:none" title="{len(cases)} tests: click for the '
                    f'list&#10;{names}{more}">')
        text = re.sub(r'<a name="(\d+)">', link, text)
        with open(view, "w") as f:
            f.write(text)
        linked += 1
    return linked


# -- Reading per-test.json: scripts/coverage which, per-test ---------------

def load(path):
    """per-test.json, or PerTestError saying how to make it."""
    try:
        with open(path) as f:
            doc = json.load(f)
    except FileNotFoundError:
        raise PerTestError(f"no per-test data in {path}: run 'make coverage "
                           "PER_TEST=1' (or scripts/coverage --per-test) first, "
                           "or pass its --out directory") from None
    except (OSError, ValueError) as e:
        raise PerTestError(f"cannot read {path}: {e}: run 'make coverage "
                           "PER_TEST=1' again") from None
    if not isinstance(doc, dict) or doc.get("version") != 1:
        raise PerTestError(f"{path} is not per-test.json version 1: run 'make "
                           "coverage PER_TEST=1' again")
    return doc


def which(doc, rel, line):
    """The tests that ran @rel:@line: [{"backend", "test"}], boot order."""
    return [{"backend": t["backend"], "test": t["test"]} for t in doc["tests"]
            if line in t["lines"].get(rel, ())]


def suite_files(srctree):
    """{suite name: the .c file (relative) that defines it}, found from the
    "struct ktest_suite X = { .name = "NAME"" definitions in the tree."""
    pat = re.compile(r"struct\s+ktest_suite\s+\w+\s*=\s*\{[^;]*?\.name\s*=\s*\"([^\"]+)\"",
                     re.S)
    found = {}
    for top in ("arch", "init", "kernel", "lib", "mm"):
        for root, _, names in os.walk(os.path.join(srctree, top)):
            for n in names:
                if n.endswith(".c"):
                    path = os.path.join(root, n)
                    with open(path, errors="replace") as f:
                        for m in pat.finditer(f.read()):
                            found[m.group(1)] = os.path.relpath(path, srctree)
    return found


def tested_files(test_file, profiled):
    """The files a suite defined in @test_file exists to test: X.c for
    X_test.c (or X-test.c) when profiled, else every profiled file of its
    directory that is not itself a test."""
    d, base = os.path.split(test_file)
    stem = re.sub(r"[-_]test\.c$", ".c", base)
    if stem != base and os.path.join(d, stem) in profiled:
        return [os.path.join(d, stem)]
    return sorted(f for f in profiled if os.path.dirname(f) == d
                  and not re.search(r"[-_]test\.c$", f))


def ranges(lines):
    """[1, 2, 3, 7] -> "1-3,7"."""
    out, start, prev = [], None, None
    for n in lines:
        if start is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(f"{start}-{prev}" if prev != start else str(start))
        start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else str(start))
    return ",".join(out)


def analyse(doc, srctree):
    """Per case (merged over backends) the lines no other case and no code
    outside the cases runs, fewest first; the lines exactly one case runs
    (code outside the cases may run them too); and each suite's coverage
    of the files it exists to test, by its cases alone and by every case."""
    by_case, outside = {}, {}
    for t in doc["tests"]:
        into = outside if t["test"] is None else by_case.setdefault(t["test"], {})
        for rel, lines in t["lines"].items():
            into.setdefault(rel, set()).update(lines)
    runners = {}            # (file, line) -> cases that ran it
    for case, files in by_case.items():
        for rel, lines in files.items():
            for n in lines:
                runners.setdefault((rel, n), []).append(case)
    unique = {case: {} for case in by_case}
    single = {}
    for (rel, n), cases in runners.items():
        if len(cases) == 1:
            single.setdefault(rel, []).append(n)
            if n not in outside.get(rel, ()):
                unique[cases[0]].setdefault(rel, []).append(n)
    cases = []
    for case in sorted(by_case, key=lambda c: (sum(map(len, unique[c].values())), c)):
        u = {rel: sorted(v) for rel, v in sorted(unique[case].items())}
        cases.append({"test": case, "unique_lines": sum(map(len, u.values())),
                      "lines": sum(map(len, by_case[case].values())), "unique": u})
    profiled = set(doc["files"])
    suites = []
    for name, test_file in sorted(suite_files(srctree).items()):
        targets = tested_files(test_file, profiled)
        mine = [c for c in by_case if c.split(".", 1)[0] == name]
        if not mine or not targets:
            continue
        found = sum(len(doc["files"][f]) for f in targets)
        alone = sum(len(set().union(*(by_case[c].get(f, set()) for c in mine)))
                    for f in targets)
        every = sum(len(set().union(*(c.get(f, set()) for c in by_case.values())))
                    for f in targets)
        suites.append({"suite": name, "defined_in": test_file, "files": targets,
                       "lines": found, "alone": alone, "all_cases": every})
    return {"cases": cases, "covered_lines": len(runners),
            "single_case_lines": sum(map(len, single.values())),
            "single_case": {rel: sorted(v) for rel, v in sorted(single.items())},
            "suites": suites}
