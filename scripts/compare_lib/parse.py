# SPDX-License-Identifier: GPL-2.0
"""Parse the kbench lines of a serial log (lib/kbench/core.c).

    kbench: {"event":"start",...}          one, when the benchmarks start
    kbench: {"event":"reserve",...}        the replay's ID table (optional)
    kbench: {"workload":"NAME",...}        one per workload (or "rejected")
    kbench-series: {"workload":"NAME","ev":E,"held":P,"live":B,
                    "lo":L,"hi":H,"wlo":WL,"whi":WH}   (the last four optional)
    kbench: {"event":"end","workloads":N,"problems":M}

A log is complete when it has the start and the end line, the number of
result lines matches the end line's count and no trace module was rejected. Anything else (a cut line, no
end line, a count mismatch) is reported in ``errors`` with what to do.
"""
import json

RESULT_PREFIX = "kbench: "
SERIES_PREFIX = "kbench-series: "
# The address map's members of a series line (lib/kbench/replay.c).
ADDRMAP_KEYS = ("lo", "hi", "wlo", "whi")


def parse_log(text):
    """Parse a whole serial log.

    Return a dict: start, reserve, end (dicts or None), workloads (name ->
    result dict, in order), rejected (name -> message), series (name ->
    list of (ev, held_pages, live_bytes), followed by (lo, hi, wlo, whi)
    when the line has them: the address map, report.addrmap_points()), oops (list of the kernel's
    "Oops:" lines), status (the kmlab-run line or None), complete (bool)
    and errors (list of strings).
    """
    run = {"start": None, "reserve": None, "end": None, "workloads": {},
           "rejected": {}, "series": {}, "oops": [], "status": None,
           "complete": False, "errors": []}
    lines = text.replace("\r\n", "\n").split("\n")
    # A log that does not end with a newline was cut in its last line.
    cut_last = bool(lines and lines[-1])
    for no, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if line.startswith("Oops:"):
            run["oops"].append(line)
        if line.startswith("kmlab-run:"):
            run["status"] = line[len("kmlab-run:"):].strip()
        for prefix in (RESULT_PREFIX, SERIES_PREFIX):
            if line.startswith(prefix + "{"):
                break
        else:
            continue
        try:
            obj = json.loads(line[len(prefix):])
            if not isinstance(obj, dict):
                raise ValueError("not an object")
        except ValueError as e:
            what = ("cut off at the end of the log" if no == len(lines)
                    and cut_last else f"malformed ({e})")
            run["errors"].append(f"line {no}: kbench line {what}")
            continue
        if prefix == SERIES_PREFIX:
            try:
                pt = (int(obj["ev"]), int(obj["held"]), int(obj["live"]))
                if "whi" in obj:
                    pt += tuple(int(obj[k]) for k in ADDRMAP_KEYS)
                run["series"].setdefault(obj["workload"], []).append(pt)
            except (KeyError, TypeError, ValueError):
                run["errors"].append(f"line {no}: bad kbench-series line")
            continue
        event = obj.get("event")
        if event in ("start", "end", "reserve"):
            run[event] = obj
        elif "workload" in obj:
            if "rejected" in obj:
                # Not measured: the run cannot be complete (the kernel
                # counts it as a problem too).
                run["rejected"][obj["workload"]] = obj["rejected"]
                run["errors"].append(
                    f"{obj['workload']}: module rejected by the kernel: "
                    f"{obj['rejected']}; nothing replayed")
            else:
                run["workloads"][obj["workload"]] = obj
        else:
            run["errors"].append(f"line {no}: kbench line without workload or event")
    if run["start"] is None:
        run["errors"].append(
            "no 'kbench: {\"event\":\"start\"...}' line: the benchmarks never "
            "ran (kernel built without CONFIG_KBENCH, kbench.run=1 missing, "
            "or the kernel stopped before the tests ended; see the log)")
    elif run["end"] is None:
        run["errors"].append(
            "no 'kbench: {\"event\":\"end\"...}' line: the log is truncated "
            "(the kernel faulted, hung or hit the timeout: see the Oops lines "
            "and the last workload in the log; raise --timeout if it was "
            "just slow)")
    else:
        want = run["end"].get("workloads")
        if want != len(run["workloads"]):
            run["errors"].append(
                f"the end line counts {want} workloads but the log has "
                f"{len(run['workloads'])} result lines: lines were lost")
    run["complete"] = not run["errors"]
    return run


def parse_file(path):
    """parse_log() of a file; a missing file is an error entry, not a crash."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return parse_log(f.read())
    except OSError as e:
        run = parse_log("")
        run["errors"].insert(0, f"cannot read {path}: {e.strerror}")
        return run
