/**
 * The fused path (src/model/flow/plain-path.ts): picked when the model is
 * plain, and then the same simulation as the general path, value for value.
 *
 * Each plain scenario below runs twice, fused and general
 * (`fusePlainPath: false`), and the replication results must be equal as
 * JSON (every counter, histogram bucket, sum, series and utilisation; the
 * wall time aside). The closed form of the fused path is Erlang C (and
 * Erlang's loss formula for the bounded queue), as for the general path.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model/build.js';
import { Exponential, LogNormal } from '../src/rng/distributions.js';
import { runReplication, type ReplicationResult } from '../src/run/replication.js';
import type { ResolvedScenario } from '../src/scenario/resolved.js';
import { confidenceInterval } from '../src/stats/confidence.js';
import { mmcMeanSojourn, mmck } from './support/erlang.js';
import { balanced, mmckStation, scenario, singleStation } from './support/scenarios.js';

const run = (seed: string, durationSeconds = 400, warmupSeconds = 40) => ({ seed, durationSeconds, warmupSeconds });

/** The results as plain JSON data, without the one figure that differs between two runs of the same model (its wall time). */
function comparable(r: ReplicationResult): unknown {
  return JSON.parse(JSON.stringify({ ...r, wallSeconds: 0 }));
}

/** The path of the first value that differs between two JSON values, or undefined when they are equal (a short message, not two megabytes). */
function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b) ? undefined : `${at}: ${String(a)} vs ${String(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
}

function both(s: ResolvedScenario, index = 0): { fused: any; general: any } {
  return { fused: comparable(runReplication(s, index)), general: comparable(runReplication(s, index, { fusePlainPath: false })) };
}

const plain: Array<[string, () => ResolvedScenario]> = [
  ['M/M/8 at ρ = 0.8', () => singleStation({ lambda: 6.4, service: new Exponential(1), slots: 8, run: run('pp-mm8') })],
  ['M/M/2/5, rejections', () => mmckStation(3, 1, 2, 5, run('pp-mm25'))],
  [
    'two classes on one farm (weighted round-robin, lognormal)',
    () =>
      scenario({
        name: 'two classes',
        lambda: 30,
        stations: [{ name: 'farm', service: LogNormal.fromMeanCv(0.05, 1.5), servers: [{ slots: 2, weight: 2 }, { slots: 1, weight: 1, speed: 0.5 }], balancer: 'weighted-round-robin' }],
        classes: [
          { name: 'a', share: 0.3, path: ['farm'] },
          { name: 'b', share: 0.7, path: ['farm'] },
        ],
        run: run('pp-two'),
      }),
  ],
  [
    'two classes, each on its own tier',
    () =>
      scenario({
        name: 'two tiers',
        lambda: 20,
        stations: [
          { name: 'x', service: new Exponential(0.04), slots: 1, queueLimit: 3 },
          { name: 'y', service: new Exponential(0.1), servers: 3, slots: 1, balancer: 'least-connections' },
        ],
        classes: [
          { name: 'a', share: 0.5, path: ['x'] },
          { name: 'b', share: 0.5, path: ['y'] },
        ],
        run: run('pp-tiers'),
      }),
  ],
  [
    'one arrival stream per class (their own sources: fused completions, general entry)',
    () => {
      const base = scenario({
        name: 'streams',
        lambda: 25,
        stations: [{ name: 'farm', service: new Exponential(0.05), servers: 2, slots: 1, balancer: 'round-robin' }],
        classes: [
          { name: 'a', share: 0.4, path: ['farm'] },
          { name: 'b', share: 0.6, path: ['farm'] },
        ],
        run: run('pp-streams'),
      });
      return { ...base, classStreams: [{ ratePoints: [[0, 10]] }, { ratePoints: [[0, 15], [200, 5]] }] };
    },
  ],
  [
    'the balancer stops for a while (an incident: no backend)',
    () => ({
      ...singleStation({ lambda: 8, service: new Exponential(0.1), slots: 2, run: run('pp-balancer') }),
      incidents: [{ atSeconds: 100, forSeconds: 30, target: { kind: 'balancer' as const, tier: 0 }, description: 'balancer down' }],
    }),
  ],
  ['a varying rate over a random farm', () => ({ ...balanced({ lambda: 1, service: new Exponential(0.2), balancer: 'random', servers: 4, slots: 2, run: run('pp-random') }), ratePoints: [[0, 5], [100, 30], [250, 10]] as Array<[number, number]> })],
];

describe('the fused path gives the general path’s results exactly', () => {
  for (const [name, make] of plain) {
    it(name, () => {
      const s = make();
      expect(buildModel(s, 'x').fused, 'the model is plain').toBe(true);
      const { fused, general } = both(s);
      expect(fused.ok, "the run serves requests").toBeGreaterThan(500);
      expect(firstDifference(fused, general)).toBeUndefined();
    });
  }

  it('with retries after rejections (the retries take the general path, their completions the fused one)', () => {
    const base = mmckStation(4, 1, 2, 3, run('pp-retry'));
    const s = { ...base, classes: base.classes.map((c) => ({ ...c, retries: 2, retryAfterSeconds: 0.5 })) };
    expect(buildModel(s, 'x').fused).toBe(true);
    const { fused, general } = both(s);
    expect(fused.failedBy.rejected).toBeGreaterThan(0);
    expect(firstDifference(fused, general)).toBeUndefined();
  });
});

describe('the fused path is taken only by plain models', () => {
  const base = () => singleStation({ lambda: 5, service: new Exponential(0.1), slots: 2, run: run('pp-not') });
  const cases: Array<[string, (s: ResolvedScenario) => ResolvedScenario]> = [
    ['a client timeout', (s) => ({ ...s, classes: s.classes.map((c) => ({ ...c, timeoutSeconds: 2 })) })],
    ['a path of two tiers', () => scenario({ name: 't', lambda: 5, stations: [{ name: 'a', service: new Exponential(0.1) }, { name: 'b', service: new Exponential(0.1) }], run: run('pp-2') })],
    ['a tier that holds its slots', (s) => ({ ...s, tiers: s.tiers.map((t) => ({ ...t, hold: true })) })],
    ['processor sharing', (s) => ({ ...s, tiers: s.tiers.map((t) => ({ ...t, discipline: 'ps' as const })) })],
    ['a cache', (s) => ({ ...s, tiers: s.tiers.map((t) => ({ ...t, cache: { hitRatioByClass: [0.5], hitServiceByClass: [new Exponential(0.001)], warmupSeconds: 0 } })) })],
    [
      'a server that can die (an incident)',
      (s) => ({ ...s, incidents: [{ atSeconds: 100, forSeconds: 10, target: { kind: 'server' as const, tier: 0, server: 0 }, description: 'test' }] }),
    ],
  ];
  for (const [name, change] of cases) {
    it(`not with ${name}`, () => {
      let model;
      try {
        model = buildModel(change(base()), 'x');
      } catch (e) {
        throw new Error(`the test's scenario for "${name}" does not build: ${(e as Error).message}`);
      }
      expect(model.fused).toBe(false);
    });
  }
});

describe('the fused path against the closed forms', () => {
  it('M/M/8 mean sojourn is Erlang C’s (99.9 % interval over 8 replications)', () => {
    const lambda = 6.4;
    const s = singleStation({ lambda, service: new Exponential(1), slots: 8, run: { seed: 'pp-erlang', durationSeconds: 20_000, warmupSeconds: 500 } });
    const means = Array.from({ length: 8 }, (_, i) => {
      const r = runReplication(s, i);
      return r.latencyMs.sum / r.latencyMs.count / 1000;
    });
    const ci = confidenceInterval(means, 0.999);
    const theory = mmcMeanSojourn(lambda, 1, 8);
    expect(Math.abs(ci.mean - theory)).toBeLessThanOrEqual(ci.halfWidth);
    expect(ci.halfWidth / theory).toBeLessThan(0.02);
  });

  it('M/M/2/5 blocking is Erlang’s loss probability P(K) (99.9 % interval over 8 replications)', () => {
    const s = mmckStation(3, 1, 2, 5, { seed: 'pp-loss', durationSeconds: 20_000, warmupSeconds: 200 });
    const ratios = Array.from({ length: 8 }, (_, i) => {
      const r = runReplication(s, i);
      return r.failedBy.rejected / (r.ok + r.failed + r.inFlightAtEnd);
    });
    const ci = confidenceInterval(ratios, 0.999);
    const theory = mmck(3, 1, 2, 5).blocking;
    expect(Math.abs(ci.mean - theory)).toBeLessThanOrEqual(ci.halfWidth);
    expect(ci.halfWidth / theory).toBeLessThan(0.05);
  });
});
