import { quantileSorted } from 'd3-array';
import { describe, expect, it } from 'vitest';
import {
  BUCKET_COUNT,
  HIGHEST_TRACKABLE_MS,
  LatencyHistogram,
  LOWEST_TRACKABLE_MS,
  MAX_RELATIVE_ERROR,
  latencyBucketIndex,
  latencyBucketIndexPortable,
  latencyBucketMidpoint,
} from '../src/stats/latency-histogram.js';
import { prng } from './support/prng.js';


function normal(rand: () => number): number {
  let u = rand();
  while (u === 0) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Exact nearest-rank quantile of a sorted array: smallest v with at least q·n values <= v. */
function nearestRank(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const rank = Math.max(1, Math.ceil(q * n - 1e-9));
  return sorted[Math.min(n, rank) - 1];
}

const QS = [0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999, 1];

function checkAgainstExact(values: Float64Array, label: string): void {
  const h = new LatencyHistogram();
  for (let i = 0; i < values.length; i++) h.record(values[i]);
  const sorted = Float64Array.from(values).sort();
  expect(h.count, label).toBe(values.length);
  expect(h.min, label).toBe(sorted[0]);
  expect(h.max, label).toBe(sorted[sorted.length - 1]);
  let exactSum = 0;
  for (let i = 0; i < values.length; i++) exactSum += values[i];
  expect(Math.abs(h.mean - exactSum / values.length) / (exactSum / values.length), label).toBeLessThan(1e-12);
  for (const q of QS) {
    const exact = nearestRank(sorted, q);
    const approx = h.quantile(q);
    const rel = Math.abs(approx - exact) / exact;
    const msg = `${label} q=${q} exact=${exact} approx=${approx}`;
    expect(rel, msg).toBeLessThanOrEqual(MAX_RELATIVE_ERROR * (1 + 1e-12));
    expect(rel).toBeLessThanOrEqual(0.01);
  }
  // Interpolated (R-7, d3) quantiles differ from nearest-rank by less than one order statistic:
  // on dense data they also agree within 1 %.
  const sortedArray = Array.from(sorted);
  for (const q of [0.5, 0.9, 0.99]) {
    const d3q = quantileSorted(sortedArray, q) as number;
    expect(Math.abs(h.quantile(q) - d3q) / d3q, `${label} d3 q=${q}`).toBeLessThan(0.01);
  }
}

describe('LatencyHistogram bucket layout', () => {
  it('uses 1/128-wide log-linear buckets between the trackable bounds', () => {
    expect(LOWEST_TRACKABLE_MS).toBe(2 ** -20);
    expect(HIGHEST_TRACKABLE_MS).toBe(2 ** 30);
    expect(MAX_RELATIVE_ERROR).toBe(1 / 256);
    expect(latencyBucketIndex(0)).toBe(0);
    expect(latencyBucketIndex(1e-300)).toBe(1);
    expect(latencyBucketIndex(LOWEST_TRACKABLE_MS)).toBe(2);
    expect(latencyBucketIndex(LOWEST_TRACKABLE_MS * (1 + 1 / 128))).toBe(3);
    expect(latencyBucketIndex(2 * LOWEST_TRACKABLE_MS)).toBe(2 + 128);
    expect(latencyBucketIndex(HIGHEST_TRACKABLE_MS)).toBe(BUCKET_COUNT - 1);
    expect(latencyBucketIndex(Number.MAX_VALUE)).toBe(BUCKET_COUNT - 1);
    expect(latencyBucketIndex(HIGHEST_TRACKABLE_MS * (1 - 2 ** -53))).toBe(BUCKET_COUNT - 2);
    expect(latencyBucketMidpoint(2)).toBe(LOWEST_TRACKABLE_MS * (1 + 0.5 / 128));
    expect(latencyBucketMidpoint(latencyBucketIndex(1))).toBe(1 + 0.5 / 128);
  });

  it('bit trick and portable Math.log2 mapping agree everywhere', () => {
    const rand = prng(7);
    const mismatches: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const v = 2 ** (-25 + 60 * rand()) * (1 + rand());
      if (latencyBucketIndex(v) !== latencyBucketIndexPortable(v)) mismatches.push(v);
    }
    // Exact powers of two and bucket edges, where Math.log2 is most likely to be off by one.
    for (let e = -21; e <= 31; e++) {
      for (let k = 0; k < 128; k++) {
        const edge = 2 ** e * (1 + k / 128);
        for (const v of [edge, edge * (1 - 2 ** -52), edge * (1 + 2 ** -52)]) {
          if (latencyBucketIndex(v) !== latencyBucketIndexPortable(v)) mismatches.push(v);
        }
        // Bucket edges map to their own bucket, the value just below to the previous one.
        if (e >= -20 && e < 30 && latencyBucketIndex(edge) !== latencyBucketIndex(edge * (1 - 2 ** -53)) + 1) {
          mismatches.push(edge);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('every value lies within MAX_RELATIVE_ERROR of its bucket midpoint, indices are monotone', () => {
    const rand = prng(11);
    let prevI = 0;
    let worst = 0;
    let nonMonotone = 0;
    const values = Array.from({ length: 50_000 }, () => 2 ** (-20 + 50 * rand())).sort((a, b) => a - b);
    for (const v of values) {
      const i = latencyBucketIndex(v);
      if (i < prevI) nonMonotone++;
      prevI = i;
      worst = Math.max(worst, Math.abs(latencyBucketMidpoint(i) - v) / v);
    }
    expect(nonMonotone).toBe(0);
    expect(worst).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
    expect(worst).toBeGreaterThan(MAX_RELATIVE_ERROR * 0.9); // the bound is tight
  });
});

describe('LatencyHistogram accuracy vs exact quantiles', () => {
  it('lognormal data at several magnitudes (1e-3 ms … 1e6 ms)', () => {
    const rand = prng(42);
    for (const median of [1e-3, 0.5, 20, 3e3, 1e6]) {
      const xs = new Float64Array(40_000);
      for (let i = 0; i < xs.length; i++) xs[i] = median * Math.exp(0.8 * normal(rand));
      checkAgainstExact(xs, `lognormal median=${median}`);
    }
  });

  it('uniform data at several magnitudes', () => {
    const rand = prng(43);
    for (const [lo, hi] of [
      [1e-3, 2e-3],
      [1, 10],
      [100, 101],
      [1e5, 1e6],
    ]) {
      const xs = new Float64Array(40_000);
      for (let i = 0; i < xs.length; i++) xs[i] = lo + (hi - lo) * rand();
      checkAgainstExact(xs, `uniform [${lo}, ${hi}]`);
    }
  });

  it('log-uniform data spanning 1e-3 ms … 1e6 ms in one histogram', () => {
    const rand = prng(44);
    const xs = new Float64Array(100_000);
    for (let i = 0; i < xs.length; i++) xs[i] = 10 ** (-3 + 9 * rand());
    checkAgainstExact(xs, 'log-uniform');
  });

  it('heavy ties (integer latencies) stay exact-ish', () => {
    const rand = prng(45);
    const xs = new Float64Array(20_000);
    for (let i = 0; i < xs.length; i++) xs[i] = 1 + Math.floor(rand() * 5);
    checkAgainstExact(xs, 'ties');
  });
});

describe('LatencyHistogram merge and serialization', () => {
  function sample(seed: number, n: number): Float64Array {
    const rand = prng(seed);
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = rand() < 0.01 ? 0 : 5 * Math.exp(1.5 * normal(rand));
    return xs;
  }

  it('merging partial histograms equals recording everything into one (any order)', () => {
    const parts = [sample(1, 30_000), sample(2, 1), sample(3, 12_345), new Float64Array(0), sample(4, 777)];
    const whole = new LatencyHistogram();
    const partial = parts.map((xs) => {
      const h = new LatencyHistogram();
      for (const x of xs) {
        h.record(x);
        whole.record(x);
      }
      return h;
    });
    const forward = new LatencyHistogram();
    for (const p of partial) forward.merge(p);
    const backward = new LatencyHistogram();
    for (const p of [...partial].reverse()) backward.merge(p);
    const tree = partial[0].clone().merge(partial[1]).merge(partial[2].clone().merge(partial[3]).merge(partial[4]));

    for (const m of [forward, backward, tree]) {
      expect(m.count).toBe(whole.count);
      expect(m.min).toBe(whole.min);
      expect(m.max).toBe(whole.max);
      expect(m.mean).toBeCloseTo(whole.mean, 10);
      for (let q = 0; q <= 1; q += 0.001) expect(m.quantile(q)).toBe(whole.quantile(q));
      expect(m.toJSON().buckets).toEqual(whole.toJSON().buckets);
    }
  });

  it('JSON round trip (also through structuredClone) preserves every quantile', () => {
    const h = new LatencyHistogram();
    for (const x of sample(9, 20_000)) h.record(x);
    h.record(1e-9); // underflow bucket
    h.record(5e9); // overflow bucket
    const json = JSON.parse(JSON.stringify(h)) as ReturnType<LatencyHistogram['toJSON']>;
    expect(json.buckets.length).toBeLessThan(3000); // compact: only non-zero buckets
    for (const back of [LatencyHistogram.fromJSON(json), LatencyHistogram.fromJSON(structuredClone(h.toJSON()))]) {
      expect(back.count).toBe(h.count);
      expect(back.min).toBe(h.min);
      expect(back.max).toBe(h.max);
      expect(back.mean).toBeCloseTo(h.mean, 12);
      for (const q of QS) expect(back.quantile(q)).toBe(h.quantile(q));
      expect(back.toJSON()).toEqual(h.toJSON());
    }
    const empty = LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(new LatencyHistogram())));
    expect(empty.count).toBe(0);
    expect(empty.quantile(0.5)).toBeNaN();
  });

  it('fromJSON rejects inconsistent summaries', () => {
    const h = new LatencyHistogram();
    h.record(3);
    h.record(7);
    const good = h.toJSON();
    expect(() => LatencyHistogram.fromJSON({ ...good, count: 3 })).toThrow(TypeError);
    expect(() => LatencyHistogram.fromJSON({ ...good, subBits: 6 })).toThrow(TypeError);
    expect(() => LatencyHistogram.fromJSON({ ...good, buckets: [...good.buckets].reverse() })).toThrow(TypeError);
    expect(() => LatencyHistogram.fromJSON({ ...good, min: 1 })).toThrow(TypeError);
    expect(() => LatencyHistogram.fromJSON({ ...good, buckets: [[-1, 2]] })).toThrow(TypeError);
  });

  it('clone is independent, reset empties, recordN equals repeated record', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (const [v, n] of [
      [0, 3],
      [1.5, 10],
      [42, 1],
      [0.002, 7],
    ] as const) {
      a.recordN(v, n);
      for (let i = 0; i < n; i++) b.record(v);
    }
    a.recordN(99, 0); // no-op
    expect(a.toJSON()).toEqual(b.toJSON());
    const c = a.clone();
    a.record(1000);
    expect(c.count).toBe(21);
    expect(c.max).toBe(42);
    a.reset();
    expect(a.count).toBe(0);
    expect(a.toJSON().buckets).toEqual([]);
    expect(() => a.recordN(1, 1.5)).toThrow(RangeError);
    expect(() => a.recordN(1, -1)).toThrow(RangeError);
  });
});

describe('LatencyHistogram edge cases', () => {
  it('empty histogram', () => {
    const h = new LatencyHistogram();
    expect(h.count).toBe(0);
    expect(h.min).toBeNaN();
    expect(h.max).toBeNaN();
    expect(h.mean).toBeNaN();
    expect(h.quantile(0.5)).toBeNaN();
    expect(h.quantile(1)).toBeNaN();
    expect(h.toJSON()).toMatchObject({ count: 0, min: null, max: null, sum: 0, buckets: [] });
  });

  it('single value: every quantile is that exact value', () => {
    const h = new LatencyHistogram();
    h.record(12.345);
    for (const q of QS) expect(h.quantile(q)).toBe(12.345);
    expect(h.mean).toBe(12.345);
  });

  it('exact zeros have their own bucket', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 60; i++) h.record(0);
    for (let i = 0; i < 40; i++) h.record(10);
    expect(h.min).toBe(0);
    expect(h.quantile(0)).toBe(0);
    expect(h.quantile(0.6)).toBe(0);
    expect(Math.abs(h.quantile(0.61) - 10) / 10).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
    expect(h.quantile(1)).toBe(10);
    expect(h.mean).toBe(4);
    h.record(-0);
    expect(h.quantile(0)).toBe(0);
  });

  it('out-of-range values keep exact min/max, quantiles are clamped', () => {
    const h = new LatencyHistogram();
    h.record(1e-12);
    h.record(2e-12);
    h.record(1e12);
    expect(h.min).toBe(1e-12);
    expect(h.max).toBe(1e12);
    expect(h.quantile(0)).toBe(1e-12);
    expect(h.quantile(0.5)).toBeGreaterThanOrEqual(1e-12);
    expect(h.quantile(0.5)).toBeLessThanOrEqual(LOWEST_TRACKABLE_MS);
    expect(h.quantile(1)).toBe(1e12);
  });

  it('rejects negative, NaN and infinite values and bad q', () => {
    const h = new LatencyHistogram();
    for (const bad of [-1, -1e-300, NaN, Infinity, -Infinity]) expect(() => h.record(bad)).toThrow(RangeError);
    expect(h.count).toBe(0);
    h.record(1);
    for (const q of [-0.1, 1.1, NaN]) expect(() => h.quantile(q)).toThrow(RangeError);
  });

  it('nearest-rank is robust to q·n rounding (0.07·100 = 7.000000000000001)', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) h.record(i);
    expect(Math.abs(h.quantile(0.07) - 7) / 7).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
    expect(Math.abs(h.quantile(0.5) - 50) / 50).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
    expect(Math.abs(h.quantile(0.505) - 51) / 51).toBeLessThanOrEqual(MAX_RELATIVE_ERROR);
  });
});
