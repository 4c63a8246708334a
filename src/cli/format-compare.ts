/**
 * The terminal tables of `simulate compare`, `sweep` and `plan`. Names come
 * from the scenarios: escaped (safe-text.ts) before they reach a terminal.
 */
import type { InterruptedInfo } from '../run/run-interrupted.js';
import type { CompareResult, Difference } from '../compare/compare.js';
import type { PlanResult } from '../compare/plan.js';
import type { PointResult, SweepResult } from '../compare/sweep.js';
import { formatMetric, type MetricUnit } from '../scenario/metric-units.js';
import { escapeStrings, safeLines as safeText } from './safe-text.js';

/** A half-width to two significant digits: more would be noise. */
function short(x: number): number {
  return Number(x.toPrecision(2));
}

/** Figures, signed differences and intervals in their unit (cost metrics in `currency`). */
function formatters(currency: string) {
  const fmt = (x: number | null, unit: MetricUnit | null): string => formatMetric(x, unit ?? undefined, currency);
  const signed = (x: number | null, unit: MetricUnit | null): string => {
    if (x === null) return '–';
    return x === 0 ? fmt(0, unit) : `${x > 0 ? '+' : '−'}${fmt(Math.abs(x), unit)}`;
  };
  const interval = (d: Difference, unit: MetricUnit | null): string => {
    if (d.mean === null) return '–';
    return d.halfWidth95 === null ? signed(d.mean, unit) : `${signed(d.mean, unit)} ± ${fmt(short(d.halfWidth95), unit)}`;
  };
  return { fmt, interval };
}

/** Rows of cells as left-aligned columns. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]! + ([...cell].length - cell.length)))).join('  ').trimEnd()).join('\n');
}

/** A relative precision as a percentage (0.05 → "5%"). */
function percent(x: number): string {
  return `${Number((x * 100).toPrecision(3))}%`;
}

/** The line that says a comparison or sweep is partial. */
function partialLine(i: InterruptedInfo, what: string): string {
  return `PARTIAL: interrupted (${i.signal}) after ${i.completedReplications} of the ${i.requestedReplications} replications of every ${what}; the figures are those of the ${i.completedReplications} done`;
}

export function formatCompare(result: CompareResult): string {
  const c = escapeStrings(result);
  const { fmt, interval } = formatters(c.currency ?? '');
  const lines = [`compare: ${c.replications} replications of each, common random numbers (seed ${String(c.seed)}), SLO gate ${c.gate}`];
  if (c.auto) {
    const a = c.auto;
    const pct = percent(a.targetRelativeHalfWidth);
    const how = a.reached ? 'every difference settled' : c.interrupted ? 'interrupted before every difference settled' : 'cap reached before every difference settled';
    lines.push(`--replications auto: ${c.replications} replications, ${how} (paired 95% interval excludes 0 or within ±${pct} of a, on ${a.metrics.join(', ')}; cap ${a.maxReplications})`);
  }
  if (c.interrupted) lines.push(partialLine(c.interrupted, 'scenario'));
  const names = 'abcdefghijklmnopqrstuvwxyz';
  c.scenarios.forEach((s, i) => {
    const failed = s.slo.filter((v) => !v.ok).map((v) => v.objective);
    const slo = s.slo.length === 0 ? 'no SLO' : failed.length === 0 ? 'SLO ok' : `SLO not met: ${failed.join('; ')}`;
    lines.push(`  ${names[i] ?? String(i)} = ${s.name} (${s.file}): ${slo}`);
  });
  c.differences.forEach((d, k) => {
    const b = names[k + 1] ?? String(k + 1);
    const rows = [['metric', 'a', b, `${b} − a paired 95%`, 'unpaired 95%', 'paired narrower by']];
    for (const m of d.metrics) {
      rows.push([
        m.metric,
        fmt(m.a, m.unit),
        fmt(m.b, m.unit),
        `${interval(m.paired, m.unit)}${m.significant ? ' *' : ''}`,
        interval(m.unpaired, m.unit),
        m.narrowerBy === null ? '–' : `${(m.narrowerBy * 100).toFixed(0)}%`,
      ]);
    }
    lines.push('', `${b} − a (${d.b} − ${d.a}), mean over ${d.metrics[0]?.pairs ?? 0} paired replications; * the paired interval excludes 0:`, table(rows));
  });
  return safeLines(lines);
}

function figure(mean: number | null, halfWidth: number | null, unit: MetricUnit): string {
  if (mean === null) return '–';
  return halfWidth === null ? formatMetric(mean, unit) : `${formatMetric(mean, unit)} ± ${formatMetric(short(halfWidth), unit)}`;
}

function verdict(p: PointResult): string {
  if (p.slo === 'ok') return 'ok';
  if (p.slo === 'no-slo') return '–';
  return `${p.slo === 'unsure' ? 'unsure' : 'FAILED'}: ${p.notMet.join('; ')}`;
}

function pointRows(points: readonly PointResult[], mark?: PointResult | null): string[][] {
  const rows = [['point', 'availability', 'p99', 'failed', 'cost/month', 'SLO']];
  for (const p of points) {
    rows.push([
      `${mark && p.point.join(' ') === mark.point.join(' ') ? '→ ' : ''}${p.point.join(' ')}`,
      figure(p.availability.mean, p.availability.halfWidth95, 'ratio'),
      figure(p.p99Ms.mean, p.p99Ms.halfWidth95, 'ms'),
      figure(p.failed.mean, null, 'count'),
      p.monthlyCost === null ? '–' : formatMetric(p.monthlyCost, 'currency', p.currency ?? ''),
      verdict(p),
    ]);
  }
  return rows;
}

export function formatSweep(result: SweepResult): string {
  const s = escapeStrings(result);
  const head = `sweep of ${s.parameters.join(' × ')}: ${s.points.length} points, ${s.replications} replications each, common random numbers (seed ${String(s.seed)}), SLO gate ${s.gate}`;
  const lines = [head];
  if (s.auto) {
    const a = s.auto;
    const how = a.reached ? 'target reached at every point' : s.interrupted ? 'interrupted before the target' : 'cap reached before the target';
    lines.push(`--replications auto: ${s.replications} replications, ${how} (±${percent(a.targetRelativeHalfWidth)} relative on ${a.metrics.join(', ')}${s.gate === 'bound' ? ', or every objective decided' : ''}; cap ${a.maxReplications})`);
  }
  if (s.interrupted) lines.push(partialLine(s.interrupted, 'point'));
  lines.push(table(pointRows(s.points)));
  return safeLines(lines);
}

export function formatPlan(result: PlanResult, replications: number): string {
  const p = escapeStrings(result);
  const cost = `${p.pointsRun} of ${p.pointsInSweep} points × ${replications} replications = ${p.replicationsRun} runs`;
  const lines = [`plan (${p.search} search: ${cost})`];
  lines.push('', 'points run:', table(pointRows(p.points, p.chosen)));
  if (p.frontier.length > 0 && p.frontier.length < p.points.length) lines.push('', 'cost/availability frontier (no cheaper point is as available):', table(pointRows(p.frontier, p.chosen)));
  else if (p.frontier.length > 0) lines.push('', 'every point run is on the cost/availability frontier (each costs more and is more available than the one before)');
  lines.push('');
  const c = p.chosen;
  if (c === null) lines.push('no setting run meets every SLO');
  else lines.push(`chosen: ${c.point.join(' ')}${c.monthlyCost === null ? '' : `, ${formatMetric(c.monthlyCost, 'currency', c.currency ?? '')}/month`}, availability ${figure(c.availability.mean, c.availability.halfWidth95, 'ratio')}, p99 ${figure(c.p99Ms.mean, c.p99Ms.halfWidth95, 'ms')}`);
  return safeLines(lines);
}

/** Names escaped before they are laid out (a control character in one cannot move the cursor), long runs clipped. */
function safeLines(lines: string[]): string {
  return safeText(lines.join('\n'));
}
