/**
 * `--junit FILE`: one JUnit test case per SLO, so that GitLab, Jenkins and
 * GitHub show them with the tests. A failed objective is a <failure>, an
 * unsure one (bound gate, interval straddling the threshold) a <failure
 * type="unsure">, one that cannot be evaluated an <error>.
 */
import type { Summary } from '../run/summary.js';
import { gateLine } from './format-slo.js';

/** Text safe in XML 1.0 attributes and content (control characters other than tab and newline are not allowed at all). */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function junitXml(s: Summary): string {
  const failures = s.slo.filter((v) => v.status === 'failed' || v.status === 'unsure').length;
  const errors = s.slo.filter((v) => v.status === 'not-evaluable').length;
  const time = s.performance.wallSeconds.toFixed(3);
  const suite = xmlEscape(s.scenario);
  const counts = `tests="${s.slo.length}" failures="${failures}" errors="${errors}" skipped="0" time="${time}"`;
  const cases = s.slo.map((v) => {
    const open = `    <testcase name="${xmlEscape(v.objective)}" classname="slo.${suite}" time="0"`;
    if (v.status === 'ok') return `${open}>\n      <system-out>${xmlEscape(gateLine(v, s))}</system-out>\n    </testcase>`;
    const tag = v.status === 'not-evaluable' ? 'error' : 'failure';
    const line = xmlEscape(gateLine(v, s));
    return `${open}>\n      <${tag} message="${line}" type="${v.status}">${line}</${tag}>\n    </testcase>`;
  });
  const props = [
    ['file', s.file],
    ['seed', String(s.seed)],
    ['replications', String(s.replications)],
    ['gate', s.slo[0]?.gate ?? 'mean'],
  ].map(([k, v]) => `      <property name="${k}" value="${xmlEscape(v!)}"/>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="simulate" ${counts}>`,
    `  <testsuite name="${suite}" ${counts}>`,
    '    <properties>',
    ...props.map((p) => `  ${p}`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
