# SPDX-License-Identifier: GPL-2.0
"""Check that a console log holds KTAP shaped the way KUnit's parser needs.

KUnit's tools/testing/kunit/kunit_parser.py strips each line's leading
white space and then tells lines apart by their text alone: "KTAP version
N", "# Subtest: NAME", "1..N", "ok N NAME" / "not ok N NAME[ # SKIP ...]";
everything else is diagnostics. It expects, per test, the subtests
numbered 1, 2, ... up to the plan, and a subtest's result line to carry
the name of its "# Subtest:" line; it counts leaf tests only (a
parameterised case counts once per parameter). This module checks those
properties, and more than the parser needs (each level indented by exactly
four more spaces, "# NAME: pass:.." and "# Totals:" lines equal to the leaf
counts), without using KUnit's code:

    problems = check(lines)     # [] when the log is fine

Each problem is a string "line N: what is wrong".
"""
import re

VERSION = re.compile(r'^KTAP version (\d+)$')
SUBTEST = re.compile(r'^# Subtest: (.*)$')
PLAN = re.compile(r'^1\.\.(\d+)$')
RESULT = re.compile(r'^(ok|not ok) (\d+) (.*)$')
STATS = re.compile(r'^# (.+): pass:(\d+) fail:(\d+) skip:(\d+) total:(\d+)$')
TOTALS = re.compile(r'^# Totals: pass:(\d+) fail:(\d+) skip:(\d+) total:(\d+)$')
STRUCTURAL = (VERSION, SUBTEST, RESULT)     # what ends a run of diagnostics


class ShapeError(Exception):
    pass


class _Reader:
    def __init__(self, lines):
        self.lines = [line.rstrip('\r\n') for line in lines]
        self.pos = 0

    def indent(self, i):
        line = self.lines[i]
        return len(line) - len(line.lstrip(' ')), line.strip()

    def fail(self, msg, i=None):
        i = self.pos if i is None else i
        raise ShapeError('line %d: %s' % (i + 1, msg))

    def expect(self, regex, indent, what):
        if self.pos >= len(self.lines):
            self.fail('log ends where %s was expected' % what)
        ind, text = self.indent(self.pos)
        m = regex.match(text)
        if not m:
            self.fail('expected %s, found %r' % (what, text))
        if ind != indent or '\t' in self.lines[self.pos][:ind + 1]:
            self.fail('%s indented by %d spaces, expected %d'
                      % (what, ind, indent))
        self.pos += 1
        return m

    def diagnostics(self):
        """Skip to the next structural line; return the skipped texts."""
        seen = []
        while self.pos < len(self.lines):
            ind, text = self.indent(self.pos)
            if any(r.match(text) for r in STRUCTURAL) or \
                    (ind == 0 and TOTALS.match(text)):
                break
            seen.append((self.pos, ind, text))
            self.pos += 1
        return seen


def _result(rd, m, number, indent):
    """Check a result line's number and name; return (name, status)."""
    if int(m.group(2)) != number:
        rd.fail('test number %s, expected %d' % (m.group(2), number),
                rd.pos - 1)
    rest = m.group(3)
    skip = re.match(r'^(.*?) # SKIP( .*)?$', rest)
    name = skip.group(1) if skip else rest
    if '#' in name or not name.strip() or name != name.strip():
        rd.fail('test name %r: empty, padded or holding "#"' % name,
                rd.pos - 1)
    if skip:
        return name, 'skip'
    return name, 'pass' if m.group(1) == 'ok' else 'fail'


def _block(rd, depth, counts):
    """A test with subtests whose "KTAP version" line is at rd.pos."""
    indent = 4 * depth
    rd.expect(VERSION, indent, '"KTAP version 1"')
    name = None
    if depth:
        name = rd.expect(SUBTEST, indent, '"# Subtest: NAME"').group(1)
        # A suite's attribute lines ("# area: smp"; KUnit's "# module: X")
        # come before its plan: kunit_parser reads them as diagnostics.
        while rd.pos < len(rd.lines) and \
                not PLAN.match(rd.indent(rd.pos)[1]) and \
                not any(r.match(rd.indent(rd.pos)[1]) for r in STRUCTURAL):
            rd.pos += 1
    planned = int(rd.expect(PLAN, indent, 'a plan "1..N"').group(1))
    for number in range(1, planned + 1):
        rd.diagnostics()
        if rd.pos >= len(rd.lines):
            rd.fail('log ends after %d of %d planned tests'
                    % (number - 1, planned))
        ind, text = rd.indent(rd.pos)
        if VERSION.match(text):
            sub = {'pass': 0, 'fail': 0, 'skip': 0}
            subname = _block(rd, depth + 1, sub)
            m = rd.expect(RESULT, indent, 'the result of "%s"' % subname)
            got, status = _result(rd, m, number, indent)
            if got != subname:
                rd.fail('result names %r, its "# Subtest:" says %r'
                        % (got, subname), rd.pos - 1)
            if sub['fail'] and status != 'fail':
                rd.fail('"%s" reported %s with a failed subtest'
                        % (subname, status), rd.pos - 1)
            if not any(sub.values()):
                sub[status] = 1     # "1..0": a leaf, as KUnit counts it
            for k in counts:
                counts[k] += sub[k]
        else:
            m = rd.expect(RESULT, indent,
                          'result %d of %d' % (number, planned))
            _, status = _result(rd, m, number, indent)
            counts[status] += 1
    if depth:
        # "# NAME: pass:.." comes after the subtests, before the result.
        save = rd.pos
        stats = [(i, STATS.match(t)) for i, _, t in rd.diagnostics()]
        stats = [(i, s) for i, s in stats if s and s.group(1) == name]
        if not stats:
            rd.fail('no "# %s: pass:..." line after its subtests' % name, save)
        i, s = stats[-1]
        want = (counts['pass'], counts['fail'], counts['skip'],
                sum(counts.values()))
        got = tuple(int(x) for x in s.groups()[1:])
        if got != want and planned:
            rd.fail('"%s" counts pass/fail/skip/total %s, its subtests %s'
                    % (name, got, want), i)
    return name


def check(lines):
    """Return the list of shape problems of the first KTAP run in @lines."""
    rd = _Reader(lines)
    while rd.pos < len(rd.lines) and rd.lines[rd.pos] != 'KTAP version 1':
        rd.pos += 1
    if rd.pos == len(rd.lines):
        return ['no "KTAP version 1" line at column 0']
    counts = {'pass': 0, 'fail': 0, 'skip': 0}
    try:
        _block(rd, 0, counts)
        rd.diagnostics()
        m = rd.expect(TOTALS, 0, '"# Totals:" after the last suite')
    except ShapeError as e:
        return [str(e)]
    want = (counts['pass'], counts['fail'], counts['skip'],
            sum(counts.values()))
    got = tuple(int(x) for x in m.groups())
    if got != want:
        return ['line %d: # Totals: pass/fail/skip/total %s, leaf results %s'
                % (rd.pos, got, want)]
    return []
