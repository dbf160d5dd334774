# SPDX-License-Identifier: GPL-2.0
#
# scripts/ktest run --randconfig N [--seed S]: build and boot N random
# valid configurations, as Linux's randconfig build bots do.
#
# Configuration i is "make randconfig KCONFIG_SEED=S+i" with CONFIG_KTEST
# pinned on (a boot that runs no test proves nothing) and the deliberately
# failing examples pinned off, through KCONFIG_ALLCONFIG (RANDCONFIG_PINS).
# CONFIG_SMP is pinned off too while it is not the default
# (make check-smp tests it; Documentation/core-api/smp.rst): a pinned
# symbol draws no random number, so the seeds give the same
# configurations as before it existed. --kunitconfig and --kconfig-add
# lines are pinned the same way (after these): a deliberate set, such as
# make check-randconfig's hardening set (configs/hardening.config with
# one backend pinned), where a pinned symbol whose dependencies the drawn
# configuration lacks is left out, as KCONFIG_ALLCONFIG does, not an error.
# Everything else Kconfig offers is random: the backend, the debug
# options, ktest's and kbench's options, coverage. All N share one build
# directory, so each build is incremental (the .cmd files and fixdep
# rebuild what a changed symbol touches). A configuration that does not
# build, boot or pass keeps its .config and build log under
# BUILD_DIR/failed/SEED.*, and the report names its seed and the command
# that remakes it.

import os
import shutil

from kmlab_lib.status import KTEST_BUILD_FAILED, KTEST_FAILED, KTEST_OK

from . import ktap, report, runner

RANDCONFIG_PINS = ('CONFIG_KTEST=y\n'
                   '# CONFIG_KTEST_EXAMPLES_FAIL is not set\n'
                   '# CONFIG_SMP is not set\n')


def seeds(first, n):
    """The KCONFIG_SEED of each of the @n configurations."""
    return [(first + i) & 0xffffffff for i in range(n)]


def pins_text(extra=()):
    """The KCONFIG_ALLCONFIG file's text: RANDCONFIG_PINS, then the
    Kconfig lines @extra (--kunitconfig, --kconfig-add) in order, so that
    a later line wins over an earlier one of the same symbol."""
    return RANDCONFIG_PINS + ''.join(line + '\n' for line in extra)


def run(tree, n, first_seed, build_dir, cmdline='', timeout=None,
        jobs=2, color='auto', pins=()):
    """Build and boot @n random configurations, each with the Kconfig
    lines @pins pinned; return (status, runs) where runs is a list of
    (label, RunResult)."""
    runner.check_build_dir(tree, build_dir)
    os.makedirs(build_dir, exist_ok=True)
    text = pins_text(pins)
    pins = os.path.join(build_dir, 'randconfig.pins')
    with open(pins, 'w') as f:
        f.write(text)
    failed_dir = os.path.join(build_dir, 'failed')
    rep = report.Reporter(color=color)
    rep.print('[ktest] %d random configurations, KCONFIG_SEED=%#x..%#x'
              % (n, first_seed, (first_seed + n - 1) & 0xffffffff))
    runs, bad = [], []
    saved = {k: os.environ.get(k) for k in ('KCONFIG_SEED',
                                            'KCONFIG_ALLCONFIG')}
    try:
        for i, seed in enumerate(seeds(first_seed, n)):
            label = 'randconfig-%#x' % seed
            os.environ['KCONFIG_SEED'] = '%#x' % seed
            os.environ['KCONFIG_ALLCONFIG'] = pins
            rep = report.Reporter(color=color)
            rep.divider('[%d/%d] %s' % (i + 1, n, label), 'bold')
            r = runner.Runner(tree, 'randconfig', build_dir, reporter=rep,
                              jobs=jobs)
            err = r.build()
            res = None
            if err is None:
                res, err = r.boot(cmdline=cmdline, timeout=timeout)
            if err is not None:
                res = runner.failed_build(label, err)
            rep.finish(res, title=label, counts=False)
            if not res.success:
                bad.append((seed, res, keep(build_dir, failed_dir, seed)))
            runs.append((label, res))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    rep = report.Reporter(color=color)
    rep.divider('randconfig', 'bold')
    for seed, res, config in bad:
        rep.print('FAILED KCONFIG_SEED=%#x (%s): %s' % (
            seed, res.verdict, res.summary or res.count_line()))
        rep.print('    .config: %s' % config)
        rep.print('    remake: make randconfig KCONFIG_SEED=%#x '
                  'KCONFIG_ALLCONFIG=%s' % (seed, pins))
    rep.print('%d of %d configurations built, booted and passed'
              % (n - len(bad), n))
    passed = sum(r.passed for _, r in runs)
    failed = sum(r.failed for _, r in runs)
    skipped = sum(r.skipped for _, r in runs)
    rep.print(ktap.format_counts(passed, failed, skipped))
    if bad:
        builds = [r for _, r, _ in bad if r.verdict == 'build-failed']
        return (KTEST_BUILD_FAILED if builds else KTEST_FAILED), runs
    return KTEST_OK, runs


def keep(build_dir, failed_dir, seed):
    """Copy a failed configuration's .config and logs to @failed_dir;
    return the saved .config's path."""
    os.makedirs(failed_dir, exist_ok=True)
    base = os.path.join(failed_dir, '%#x' % seed)
    for name, suffix in (('.config', '.config'),
                         ('ktest-build.log', '.build.log'),
                         (os.path.join('build', 'run', 'serial.log'),
                          '.serial.log')):
        src = os.path.join(build_dir, name)
        if os.path.exists(src):
            shutil.copyfile(src, base + suffix)
    return base + '.config'
