/**
 * Time average of a piecewise-constant signal (queue length, busy servers,
 * connections in use…), the standard "time-persistent statistic" of discrete-
 * event simulation:
 *
 *     mean(t) = (1 / (t − t0)) · ∫_{t0}^{t} v(s) ds
 *
 * Times are simulated **seconds**; values are in the signal's own unit. The
 * integral is in value·seconds. All methods are O(1) and allocation-free.
 */
export class TimeWeightedStat {
  /** Start of the accumulation window (s). */
  private t0: number;
  /** Time of the last update (s). */
  private tLast: number;
  /** Current value of the signal, held since tLast. */
  private v: number;
  /** Neumaier-compensated integral of v over [t0, tLast]: areaHi + areaLo. */
  private areaHi = 0;
  private areaLo = 0;
  private hi: number;
  private lo: number;

  /**
   * @param startSeconds  start of the accumulation window (s).
   * @param initialValue  value of the signal from `startSeconds` on.
   */
  constructor(startSeconds = 0, initialValue = 0) {
    if (!(startSeconds - startSeconds === 0)) throw new RangeError(`TimeWeightedStat: bad start time ${startSeconds}`);
    if (!(initialValue - initialValue === 0)) throw new RangeError(`TimeWeightedStat: bad value ${initialValue}`);
    this.t0 = startSeconds;
    this.tLast = startSeconds;
    this.v = initialValue;
    this.hi = initialValue;
    this.lo = initialValue;
  }

  /**
   * The signal changes to `newValue` at `nowSeconds`: accumulates the previous
   * value over [last update, now]. Time must not go backwards (RangeError).
   */
  update(nowSeconds: number, newValue: number): void {
    if (!(newValue - newValue === 0)) throw new RangeError(`TimeWeightedStat.update: bad value ${newValue}`);
    this.advance(nowSeconds);
    this.v = newValue;
    if (newValue > this.hi) this.hi = newValue;
    if (newValue < this.lo) this.lo = newValue;
  }

  /**
   * Restart accumulation at `nowSeconds` (e.g. end of warm-up): the integral
   * and extrema are discarded, the current value is kept and becomes the
   * initial value of the new window.
   */
  reset(nowSeconds: number): void {
    if (!(nowSeconds >= this.tLast && nowSeconds < Infinity)) throw this.timeError('reset', nowSeconds);
    this.t0 = nowSeconds;
    this.tLast = nowSeconds;
    this.areaHi = 0;
    this.areaLo = 0;
    this.hi = this.v;
    this.lo = this.v;
  }

  /**
   * Time-average of the signal over [window start, nowSeconds], including the
   * current value held since the last update. For an empty window
   * (now = start) returns the current value.
   */
  mean(nowSeconds: number): number {
    const dt = nowSeconds - this.tLast;
    if (!(dt >= 0 && dt < Infinity)) throw this.timeError('mean', nowSeconds);
    const span = nowSeconds - this.t0;
    if (span === 0) return this.v;
    return (this.areaHi + (this.areaLo + this.v * dt)) / span;
  }

  /** ∫ v(s) ds over [window start, nowSeconds], in value·seconds. */
  integral(nowSeconds: number): number {
    const dt = nowSeconds - this.tLast;
    if (!(dt >= 0 && dt < Infinity)) throw this.timeError('integral', nowSeconds);
    return this.areaHi + (this.areaLo + this.v * dt);
  }

  /** Current value of the signal. */
  get value(): number {
    return this.v;
  }

  /**
   * Largest value taken in the current window (including the current value and
   * values held for zero time).
   */
  get max(): number {
    return this.hi;
  }

  /** Smallest value taken in the current window (including the current value). */
  get min(): number {
    return this.lo;
  }

  /** Start of the current accumulation window (s). */
  get startTime(): number {
    return this.t0;
  }

  /** Time of the last update (s). */
  get lastUpdateTime(): number {
    return this.tLast;
  }

  private timeError(method: string, nowSeconds: number): RangeError {
    return new RangeError(
      `TimeWeightedStat.${method}: time ${nowSeconds} s is not finite or before the last update (${this.tLast} s)`,
    );
  }

  /** Accumulate the current value up to `nowSeconds` (compensated). */
  private advance(nowSeconds: number): void {
    const dt = nowSeconds - this.tLast;
    if (!(dt >= 0 && dt < Infinity)) throw this.timeError('update', nowSeconds);
    const x = this.v * dt;
    const s = this.areaHi;
    const t = s + x;
    this.areaLo += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.areaHi = t;
    this.tLast = nowSeconds;
  }
}
