/**
 * Does a sampled series keep growing? The test behind the summary's
 * `stability` verdict, applied to the number of requests in a tier sampled
 * at regular simulated intervals over the measured window.
 *
 * The samples are cut into four equal quarters. The series grows in a
 * sustained way when the means of the second, third and fourth quarters
 * rise, each above the one before by more than the spread (standard
 * deviation) of the samples of that earlier quarter, and by at least one
 * request. (The first quarter is left out, so a queue that starts growing
 * only in the middle of the window is caught too.) A queue fed faster than it
 * drains grows linearly: each quarter's mean is higher by the growth of one
 * quarter, while the spread of a linear ramp inside a quarter is only
 * 1/√12 ≈ 0.29 of it, so it passes. A stable queue fluctuates around its
 * mean: its quarter means differ by about the spread ÷ √(quarter ÷ the
 * queue's relaxation time), far less than one spread, twice in a row.
 *
 * False positives: a queue whose natural swings last about as long as a
 * quarter of the window (utilisation within a fraction of a percent of 1
 * in a short run), and a run that ends while the traffic still rises and
 * the queue with it — then the verdict says what happened: the queue was
 * still growing when the run ended. False negatives: a queue that grows
 * only in the first half of the window and stays high, or one capped by a
 * `queueLimit` (its overload shows as rejected requests instead).
 */

export interface GrowthTest {
  /** Whether the series grows in a sustained way (see above). */
  growing: boolean;
  /** Least-squares slope over the second half of the samples [units per second]. */
  growthPerSecond: number;
  /** Mean of each quarter. */
  quarterMeans: [number, number, number, number];
}

/** Fewest samples the test needs (four quarters of two). */
export const MIN_GROWTH_SAMPLES = 8;

/** `samples[i]` taken at i·intervalSeconds (any origin). */
export function sustainedGrowth(samples: ArrayLike<number>, intervalSeconds: number): GrowthTest {
  const n = samples.length;
  const q = Math.floor(n / 4);
  const means: [number, number, number, number] = [0, 0, 0, 0];
  const spreads = [0, 0, 0, 0];
  if (q < 2) return { growing: false, growthPerSecond: 0, quarterMeans: means };
  for (let k = 0; k < 4; k++) {
    // The last quarter takes the remainder, so every sample counts.
    const from = k * q;
    const to = k === 3 ? n : from + q;
    let sum = 0;
    for (let i = from; i < to; i++) sum += samples[i]!;
    const mean = sum / (to - from);
    let sq = 0;
    for (let i = from; i < to; i++) sq += (samples[i]! - mean) ** 2;
    means[k] = mean;
    spreads[k] = Math.sqrt(sq / (to - from - 1));
  }
  let growing = true;
  for (let k = 1; k < 3; k++) {
    const rise = means[k + 1]! - means[k]!;
    if (!(rise > spreads[k]! && rise >= 1)) growing = false;
  }
  return { growing, growthPerSecond: slope(samples, 2 * q, n, intervalSeconds), quarterMeans: means };
}

/** Least-squares slope of samples [from, to) against their times [per second]. */
function slope(samples: ArrayLike<number>, from: number, to: number, intervalSeconds: number): number {
  const m = to - from;
  const tMean = (m - 1) / 2;
  let yMean = 0;
  for (let i = from; i < to; i++) yMean += samples[i]!;
  yMean /= m;
  let num = 0;
  let den = 0;
  for (let i = 0; i < m; i++) {
    num += (i - tMean) * (samples[from + i]! - yMean);
    den += (i - tMean) ** 2;
  }
  return den > 0 ? num / den / intervalSeconds : 0;
}
