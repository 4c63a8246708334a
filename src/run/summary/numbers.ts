/** Rounding, merging and intervals shared by the summary's sections. */
import { confidenceInterval } from '../../stats/confidence.js';
import { LatencyHistogram, type LatencyHistogramJSON } from '../../stats/latency-histogram.js';

export interface LatencySummary {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
}

export interface Interval {
  mean: number;
  /** 95% half-width across replications (Student t); null with one replication. */
  halfWidth95: number | null;
}

/** Significant digits every figure of the JSON keeps, however small. */
export const SIGNIFICANT_DIGITS = 4;

/**
 * Round a figure of the JSON summary — the one place it is done. It keeps
 * `digits` decimals (sub-microsecond digits of a latency in ms are noise),
 * or SIGNIFICANT_DIGITS significant digits when that is more: a 0.2 ms
 * HAProxy's utilisation of 4.1e-5 stays 4.1e-5, not 0 (issue 10), while an
 * availability of 0.99912346 keeps its 8 decimals.
 */
export function r(x: number, digits = 3): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const fixed = Math.round(x * 10 ** digits) / 10 ** digits;
  // Decimals needed for SIGNIFICANT_DIGITS significant digits of x.
  const needed = SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(Math.abs(x)));
  if (needed <= digits) return fixed;
  return Number(x.toPrecision(SIGNIFICANT_DIGITS));
}

function nullable(x: number, digits = 3): number | null {
  return Number.isFinite(x) ? r(x, digits) : null;
}

export function latencySummary(h: LatencyHistogram): LatencySummary {
  if (h.count === 0) return { mean: null, p50: null, p90: null, p95: null, p99: null, p999: null, max: null };
  return {
    mean: nullable(h.mean),
    p50: nullable(h.quantile(0.5)),
    p90: nullable(h.quantile(0.9)),
    p95: nullable(h.quantile(0.95)),
    p99: nullable(h.quantile(0.99)),
    p999: nullable(h.quantile(0.999)),
    max: nullable(h.max),
  };
}

/** One histogram from the replications' histograms. */
export function merged(list: LatencyHistogramJSON[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const j of list) h.merge(LatencyHistogram.fromJSON(j));
  return h;
}

/** 95% interval across replications; null with fewer than two, or with a value that is not finite. */
export function interval(values: number[], digits: number): Interval | null {
  if (values.length < 2 || values.some((v) => !Number.isFinite(v))) return null;
  const ci = confidenceInterval(values, 0.95);
  return { mean: r(ci.mean, digits), halfWidth95: Number.isFinite(ci.halfWidth) ? r(ci.halfWidth, digits) : null };
}

/** `{ key: value }` when there is a value, `{}` otherwise (absent sections stay out of the JSON). */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Σ f over the replications. */
export function sumOf<T>(reps: readonly T[], f: (x: T) => number): number {
  return reps.reduce((a, x) => a + f(x), 0);
}
