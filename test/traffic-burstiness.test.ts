/**
 * Markov-modulated arrivals.
 *
 * Tolerances:
 * - totals: N over a long run has mean m̄·λ·H and variance
 *   m̄·λ·H · IDC(H) (the theoretical index of dispersion, not 1: bursts make
 *   counts overdispersed); held to 4.5σ.
 * - index of dispersion: estimated from n independent windows (the chain is
 *   restarted in its stationary distribution for each window, so window
 *   counts are i.i.d.). The estimator IDĈ = s²/x̄ has, by the delta method,
 *   Var ≈ (1/n)·[σ⁶/μ⁴ − 2σ²μ₃/μ³ + (μ₄ − σ⁴)/μ²] (μ₃, μ₄ central moments),
 *   estimated from the sample; held to 4.5 standard errors. For Poisson
 *   counts this is 2/n, whatever the mean.
 */
import { describe, expect, it } from 'vitest';
import { RateProfile } from '../src/traffic/rate-profile.js';
import { deriveStream, type RandomStream } from '../src/rng/stream.js';
import {
  indexOfDispersion,
  ModulationModel,
  nextModulatedArrival,
  RateModulator,
  stationaryMeanMultiplier,
  type BurstinessSpec,
} from '../src/traffic/burstiness.js';

const Z = 4.5;
const exp1 = (rng: RandomStream): number => -Math.log(1 - rng.next());

/** "burst ×3 for 30 s on average, every 5 min on average". */
const ON_OFF: BurstinessSpec = { kind: 'on-off', factor: 3, meanBurstDuration: 30, meanInterval: 300 };

/** Counts in `n` i.i.d. windows of `T` seconds under a constant base rate. */
function windowCounts(spec: BurstinessSpec, rate: number, T: number, n: number, seed: string): Float64Array {
  const profile = new RateProfile([[0, rate]]);
  const rng = deriveStream(99, `${seed}/arrivals`);
  const mod = new RateModulator(spec, deriveStream(99, `${seed}/chain`));
  const counts = new Float64Array(n);
  for (let w = 0; w < n; w++) {
    mod.reset(0); // fresh stationary start: windows independent
    let t = 0;
    let c = 0;
    for (;;) {
      t = nextModulatedArrival(profile, mod, t, exp1(rng), rng);
      if (t >= T) break;
      c++;
    }
    counts[w] = c;
  }
  return counts;
}

/** IDĈ and its delta-method standard error (see the header). */
function dispersion(counts: Float64Array): { idc: number; se: number; mean: number } {
  const n = counts.length;
  let mean = 0;
  for (const c of counts) mean += c;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const c of counts) {
    const d = c - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  const s2 = m2 / (n - 1);
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const v = ((m2 ** 3 / mean ** 4) - (2 * m2 * m3) / mean ** 3 + (m4 - m2 * m2) / mean ** 2) / n;
  return { idc: s2 / mean, se: Math.sqrt(v), mean };
}

describe('ModulationModel', () => {
  it('on-off: stationary distribution and mean multiplier', () => {
    const m = new ModulationModel(ON_OFF);
    expect(Array.from(m.stationary)).toEqual([expect.closeTo(0.9, 12), expect.closeTo(0.1, 12)]);
    expect(m.meanMultiplier).toBeCloseTo(1.2, 12);
    expect(Array.from(m.meanHoldingTimes)).toEqual([270, 30]);
    expect(stationaryMeanMultiplier(ON_OFF)).toBeCloseTo(1.2, 12);
  });

  it('normalise: the multipliers average to 1', () => {
    const m = new ModulationModel({ ...ON_OFF, normalise: true });
    expect(m.meanMultiplier).toBe(1);
    expect(m.multipliers[1]! / m.multipliers[0]!).toBeCloseTo(3, 12);
    expect(0.9 * m.multipliers[0]! + 0.1 * m.multipliers[1]!).toBeCloseTo(1, 12);
  });

  it('k states with a transition matrix: π_i ∝ ν_i·h_i (ν: jump-chain stationary law)', () => {
    // A cycle 0 → 1 → 2 → 0: ν uniform, so π ∝ holding times.
    const m = new ModulationModel({
      kind: 'markov',
      multipliers: [1, 2, 0.5],
      meanHoldingTimes: [10, 20, 70],
      transitions: [
        [0, 1, 0],
        [0, 0, 1],
        [1, 0, 0],
      ],
    });
    expect(Array.from(m.stationary).map((x) => +x.toFixed(12))).toEqual([0.1, 0.2, 0.7]);
    expect(m.meanMultiplier).toBeCloseTo(0.1 + 0.4 + 0.35, 12);
  });

  it('refuses inconsistent specs', () => {
    expect(() => new ModulationModel({ kind: 'on-off', factor: 3, meanBurstDuration: 30, meanInterval: 20 })).toThrow(/meanInterval/);
    expect(() => new ModulationModel({ kind: 'markov', multipliers: [1, 2], meanHoldingTimes: [1] })).toThrow(/meanHoldingTimes/);
    expect(() => new ModulationModel({ kind: 'markov', multipliers: [1, 2], meanHoldingTimes: [1, 1], transitions: [[0.5, 0.5], [1, 0]] })).toThrow(/must be 0/);
    expect(() => new ModulationModel({ kind: 'markov', multipliers: [0, 0], meanHoldingTimes: [1, 1] })).toThrow(/mean multiplier is 0/);
  });
});

describe('indexOfDispersion (theory)', () => {
  it('matches the two-state closed form', () => {
    const lambda = 2;
    const r = 1 / 270 + 1 / 30;
    const [p1, p2] = [0.9, 0.1];
    const [L1, L2] = [lambda, 3 * lambda];
    const lbar = p1 * L1 + p2 * L2;
    for (const T of [1, 10, 120, 1000, 1e5]) {
      const closed = 1 + ((2 * p1 * p2 * (L1 - L2) ** 2) / (lbar * r)) * (1 - (1 - Math.exp(-r * T)) / (r * T));
      expect(indexOfDispersion(ON_OFF, lambda, T)).toBeCloseTo(closed, 8);
    }
    const limit = 1 + (2 * p1 * p2 * (L1 - L2) ** 2) / (lbar * r);
    expect(indexOfDispersion(ON_OFF, lambda, Infinity)).toBeCloseTo(limit, 8);
  });

  it('is 1 when all multipliers are equal, and grows with the window otherwise', () => {
    expect(indexOfDispersion({ kind: 'markov', multipliers: [1, 1, 1], meanHoldingTimes: [5, 7, 11] }, 10, 60)).toBeCloseTo(1, 10);
    const spec: BurstinessSpec = { kind: 'markov', multipliers: [0.5, 1, 4], meanHoldingTimes: [50, 100, 10] };
    const a = indexOfDispersion(spec, 5, 10);
    const b = indexOfDispersion(spec, 5, 100);
    const c = indexOfDispersion(spec, 5, 1e4);
    expect(1).toBeLessThan(a);
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
    expect(c).toBeLessThan(indexOfDispersion(spec, 5, Infinity));
    expect(indexOfDispersion(spec, 5, 1e8)).toBeCloseTo(indexOfDispersion(spec, 5, Infinity), 3);
  });
});

describe('nextModulatedArrival (sampling)', () => {
  it('long-run rate ≈ stationary mean multiplier × base rate', () => {
    const lambda = 5;
    const H = 200_000;
    const profile = new RateProfile([[0, lambda]]);
    const rng = deriveStream(99, 'mean/arrivals');
    const mod = new RateModulator(ON_OFF, deriveStream(99, 'mean/chain'));
    let n = 0;
    let t = 0;
    for (;;) {
      t = nextModulatedArrival(profile, mod, t, exp1(rng), rng);
      if (t >= H) break;
      n++;
    }
    const mu = stationaryMeanMultiplier(ON_OFF) * lambda * H; // 1.2e6
    const sd = Math.sqrt(mu * indexOfDispersion(ON_OFF, lambda, H)); // ≈ 9,800 (vs √μ ≈ 1,100 for Poisson)
    expect(Math.abs(n - mu)).toBeLessThan(Z * sd);
  });

  it('two-state on-off: index of dispersion in 120 s windows > 1 and ≈ theory', () => {
    const lambda = 2;
    const T = 120;
    const counts = windowCounts(ON_OFF, lambda, T, 4000, 'idc-onoff');
    const { idc, se, mean } = dispersion(counts);
    const theory = indexOfDispersion(ON_OFF, lambda, T); // ≈ 26
    expect(theory).toBeGreaterThan(20);
    expect(Math.abs(idc - theory), `IDC ${idc.toFixed(2)} ± ${se.toFixed(2)}, theory ${theory.toFixed(2)}`).toBeLessThan(Z * se);
    // And the mean of the window counts, whose variance is known: μ·IDC(T)/n.
    const mu = 1.2 * lambda * T;
    expect(Math.abs(mean - mu)).toBeLessThan(Z * Math.sqrt((mu * theory) / counts.length));
  });

  it('three states: dispersion ≈ theory', () => {
    const spec: BurstinessSpec = { kind: 'markov', multipliers: [0.5, 1, 4], meanHoldingTimes: [40, 60, 8], normalise: true };
    const counts = windowCounts(spec, 3, 60, 4000, 'idc-three');
    const { idc, se } = dispersion(counts);
    const theory = indexOfDispersion(spec, 3, 60);
    expect(theory).toBeGreaterThan(2);
    expect(Math.abs(idc - theory), `IDC ${idc.toFixed(3)} ± ${se.toFixed(3)}, theory ${theory.toFixed(3)}`).toBeLessThan(Z * se);
  });

  it('with every multiplier 1 it is a Poisson process (dispersion ≈ 1, SE √(2/n))', () => {
    const spec: BurstinessSpec = { kind: 'markov', multipliers: [1, 1, 1], meanHoldingTimes: [2, 3, 5] };
    const lambda = 4;
    const T = 30;
    const n = 4000;
    const counts = windowCounts(spec, lambda, T, n, 'idc-poisson');
    const { idc, mean } = dispersion(counts);
    expect(Math.abs(idc - 1)).toBeLessThan(Z * Math.sqrt(2 / n));
    expect(Math.abs(mean - lambda * T)).toBeLessThan(Z * Math.sqrt((lambda * T) / n));
  });

  it('time-varying profile: mean count is m̄·Λ (normalised: Λ itself)', () => {
    const profile = new RateProfile([[0, 0], [600, 10]]); // Λ(600) = 3000
    const spec: BurstinessSpec = { ...ON_OFF, meanInterval: 120, normalise: true };
    const rng = deriveStream(99, 'ramp/arrivals');
    const mod = new RateModulator(spec, deriveStream(99, 'ramp/chain'));
    const R = 300;
    const xs: number[] = [];
    for (let rep = 0; rep < R; rep++) {
      mod.reset(0);
      let t = 0;
      let c = 0;
      for (;;) {
        t = nextModulatedArrival(profile, mod, t, exp1(rng), rng);
        if (t >= 600) break;
        c++;
      }
      xs.push(c);
    }
    const mean = xs.reduce((a, b) => a + b, 0) / R;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1));
    // CLT on R i.i.d. replications, with the sample standard deviation.
    expect(Math.abs(mean - 3000)).toBeLessThan((Z * sd) / Math.sqrt(R));
  });

  it('no arrival while the multiplier is 0; arrival times increase strictly', () => {
    const spec: BurstinessSpec = { kind: 'on-off', factor: 0, meanBurstDuration: 20, meanInterval: 60 };
    const profile = new RateProfile([[0, 50]]);
    const rng = deriveStream(99, 'outage/arrivals');
    const mod = new RateModulator(spec, deriveStream(99, 'outage/chain'));
    let t = 0;
    let bad = 0;
    let nonIncreasing = 0;
    for (let i = 0; i < 100_000; i++) {
      const next = nextModulatedArrival(profile, mod, t, exp1(rng), rng);
      if (mod.multiplier === 0) bad++;
      if (!(next > t)) nonIncreasing++;
      t = next;
    }
    expect(bad).toBe(0);
    expect(nonIncreasing).toBe(0);
    // 100,000 arrivals at 50/s during calm periods (2/3 of the time): about 3,000 s.
    expect(t).toBeGreaterThan(2500);
    expect(t).toBeLessThan(3500);
  });

  it('returns Infinity (and stops switching) when the profile falls to 0 for good', () => {
    const profile = new RateProfile([[0, 5], [100, 5], [100, 0]]);
    const rng = deriveStream(99, 'end/arrivals');
    const mod = new RateModulator({ kind: 'on-off', factor: 4, meanBurstDuration: 1, meanInterval: 3 }, deriveStream(99, 'end/chain'));
    let t = 0;
    let n = 0;
    for (;;) {
      const next = nextModulatedArrival(profile, mod, t, exp1(rng), rng);
      if (next === Infinity) break;
      expect(next).toBeLessThanOrEqual(100);
      t = next;
      n++;
    }
    expect(n).toBeGreaterThan(500);
  });

  it('is deterministic for a seed', () => {
    const run = (): number[] => {
      const profile = new RateProfile([[0, 3]]);
      const rng = deriveStream(5, 'det/arrivals');
      const mod = new RateModulator(ON_OFF, deriveStream(5, 'det/chain'));
      const out: number[] = [];
      let t = 0;
      for (let i = 0; i < 1000; i++) out.push((t = nextModulatedArrival(profile, mod, t, exp1(rng), rng)));
      return out;
    };
    expect(run()).toEqual(run());
  });
});
