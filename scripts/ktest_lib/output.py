# SPDX-License-Identifier: GPL-2.0
#
# Machine-readable ktest results: JSON and JUnit XML.
#
# Both take a list of (config, RunResult) pairs, config being None for a
# parsed log, so that "scripts/ktest run --all" writes one file for all
# defconfigs.
#
# JSON: {"passed": N, "failed": N, "skipped": N, "flaky": N, "runs":
# [{"config", "verdict", "summary", "errors", "warnings"}], "results": [one
# record per leaf case: config, count, suite, case, param, status
# (pass/fail/skip/crash/flaky), message, skip_reason, attempts, duration
# (seconds of guest time, or null), instructions (under -icount, or null),
# attributes, diagnostics]}. count is 1 but for the record that
# stands for the unreported tests "#K..#N" of a huge plan (ktap.SYNTH_EACH);
# in JUnit that <testcase> counts as many tests in its suite's figures.
#
# JUnit: the dialect Jenkins and GitLab read, valid against Jenkins xunit's
# junit-10.xsd (tools/testing/ktest/junit-10.xsd): <testsuites tests
# failures errors> (no skipped there) holding one <testsuite name tests
# failures errors skipped> per suite, <testcase
# classname name time> (time: the case's guest time in seconds, summed
# on the <testsuite>) with <failure message type> (type "crash" for a case the
# kernel never finished), <skipped message>, and the diagnostics as
# <system-out>. XML 1.0 cannot carry every byte a serial line may; such
# characters are replaced.

import json
import re
import xml.etree.ElementTree as ET

from . import ktap

_XML_BAD = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def _clean(text):
    return _XML_BAD.sub('\ufffd', text or '')


def _seconds(duration):
    """A JUnit time: seconds of guest time, 0 when the kernel gave none."""
    return '0' if duration is None else '%.6f' % duration


def _suite_name(config, rec):
    """The <testsuite name> and <testcase classname>, cleaned as every
    attribute and text must be."""
    return _clean('%s.%s' % (config, rec.suite) if config else rec.suite)


def _case_name(rec):
    name = rec.case or rec.suite
    if rec.param:
        name += '/' + rec.param
    return name


def json_data(runs):
    results = []
    out = {'passed': 0, 'failed': 0, 'skipped': 0, 'flaky': 0, 'runs': [],
           'results': results}
    for config, res in runs:
        out['passed'] += res.passed
        out['failed'] += res.failed
        out['skipped'] += res.skipped
        out['flaky'] += res.flaky
        out['runs'].append({
            'config': config,
            'verdict': res.verdict,
            'summary': res.summary,
            'complete': res.complete,
            'passed': res.passed,
            'failed': res.failed,
            'skipped': res.skipped,
            'flaky': res.flaky,
            'errors': res.errors,
            'warnings': res.warnings,
        })
        for rec in res.records:
            d = {'config': config}
            d.update(rec.as_dict())
            results.append(d)
    return out


def write_json(path, runs):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(json_data(runs), f, indent=2)
        f.write('\n')


def junit_tree(runs):
    root = ET.Element('testsuites', name='ktest')
    totals = {'tests': 0, 'failures': 0, 'skipped': 0}
    for config, res in runs:
        suites = {}
        counts = {}
        times = {}
        for rec in res.records:
            name = _suite_name(config, rec)
            if name not in suites:
                suites[name] = ET.SubElement(root, 'testsuite', name=name)
                counts[name] = {'tests': 0, 'failures': 0, 'skipped': 0}
            ts = suites[name]
            c = counts[name]
            tc = ET.SubElement(ts, 'testcase', classname=name,
                               name=_clean(_case_name(rec)),
                               time=_seconds(rec.duration))
            c['tests'] += rec.count
            times[name] = times.get(name, 0.0) + (rec.duration or 0.0)
            if rec.status in (ktap.FAIL, ktap.CRASH):
                c['failures'] += rec.count
                f = ET.SubElement(tc, 'failure',
                                  message=_clean(rec.message or 'failed'),
                                  type='crash' if rec.status == ktap.CRASH
                                  else 'failure')
                f.text = _clean('\n'.join(rec.diagnostics))
            elif rec.status == ktap.SKIP:
                c['skipped'] += rec.count
                ET.SubElement(tc, 'skipped',
                              message=_clean(rec.skip_reason))
            elif rec.status == ktap.FLAKY:
                # Surefire's way: it passed, after failed attempts.
                for diags in rec.failed_attempts:
                    f = ET.SubElement(tc, 'flakyFailure', type='failure',
                                      message=_clean(rec.message or
                                                     'failed'))
                    f.text = _clean('\n'.join(diags))
            if rec.diagnostics:
                out = ET.SubElement(tc, 'system-out')
                out.text = _clean('\n'.join(rec.diagnostics))
        for name, ts in suites.items():
            for k, v in counts[name].items():
                ts.set(k, str(v))
                totals[k] += v
            ts.set('errors', '0')
            ts.set('time', _seconds(times[name]))
        if (res.summary or res.errors) and suites:
            # Say how the run ended where CI shows the raw log.
            err = ET.SubElement(next(iter(suites.values())), 'system-err')
            err.text = _clean('\n'.join(
                ([(config or 'ktest') + ': ' + res.summary]
                 if res.summary else []) + res.errors))
    # junit-10.xsd (Jenkins xunit) has no "skipped" on <testsuites>: the
    # skips are counted on each <testsuite> only.
    root.set('tests', str(totals['tests']))
    root.set('failures', str(totals['failures']))
    root.set('errors', '0')
    return ET.ElementTree(root)


def write_junit(path, runs):
    tree = junit_tree(runs)
    ET.indent(tree)
    tree.write(path, encoding='utf-8', xml_declaration=True)
