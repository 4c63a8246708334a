/**
 * Confidence interval of a proportion (k successes in n independent trials):
 * the Wilson score interval, which stays inside [0, 1] and keeps close to its
 * nominal coverage for small n and for shares near 0 or 1, where the normal
 * ("Wald") interval collapses to a point.
 */
import { normalQuantile } from './confidence.js';

export interface ProportionInterval {
  /** k / n. */
  share: number;
  low: number;
  high: number;
}

/** Wilson score interval for k of n at the given two-sided level (0.95 by default). */
export function wilsonInterval(k: number, n: number, level = 0.95): ProportionInterval {
  if (!(n > 0) || k < 0 || k > n) throw new RangeError(`wilsonInterval: need 0 <= k <= n and n > 0, got k = ${k}, n = ${n}`);
  const z = normalQuantile((1 + level) / 2);
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // At k = 0 or k = n one bound is exactly 0 or 1 (the formula gives it up to rounding).
  return { share: p, low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}
