/**
 * The time windows of the summary's `series`: their length, by default
 * chosen from the measured length of the run, and the cap that keeps a long
 * run's memory bounded.
 *
 * Default: the shortest step of {@link WINDOW_LADDER} that cuts the measured
 * time into at most {@link DEFAULT_TARGET_WINDOWS} windows, but at most
 * 15 minutes as long as that keeps to {@link DEFAULT_MAX_WINDOWS} (a month gets
 * 2,880 windows of 15 min; a run longer than ~104 days gets the shortest
 * step that keeps to the cap). Examples: 30 min → 10 s, 2 h → 30 s,
 * 5 h → 1 min, 1 day → 5 min, 30 days → 15 min, 1 year → 1 h.
 *
 * An explicit `run.window` (or `--window`) is refused when it would make
 * more than MAX_WINDOWS windows.
 */

/** Window lengths the default picks from [s]: 1-2-5-10-15-30 s, 1-2-5-10-15-30 min, 1-2-3-6-12 h, 1 day. */
export const WINDOW_LADDER: readonly number[] = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];
/** The default aims at this many windows or fewer. */
export const DEFAULT_TARGET_WINDOWS = 300;
/** The default window is at most this long [s] while that keeps to MAX_WINDOWS. */
export const DEFAULT_LONGEST_WINDOW_SECONDS = 900;
/** At most this many windows per run (what one replication keeps in memory and the JSON lists): a month of 1-minute windows (43,200) fits. */
export const MAX_WINDOWS = 50_000;
/** The default window keeps to this many (a year gets 1-hour windows unless asked for finer ones). */
export const DEFAULT_MAX_WINDOWS = 10_000;

/** Windows covering `measuredSeconds` with windows of `windowSeconds` (the last may be shorter); at least one. */
export function windowCount(measuredSeconds: number, windowSeconds: number): number {
  // The 1e-9 absorbs a quotient one ulp above an integer (a 30-day run cut into 15-minute windows).
  return Math.max(1, Math.ceil(measuredSeconds / windowSeconds - 1e-9));
}

/** The default window length for a run whose measured part lasts `measuredSeconds` [s]. */
export function defaultWindowSeconds(measuredSeconds: number): number {
  const fits = (w: number, most: number): boolean => windowCount(measuredSeconds, w) <= most;
  const target = WINDOW_LADDER.find((w) => fits(w, DEFAULT_TARGET_WINDOWS));
  if (target !== undefined && target <= DEFAULT_LONGEST_WINDOW_SECONDS) return target;
  if (fits(DEFAULT_LONGEST_WINDOW_SECONDS, DEFAULT_MAX_WINDOWS)) return DEFAULT_LONGEST_WINDOW_SECONDS;
  const capped = WINDOW_LADDER.find((w) => fits(w, DEFAULT_MAX_WINDOWS));
  // Beyond the ladder (runs longer than 27 years): whole days.
  return capped ?? 86400 * Math.ceil(measuredSeconds / 86400 / DEFAULT_MAX_WINDOWS);
}

/** The window length of a run: its explicit `run.window`, else the default. */
export function seriesWindowSeconds(run: { durationSeconds: number; warmupSeconds: number; windowSeconds?: number }): number {
  return run.windowSeconds ?? defaultWindowSeconds(run.durationSeconds - run.warmupSeconds);
}
