/**
 * The summary's `series` section: one value per time window for the
 * metrics that mean something per window, keyed by the same dotted path as
 * the whole-run metric (`latencyMs.p99` → `series.values['latencyMs.p99']`).
 * Window SLOs ("p99 < 500 ms in every 1-minute window") read it, and so do
 * reports. Values are pooled over the replications, window by window
 * (counts summed, latency quantiles from the merged per-window histograms).
 */
export interface SeriesSummary {
  /** Window length [s]. */
  windowSeconds: number;
  /** Start of each window [s of simulated time since the run start]; the windows cover the measured part of the run (after the warm-up). */
  startSeconds: number[];
  /** Each window's start as seconds since local midnight on the scenario's calendar, or null without a calendar. */
  secondOfDay: Array<number | null>;
  /** With run.startsAt: each window's start as a local ISO date-time with its offset ("2014-06-12T22:00:00+02:00"). */
  startIso?: string[];
  /** Metric path → one value per window (null where the window has no data, e.g. no request finished in it). */
  values: Record<string, Array<number | null>>;
  /** End of the last window [s]: the run's end (the last window is shorter when the window does not divide the measured time). */
  endSeconds: number;
  /** Requests the traffic source generated in each window (retries are not new arrivals), summed over replications. */
  arrivals: number[];
  /** Requests that ended (ok or failed) per second of the window, per replication [req/s]. */
  throughputPerSecond: number[];
  /** The first replication's incidents (start) and scaling decisions, with the window they fall in: the same as `incidents` and `autoscaling.<tier>.timeline`. */
  marks: SeriesMark[];
}

/** Something that happened at one instant, to show on a series. */
export interface SeriesMark {
  atSeconds: number;
  /** Index of the window it falls in; null before the measurement started (during the warm-up). */
  window: number | null;
  kind: 'incident' | 'scale-out' | 'scale-in';
  /** What: the incident's target ("server web/eg-1"), or "<tier>: <from> → <to>" instances wanted. */
  label: string;
}

/**
 * The metric paths that have a per-window series, as patterns on the path
 * (`[^.]+` stands for a class, tier, reason, database or server name). A
 * window SLO on any other metric is refused when the scenario is loaded.
 */
export const WINDOW_METRIC_PATTERNS: readonly RegExp[] = [
  /^requests\.(total|ok|failed)$/,
  /^requests\.failedBy\.[^.]+$/,
  /^availability\.(requests|time)$/,
  /^latencyMs\.(mean|p50|p90|p95|p99|max)$/,
  /^classes\.[^.]+\.(total|ok|failed|availability)$/,
  /^classes\.[^.]+\.latencyMs\.(mean|p50|p90|p95|p99|max)$/,
  /^tiers\.[^.]+\.(utilisation|meanQueued)$/,
  /^databases\.[^.]+\.slaves\.[^.]+\.lagMs\.(p50|p99|max)$/,
  /^autoscaling\.[^.]+\.serving$/,
];

export function hasWindowSeries(metric: string): boolean {
  return WINDOW_METRIC_PATTERNS.some((p) => p.test(metric));
}
