/**
 * A quantile of the records a histogram gained between two snapshots (the
 * p95 of the last evaluation period), from the snapshots' bucket counts: no
 * per-record work, only one pass over the non-zero buckets per snapshot.
 */
import { latencyBucketMidpoint, type LatencyHistogram } from './latency-histogram.js';

/** Bucket counts of a histogram at one instant (its non-zero buckets). */
export type HistogramSnapshot = ReadonlyMap<number, number>;

export function snapshot(h: LatencyHistogram): HistogramSnapshot {
  return new Map(h.toJSON().buckets);
}

/**
 * Nearest-rank quantile (bucket midpoint, ms) of the records in `now` but
 * not in `before` (a snapshot of the same histogram taken earlier); NaN
 * when there are none. Within the histogram's relative error.
 */
export function windowQuantile(before: HistogramSnapshot, now: HistogramSnapshot, q: number): number {
  const diff: Array<[number, number]> = [];
  let n = 0;
  for (const [i, c] of now) {
    const d = c - (before.get(i) ?? 0);
    if (d > 0) {
      diff.push([i, d]);
      n += d;
    }
  }
  if (n === 0) return NaN;
  diff.sort((a, b) => a[0] - b[0]);
  const rank = Math.max(1, Math.ceil(q * n - 1e-9));
  let cum = 0;
  for (const [i, d] of diff) {
    cum += d;
    if (cum >= rank) return latencyBucketMidpoint(i);
  }
  return latencyBucketMidpoint(diff[diff.length - 1]![0]);
}
