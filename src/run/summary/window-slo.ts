/**
 * Window SLOs ("latencyMs.p99 < 500ms in every 1min window between 08:00
 * and 20:00"), checked on the summary's per-window series: the rule holds
 * when every window within its hours (by time of day) that has data
 * satisfies it.
 *
 * A rule window k times the series window groups k consecutive windows:
 * counts are summed, and any other figure takes the worst of the k (a
 * conservative bound: the p99 of a union of windows is at most the largest
 * of their p99s, the availability at least the smallest). A rule window
 * that is not a whole multiple of the series window cannot be checked.
 */
import type { SloRule } from '../../scenario/resolved.js';
import { formatMetric } from '../../scenario/metric-units.js';
import { formatDuration } from '../../scenario/units.js';
import type { SeriesSummary } from './series-types.js';
import type { SloStatus, Summary, WindowCheck } from './types.js';

export interface WindowOutcome {
  status: SloStatus;
  value: number | null;
  window?: WindowCheck;
  worst?: string;
  message?: string;
}

/** Larger is worse for `<`/`<=` (and for `==`, by distance to the threshold). */
function badness(rule: SloRule, v: number): number {
  return rule.op === '<' || rule.op === '<=' ? v : rule.op === '==' ? Math.abs(v - rule.threshold) : -v;
}

export function holds(op: SloRule['op'], v: number, threshold: number): boolean {
  switch (op) {
    case '<':
      return v < threshold;
    case '<=':
      return v <= threshold;
    case '>':
      return v > threshold;
    case '>=':
      return v >= threshold;
    case '==':
      return v === threshold;
  }
}

function seriesKeys(series: SeriesSummary, metric: string): string[] {
  const want = metric.split('.');
  return Object.keys(series.values).filter((k) => {
    const got = k.split('.');
    return got.length === want.length && want.every((w, i) => w === '*' || w === got[i]);
  });
}

function inHours(secondOfDay: number, [from, to]: [number, number]): boolean {
  return from < to ? secondOfDay >= from && secondOfDay < to : secondOfDay >= from || secondOfDay < to;
}

/** "day 2 12:03 (1.5d into the run)". */
export function whenText(startSeconds: number, secondOfDay: number | null): string {
  const into = `${formatDuration(startSeconds)} into the run`;
  if (secondOfDay === null) return `at ${into}`;
  const hh = String(Math.floor(secondOfDay / 3600)).padStart(2, '0');
  const mm = String(Math.floor((secondOfDay % 3600) / 60)).padStart(2, '0');
  return `at ${hh}:${mm} (${into})`;
}

interface Group {
  startSeconds: number;
  secondOfDay: number | null;
  value: number;
}

function groups(rule: SloRule, series: SeriesSummary, values: Array<number | null>, k: number): Group[] {
  const out: Group[] = [];
  for (let i = 0; i + k <= values.length; i += k) {
    const part = values.slice(i, i + k).filter((v): v is number => v !== null);
    if (part.length === 0) continue;
    const value = rule.unit === 'count' ? part.reduce((a, b) => a + b, 0) : part.reduce((w, v) => (badness(rule, v) > badness(rule, w) ? v : w));
    out.push({ startSeconds: series.startSeconds[i]!, secondOfDay: series.secondOfDay[i] ?? null, value });
  }
  return out;
}

export function evaluateWindowRule(rule: SloRule, summary: Pick<Summary, 'series'>): WindowOutcome {
  const w = rule.window!;
  const series = summary.series;
  if (series === undefined) return { status: 'not-evaluable', value: null, message: 'not evaluable: this run has no per-window series (summary.series is absent)' };
  const k = w.seconds / series.windowSeconds;
  if (!(Math.abs(k - Math.round(k)) < 1e-9 && Math.round(k) >= 1)) {
    return {
      status: 'not-evaluable',
      value: null,
      message: `not evaluable: the run records ${formatDuration(series.windowSeconds)} windows, and ${formatDuration(w.seconds)} is not a whole multiple of that`,
    };
  }
  const keys = seriesKeys(series, rule.metric);
  if (keys.length === 0) return { status: 'not-evaluable', value: null, message: `not evaluable: the run has no series for ${rule.metric}` };
  if (w.between && series.secondOfDay.every((s) => s === null)) {
    return { status: 'not-evaluable', value: null, message: 'not evaluable: "between" needs times of day, and the scenario has no calendar (traffic.daily)' };
  }
  let worst: (Group & { key: string }) | null = null;
  let windows = 0;
  let failed = 0;
  for (const key of keys) {
    for (const g of groups(rule, series, series.values[key]!, Math.round(k))) {
      if (w.between && (g.secondOfDay === null || !inHours(g.secondOfDay, w.between))) continue;
      windows++;
      if (!holds(rule.op, g.value, rule.threshold)) failed++;
      if (worst === null || badness(rule, g.value) > badness(rule, worst.value)) worst = { ...g, key };
    }
  }
  const check: WindowCheck = {
    windowSeconds: w.seconds,
    windows,
    failed,
    worst: worst ? { startSeconds: worst.startSeconds, secondOfDay: worst.secondOfDay, value: worst.value } : null,
  };
  if (worst === null) return { status: 'not-evaluable', value: null, window: check, message: 'not evaluable: no window with data within the hours given' };
  const where = `${keys.length > 1 ? `${worst.key}, ` : ''}the ${formatDuration(w.seconds)} window starting ${whenText(worst.startSeconds, worst.secondOfDay)}`;
  return {
    status: failed === 0 ? 'ok' : 'failed',
    value: worst.value,
    window: check,
    ...(keys.length > 1 ? { worst: worst.key } : {}),
    message:
      failed === 0
        ? `all ${windows} windows held; the worst was ${formatMetric(worst.value, rule.unit)}, ${where}`
        : `${failed} of ${windows} windows failed; the worst was ${formatMetric(worst.value, rule.unit)}, ${where}`,
  };
}
