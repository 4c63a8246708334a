/** Calls that fan out (issue #12 item 5): counts, sequences and parallel calls against exact forms. */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication, type ReplicationResult } from '../src/run/replication.js';
import { summarize } from '../src/run/summary.js';
import { confidenceInterval } from '../src/stats/confidence.js';

interface Opts {
  rate: string;
  count: unknown;
  mode?: 'sequence' | 'parallel';
  db: Record<string, unknown>;
  web?: Record<string, unknown>;
  path?: string[];
  callTier?: string;
  duration?: string;
  warmup?: string;
}

function scenario(o: Opts): unknown {
  return {
    name: 'fanout',
    run: { duration: o.duration ?? '2000s', warmup: o.warmup ?? '0s', seed: 5 },
    sites: { X: {} },
    traffic: {
      classes: { page: { share: 1, path: o.path ?? ['web', 'db'], calls: { tier: o.callTier ?? 'db', count: o.count, mode: o.mode ?? 'sequence' } } },
      phases: [{ phase: 'constant', rate: o.rate, duration: '100h' }],
    },
    tiers: {
      web: { servers: [{ name: 'w', site: 'X', slots: 1000 }], serviceTime: { dist: 'constant', value: '1ms' }, ...o.web },
      db: { servers: [{ name: 'd', site: 'X', slots: 1000 }], serviceTime: { dist: 'constant', value: '2ms' }, ...o.db },
    },
  };
}

function run(data: unknown, reps = 1): ReplicationResult[] {
  const { scenario: s } = resolveScenarioData(data, 'f.json');
  return Array.from({ length: reps }, (_, i) => runReplication(s, i));
}

const served = (r: ReplicationResult, tier: string): number => r.tiers.find((t) => t.name === tier)!.servers.reduce((a, s) => a + s.served, 0);

describe('calls that fan out: counts', () => {
  // Calls reaching db = Σ of N iid counts: mean N·E[K], variance N·Var[K] (CLT, 4.5σ), plus the few calls in flight at the end.
  const cases: Array<[string, unknown, number, number]> = [
    ['constant 30 (the ERP page)', 30, 30, 0],
    ['poisson mean 16', { dist: 'poisson', mean: 16 }, 16, 16],
    ['poisson mean 1200 (drawn in chunks)', { dist: 'poisson', mean: 1200 }, 1200, 1200],
    ['geometric mean 4', { dist: 'geometric', mean: 4 }, 4, 12],
    ['discrete 1, 5, 30 by 3:1:1', { dist: 'discrete', values: [1, 5, 30], weights: [3, 1, 1] }, (3 + 5 + 30) / 5, (3 * 1 + 25 + 900) / 5 - ((3 + 5 + 30) / 5) ** 2],
  ];
  for (const [label, count, mean, variance] of cases) {
    for (const mode of ['sequence', 'parallel'] as const) {
      it(`${label}, ${mode}: calls = requests × E[count]`, () => {
        const heavy = mean > 100;
        const [r] = run(scenario({ rate: heavy ? '2/s' : '50/s', count, mode, db: {}, duration: heavy ? '500s' : '2000s' }));
        const n = served(r!, 'web');
        const calls = served(r!, 'db');
        const slack = 4.5 * Math.sqrt(n * variance) + mean * 3;
        expect(n).toBeGreaterThan(heavy ? 800 : 90_000);
        expect(Math.abs(calls - n * mean)).toBeLessThanOrEqual(slack);
        expect(r!.failed).toBe(0);
      });
    }
  }

  it('count 0: the request skips the called tier (and what follows it)', () => {
    const [r] = run(scenario({ rate: '50/s', count: 0, db: {}, duration: '100s' }));
    expect(served(r!, 'db')).toBe(0);
    expect(r!.ok).toBe(served(r!, 'web'));
  });
});

describe('calls that fan out: latency', () => {
  const meanLatency = (r: ReplicationResult): number => r.latencyMs.sum / r.latencyMs.count;

  it('a sequence of k calls on an unloaded constant-service tier takes k·s', () => {
    for (const k of [1, 5, 30]) {
      const [r] = run(scenario({ rate: '0.5/s', count: k, db: {}, duration: '1000s' }));
      // web 1 ms, then k × 2 ms, one after the other.
      expect(meanLatency(r!)).toBeCloseTo(1 + 2 * k, 6); // exact but for the rounding of simulated times
      expect(r!.ok).toBeGreaterThan(400);
    }
  });

  it('k parallel calls on c ≥ k servers take s (the slowest of k equal calls)', () => {
    const db = { servers: [{ name: 'd', site: 'X', count: 8, slots: 1 }] };
    const [par] = run(scenario({ rate: '0.5/s', count: 4, mode: 'parallel', db, duration: '1000s' }));
    expect(meanLatency(par!)).toBeCloseTo(1 + 2, 6);
    const [seq] = run(scenario({ rate: '0.5/s', count: 4, mode: 'sequence', db, duration: '1000s' }));
    expect(meanLatency(seq!)).toBeCloseTo(1 + 4 * 2, 6);
  });

  it('parallel calls wait for the slowest: k exponential calls on k free servers take s·H_k', () => {
    // max of k iid Exp(mean s) has mean s·(1 + 1/2 + … + 1/k).
    const k = 4;
    const db = { servers: [{ name: 'd', site: 'X', count: 4, slots: 1000 }], serviceTime: { dist: 'exponential', mean: '10ms' } };
    const reps = run(scenario({ rate: '0.2/s', count: k, mode: 'parallel', db, web: { serviceTime: { dist: 'constant', value: '0s' } }, duration: '20000s' }), 4);
    const ci = confidenceInterval(reps.map(meanLatency), 0.999);
    const harmonic = 1 + 1 / 2 + 1 / 3 + 1 / 4;
    expect(Math.abs(ci.mean - 10 * harmonic)).toBeLessThan(ci.halfWidth + 0.05);
  });

  it('a sequence on an M/M/1 tier: geometric calls are Bernoulli feedback, so E[T] = m·s/(1 − λ·m·s) (Jackson)', () => {
    // λ = 100/s, s = 2 ms, m = 3 calls on average: ρ = 0.6, E[T] = 3 · 2 / 0.4 = 15 ms.
    const data = scenario({
      rate: '100/s',
      count: { dist: 'geometric', mean: 3 },
      path: ['db'],
      db: { servers: [{ name: 'd', site: 'X', slots: 1 }], serviceTime: { dist: 'exponential', mean: '2ms' } },
      duration: '4000s',
      warmup: '100s',
    });
    const reps = run(data, 6);
    const ci = confidenceInterval(reps.map(meanLatency), 0.999);
    expect(Math.abs(ci.mean - 15)).toBeLessThan(ci.halfWidth);
    expect(ci.halfWidth).toBeLessThan(0.6);
    const utilisation = reps.reduce((a, r) => a + r.tiers.find((t) => t.name === 'db')!.servers[0]!.utilisation, 0) / reps.length;
    expect(Math.abs(utilisation - 0.6)).toBeLessThan(0.01);
  });
});

describe('calls that fan out: failures', () => {
  it('a failed call fails the request, counted once; the caller holding its slot frees it', () => {
    // db rejects beyond its slot (queueLimit 0): with 4 parallel calls on one slot, 3 are rejected at once.
    const db = { servers: [{ name: 'd', site: 'X', slots: 1, queueLimit: 0 }] };
    const [r] = run(scenario({ rate: '1/s', count: 4, mode: 'parallel', db, web: { hold: true }, duration: '500s' }));
    expect(r!.ok).toBe(0);
    expect(r!.failed).toBe(served(r!, 'web'));
    expect(r!.failedBy.rejected).toBe(r!.failed);
    // The one call that got the slot runs on (nobody cancels it): db served one per request.
    expect(served(r!, 'db')).toBe(r!.failed);
    // web's slot was freed each time (hold released): its utilisation stays small.
    expect(r!.tiers[0]!.servers[0]!.utilisation).toBeLessThan(0.01);
  });

  it('in sequence, the calls after a failure are not made', () => {
    const db = { servers: [{ name: 'd', site: 'X', slots: 1 }] };
    const data = scenario({ rate: '20/s', count: 10, db, duration: '300s' });
    const [r] = run({ ...(data as object), incidents: [{ at: '100s', for: '50s', server: 'db/d' }] });
    const { scenario: s } = resolveScenarioData({ ...(data as object), incidents: [{ at: '100s', for: '50s', server: 'db/d' }] }, 'f.json');
    const sum = summarize(s!, [r!], 0, 1);
    // During the outage every request fails at its first call (refused): about 20/s × 50 s.
    expect(sum.requests.failedBy.refused).toBeGreaterThan(850);
    expect(sum.requests.failedBy.refused).toBeLessThan(1150);
    // Calls served: 10 per successful request, fewer for those that failed mid-sequence (at most 9 each).
    expect(served(r!, 'db')).toBeGreaterThanOrEqual(10 * r!.ok);
    expect(served(r!, 'db')).toBeLessThanOrEqual(10 * r!.ok + 9 * sum.requests.failedBy.died + 20);
  });

  it('a client timeout fails the request once, while its parallel calls run on', () => {
    const db = { servers: [{ name: 'd', site: 'X', slots: 1000 }], serviceTime: { dist: 'constant', value: '50ms' } };
    const data = scenario({ rate: '10/s', count: 3, mode: 'parallel', db, duration: '200s' }) as { traffic: { classes: { page: Record<string, unknown> } } };
    data.traffic.classes.page.timeout = '20ms';
    const [r] = run(data);
    expect(r!.ok).toBe(0);
    expect(r!.failedBy.timeout).toBe(r!.failed);
    expect(served(r!, 'db')).toBe(3 * served(r!, 'web'));
  });
});

describe('calls that fan out: validation', () => {
  it('names the path, the expected and a suggestion', () => {
    const bad = scenario({ rate: '1/s', count: 3, db: {}, callTier: 'cache' });
    expect(() => resolveScenarioData(bad, 'f.json')).toThrow(/traffic\.classes\.page\.calls\.tier[\s\S]*unknown tier "cache"/);
    const weights = scenario({ rate: '1/s', count: { dist: 'discrete', values: [1, 2], weights: [1] }, db: {} });
    expect(() => resolveScenarioData(weights, 'f.json')).toThrow(/calls\.count\.weights[\s\S]*one weight per value/);
  });
});

describe('calls that fan out: the offered-load warning', () => {
  const warnings = (data: unknown): string[] =>
    resolveScenarioData(data, 'f.json')
      .warnings.map((p) => `${p.path}: ${p.message}`)
      .filter((p) => p.includes('at the peak rate'));

  it('multiplies the called tier’s load by the mean count: 100/s × 30 queries × 2 ms = 6 busy slots of 4', () => {
    const db = { servers: [{ name: 'd', site: 'X', slots: 4 }] };
    expect(warnings(scenario({ rate: '100/s', count: 1, db }))).toEqual([]); // 0.2 busy slots
    const w = warnings(scenario({ rate: '100/s', count: { dist: 'discrete', values: [10, 50] }, db }));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^tiers\.db: .*offered load is 6 busy slots but the tier has 4 \(ρ = 1\.5/);
  });
});
