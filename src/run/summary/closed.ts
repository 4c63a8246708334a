/**
 * The summary's `populations` and `batches` sections (closed workloads),
 * pooled over the replications: counts summed, histograms merged, the worst
 * makespan over every measured cycle of every replication.
 */
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { ReplicationResult } from '../replication.js';
import { latencySummary, merged, r, sumOf, type LatencySummary } from './numbers.js';

export interface PopulationSummary {
  users: number;
  ok: number;
  failed: number;
  /** Outcomes per measured second: the population's throughput X [req/s]. */
  requestsPerSecond: number;
  /** Response time R of a request, first attempt to outcome [ms]; with think time Z, N = X·(R + Z). */
  latencyMs: LatencySummary;
  /** Sessions started in the measured window (mean per replication). */
  sessions: number;
}

export interface BatchSummary {
  /** Measured cycles (released after the warm-up), per replication. */
  cycles: number;
  /** Cycles whose every job had an outcome by the end, per replication. */
  cyclesComplete: number;
  /** Jobs of the measured cycles, done, failed, with no outcome at the end (totals over replications). */
  jobs: number;
  done: number;
  failed: number;
  unfinished: number;
  /** From each done job's release to its last request's success [s]. */
  completionSeconds: { mean: number | null; p50: number | null; p99: number | null; max: number | null };
  /** From a cycle's release start to its last job's outcome: the worst complete cycle [s]; null when none completed. */
  makespanSeconds: number | null;
  meanMakespanSeconds: number | null;
  /** With a deadline: share of the jobs (of the cycles that can be judged) done by it; null without. */
  doneByDeadline: number | null;
  /** With a deadline: share of the judged cycles whose every job was done by it; null without. */
  cyclesMetDeadline: number | null;
}

function seconds(ms: number | null): number | null {
  return ms === null ? null : r(ms / 1000, 3);
}

export function populationsSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): Record<string, PopulationSummary> | undefined {
  if (scenario.populations === undefined) return undefined;
  const measured = sumOf(reps, (x) => x.measuredSeconds);
  const out: Record<string, PopulationSummary> = {};
  scenario.populations.forEach((p, i) => {
    const rows = reps.map((x) => x.populations![i]!);
    const ok = sumOf(rows, (x) => x.ok);
    const failed = sumOf(rows, (x) => x.failed);
    out[p.name] = {
      users: p.users,
      ok,
      failed,
      requestsPerSecond: measured > 0 ? r((ok + failed) / measured, 4) : 0,
      latencyMs: latencySummary(merged(rows.map((x) => x.latencyMs))),
      sessions: reps.length > 0 ? r(sumOf(rows, (x) => x.sessions) / reps.length, 2) : 0,
    };
  });
  return out;
}

export function batchesSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): Record<string, BatchSummary> | undefined {
  if (scenario.batches === undefined) return undefined;
  const out: Record<string, BatchSummary> = {};
  scenario.batches.forEach((b, i) => {
    const rows = reps.map((x) => x.batches![i]!);
    const n = Math.max(1, reps.length);
    const complete = sumOf(rows, (x) => x.cyclesComplete);
    const worst = rows.reduce<number | null>((m, x) => (x.makespanMaxSeconds === null ? m : Math.max(m ?? 0, x.makespanMaxSeconds)), null);
    const jobs = sumOf(rows, (x) => x.jobs);
    const done = sumOf(rows, (x) => x.done);
    const failed = sumOf(rows, (x) => x.failed);
    const judgedJobs = sumOf(rows, (x) => x.jobsJudged);
    const judgedCycles = sumOf(rows, (x) => x.cyclesJudged);
    const h = latencySummary(merged(rows.map((x) => x.completionMs)));
    const hasDeadline = b.deadlineSeconds !== Infinity;
    out[b.name] = {
      cycles: r(sumOf(rows, (x) => x.cycles) / n, 2),
      cyclesComplete: r(complete / n, 2),
      jobs,
      done,
      failed,
      unfinished: jobs - done - failed,
      completionSeconds: { mean: seconds(h.mean), p50: seconds(h.p50), p99: seconds(h.p99), max: seconds(h.max) },
      makespanSeconds: worst === null ? null : r(worst, 3),
      meanMakespanSeconds: complete > 0 ? r(sumOf(rows, (x) => x.makespanSumSeconds) / complete, 3) : null,
      doneByDeadline: hasDeadline && judgedJobs > 0 ? r(sumOf(rows, (x) => x.jobsDoneByDeadline) / judgedJobs, 6) : null,
      cyclesMetDeadline: hasDeadline && judgedCycles > 0 ? r(sumOf(rows, (x) => x.cyclesMet) / judgedCycles, 6) : null,
    };
  });
  return out;
}
