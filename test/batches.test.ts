/**
 * Batches of jobs (traffic.batches) against hand-computable cases: N jobs
 * at once on c servers with constant work (makespan ⌈N/c⌉·s), jobs of
 * several sequential requests, jobs evenly spread over a window with a
 * deadline, and jobs at random times in a window (the makespan is then the
 * largest of N uniforms, P(max ≤ x) = (x/W)^N), periodic cycles.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runReplication } from '../src/run/replication.js';
import { summarize } from '../src/run/summary.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import type { ResolvedScenario } from '../src/scenario/resolved.js';
import { ROOT } from './support/cli.js';

interface BatchOptions {
  slots: number;
  serviceSeconds: number;
  durationSeconds: number;
  batch: Record<string, unknown>;
  slo?: string[];
  replications?: number;
}

function batchScenario(o: BatchOptions): ResolvedScenario {
  const data = {
    name: 'batch',
    run: { duration: `${o.durationSeconds}s`, seed: 5, replications: o.replications ?? 1 },
    sites: { RBX: {} },
    traffic: {
      classes: { fetch: { path: ['files'] } },
      batches: { night: { class: 'fetch', ...o.batch } },
    },
    tiers: { files: { servers: [{ name: 'f', site: 'RBX', slots: o.slots }], serviceTime: { dist: 'constant', value: `${o.serviceSeconds}s` } } },
    ...(o.slo ? { slo: o.slo } : {}),
  };
  return resolveScenarioData(data, 'batch.json').scenario;
}

function run(s: ResolvedScenario) {
  const reps = Array.from({ length: s.run.replications }, (_, i) => runReplication(s, i));
  return summarize(s, reps, 0, 1);
}

describe('a batch released at once on c servers with constant work', () => {
  for (const [jobs, c, s] of [
    [10, 3, 2],
    [7000, 40, 0.5],
    [3, 8, 1],
  ] as const) {
    it(`${jobs} jobs, c = ${c}, s = ${s}s: makespan ⌈N/c⌉·s, completion times k·s for the k-th wave`, () => {
      const b = run(batchScenario({ slots: c, serviceSeconds: s, durationSeconds: 100_000, batch: { jobs } })).batches!.night!;
      const waves = Math.ceil(jobs / c);
      expect(b.makespanSeconds).toBeCloseTo(waves * s, 9);
      expect(b.done).toBe(jobs);
      expect(b.failed).toBe(0);
      expect(b.unfinished).toBe(0);
      // Wave k (1..waves) finishes at k·s: c jobs per full wave, the rest in the last.
      let sum = 0;
      for (let k = 1; k <= waves; k++) sum += k * s * Math.min(c, jobs - (k - 1) * c);
      expect(b.completionSeconds.mean).toBeCloseTo(sum / jobs, 3);
      expect(b.completionSeconds.max).toBeCloseTo(waves * s, 2);
    });
  }

  it('jobs of 3 sequential requests: 4 jobs on 2 servers of 1 s finish by 12/2 = 6 s', () => {
    const b = run(batchScenario({ slots: 2, serviceSeconds: 1, durationSeconds: 1000, batch: { jobs: 4, requests: 3 } })).batches!.night!;
    expect(b.makespanSeconds).toBeCloseTo(6, 9);
    expect(b.done).toBe(4);
  });
});

describe('a batch spread evenly over a window, with a deadline', () => {
  it('10 jobs over 100 s on one server of 3 s: releases at 0, 10, …, 90; makespan 93 s; 5 of 10 done by 50 s', () => {
    const s = batchScenario({
      slots: 1,
      serviceSeconds: 3,
      durationSeconds: 1000,
      batch: { jobs: 10, spread: { over: '100s', how: 'uniform' }, deadline: '50s' },
      slo: ['batches.night.doneByDeadline >= 50%', 'batches.night.makespanSeconds <= 90s'],
    });
    const summary = run(s);
    const b = summary.batches!.night!;
    expect(b.makespanSeconds).toBeCloseTo(93, 9);
    expect(b.completionSeconds.mean).toBeCloseTo(3, 3);
    expect(b.doneByDeadline).toBe(0.5);
    expect(b.cyclesMetDeadline).toBe(0);
    // The SLOs read the batch's figures: the share holds, the makespan (93 s > 90 s) does not.
    expect(summary.slo.map((v) => [v.metric, v.value, v.ok])).toEqual([
      ['batches.night.doneByDeadline', 0.5, true],
      ['batches.night.makespanSeconds', 93, false],
    ]);
  });

  it('a periodic batch ("every") counts each cycle: 10 cycles of 30 min, every one met', () => {
    const b = run(
      batchScenario({ slots: 4, serviceSeconds: 1, durationSeconds: 18_000, batch: { jobs: 100, every: '30min', deadline: '10min', spread: { over: '5min' } } }),
    ).batches!.night!;
    expect(b.cycles).toBe(10);
    expect(b.cyclesComplete).toBe(10);
    expect(b.jobs).toBe(1000);
    // 100 jobs every 3 s on 4 servers of 1 s: no queueing; the last at 297 s + 1 s.
    expect(b.makespanSeconds).toBeCloseTo(298, 9);
    expect(b.cyclesMetDeadline).toBe(1);
  });

  it('a deadline too short for the work: no cycle meets it, the share is the jobs done in time', () => {
    // 20 jobs at once on 1 server of 1 s, deadline 5 s: 5 jobs in time.
    const b = run(batchScenario({ slots: 1, serviceSeconds: 1, durationSeconds: 1000, batch: { jobs: 20, deadline: '5s' } })).batches!.night!;
    expect(b.doneByDeadline).toBe(0.25);
    expect(b.cyclesMetDeadline).toBe(0);
    expect(b.makespanSeconds).toBeCloseTo(20, 9);
  });
});

describe('a batch at random times in a window', () => {
  it('makespan = max of N uniforms + s: P(cycle meets D) = ((D − s)/W)^N, E[makespan] = W·N/(N+1) + s', () => {
    // N = 5 jobs over W = 100 s, s = 1 s on plenty of servers (no queueing), D = 81 s, 3,000 cycles.
    const cycles = 3000;
    const b = run(
      batchScenario({
        slots: 50,
        serviceSeconds: 1,
        durationSeconds: cycles * 200,
        batch: { jobs: 5, every: '200s', spread: { over: '100s', how: 'random' }, deadline: '81s' },
      }),
    ).batches!.night!;
    expect(b.cycles).toBe(cycles);
    const pMet = 0.8 ** 5;
    // Binomial standard error over 3,000 cycles ≈ 0.0086: 4σ.
    expect(Math.abs(b.cyclesMetDeadline! - pMet)).toBeLessThan(4 * Math.sqrt((pMet * (1 - pMet)) / cycles));
    // Each job is in time when released before 80 s: share 0.8 (15,000 jobs: σ ≈ 0.0033).
    expect(Math.abs(b.doneByDeadline! - 0.8)).toBeLessThan(4 * Math.sqrt((0.8 * 0.2) / (5 * cycles)));
    // E[max] = 100·5/6 + 1; sd of the max = W·sqrt(N/((N+1)²(N+2))) ≈ 14.1 s, so the mean over 3,000 has σ ≈ 0.26 s.
    expect(Math.abs(b.meanMakespanSeconds! - (100 * 5) / 6 - 1)).toBeLessThan(4 * 0.26);
    expect(b.makespanSeconds).toBeLessThanOrEqual(101);
    expect(b.completionSeconds.mean).toBeCloseTo(1, 3);
  });
});

describe('batch results pool over replications', () => {
  it('the worst makespan of all replications, jobs summed', () => {
    const s = batchScenario({ slots: 1, serviceSeconds: 1, durationSeconds: 1000, replications: 3, batch: { jobs: 4, spread: { over: '10s', how: 'random' } } });
    const summary = run(s);
    const perRep = Array.from({ length: 3 }, (_, i) => runReplication(s, i).batches![0]!.makespanMaxSeconds!);
    expect(summary.batches!.night!.jobs).toBe(12);
    expect(summary.batches!.night!.makespanSeconds).toBeCloseTo(Math.max(...perRep), 3);
  });
});

describe('closed workloads are deterministic whatever the worker count', () => {
  it('the same summary in-process and from 2 worker threads (a population and a batch, 3 replications)', async () => {
    // Worker threads run compiled code: use the built modules (as test/worker-transfer.test.ts does).
    const dist = (m: string): string => pathToFileURL(join(ROOT, 'dist', 'src', m)).href;
    const { runScenario } = (await import(dist('run/run-scenario.js'))) as typeof import('../src/run/run-scenario.js');
    const { deterministicPart } = (await import(dist('run/summary.js'))) as typeof import('../src/run/summary.js');
    const { resolveScenarioData } = (await import(dist('scenario/load.js'))) as typeof import('../src/scenario/load.js');
    const data = {
      name: 'closed-workers',
      run: { duration: '20min', warmup: '1min', seed: 9, replications: 3 },
      sites: { RBX: {} },
      traffic: {
        classes: { desk: { path: ['app'] }, fetch: { path: ['app'] } },
        populations: { staff: { users: 30, class: 'desk', thinkTime: '5s', session: { length: '5min', gap: '1min' } } },
        batches: { sync: { class: 'fetch', jobs: 50, every: '5min', spread: { over: '1min', how: 'random' }, requests: { min: 1, max: 4 }, deadline: '2min' } },
      },
      tiers: { app: { servers: [{ name: 'a', site: 'RBX', slots: 2 }], serviceTime: { dist: 'exponential', mean: '50ms' } } },
    };
    const s = resolveScenarioData(data, 'closed-workers.json').scenario;
    const one = deterministicPart(await runScenario(s, { workers: 1 }));
    const two = deterministicPart(await runScenario(s, { workers: 2 }));
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.populations!.staff!.ok).toBeGreaterThan(0);
    // Cycles at 0, 5, 10, 15 min; the first is released before the 1-minute warm-up, so not measured.
    expect(one.batches!.sync!.cycles).toBe(3);
  });
});
