/**
 * A replication that dies (issue 16 item 2): its worker thread exits before
 * the replication completes (as a kill or an out-of-memory would end it).
 * The run never hangs, names the replication and its seed, keeps exactly
 * the replications before it (marked partial, equal to a run of that many),
 * and the CLI writes them and exits 3. The death is injected with
 * SIMULATE_FAULT_WORKER_EXIT=<index> (src/run/worker.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { deterministicPart, type Summary } from '../src/run/summary.js';
import { encodeResult, decodeResult } from '../src/run/result-transfer.js';
import { runReplication } from '../src/run/replication.js';
import { ROOT, simulateWithEnv } from './support/cli.js';
import { tempDir } from './support/temp-scenarios.js';

const MM1 = 'test/fixtures/mm1-small.json';
// Worker threads run compiled code: use the built modules (the global setup compiles them).
const dist = (m: string): string => pathToFileURL(join(ROOT, 'dist', 'src', m)).href;
const { runScenario } = (await import(dist('run/run-scenario.js'))) as typeof import('../src/run/run-scenario.js');
const { resolveScenarioData } = (await import(dist('scenario/load.js'))) as typeof import('../src/scenario/load.js');
const { ReplicationCrashed } = (await import(dist('run/replication-crashed.js'))) as typeof import('../src/run/replication-crashed.js');

function mm1Scenario(replications: number) {
  const data = JSON.parse(readFileSync(MM1, 'utf8'));
  data.run.replications = replications;
  data.run.duration = '300s';
  return resolveScenarioData(data, MM1).scenario;
}

/** The summary without the marks of a partial run and the wall-clock fields. */
function comparable(s: Summary): string {
  const { partial: _p, crashed: _c, ...rest } = s;
  return JSON.stringify(deterministicPart(rest as Summary));
}

afterEach(() => {
  delete process.env.SIMULATE_FAULT_WORKER_EXIT;
});

describe('a worker that dies mid-run', () => {
  for (const workers of [1, 2, 3]) {
    it(`${workers} worker(s), replication 3 of 6 dies: the summary is replications 0..2, marked partial and crashed, equal to a run of 3`, async () => {
      process.env.SIMULATE_FAULT_WORKER_EXIT = '3';
      const s = await runScenario(mm1Scenario(6), { workers, isolate: true });
      expect(s.partial).toBe(true);
      expect(s.crashed).toMatchObject({ replication: 3, seed: '7.3', completedReplications: 3, requestedReplications: 6 });
      expect(s.crashed!.message).toMatch(/exited \(code 70\)/);
      delete process.env.SIMULATE_FAULT_WORKER_EXIT;
      expect(comparable(s)).toBe(comparable(await runScenario(mm1Scenario(3))));
    });
  }

  it('the first replication dies: nothing to summarise, ReplicationCrashed names it and its seed', async () => {
    process.env.SIMULATE_FAULT_WORKER_EXIT = '0';
    const run = runScenario(mm1Scenario(4), { workers: 2 });
    await expect(run).rejects.toBeInstanceOf(ReplicationCrashed);
    await expect(run).rejects.toMatchObject({ replication: 0, seed: 7, completed: [] });
  });
});

describe('results cross from the workers as transferable buffers', () => {
  it('encode → transfer → decode gives back the same result; the histograms travel as Float64Arrays', () => {
    const scenario = mm1Scenario(1);
    const result = runReplication(scenario, 0);
    const { message, transfer } = encodeResult(result);
    expect(transfer.length).toBeGreaterThan(result.classes.length);
    expect(new Set(transfer).size).toBe(transfer.length);
    const packed = message.packed as { latencyMs: { packedBuckets: unknown; buckets?: unknown } };
    expect(packed.latencyMs.packedBuckets).toBeInstanceOf(Float64Array);
    expect(packed.latencyMs.buckets).toBeUndefined();
    // structuredClone with a transfer list is what postMessage does.
    const back = decodeResult(structuredClone(message, { transfer }));
    const fresh = runReplication(scenario, 0);
    expect({ ...back, wallSeconds: 0 }).toEqual({ ...fresh, wallSeconds: 0 });
    expect(back.latencyMs.buckets.length).toBeGreaterThan(10);
  });
});

describe('simulate with a replication that dies (the built CLI)', () => {
  it('exit 3; stderr names the replication and its seed; --out holds the partial summary of those before it', () => {
    const out = join(tempDir(), 'summary.json');
    const r = simulateWithEnv({ SIMULATE_FAULT_WORKER_EXIT: '2' }, MM1, '--duration', '300s', '--replications', '5', '--workers', '2', '--quiet', '--out', out);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/replication 2 \(seed "7\.2"\) crashed: its worker thread exited \(code 70\)/);
    expect(r.stderr).toMatch(/covers the 2 of 5 replications/);
    expect(r.stdout).toMatch(/PARTIAL: 2 of 5 replications/);
    const saved = JSON.parse(readFileSync(out, 'utf8')) as Summary;
    expect(saved.partial).toBe(true);
    expect(saved.replications).toBe(2);
    expect(saved.crashed).toMatchObject({ replication: 2, completedReplications: 2 });
  });

  it('with none completed: exit 3, no summary, no --out file', () => {
    const out = join(tempDir(), 'summary.json');
    const r = simulateWithEnv({ SIMULATE_FAULT_WORKER_EXIT: '0' }, MM1, '--duration', '300s', '--replications', '3', '--workers', '2', '--quiet', '--out', out);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/replication 0 \(seed 7\) crashed/);
    expect(r.stderr).toMatch(/nothing written/);
    expect(() => readFileSync(out)).toThrow();
  });
});
