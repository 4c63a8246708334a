/**
 * Intervals of a difference of means (src/stats/paired.ts) against hand
 * computations: the paired t interval of b_i − a_i, Welch's unpaired
 * interval and its Welch–Satterthwaite degrees of freedom.
 */
import { describe, expect, it } from 'vitest';
import { completePairs, pairedDifference, welchDifference } from '../src/stats/paired.js';

describe('paired and unpaired intervals of b − a', () => {
  it('paired: the t interval of the differences (t(0.975, 3) = 3.182446305)', () => {
    const a = [1, 2, 3, 4];
    const b = [2, 4, 5, 7]; // d = 1, 2, 2, 3: mean 2, variance 2/3
    const p = pairedDifference(a, b);
    expect(p.mean).toBe(2);
    expect(p.dof).toBe(3);
    expect(p.halfWidth).toBeCloseTo((3.182446305 * Math.sqrt(2 / 3)) / 2, 8);
    expect(p.low).toBeCloseTo(2 - p.halfWidth, 12);
  });

  it('Welch: variances added, Satterthwaite degrees of freedom', () => {
    const a = [1, 2, 3, 4]; // mean 2.5, variance 5/3
    const b = [2, 4, 5, 7, 9, 3]; // mean 5, variance 34/5
    const w = welchDifference(a, b);
    const va = 5 / 3 / 4;
    const vb = 6.8 / 6;
    const dof = (va + vb) ** 2 / (va ** 2 / 3 + vb ** 2 / 5);
    expect(w.mean).toBeCloseTo(2.5, 12);
    expect(w.dof).toBeCloseTo(dof, 10);
    // dof ≈ 7.63: between t(0.975, 7) = 2.364624 and t(0.975, 8) = 2.306004.
    expect(w.halfWidth / Math.sqrt(va + vb)).toBeGreaterThan(2.306004);
    expect(w.halfWidth / Math.sqrt(va + vb)).toBeLessThan(2.364624);
  });

  it('Welch with equal sizes and equal variances has 2(n − 1) degrees of freedom', () => {
    const a = [0, 1, 2, 3, 4];
    const b = [10, 11, 12, 13, 14];
    const w = welchDifference(a, b);
    expect(w.dof).toBeCloseTo(8, 12);
    // t(0.975, 8) = 2.306004135 × √(2 · 2.5 / 5)
    expect(w.halfWidth).toBeCloseTo(2.306004135, 8);
  });

  it('positively correlated pairs give a narrower paired interval; identical shifts give a zero-width one', () => {
    const a = [10, 20, 30, 40, 50];
    const b = a.map((x, i) => x + 1 + (i % 2) * 0.5);
    expect(pairedDifference(a, b).halfWidth).toBeLessThan(welchDifference(a, b).halfWidth / 10);
    expect(pairedDifference(a, a.map((x) => x + 3)).halfWidth).toBe(0);
  });

  it('fewer than two pairs: no interval; pairs with a missing side are dropped from both', () => {
    expect(Number.isNaN(pairedDifference([1], [2]).halfWidth)).toBe(true);
    expect(Number.isNaN(welchDifference([1], [2]).halfWidth)).toBe(true);
    expect(completePairs([1, null, 3, 4], [2, 5, null, 6])).toEqual({ a: [1, 4], b: [2, 6] });
    expect(() => pairedDifference([1, 2], [1])).toThrow(RangeError);
  });
});
