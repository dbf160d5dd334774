# SPDX-License-Identifier: GPL-2.0
"""Regression budgets of make check-compare (scripts/compare-budgets).

The budget file holds one budget a line, ``#`` starts a comment:

    VARIANT  WORKLOAD  FIGURE  LIMIT

VARIANT is a compare variant (a backend found in mm/Kconfig and configs/,
or a line of scripts/compare-variants; scripts/kmlab_lib/backends.py), WORKLOAD
a kbench workload name (churn/64/fwd, pages/0, trace/build-20k ...),
FIGURE a dotted path into its result line (alloc.mean, free.p99 ...) and
LIMIT the largest value that passes. The figures are exact guest
instruction counts under -icount, the same on every machine, so a budget
is a regression test, not a timing test: set it with headroom (about 20 %)
above the figure measured when it was last set, and lower it when a
backend gets faster. The issue's targets are not budgets: they are
reported (met or missed) by scripts/compare_lib/targets.py.
"""
from kmlab_lib.tree import read_lines


class BudgetError(Exception):
    """A malformed budget file; the message says which line and why."""


def load(path):
    """Read @path. Return a list of (variant, workload, figure, limit, lineno).

    Raises BudgetError (unreadable file, a line without four fields, a
    limit that is not a number).
    """
    out = []
    for no, line in read_lines(path, BudgetError, "budget file"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        f = line.split()
        if len(f) != 4:
            raise BudgetError(f"{path}:{no}: want 'VARIANT WORKLOAD FIGURE LIMIT', "
                              f"got {len(f)} field(s)")
        try:
            limit = float(f[3].replace(",", ""))
        except ValueError:
            raise BudgetError(f"{path}:{no}: limit '{f[3]}' is not a number")
        out.append((f[0], f[1], f[2], limit, no))
    return out


def figure(result, path):
    """The value at dotted @path in a workload's @result dict, or None."""
    v = result
    for key in path.split("."):
        if not isinstance(v, dict) or key not in v:
            return None
        v = v[key]
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def check(budgets, runs_by_variant):
    """Evaluate @budgets against the main runs (variant -> run dict).

    Return a list of (name, ok, why): one per budget. A budget whose
    variant was not run, whose workload has no result line, or whose
    figure is missing fails, saying which.
    """
    out = []
    for variant, wl, fig, limit, no in budgets:
        name = f"{variant}: {wl} {fig} within the budget of {limit:g}"
        run = runs_by_variant.get(variant)
        if run is None:
            out.append((name, False, f"{variant} was not run"))
            continue
        w = run["workloads"].get(wl)
        if w is None:
            why = run["rejected"].get(wl)
            out.append((name, False, f"rejected: {why}" if why else
                        f"no result line for {wl} ({run.get('status')})"))
            continue
        v = figure(w, fig)
        if v is None:
            out.append((name, False, f"no figure {fig} in the result line"))
            continue
        out.append((name, v <= limit, f"measured {v:g}, over budget by "
                    f"{(v - limit) / limit * 100:.0f} % (line {no})"))
    return out
