import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedKey } from '../../scenario/resolved-fanout.js';
import { keyProbabilities } from '../../scenario/resolved-fanout.js';

/**
 * Draws the routing key of a request of one class (a farm, a user, a
 * session): uniform over K keys by one multiplication, zipf and weighted
 * lists by a binary search of the cumulative probabilities (built once).
 */
export class KeyDraw {
  private readonly keys: number;
  /** Empty for uniform keys. */
  private readonly cumulative: Float64Array;

  constructor(spec: ResolvedKey) {
    this.keys = spec.dist === 'weighted' ? spec.weights.length : spec.keys;
    if (spec.dist === 'uniform') this.cumulative = new Float64Array(0);
    else {
      const p = keyProbabilities(spec);
      let acc = 0;
      this.cumulative = p.map((x) => (acc += x));
      this.cumulative[this.cumulative.length - 1] = 1;
    }
  }

  sample(rng: RandomStream): number {
    const u = rng.next();
    const cum = this.cumulative;
    if (cum.length === 0) return Math.floor(u * this.keys);
    // First k with u < cum[k].
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < cum[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
