/**
 * Runs every replication of a scenario, in this thread or across worker
 * threads, and merges them into a summary. Replication i always uses the
 * seed derived from (scenario seed, i) and results are merged in index
 * order, so the summary is the same whatever the number of workers.
 *
 * An abort (`signal`: Ctrl-C in the CLI) keeps what is done: see
 * run-interrupted.ts. So does a replication that crashes (its worker exits
 * or throws): see replication-crashed.ts.
 */
import { performance } from 'node:perf_hooks';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { ScenarioError } from '../scenario/scenario-error.js';
import { TraceError } from '../traffic/trace.js';
import { runInWorkers } from './worker-pool.js';
import { replicationSeed, runReplication, type ReplicationResult } from './replication.js';
import { enough, gatedRules, nextTotal, type AutoReplications } from './adaptive.js';
import { summarize, type GateMode, type Summary } from './summary.js';
import { RunStopped } from './run-stopped.js';
import { RunInterrupted, signalName } from './run-interrupted.js';
import { ReplicationCrashed, type CrashedInfo } from './replication-crashed.js';

export interface RunScenarioOptions {
  /** Progress of the whole run as a fraction 0..1. */
  onProgress?: (fraction: number) => void;
  /**
   * Worker threads; 1 (the default) runs in this thread. With more, each
   * worker receives this scenario from the main thread (scenario-transfer.ts):
   * no worker reads a file of its own.
   */
  workers?: number;
  /** How SLOs are decided (see SummarizeOptions). */
  gate?: GateMode;
  /** Run replications until the gated figures are precise enough (instead of `run.replications`). */
  auto?: AutoReplications;
  /**
   * Interrupts the run: no replication starts after it, the workers are
   * terminated, and the summary covers replications 0..k-1, the ones done
   * in index order (a later one done out of order is dropped, so the
   * summary is that of a run of k). In this thread the signal is checked
   * between replications only: a thread busy simulating cannot see it
   * (see `isolate`).
   */
  signal?: AbortSignal;
  /**
   * Run in a worker thread even with one worker, so this thread stays free
   * to handle a signal at once. It costs a worker's start (about 0.05–0.3 s,
   * README "Interrupts"), so the CLI asks for it only for long replications.
   */
  isolate?: boolean;
  /** Called as each replication completes, with its index (in completion order). */
  onReplicationDone?: (index: number) => void;
}

export async function runScenario(scenario: ResolvedScenario, options: RunScenarioOptions = {}): Promise<Summary> {
  const started = performance.now();
  const auto = options.auto;
  const cap = auto ? auto.maxReplications : scenario.run.replications;
  const workers = Math.max(1, Math.min(options.workers ?? 1, cap));
  const signal = options.signal;
  const inWorkers = workers > 1 || options.isolate === true;
  const results: ReplicationResult[] = [];
  const gate = options.gate ?? 'mean';
  let reached = true;
  let crashed: CrashedInfo | undefined;
  for (;;) {
    const to = auto ? nextTotal(results.length, auto) : cap;
    const progress = options.onProgress ? (f: number) => options.onProgress!((results.length + f * (to - results.length)) / cap) : undefined;
    try {
      results.push(...(await runRange(scenario, results.length, to, inWorkers ? workers : 1, { onProgress: progress, signal, onDone: options.onReplicationDone, inWorkers })));
    } catch (e) {
      if (!(e instanceof ReplicationCrashed)) throw e;
      results.push(...e.completed);
      if (results.length === 0) throw e;
      crashed = { replication: e.replication, seed: e.seed, message: e.detail, completedReplications: results.length, requestedReplications: cap };
      reached = false;
      break;
    }
    if (signal?.aborted) {
      reached = false;
      break;
    }
    if (!auto) break;
    if (enough(scenario, results, auto, gate)) break;
    if (results.length >= cap) {
      reached = false;
      break;
    }
  }
  if (signal?.aborted && results.length === 0) throw new RunInterrupted(signalName(signal), cap);
  const summary = summarize(scenario, results, (performance.now() - started) / 1000, inWorkers ? workers : 1, { gate });
  if (auto && summary.acrossReplications) {
    summary.acrossReplications.auto = { ...auto, reached, metrics: gatedRules(scenario).map((r) => r.metric) };
  }
  if (crashed) return { partial: true, crashed, ...summary };
  if (!signal?.aborted) return summary;
  return { partial: true, interrupted: { signal: signalName(signal), completedReplications: results.length, requestedReplications: cap }, ...summary };
}

/** What a shard ran: the replications [from, from + results.length) of its slice, and why it stopped early, if it did. */
export interface ShardRun {
  results: ReplicationResult[];
  interrupted?: string;
  crashed?: CrashedInfo;
  wallSeconds: number;
  workers: number;
}

/**
 * Replications [from, to) only, unsummarised: one shard of a run spread
 * over several processes or machines (`--shard K/N`, shards.ts). The
 * results are the very ones a whole run would have for those indices (the
 * seed of replication i depends on i alone); `simulate merge` summarises
 * them all together.
 */
export async function runShard(scenario: ResolvedScenario, from: number, to: number, options: Omit<RunScenarioOptions, 'auto' | 'gate'> = {}): Promise<ShardRun> {
  const started = performance.now();
  const workers = Math.max(1, Math.min(options.workers ?? 1, to - from));
  const inWorkers = workers > 1 || options.isolate === true;
  const run: Omit<ShardRun, 'wallSeconds' | 'workers'> = { results: [] };
  if (to > from) {
    try {
      run.results = await runRange(scenario, from, to, inWorkers ? workers : 1, { onProgress: options.onProgress, signal: options.signal, onDone: options.onReplicationDone, inWorkers });
    } catch (e) {
      if (!(e instanceof ReplicationCrashed)) throw e;
      run.results = e.completed;
      run.crashed = { replication: e.replication, seed: e.seed, message: e.detail, completedReplications: e.completed.length, requestedReplications: to - from };
    }
  }
  if (options.signal?.aborted) run.interrupted = signalName(options.signal);
  return { ...run, wallSeconds: (performance.now() - started) / 1000, workers: inWorkers ? workers : 1 };
}

interface RangeOptions {
  onProgress?: ((fraction: number) => void) | undefined;
  signal?: AbortSignal | undefined;
  onDone?: ((index: number) => void) | undefined;
  inWorkers: boolean;
}

/** Replications [from, to), here or in workers; a timestamps trace that turns bad during the run is bad input, not a bug. */
async function runRange(scenario: ResolvedScenario, from: number, to: number, workers: number, options: RangeOptions): Promise<ReplicationResult[]> {
  try {
    return options.inWorkers ? await runInWorkers(scenario, from, to, workers, options) : await runHere(scenario, from, to, options);
  } catch (e) {
    if (e instanceof TraceError) {
      throw new ScenarioError([{ file: scenario.file, path: 'traffic.trace.timestamps', message: e.message, suggestion: 'was the trace changed during the run? fix it and run again', severity: 'error' }]);
    }
    throw e;
  }
}

/** Replications [from, to) in this thread, stopping between two when `signal` is aborted; `onProgress` gets the fraction of them done. */
async function runHere(scenario: ResolvedScenario, from: number, to: number, { onProgress, onDone, signal }: RangeOptions): Promise<ReplicationResult[]> {
  const results: ReplicationResult[] = [];
  const n = to - from;
  for (let i = from; i < to; i++) {
    if (signal) await new Promise(setImmediate); // lets a signal received meanwhile reach its handler
    if (signal?.aborted) break;
    const k = i - from;
    try {
      results.push(runReplication(scenario, i, onProgress ? { onProgress: (f) => onProgress((k + f) / n) } : {}));
    } catch (e) {
      if (e instanceof RunStopped || e instanceof TraceError || e instanceof ScenarioError) throw e;
      throw new ReplicationCrashed(i, replicationSeed(scenario.run.seed, i), e instanceof Error ? e.message : String(e), results);
    }
    onProgress?.((k + 1) / n);
    onDone?.(i);
  }
  return results;
}
