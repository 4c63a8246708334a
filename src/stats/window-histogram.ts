/**
 * A coarser sibling of {@link LatencyHistogram} for one time window: the
 * same log-linear layout over [2^-20 ms, 2^30 ms) but 2^5 = 32 sub-buckets
 * per octave instead of 128, so a run can keep one per window (a month of
 * 15-minute windows is 2,880 of them) and still merge them exactly across
 * replications.
 *
 * Relative error of a reported quantile inside the trackable range: at most
 * 1/64 ≈ 1.6 % (bucket midpoint of a bucket [L, L·(1 + 1/32))), against
 * 1/256 for the whole-run histogram. Count, sum, min and max are exact, and
 * quantiles are clamped to [min, max] (q = 1 is the exact maximum).
 *
 * A coarse bucket is exactly the union of 4 consecutive fine buckets of
 * LatencyHistogram (fine index − 2 shifted right by 2), so per-window and
 * whole-run quantiles are read off the same bucket edges.
 *
 * Storage of the windows that are over is {@link WindowHistogramStore}: each
 * window keeps only the slice of buckets between its min and its max.
 */

const SUB_BITS = 5;
const SUB_COUNT = 1 << SUB_BITS;
const SHIFT = 20 - SUB_BITS;
const MIN_EXP = -20;
const MAX_EXP = 30;
// Module-private constants (folded into the code; see LatencyHistogram).
const LOWEST = 2 ** MIN_EXP;
const HIGHEST = 2 ** MAX_EXP;
const ZERO_BUCKET = 0;
const UNDERFLOW_BUCKET = 1;
const FIRST_LINEAR_BUCKET = 2;
const OVERFLOW_BUCKET = FIRST_LINEAR_BUCKET + (MAX_EXP - MIN_EXP) * SUB_COUNT;
/** Counters per window histogram (1,603 doubles, 12.8 KB: only the current window's are dense). */
export const WINDOW_BUCKET_COUNT = OVERFLOW_BUCKET + 1;
/** Upper bound on the relative error of a per-window quantile inside the trackable range. */
export const WINDOW_MAX_RELATIVE_ERROR = 1 / (2 * SUB_COUNT);
const INDEX_BIAS = ((1023 + MIN_EXP) << SUB_BITS) - FIRST_LINEAR_BUCKET;

// Shared scratch for the bit trick (one double aliased by two 32-bit words): record() never allocates.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** The 32-bit word holding sign/exponent/high mantissa: 1 little-endian, 0 big-endian, −1 exotic (portable path). */
const HI_WORD: number = (() => {
  F64[0] = 1.0;
  if (U32[1] === 0x3ff00000 && U32[0] === 0) return 1;
  if (U32[0] === 0x3ff00000 && U32[1] === 0) return 0;
  return -1;
})();

/** Bucket of a latency [ms] (finite, ≥ 0), without the bit trick: the reference for `recordPending`. */
export function windowBucketIndex(valueMs: number): number {
  if (!(valueMs >= 0 && valueMs <= Number.MAX_VALUE)) {
    throw new RangeError(`WindowHistogram: value must be a finite number >= 0 ms, got ${valueMs}`);
  }
  if (valueMs === 0) return ZERO_BUCKET;
  if (valueMs < LOWEST) return UNDERFLOW_BUCKET;
  if (valueMs >= HIGHEST) return OVERFLOW_BUCKET;
  let e = Math.floor(Math.log2(valueMs));
  let p = 2 ** e;
  // Math.log2 may be off by one ulp around powers of two: fix the octave.
  if (p > valueMs) {
    e -= 1;
    p /= 2;
  } else if (p * 2 <= valueMs) {
    e += 1;
    p *= 2;
  }
  return FIRST_LINEAR_BUCKET + (e - MIN_EXP) * SUB_COUNT + Math.floor((valueMs / p - 1) * SUB_COUNT);
}

/** Representative value of a bucket [ms]: its midpoint (callers clamp to [min, max]). */
export function windowBucketMidpoint(index: number): number {
  if (index >= FIRST_LINEAR_BUCKET && index < OVERFLOW_BUCKET) {
    const j = index - FIRST_LINEAR_BUCKET;
    return 2 ** (MIN_EXP + (j >> SUB_BITS)) * ((SUB_COUNT + (j & (SUB_COUNT - 1)) + 0.5) / SUB_COUNT);
  }
  if (index === ZERO_BUCKET) return 0;
  if (index === UNDERFLOW_BUCKET) return LOWEST / 2;
  return Infinity;
}

/** Slack for the nearest rank (as LatencyHistogram: q·n one ulp above an integer). */
const RANK_SLACK = 1 - 2 ** -40;

export class WindowHistogram {
  readonly counts = new Float64Array(WINDOW_BUCKET_COUNT);
  count = 0;
  /** Σ values [ms] (plain sum: a window holds few enough values). */
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** The value [ms] `recordPending` records: the hot path's door (a field is never boxed; see LatencyHistogram.pendingMs). */
  pendingMs = 0.5;

  record(valueMs: number): void {
    this.pendingMs = valueMs;
    this.recordPending();
  }

  /** `record(pendingMs)`: allocation-free, O(1). */
  recordPending(): void {
    const valueMs = this.pendingMs;
    let idx: number;
    if (valueMs >= LOWEST && valueMs < HIGHEST && HI_WORD >= 0) {
      // Why the bit trick: see LatencyHistogram.recordPending; the shift keeps 5 mantissa bits instead of 7.
      F64[0] = valueMs;
      idx = (U32[HI_WORD]! >>> SHIFT) - INDEX_BIAS;
    } else {
      idx = windowBucketIndex(valueMs);
    }
    this.counts[idx]!++;
    this.count++;
    this.sum += valueMs;
    if (valueMs < this.min) this.min = valueMs;
    if (valueMs > this.max) this.max = valueMs;
  }

  /** Add `n` values of one bucket (from a stored window), with the window's exact count, sum and extrema added separately. */
  addBucket(index: number, n: number): void {
    this.counts[index]! += n;
  }

  /** Add the exact aggregates of a stored window (its buckets come through `addBucket`). */
  addTotals(count: number, sum: number, min: number, max: number): void {
    this.count += count;
    this.sum += sum;
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** Nearest-rank quantile [ms], bucket midpoint clamped to [min, max]; NaN when empty. */
  quantile(q: number): number {
    const n = this.count;
    if (n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * n * RANK_SLACK));
    if (rank === 1) return this.min;
    if (rank >= n) return this.max;
    const last = windowBucketIndex(this.max);
    let cum = 0;
    for (let i = windowBucketIndex(this.min); i <= last; i++) {
      cum += this.counts[i]!;
      if (cum >= rank) {
        const mid = windowBucketMidpoint(i);
        return mid < this.min ? this.min : mid > this.max ? this.max : mid;
      }
    }
    return this.max;
  }

  /** Forget everything: clears only the buckets between min and max (the rest are zero already). */
  reset(): void {
    if (this.count > 0) this.counts.fill(0, windowBucketIndex(this.min), windowBucketIndex(this.max) + 1);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}

/** The windows of one histogram series, as plain data (typed arrays cross worker threads by structured clone). */
export interface WindowHistogramsData {
  /** Per window: values, Σ values [ms], min and max [ms] (NaN when empty). */
  count: Float64Array;
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** Per window: index of its first stored bucket, and how many it stores (0 when empty). */
  first: Int32Array;
  length: Uint16Array;
  /** Per window: where its buckets are, `chunks[chunk[k]][offset[k] ..]`. */
  chunk: Int32Array;
  offset: Int32Array;
  chunks: Array<Uint16Array | Uint32Array>;
}

/**
 * Counters per chunk of stored buckets. Why chunks rather than one growing
 * array: a growing typed array leaves its old buffers to the garbage
 * collector, which may keep them all until the run ends (measured: +20 MB of
 * peak RSS over a month of 15-minute windows); chunks are never copied.
 * Why 16-bit chunks: a window's bucket rarely holds 65,535 values, and
 * halving the counters halves what a month of windows keeps; a window with
 * a fuller bucket goes to a 32-bit chunk.
 */
const CHUNK = 1 << 16;
const FITS_16_BITS = 0xffff;
/** Scratch for the sum of a window's histograms (one window at a time). */
const SUMMED = new Float64Array(WINDOW_BUCKET_COUNT);

/**
 * Every window of one histogram series: per window the exact aggregates and
 * the dense slice of buckets from its min to its max (a window of latencies
 * between 1 ms and 2 s keeps ~350 counters, not 1,603).
 */
export class WindowHistogramStore {
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly first: Int32Array;
  private readonly length: Uint16Array;
  private readonly chunk: Int32Array;
  private readonly offset: Int32Array;
  private readonly chunks: Array<Uint16Array | Uint32Array> = [];
  /** The chunk being filled, for 16-bit and for 32-bit counters (−1: none yet), and the counters used in it. */
  private readonly current = [-1, -1];
  private readonly used = [CHUNK, CHUNK];

  constructor(readonly windows: number) {
    this.count = new Float64Array(windows);
    this.sum = new Float64Array(windows);
    this.min = new Float64Array(windows).fill(NaN);
    this.max = new Float64Array(windows).fill(NaN);
    this.first = new Int32Array(windows);
    this.length = new Uint16Array(windows);
    this.chunk = new Int32Array(windows);
    this.offset = new Int32Array(windows);
  }

  /** Window `k` is over: keep the sum of `hs` (the caller resets them, once every series that reads them is stored). */
  close(k: number, hs: readonly WindowHistogram[]): void {
    let lo = WINDOW_BUCKET_COUNT;
    let hi = -1;
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const h of hs) {
      if (h.count === 0) continue;
      lo = Math.min(lo, windowBucketIndex(h.min));
      hi = Math.max(hi, windowBucketIndex(h.max));
      count += h.count;
      sum += h.sum;
      min = Math.min(min, h.min);
      max = Math.max(max, h.max);
    }
    if (count > 0) {
      const length = hi - lo + 1;
      // Often one histogram feeds the series (a class; a slave's channel): copy its counters.
      const source = hs.length === 1 ? hs[0]!.counts : sumInto(SUMMED, hs, lo, hi);
      // A bucket holds more than 65,535 values only if the window does.
      const wide = count > FITS_16_BITS && largest(source, lo, hi) > FITS_16_BITS ? 1 : 0;
      // A window's slice (≤ 1,603 counters) never straddles two chunks.
      if (this.used[wide]! + length > CHUNK) {
        this.current[wide] = this.chunks.length;
        this.chunks.push(wide === 1 ? new Uint32Array(CHUNK) : new Uint16Array(CHUNK));
        this.used[wide] = 0;
      }
      const start = this.used[wide]!;
      // Why `set` and `fill`: native copies, where a JS loop over ~500 counters per window would run
      // interpreted for the first windows of a run (measured on bench/instructions-per-request.sh, whose short
      // sofoot runs have 1–2 s windows: 6,100 → 5,790 instructions per request).
      this.chunks[this.current[wide]!]!.set(source.subarray(lo, hi + 1), start);
      if (source === SUMMED) SUMMED.fill(0, lo, hi + 1);
      this.used[wide] = start + length;
      this.count[k] = count;
      this.sum[k] = sum;
      this.min[k] = min;
      this.max[k] = max;
      this.first[k] = lo;
      this.length[k] = length;
      this.chunk[k] = this.current[wide]!;
      this.offset[k] = start;
    }
  }

  data(): WindowHistogramsData {
    return {
      count: this.count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      first: this.first,
      length: this.length,
      chunk: this.chunk,
      offset: this.offset,
      chunks: this.chunks,
    };
  }
}

/** Σ of the histograms' counters over [lo, hi] into `into` (zero there before). */
function sumInto(into: Float64Array, hs: readonly WindowHistogram[], lo: number, hi: number): Float64Array {
  for (const h of hs) {
    if (h.count === 0) continue;
    const counts = h.counts;
    for (let i = lo; i <= hi; i++) into[i]! += counts[i]!;
  }
  return into;
}

function largest(counts: Float64Array, lo: number, hi: number): number {
  let most = 0;
  for (let i = lo; i <= hi; i++) if (counts[i]! > most) most = counts[i]!;
  return most;
}

/** Add window `k` of a stored series into `into` (pooling replications window by window). */
export function addStoredWindow(into: WindowHistogram, data: WindowHistogramsData, k: number): void {
  const count = data.count[k]!;
  if (count === 0) return;
  const buckets = data.chunks[data.chunk[k]!]!;
  const from = data.offset[k]!;
  const to = from + data.length[k]!;
  const first = data.first[k]!;
  for (let j = from; j < to; j++) {
    const n = buckets[j]!;
    if (n !== 0) into.addBucket(first + j - from, n);
  }
  into.addTotals(count, data.sum[k]!, data.min[k]!, data.max[k]!);
}
