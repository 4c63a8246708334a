/**
 * What a comparison or a sweep reads off each replication: the figure of
 * a metric in that replication's own summary (the summary of a run of that
 * replication alone, as the SLO section computes it), so a figure here means
 * exactly what it means in `simulate`'s summary.
 *
 * The metrics: the headline ones (availability, failed requests, p99 and
 * p99 per class, the worst RTO and RPO, the run's cost and its monthly
 * projection) and every whole-run objective of the scenarios (its worst
 * match with a `*`). Window objectives are judged in each scenario's
 * verdicts but not differenced (their figure is a count of windows).
 */
import type { ReplicationResult } from '../run/replication.js';
import { summarize, type Summary } from '../run/summary.js';
import { ruleReading } from '../run/summary/slo.js';
import { metricReadings } from '../run/summary/metric-read.js';
import type { MetricUnit } from '../scenario/metric-units.js';
import { unitOfPath } from '../scenario/metric-units.js';
import type { ResolvedScenario, SloRule } from '../scenario/resolved.js';

export interface CompareMetric {
  /** The metric path (docs/metrics.md), or the objective's text for an SLO. */
  metric: string;
  unit: MetricUnit | null;
  /** The objective it gates, when it comes from an SLO. */
  objective?: string;
}

/** Each replication's own summary, in replication order (objectives left out: they are read below). */
export function perReplication(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): Summary[] {
  const bare = { ...scenario, slo: [] };
  return reps.map((x) => summarize(bare, [x], 0, 1));
}

function headline(scenarios: readonly ResolvedScenario[], perRep: ReadonlyArray<readonly Summary[]>): CompareMetric[] {
  const m = (metric: string): CompareMetric => ({ metric, unit: unitOfPath(metric) ?? null });
  const classes = scenarios[0]!.classes.map((c) => c.name).filter((n) => scenarios.every((s) => s.classes.some((c) => c.name === n)));
  const list = [m('availability.requests'), m('requests.failed'), m('latencyMs.p99')];
  if (classes.length > 1) list.push(...classes.map((c) => m(`classes.${c}.latencyMs.p99`)));
  // RTO and RPO only where some replication had an incident that has them.
  for (const path of ['incidents.rtoSeconds.max', 'incidents.rpoSeconds.max']) {
    if (perRep.some((reps) => reps.some((s) => metricReadings(s, path).some((r) => r.value !== null && !r.empty)))) list.push(m(path));
  }
  if (scenarios.some((s) => s.cost !== undefined)) list.push(m('cost.run.total'), m('cost.monthlyProjection.total'));
  return list;
}

/** The whole-run objectives of every scenario, each once (by its text). */
export function wholeRunRules(scenarios: readonly ResolvedScenario[]): SloRule[] {
  const seen = new Map<string, SloRule>();
  for (const s of scenarios) for (const r of s.slo) if (r.window === undefined && !seen.has(r.text)) seen.set(r.text, r);
  return [...seen.values()];
}

export function compareMetrics(scenarios: readonly ResolvedScenario[], perRep: ReadonlyArray<readonly Summary[]>): CompareMetric[] {
  const list = headline(scenarios, perRep);
  for (const r of wholeRunRules(scenarios)) {
    if (!r.metric.includes('*') && list.some((x) => x.metric === r.metric)) list.find((x) => x.metric === r.metric)!.objective ??= r.text;
    else list.push({ metric: r.metric, unit: r.unit ?? null, objective: r.text });
  }
  return list;
}

/** The metric's value in each replication's summary (null where it has none). */
export function valuesOf(metric: CompareMetric, rules: readonly SloRule[], perRep: readonly Summary[]): Array<number | null> {
  const rule = metric.metric.includes('*') ? rules.find((r) => r.text === metric.objective) : undefined;
  return perRep.map((s) => {
    if (rule !== undefined) return ruleReading(rule, s).value;
    const r = metricReadings(s, metric.metric)[0];
    return r === undefined || r.empty ? null : r.value;
  });
}
