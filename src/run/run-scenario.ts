/**
 * Runs every replication of a scenario, in this thread or across worker
 * threads, and merges them into a summary. Replication i always uses the
 * seed derived from (scenario seed, i) and results are merged in index
 * order, so the summary is the same whatever the number of workers.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { RunOverrides } from './overrides.js';
import { runReplication, type ReplicationResult } from './replication.js';
import { RunStopped } from './run-stopped.js';
import { summarize, type Summary } from './summary.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

export interface RunScenarioOptions {
  /** Progress of the whole run as a fraction 0..1. */
  onProgress?: (fraction: number) => void;
  /**
   * Worker threads; 1 (the default) runs in this thread. With more, each
   * worker re-loads `source.file` with `source.overrides`.
   */
  workers?: number;
  source?: { file: string; overrides: RunOverrides };
}

export async function runScenario(scenario: ResolvedScenario, options: RunScenarioOptions = {}): Promise<Summary> {
  const started = performance.now();
  const n = scenario.run.replications;
  const workers = Math.max(1, Math.min(options.workers ?? 1, n));
  const results =
    workers > 1 && options.source
      ? await runInWorkers(n, workers, options.source, options.onProgress)
      : runHere(scenario, n, options.onProgress);
  return summarize(scenario, results, (performance.now() - started) / 1000, workers > 1 && options.source ? workers : 1);
}

function runHere(scenario: ResolvedScenario, n: number, onProgress?: (fraction: number) => void): ReplicationResult[] {
  const results: ReplicationResult[] = [];
  for (let i = 0; i < n; i++) {
    results.push(runReplication(scenario, i, onProgress ? { onProgress: (f) => onProgress((i + f) / n) } : {}));
    onProgress?.((i + 1) / n);
  }
  return results;
}

function runInWorkers(
  n: number,
  workerCount: number,
  source: { file: string; overrides: RunOverrides },
  onProgress?: (fraction: number) => void,
): Promise<ReplicationResult[]> {
  return new Promise((resolve, reject) => {
    const results: ReplicationResult[] = new Array(n);
    const fractions = new Float64Array(n);
    let next = 0;
    let done = 0;
    let failed = false;
    const pool: Worker[] = [];
    const stopAll = (): void => {
      for (const w of pool) void w.terminate();
    };
    const assign = (w: Worker): void => {
      if (next < n) w.postMessage({ type: 'run', index: next++ });
      else w.postMessage({ type: 'stop' });
    };
    for (let k = 0; k < workerCount; k++) {
      const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: source satisfies WorkerInput });
      pool.push(w);
      w.on('message', (m: WorkerMessage) => {
        if (failed) return;
        if (m.type === 'progress') {
          fractions[m.index] = m.fraction;
          if (onProgress) onProgress(fractions.reduce((a, b) => a + b, 0) / n);
        } else if (m.type === 'result') {
          results[m.index] = m.result;
          fractions[m.index] = 1;
          done++;
          if (done === n) {
            stopAll();
            resolve(results);
          } else {
            assign(w);
          }
        } else {
          failed = true;
          stopAll();
          reject(m.stopped !== undefined ? new RunStopped(m.stopped) : new Error(`a worker failed: ${m.message}`));
        }
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(e);
      });
      assign(w);
    }
  });
}
