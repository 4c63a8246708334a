/** What closed populations and batches measured in one replication: plain data (it crosses worker threads). */
import type { LatencyHistogramJSON } from '../../stats/latency-histogram.js';
import type { BatchSource } from './batch-source.js';
import type { ClosedPopulation } from './closed-population.js';

export interface PopulationResult {
  name: string;
  users: number;
  ok: number;
  failed: number;
  sessions: number;
  latencyMs: LatencyHistogramJSON;
}

export interface BatchResult {
  name: string;
  /** Measured cycles (released after the warm-up) and their jobs. */
  cycles: number;
  jobs: number;
  done: number;
  failed: number;
  /** Cycles whose every job had an outcome by the end of the run, and their makespans [s]. */
  cyclesComplete: number;
  makespanMaxSeconds: number | null;
  makespanSumSeconds: number;
  /** Cycles (and their jobs) that can be judged against the deadline: complete, or past it at the end; with a deadline only. */
  cyclesJudged: number;
  cyclesMet: number;
  jobsJudged: number;
  jobsDoneByDeadline: number;
  completionMs: LatencyHistogramJSON;
}

export function populationResult(p: ClosedPopulation, name: string, users: number): PopulationResult {
  return { name, users, ok: p.ok, failed: p.failed, sessions: p.sessions, latencyMs: p.latencyMs.toJSON() };
}

export function batchResult(b: BatchSource, name: string, jobs: number, deadlineSeconds: number, measureFromSeconds: number, endSeconds: number): BatchResult {
  const out: BatchResult = {
    name,
    cycles: 0,
    jobs: 0,
    done: 0,
    failed: 0,
    cyclesComplete: 0,
    makespanMaxSeconds: null,
    makespanSumSeconds: 0,
    cyclesJudged: 0,
    cyclesMet: 0,
    jobsJudged: 0,
    jobsDoneByDeadline: 0,
    completionMs: b.completionMs.toJSON(),
  };
  for (let k = 0; k < b.cycles; k++) {
    const start = b.cycleStartSeconds[k]!;
    if (start < measureFromSeconds || start >= endSeconds) continue;
    out.cycles++;
    out.jobs += jobs;
    out.done += b.done[k]!;
    out.failed += b.failed[k]!;
    const complete = b.done[k]! + b.failed[k]! === jobs;
    if (complete) {
      const makespan = b.lastOutcomeSeconds[k]! - start;
      out.cyclesComplete++;
      out.makespanSumSeconds += makespan;
      out.makespanMaxSeconds = Math.max(out.makespanMaxSeconds ?? 0, makespan);
    }
    if (deadlineSeconds !== Infinity && (complete || start + deadlineSeconds <= endSeconds)) {
      out.cyclesJudged++;
      out.jobsJudged += jobs;
      out.jobsDoneByDeadline += b.doneByDeadline[k]!;
      if (b.doneByDeadline[k] === jobs) out.cyclesMet++;
    }
  }
  return out;
}
