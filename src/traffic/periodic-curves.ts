/**
 * Daily and weekly traffic patterns, compiled to {@link RateProfile}
 * breakpoints `[time s, rate req/s]` over a finite horizon.
 *
 * Model. Simulated time t [s] runs from 0 (the start of the run) and maps to
 * a wall clock: t = 0 is `startHour` o'clock on weekday `startWeekday`. The
 * rate at t is
 *
 *     λ(t) = scale · shape(time of day) · weekly(weekday) + Σ nightly extras
 *
 * - `shape` is piecewise linear over the day with breakpoints at given hours
 *   (every hour mark for 24 hourly multipliers, or arbitrary anchor hours),
 *   interpolated linearly and wrapping around midnight (23:00 → 00:00 joins
 *   the last anchor to the first), so it is continuous over the day.
 * - `weekly` is piecewise *constant*: one multiplier per calendar day,
 *   switching at midnight (a step). The product of a linear piece and a
 *   constant is linear, so the compiled curve is exact, not an approximation.
 * - Nightly windows add a constant extra rate [req/s] over [startHour,
 *   endHour) every day (the window may straddle midnight, e.g. 22 → 4). The
 *   extra is additive and *not* scaled by the weekly multiplier: it models a
 *   fixed batch population (e.g. 7,000 shops downloading their playlists
 *   each night), not the audience.
 *
 * Size. Breakpoints appear only where the curve bends or steps: the shape's
 * anchors, midnight, and the window edges (a step is two points at the same
 * time). With hourly multipliers and one window that is at most 24 anchors +
 * 1 for the midnight step + 4 for the window edges = 29 points a day: a 31-day
 * horizon is under 1,000 points, built once per scenario.
 *
 * Products with other profiles: see {@link multiplyPoints} (exact when one
 * factor is piecewise constant, otherwise resampled with a stated error
 * bound) and {@link addPoints} (always exact).
 */

const DAY = 86_400;
const HOUR = 3_600;

/** A daily window during which an extra, constant rate is added. */
export interface NightlyWindow {
  /** Start of the window, hour of day in [0, 24) (fractions allowed: 22.5 = 22:30). */
  startHour: number;
  /** End of the window (exclusive), hour of day in [0, 24); below `startHour` means it ends the next day. */
  endHour: number;
  /** Extra rate during the window [req/s], ≥ 0 (e.g. 7,000 downloads over 4 h = 7000 / 14400 ≈ 0.486/s). */
  extraRate: number;
}

export interface DailyCurveOptions {
  /** Length of the compiled curve [s] (> 0); the profile holds its last rate afterwards, so cover the whole run. */
  horizonSeconds: number;
  /** Rate [req/s] when shape and weekly multipliers are 1. Give exactly one of `baseRate` and `peakRate`. */
  baseRate?: number;
  /**
   * Rate [req/s] at the busiest point of the week: `scale` is chosen so that
   * max(shape) · max(weekly) · scale = peakRate. Nightly extras come on top
   * (they are not part of the peak). Independent of the horizon.
   */
  peakRate?: number;
  /**
   * 24 multipliers (≥ 0): `hourly[h]` is the multiplier at h:00, linear in
   * between, 23:00 → 24:00 interpolating towards `hourly[0]`.
   */
  hourly?: readonly number[];
  /**
   * Alternative to `hourly`: (hour of day in [0, 24), multiplier ≥ 0) pairs with
   * strictly increasing hours, linear in between and wrapping midnight. One
   * anchor means a flat day. Neither `hourly` nor `anchors`: a flat shape of 1.
   */
  anchors?: ReadonlyArray<readonly [number, number]>;
  /** Time of day at t = 0, in hours [0, 24) (20 = the run starts at 20:00). Default 0. */
  startHour?: number;
  /** 7 per-day multipliers (≥ 0), Monday first, applied from midnight to midnight. Default all 1. */
  weekly?: readonly number[];
  /** Weekday at t = 0: 0 = Monday … 6 = Sunday. Default 0. */
  startWeekday?: number;
  /** Extra additive rate over a window each day (one or several windows). */
  nightly?: NightlyWindow | readonly NightlyWindow[];
}

/**
 * Compile a daily (and optionally weekly) curve to rate-profile breakpoints
 * over [0, horizonSeconds]; feed the result to `new RateProfile(points)`.
 * @throws RangeError on invalid options (message names the option).
 */
export function dailyCurvePoints(opts: DailyCurveOptions): Array<[number, number]> {
  const horizon = opts.horizonSeconds;
  if (!(horizon > 0) || !Number.isFinite(horizon)) throw new RangeError(`horizonSeconds must be a finite number > 0, got ${horizon}`);
  const shape = dailyShape(opts);
  const week = weeklyMultipliers(opts);
  const scale = curveScale(opts, shape.values, week.multipliers);
  const nightly = nightlyWindows(opts);

  // --- clock: c = seconds since midnight of the start day.
  const startHour = opts.startHour ?? 0;
  requireHour('startHour', startHour);
  const c0 = startHour * HOUR;
  const c1 = c0 + horizon;
  const rateAt = (c: number, left: boolean): number => {
    let day = Math.floor(c / DAY);
    let tod = c - day * DAY;
    if (left && tod === 0) {
      day -= 1;
      tod = DAY;
    }
    return scale * shape.at(tod) * week.multipliers[week.weekdayOf(day)]! + nightly.extraAt(tod, left);
  };

  // --- breakpoints: shape anchors, midnights, window edges, strictly inside (c0, c1).
  const cuts: number[] = [];
  const firstDay = Math.floor(c0 / DAY);
  const lastDay = Math.floor(c1 / DAY);
  for (let d = firstDay; d <= lastDay; d++) {
    const base = d * DAY;
    for (let i = 0; i < shape.times.length - 1; i++) pushInside(cuts, base + shape.times[i]!, c0, c1);
    for (let i = 0; i < nightly.startSeconds.length; i++) {
      pushInside(cuts, base + nightly.startSeconds[i]!, c0, c1);
      pushInside(cuts, base + nightly.endSeconds[i]!, c0, c1);
    }
  }
  cuts.sort((a, b) => a - b);

  const points: Array<[number, number]> = [[0, rateAt(c0, false)]];
  let prev = NaN;
  for (const c of cuts) {
    if (c === prev) continue;
    prev = c;
    const t = c - c0;
    const l = rateAt(c, true);
    const r = rateAt(c, false);
    points.push([t, l]);
    if (r !== l) points.push([t, r]);
  }
  points.push([horizon, rateAt(c1, true)]);
  return points;
}

/** The daily shape as a template over one day: times [s] in [0, DAY], values, and its linear interpolation. */
function dailyShape(opts: DailyCurveOptions): { times: number[]; values: number[]; at: (timeOfDaySeconds: number) => number } {
  const anchors = shapeAnchors(opts);
  const times: number[] = [];
  const values: number[] = [];
  const first = anchors[0]!;
  const last = anchors[anchors.length - 1]!;
  if (first[0] > 0) {
    // Value at midnight, on the wrap-around segment last anchor → first anchor + 24 h.
    const span = first[0] + DAY - last[0];
    const v = last[1] + ((first[1] - last[1]) * (DAY - last[0])) / span;
    times.push(0);
    values.push(v);
  }
  for (const [s, v] of anchors) {
    times.push(s);
    values.push(v);
  }
  times.push(DAY);
  values.push(values[0]!);
  const at = (tod: number): number => {
    // Few anchors (≤ 25 for hourly): a linear scan is as fast as a bisection.
    let i = 0;
    while (i < times.length - 2 && tod >= times[i + 1]!) i++;
    const t0 = times[i]!;
    const t1 = times[i + 1]!;
    return values[i]! + ((values[i + 1]! - values[i]!) * (tod - t0)) / (t1 - t0);
  };
  return { times, values, at };
}

/** One multiplier per weekday (Monday first), and the weekday of day `d` of the run. */
function weeklyMultipliers(opts: DailyCurveOptions): { multipliers: readonly number[]; weekdayOf: (day: number) => number } {
  const multipliers = opts.weekly ?? [1, 1, 1, 1, 1, 1, 1];
  if (multipliers.length !== 7) throw new RangeError(`weekly needs 7 multipliers (Monday first), got ${multipliers.length}`);
  multipliers.forEach((m, i) => requireMultiplier(`weekly[${i}]`, m));
  const startWeekday = opts.startWeekday ?? 0;
  if (!Number.isInteger(startWeekday) || startWeekday < 0 || startWeekday > 6) {
    throw new RangeError(`startWeekday must be an integer 0 (Monday) … 6 (Sunday), got ${startWeekday}`);
  }
  return { multipliers, weekdayOf: (day: number): number => (((startWeekday + day) % 7) + 7) % 7 };
}

/** The rate of shape value 1 on a weekday of multiplier 1 [req/s]: baseRate, or what makes the top of the curve peakRate. */
function curveScale(opts: DailyCurveOptions, shapeValues: readonly number[], weekly: readonly number[]): number {
  if ((opts.baseRate === undefined) === (opts.peakRate === undefined)) {
    throw new RangeError('give exactly one of baseRate and peakRate');
  }
  if (opts.baseRate !== undefined) {
    requireRate('baseRate', opts.baseRate);
    return opts.baseRate;
  }
  requireRate('peakRate', opts.peakRate!);
  const top = Math.max(...shapeValues) * Math.max(...weekly);
  if (!(top > 0)) throw new RangeError('peakRate needs a shape and weekly multipliers that are not all zero');
  return opts.peakRate! / top;
}

/** Nightly windows in seconds of the day, and the extra rate they add at a time of day. */
function nightlyWindows(opts: DailyCurveOptions): { startSeconds: number[]; endSeconds: number[]; extraAt: (tod: number, left: boolean) => number } {
  const windows = opts.nightly === undefined ? [] : isWindowList(opts.nightly) ? opts.nightly : [opts.nightly];
  const wStart: number[] = [];
  const wEnd: number[] = [];
  const wRate: number[] = [];
  windows.forEach((w, i) => {
    const where = `nightly[${i}]`;
    requireHour(`${where}.startHour`, w.startHour);
    requireHour(`${where}.endHour`, w.endHour);
    if (w.startHour === w.endHour) throw new RangeError(`${where}: startHour and endHour are equal (${w.startHour}); a window needs a length`);
    requireRate(`${where}.extraRate`, w.extraRate);
    wStart.push(w.startHour * HOUR);
    wEnd.push(w.endHour * HOUR);
    wRate.push(w.extraRate);
  });
  /** Extra rate just after (`left` false) or just before (`left` true) time of day `tod`. */
  const extraAt = (tod: number, left: boolean): number => {
    let sum = 0;
    for (let i = 0; i < wRate.length; i++) {
      const a = wStart[i]!;
      const b = wEnd[i]!;
      // Right side: tod ∈ [a, b); left side: tod ∈ (a, b] (tod = DAY means midnight seen from before).
      const inside = a < b ? (left ? tod > a && tod <= b : tod >= a && tod < b) : left ? tod > a || tod <= b : tod >= a || tod < b;
      if (inside) sum += wRate[i]!;
    }
    return sum;
  };
  return { startSeconds: wStart, endSeconds: wEnd, extraAt };
}

function isWindowList(w: NightlyWindow | readonly NightlyWindow[]): w is readonly NightlyWindow[] {
  return Array.isArray(w);
}

function pushInside(out: number[], c: number, lo: number, hi: number): void {
  if (c > lo && c < hi) out.push(c);
}

/** The daily shape as sorted (second of day, multiplier) anchors. */
function shapeAnchors(opts: DailyCurveOptions): Array<[number, number]> {
  if (opts.hourly !== undefined && opts.anchors !== undefined) throw new RangeError('give hourly multipliers or anchors, not both');
  if (opts.hourly !== undefined) {
    if (opts.hourly.length !== 24) throw new RangeError(`hourly needs 24 multipliers (00:00 … 23:00), got ${opts.hourly.length}`);
    return opts.hourly.map((m, h) => {
      requireMultiplier(`hourly[${h}]`, m);
      return [h * HOUR, m];
    });
  }
  if (opts.anchors !== undefined) {
    if (opts.anchors.length === 0) throw new RangeError('anchors needs at least one (hour, multiplier) pair');
    return opts.anchors.map(([h, m], i) => {
      requireHour(`anchors[${i}] hour`, h);
      requireMultiplier(`anchors[${i}] multiplier`, m);
      if (i > 0 && !(h > opts.anchors![i - 1]![0])) throw new RangeError(`anchors hours must increase strictly: anchors[${i}] at ${h} h follows ${opts.anchors![i - 1]![0]} h`);
      return [h * HOUR, m];
    });
  }
  return [[0, 1]];
}

function requireMultiplier(what: string, m: number): void {
  if (!(m >= 0) || !Number.isFinite(m)) throw new RangeError(`${what} must be a finite multiplier ≥ 0, got ${m}`);
}

function requireRate(what: string, r: number): void {
  if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`${what} must be a finite rate ≥ 0 [req/s], got ${r}`);
}

function requireHour(what: string, h: number): void {
  if (!(h >= 0 && h < 24)) throw new RangeError(`${what} must be an hour of day in [0, 24), got ${h}`);
}

// ---------------------------------------------------------------------------
// Combining profiles
// ---------------------------------------------------------------------------

/**
 * A breakpoint list normalised to distinct times with the limits from the
 * left and from the right: linear from `right[i]` at `times[i]` to `left[i+1]`
 * at `times[i+1]`, constant `right[last]` afterwards (RateProfile semantics:
 * among points sharing a time, the first gives the left limit, the last the
 * value from then on).
 */
interface Knots {
  times: number[];
  left: number[];
  right: number[];
}

function toKnots(what: string, points: ReadonlyArray<readonly [number, number]>): Knots {
  if (points.length === 0) throw new RangeError(`${what}: needs at least one point`);
  if (points[0]![0] !== 0) throw new RangeError(`${what}: the first point must be at time 0`);
  const k: Knots = { times: [], left: [], right: [] };
  for (let i = 0; i < points.length; i++) {
    const [t, v] = points[i]!;
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${what}: value at t=${t}s must be finite and ≥ 0, got ${v}`);
    if (!Number.isFinite(t)) throw new RangeError(`${what}: time must be finite, got ${t}`);
    const n = k.times.length;
    if (n > 0 && t === k.times[n - 1]) {
      k.right[n - 1] = v;
      continue;
    }
    if (n > 0 && !(t > k.times[n - 1]!)) throw new RangeError(`${what}: times must not decrease (${t} after ${k.times[n - 1]})`);
    k.times.push(t);
    k.left.push(v);
    k.right.push(v);
  }
  return k;
}

/** Sweeps a Knots function forward in time (cursor, O(1) amortised). */
class KnotCursor {
  private i = 0;
  constructor(private readonly k: Knots) {}
  /** Limit from the left (`left`) or value from the right at time t; t must not decrease between calls. */
  at(t: number, left: boolean): number {
    const { times, right } = this.k;
    const last = times.length - 1;
    while (this.i < last && times[this.i + 1]! < t) this.i++;
    if (this.i < last && times[this.i + 1] === t) return left ? this.k.left[this.i + 1]! : right[this.i + 1]!;
    const i = this.i;
    if (times[i] === t) return left && i > 0 ? this.k.left[i]! : right[i]!;
    if (i === last) return right[i]!;
    const t0 = times[i]!;
    const t1 = times[i + 1]!;
    return right[i]! + ((this.k.left[i + 1]! - right[i]!) * (t - t0)) / (t1 - t0);
  }
}

/** Largest value (a loop: spreading a long list into Math.max would overflow the stack). */
function maxOf(k: Knots): number {
  let m = 0;
  for (let i = 0; i < k.times.length; i++) m = Math.max(m, k.left[i]!, k.right[i]!);
  return m;
}

function unionTimes(a: Knots, b: Knots): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.times.length || j < b.times.length) {
    const ta = i < a.times.length ? a.times[i]! : Infinity;
    const tb = j < b.times.length ? b.times[j]! : Infinity;
    const t = Math.min(ta, tb);
    out.push(t);
    if (ta === t) i++;
    if (tb === t) j++;
  }
  return out;
}

export interface MultiplyOptions {
  /**
   * Largest allowed difference [req/s] between the compiled profile and the
   * exact product at any instant. Default: 1e-3 · max(a) · max(b), i.e. 0.1%
   * of the product's upper bound.
   */
  maxRateError?: number;
  /** Refuse to produce more breakpoints than this (default 2,000,000). */
  maxPoints?: number;
}

/**
 * Pointwise product of two breakpoint lists (e.g. a phase profile [req/s]
 * times a daily curve of multipliers, or two rate-shaped curves where one is
 * a dimensionless factor), as breakpoints for a RateProfile.
 *
 * Exactness. Between consecutive breakpoints of either input both are
 * linear, with slopes sa and sb, so their product is a *quadratic*, which a
 * piecewise linear RateProfile cannot represent. We therefore resample: each
 * such interval of length H is cut into n = ⌈H·√(|sa·sb| / (4·ε))⌉ equal
 * sub-intervals and the product is sampled exactly at their ends. On a
 * sub-interval of length h the chord differs from the quadratic (second
 * derivative 2·sa·sb) by at most |sa·sb|·h²/4 ≤ ε = `maxRateError`, so
 *   - the rate is within ε [req/s] of the exact product at every instant;
 *   - expected arrivals over [0, T] are within (2/3)·ε·T of exact (the
 *     chord-to-parabola area on a sub-interval is |sa·sb|·h³/6); the chord
 *     overestimates where sa·sb > 0 and underestimates where sa·sb < 0.
 * Where either factor is constant (sa·sb = 0), in particular for
 * piecewise-*constant* factors such as weekly or hourly-step multipliers,
 * n = 1 and the result is exact. Steps in either input are kept as steps.
 * @throws RangeError on invalid points or if more than `maxPoints` would be produced.
 */
export function multiplyPoints(
  points: ReadonlyArray<readonly [number, number]>,
  factorPoints: ReadonlyArray<readonly [number, number]>,
  options: MultiplyOptions = {},
): Array<[number, number]> {
  const a = toKnots('multiplyPoints (points)', points);
  const b = toKnots('multiplyPoints (factorPoints)', factorPoints);
  const maxA = maxOf(a);
  const maxB = maxOf(b);
  const eps = options.maxRateError ?? 1e-3 * maxA * maxB;
  const maxPoints = options.maxPoints ?? 2_000_000;
  if (!(eps >= 0)) throw new RangeError(`maxRateError must be ≥ 0 [req/s], got ${eps}`);
  return combine(a, b, (x, y) => x * y, eps, maxPoints);
}

/**
 * Pointwise sum of two breakpoint lists [req/s] (e.g. a phase profile plus
 * a nightly batch window). The sum of piecewise linear functions is piecewise
 * linear on the union of breakpoints: the result is exact.
 */
export function addPoints(points: ReadonlyArray<readonly [number, number]>, otherPoints: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  return combine(toKnots('addPoints (points)', points), toKnots('addPoints (otherPoints)', otherPoints), (x, y) => x + y, 0, Infinity);
}

/** Shared sweep; `eps` > 0 only for products (sums need no subdivision). */
function combine(a: Knots, b: Knots, op: (x: number, y: number) => number, eps: number, maxPoints: number): Array<[number, number]> {
  const times = unionTimes(a, b);
  const ca = new KnotCursor(a);
  const cb = new KnotCursor(b);
  const out: Array<[number, number]> = [];
  let prevT = 0;
  let prevA = 0;
  let prevB = 0;
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    const aL = ca.at(t, true);
    const bL = cb.at(t, true);
    if (k > 0 && eps > 0) {
      const h = t - prevT;
      const sa = (aL - prevA) / h;
      const sb = (bL - prevB) / h;
      const curv = Math.abs(sa * sb);
      const n = curv === 0 ? 1 : Math.ceil(h * Math.sqrt(curv / (4 * eps)));
      if (out.length + n > maxPoints) {
        throw new RangeError(`multiplyPoints: more than ${maxPoints} breakpoints needed for maxRateError ${eps} req/s; allow a larger error`);
      }
      for (let j = 1; j < n; j++) {
        const x = (j / n) * h;
        out.push([prevT + x, op(prevA + sa * x, prevB + sb * x)]);
      }
    }
    const aR = ca.at(t, false);
    const bR = cb.at(t, false);
    const l = op(aL, bL);
    const r = op(aR, bR);
    if (k > 0) out.push([t, l]);
    if (k === 0 || r !== l) out.push([t, r]);
    prevT = t;
    prevA = aR;
    prevB = bR;
  }
  return out;
}
