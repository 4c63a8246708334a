/**
 * Every distribution kind, in every place a scenario accepts a distribution
 * (found in the schema: service times, per class, cache hits, failures'
 * mtbf and mttr of servers, hosts and sites, VMware HA restarts, the apply
 * times of async, Galera and master–master replication, object storage's
 * re-replication jobs, autoscaling's provisioning), with parameters drawn
 * at random, either is refused as bad input (a ScenarioError) or runs a
 * short simulation to its end: never a crash (exit 3). A `normal` with
 * sd ≥ mean/4 used to crash the run with a negative service time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TruncatedNormal } from '../src/rng/distributions.js';
import { RandomStream } from '../src/rng/stream.js';
import { runScenario } from '../src/run/run-scenario.js';
import { estimateWork } from '../src/run/work-estimate.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { ScenarioError } from '../src/scenario/scenario-error.js';
import { DistributionSchema } from '../src/scenario/schema.js';

type Spec = Record<string, unknown>;
type Doc = Record<string, any>;

const ms = (x: number): string => `${Math.round(x * 1000) / 1000}ms`;

/** Base: a web tier in front of a database tier, 60 s at 20/s: a run takes milliseconds. */
function base(): Doc {
  return {
    name: 'dist-places',
    run: { duration: '60s', seed: 3 },
    sites: { RBX: {}, GRA: {} },
    links: [{ between: ['RBX', 'GRA'], latency: '5ms' }],
    traffic: {
      classes: { read: { share: 3, path: ['web', 'db'] }, write: { share: 1, path: ['web', 'db'], write: true } },
      phases: [{ phase: 'constant', rate: '20/s', duration: '60s' }],
    },
    tiers: {
      web: { servers: [{ name: 'w', count: 2, site: 'RBX', slots: 4 }], serviceTime: { dist: 'exponential', mean: '5ms' } },
      db: { servers: [{ name: 'db', count: 3, site: 'RBX', slots: 4 }], serviceTime: { dist: 'exponential', mean: '2ms' } },
    },
  };
}

/** Each place: puts the distribution `d` where the schema accepts one. */
const PLACES: Record<string, (s: Doc, d: Spec) => void> = {
  serviceTime: (s, d) => (s.tiers.web.serviceTime = d),
  'serviceTime per class': (s, d) => (s.tiers.web.serviceTime = { read: d, write: { dist: 'constant', value: '1ms' } }),
  'cache.hitServiceTime': (s, d) => (s.tiers.web.cache = { hitRatio: 0.5, hitServiceTime: d }),
  'server failures.mtbf': (s, d) => (s.tiers.web.servers[0].failures = { mtbf: d, mttr: '2s' }),
  'server failures.mttr': (s, d) => (s.tiers.web.servers[0].failures = { mtbf: '10s', mttr: d }),
  'host failures.mtbf, mttr and ha.restart': (s, d) => {
    s.hosts = { esx: { site: 'RBX', count: 2, failures: { mtbf: d, mttr: d }, ha: { restart: d } } };
    s.tiers.web.servers[0].host = 'esx';
  },
  'ha.restart': (s, d) => {
    s.hosts = { esx: { site: 'RBX', count: 2, ha: { restart: d } } };
    s.tiers.web.servers[0].host = 'esx';
    s.incidents = [{ at: '20s', for: '10s', host: 'esx-1' }];
  },
  'site failures': (s, d) => (s.sites.GRA.failures = { mtbf: d, mttr: d }),
  'async applyTime': (s, d) => (s.tiers.db.database = { replication: 'async', master: 'db-1', applyTime: d }),
  'galera applyTime': (s, d) => (s.tiers.db.database = { replication: 'galera', applyTime: d }),
  'master-master applyTime': (s, d) => {
    s.tiers.db.servers = [
      { name: 'a', site: 'RBX', slots: 4 },
      { name: 'b', site: 'GRA', slots: 4 },
    ];
    s.tiers.db.database = { replication: 'master-master', applyTime: d };
  },
  'object-storage jobTime': (s, d) => {
    s.tiers.db.database = { replication: 'object-storage', reReplication: { interval: '5s', duration: '20s', rate: '5/s', jobTime: d } };
    s.incidents = [{ at: '10s', server: 'db/db-1' }];
  },
  'autoscaling.provisioning': (s, d) => {
    s.tiers.web.autoscaling = { group: 'w', min: 1, max: 4, initial: 1, provisioning: d, period: '5s', scheduled: [{ at: '10s', desired: 3 }, { at: '40s', desired: 1 }] };
  },
};

/** Every kind of the schema, with random (valid-shaped) parameters; durations from 0 to 50 ms. */
const d = fc.double({ min: 0, max: 50, noNaN: true });
const pos = fc.double({ min: 0.001, max: 50, noNaN: true });
const KINDS: Record<string, fc.Arbitrary<Spec>> = {
  constant: d.map((v) => ({ dist: 'constant', value: ms(v) })),
  exponential: pos.map((m) => ({ dist: 'exponential', mean: ms(m) })),
  uniform: fc.tuple(d, pos).map(([lo, w]) => ({ dist: 'uniform', min: ms(lo), max: ms(lo + w + 0.001) })),
  normal: fc.tuple(d, fc.double({ min: 0, max: 10, noNaN: true })).map(([m, r]) => ({ dist: 'normal', mean: ms(m), sd: ms(m * r + r) })),
  lognormal: fc.tuple(pos, fc.double({ min: 0.01, max: 5, noNaN: true })).map(([m, cv]) => ({ dist: 'lognormal', mean: ms(m), cv })),
  erlang: fc.tuple(fc.integer({ min: 1, max: 6 }), pos).map(([k, m]) => ({ dist: 'erlang', k, mean: ms(m) })),
  gamma: fc.tuple(fc.double({ min: 0.05, max: 8, noNaN: true }), pos).map(([shape, m]) => ({ dist: 'gamma', shape, mean: ms(m) })),
  pareto: fc.tuple(fc.double({ min: 0.1, max: 3, noNaN: true }), pos, pos).map(([alpha, lo, w]) => ({ dist: 'pareto', alpha, min: ms(lo), max: ms(lo + w + 0.001) })),
  weibull: fc.tuple(fc.double({ min: 0.2, max: 5, noNaN: true }), pos).map(([shape, scale]) => ({ dist: 'weibull', shape, scale: ms(scale) })),
  empirical: fc.array(d, { minLength: 1, maxLength: 5 }).map((vs) => ({ dist: 'empirical', values: vs.map(ms) })),
};

/** The CLI's contract, in process: refused (ScenarioError, or over a small work budget) or run to the end with sane figures. */
async function refusedOrRuns(doc: Doc): Promise<'refused' | 'ran'> {
  let scenario;
  try {
    scenario = resolveScenarioData(doc, 'places.json').scenario;
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    expect(e.problems.length).toBeGreaterThan(0);
    return 'refused';
  }
  if (estimateWork(scenario).events > 2e6) return 'refused'; // the CLI's budget would refuse it (scaled down for a test)
  const summary = await runScenario(scenario);
  expect(summary.requests.total).toBeGreaterThanOrEqual(0);
  for (const v of Object.values(summary.latencyMs)) if (typeof v === 'number') expect(v).toBeGreaterThanOrEqual(0);
  return 'ran';
}

describe('every distribution kind in every place a distribution is accepted', () => {
  it('the kinds listed here are the schema’s', () => {
    const schemaKinds = (DistributionSchema as unknown as { options: Array<{ shape: { dist: { value: string } } }> }).options.map((o) => o.shape.dist.value);
    expect(Object.keys(KINDS).sort()).toEqual([...schemaKinds].sort());
  });

  it('each base place is valid and runs (so a refusal below is about the distribution)', async () => {
    for (const [place, put] of Object.entries(PLACES)) {
      const s = base();
      put(s, { dist: 'exponential', mean: '20ms' });
      expect(await refusedOrRuns(s), place).toBe('ran');
    }
  });

  it('no kind in no place crashes the run; the normal with sd ≥ mean/4 runs (it was exit 3)', async () => {
    const outcomes = new Map<string, Set<string>>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(PLACES)), fc.constantFrom(...Object.keys(KINDS)).chain((k) => KINDS[k]!.map((spec) => [k, spec] as const)), async (place, [kind, spec]) => {
        const s = base();
        PLACES[place]!(s, spec);
        const outcome = await refusedOrRuns(s);
        const key = `${place} × ${kind}`;
        outcomes.set(key, (outcomes.get(key) ?? new Set()).add(outcome));
      }),
      { numRuns: 400, seed: 11 },
    );
    expect(outcomes.size).toBeGreaterThan(Object.keys(PLACES).length * Object.keys(KINDS).length * 0.8); // most pairs were tried
    // The case of the issue: service times normal(10ms, sd 5ms) run, and every draw is ≥ 0.
    const s = base();
    PLACES.serviceTime!(s, { dist: 'normal', mean: '10ms', sd: '5ms' });
    expect(await refusedOrRuns(s)).toBe('ran');
  });
});

describe('the normal distribution of a duration is truncated at zero', () => {
  it('never draws a negative value, and its mean and variance are the truncated ones', () => {
    const t = new TruncatedNormal(1, 2);
    const rng = new RandomStream('normal', '1');
    let sum = 0;
    let sum2 = 0;
    let min = Infinity;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = t.sample(rng);
      min = Math.min(min, x);
      sum += x;
      sum2 += x * x;
    }
    const mean = sum / n;
    expect(min).toBeGreaterThanOrEqual(0);
    // α = −0.5: λ = φ(−0.5)/(1 − Φ(−0.5)) = 0.352065/0.691462 = 0.509160 → mean 1 + 2·0.509160 = 2.01832.
    expect(t.mean).toBeCloseTo(2.01832, 4);
    expect(Math.abs(mean - t.mean)).toBeLessThan(0.02);
    expect(Math.abs(sum2 / n - mean * mean - t.variance) / t.variance).toBeLessThan(0.02);
    expect(new TruncatedNormal(5, 0).sample(rng)).toBe(5);
  });

  it('draws exactly what the plain normal draws whenever that is not negative', () => {
    const a = new RandomStream('same', '2');
    const b = new RandomStream('same', '2');
    const t = new TruncatedNormal(100, 1); // P(x < 0) is about 0
    for (let i = 0; i < 1000; i++) {
      const u1 = 1 - b.next();
      const u2 = b.next();
      expect(t.sample(a)).toBe(100 + Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }
  });
});
