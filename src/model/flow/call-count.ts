import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedCallCount } from '../../scenario/resolved-fanout.js';

/** Poisson means above this are drawn as a sum of Poisson draws of at most it: e^−mean stays far from underflow. */
const POISSON_CHUNK = 500;

/**
 * Draws how many calls a hop makes (constant, Poisson, geometric on 1, 2, …,
 * or a discrete list by weight). Allocation-free: one uniform for the
 * geometric and the list, inversion for the Poisson.
 */
export class CallCount {
  private readonly kind: number;
  private readonly value: number;
  /** Geometric: ln(1 − p); list: the values and cumulative probabilities. */
  private readonly logQ: number;
  private readonly values: Int32Array;
  private readonly cumulative: Float64Array;

  constructor(spec: ResolvedCallCount) {
    this.kind = ['constant', 'poisson', 'geometric', 'discrete'].indexOf(spec.dist);
    this.value = spec.dist === 'constant' ? spec.value : spec.dist === 'discrete' ? 0 : spec.mean;
    this.logQ = spec.dist === 'geometric' ? Math.log(1 - 1 / spec.mean) : 0;
    const values = spec.dist === 'discrete' ? spec.values : [];
    const weights = spec.dist === 'discrete' ? spec.weights : [];
    const total = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.values = Int32Array.from(values);
    this.cumulative = Float64Array.from(weights, (w) => (acc += w / total));
    if (this.cumulative.length > 0) this.cumulative[this.cumulative.length - 1] = 1; // no rounding gap above the last value
  }

  sample(rng: RandomStream): number {
    switch (this.kind) {
      case 0:
        return this.value;
      case 1: {
        let left = this.value;
        let k = 0;
        while (left > POISSON_CHUNK) {
          k += poisson(POISSON_CHUNK, rng);
          left -= POISSON_CHUNK;
        }
        return k + poisson(left, rng);
      }
      case 2:
        // mean 1: p = 1, always one call (ln 0 = −∞ would make 0/−∞).
        return this.logQ === -Infinity ? 1 : 1 + Math.floor(Math.log(1 - rng.next()) / this.logQ);
      default: {
        const cum = this.cumulative;
        const u = rng.next();
        let i = 0;
        while (u >= cum[i]!) i++;
        return this.values[i]!;
      }
    }
  }
}

/** Poisson(mean) by inversion of its CDF (mean ≤ POISSON_CHUNK). */
function poisson(mean: number, rng: RandomStream): number {
  const u = rng.next();
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  // The guard ends the search where the CDF's rounding leaves it just short of u.
  while (u >= cdf && k < 20 * mean + 100) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}
