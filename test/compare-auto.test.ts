/**
 * `simulate compare --replications auto`: rounds of 10, 20, 40, …
 * replications of every scenario until each watched difference is settled
 * (its paired 95% interval excludes 0, or is within --precision of a),
 * src/compare/compare-auto.ts. Checked against the M/M/1 closed form
 * p99 = ln(100) / (μ − λ), on the rule itself, and on determinism (the
 * comparison is the one `--replications N` gives for the N it stopped at).
 * Needs `npm run build` (test/support/cli.ts runs dist/).
 */
import { describe, expect, it } from 'vitest';
import { differenceSettled } from '../src/compare/compare-auto.js';
import type { MetricComparison } from '../src/compare/compare.js';
import { simulate } from './support/cli.js';
import { mm1, tempDir, writeIn } from './support/temp-scenarios.js';

/** M/M/1 at λ = 50/s with mean service `meanMs`, and its sojourn's p99 [ms]: ln(100) / (μ − λ). */
function station(meanMs: number, serverName = 's'): { data: Record<string, any>; p99Ms: number } {
  const data = mm1();
  data.run.duration = '1000s';
  data.tiers.station.serviceTime.mean = `${meanMs}ms`;
  data.tiers.station.servers[0].name = serverName;
  return { data, p99Ms: (Math.log(100) / (1000 / meanMs - 50)) * 1000 };
}

function metric(json: string, name: string): MetricComparison {
  return JSON.parse(json).differences[0].metrics.find((m: MetricComparison) => m.metric === name);
}

describe('compare --replications auto', () => {
  it('stops at the first round once the difference is decided, and its interval covers the closed-form difference of the p99', () => {
    const dir = tempDir();
    const a = station(10);
    const b = station(5);
    const fa = writeIn(dir, 'a.json', a.data);
    const fb = writeIn(dir, 'b.json', b.data);
    const r = simulate('compare', fa, fb, '--replications', 'auto', '--json', '--quiet');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.replications).toBe(10);
    expect(c.auto).toEqual({ targetRelativeHalfWidth: 0.05, maxReplications: 100, reached: true, metrics: ['latencyMs.p99'] });
    const p99 = metric(r.stdout, 'latencyMs.p99');
    expect(p99.significant).toBe(true);
    const exact = b.p99Ms - a.p99Ms; // −61.4 ms
    const slack = 0.01 * a.p99Ms; // the histogram's buckets (1/128 of an octave) and the warm-up's bias
    expect(p99.paired.low95! - slack).toBeLessThan(exact);
    expect(p99.paired.high95! + slack).toBeGreaterThan(exact);
    // The table says how the rounds ended.
    const table = simulate('compare', fa, fb, '--replications', 'auto', '--quiet');
    expect(table.stdout).toMatch(/--replications auto: 10 replications, every difference settled \(paired 95% interval excludes 0 or within ±5% of a, on latencyMs\.p99; cap 100\)/);
  });

  it('goes on in rounds while a difference is neither decided nor precise, up to the cap, and says the cap was reached', () => {
    const dir = tempDir();
    // The same station under another server name: its own random stream, so the same p99 in law but not in value.
    const fa = writeIn(dir, 'a.json', station(10).data);
    const fb = writeIn(dir, 'b.json', station(10, 'other').data);
    const r = simulate('compare', fa, fb, '--replications', 'auto', '--precision', '0.5%', '--max-replications', '20', '--duration', '300s', '--json', '--quiet');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.replications).toBe(20);
    expect(c.auto.reached).toBe(false);
    const p99 = metric(r.stdout, 'latencyMs.p99');
    expect(p99.pairs).toBe(20);
    expect(p99.significant).toBe(false);
    expect(p99.paired.halfWidth95!).toBeGreaterThan(0.005 * p99.a!);
    // Byte for byte the comparison --replications 20 gives, the auto block aside, and whatever the workers.
    const fixed = simulate('compare', fa, fb, '--replications', '20', '--duration', '300s', '--json', '--quiet', '--workers', '1');
    const { auto: _auto, ...rest } = c;
    expect(`${JSON.stringify(rest, null, 2)}\n`).toBe(fixed.stdout);
    const oneWorker = simulate('compare', fa, fb, '--replications', 'auto', '--precision', '0.5%', '--max-replications', '20', '--duration', '300s', '--json', '--quiet', '--workers', '1');
    expect(oneWorker.stdout).toBe(r.stdout);
  });

  it('a scenario against itself is settled at once: every difference is exactly 0', () => {
    const dir = tempDir();
    const fa = writeIn(dir, 'a.json', station(10).data);
    const r = simulate('compare', fa, fa, '--replications', 'auto', '--duration', '300s', '--json', '--quiet');
    const c = JSON.parse(r.stdout);
    expect([c.replications, c.auto.reached]).toEqual([10, true]);
    expect(metric(r.stdout, 'latencyMs.p99').paired.halfWidth95).toBe(0);
  });
});

describe('differenceSettled', () => {
  const m = (over: Partial<MetricComparison>): MetricComparison => ({
    metric: 'latencyMs.p99',
    unit: 'ms',
    a: 100,
    b: 101,
    pairs: 10,
    paired: { mean: 1, halfWidth95: 3, low95: -2, high95: 4 },
    unpaired: { mean: 1, halfWidth95: 9, low95: -8, high95: 10 },
    narrowerBy: 0.67,
    significant: false,
    ...over,
  });
  it('is decided when the interval excludes 0, precise when its half-width is within the target of |a|', () => {
    expect(differenceSettled(m({}), 0.05)).toBe(true); // 3 ≤ 5 % of 100
    expect(differenceSettled(m({}), 0.02)).toBe(false); // 3 > 2
    expect(differenceSettled(m({ significant: true }), 0.02)).toBe(true);
    expect(differenceSettled(m({ a: -100 }), 0.05)).toBe(true); // of |a|
    expect(differenceSettled(m({ paired: { mean: 0, halfWidth95: 0, low95: 0, high95: 0 }, a: 0 }), 0.05)).toBe(true);
    expect(differenceSettled(m({ a: 0 }), 0.05)).toBe(false); // a's level 0: only decided or exact settles it
    expect(differenceSettled(m({ paired: { mean: null, halfWidth95: null, low95: null, high95: null }, pairs: 1 }), 0.05)).toBe(false);
    expect(differenceSettled(m({ paired: { mean: null, halfWidth95: null, low95: null, high95: null }, pairs: 0, a: null, b: null }), 0.05)).toBe(true);
  });
});

/** The p99 [ms] of the sojourn in M/M/c (FIFO) at λ = 50/s, μ = 100/s: P(T > t) = (1 − C) e^{−μt} + C (θ e^{−μt} − μ e^{−θt}) / (θ − μ), θ = cμ − λ. */
function mmcP99Ms(c: number): number {
  const lambda = 50;
  const mu = 100;
  const a = lambda / mu;
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term * (c / (c - a)); // a^c / c! · c / (c − a)
  const erlangC = top / (sum + top);
  const theta = c * mu - lambda;
  const tail = (t: number): number => (1 - erlangC) * Math.exp(-mu * t) + (erlangC * (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t))) / (theta - mu);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > 0.01) lo = mid;
    else hi = mid;
  }
  return lo * 1000;
}

describe('sweep --replications auto', () => {
  it('runs rounds until every point\'s p99 is within the precision, and each interval covers the M/M/c closed form', () => {
    const dir = tempDir();
    const file = writeIn(dir, 'mm1.json', station(10).data);
    const args = ['sweep', file, '--vary', 'tiers.station.servers[0].slots=1,2', '--duration', '500s', '--json', '--quiet'];
    const r = simulate(...args, '--replications', 'auto', '--precision', '1%');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect([10, 20, 40, 80, 100]).toContain(s.replications);
    expect(s.replications).toBeGreaterThan(10); // 1% is not reached at 10 (about ±2% there)
    expect(s.auto).toEqual({ targetRelativeHalfWidth: 0.01, maxReplications: 100, reached: true, metrics: ['latencyMs.p99'] });
    s.points.forEach((p: { p99Ms: { mean: number; halfWidth95: number } }, k: number) => {
      const exact = mmcP99Ms(k + 1); // 92.10 ms for one slot, 47.72 ms for two
      expect(p.p99Ms.halfWidth95).toBeLessThanOrEqual(0.01 * p.p99Ms.mean);
      const slack = 0.005 * exact; // the histogram's buckets (1/128 of an octave)
      expect(Math.abs(p.p99Ms.mean - exact), `${k + 1} slot(s)`).toBeLessThan(p.p99Ms.halfWidth95 + slack);
    });
    const fixed = simulate(...args, '--replications', String(s.replications), '--workers', '1');
    const { auto: _auto, ...rest } = s;
    expect(`${JSON.stringify(rest, null, 2)}\n`).toBe(fixed.stdout);
  });

  it('is refused with --shard, by plan, and above the work budget at its cap', () => {
    const r = simulate('sweep', 'test/fixtures/mm1-small.json', '--vary', 'tiers.station.servers[0].slots=1,2', '--replications', 'auto', '--shard', '1/2', '--out', `${tempDir()}/s.json`, '--quiet');
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--shard runs a fixed slice: it cannot be combined with --replications auto/)]);
    const p = simulate('plan', 'test/fixtures/mm1-small.json', '--vary', 'tiers.station.servers[0].slots=1,2', '--replications', 'auto', '--quiet');
    expect([p.code, p.stderr]).toEqual([2, expect.stringMatching(/--replications auto is for a run, a comparison or a sweep: give plan a number/)]);
    // The budget is the cap's: 100 replications of two World Cup scenarios is too much, and the message names the flag to lower.
    const big = simulate('compare', 'scenarios/sofoot-worldcup.autoscale-20min.json', 'scenarios/sofoot-worldcup.autoscale-4min.json', '--replications', 'auto', '--quiet');
    expect([big.code, big.stderr]).toEqual([2, expect.stringMatching(/above the budget .*: a lower --max-replications \(the cap, 100, is what may run\)/)]);
  });
});
