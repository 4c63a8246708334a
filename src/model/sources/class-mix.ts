import type { RandomStream } from '../../rng/stream.js';

/**
 * Draws a request class by its share of the mix (inverse transform on the
 * cumulative shares; one uniform, none when there is a single class).
 */
export class ClassMix {
  private readonly cumulative: Float64Array;

  constructor(shares: readonly number[]) {
    const total = shares.reduce((a, b) => a + b, 0);
    let acc = 0;
    this.cumulative = Float64Array.from(shares, (s) => (acc += s / total));
    this.cumulative[this.cumulative.length - 1] = 1; // no rounding gap above the last class
  }

  pick(rng: RandomStream): number {
    const cum = this.cumulative;
    if (cum.length === 1) return 0;
    const u = rng.next();
    let i = 0;
    while (u >= cum[i]!) i++;
    return i;
  }
}
