/**
 * An arrival-rate profile λ(t) [requests/s] that is piecewise linear in
 * simulated time t [s], and exact sampling of the non-homogeneous Poisson
 * process it drives, by inverting the cumulative rate Λ(t) = ∫₀ᵗ λ.
 *
 * Given the current time t and an Exp(1) draw E, the next arrival is the x
 * with Λ(x) − Λ(t) = E. On a linear piece λ(s) = r + b·(s − t) that means
 * b/2·d² + r·d − E = 0, solved as d = 2E / (r + √(r² + 2bE)) (the form
 * without cancellation when b is small or negative). When E is larger than
 * what is left of the piece, subtract that area and carry on to the next.
 *
 * Inversion (rather than thinning) costs one uniform per arrival whatever
 * the peak-to-mean ratio, and is exact. A cursor remembers the current piece
 * because simulated time only moves forward: locating it is O(1) amortised.
 *
 * Every phase operators think in (constant, ramp, step, spike, hold, decay,
 * daily curves) compiles to such pieces. After the last piece, the last rate
 * holds forever.
 */
export class RateProfile {
  /** Start of each piece [s], increasing; starts[0] = 0. */
  private readonly starts: Float64Array;
  /** Rate at the start of each piece [req/s]. */
  private readonly rates: Float64Array;
  /** Slope of each piece [req/s²]; the last piece has slope 0. */
  private readonly slopes: Float64Array;
  private cursor = 0;
  // The cursor's piece, for the fast path of `nextArrival`: where it starts
  // and ends, and its rate if it is flat (−1 if it is a ramp).
  private pieceStart = 0;
  private pieceEnd = 0;
  private pieceFlatRate = -1;
  /**
   * Inputs and result of `advanceArrival`: the current time [s], an Exp(1)
   * variate, and the next arrival [s]. Why fields, not parameters: a double
   * passed to (or returned from) a call that V8 does not inline is boxed
   * into a fresh 16-byte heap number, and a double field is written in
   * place (see EventQueue.nextTime). Non-integers so V8 stores them unboxed.
   */
  fromSeconds = 0.5;
  exp1 = 0.5;
  arrivalSeconds = 0.5;

  /**
   * @param points breakpoints (time [s], rate [req/s]) with increasing times,
   *   the first at 0; the rate is linear between consecutive points (two points
   *   at the same time make a step) and constant after the last one.
   */
  constructor(points: ReadonlyArray<readonly [number, number]>) {
    if (points.length === 0) throw new RangeError('a rate profile needs at least one point');
    if (points[0]![0] !== 0) throw new RangeError('a rate profile starts at time 0');
    const starts: number[] = [];
    const rates: number[] = [];
    const slopes: number[] = [];
    for (let i = 0; i < points.length; i++) {
      const [t, r] = points[i]!;
      if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`rate at t=${t}s must be finite and ≥ 0, got ${r}`);
      if (i > 0 && !(t >= points[i - 1]![0])) throw new RangeError('rate profile times must not decrease');
      const next = points[i + 1];
      if (next !== undefined && next[0] === t) continue; // a step: the later point wins
      starts.push(t);
      rates.push(r);
      slopes.push(next === undefined ? 0 : (next[1] - r) / (next[0] - t));
    }
    this.starts = Float64Array.from(starts);
    this.rates = Float64Array.from(rates);
    this.slopes = Float64Array.from(slopes);
    this.setCursor(0);
  }

  /** λ(t) [req/s]. */
  rateAt(t: number): number {
    const i = this.locate(t);
    return this.rates[i]! + this.slopes[i]! * (t - this.starts[i]!);
  }

  /** λ's limit from the left at `t` [req/s]: at a step, the rate just before it (elsewhere, λ(t)). */
  rateBefore(t: number): number {
    const i = this.locate(t);
    if (i === 0 || this.starts[i] !== t) return this.rates[i]! + this.slopes[i]! * (t - this.starts[i]!);
    return this.rates[i - 1]! + this.slopes[i - 1]! * (t - this.starts[i - 1]!);
  }

  /** Λ(b) − Λ(a): expected arrivals in [a, b]. */
  expectedArrivals(a: number, b: number): number {
    return this.cumulative(b) - this.cumulative(a);
  }

  /** Largest rate reached [req/s]. */
  get peakRate(): number {
    let m = 0;
    for (let i = 0; i < this.rates.length; i++) {
      m = Math.max(m, this.rates[i]!);
      const end = this.starts[i + 1];
      if (end !== undefined) m = Math.max(m, this.rates[i]! + this.slopes[i]! * (end - this.starts[i]!));
    }
    return m;
  }

  /**
   * The next arrival after time `t` [s], given an Exp(1) variate `e`;
   * Infinity if the rate stays at zero from some point on.
   * Call with non-decreasing `t` for O(1) amortised cost.
   */
  nextArrival(t: number, e: number): number {
    this.fromSeconds = t;
    this.exp1 = e;
    this.advanceArrival();
    return this.arrivalSeconds;
  }

  /** `arrivalSeconds = nextArrival(fromSeconds, exp1)`, doubles in fields (the hot path's door). */
  advanceArrival(): void {
    const t = this.fromSeconds;
    const e = this.exp1;
    // Fast path: `t` is in the cursor's piece, the piece is flat and the
    // arrival falls inside it (every arrival of a constant-rate profile, and
    // most of them in any profile made of holds and plateaus). The
    // arithmetic is the general loop's for that case, so the result is
    // bit-for-bit the same. Why: it keeps what is inlined into the traffic
    // source small. Measured on M/M/8: 9 % fewer instructions per simulated
    // request (valgrind, 2,489 → 2,268); the wall-clock gain is within this
    // machine's noise.
    const r = this.pieceFlatRate;
    if (r > 0 && t >= this.pieceStart && t < this.pieceEnd) {
      const d = e / r;
      if (d <= this.pieceEnd - t) {
        this.arrivalSeconds = t + d;
        return;
      }
    }
    this.nextArrivalGeneral();
  }

  /**
   * `advanceArrival`'s general case, on `fromSeconds`/`exp1`; the result
   * goes to `arrivalSeconds`. It locates the piece itself, as `locate` does, so
   * that no double is passed to a call here either.
   */
  private nextArrivalGeneral(): void {
    let t = this.fromSeconds;
    let e = this.exp1;
    const starts = this.starts;
    const rates = this.rates;
    const slopes = this.slopes;
    const last = starts.length - 1;
    let i = this.cursor;
    if (t < starts[i]!) i = 0; // time went back (a new replication): restart the scan
    while (i < last && t >= starts[i + 1]!) i++;
    if (i !== this.cursor) this.setCursor(i);
    for (;;) {
      const b = slopes[i]!;
      const r = rates[i]! + b * (t - starts[i]!);
      const end = i < last ? starts[i + 1]! : Infinity;
      const span = end - t;
      if (b === 0) {
        if (r > 0) {
          const d = e / r;
          if (d <= span) {
            this.arrivalSeconds = t + d;
            return;
          }
          e -= r * span;
        } else if (i === last) {
          this.arrivalSeconds = Infinity;
          return;
        }
      } else {
        const area = r * span + 0.5 * b * span * span;
        if (e <= area) {
          const disc = r * r + 2 * b * e;
          this.arrivalSeconds = t + (2 * e) / (r + Math.sqrt(disc > 0 ? disc : 0));
          return;
        }
        e -= area;
      }
      i++;
      t = end;
      this.setCursor(i);
    }
  }

  private setCursor(i: number): void {
    this.cursor = i;
    this.pieceStart = this.starts[i]!;
    this.pieceEnd = i + 1 < this.starts.length ? this.starts[i + 1]! : Infinity;
    this.pieceFlatRate = this.slopes[i] === 0 ? this.rates[i]! : -1;
  }

  private locate(t: number): number {
    const starts = this.starts;
    let i = this.cursor;
    if (t < starts[i]!) i = 0; // time went back (a new replication): restart the scan
    const last = starts.length - 1;
    while (i < last && t >= starts[i + 1]!) i++;
    if (i !== this.cursor) this.setCursor(i);
    return i;
  }

  private cumulative(t: number): number {
    let sum = 0;
    for (let i = 0; i < this.starts.length; i++) {
      const s = this.starts[i]!;
      if (t <= s) break;
      const end = i + 1 < this.starts.length ? Math.min(t, this.starts[i + 1]!) : t;
      const d = end - s;
      sum += this.rates[i]! * d + 0.5 * this.slopes[i]! * d * d;
    }
    return sum;
  }
}
