/**
 * Several scenarios' replications on one pool of worker threads: the jobs
 * are (scenario, replication) pairs, handed to whichever worker is free, and
 * each result is stored at its pair's place. Replication i of every scenario
 * uses the seed derived from (its run.seed, i) (replication.ts), whoever runs
 * it, so the results — and everything computed from them — are the same for
 * any number of workers. `simulate compare`, `sweep` and `plan` run on it.
 */
import { Worker } from 'node:worker_threads';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { TraceError } from '../traffic/trace.js';
import { replicationSeed, runReplication, type ReplicationResult } from './replication.js';
import { ReplicationCrashed } from './replication-crashed.js';
import { decodeResult } from './result-transfer.js';
import { ScenarioError } from '../scenario/scenario-error.js';
import { PoolInterrupted, signalName } from './run-interrupted.js';
import { RunStopped } from './run-stopped.js';
import { encodeScenario } from './scenario-transfer.js';
import type { PoolMessage, PoolRequest, PoolWorkerInput } from './pool-worker.js';

export interface PoolOptions {
  /** Worker threads; 1 runs every job in this thread. */
  workers?: number;
  /** Called after each job with the jobs done and the total. */
  onJobDone?: (done: number, total: number) => void;
  /** Aborts the pool: the workers are terminated and PoolInterrupted is thrown, with each scenario's replications done from `fromReplication` on. */
  signal?: AbortSignal;
  /** Run replications fromReplication..run.replications-1 only (a later round of --replications auto in compare or sweep); default 0. */
  fromReplication?: number;
}

interface Job {
  scenario: number;
  replication: number;
}

/**
 * Every scenario's replications from..run.replications-1 (from =
 * `fromReplication`, 0 by default): results[s][i - from] is scenario s's
 * replication i.
 */
export async function runPool(scenarios: readonly ResolvedScenario[], options: PoolOptions = {}): Promise<ReplicationResult[][]> {
  // Replication-major order: the first replications of every scenario come first, so a slow point does not hold the others back.
  const most = Math.max(0, ...scenarios.map((s) => s.run.replications));
  const from = options.fromReplication ?? 0;
  const jobs: Job[] = [];
  for (let i = from; i < most; i++) scenarios.forEach((s, k) => i < s.run.replications && jobs.push({ scenario: k, replication: i }));
  const workers = Math.max(1, Math.min(options.workers ?? 1, jobs.length));
  let flat: ReplicationResult[];
  try {
    flat = workers === 1 ? await runHere(scenarios, jobs, options) : await runInWorkers(scenarios, jobs, workers, options);
  } catch (e) {
    // A timestamps trace that turns bad during the run is bad input, not a bug (as in run-scenario.ts).
    if (e instanceof TraceError) throw new ScenarioError([{ file: e.file, path: 'traffic.trace.timestamps', message: e.message, suggestion: 'was the trace changed during the run? fix it and run again', severity: 'error' }]);
    throw e;
  }
  const results: ReplicationResult[][] = scenarios.map(() => []);
  jobs.forEach((j, k) => (results[j.scenario]![j.replication - from] = flat[k]!));
  return results;
}

async function runHere(scenarios: readonly ResolvedScenario[], jobs: readonly Job[], { onJobDone, signal }: PoolOptions): Promise<ReplicationResult[]> {
  const out: ReplicationResult[] = [];
  for (const j of jobs) {
    if (signal) await new Promise(setImmediate); // lets a signal received meanwhile reach its handler
    if (signal?.aborted) throw new PoolInterrupted(signalName(signal), jobs.length, donePrefixes(scenarios.length, jobs, out));
    out.push(runReplication(scenarios[j.scenario]!, j.replication));
    onJobDone?.(out.length, jobs.length);
  }
  return out;
}

/**
 * By scenario, its replications from..k-1 among the jobs' results
 * (`results[j]` for job j, absent if not done; `from`, the first job's
 * replication): the longest run from `from` with none missing.
 */
function donePrefixes(scenarioCount: number, jobs: readonly Job[], results: ReadonlyArray<ReplicationResult | undefined>): ReplicationResult[][] {
  const from = jobs[0]?.replication ?? 0;
  const byScenario: Array<Array<ReplicationResult | undefined>> = Array.from({ length: scenarioCount }, () => []);
  jobs.forEach((j, k) => (byScenario[j.scenario]![j.replication - from] = results[k]));
  return byScenario.map((reps) => {
    const prefix: ReplicationResult[] = [];
    for (const r of reps) {
      if (r === undefined) break;
      prefix.push(r);
    }
    return prefix;
  });
}

/** The process's Node flags but --input-type, which a worker started from a file refuses. */
const WORKER_EXEC_ARGV = process.execArgv.filter((a) => !a.startsWith('--input-type'));

/** A job that died is a crash of its replication (ReplicationCrashed: exit 3), naming the scenario's seed for a re-run alone. */
function crashOf(scenarios: readonly ResolvedScenario[], j: Job, detail: string): ReplicationCrashed {
  const s = scenarios[j.scenario]!;
  return new ReplicationCrashed(j.replication, replicationSeed(s.run.seed, j.replication), `${s.name}: ${detail}`, []);
}

function errorOf(scenarios: readonly ResolvedScenario[], j: Job, m: Extract<PoolMessage, { type: 'error' }>): Error {
  if (m.stopped !== undefined) return new RunStopped(m.stopped);
  if (m.trace) return new TraceError(m.trace.file, m.trace.line, m.trace.detail);
  return crashOf(scenarios, j, m.message);
}

function runInWorkers(scenarios: readonly ResolvedScenario[], jobs: readonly Job[], count: number, { onJobDone, signal }: PoolOptions): Promise<ReplicationResult[]> {
  const input: PoolWorkerInput = { scenarios: scenarios.map(encodeScenario) };
  return new Promise((resolve, reject) => {
    const results: ReplicationResult[] = new Array(jobs.length);
    const pool: Worker[] = [];
    const running = new Map<Worker, number>(); // the job each worker runs
    let next = 0;
    let done = 0;
    let over = false;
    const finish = (error?: Error): void => {
      if (over) return;
      over = true;
      signal?.removeEventListener('abort', interrupt);
      for (const w of pool) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const interrupt = (): void => finish(new PoolInterrupted(signalName(signal!), jobs.length, donePrefixes(scenarios.length, jobs, results)));
    if (signal?.aborted) return interrupt();
    signal?.addEventListener('abort', interrupt);
    const assign = (w: Worker): void => {
      const j = jobs[next];
      running.delete(w);
      if (j === undefined) return w.postMessage({ type: 'stop' } satisfies PoolRequest);
      running.set(w, next);
      w.postMessage({ type: 'run', job: next++, scenario: j.scenario, replication: j.replication } satisfies PoolRequest);
    };
    for (let k = 0; k < count; k++) {
      const w = new Worker(new URL('./pool-worker.js', import.meta.url), { workerData: input, execArgv: WORKER_EXEC_ARGV });
      pool.push(w);
      w.on('message', (m: PoolMessage) => {
        if (over) return;
        if (m.type === 'error') return finish(errorOf(scenarios, jobs[running.get(w)!]!, m));
        results[m.job] = decodeResult(m.result);
        done++; // not inside onJobDone?.(…): an absent callback would skip the count
        onJobDone?.(done, jobs.length);
        if (done === jobs.length) finish();
        else assign(w);
      });
      w.on('error', (e) => finish(e));
      // A thread that ends in the middle of a job (a crash) would otherwise leave the pool waiting for ever.
      w.on('exit', (code) => {
        const job = running.get(w);
        if (job !== undefined) finish(crashOf(scenarios, jobs[job]!, `its worker thread exited (code ${code}) before the replication completed`));
      });
      assign(w);
    }
  });
}
