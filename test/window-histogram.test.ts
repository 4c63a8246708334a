import { describe, expect, it } from 'vitest';
import { LatencyHistogram, latencyBucketIndex } from '../src/stats/latency-histogram.js';
import {
  addStoredWindow,
  WINDOW_BUCKET_COUNT,
  WINDOW_MAX_RELATIVE_ERROR,
  windowBucketIndex,
  WindowHistogram,
  WindowHistogramStore,
} from '../src/stats/window-histogram.js';
import { prng } from './support/prng.js';


/** Lognormal latencies around 20 ms, spanning several octaves. */
function latencies(n: number, seed: number): number[] {
  const rand = prng(seed);
  return Array.from({ length: n }, () => {
    const u = Math.max(rand(), 1e-12);
    return 20 * Math.exp(1.2 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand()));
  });
}

function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length - 1e-9))) - 1]!;
}

describe('WindowHistogram', () => {
  it('puts a value in the bucket the reference function gives, the union of 4 fine buckets', () => {
    const h = new WindowHistogram();
    for (const v of [...latencies(5000, 1), 0, 1e-9, 2 ** -20, 1, 2, 3, 2 ** 30, 1e12]) {
      h.reset();
      h.record(v);
      const i = windowBucketIndex(v);
      expect(h.counts[i], `${v}`).toBe(1);
      // A linear bucket is 4 consecutive buckets of the whole-run histogram.
      const fine = latencyBucketIndex(v);
      if (v >= 2 ** -20 && v < 2 ** 30) expect(i, `${v}`).toBe(((fine - 2) >> 2) + 2);
    }
    expect(() => h.record(-1)).toThrow(RangeError);
    expect(() => h.record(NaN)).toThrow(RangeError);
  });

  it('reports quantiles within 1/64 of the exact ones, and exact count, mean, min and max', () => {
    const values = latencies(20_000, 2);
    const h = new WindowHistogram();
    for (const v of values) h.record(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const exact = nearestRank(sorted, q);
      expect(Math.abs(h.quantile(q) - exact) / exact, `q = ${q}`).toBeLessThanOrEqual(WINDOW_MAX_RELATIVE_ERROR);
    }
    expect(WINDOW_MAX_RELATIVE_ERROR).toBe(1 / 64);
    expect(h.count).toBe(20_000);
    expect(h.min).toBe(sorted[0]);
    expect(h.max).toBe(sorted.at(-1));
    expect(h.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
  });

  it('reset empties every bucket (it clears only the range used)', () => {
    const h = new WindowHistogram();
    for (const v of latencies(1000, 3)) h.record(v);
    h.reset();
    expect(h.counts.every((c) => c === 0)).toBe(true);
    expect(h.count).toBe(0);
    expect(Number.isNaN(h.quantile(0.5))).toBe(true);
  });
});

describe('WindowHistogramStore', () => {
  it('stored windows merged across "replications" give what one histogram of every value gives', () => {
    const windows = 5;
    const reps = [10, 11, 12].map((seed) => {
      const store = new WindowHistogramStore(windows);
      const live = [new WindowHistogram(), new WindowHistogram()];
      const values: number[][] = [];
      for (let k = 0; k < windows; k++) {
        // Window 3 is empty; the others are fed by two sources (two channels of one slave).
        const vs = k === 3 ? [] : latencies(500 * (k + 1), seed * 100 + k).map((v) => v * (k + 1));
        vs.forEach((v, i) => live[i % 2]!.record(v));
        const before = live.map((h) => h.count);
        store.close(k, live);
        // Storing leaves the live histograms alone (several series may read them); the meter resets them.
        expect(live.map((h) => h.count)).toEqual(before);
        for (const h of live) h.reset();
        values.push(vs);
      }
      return { data: store.data(), values };
    });
    for (let k = 0; k < windows; k++) {
      const pooled = new WindowHistogram();
      for (const r of reps) addStoredWindow(pooled, r.data, k);
      const direct = new WindowHistogram();
      for (const r of reps) for (const v of r.values[k]!) direct.record(v);
      expect(pooled.count).toBe(direct.count);
      if (k === 3) {
        expect(pooled.count).toBe(0);
        continue;
      }
      expect(Array.from(pooled.counts)).toEqual(Array.from(direct.counts));
      expect(pooled.min).toBe(direct.min);
      expect(pooled.max).toBe(direct.max);
      expect(pooled.sum).toBeCloseTo(direct.sum, 6);
      for (const q of [0.5, 0.99]) expect(pooled.quantile(q)).toBe(direct.quantile(q));
    }
    // Only the slice between each window's min and max is kept.
    const stored = reps[0]!.data.length.reduce((a, n) => a + n, 0);
    expect(stored).toBeLessThan(windows * WINDOW_BUCKET_COUNT * 0.3);
  });

  it('keeps a bucket of more than 65,535 values exactly (a 32-bit chunk), next to 16-bit windows', () => {
    const store = new WindowHistogramStore(3);
    const h = new WindowHistogram();
    h.record(5);
    store.close(0, [h]);
    h.reset();
    for (let i = 0; i < 70_000; i++) h.record(12.5);
    h.record(40);
    store.close(1, [h]);
    h.reset();
    h.record(7);
    store.close(2, [h]);
    const data = store.data();
    expect(data.chunks.map((c) => c.BYTES_PER_ELEMENT)).toEqual([2, 4]);
    const pooled = new WindowHistogram();
    addStoredWindow(pooled, data, 1);
    expect(pooled.counts[windowBucketIndex(12.5)]).toBe(70_000);
    expect(pooled.count).toBe(70_001);
    expect(pooled.quantile(0.5)).toBeCloseTo(12.5, 0);
    for (const [k, v] of [[0, 5], [2, 7]] as const) {
      const one = new WindowHistogram();
      addStoredWindow(one, data, k);
      expect([one.count, one.min, one.counts[windowBucketIndex(v)]]).toEqual([1, v, 1]);
    }
  });
});

describe('LatencyHistogram.drainWindow (a window histogram made from the whole-run one at the boundary)', () => {
  /** Values that reach the zero, underflow and overflow buckets too, not only the linear range. */
  function mixed(n: number, seed: number): number[] {
    const rand = prng(seed);
    const extremes = [0, 1e-9, 2 ** 30, 5e9];
    return latencies(n, seed).map((v) => (rand() < 0.02 ? extremes[Math.floor(rand() * extremes.length)]! : v));
  }

  it('gives each window exactly what recording its values in a WindowHistogram gives', () => {
    const values = mixed(20_000, 17);
    const rand = prng(99);
    const whole = new LatencyHistogram();
    const drained = new WindowHistogram();
    let direct = new WindowHistogram();
    let sum = 0;
    let windows = 0;
    const check = (): void => {
      whole.drainWindow(drained, sum);
      expect(drained.count).toBe(direct.count);
      expect(drained.sum).toBe(direct.sum);
      expect(drained.min).toBe(direct.min);
      expect(drained.max).toBe(direct.max);
      expect(Array.from(drained.counts)).toEqual(Array.from(direct.counts));
      drained.reset();
      direct = new WindowHistogram();
      sum = 0;
      windows++;
    };
    for (const v of values) {
      whole.record(v);
      direct.record(v);
      sum += v;
      // Windows of 0 to ~400 values, empty ones included.
      if (rand() < 0.005) check();
      if (rand() < 0.001) check();
    }
    check();
    expect(windows).toBeGreaterThan(50);
  });

  it('leaves the whole-run histogram as it was: count, sum, exact min and max, quantiles, JSON', () => {
    const values = mixed(5_000, 5);
    const plain = new LatencyHistogram();
    const windowed = new LatencyHistogram();
    const w = new WindowHistogram();
    values.forEach((v, i) => {
      plain.record(v);
      windowed.record(v);
      if (i % 700 === 0) windowed.drainWindow(w, 0);
    });
    expect(windowed.toJSON()).toEqual(plain.toJSON());
    for (const q of [0, 0.01, 0.5, 0.99, 1]) expect(windowed.quantile(q)).toBe(plain.quantile(q));
    expect([windowed.min, windowed.max, windowed.mean]).toEqual([plain.min, plain.max, plain.mean]);
    expect(windowed.clone().toJSON()).toEqual(plain.toJSON());
    expect(new LatencyHistogram().merge(windowed).toJSON()).toEqual(plain.toJSON());
  });
});
