/**
 * `simulate compare --replications auto`: the scenarios run in rounds of
 * replications (10, then doubling, up to `--max-replications`, as a run's
 * `--replications auto`, run/adaptive.ts), every scenario the same number
 * (common random numbers pair replication i of each), until every watched
 * difference b − a is settled:
 *
 * - decided: its paired 95% interval excludes 0 (b differs from a), or
 * - precise: the interval's half-width is at most `--precision` of |a|
 *   (whatever the difference is, it is known to that fraction of a's
 *   level: a difference that small is no difference for the question).
 *
 * The watched metrics are the comparison's objectives (the scenarios'
 * whole-run SLOs and `--slo`), else the p99 latency, as a run's auto
 * rounds watch. Stopping when an interval first excludes 0 is a
 * sequential test: looking after each round makes a false "differs"
 * somewhat likelier than 5% (at most a few rounds: 10, 20, 40, …), which
 * is why the rounds double instead of growing one at a time, and why the
 * result records how many rounds it took.
 */
import type { AutoReplications } from '../run/adaptive.js';
import type { CompareResult, MetricComparison } from './compare.js';

export type { CompareAuto } from './compare.js';

/** The metrics the rounds watch: those an objective gates, else the p99 latency. */
export function watchedMetrics(result: CompareResult): string[] {
  const first = result.differences[0]?.metrics ?? [];
  const gated = first.filter((m) => m.objective !== undefined).map((m) => m.metric);
  return gated.length > 0 ? gated : ['latencyMs.p99'];
}

/** Whether one difference is settled (see the header). */
export function differenceSettled(m: MetricComparison, targetRelativeHalfWidth: number): boolean {
  if (m.significant) return true;
  const hw = m.paired.halfWidth95;
  if (hw === null) return m.pairs === 0; // no replication has the figure on both sides (none served, say): more of them will not tell
  return hw === 0 || (m.a !== null && hw <= targetRelativeHalfWidth * Math.abs(m.a));
}

/** Whether every watched difference of every scenario against the first is settled. */
export function comparisonSettled(result: CompareResult, auto: AutoReplications): boolean {
  const watched = new Set(watchedMetrics(result));
  return result.differences.every((d) => d.metrics.filter((m) => watched.has(m.metric)).every((m) => differenceSettled(m, auto.targetRelativeHalfWidth)));
}
