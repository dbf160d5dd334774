# SPDX-License-Identifier: GPL-2.0
#
# Configure, build and boot a kmlab kernel through its Makefile, feeding the
# console to the KTAP parser as it arrives.
#
# Everything goes through make so that scripts/ktest builds exactly what a
# developer's "make" builds:
#
#   make -C SRCTREE O=BUILDDIR NAME_defconfig      (or "defconfig")
#   make -C SRCTREE O=BUILDDIR -j2
#   make -C SRCTREE O=BUILDDIR run QEMU_BOOT=kernel CMDLINE="..." TIMEOUT=S
#
# With --arch host, each gets ARCH=host (and run no QEMU_BOOT=): the same
# kernel runs as a Linux process (Documentation/dev-tools/arch-host.rst).
#
# The output of the first two goes to BUILDDIR/ktest-build.log and is shown
# only when they fail; "make run" prints the serial console on stdout (and
# keeps it in BUILDDIR/build/run/serial.log), which is read line by line.
# Build dirs default to SRCTREE/build/ktest/NAME (ARCH=host:
# build/ktest-host/NAME), never the source tree.

import os
import re
import signal
import subprocess
import sys
import time

from kmlab_lib import backends, tree as ktree

from . import ktap


class UsageError(Exception):
    """Bad input from the user: scripts/ktest exits with status 2."""


def srctree():
    return ktree.SRCTREE


def defconfigs(tree, examples=True):
    """The configs/*_defconfig names, sorted; "defconfig" is the default.
    Without @examples, no example or test config (ktest_examples...)."""
    return backends.defconfigs(tree, examples=examples)


def resolve_defconfig(tree, name):
    """Map "slob", "slob_defconfig" or "defconfig" to a make target."""
    if name in (None, '', 'defconfig'):
        return 'defconfig'
    known = defconfigs(tree)
    for cand in (name, name + '_defconfig'):
        if cand in known:
            return cand
    raise UsageError('unknown defconfig "%s"; the defconfigs are: %s'
                     % (name, ' '.join(['defconfig'] + known)))


def default_build_dir(tree, config, arch=None):
    """build/ktest/NAME, or build/ktest-host/NAME for ARCH=host."""
    return os.path.join(tree, 'build', 'ktest-host' if arch == 'host'
                        else 'ktest', config)


def check_build_dir(tree, bdir):
    """Refuse a build directory inside the source tree (symlinks resolved)
    but under its build/: make O=DIR writes DIR/.config and objects, so a
    source directory, or a link to the tree, would get them."""
    real = os.path.realpath(bdir)
    tree = os.path.realpath(tree)
    outputs = os.path.join(tree, 'build')
    if (real == tree or real.startswith(tree + os.sep)) and \
            not real.startswith(outputs + os.sep):
        raise UsageError('--build-dir %s is inside the source tree %s: '
                         'pick a directory outside it or under %s/'
                         % (bdir, tree, outputs))


def kernel_cmdline(filter_glob=None, extra=None, filter_attr=None,
                   icount=False, list_only=False):
    """The kernel command line for the ktest.* options of scripts/ktest."""
    args = []
    if filter_glob:
        args.append('ktest.filter_glob=' + filter_glob)
    if filter_attr:
        if any(c.isspace() or c in '"\'' for c in filter_attr):
            raise UsageError('--filter-attr %r: no spaces or quotes (write '
                             '"speed>slow,area=slab")' % filter_attr)
        args.append('ktest.filter=' + filter_attr)
    if icount:
        args.append('ktest.icount=1')
    if list_only:
        args.append('ktest.list=1')
    if extra:
        args.append(extra)
    return ' '.join(args)


_KCONFIG_SET_RE = re.compile(r'^(CONFIG_[A-Za-z0-9_]+)=(.*)$')
_KCONFIG_UNSET_RE = re.compile(r'^# (CONFIG_[A-Za-z0-9_]+) is not set$')


def kconfig_fragment(kunitconfig=None, adds=()):
    """The Kconfig lines of --kunitconfig FILE (or DIR/.kunitconfig, as
    kunit.py) then of each --kconfig-add, checked: CONFIG_X=VALUE or
    "# CONFIG_X is not set"; other comments and blank lines are dropped."""
    lines = []
    if kunitconfig:
        path = kunitconfig
        if os.path.isdir(path):
            path = os.path.join(path, '.kunitconfig')
        try:
            with open(path) as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError('cannot read --kunitconfig %s: %s' % (
                path, getattr(e, 'strerror', None) or e))
        for n, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if _KCONFIG_SET_RE.match(line) or _KCONFIG_UNSET_RE.match(line):
                lines.append(line)
            elif line and not line.startswith('#'):
                raise UsageError('%s:%d: %r is not CONFIG_X=VALUE or '
                                 '"# CONFIG_X is not set"' % (path, n, line))
    for add in adds:
        if not _KCONFIG_SET_RE.match(add.strip()):
            raise UsageError('--kconfig-add %r: write CONFIG_X=VALUE '
                             '(CONFIG_X=n to turn it off)' % add)
        lines.append(add.strip())
    return lines


def _kconfig_values(lines):
    """{CONFIG_X: value}, "n" for an option that is not set."""
    values = {}
    for line in lines:
        m = _KCONFIG_SET_RE.match(line)
        if m:
            values[m.group(1)] = m.group(2)
            continue
        m = _KCONFIG_UNSET_RE.match(line)
        if m:
            values[m.group(1)] = 'n'
    return values


def kconfig_mismatches(fragment, dotconfig):
    """What the fragment asked for and the .config at @dotconfig lacks, as
    kunit.py checks its .kunitconfig: ["CONFIG_X=y (.config: not set)"]."""
    try:
        with open(dotconfig) as f:
            have = _kconfig_values(f.read().splitlines())
    except OSError as e:
        return ['cannot read %s: %s' % (dotconfig, e.strerror)]
    out = []
    for name, want in _kconfig_values(fragment).items():
        got = have.get(name, 'n')
        if got != want:
            out.append('%s=%s (.config: %s)' % (
                name, want, 'not set' if got == 'n' else got))
    return out


LIST_MARKER = 'ktest: ktest.list=1: listing, not running'
_NAME_RE = re.compile(r'^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$')


def list_names(lines):
    """The SUITE.CASE names a ktest.list=1 boot printed, or None when it
    did not list (it never printed the marker line)."""
    names = None
    for line in lines:
        line = line.strip()
        if LIST_MARKER in line:
            names = []
        elif names is not None:
            if _NAME_RE.match(line):
                names.append(line)
            elif line:
                break
    return names


def short(path):
    """A path relative to the current directory when it is below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith('..') else rel


class Runner:
    """Build and boot one configuration; results go to a Reporter."""

    def __init__(self, tree, config, build_dir, reporter=None, out=None,
                 jobs=2, make='make', arch=None):
        self.tree = tree
        self.config = config
        self.build_dir = os.path.abspath(build_dir)
        self.reporter = reporter
        self.out = out or sys.stdout
        self.jobs = jobs
        self.make = make
        self.arch = arch  # make's ARCH= (None: i386)

    def say(self, msg):
        print('[ktest] ' + msg, file=self.out, flush=True)

    def _make(self, *args):
        return ktree.make_cmd(self.build_dir, *args, tree=self.tree,
                              make=self.make, arch=self.arch)

    def build(self, fragment=()):
        """Configure (with the Kconfig lines of @fragment merged on top)
        and build; return None or a failure message."""
        os.makedirs(self.build_dir, exist_ok=True)
        log = os.path.join(self.build_dir, 'ktest-build.log')
        frags = []
        if fragment:
            frag = os.path.join(self.build_dir, 'ktest.config')
            with open(frag, 'w') as f:
                f.write('\n'.join(fragment) + '\n')
            frags.append(frag)
        steps = ktree.build_steps(self.build_dir, self.config, frags,
                                  jobs=self.jobs, tree=self.tree,
                                  make=self.make, arch=self.arch)
        with open(log, 'w') as f:
            for what, cmd in steps:
                self.say('%s %s (O=%s) ...' % (what, self.config,
                                               short(self.build_dir)))
                start = time.monotonic()
                try:
                    rc = ktree.call_logged(cmd, f)
                except OSError as e:
                    return 'cannot run %s: %s' % (self.make, e.strerror)
                if rc != 0:
                    f.flush()
                    self._show_tail(log)
                    return '%s %s failed (make exit status %d, full log ' \
                        'in %s)' % (what.lower(), self.config, rc, log)
                self.say('%s done in %.1fs' % (what,
                                               time.monotonic() - start))
                if what == 'Configuring' and fragment:
                    bad = kconfig_mismatches(fragment, os.path.join(
                        self.build_dir, '.config'))
                    if bad:
                        return 'Kconfig options that did not take (a ' \
                            'missing dependency or an unknown symbol?): %s' \
                            % ', '.join(bad)
        return None

    def _show_tail(self, log, n=40):
        with open(log, errors='replace') as f:
            lines = f.read().splitlines()
        for line in lines[-n:]:
            print('    ' + line, file=self.out)

    def boot(self, cmdline='', timeout=None, raw=False, qemu_boot='kernel',
             icount=False, lines=None, smp=None):
        """Boot with "make run", parsing the console live. With @lines (a
        list), the console lines are also appended to it. @smp: QEMU's
        CPU count (make run SMP=), None for QEMU's default."""
        args = ['run', 'CMDLINE=' + cmdline]
        if self.arch != 'host':
            args.insert(1, 'QEMU_BOOT=' + qemu_boot)
        if smp:
            args.append('SMP=%d' % smp)
        if timeout:
            args.append('TIMEOUT=%d' % timeout)
        if icount:
            args.append('QEMU_EXTRA=--icount')
        cmd = self._make(*args)
        self.say('Booting: make O=%s %s' % (short(self.build_dir), ' '.join(
            a if ' ' not in a else '"%s"' % a for a in args)))
        parser = ktap.KtapParser()
        start = time.monotonic()
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL,
                                    start_new_session=True,
                                    env=ktree.child_env())
        except OSError as e:
            return None, 'cannot run %s: %s' % (self.make, e.strerror)
        shown = 0
        try:
            for raw_line in proc.stdout:
                line = raw_line.decode('utf-8', errors='replace')
                if lines is not None:
                    lines.append(line.rstrip('\r\n'))
                events = parser.feed(line)
                if raw:
                    new = parser.result.ktap_lines[shown:]
                    shown += len(new)
                    for ln in new:
                        print(ln, file=self.out, flush=True)
                elif self.reporter:
                    for ev in events:
                        self.reporter.event(ev)
            rc = proc.wait()
        except KeyboardInterrupt:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            raise
        res = parser.finish(exit_status=rc)
        res.elapsed = time.monotonic() - start
        serial = os.path.join(self.build_dir, 'build', 'run', 'serial.log')
        if os.path.exists(serial):
            self.say('Console log: %s' % short(serial))
        self.say('Boot and tests took %.1fs (make run exit status %d)'
                 % (res.elapsed, rc))
        return res, None


def failed_build(config, message):
    """A RunResult standing for a configuration that did not build."""
    res = ktap.RunResult()
    res.verdict = 'build-failed'
    res.summary = message
    res.records.append(ktap.Record('kernel', 'build', None, ktap.CRASH,
                                   [message], message=message))
    return res
