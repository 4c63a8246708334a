/**
 * One-pass mean / variance / extrema of a stream of numbers (Welford 1962),
 * mergeable with Chan, Golub & LeVeque's parallel update. Unit-agnostic: the
 * mean, min and max are in the unit of the inputs, the variance in unit².
 *
 * `add` is O(1) and allocation-free.
 */

/** JSON-safe state of an {@link OnlineStats}. */
export interface OnlineStatsJSON {
  count: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
  min: number | null;
  max: number | null;
}

export class OnlineStats {
  private n = 0;
  private mu = 0;
  /** Sum of squared deviations from the running mean. */
  private m2 = 0;
  private lo = Infinity;
  private hi = -Infinity;

  /** Add one finite observation (throws RangeError on NaN/±Infinity). */
  add(x: number): void {
    if (!(x - x === 0)) throw new RangeError(`OnlineStats.add: value must be finite, got ${x}`);
    const n = ++this.n;
    const d = x - this.mu;
    this.mu += d / n;
    this.m2 += d * (x - this.mu);
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  /**
   * Combine with the statistics of another, disjoint stream (Chan et al.):
   * the result equals (up to rounding) adding all observations to one
   * accumulator. Returns `this`.
   */
  merge(other: OnlineStats): this {
    const nb = other.n;
    if (nb === 0) return this;
    const na = this.n;
    if (na === 0) {
      this.n = nb;
      this.mu = other.mu;
      this.m2 = other.m2;
      this.lo = other.lo;
      this.hi = other.hi;
      return this;
    }
    const n = na + nb;
    const d = other.mu - this.mu;
    const m2b = other.m2;
    this.mu += d * (nb / n);
    this.m2 += m2b + d * d * ((na / n) * nb);
    this.n = n;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    return this;
  }

  /** Number of observations. */
  get count(): number {
    return this.n;
  }

  /** Arithmetic mean; NaN when empty. */
  get mean(): number {
    return this.n === 0 ? NaN : this.mu;
  }

  /** Sample variance (divisor n − 1), as d3-array's `variance`; NaN when count < 2. */
  get variance(): number {
    return this.n < 2 ? NaN : this.m2 / (this.n - 1);
  }

  /** Population variance (divisor n); NaN when empty. */
  get populationVariance(): number {
    return this.n === 0 ? NaN : this.m2 / this.n;
  }

  /** Sample standard deviation (sqrt of {@link variance}); NaN when count < 2. */
  get stddev(): number {
    return Math.sqrt(this.variance);
  }

  /** Smallest observation; NaN when empty. */
  get min(): number {
    return this.n === 0 ? NaN : this.lo;
  }

  /** Largest observation; NaN when empty. */
  get max(): number {
    return this.n === 0 ? NaN : this.hi;
  }

  /** Forget all observations. */
  reset(): void {
    this.n = 0;
    this.mu = 0;
    this.m2 = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
  }

  /** Independent copy. */
  clone(): OnlineStats {
    return new OnlineStats().merge(this);
  }

  toJSON(): OnlineStatsJSON {
    const empty = this.n === 0;
    return { count: this.n, mean: this.mu, m2: this.m2, min: empty ? null : this.lo, max: empty ? null : this.hi };
  }

  static fromJSON(obj: OnlineStatsJSON): OnlineStats {
    const s = new OnlineStats();
    if (!(Number.isInteger(obj.count) && obj.count >= 0)) {
      throw new TypeError(`OnlineStats.fromJSON: bad count ${obj.count}`);
    }
    if (obj.count === 0) return s;
    if (typeof obj.min !== 'number' || typeof obj.max !== 'number' || !(obj.min <= obj.max) || !(obj.m2 >= 0)) {
      throw new TypeError('OnlineStats.fromJSON: inconsistent min/max/m2');
    }
    s.n = obj.count;
    s.mu = obj.mean;
    s.m2 = obj.m2;
    s.lo = obj.min;
    s.hi = obj.max;
    return s;
  }
}
