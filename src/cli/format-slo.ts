/** How SLO verdicts read: status words, measured value with its interval, and the list printed when gates fail. */
import type { SloVerdict, Summary } from '../run/summary.js';
import { formatMetric } from '../scenario/metric-units.js';

export function statusWord(v: SloVerdict): string {
  return v.status === 'ok' ? 'ok' : v.status === 'failed' ? 'FAILED' : v.status === 'unsure' ? 'UNSURE' : 'NOT EVALUABLE';
}

function currencyOf(s: Summary): string {
  return s.cost?.currency ?? '';
}

/** "[1,100 ms, 1,300 ms] over 10 replications", or "" without an interval. */
export function intervalText(v: SloVerdict, s: Summary): string {
  const a = v.acrossReplications;
  if (!a || a.low95 === null || a.high95 === null) return '';
  return `[${formatMetric(a.low95, v.unit ?? undefined, currencyOf(s))}, ${formatMetric(a.high95, v.unit ?? undefined, currencyOf(s))}] over ${a.n} replications`;
}

/** One line per gate: status, objective, measured, threshold, interval, and why when not ok. */
export function gateLine(v: SloVerdict, s: Summary): string {
  const unit = v.unit ?? undefined;
  const cur = currencyOf(s);
  const iv = intervalText(v, s);
  const parts = [`measured ${formatMetric(v.value, unit, cur)}${v.worst ? ` (${v.worst})` : ''}`, `threshold ${v.op} ${formatMetric(v.threshold, unit, cur)}`];
  if (iv) parts.push(`95% interval ${iv}`);
  return `${statusWord(v).padEnd(13)} ${v.objective}: ${parts.join(', ')}${v.message && v.status !== 'ok' ? ` — ${v.message}` : ''}`;
}

/** The block printed on stderr when some gate did not pass (exit 1). */
export function failedGatesText(s: Summary): string | undefined {
  const bad = s.slo.filter((v) => !v.ok);
  if (bad.length === 0) return undefined;
  const unsure = bad.filter((v) => v.status === 'unsure').length;
  const head = `simulate: ${bad.length} of ${s.slo.length} SLO${s.slo.length === 1 ? '' : 's'} not met${unsure ? ` (${unsure} not sure yet: run more replications)` : ''} (gate: ${s.slo[0]!.gate}):`;
  return [head, ...bad.map((v) => `  ${gateLine(v, s)}`)].join('\n');
}

function pct(x: number): string {
  return `${Number((x * 100).toPrecision(4))}%`;
}

/** The shares across replications, for the table. */
export function acrossLines(s: Summary): string[] {
  const a = s.acrossReplications;
  if (!a) return [];
  const out: string[] = [''];
  const p = (label: string, x: NonNullable<typeof a.everySloHeld>): string =>
    `${label} in ${x.count} of ${x.of} replications (${pct(x.share)}, 95% CI ${pct(x.low95)}–${pct(x.high95)})`;
  if (a.everySloHeld) out.push(`across        every SLO held ${p('', a.everySloHeld).trimStart()}`);
  out.push(`across        no incident with failed requests ${p('', a.noIncidentWithFailedRequests).trimStart()}`);
  if (a.auto) {
    out.push(
      `across        --replications auto: ${a.replications} replications, ${a.auto.reached ? 'target reached' : 'cap reached before the target'} (±${pct(a.auto.targetRelativeHalfWidth)} relative on ${a.auto.metrics.join(', ')}, cap ${a.auto.maxReplications})`,
    );
  }
  return out;
}
