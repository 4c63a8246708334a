/**
 * Exact NHPP sampling of the phase shapes operators use, built as
 * RateProfile points (as the scenario compiler builds them).
 *
 * Statistical tolerance. Over R independent replications, the number of
 * arrivals in a window [a, b) is Poisson with mean μ = R·(Λ(b) − Λ(a)), so
 * its standard deviation is √μ. Each window is checked at 4.5σ (two-sided
 * false-alarm probability 7·10⁻⁶ per check, < 10⁻³ over all checks of this
 * file), and the windows of a shape jointly by Σ z² against the 99.99%
 * quantile of χ² with 10 degrees of freedom (35.56), which catches small
 * systematic biases spread over all windows. Seeds are fixed, so the result
 * is deterministic; the tolerances say how unlucky a correct sampler would
 * have to be to fail.
 */
import { describe, expect, it } from 'vitest';
import { RateProfile } from '../src/traffic/rate-profile.js';
import { deriveStream } from '../src/rng/stream.js';

const Z = 4.5;
const CHI2_10DF_99_99 = 35.56;
const HORIZON = 600;
const WINDOWS = 10;
const R = 20;

const shapes: Record<string, Array<[number, number]>> = {
  constant: [
    [0, 0],
    [0, 40],
    [HORIZON, 40],
  ],
  'linear ramp': [
    [0, 0],
    [HORIZON, 80],
  ],
  step: [
    [0, 20],
    [300, 20],
    [300, 80],
    [HORIZON, 80],
  ],
  // ×3 spike in 20 s (30 → 90 req/s between 200 s and 220 s), then hold.
  'spike ×3 in 20 s': [
    [0, 30],
    [200, 30],
    [220, 90],
    [HORIZON, 90],
  ],
  // ramp to 50 then hold it.
  hold: [
    [0, 0],
    [100, 50],
    [HORIZON, 50],
  ],
  decay: [
    [0, 90],
    [HORIZON, 5],
  ],
  // all of them in sequence, window edges falling inside pieces.
  composite: [
    [0, 0],
    [0, 20],
    [70, 20],
    [130, 60],
    [130, 30],
    [250, 30],
    [270, 90],
    [400, 90],
    [HORIZON, 10],
  ],
};

/** ∫₀ᵀ of the points by the trapezoid rule (exact for piecewise linear), independent of RateProfile. */
function integral(points: Array<[number, number]>, T: number): number {
  let s = 0;
  for (let i = 1; i < points.length; i++) {
    const [t0, r0] = points[i - 1]!;
    const [t1, r1] = points[i]!;
    if (t0 >= T) break;
    const e = Math.min(t1, T);
    if (e <= t0) continue;
    const re = r0 + ((r1 - r0) * (e - t0)) / (t1 - t0);
    s += ((r0 + re) / 2) * (e - t0);
  }
  const [tl, rl] = points[points.length - 1]!;
  if (T > tl) s += rl * (T - tl);
  return s;
}

describe('RateProfile sampling of phase shapes', () => {
  for (const [name, points] of Object.entries(shapes)) {
    it(`${name}: counts per window match Λ, times strictly increase`, () => {
      const profile = new RateProfile(points);
      const rng = deriveStream(20240611, `phase/${name}`);
      const counts = new Float64Array(WINDOWS);
      const width = HORIZON / WINDOWS;
      let total = 0;
      let nonIncreasing = 0;
      for (let rep = 0; rep < R; rep++) {
        // Every replication restarts at t = 0: also exercises the cursor rewinding.
        let t = 0;
        for (;;) {
          const next = profile.nextArrival(t, -Math.log(1 - rng.next()));
          if (next >= HORIZON) break;
          if (!(next > t)) nonIncreasing++;
          t = next;
          counts[Math.floor(t / width)]!++;
          total++;
        }
      }
      expect(nonIncreasing).toBe(0);

      // The profile's own Λ agrees with an independent trapezoid integral.
      expect(profile.expectedArrivals(0, HORIZON)).toBeCloseTo(integral(points, HORIZON), 6);

      let chi2 = 0;
      for (let w = 0; w < WINDOWS; w++) {
        const mu = R * profile.expectedArrivals(w * width, (w + 1) * width);
        const z = (counts[w]! - mu) / Math.sqrt(mu);
        chi2 += z * z;
        expect(Math.abs(z), `window ${w}: ${counts[w]} arrivals, expected ${mu.toFixed(1)}`).toBeLessThan(Z);
      }
      expect(chi2).toBeLessThan(CHI2_10DF_99_99);

      const muTotal = R * profile.expectedArrivals(0, HORIZON);
      expect(Math.abs(total - muTotal)).toBeLessThan(Z * Math.sqrt(muTotal));
    });
  }

  it('a profile that ends at zero stops producing arrivals', () => {
    const profile = new RateProfile([
      [0, 10],
      [50, 10],
      [60, 0],
    ]);
    const rng = deriveStream(1, 'ends-at-zero');
    let t = 0;
    let n = 0;
    for (;;) {
      const next = profile.nextArrival(t, -Math.log(1 - rng.next()));
      if (next === Infinity) break;
      expect(next).toBeLessThanOrEqual(60);
      t = next;
      n++;
    }
    expect(n).toBeGreaterThan(400);
  });
});

describe('RateProfile.rateBefore: the rate just before a time', () => {
  it('at a step, the rate before it (rateAt gives the rate from it on); on a ramp, the ramp itself', () => {
    // 40/s for 30 min, a step to 0, a ramp 0 → 60/s over the next 30 min, then 60/s held.
    const p = new RateProfile([
      [0, 40],
      [1800, 40],
      [1800, 0],
      [3600, 60],
    ]);
    expect(p.rateBefore(1800)).toBe(40);
    expect(p.rateAt(1800)).toBe(0);
    expect(p.rateBefore(2700)).toBeCloseTo(30, 12); // half-way up the ramp: no step, both sides agree
    expect(p.rateAt(2700)).toBeCloseTo(30, 12);
    expect(p.rateBefore(3600)).toBeCloseTo(60, 12); // the ramp's end meets the held rate
    expect(p.rateBefore(0)).toBe(40); // nothing before the start
    expect(p.rateBefore(600)).toBe(40); // and back in time again (the cursor restarts)
  });
});
