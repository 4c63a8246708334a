/**
 * Intervals for the difference of two means, b − a, from replications.
 *
 * - Paired: replication i of a and replication i of b share their seed
 *   (common random numbers), so d_i = b_i − a_i are independent draws of
 *   the difference and the ordinary t interval of the d_i applies
 *   (Law & Kelton, Simulation Modeling and Analysis, §10.2.1). Its variance
 *   is Var a + Var b − 2 Cov(a, b): the positive covariance that common
 *   random numbers create is what makes it narrower.
 * - Unpaired: Welch's interval, as if the two sets were independent: the
 *   variances add, with the Welch–Satterthwaite degrees of freedom
 *   (Law & Kelton §10.2.2).
 *
 * Units: those of the samples. Pairs with a missing value on either side
 * are left out of both intervals, so the two are computed on the same pairs.
 */
import { studentTQuantile } from './confidence.js';

export interface DifferenceInterval {
  /** Mean of b − a. */
  mean: number;
  /** Half-width at the level asked; NaN with fewer than two pairs. */
  halfWidth: number;
  low: number;
  high: number;
  /** Pairs used. */
  n: number;
  /** Degrees of freedom of the t critical value. */
  dof: number;
}

function meanVar(xs: readonly number[]): { mean: number; variance: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = n < 2 ? NaN : xs.reduce((s, x) => s + (x - mean) * (x - mean), 0) / (n - 1);
  return { mean, variance };
}

function interval(mean: number, halfWidth: number, n: number, dof: number): DifferenceInterval {
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, n, dof };
}

/** The pairs where both sides have a finite value. */
export function completePairs(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): { a: number[]; b: number[] } {
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    xa.push(x);
    xb.push(y);
  }
  return { a: xa, b: xb };
}

/** Paired t interval of the mean of b_i − a_i. */
export function pairedDifference(a: readonly number[], b: readonly number[], level = 0.95): DifferenceInterval {
  if (a.length !== b.length) throw new RangeError(`pairedDifference: ${a.length} values of a but ${b.length} of b`);
  const d = a.map((x, i) => b[i]! - x);
  const n = d.length;
  const { mean, variance } = meanVar(d);
  if (n < 2) return interval(mean, NaN, n, n - 1);
  const t = studentTQuantile((1 + level) / 2, n - 1);
  return interval(mean, t * Math.sqrt(variance / n), n, n - 1);
}

/** Welch's unpaired t interval of mean(b) − mean(a). */
export function welchDifference(a: readonly number[], b: readonly number[], level = 0.95): DifferenceInterval {
  const A = meanVar(a);
  const B = meanVar(b);
  const mean = B.mean - A.mean;
  const n = Math.min(a.length, b.length);
  if (a.length < 2 || b.length < 2) return interval(mean, NaN, n, NaN);
  const va = A.variance / a.length;
  const vb = B.variance / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return interval(mean, 0, n, a.length + b.length - 2);
  const dof = ((va + vb) * (va + vb)) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  return interval(mean, studentTQuantile((1 + level) / 2, dof) * se, n, dof);
}
