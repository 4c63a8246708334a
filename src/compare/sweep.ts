/**
 * `simulate sweep`: one scenario at every point of a grid of one or two
 * parameters (vary.ts), each point with the same replications and seeds —
 * common random numbers across the points, so neighbouring points differ
 * by the parameter, not by noise. Per point: availability, p99, failed
 * requests, cost (run and monthly), and the SLO verdict under the gate.
 */
import type { ReplicationResult } from '../run/replication.js';
import { summarize, type GateMode, type Summary } from '../run/summary.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { confidenceInterval } from '../stats/confidence.js';
import { perReplication } from './readings.js';
import { metricReadings } from '../run/summary/metric-read.js';
import type { SweepPoint, Vary } from './vary.js';
import type { AutoReplications } from '../run/adaptive.js';
import type { InterruptedInfo } from '../run/run-interrupted.js';

export interface Figure {
  mean: number | null;
  /** 95% half-width across replications (null with fewer than two). */
  halfWidth95: number | null;
}

export type PointVerdict = 'ok' | 'failed' | 'unsure' | 'no-slo';

export interface PointResult {
  /** `path=value` per parameter. */
  point: string[];
  /** The value of each parameter, as written into the scenario. */
  values: unknown[];
  availability: Figure;
  p99Ms: Figure;
  failed: Figure;
  /** The run's cost and its monthly projection (mean over replications); null without prices. */
  runCost: number | null;
  monthlyCost: number | null;
  currency: string | null;
  /** ok: every objective held under the gate; failed: one failed; unsure: none failed but one is undecided (bound gate). */
  slo: PointVerdict;
  /** The objectives that did not hold (or are undecided), as written. */
  notMet: string[];
}

export interface SweepResult {
  parameters: string[];
  seed: number | string;
  replications: number;
  gate: GateMode;
  commonRandomNumbers: true;
  points: PointResult[];
  /**
   * With --replications auto: the rounds' target and cap, the gated metrics
   * and whether every point's were precise (or, under the bound gate,
   * decided) before the cap, as a run's `acrossReplications.auto`.
   */
  auto?: AutoReplications & { reached: boolean; metrics: string[] };
  /** Present when Ctrl-C or SIGTERM stopped the sweep: every point's figures are those of its first `replications` replications. */
  partial?: true;
  interrupted?: InterruptedInfo;
}

function figure(perRep: readonly Summary[], path: string): Figure {
  const xs = perRep.map((s) => metricReadings(s, path)[0]?.value ?? null).filter((x): x is number => x !== null && Number.isFinite(x));
  if (xs.length === 0) return { mean: null, halfWidth95: null };
  const t = (x: number): number => Number(x.toPrecision(8));
  const ci = xs.length >= 2 ? confidenceInterval(xs) : undefined;
  return { mean: t(xs.reduce((a, b) => a + b, 0) / xs.length), halfWidth95: ci ? t(ci.halfWidth) : null };
}

function verdict(summary: Summary): { slo: PointVerdict; notMet: string[] } {
  if (summary.slo.length === 0) return { slo: 'no-slo', notMet: [] };
  const notMet = summary.slo.filter((v) => !v.ok);
  const slo = notMet.some((v) => v.status === 'failed' || v.status === 'not-evaluable') ? 'failed' : notMet.length > 0 ? 'unsure' : 'ok';
  return { slo, notMet: notMet.map((v) => v.objective) };
}

/** One point's figures from its replications. */
export function pointResult(point: SweepPoint, varies: readonly Vary[], scenario: ResolvedScenario, reps: readonly ReplicationResult[], gate: GateMode): { result: PointResult; summary: Summary } {
  const summary = summarize(scenario, [...reps], 0, 1, { gate });
  const perRep = perReplication(scenario, reps);
  return {
    summary,
    result: {
      point: point.labels,
      values: point.at.map((i, k) => varies[k]!.values[i]),
      availability: figure(perRep, 'availability.requests'),
      p99Ms: figure(perRep, 'latencyMs.p99'),
      failed: figure(perRep, 'requests.failed'),
      runCost: summary.cost?.run.total ?? null,
      monthlyCost: summary.cost?.monthlyProjection.total ?? null,
      currency: summary.cost?.currency ?? null,
      ...verdict(summary),
    },
  };
}

export function sweepResult(varies: readonly Vary[], first: ResolvedScenario, points: PointResult[], gate: GateMode): SweepResult {
  return { parameters: varies.map((v) => v.path), seed: first.run.seed, replications: first.run.replications, gate, commonRandomNumbers: true, points };
}
