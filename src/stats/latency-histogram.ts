/**
 * Streaming, mergeable latency histogram with bounded relative error.
 *
 * Values are latencies in **milliseconds** (any non-negative finite number is
 * accepted). Memory is a fixed `Float64Array` of {@link BUCKET_COUNT} counters
 * (~51 KB), independent of the number of records.
 *
 * Bucket layout ("log-linear", the HdrHistogram sub-bucket idea applied to
 * IEEE-754 doubles): every power-of-two octave [2^e, 2^(e+1)) is split into
 * 2^SUB_BITS = 128 equal-width sub-buckets, so a bucket is [L, L·(1 + 1/128))
 * at worst. Quantiles report the bucket midpoint, hence the relative error of
 * any reported quantile is at most 1/256 ≈ 0.39 % for values inside the
 * trackable range [2^-20 ms ≈ 0.95 ns, 2^30 ms ≈ 12.4 days).
 *
 * Special buckets:
 *  - index 0: exact zeros (reported as 0);
 *  - index 1: underflow, (0, 2^-20) ms;
 *  - last index: overflow, [2^30 ms, +∞).
 * `min`, `max`, `count` and `sum` are always exact, and every quantile is
 * clamped to [min, max] (so q = 0 → min and q = 1 → max exactly).
 *
 * Everything that determines a quantile (integer bucket counts, min, max) is
 * merged exactly, so merging partial histograms (e.g. from worker threads, via
 * {@link LatencyHistogram.toJSON}/{@link LatencyHistogram.fromJSON}) yields
 * exactly the same quantiles as recording every value into one histogram, in
 * any merge order.
 */
import { WINDOW_BUCKET_COUNT, type WindowHistogram } from './window-histogram.js';

/** Mantissa bits kept per octave: 2^7 = 128 sub-buckets → bucket width ≤ 1/128 relative. */
export const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS;
/** The high 32-bit word of a double holds sign(1) | exponent(11) | top 20 mantissa bits. */
const SHIFT = 20 - SUB_BITS;

/** log2 of the lowest value (ms) with a log-linear bucket; smaller positive values underflow. */
const MIN_EXP = -20;
/** log2 of the first value (ms) that overflows into the top bucket. */
const MAX_EXP = 30;

/** Lowest value (ms) resolved with bounded relative error: 2^-20 ms ≈ 9.54e-7 ms. */
export const LOWEST_TRACKABLE_MS = 2 ** MIN_EXP;
/** Values (ms) at or above this go to the overflow bucket: 2^30 ms ≈ 1.07e9 ms. */
export const HIGHEST_TRACKABLE_MS = 2 ** MAX_EXP;
// Module-private copies for `record`. Why: V8 reads an exported binding
// through a cell with a check that it is initialised, on every call; a
// private constant is folded into the code. Measured (with the split in
// `record`): 4.6 → 3.6 ns per record.
const LOWEST = 2 ** MIN_EXP;
const HIGHEST = 2 ** MAX_EXP;

/** Upper bound on the relative error of a reported quantile inside the trackable range. */
export const MAX_RELATIVE_ERROR = 1 / (2 * SUB_COUNT);

const ZERO_BUCKET = 0;
const UNDERFLOW_BUCKET = 1;
const FIRST_LINEAR_BUCKET = 2;
const OVERFLOW_BUCKET = FIRST_LINEAR_BUCKET + (MAX_EXP - MIN_EXP) * SUB_COUNT;
/** Number of counters in every histogram. */
export const BUCKET_COUNT = OVERFLOW_BUCKET + 1;

/** Raw index (biased exponent · 128 + top 7 mantissa bits) of LOWEST_TRACKABLE_MS, minus the bucket offset. */
const INDEX_BIAS = ((1023 + MIN_EXP) << SUB_BITS) - FIRST_LINEAR_BUCKET;

// Shared scratch memory for the bit trick: one double aliased by two 32-bit words.
// Module-level so that record() never allocates.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/**
 * Which 32-bit word holds the sign/exponent/high mantissa: 1 on little-endian
 * hosts, 0 on big-endian ones, -1 if the layout is something exotic (then the
 * portable Math.log2 mapping, which yields identical indices, is used).
 */
const HI_WORD: number = (() => {
  F64[0] = 1.0; // 0x3FF00000_00000000
  if (U32[1] === 0x3ff00000 && U32[0] === 0) return 1;
  if (U32[0] === 0x3ff00000 && U32[1] === 0) return 0;
  return -1;
})();

/**
 * Bucket index of a value in [LOWEST_TRACKABLE_MS, HIGHEST_TRACKABLE_MS) using
 * only arithmetic (no bit aliasing). Gives exactly the same index as the bit
 * trick: every step is exact in binary floating point (power-of-two scaling,
 * Sterbenz subtraction, multiplication by 128).
 */
function portableLinearIndex(valueMs: number): number {
  let e = Math.floor(Math.log2(valueMs));
  let p = 2 ** e;
  // Math.log2 may be off by one ulp around exact powers of two: fix the octave.
  if (p > valueMs) {
    e -= 1;
    p /= 2;
  } else if (p * 2 <= valueMs) {
    e += 1;
    p *= 2;
  }
  const sub = Math.floor((valueMs / p - 1) * SUB_COUNT);
  return FIRST_LINEAR_BUCKET + (e - MIN_EXP) * SUB_COUNT + sub;
}

function checkValue(valueMs: number): void {
  if (!(valueMs >= 0 && valueMs <= Number.MAX_VALUE)) {
    throw new RangeError(`LatencyHistogram: value must be a finite number >= 0 ms, got ${valueMs}`);
  }
}

/**
 * Bucket index of a latency (ms) in the shared layout. Throws on negative,
 * NaN or infinite values. Exposed for tests and tooling; {@link LatencyHistogram.record}
 * inlines the same computation.
 */
export function latencyBucketIndex(valueMs: number): number {
  if (valueMs >= LOWEST_TRACKABLE_MS && valueMs < HIGHEST_TRACKABLE_MS) {
    if (HI_WORD < 0) return portableLinearIndex(valueMs);
    F64[0] = valueMs;
    return (U32[HI_WORD] >>> SHIFT) - INDEX_BIAS;
  }
  checkValue(valueMs);
  return valueMs === 0 ? ZERO_BUCKET : valueMs < LOWEST_TRACKABLE_MS ? UNDERFLOW_BUCKET : OVERFLOW_BUCKET;
}

/** Same as {@link latencyBucketIndex} but never uses the bit trick (reference implementation). */
export function latencyBucketIndexPortable(valueMs: number): number {
  if (valueMs >= LOWEST_TRACKABLE_MS && valueMs < HIGHEST_TRACKABLE_MS) return portableLinearIndex(valueMs);
  checkValue(valueMs);
  return valueMs === 0 ? ZERO_BUCKET : valueMs < LOWEST_TRACKABLE_MS ? UNDERFLOW_BUCKET : OVERFLOW_BUCKET;
}

/**
 * Representative value (ms) of a bucket: its midpoint for log-linear buckets,
 * 0 for the zero bucket, LOWEST/2 for underflow and +∞ for overflow (callers
 * clamp to the exact [min, max]).
 */
export function latencyBucketMidpoint(index: number): number {
  if (index >= FIRST_LINEAR_BUCKET && index < OVERFLOW_BUCKET) {
    const j = index - FIRST_LINEAR_BUCKET;
    const e = MIN_EXP + (j >> SUB_BITS);
    const sub = j & (SUB_COUNT - 1);
    // 2^e · (1 + (sub + 0.5)/128): exact in binary floating point.
    return 2 ** e * ((SUB_COUNT + sub + 0.5) / SUB_COUNT);
  }
  if (index === ZERO_BUCKET) return 0;
  if (index === UNDERFLOW_BUCKET) return LOWEST_TRACKABLE_MS / 2;
  if (index === OVERFLOW_BUCKET) return Infinity;
  throw new RangeError(`latencyBucketMidpoint: bad bucket index ${index}`);
}

/** Compact, JSON-safe summary; crosses worker threads and merges deterministically. */
export interface LatencyHistogramJSON {
  /** Layout identifiers; fromJSON rejects summaries with another layout. */
  subBits: number;
  minExp: number;
  maxExp: number;
  count: number;
  /** Exact minimum (ms), null when empty. */
  min: number | null;
  /** Exact maximum (ms), null when empty. */
  max: number | null;
  /** Sum of all recorded values (ms). */
  sum: number;
  /** Non-zero buckets as [bucketIndex, count] pairs in increasing index order. */
  buckets: Array<[number, number]>;
}

/** Slack for the nearest rank: absorbs q·n landing one ulp above an integer (0.07·100 = 7.000000000000001). */
const RANK_SLACK = 1 - 2 ** -40;

/** The WindowHistogram's overflow bucket; its linear buckets are each the union of FINE_PER_COARSE fine ones (see WindowHistogram). */
const COARSE_OVERFLOW = WINDOW_BUCKET_COUNT - 1;
const FINE_PER_COARSE = (OVERFLOW_BUCKET - FIRST_LINEAR_BUCKET) / (COARSE_OVERFLOW - FIRST_LINEAR_BUCKET);

/** The WindowHistogram bucket holding fine bucket `i` (zero, underflow and overflow map to theirs). */
function coarseOf(i: number): number {
  return i < FIRST_LINEAR_BUCKET ? i : i === OVERFLOW_BUCKET ? COARSE_OVERFLOW : Math.floor((i - FIRST_LINEAR_BUCKET) / FINE_PER_COARSE) + FIRST_LINEAR_BUCKET;
}

/**
 * For window buckets [from, to]: add to `into` the increase of the fine
 * counts `counts` (the four of each window bucket summed) over `drained`,
 * and bring `drained` up to date. A loop of its own, over window buckets
 * (a quarter of the fine ones), so that V8 optimises it though it runs only
 * at window boundaries.
 */
function drainCoarse(counts: Float64Array, drained: Float64Array, into: Float64Array, from: number, to: number): void {
  for (let c = from; c <= to; c++) {
    let total: number;
    if (c >= FIRST_LINEAR_BUCKET && c < COARSE_OVERFLOW) {
      const f = FIRST_LINEAR_BUCKET + (c - FIRST_LINEAR_BUCKET) * FINE_PER_COARSE;
      total = counts[f]! + counts[f + 1]! + counts[f + 2]! + counts[f + 3]!;
    } else {
      total = counts[c === COARSE_OVERFLOW ? OVERFLOW_BUCKET : c]!;
    }
    const d = total - drained[c]!;
    if (d !== 0) {
      into[c]! += d;
      drained[c] = total;
    }
  }
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private n = 0;
  /** Neumaier-compensated sum: sumHi + sumLo. */
  private sumHi = 0;
  private sumLo = 0;
  /**
   * Smallest and largest value recorded since the last `drainWindow` (since
   * the start if never drained); the exact min and max of the whole are
   * these folded with `closedLo`/`closedHi`, those of the windows drained.
   */
  private lo = Infinity;
  private hi = -Infinity;
  private closedLo = Infinity;
  private closedHi = -Infinity;
  /** Counts as of the last `drainWindow`, summed by window bucket (allocated by the first). */
  private drained: Float64Array | undefined = undefined;
  private drainedN = 0;
  /**
   * The value [ms] `recordPending` records. The hot path's door: a double
   * handed over in a field is never boxed, whereas one passed to a call that
   * V8 does not inline becomes a fresh 16-byte heap number (see
   * EventQueue.nextTime). A non-integer so V8 stores it unboxed.
   */
  pendingMs = 0.5;

  /**
   * Record one latency in milliseconds (finite, >= 0; throws RangeError
   * otherwise). Allocation-free, O(1).
   */
  record(valueMs: number): void {
    this.pendingMs = valueMs;
    this.recordPending();
  }

  /** `record(pendingMs)`. */
  recordPending(): void {
    const valueMs = this.pendingMs;
    // Why the split: `record` runs twice per simulated request (tier and
    // end-to-end latency) and the optimiser inlines a function into its
    // caller only while the caller's budget of inlined bytecode lasts. The
    // common case (a trackable value on a little- or big-endian host) stays
    // here; zeros, out-of-range values, bad input and exotic hosts go to
    // the reference function (bytecode 270 → 219 bytes).
    let idx: number;
    if (valueMs >= LOWEST && valueMs < HIGHEST && HI_WORD >= 0) {
      // Why the bit trick: for a positive normal double, the high 32-bit word is
      // [0 | 11-bit biased exponent | top 20 mantissa bits]. Shifting right by
      // 20 - 7 keeps exponent·128 + top 7 mantissa bits, i.e. the octave and the
      // 1/128-wide linear sub-bucket within it: a log-linear bucket index with
      // no Math.log, no division and no allocation (the Float64Array/Uint32Array
      // pair is a shared module-level scratch). Monotone in the value.
      F64[0] = valueMs;
      idx = (U32[HI_WORD] >>> SHIFT) - INDEX_BIAS;
    } else {
      idx = latencyBucketIndexPortable(valueMs);
    }
    this.counts[idx]++;
    this.n++;
    // Neumaier summation (both operands >= 0).
    const s = this.sumHi;
    const t = s + valueMs;
    this.sumLo += s >= valueMs ? s - t + valueMs : valueMs - t + s;
    this.sumHi = t;
    if (valueMs < this.lo) this.lo = valueMs;
    if (valueMs > this.hi) this.hi = valueMs;
  }

  /** Record the same latency (ms) `n` times; `n` must be a non-negative integer. */
  recordN(valueMs: number, n: number): void {
    const idx = latencyBucketIndex(valueMs);
    if (!(Number.isInteger(n) && n >= 0)) {
      throw new RangeError(`LatencyHistogram.recordN: n must be a non-negative integer, got ${n}`);
    }
    if (n === 0) return;
    this.counts[idx] += n;
    this.n += n;
    this.addToSum(valueMs * n);
    if (valueMs < this.lo) this.lo = valueMs;
    if (valueMs > this.hi) this.hi = valueMs;
  }

  /** Number of recorded values. */
  get count(): number {
    return this.n;
  }

  /** Exact smallest recorded value (ms); NaN when empty. */
  get min(): number {
    return this.n === 0 ? NaN : this.low();
  }

  /** Exact largest recorded value (ms); NaN when empty. */
  get max(): number {
    return this.n === 0 ? NaN : this.high();
  }

  /** Exact smallest and largest recorded value (Infinity, −Infinity when empty). */
  private low(): number {
    return this.closedLo < this.lo ? this.closedLo : this.lo;
  }

  private high(): number {
    return this.closedHi > this.hi ? this.closedHi : this.hi;
  }

  /**
   * Add the values recorded since the last drain (since the start, for the
   * first) to `into`, a WindowHistogram, as if each had been recorded there
   * too: its buckets from the increase of this histogram's (a coarse bucket
   * is the union of four fine ones: see WindowHistogram), its count, its
   * exact min and max, and `sumMs`, their plain sum in the order recorded
   * (which the caller keeps: WindowHistogram's sum is that, not a
   * compensated one). Then a new window begins.
   *
   * Why: the end-to-end latency of a class was recorded per request twice,
   * in its whole-run histogram and in its current window's; the window's is
   * now made from the whole-run one at each window boundary (an event every
   * few minutes, scanning only the window buckets between the window's
   * min and max). Measured (valgrind, instructions per request): M/M/8
   * (bash bench/mmc-instructions.sh) 1,781 → 1,743; sofoot (bash
   * bench/instructions-per-request.sh, whose two runs differ by 110 windows
   * of 1 and 2 s, which the scans cost) unchanged, 5,852–5,866 → 5,873.
   *
   * Only for a histogram that nothing is merged into while it is drained.
   */
  drainWindow(into: WindowHistogram, sumMs: number): void {
    const count = this.n - this.drainedN;
    if (count > 0) {
      const drained = (this.drained ??= new Float64Array(WINDOW_BUCKET_COUNT));
      drainCoarse(this.counts, drained, into.counts, coarseOf(latencyBucketIndex(this.lo)), coarseOf(latencyBucketIndex(this.hi)));
      into.addTotals(count, sumMs, this.lo, this.hi);
      this.drainedN = this.n;
    }
    if (this.lo < this.closedLo) this.closedLo = this.lo;
    if (this.hi > this.closedHi) this.closedHi = this.hi;
    this.lo = Infinity;
    this.hi = -Infinity;
  }

  /** Sum of recorded values (ms). */
  get sum(): number {
    return this.sumHi + this.sumLo;
  }

  /** Arithmetic mean (ms) from the exact (compensated) sum; NaN when empty. */
  get mean(): number {
    return this.n === 0 ? NaN : (this.sumHi + this.sumLo) / this.n;
  }

  /**
   * Nearest-rank quantile (ms): the smallest recorded-bucket value v such that
   * at least q·count records are <= v, reported as the bucket midpoint clamped
   * to [min, max]. q ∈ [0, 1]; q = 0 → min, q = 1 → max; NaN when empty.
   * Relative error <= {@link MAX_RELATIVE_ERROR} inside the trackable range.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`LatencyHistogram.quantile: q must be in [0, 1], got ${q}`);
    const n = this.n;
    if (n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * n * RANK_SLACK));
    const lo = this.low();
    const hi = this.high();
    if (rank === 1) return lo;
    if (rank >= n) return hi;
    const counts = this.counts;
    const last = latencyBucketIndex(hi);
    let cum = 0;
    for (let i = latencyBucketIndex(lo); i <= last; i++) {
      cum += counts[i];
      if (cum >= rank) {
        const mid = latencyBucketMidpoint(i);
        return mid < lo ? lo : mid > hi ? hi : mid;
      }
    }
    return hi; // unreachable when counts are consistent
  }

  /** Add every record of `other` into this histogram (exact for counts/min/max). Returns `this`. */
  merge(other: LatencyHistogram): this {
    if (other.n === 0) return this;
    const src = other.counts;
    const dst = this.counts;
    const otherMin = other.low();
    const otherMax = other.high();
    const last = latencyBucketIndex(otherMax);
    for (let i = latencyBucketIndex(otherMin); i <= last; i++) dst[i] += src[i];
    this.n += other.n;
    const otherLo = other.sumLo;
    this.addToSum(other.sumHi);
    this.sumLo += otherLo;
    if (otherMin < this.lo) this.lo = otherMin;
    if (otherMax > this.hi) this.hi = otherMax;
    return this;
  }

  /** Forget all records (keeps the allocated counters). */
  reset(): void {
    this.counts.fill(0);
    this.n = 0;
    this.sumHi = 0;
    this.sumLo = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    this.closedLo = Infinity;
    this.closedHi = -Infinity;
    this.drained = undefined;
    this.drainedN = 0;
  }

  /** Independent deep copy. */
  clone(): LatencyHistogram {
    const h = new LatencyHistogram();
    h.counts.set(this.counts);
    h.n = this.n;
    h.sumHi = this.sumHi;
    h.sumLo = this.sumLo;
    h.lo = this.low();
    h.hi = this.high();
    return h;
  }

  /** Compact summary: only non-zero buckets, plus exact count/min/max/sum. */
  toJSON(): LatencyHistogramJSON {
    const buckets: Array<[number, number]> = [];
    const lo = this.low();
    const hi = this.high();
    if (this.n > 0) {
      const last = latencyBucketIndex(hi);
      for (let i = latencyBucketIndex(lo); i <= last; i++) {
        const c = this.counts[i];
        if (c !== 0) buckets.push([i, c]);
      }
    }
    return {
      subBits: SUB_BITS,
      minExp: MIN_EXP,
      maxExp: MAX_EXP,
      count: this.n,
      min: this.n === 0 ? null : lo,
      max: this.n === 0 ? null : hi,
      sum: this.sumHi + this.sumLo,
      buckets,
    };
  }

  /** Rebuild a histogram from {@link toJSON} output (validated; throws on inconsistent input). */
  static fromJSON(obj: LatencyHistogramJSON): LatencyHistogram {
    const fail = (why: string): never => {
      throw new TypeError(`LatencyHistogram.fromJSON: ${why}`);
    };
    if (obj === null || typeof obj !== 'object') fail('not an object');
    if (obj.subBits !== SUB_BITS || obj.minExp !== MIN_EXP || obj.maxExp !== MAX_EXP) {
      fail(`incompatible layout (subBits=${obj.subBits}, minExp=${obj.minExp}, maxExp=${obj.maxExp})`);
    }
    const count = obj.count;
    if (!(Number.isInteger(count) && count >= 0)) fail(`bad count ${count}`);
    if (!Array.isArray(obj.buckets)) fail('buckets must be an array');
    const h = new LatencyHistogram();
    if (count === 0) {
      if (obj.buckets.length !== 0) fail('empty histogram with buckets');
      return h;
    }
    const { min, max, sum } = obj;
    if (typeof min !== 'number' || typeof max !== 'number' || !(min >= 0 && min <= max && max <= Number.MAX_VALUE)) {
      fail(`bad min/max ${min}/${max}`);
    }
    if (typeof sum !== 'number' || !(sum >= 0)) fail(`bad sum ${sum}`);
    let total = 0;
    let prev = -1;
    for (const pair of obj.buckets) {
      if (!Array.isArray(pair) || pair.length !== 2) fail('bucket entries must be [index, count] pairs');
      const [i, c] = pair;
      if (!(Number.isInteger(i) && i > prev && i < BUCKET_COUNT)) fail(`bad or unsorted bucket index ${i}`);
      if (!(Number.isInteger(c) && c > 0)) fail(`bad bucket count ${c}`);
      h.counts[i] = c;
      total += c;
      prev = i;
    }
    if (total !== count) fail(`bucket counts sum to ${total}, expected ${count}`);
    if (obj.buckets[0][0] !== latencyBucketIndex(min as number) || prev !== latencyBucketIndex(max as number)) {
      fail('min/max inconsistent with buckets');
    }
    h.n = count;
    h.sumHi = sum as number;
    h.lo = min as number;
    h.hi = max as number;
    return h;
  }

  /** Compensated add of a non-negative amount to the running sum. */
  private addToSum(x: number): void {
    const s = this.sumHi;
    const t = s + x;
    this.sumLo += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.sumHi = t;
  }
}
