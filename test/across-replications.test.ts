/**
 * Across replications: per-replication values of each gated figure, their
 * interval and spread; shares of replications with Wilson intervals checked
 * against a closed form (a server failing at exponential times with MTBF m
 * goes through a run of length T without failing with probability
 * exp(−T/m)); the bound gate against a hand-computed t interval; and
 * `--replications auto`.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runScenario } from '../src/run/run-scenario.js';
import { sloSection, spreadOf } from '../src/run/summary/slo.js';
import { sloRuleFromText } from '../src/scenario/resolve-slo.js';
import type { SloRule } from '../src/scenario/resolved.js';
import type { Summary } from '../src/run/summary.js';
import { wilsonInterval } from '../src/stats/proportion.js';
import { studentTQuantile } from '../src/stats/confidence.js';
import { simulate } from './support/cli.js';

describe('Wilson interval', () => {
  it('matches the closed form', () => {
    // k = 0: [0, z²/(n + z²)]; z = 1.959964
    const z2 = 1.959963984540054 ** 2;
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(z2 / (10 + z2), 12);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(10 / (10 + z2), 12);
    // 5 of 10: centre ½, half-width z·√(¼/10 + z²/400)/(1 + z²/10).
    const half = (Math.sqrt(z2) * Math.sqrt(0.025 + z2 / 400)) / (1 + z2 / 10);
    expect(wilsonInterval(5, 10)).toEqual({ share: 0.5, low: expect.closeTo(0.5 - half, 12), high: expect.closeTo(0.5 + half, 12) });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });
});

/** One server failing at exponential times (MTBF 30 days, repaired in 1 day) over a month, light traffic. */
function monthly(slo: string[], replications: number): Parameters<typeof resolveScenarioData>[0] {
  return {
    name: 'month',
    run: { duration: '30d', seed: 11, replications },
    sites: { RBX: {} },
    traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '0.001/s', duration: '30d' }] },
    tiers: { web: { servers: [{ name: 'w', site: 'RBX', slots: 4, failures: { mtbf: '30d', mttr: '1d' } }], serviceTime: { dist: 'exponential', mean: '10ms' } } },
    slo,
  };
}

describe('probabilities across replications', () => {
  it('P(a month without failure) = exp(−T/m) lies in the Wilson interval of both shares', { timeout: 120_000 }, async () => {
    const n = 400;
    const { scenario } = resolveScenarioData(monthly(['incidents.count <= 0'], n), 'month.json');
    const s = await runScenario(scenario);
    const expected = Math.exp(-1); // T = m = 30 days
    const held = s.acrossReplications!.everySloHeld!;
    expect(held.of).toBe(n);
    expect(held.low95).toBeLessThanOrEqual(expected);
    expect(held.high95).toBeGreaterThanOrEqual(expected);
    expect(held.high95 - held.low95).toBeLessThan(0.1); // tight enough to mean something
    // With a request every 1000 s and a day of repair, every failure makes requests fail.
    const quiet = s.acrossReplications!.noIncidentWithFailedRequests;
    expect(quiet.count).toBe(held.count);
    // Per-replication values of the gated figure are kept, in replication order.
    const perRep = s.slo[0]!.acrossReplications!;
    expect(perRep.values).toHaveLength(n);
    expect(perRep.values.filter((v) => v === 0)).toHaveLength(held.count);
    expect(perRep.min).toBe(0);
  });
});

const rule = (text: string): SloRule => {
  const r = sloRuleFromText(text, { names: {} });
  if ('error' in r) throw new Error(r.error);
  return r;
};

describe('the bound gate', () => {
  // Three replications: p99 100, 110, 120 ms → mean 110, s = 10, half-width t(0.975, 2)·10/√3.
  const perRep = [100, 110, 120].map((p99) => ({ latencyMs: { p99 } }) as unknown as Summary);
  const pooled = { latencyMs: { p99: 112 } } as unknown as Summary;
  const half = (studentTQuantile(0.975, 2) * 10) / Math.sqrt(3);

  it('gives the interval and the spread', () => {
    const s = spreadOf([100, 110, 120]);
    expect(s.mean).toBe(110);
    expect(s.halfWidth95).toBeCloseTo(half, 8);
    expect(s).toMatchObject({ min: 100, p50: 110, max: 120, n: 3 });
    expect(s.p10).toBeCloseTo(102, 12);
  });

  it('passes only when the whole interval is below the threshold, and says when it is not sure yet', () => {
    const verdicts = sloSection([rule('latencyMs.p99 < 150'), rule('latencyMs.p99 < 80'), rule('latencyMs.p99 < 120'), rule('latencyMs.p99 > 50')], pooled, perRep, 'bound');
    expect(verdicts.map((v) => v.status)).toEqual(['ok', 'failed', 'unsure', 'ok']);
    expect(verdicts[2]!.value).toBe(110);
    expect(verdicts[2]!.acrossReplications!.low95).toBeCloseTo(110 - half, 6);
    expect(verdicts[2]!.message).toMatch(/^not sure yet: the 95% interval \[85\.16 ms, 134\.8 ms\] straddles the threshold; run more replications/);
    // The mean gate decides on the pooled figure: 112 < 120.
    expect(sloSection([rule('latencyMs.p99 < 120')], pooled, perRep, 'mean')[0]).toMatchObject({ status: 'ok', value: 112 });
  });

  it('one replication is never sure', () => {
    expect(sloSection([rule('latencyMs.p99 < 150')], pooled, undefined, 'bound')[0]).toMatchObject({ status: 'unsure', ok: false });
  });

  it('on the command line: exit 1 with the interval, and exit 0 once sure', () => {
    const unsure = simulate('test/fixtures/mm1-small.json', '--quiet', '--duration', '300s', '--replications', '4', '--gate', 'bound', '--slo', 'latencyMs.p99 < 100ms');
    expect(unsure.code).toBe(1);
    expect(unsure.stderr).toMatch(/UNSURE +latencyMs\.p99 < 100ms: measured [0-9.]+ ms, threshold < 100 ms, 95% interval \[[0-9.]+ ms, [0-9.]+ ms\] over 4 replications — not sure yet/);
    const sure = simulate('test/fixtures/mm1-small.json', '--quiet', '--duration', '300s', '--replications', '4', '--gate', 'bound', '--slo', 'latencyMs.p99 < 500ms');
    expect(sure.code).toBe(0);
    expect(simulate('test/fixtures/mm1-small.json', '--gate', 'median').stderr).toMatch(/^simulate: --gate: expected "mean" or "bound", got "median"/);
  });
});

describe('--replications auto', () => {
  it('runs rounds (10, 20, 40, …) until the relative half-width is reached, up to the cap', { timeout: 120_000 }, async () => {
    const data = {
      name: 'auto',
      run: { duration: '300s', warmup: '50s', seed: 7 },
      sites: { RBX: {} },
      traffic: { classes: { req: { share: 1, path: ['s'] } }, phases: [{ phase: 'constant', rate: '50/s', duration: '300s' }] },
      tiers: { s: { servers: [{ name: 's', site: 'RBX', slots: 1 }], serviceTime: { dist: 'exponential', mean: '10ms' } } },
      slo: ['latencyMs.mean < 1s'],
    };
    const { scenario } = resolveScenarioData(data, 'auto.json');
    const s = await runScenario(scenario, { auto: { targetRelativeHalfWidth: 0.01, maxReplications: 80 } });
    const a = s.slo[0]!.acrossReplications!;
    expect([20, 40, 80]).toContain(s.replications); // ten were not enough at 1%
    expect(s.acrossReplications!.auto).toMatchObject({ targetRelativeHalfWidth: 0.01, maxReplications: 80, reached: true, metrics: ['latencyMs.mean'] });
    expect(a.halfWidth95! / a.mean!).toBeLessThanOrEqual(0.01);
    // The round before was not precise enough.
    const before = spreadOf(a.values.slice(0, s.replications / 2));
    expect(before.halfWidth95! / before.mean!).toBeGreaterThan(0.01);
    // A cap below what the target needs stops there, and says so.
    const capped = await runScenario(scenario, { auto: { targetRelativeHalfWidth: 0.001, maxReplications: 15 } });
    expect(capped.replications).toBe(15);
    expect(capped.acrossReplications!.auto!.reached).toBe(false);
  });

  it('on the command line', () => {
    const r = simulate('test/fixtures/mm1-small.json', '--json', '--duration', '300s', '--replications', 'auto', '--precision', '20%', '--max-replications', '20');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.acrossReplications!.auto).toMatchObject({ targetRelativeHalfWidth: 0.2, maxReplications: 20, reached: true });
    // The rounds do not depend on the workers: byte-identical summaries (wall-clock fields aside).
    const strip = (out: string): string => JSON.stringify({ ...(JSON.parse(out) as Summary), performance: null });
    const auto = ['test/fixtures/mm1-small.json', '--json', '--duration', '300s', '--replications', 'auto', '--precision', '2%', '--max-replications', '20'];
    const one = simulate(...auto, '--workers', '1');
    const two = simulate(...auto, '--workers', '2');
    expect(JSON.parse(one.stdout).replications).toBe(20);
    expect(strip(two.stdout)).toBe(strip(one.stdout));
    expect(simulate('test/fixtures/mm1-small.json', '--replications', 'many').stderr).toMatch(/--replications: expected a whole number from 1 to 1000 or "auto", got "many"/);
  });
});
