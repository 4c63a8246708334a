/**
 * `simulate compare`: two or more scenarios run with common random numbers
 * (replication i of each with the same seed: every component that has the
 * same name in both draws the same numbers, rng/stream.ts), and for each
 * scenario after the first, per metric, the difference b − a with
 *
 * - the paired 95% interval (the t interval of the per-replication
 *   differences b_i − a_i), and
 * - beside it the unpaired one (Welch's, as if the runs were independent),
 *   and how much narrower the paired one is: 1 − paired ÷ unpaired
 *   half-width (0.8: a fifth of the width).
 */
import type { ReplicationResult } from '../run/replication.js';
import type { AutoReplications } from '../run/adaptive.js';
import type { InterruptedInfo } from '../run/run-interrupted.js';
import { summarize, type GateMode, type SloVerdict, type Summary } from '../run/summary.js';
import type { MetricUnit } from '../scenario/metric-units.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { completePairs, pairedDifference, welchDifference, type DifferenceInterval } from '../stats/paired.js';
import { compareMetrics, perReplication, valuesOf, wholeRunRules, type CompareMetric } from './readings.js';

/** A rounded interval of a difference (null bounds with fewer than two pairs). */
export interface Difference {
  mean: number | null;
  halfWidth95: number | null;
  low95: number | null;
  high95: number | null;
}

export interface MetricComparison {
  metric: string;
  unit: MetricUnit | null;
  objective?: string;
  /** Mean over replications of a (the first scenario) and of b. */
  a: number | null;
  b: number | null;
  /** Replications where both have a value. */
  pairs: number;
  paired: Difference;
  unpaired: Difference;
  /** 1 − paired ÷ unpaired half-width; null when either is not defined or the unpaired one is 0. */
  narrowerBy: number | null;
  /** The paired interval excludes 0: b differs from a. */
  significant: boolean;
}

export interface ScenarioOutcome {
  name: string;
  file: string;
  replications: number;
  slo: SloVerdict[];
  /** Every objective ok (under the gate). */
  sloOk: boolean;
}

/** What a comparison run with --replications auto says of its rounds (compare-auto.ts). */
export interface CompareAuto extends AutoReplications {
  /** Every watched difference settled before the cap (false: the cap, or an interrupt, came first). */
  reached: boolean;
  /** The watched metrics. */
  metrics: string[];
}

export interface CompareResult {
  seed: number | string;
  replications: number;
  gate: GateMode;
  commonRandomNumbers: true;
  /** The currency of the cost metrics (the first scenario's with prices), null without prices. */
  currency: string | null;
  scenarios: ScenarioOutcome[];
  /** One per scenario after the first: b − a, a being the first. */
  differences: Array<{ a: string; b: string; metrics: MetricComparison[] }>;
  /** With --replications auto: the rounds' target, cap, watched metrics and whether every difference settled (compare-auto.ts). */
  auto?: CompareAuto;
  /** Present when Ctrl-C or SIGTERM stopped the comparison: the figures are those of its first `replications` replications. */
  partial?: true;
  /** As a run's `summary.interrupted`: replications 1..completedReplications of every scenario are the ones the figures come from. */
  interrupted?: InterruptedInfo;
}

function tidy(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(8)) : null;
}

function rounded(d: DifferenceInterval): Difference {
  const hw = tidy(d.halfWidth);
  return { mean: tidy(d.mean), halfWidth95: hw, low95: hw === null ? null : tidy(d.low), high95: hw === null ? null : tidy(d.high) };
}

function meanOf(xs: ReadonlyArray<number | null>): number | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length === 0 ? null : tidy(v.reduce((s, x) => s + x, 0) / v.length);
}

function metricComparison(m: CompareMetric, va: ReadonlyArray<number | null>, vb: ReadonlyArray<number | null>): MetricComparison {
  const pairs = completePairs(va, vb);
  const paired = rounded(pairedDifference(pairs.a, pairs.b));
  const unpaired = rounded(welchDifference(pairs.a, pairs.b));
  const ratio = paired.halfWidth95 !== null && unpaired.halfWidth95 !== null && unpaired.halfWidth95 > 0 ? tidy(1 - paired.halfWidth95 / unpaired.halfWidth95) : null;
  const significant = paired.low95 !== null && paired.high95 !== null && (paired.low95 > 0 || paired.high95 < 0);
  return {
    metric: m.metric,
    unit: m.unit,
    ...(m.objective !== undefined ? { objective: m.objective } : {}),
    a: meanOf(va),
    b: meanOf(vb),
    pairs: pairs.a.length,
    paired,
    unpaired,
    narrowerBy: ratio,
    significant,
  };
}

/** Each scenario's summary (with its verdicts under the gate), and the comparison of its replications with the first's. */
export function compareResults(scenarios: readonly ResolvedScenario[], results: ReadonlyArray<readonly ReplicationResult[]>, gate: GateMode): { result: CompareResult; summaries: Summary[] } {
  const summaries = scenarios.map((s, k) => summarize(s, [...results[k]!], 0, 1, { gate }));
  const perRep = scenarios.map((s, k) => perReplication(s, results[k]!));
  const metrics = compareMetrics(scenarios, perRep);
  const rules = wholeRunRules(scenarios);
  const values = perRep.map((reps) => metrics.map((m) => valuesOf(m, rules, reps)));
  const first = scenarios[0]!;
  return {
    summaries,
    result: {
      seed: first.run.seed,
      replications: first.run.replications,
      gate,
      commonRandomNumbers: true,
      currency: scenarios.find((s) => s.cost !== undefined)?.cost?.currency ?? null,
      scenarios: scenarios.map((s, k) => ({ name: s.name, file: s.file, replications: summaries[k]!.replications, slo: summaries[k]!.slo, sloOk: summaries[k]!.slo.every((v) => v.ok) })),
      differences: scenarios.slice(1).map((s, k) => ({ a: first.name, b: s.name, metrics: metrics.map((m, j) => metricComparison(m, values[0]![j]!, values[k + 1]![j]!)) })),
    },
  };
}
