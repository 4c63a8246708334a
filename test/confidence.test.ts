import { describe, expect, it } from 'vitest';
import {
  batchMeans,
  confidenceInterval,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from '../src/stats/confidence.js';
import { prng } from './support/prng.js';


function normal(rand: () => number): number {
  let u = rand();
  while (u === 0) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

describe('studentTQuantile', () => {
  it('matches printed t tables (two-sided 95 %) within 1e-3', () => {
    const table: Array<[number, number, number]> = [
      [0.975, 1, 12.706],
      [0.975, 4, 2.776],
      [0.975, 9, 2.262],
      [0.975, 29, 2.045],
      [0.975, Infinity, 1.96],
      [0.95, 5, 2.015],
      [0.995, 10, 3.169],
      [0.99, 20, 2.528],
      [0.9995, 1, 636.619],
      [0.9995, 3, 12.924],
      [0.975, 120, 1.98],
      [0.9, 60, 1.296],
    ];
    for (const [p, dof, expected] of table) {
      const tol = 1e-3 * Math.max(1, expected / 10); // 636.619 is printed to 6 significant digits
      expect(Math.abs(studentTQuantile(p, dof) - expected), `t(${p}, ${dof})`).toBeLessThan(tol);
    }
    expect(studentTQuantile(0.975, 1e9)).toBeCloseTo(1.96, 3);
  });

  it('matches high-precision reference values', () => {
    // R: qt(0.975, c(1, 2, 10, 30)), qnorm(0.975)
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174698, 10);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729749464, 12);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281388519862735, 12);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0422724563012373, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 11);
  });

  it('is symmetric, monotone and inverts the CDF across dof regimes', () => {
    let worst = 0;
    const dofs = [0.5, 1, 1.5, 2, 3, 4, 7.5, 10, 29, 100, 999, 5000, 9999, 1e4, 1e5, Infinity];
    const ps = [1e-12, 1e-6, 0.001, 0.025, 0.1, 0.25, 0.3, 0.45, 0.5 + 1e-9, 0.6, 0.9, 0.975, 0.999];
    for (const dof of dofs) {
      let prev = -Infinity;
      for (const p of ps) {
        const t = studentTQuantile(p, dof);
        expect(t).toBeGreaterThan(prev);
        prev = t;
        // (1 − p is only exact-ish for moderate p: tiny p would test the rounding of 1 − p, not symmetry.)
        if (p >= 1e-3) {
          expect(Math.abs(studentTQuantile(1 - p, dof) + t)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(t)));
        }
        const c = studentTCdf(t, dof);
        const err = p < 0.5 ? Math.abs(c - p) / p : Math.abs(c - p) / (1 - p);
        worst = Math.max(worst, err);
      }
    }
    expect(worst).toBeLessThan(1e-10);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0, 3)).toBe(-Infinity);
    expect(studentTQuantile(1, 3)).toBe(Infinity);
    // Continuity where the algorithm switches to Cornish–Fisher.
    expect(studentTQuantile(0.975, 9999.999)).toBeCloseTo(studentTQuantile(0.975, 1e4), 9);
    expect(() => studentTQuantile(1.2, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe('confidenceInterval', () => {
  it('computes the classic t interval on a known sample', () => {
    // mean 3, s = √2.5, t(0.975, 4) = 2.7764451 → half-width 2.7764451·√2.5/√5 = 1.9632432
    const ci = confidenceInterval([1, 2, 3, 4, 5]);
    expect(ci.n).toBe(5);
    expect(ci.mean).toBe(3);
    expect(ci.halfWidth).toBeCloseTo(1.963243, 6);
    expect(ci.low).toBeCloseTo(3 - 1.963243, 6);
    expect(ci.high).toBeCloseTo(3 + 1.963243, 6);
    const ci90 = confidenceInterval(Float64Array.of(1, 2, 3, 4, 5), 0.9);
    expect(ci90.halfWidth).toBeCloseTo((2.131847 * Math.sqrt(2.5)) / Math.sqrt(5), 5);
    // ArrayLike that is not iterable
    const arrayLike = { length: 3, 0: 10, 1: 12, 2: 14 };
    expect(confidenceInterval(arrayLike).halfWidth).toBeCloseTo((4.302653 * 2) / Math.sqrt(3), 5);
  });

  it('handles degenerate inputs', () => {
    expect(confidenceInterval([]).mean).toBeNaN();
    expect(confidenceInterval([]).n).toBe(0);
    const one = confidenceInterval([7]);
    expect(one.mean).toBe(7);
    expect(one.halfWidth).toBeNaN();
    expect(confidenceInterval([2, 2, 2]).halfWidth).toBe(0);
    expect(() => confidenceInterval([1, 2], 1)).toThrow(RangeError);
  });

  it('covers the true mean ~95 % of the time for iid normal replications', () => {
    const rand = prng(3);
    let covered = 0;
    const reps = 2000;
    for (let r = 0; r < reps; r++) {
      const xs = Array.from({ length: 8 }, () => 10 + 2 * normal(rand));
      const ci = confidenceInterval(xs);
      if (ci.low <= 10 && 10 <= ci.high) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.93);
    expect(covered / reps).toBeLessThan(0.97);
  });
});

describe('batchMeans', () => {
  function ar1(rand: () => number, n: number, phi: number, mu: number): Float64Array {
    const xs = new Float64Array(n);
    let x = mu + normal(rand) / Math.sqrt(1 - phi * phi); // start in steady state
    for (let i = 0; i < n; i++) {
      x = mu + phi * (x - mu) + normal(rand);
      xs[i] = x;
    }
    return xs;
  }

  it('splits the series into equal batches, dropping the oldest remainder', () => {
    const series = [100, 1, 2, 3, 4, 5, 6]; // 7 observations, 3 batches of 2; the first one is dropped
    const bm = batchMeans(series, 3);
    expect(bm.batchSize).toBe(2);
    expect(bm.discarded).toBe(1);
    expect(bm.n).toBe(3);
    expect(bm.mean).toBe(3.5); // batch means 1.5, 3.5, 5.5
    expect(bm.halfWidth).toBeCloseTo((4.302652729749464 * 2) / Math.sqrt(3), 10);
    expect(() => batchMeans([1, 2, 3], 4)).toThrow(RangeError);
    expect(() => batchMeans([1, 2, 3, 4], 1)).toThrow(RangeError);
    expect(() => batchMeans([1, NaN, 3, 4], 2)).toThrow(RangeError);
  });

  it('gives honest coverage on a strongly correlated AR(1) series where the naive interval fails', () => {
    const rand = prng(4);
    const reps = 200;
    let batchCovered = 0;
    let naiveCovered = 0;
    let lag1 = 0;
    for (let r = 0; r < reps; r++) {
      const xs = ar1(rand, 20_000, 0.9, 50);
      const bm = batchMeans(xs, 20);
      if (bm.low <= 50 && 50 <= bm.high) batchCovered++;
      const naive = confidenceInterval(xs);
      if (naive.low <= 50 && 50 <= naive.high) naiveCovered++;
      lag1 += bm.lag1Autocorrelation / reps;
    }
    expect(batchCovered / reps).toBeGreaterThan(0.88);
    expect(batchCovered / reps).toBeLessThan(0.995);
    expect(naiveCovered / reps).toBeLessThan(0.6); // variance inflation (1+φ)/(1−φ) = 19
    expect(Math.abs(lag1)).toBeLessThan(0.15);
  });
});
