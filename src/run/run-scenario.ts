/**
 * Runs every replication of a scenario and merges them into a summary.
 */
import { performance } from 'node:perf_hooks';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { runReplication, type ReplicationResult } from './replication.js';
import { summarize, type Summary } from './summary.js';

export interface RunScenarioOptions {
  /** Progress of the whole run as a fraction 0..1. */
  onProgress?: (fraction: number) => void;
}

export function runScenario(scenario: ResolvedScenario, options: RunScenarioOptions = {}): Summary {
  const started = performance.now();
  const n = scenario.run.replications;
  const results: ReplicationResult[] = [];
  for (let i = 0; i < n; i++) {
    const report = options.onProgress;
    results.push(runReplication(scenario, i, report ? { onProgress: (f) => report((i + f) / n) } : {}));
    options.onProgress?.((i + 1) / n);
  }
  return summarize(scenario, results, (performance.now() - started) / 1000, 1);
}
