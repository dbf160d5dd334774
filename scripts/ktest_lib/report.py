# SPDX-License-Identifier: GPL-2.0
#
# The human-readable ktest report, shaped like kunit.py's.
#
# Reporter.event() takes the parser's events as they happen, so a run that
# is still booting already shows its finished suites:
#
#   ================= kmalloc (4 subtests) =================
#   [PASSED] kmalloc_zero_returns_zero_size_ptr
#   [FAILED] kcalloc_overflow_returns_null
#       # kcalloc_overflow_returns_null: EXPECTATION FAILED at ...
#   ================= [FAILED] kmalloc ======================
#
# Reporter.finish() adds what only the end of the output can tell (crashed
# and never-run cases, run-level failures, parse errors), a summary, and the
# closing "N passed, N failed[, N skipped]" line that make check reads.
# Colour is used only when the output is a terminal (or when forced).

import os
import sys

from . import ktap

WIDTH = 60

_COLORS = {
    'green': '\033[1;32m',
    'red': '\033[1;31m',
    'yellow': '\033[1;33m',
    'bold': '\033[1m',
}
_RESET = '\033[0m'

_TAGS = {
    ktap.PASS: ('PASSED', 'green'),
    ktap.FAIL: ('FAILED', 'red'),
    ktap.SKIP: ('SKIPPED', 'yellow'),
    ktap.CRASH: ('CRASHED', 'red'),
    ktap.FLAKY: ('FLAKY', 'yellow'),
}


def use_color(stream, mode='auto'):
    if mode == 'always':
        return True
    if mode == 'never' or os.environ.get('NO_COLOR'):
        return False
    return hasattr(stream, 'isatty') and stream.isatty()


class Reporter:
    def __init__(self, out=None, color='auto'):
        self.out = out or sys.stdout
        self.color = use_color(self.out, color)
        self.shown = set()          # ids of the Tests already printed

    # -- helpers ------------------------------------------------------

    def paint(self, text, color):
        if not self.color or not color:
            return text
        return _COLORS[color] + text + _RESET

    def print(self, text=''):
        print(text, file=self.out, flush=True)

    def divider(self, text='', color=None):
        if not text:
            self.print('=' * WIDTH)
            return
        left = max(3, (WIDTH - len(text) - 2) // 2)
        right = max(3, WIDTH - len(text) - 2 - left)
        self.print(self.paint('=' * left + ' ' + text + ' ' + '=' * right,
                              color))

    def tag(self, status):
        word, color = _TAGS[status]
        return self.paint('[%s]' % word, color)

    def diagnostics(self, lines, indent='    '):
        for line in lines:
            self.print(indent + line)

    # -- live events --------------------------------------------------

    def event(self, ev):
        kind = ev[0]
        if kind == 'begin':
            t = ev[1]
            if t.plan is not None:
                n = t.plan
                self.divider('%s (%d subtest%s)' % (t.display_name(), n,
                                                    '' if n == 1 else 's'))
            else:
                self.divider(t.display_name())
        elif kind == 'result':
            self.leaf(ev[1])
        elif kind == 'end':
            t = ev[1]
            if t.is_leaf():
                self.leaf(t)
            else:
                self.shown.add(id(t))
                word, color = _TAGS[t.status]
                self.divider('[%s] %s' % (word, t.display_name()), color)
        elif kind == 'error':
            self.print(self.paint('[ERROR] ', 'red') + ev[2])

    def leaf(self, t):
        self.shown.add(id(t))
        line = '%s %s' % (self.tag(t.status), t.display_name())
        if t.status == ktap.SKIP and t.reason:
            line += ' (%s)' % t.reason
        self.print(line)
        if t.status in (ktap.FAIL, ktap.CRASH):
            self.diagnostics(t.log)
            if t.reason and t.status == ktap.FAIL:
                self.print('    # ' + t.reason)

    # -- the end ------------------------------------------------------

    def finish(self, res, title=None, counts=True):
        late = [r for r in res.records
                if r.test is None or id(r.test) not in self.shown or
                r.test.synthetic]
        if late:
            self.divider('not reported by the kernel', 'red')
            for r in late:
                self.print('%s %s%s' % (self.tag(r.status), r.name(),
                                        ': ' + r.message if r.message
                                        else ''))
                diags = [d for d in r.diagnostics
                         if d.lstrip('# ') != r.message]
                self.diagnostics(diags[-20:])
        for w in res.warnings:
            self.print(self.paint('warning: ', 'yellow') + w)
        for e in res.errors:
            self.print(self.paint('error: ', 'red') + e)
        self.divider()
        total = sum(r.count for r in res.records)
        parts = ['passed: %d' % res.passed]
        if res.failed:
            parts.append(self.paint('failed: %d' % res.failed, 'red'))
        if res.skipped:
            parts.append(self.paint('skipped: %d' % res.skipped, 'yellow'))
        if res.flaky:
            parts.append(self.paint('flaky: %d' % res.flaky, 'yellow'))
        self.print('%sTesting complete. Ran %d test%s: %s' % (
            (title + ': ') if title else '', total,
            '' if total == 1 else 's', ', '.join(parts)))
        if res.summary:
            self.print(self.paint(verdict_text(res), 'red'))
        if counts:
            self.print(res.count_line())


def verdict_text(res):
    """One line on how the run ended, for anything but a clean finish."""
    if res.verdict in ('crashed', 'hung', 'stopped'):
        head = 'Incomplete run'
    elif res.verdict in ('no-ktap', 'no-tests', 'build-failed'):
        head = 'No test results'
    else:
        head = 'Run failed'
    return '%s: %s' % (head, res.summary)
