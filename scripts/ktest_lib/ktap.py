# SPDX-License-Identifier: GPL-2.0
#
# Streaming KTAP version 1 parser for ktest output read from a serial console.
#
# The kernel's console carries boot chatter, allocator reports and, somewhere
# in the middle, KTAP shaped like KUnit's:
#
#   KTAP version 1                      <- the run (the "root" test)
#   1..N                                <- N suites
#       KTAP version 1                  <- one nested test per suite
#       # Subtest: SUITE
#       1..M                            <- M cases
#       # case: diagnostic lines come before their result
#       not ok 1 case
#           KTAP version 1              <- a parameterised case nests again
#           # Subtest: pcase
#           ok 1 param description
#       ok 2 pcase
#       # SUITE: pass:N fail:N skip:N total:N
#   ok 1 SUITE
#   # Totals: pass:N fail:N skip:N total:N
#
# KtapParser is push-driven: feed() takes one console line at a time and
# returns the events it completes, so "scripts/ktest run" can print results
# while the kernel is still running; finish() closes whatever is still open
# and returns a RunResult.
#
# Structure comes from indentation relative to the enclosing test (the spec
# asks for two spaces a level, KUnit prints four; either works): a version,
# plan or result line indented less than the innermost open test closes that
# test. Lines that are not KTAP ("unknown lines") never change the structure;
# they are kept as diagnostics of the test that is running, which is what a
# developer wants to see next to a failure (an allocator report, an oops).
#
# What KTAP cannot say is inferred at the end: a test still open when the
# output stops means the kernel crashed (a "Kernel panic - not syncing:",
# "Oops:" or "CPU exception" line was seen), hung (the runner appended
# "kmlab-run: timeout", or the caller says so) or simply stopped printing.
# The case that was running is reported as crashed and every case the plans
# promised but that never reported is counted as failed. Any failure of the
# run that no leaf case carries (no KTAP at all, a panic after the tests, a
# non-zero kernel exit status) becomes one synthetic record, so that the
# counts and the exit status never disagree: "failed > 0" iff the run failed.
#
# Leaf tests (tests without subtests: cases, parameters, empty suites) are
# what gets counted and what the JSON/JUnit records describe. A plan is only
# a number: of the tests it promised that never reported, the first
# SYNTH_EACH get a record each and the rest one record "#K..#N" that counts
# for all of them, so that "1..3000000" costs no more than "1..101".

import re

PASS = 'pass'
FAIL = 'fail'
SKIP = 'skip'
CRASH = 'crash'
# Failed, then passed when scripts/ktest run --retries booted it again.
FLAKY = 'flaky'

# Lines recognised in the console outside KTAP.
PANIC_PREFIX = 'Kernel panic - not syncing:'
OOPS_PREFIX = 'Oops:'
EXCEPTION_TEXT = 'CPU exception'
# scripts/run-qemu (behind "make run") ends the console with one of these.
TIMEOUT_LINE = 'kmlab-run: timeout'
NO_STATUS_LINE = 'kmlab-run: no status'
_KERNEL_STATUS_RE = re.compile(r'^kmlab-run: kernel exit status (\d+)')

# Unreported tests of one plan that get a record each (see above).
SYNTH_EACH = 100

# Marker kinds that mean the kernel died.
CRASH_KINDS = ('panic', 'fault', 'reset')

_TIMESTAMP_RE = re.compile(r'^\[\s*\d+(?:\.\d+)?\]\s?')
_VERSION_RE = re.compile(r'^(K?TAP) version (\d+)\s*$')
_VERSION_SEARCH_RE = re.compile(r'K?TAP version \d+\s*$')
_PLAN_RE = re.compile(r'^1\.\.(\d+)\s*(?:#\s*(.*))?$')
_RESULT_RE = re.compile(
    r'^(ok|not ok)\s+(\d+)(?:\s+-)?(?:\s+([^#]*?))?\s*(?:#\s*(.*))?$')
_DIRECTIVE_RE = re.compile(r'^(SKIP|TODO|XFAIL|TIMEOUT|ERROR)\b\s*(.*)$',
                           re.IGNORECASE)
_SUBTEST_RE = re.compile(r'^#\s*Subtest:\s*(.*?)\s*$')
_STATS_RE = re.compile(
    r'^#\s*(\S+?):? pass:(\d+) fail:(\d+) skip:(\d+) total:(\d+)\s*$')
_RUNNING_RE = re.compile(r'^#\s*ktest: running (\S+)\s*$')


def strip_timestamp(line):
    """Drop a printk-style "[   12.345678] " prefix, if any."""
    return _TIMESTAMP_RE.sub('', line, count=1)


def marker_kind(text):
    """Classify a console line as a kernel marker: panic, fault, timeout."""
    text = text.strip()
    if text.startswith(PANIC_PREFIX):
        return 'panic'
    if text.startswith(OOPS_PREFIX) or EXCEPTION_TEXT in text:
        return 'fault'
    if text.startswith(TIMEOUT_LINE):
        return 'timeout'
    if text.startswith(NO_STATUS_LINE):
        return 'reset'
    return None


class Test:
    """One KTAP test: the run, a suite, a case or a parameter."""

    def __init__(self, parent=None, indent=0, number=None, name=None):
        self.parent = parent
        self.indent = indent        # indentation of this test's own lines
        self.number = number        # its number in the parent's plan
        self.name = name
        self.plan = None            # "1..N", None when absent
        self.children = []
        self.log = []               # diagnostics (before the result line)
        self.pending = []           # lines not yet given to a child
        self.ok = None              # "ok" / "not ok" of the result line
        self.directive = None       # SKIP, TODO, XFAIL, TIMEOUT, ERROR
        self.reason = ''            # text after the directive
        self.status = None          # PASS FAIL SKIP CRASH once known
        self.closed = False
        self.synthetic = False      # made up by the parser (never reported)
        self.announced = False
        self.stats = None           # "# NAME: pass:.. fail:.. ..." numbers
        self.running = None         # name from "# ktest: running NAME"
        self.errors = []
        self.count = 1              # tests it stands for (see SYNTH_EACH)

    @property
    def depth(self):
        d, t = 0, self.parent
        while t is not None:
            d, t = d + 1, t.parent
        return d

    def path(self):
        """Names from the suite down to this test (the run excluded)."""
        names, t = [], self
        while t is not None and t.parent is not None:
            names.append(t.display_name())
            t = t.parent
        return list(reversed(names))

    def display_name(self):
        if self.name:
            return self.name
        return '#%d' % self.number if self.number else '(unnamed)'

    def is_leaf(self):
        return not self.children

    def __repr__(self):
        return '<Test %s %s>' % ('/'.join(self.path()) or 'run', self.status)


class Record:
    """One counted result: a leaf test, or a failure of the run itself."""

    def __init__(self, suite, case, param, status, diagnostics=(),
                 skip_reason='', message='', test=None, count=1):
        self.count = count          # tests it stands for (see SYNTH_EACH)
        self.suite = suite
        self.case = case
        self.param = param
        self.status = status
        self.diagnostics = list(diagnostics)
        self.skip_reason = skip_reason
        self.message = message
        self.test = test
        self.attempts = 1           # boots it took (run --retries)
        self.failed_attempts = []   # diagnostics of the attempts that failed
        # From the kernel's "# CASE: took S s of guest time[, N
        # instructions]" and "# CASE.NAME: VALUE" lines.
        self.duration = None        # seconds of guest time
        self.instructions = None    # under -icount (ktest.icount=1)
        self.attributes = {}
        for d in self.diagnostics:
            m = _DURATION_RE.match(d)
            if m:
                self.duration = float(m.group(1))
                if m.group(2):
                    self.instructions = int(m.group(2))
            m = _ATTR_RE.match(d)
            if m and m.group(1) == case:
                self.attributes[m.group(2)] = m.group(3)

    def name(self):
        return '.'.join(n for n in (self.suite, self.case, self.param) if n)

    def as_dict(self):
        return {
            'count': self.count,
            'suite': self.suite,
            'case': self.case,
            'param': self.param,
            'status': self.status,
            'message': self.message,
            'skip_reason': self.skip_reason,
            'attempts': self.attempts,
            'duration': self.duration,
            'instructions': self.instructions,
            'attributes': self.attributes,
            'diagnostics': self.diagnostics,
        }

    def __repr__(self):
        return '<Record %s %s>' % (self.name(), self.status)


class RunResult:
    """What finish() knows about one boot."""

    def __init__(self):
        self.found = False          # a KTAP version line was seen
        self.root = None
        self.records = []
        self.complete = False       # every plan fulfilled, nothing open
        self.verdict = 'ok'         # ok, failed, crashed, hung, stopped,
                                    # no-ktap, no-tests
        self.summary = ''           # one sentence when the run went wrong
        self.errors = []            # structural problems (fail the run)
        self.warnings = []          # oddities that do not
        self.markers = []           # (kind, line) seen anywhere
        self.kernel_status = None   # from "kmlab-run: kernel exit status N"
        self.totals = None          # the kernel's own "# Totals:" numbers
        self.ktap_lines = []        # the KTAP, prefix stripped (for --raw)

    def count(self, status):
        return sum(r.count for r in self.records if r.status == status)

    @property
    def passed(self):
        return self.count(PASS)

    @property
    def failed(self):
        return self.count(FAIL) + self.count(CRASH)

    @property
    def skipped(self):
        return self.count(SKIP)

    @property
    def flaky(self):
        return self.count(FLAKY)

    @property
    def success(self):
        return self.failed == 0

    def count_line(self):
        return format_counts(self.passed, self.failed, self.skipped,
                             self.flaky)


def format_counts(passed, failed, skipped, flaky=0):
    """The closing line that make check greps: "N passed, N failed[, N
    skipped][, N flaky]" (flaky: failed, then passed on a retry)."""
    line = '%d passed, %d failed' % (passed, failed)
    if skipped:
        line += ', %d skipped' % skipped
    if flaky:
        line += ', %d flaky' % flaky
    return line


def merge_results(results):
    """One RunResult for several boots of one kernel (run --run-isolated):
    every record, every error and warning, the first verdict that is not
    "ok" and every summary."""
    out = RunResult()
    out.complete = True
    for res in results:
        out.found = out.found or res.found
        out.records.extend(res.records)
        out.errors.extend(res.errors)
        out.warnings.extend(res.warnings)
        out.markers.extend(res.markers)
        out.ktap_lines.extend(res.ktap_lines)
        out.complete = out.complete and res.complete
        if out.verdict == 'ok' and res.verdict != 'ok':
            out.verdict = res.verdict
        if res.summary:
            out.summary = (out.summary + '; ' if out.summary else '') + \
                res.summary
    return out


class KtapParser:
    """Incremental KTAP parser; see the comment at the top of the file."""

    def __init__(self, hung=False):
        self.hung = hung
        self.result = RunResult()
        self.prefix = None          # text before "KTAP version" (stripped
                                    # from every later line)
        self.root = None
        self.stack = []
        self.done = False           # the run's plan is fulfilled
        self.preamble = []          # console lines before KTAP
        self.post = []              # console lines after the run
        self.markers_outside = []   # markers outside any test
        self.tail_markers = []      # markers since the last KTAP progress
        self.lineno = 0

    # -- input --------------------------------------------------------

    def feed(self, line):
        """Consume one console line; return the list of events it caused.

        Events are tuples: ('ktap', root), ('begin', test), ('result', test),
        ('end', test), ('error', test, message), ('marker', kind, line).
        """
        self.lineno += 1
        line = line.rstrip('\r\n').replace('\r', '')
        events = []
        text = strip_timestamp(line)
        kind = marker_kind(text)
        if kind:
            self.result.markers.append((kind, text.strip()))
            events.append(('marker', kind, text.strip()))
            if kind == 'timeout':
                self.hung = True
        m = _KERNEL_STATUS_RE.match(text.strip())
        if m:
            self.result.kernel_status = int(m.group(1))

        if self.root is None:
            m = _VERSION_SEARCH_RE.search(text)
            if m and not kind:
                self.prefix = text[:m.start()]
                indent = 0
                if self.prefix.strip() == '':
                    indent, self.prefix = len(self.prefix), ''
                self._start(text[m.start():], indent, events)
            else:
                self.preamble.append(text)
                if kind in CRASH_KINDS:
                    self.markers_outside.append((kind, text.strip()))
            return events

        if self.prefix:
            if not text.startswith(self.prefix):
                self._unknown(text, kind)
                return events
            text = text[len(self.prefix):]

        if self.done:
            self.post.append(text)
            body = text.strip()
            if kind in CRASH_KINDS:
                self.markers_outside.append((kind, body))
            elif _STATS_RE.match(body):
                # "# Totals:" is part of the KTAP output (--raw keeps it).
                self.result.ktap_lines.append(text)
                self._diagnostic(self.root, body, text)
            elif _VERSION_RE.match(body) and \
                    len(text) - len(text.lstrip()) <= self.root.indent:
                self._error(self.root, 'a second KTAP document after the '
                            'run ended (did the kernel reboot?)', events)
            elif _VERSION_RE.match(body) or _RESULT_RE.match(body):
                self._error(self.root, 'KTAP goes on after the plan 1..%d '
                            'was fulfilled' % self.root.plan, events)
            return events

        if text.strip() or self.stack:
            self.result.ktap_lines.append(text)
        self._line(text, kind, events)
        return events

    def feed_all(self, lines):
        events = []
        for line in lines:
            events.extend(self.feed(line))
        return events

    # -- structure ----------------------------------------------------

    def _start(self, text, indent, events):
        self.root = Test(None, indent)
        self.stack = [self.root]
        self.result.found = True
        self.result.root = self.root
        self.result.ktap_lines.append(text)
        self._check_version(text)
        events.append(('ktap', self.root))

    def _check_version(self, text):
        m = _VERSION_RE.match(text.strip())
        if m and (m.group(1), m.group(2)) not in (('KTAP', '1'),
                                                  ('TAP', '13'),
                                                  ('TAP', '14')):
            self.result.warnings.append('line %d: unknown version "%s"'
                                        % (self.lineno, text.strip()))

    @property
    def top(self):
        return self.stack[-1]

    def _unknown(self, text, kind):
        """A line that is not KTAP: keep it with the running test."""
        self.top.pending.append(self._relative(text))
        if kind in CRASH_KINDS:
            self.tail_markers.append((kind, text.strip()))
            if len(self.stack) == 1:
                self.markers_outside.append((kind, text.strip()))
        m = _RUNNING_RE.match(text.strip())
        if m:
            self.top.running = m.group(1)

    def _error(self, test, msg, events):
        msg = 'line %d: %s' % (self.lineno, msg)
        test.errors.append(msg)
        self.result.errors.append(msg)
        events.append(('error', test, msg))

    def _line(self, text, kind, events):
        indent = len(text.expandtabs(8)) - len(text.expandtabs(8).lstrip())
        body = text.strip()
        if not body:
            return
        is_version = bool(_VERSION_RE.match(body))
        plan = _PLAN_RE.match(body)
        result = _RESULT_RE.match(body)
        subtest = _SUBTEST_RE.match(body)

        if kind or not (is_version or plan or result or body.startswith('#')):
            self._unknown(text, kind)
            return
        if is_version or plan or result:
            self.tail_markers = []

        # Less indented than the innermost test: that test is over.
        while (is_version or plan or result or subtest) and \
                len(self.stack) > 1 and indent < self.top.indent:
            t = self.top
            if result and indent >= t.parent.indent:
                self._close(t, result, events)
                return
            self._error(t, 'no result line for "%s"' % t.display_name(),
                        events)
            self._close(t, None, events)

        top = self.top
        if is_version and indent == top.indent and top.parent is not None \
                and (top.plan is not None or top.children or top.name):
            # The next sibling starts: the open test never reported.
            self._error(top, 'no result line for "%s"' % top.display_name(),
                        events)
            self._close(top, None, events)
            top = self.top
        if indent > top.indent and (is_version or plan or result or subtest):
            # A nested test begins (KTAP asks for a version line first;
            # accept a bare "# Subtest:", plan or result too).
            self._begin_child(indent, events)
            if not is_version:
                self._error(self.top, 'subtest without a version line',
                            events)
            top = self.top
            if is_version:
                self._check_version(body)
                return

        if is_version:
            self._error(top, 'unexpected version line', events)
        elif subtest:
            if top.name is None and not top.children and top.plan is None:
                top.name = subtest.group(1)
            else:
                self._error(top, 'unexpected "%s"' % body, events)
        elif plan:
            if top.plan is None and not top.children:
                top.plan = int(plan.group(1))
                # What came before the plan (a suite's "# speed: slow")
                # is the test's own, not its first case's.
                top.log.extend(top.pending)
                top.pending = []
                if top.parent is not None:
                    self._announce(top, events)
                if plan.group(2):
                    top.pending.append('# ' + plan.group(2))
            else:
                self._error(top, 'unexpected plan "%s"' % body, events)
        elif result:
            self._leaf(top, result, events)
        else:
            self._diagnostic(top, body, text)

    def _relative(self, text):
        """A log line, minus the innermost test's indentation."""
        text = text.rstrip().expandtabs(8)
        n = self.top.indent
        if text[:n].strip() == '':
            return text[n:]
        return text.lstrip()

    def _diagnostic(self, top, body, text):
        stats = _STATS_RE.match(body)
        if stats and stats.group(1) == 'Totals' and top is self.root:
            self.result.totals = tuple(int(stats.group(i))
                                       for i in range(2, 6))
            return
        if stats and top.name and stats.group(1) == top.name:
            top.stats = tuple(int(stats.group(i)) for i in range(2, 6))
            return
        m = _RUNNING_RE.match(body)
        if m:
            top.running = m.group(1)
        top.pending.append(self._relative(text))

    def _begin_child(self, indent, events):
        parent = self.top
        if parent.parent is not None:
            self._announce(parent, events)
        child = Test(parent, indent, len(parent.children) + 1)
        parent.log.extend(parent.pending)
        parent.pending = []
        parent.children.append(child)
        self.stack.append(child)

    def _announce(self, test, events):
        if not test.announced and test.parent is not None:
            test.announced = True
            if test.parent.parent is not None:
                self._announce(test.parent, events)
            events.append(('begin', test))

    def _apply_result(self, t, m):
        t.ok = m.group(1) == 'ok'
        number = int(m.group(2))
        name = (m.group(3) or '').strip()
        if name:
            if t.name and t.name != name:
                t.errors.append('result line names "%s", subtest header '
                                'said "%s"' % (name, t.name))
                self.result.warnings.append(
                    'line %d: %s' % (self.lineno, t.errors[-1]))
            t.name = t.name or name
        if number != t.number:
            self.result.warnings.append(
                'line %d: test "%s" is numbered %d, expected %d'
                % (self.lineno, t.display_name(), number, t.number))
        tail = (m.group(4) or '').strip()
        d = _DIRECTIVE_RE.match(tail)
        if d:
            t.directive = d.group(1).upper()
            t.reason = d.group(2).strip()
        elif tail:
            t.reason = tail
        if t.directive == 'SKIP':
            t.status = SKIP
        elif t.ok:
            t.status = PASS
        else:
            t.status = FAIL

    def _leaf(self, top, m, events):
        if top.parent is not None:
            self._announce(top, events)
        t = Test(top, top.indent, len(top.children) + 1)
        t.log, top.pending = top.pending, []
        top.children.append(t)
        self._apply_result(t, m)
        t.closed = True
        self._check_excess(top, events)
        events.append(('result', t))
        if top is self.root:
            self._check_done()

    def _close(self, t, m, events):
        """Close the innermost test, with its result line m if any."""
        self._announce(t, events)
        t.log.extend(t.pending)
        t.pending = []
        self.stack.pop()
        if m is not None:
            self._apply_result(t, m)
            if t.status == PASS and any(c.status == FAIL
                                        for c in t.children):
                self.result.warnings.append(
                    'line %d: "%s" reports ok but one of its tests failed'
                    % (self.lineno, t.display_name()))
        else:
            t.status = FAIL
        t.closed = True
        if t.plan is not None and len(t.children) < t.plan:
            self._error(t, 'plan said %d, got %d in "%s"'
                        % (t.plan, len(t.children), t.display_name()),
                        events)
        parent = t.parent
        self._check_excess(parent, events)
        events.append(('end', t))
        if parent is self.root:
            self._check_done()

    def _check_excess(self, t, events):
        if t.plan is not None and len(t.children) == t.plan + 1:
            self._error(t, 'plan said %d, got more in "%s"'
                        % (t.plan, t.display_name()), events)

    def _check_done(self):
        r = self.root
        if r.plan is not None and len(r.children) >= r.plan and \
                len(self.stack) == 1:
            self.done = True

    # -- the end ------------------------------------------------------

    def finish(self, exit_status=None):
        """Close the run and return its RunResult.

        exit_status is the status of the process that ran the kernel, if
        known: non-zero with otherwise passing tests still fails the run.
        """
        res = self.result
        if self.root is None:
            self._no_ktap(res)
            self._exit_status(res, exit_status)
            return res

        open_tests = list(self.stack[1:])
        root_short = (self.root.plan is not None and
                      len(self.root.children) < self.root.plan)
        incomplete = bool(open_tests) or root_short
        if not incomplete and self.root.plan is None and \
                self.root.children and (self.hung or self.tail_markers):
            incomplete = True
        res.complete = not incomplete
        if self.root.plan is None:
            res.warnings.append('the run has no plan ("1..N" after the '
                                'first version line)')

        if incomplete:
            self._incomplete(res, open_tests)
        else:
            self.root.log.extend(self.root.pending)
            self.root.pending = []

        # Never-reported children of tests that closed short of their plan.
        self._collect(self.root, res.records)

        if not incomplete:
            if self.hung:
                self._run_failure(res, 'hung', 'the kernel hung after the '
                                  'tests finished (timeout)',
                                  self.post[-20:])
            post_markers = [m for m in self.markers_outside
                            if m[0] in CRASH_KINDS]
            if post_markers:
                kind, line = post_markers[0]
                what = {'panic': 'panicked',
                        'fault': 'faulted outside a test',
                        'reset': 'did not exit cleanly'}[kind]
                self._run_failure(res, 'crashed', 'the kernel %s: %s'
                                  % (what, line), [line])
            if res.errors and res.verdict == 'ok':
                res.verdict = 'failed'
                res.summary = res.summary or 'the KTAP output is malformed'
                if not any(r.status in (FAIL, CRASH) for r in res.records):
                    res.records.append(Record('kernel', 'ktap', None, FAIL,
                                              res.errors, message=res.summary))
        if res.totals is not None:
            mine = (res.passed, res.failed, res.skipped,
                    sum(r.count for r in res.records))
            if res.complete and res.totals != mine:
                res.warnings.append(
                    'the kernel\'s Totals (pass:%d fail:%d skip:%d '
                    'total:%d) differ from the parsed results '
                    '(pass:%d fail:%d skip:%d total:%d)'
                    % (res.totals + mine))
        if not res.records:
            # As kunit.py: a run that executed no test is not a success.
            res.verdict = 'no-tests'
            plan = 'no plan' if self.root.plan is None else \
                'plan 1..%d' % self.root.plan
            res.summary = res.summary or 'no test ran (%s): does the ' \
                'filter match any test?' % plan
            res.records.append(Record('kernel', 'tests', None, FAIL,
                                      [res.summary], message=res.summary))
        if res.verdict == 'ok' and res.failed:
            res.verdict = 'failed'
        self._exit_status(res, exit_status)
        return res

    def _no_ktap(self, res):
        kinds = [k for k, _ in self.markers_outside]
        if any(k in CRASH_KINDS for k in kinds):
            line = self.markers_outside[0][1]
            res.verdict = 'crashed'
            res.summary = 'no KTAP output: the kernel crashed before ' \
                'any test ran: %s' % line
        elif self.hung:
            res.verdict = 'hung'
            res.summary = 'no KTAP output: the kernel hung before any ' \
                'test ran (timeout)'
        else:
            res.verdict = 'no-ktap'
            res.summary = 'no KTAP output found (no "KTAP version 1" line)'
        res.records.append(Record('kernel', 'boot', None, CRASH,
                                  self.preamble[-20:], message=res.summary))

    def _exit_status(self, res, exit_status):
        if res.kernel_status is not None:
            exit_status = res.kernel_status
        if exit_status and not res.failed:
            msg = 'the kernel run exited with status %d' % exit_status
            res.verdict = 'failed'
            res.summary = res.summary or msg
            res.records.append(Record('kernel', 'exit', None, FAIL,
                                      [msg], message=msg))

    def _run_failure(self, res, verdict, summary, diagnostics):
        if res.verdict == 'ok':
            res.verdict = verdict
            res.summary = summary
        res.records.append(Record('kernel', 'after-tests', None, CRASH,
                                  diagnostics, message=summary))

    def _incomplete(self, res, open_tests):
        """The output stopped inside the run: say where and why."""
        crash = [m for m in self.tail_markers if m[0] == 'panic'] or \
            self.tail_markers
        if crash:
            res.verdict = 'crashed'
            how = 'crashed (%s)' % crash[-1][1]
        elif self.hung:
            res.verdict = 'hung'
            how = 'hung (timeout)'
        else:
            res.verdict = 'stopped'
            how = 'stopped printing'

        inner = open_tests[-1] if open_tests else self.root
        tail, inner.pending = inner.pending, []
        for t in reversed(open_tests):
            t.log.extend(t.pending)
            t.pending = []
            t.status = CRASH
            t.reason = 'the kernel %s' % how
            t.closed = True
        where = self._where(inner, tail)
        suites = self.root.plan
        got = sum(1 for c in self.root.children if c.closed and
                  c not in open_tests)
        if suites is not None:
            res.summary = 'plan said %d, got %d: the kernel %s%s' % (
                suites, got, how, where)
        else:
            res.summary = 'the kernel %s%s' % (how, where)
        # The test that was running is the next slot of the innermost open
        # test (or, all its cases done, that test itself); then make up the
        # tests the plans promised.
        for t in reversed([self.root] + open_tests):
            want = t.plan
            have = len(t.children)
            if t is inner:
                if want is None or have < want:
                    c = self._synth(t, 'running when the kernel %s' % how,
                                    name=t.running or
                                    guess_running(t, tail))
                    c.log = tail
                    have += 1
                else:
                    t.log.extend(tail)
            if want is not None:
                self._synth_missing(t, have, want,
                                    'never ran: the kernel %s' % how)
        self.root.log.extend(self.root.pending)
        self.root.pending = []

    def _where(self, inner, tail):
        if inner.parent is None:
            last = self.root.children[-1].display_name() \
                if self.root.children else None
            return (' after suite %s' % last) if last else \
                ' before the first suite'
        path = inner.path()
        nxt = len(inner.children) + 1
        case = inner.running or guess_running(inner, tail) or ('#%d' % nxt)
        if inner.plan is not None:
            if nxt > inner.plan:
                case = 'after its last case (%d of %d)' % (
                    inner.plan, inner.plan)
            else:
                case += ' of %d' % inner.plan
        s = ' in suite %s' % path[0]
        for p in path[1:]:
            s += ', case %s' % p
        if inner.plan is not None and nxt > inner.plan:
            return s + ', ' + case
        label = 'case' if len(path) == 1 else 'parameter'
        s += ', %s %s' % (label, case)
        if inner.children:
            s += ' (after "%s")' % inner.children[-1].display_name()
        return s

    def _synth(self, parent, reason, name=None):
        t = Test(parent, parent.indent + 4, len(parent.children) + 1, name)
        t.status = CRASH
        t.reason = reason
        t.synthetic = True
        t.closed = True
        parent.children.append(t)
        return t

    def _synth_missing(self, parent, have, want, reason, status=CRASH):
        """Tests have+1 .. want of @parent never reported: a record each
        for the first SYNTH_EACH, one for all the rest."""
        each = min(want, have + SYNTH_EACH)
        for _ in range(have, each):
            self._synth(parent, reason).status = status
        if each < want:
            rest = want - each
            t = self._synth(parent, '%s (%d tests)' % (reason, rest),
                            name='#%d..#%d' % (each + 1, want))
            t.status = status
            t.count = rest

    def _collect(self, t, records):
        """Walk the tree, making one Record per leaf."""
        if t.closed and t.parent is not None and t.plan is not None and \
                t.status != CRASH and len(t.children) < t.plan:
            reason = 'no result reported (plan said %d, got %d)' % (
                t.plan, len(t.children))
            self._synth_missing(t, len(t.children), t.plan, reason, FAIL)
        if t.parent is not None and t.is_leaf():
            records.append(self._record(t))
            return
        before = len(records)
        for c in t.children:
            self._collect(c, records)
        if t.parent is None:
            return
        mine = records[before:]
        if t.status in (FAIL, CRASH) and not any(r.status in (FAIL, CRASH)
                                                 for r in mine):
            # The test failed on its own (init/exit, a leak, a bad plan,
            # a crash after its last case).
            rec = self._record(t)
            rec.message = rec.message or 'the suite itself failed'
            records.append(rec)

    def _record(self, t):
        path = t.path()
        suite = path[0]
        case = path[1] if len(path) > 1 else None
        param = '/'.join(path[2:]) if len(path) > 2 else None
        diags = list(t.log)
        if t.synthetic:
            diags.append('# ' + t.reason)
        message = ''
        if t.status == SKIP:
            message = t.reason
        elif t.status == CRASH:
            message = t.reason
        elif t.status == FAIL:
            message = t.reason or (t.errors[0] if t.errors else '')
            if not message:
                message = first_failure_line(diags) or 'failed'
        return Record(suite, case, param, t.status, diags,
                      skip_reason=t.reason if t.status == SKIP else '',
                      message=message, test=t, count=t.count)


_CASE_DIAG_RE = re.compile(r'^#\s*([A-Za-z_][A-Za-z0-9_]*): ')
# What ktest says about every case, not about a failure.
_DURATION_RE = re.compile(r'^#\s*\S+: took (\d+(?:\.\d+)?) s of guest time'
                          r'(?:, (\d+) instructions)?$')
_ATTR_RE = re.compile(r'^#\s*([A-Za-z_][A-Za-z0-9_]*)'
                      r'\.([A-Za-z_][A-Za-z0-9_]*): (\S*)$')


def guess_running(t, lines):
    """Name the case that was running from its KUnit-style diagnostics.

    Cases print "# CASE: message" before their result line, so the last such
    line after the last result names the case that never finished.
    """
    done = {c.name for c in t.children} | {t.name}
    for line in reversed(lines):
        m = _CASE_DIAG_RE.match(line)
        if m and m.group(1) not in done and m.group(1) != 'ktest':
            return m.group(1)
    return None


def first_failure_line(diags):
    """The most telling diagnostic line, for a one-line failure message."""
    diags = [d for d in diags
             if not _DURATION_RE.match(d) and not _ATTR_RE.match(d)]
    for d in diags:
        low = d.lower()
        if 'failed' in low or 'expected' in low or 'fault' in low or \
                'exception' in low or 'leak' in low:
            return d.lstrip('# ').strip()
    return diags[0].lstrip('# ').strip() if diags else ''


def parse_lines(lines, hung=False, exit_status=None):
    """Parse a whole console log at once."""
    p = KtapParser(hung=hung)
    p.feed_all(lines)
    return p.finish(exit_status)
