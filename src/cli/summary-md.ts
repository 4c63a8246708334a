/**
 * `--summary-md FILE`: a Markdown summary for a pull request (also appended
 * to $GITHUB_STEP_SUMMARY when that is set): the SLO table, the headline
 * figures, and the shares across replications.
 */
import type { Summary } from '../run/summary.js';
import { formatMetric } from '../scenario/metric-units.js';
import { formatDuration } from '../scenario/units.js';
import { intervalText, statusWord } from './format-slo.js';

/** A table cell: no pipe, no newline, no control character, no HTML. */
export function mdCell(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

function icon(status: string): string {
  return status === 'ok' ? '✅' : status === 'failed' ? '❌' : status === 'unsure' ? '❔' : '⚠️';
}

export function summaryMarkdown(s: Summary): string {
  const bad = s.slo.filter((v) => !v.ok).length;
  const verdict = s.slo.length === 0 ? 'no SLO' : bad === 0 ? `✅ all ${s.slo.length} SLOs met` : `❌ ${bad} of ${s.slo.length} SLOs not met`;
  const cur = s.cost?.currency ?? '';
  const out = [
    `### simulate: ${mdCell(s.scenario)} — ${verdict}`,
    '',
    `${formatDuration(s.simulated.durationSeconds)} simulated, ${s.replications} replication${s.replications === 1 ? '' : 's'}, seed ${mdCell(String(s.seed))}${s.slo.length ? `, gate ${s.slo[0]!.gate}` : ''}`,
    '',
  ];
  if (s.slo.length > 0) {
    out.push('| | SLO | measured | 95% interval | note |', '| --- | --- | --- | --- | --- |');
    for (const v of s.slo) {
      const note = v.status === 'ok' ? '' : (v.message ?? '');
      out.push(`| ${icon(v.status)} ${statusWord(v)} | ${mdCell(v.objective)} | ${mdCell(formatMetric(v.value, v.unit ?? undefined, cur))} | ${mdCell(intervalText(v, s))} | ${mdCell(note)} |`);
    }
    out.push('');
  }
  out.push(
    '| figure | value |',
    '| --- | --- |',
    `| requests | ${s.requests.total.toLocaleString('en-US')} (${s.requests.failed.toLocaleString('en-US')} failed) |`,
    `| availability (requests) | ${formatMetric(s.availability.requests, 'ratio')} |`,
    `| latency p99 | ${formatMetric(s.latencyMs.p99, 'ms')} |`,
  );
  if (s.cost) out.push(`| cost per month (projected) | ${mdCell(formatMetric(s.cost.monthlyProjection.total, 'currency', cur))} |`);
  const a = s.acrossReplications;
  if (a) {
    const pct = (x: number): string => `${Number((x * 100).toPrecision(4))}%`;
    const p = (x: { count: number; of: number; low95: number; high95: number }): string => `${x.count} of ${x.of} (95% CI ${pct(x.low95)}–${pct(x.high95)})`;
    if (a.everySloHeld) out.push(`| replications where every SLO held | ${p(a.everySloHeld)} |`);
    out.push(`| replications with no incident with failed requests | ${p(a.noIncidentWithFailedRequests)} |`);
  }
  out.push('');
  return out.join('\n');
}
