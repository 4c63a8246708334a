/**
 * The summary's `slo` section: each objective of the scenario checked
 * against the summary. Whole-run objectives read one figure (the worst one
 * with a `*`); window objectives every window of the series
 * (window-slo.ts). With two replications or more each objective's figure is
 * also given per replication, with its mean, interval and spread; the
 * `bound` gate decides on the interval's bound instead of the pooled value.
 */
import { quantile } from 'd3-array';
import type { SloRule } from '../../scenario/resolved.js';
import { formatMetric } from '../../scenario/metric-units.js';
import { confidenceInterval } from '../../stats/confidence.js';
import { metricReadings } from './metric-read.js';
import type { GateMode, SloStatus, SloVerdict, Spread, Summary } from './types.js';
import { evaluateWindowRule, holds } from './window-slo.js';

/** Read a dotted path ("latencyMs.p99") from the summary (the first match of a `*`). */
export function metricValue(summary: Summary, metric: string): number | null {
  return metricReadings(summary, metric)[0]?.value ?? null;
}

interface RuleReading {
  value: number | null;
  /** With a `*`: the worst match. */
  worst?: string;
  /** An aggregate over an empty list (no incident at all): the objective holds. */
  vacuous: boolean;
}

/** The figure a whole-run rule reads on one summary: the worst of its matches. */
export function ruleReading(rule: SloRule, summary: Summary): RuleReading {
  const readings = metricReadings(summary, rule.metric);
  const valued = readings.filter((x): x is typeof x & { value: number } => x.value !== null && !x.empty);
  if (valued.length === 0) return { value: null, vacuous: readings.length > 0 && readings.every((x) => x.empty) };
  const bad = (v: number): number => (rule.op === '<' || rule.op === '<=' ? v : rule.op === '==' ? Math.abs(v - rule.threshold) : -v);
  const worst = valued.reduce((w, x) => (bad(x.value) > bad(w.value) ? x : w));
  return { value: worst.value, vacuous: false, ...(rule.metric.includes('*') ? { worst: worst.path } : {}) };
}

/** Whether the rule held on this summary alone (a replication's, for the shares across replications). */
export function heldOn(rule: SloRule, summary: Summary): boolean {
  if (rule.window) return evaluateWindowRule(rule, summary).status === 'ok';
  const r = ruleReading(rule, summary);
  return r.vacuous || (r.value !== null && holds(rule.op, r.value, rule.threshold));
}

function tidy(x: number): number {
  return Number(x.toPrecision(10));
}

export function spreadOf(values: Array<number | null>): Spread {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const q = (p: number): number | null => (xs.length > 0 ? tidy(quantile(xs, p)!) : null);
  const ci = xs.length >= 2 ? confidenceInterval(xs, 0.95) : undefined;
  const mean = xs.length > 0 ? tidy(xs.reduce((a, b) => a + b, 0) / xs.length) : null;
  return {
    n: xs.length,
    mean,
    halfWidth95: ci ? tidy(ci.halfWidth) : null,
    low95: ci ? tidy(ci.low) : null,
    high95: ci ? tidy(ci.high) : null,
    min: xs.length > 0 ? Math.min(...xs) : null,
    p10: q(0.1),
    p50: q(0.5),
    p90: q(0.9),
    max: xs.length > 0 ? Math.max(...xs) : null,
    values,
  };
}

/** The bound gate: pass only if the whole 95% interval is on the right side of the threshold. */
function boundStatus(rule: SloRule, s: Spread): { status: SloStatus; message?: string } {
  if (s.low95 === null || s.high95 === null) {
    return { status: 'unsure', message: `not sure yet: ${s.n} replication${s.n === 1 ? '' : 's'} with a value give no interval; run more replications (--replications 10, or --replications auto)` };
  }
  const lowOk = holds(rule.op, s.low95, rule.threshold);
  const highOk = holds(rule.op, s.high95, rule.threshold);
  if (lowOk && highOk) return { status: 'ok' };
  if (!lowOk && !highOk) return { status: 'failed' };
  const iv = `[${formatMetric(s.low95, rule.unit)}, ${formatMetric(s.high95, rule.unit)}]`;
  return { status: 'unsure', message: `not sure yet: the 95% interval ${iv} straddles the threshold; run more replications (--replications ${Math.max(2 * s.n, 10)}, or --replications auto)` };
}

function wholeVerdict(rule: SloRule, summary: Summary, perRep: readonly Summary[] | undefined, gate: GateMode): Partial<SloVerdict> & { status: SloStatus } {
  const pooled = ruleReading(rule, summary);
  const across = perRep && perRep.length >= 2 ? spreadOf(perRep.map((s) => ruleReading(rule, s).value)) : undefined;
  const worst = pooled.worst !== undefined ? { worst: pooled.worst } : {};
  const spread = across ? { acrossReplications: across } : {};
  if (gate === 'bound' && !pooled.vacuous) {
    const b = across ? boundStatus(rule, across) : boundStatus(rule, spreadOf([pooled.value]));
    return { value: across?.mean ?? pooled.value, ...b, ...worst, ...spread };
  }
  if (pooled.vacuous) return { value: null, status: 'ok', message: 'holds: the list is empty', ...spread };
  if (pooled.value === null) return { value: null, status: 'not-evaluable', message: `not evaluable: the summary has no value for ${rule.metric}`, ...spread };
  return { value: pooled.value, status: holds(rule.op, pooled.value, rule.threshold) ? 'ok' : 'failed', ...worst, ...spread };
}

export function sloSection(rules: readonly SloRule[], summary: Summary, perRep?: readonly Summary[], gate: GateMode = 'mean'): SloVerdict[] {
  return rules.map((rule) => {
    const v = rule.window ? evaluateWindowRule(rule, summary) : wholeVerdict(rule, summary, perRep, gate);
    const { status, value, ...rest } = v;
    return {
      objective: rule.text,
      value: value ?? null,
      ok: status === 'ok',
      status,
      metric: rule.metric,
      op: rule.op,
      threshold: rule.threshold,
      unit: rule.unit ?? null,
      gate,
      ...rest,
    };
  });
}
