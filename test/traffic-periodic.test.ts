/**
 * Daily/weekly curves and profile products.
 *
 * Exactness is checked against closed-form integrals (the compiled curve is
 * piecewise linear, so its integral over an hour is a trapezoid). Sampling is
 * checked statistically: arrivals in a window over R replications are
 * Poisson with mean μ = R·Λ(window), standard deviation √μ; each window is
 * held to 4.5σ (false alarm 7·10⁻⁶ per check).
 */
import { describe, expect, it } from 'vitest';
import { RateProfile } from '../src/traffic/rate-profile.js';
import { deriveStream } from '../src/rng/stream.js';
import { addPoints, dailyCurvePoints, multiplyPoints } from '../src/traffic/periodic-curves.js';

const Z = 4.5;
const H = 3600;
const DAY = 86400;

// A plausible audience curve: low at night, peak at 21:00.
const HOURLY = [0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 1.0, 0.9, 0.85, 0.85, 0.9, 1.0, 1.2, 1.5, 1.8, 2.0, 1.4, 0.7];

/** Arrival counts per bin of `width` [s] over [0, horizon), from R replications. */
function sampleCounts(points: Array<[number, number]>, horizon: number, width: number, R: number, seedName: string): Float64Array {
  const profile = new RateProfile(points);
  const rng = deriveStream(77, seedName);
  const counts = new Float64Array(Math.ceil(horizon / width));
  for (let rep = 0; rep < R; rep++) {
    let t = 0;
    for (;;) {
      t = profile.nextArrival(t, -Math.log(1 - rng.next()));
      if (t >= horizon) break;
      counts[Math.floor(t / width)]!++;
    }
  }
  return counts;
}

function expectPoisson(count: number, mu: number, what: string): void {
  expect(Math.abs(count - mu), `${what}: ${count} arrivals, expected ${mu.toFixed(1)}`).toBeLessThan(Z * Math.sqrt(mu));
}

describe('dailyCurvePoints', () => {
  it('hourly multipliers: Λ per hour is the trapezoid of the hour marks, and samples follow it', () => {
    const base = 2;
    const horizon = 2 * DAY;
    const points = dailyCurvePoints({ horizonSeconds: horizon, baseRate: base, hourly: HOURLY });
    const profile = new RateProfile(points);
    for (let h = 0; h < 48; h++) {
      const exact = base * H * (HOURLY[h % 24]! + HOURLY[(h + 1) % 24]!) / 2;
      expect(profile.expectedArrivals(h * H, (h + 1) * H)).toBeCloseTo(exact, 6);
      expect(profile.rateAt(h * H)).toBeCloseTo(base * HOURLY[h % 24]!, 12);
    }
    const R = 3;
    const counts = sampleCounts(points, horizon, H, R, 'daily-hourly');
    for (let h = 0; h < 48; h++) expectPoisson(counts[h]!, R * profile.expectedArrivals(h * H, (h + 1) * H), `hour ${h}`);
  });

  it('a run starting at 20:00 starts on the 20:00 mark; points stay bounded for a month', () => {
    const points = dailyCurvePoints({ horizonSeconds: 31 * DAY, baseRate: 10, hourly: HOURLY, startHour: 20, nightly: { startHour: 2, endHour: 4, extraRate: 1 } });
    const profile = new RateProfile(points);
    expect(profile.rateAt(0)).toBeCloseTo(10 * HOURLY[20]!, 12);
    expect(profile.rateAt(4 * H)).toBeCloseTo(10 * HOURLY[0]!, 12); // midnight
    expect(profile.rateAt(4.5 * H)).toBeCloseTo(10 * (HOURLY[0]! + HOURLY[1]!) / 2, 12);
    // ≤ 24 anchors + 2 per window edge + 1 for midnight, per day.
    expect(points.length).toBeLessThanOrEqual(31 * 30);
    expect(points[points.length - 1]![0]).toBe(31 * DAY);
  });

  it('anchor pairs wrap around midnight', () => {
    // 06:00 → 0.5, 20:00 → 2; from 20:00 to 06:00 (10 h) falls back to 0.5.
    const points = dailyCurvePoints({ horizonSeconds: DAY, baseRate: 1, anchors: [[6, 0.5], [20, 2]] });
    const p = new RateProfile(points);
    expect(p.rateAt(6 * H)).toBeCloseTo(0.5, 12);
    expect(p.rateAt(20 * H)).toBeCloseTo(2, 12);
    expect(p.rateAt(0)).toBeCloseTo(2 + (0.5 - 2) * (4 / 10), 12);
    expect(p.rateAt(13 * H)).toBeCloseTo(0.5 + 1.5 * (7 / 14), 12);
    expect(p.expectedArrivals(0, DAY)).toBeCloseTo(H * (14 * (0.5 + 2) / 2 + 10 * (2 + 0.5) / 2), 6);
  });

  it('weekly multipliers switch at midnight and scale whole days (Friday–Sunday evenings)', () => {
    // Vodkaster-like: evening shape, Friday ×2, Saturday ×2.5, Sunday ×2; run starts Thursday 20:00.
    const weekly = [1, 1, 1, 1, 2, 2.5, 2];
    const anchors: Array<[number, number]> = [[3, 0.1], [12, 0.5], [21, 1], [23, 0.6]];
    const base = 1.5;
    const start = 20 * H;
    const horizon = 8 * DAY;
    const points = dailyCurvePoints({ horizonSeconds: horizon, baseRate: base, anchors, startHour: 20, startWeekday: 3, weekly });
    const profile = new RateProfile(points);
    const plain = new RateProfile(dailyCurvePoints({ horizonSeconds: DAY, baseRate: base, anchors }));
    const dayIntegral = plain.expectedArrivals(0, DAY);
    // Calendar day d (0 = Thursday) spans [d·DAY − start, (d+1)·DAY − start) in run time.
    const R = 4;
    const rng = deriveStream(77, 'weekly');
    const perDay = new Float64Array(9);
    for (let rep = 0; rep < R; rep++) {
      let t = 0;
      for (;;) {
        t = profile.nextArrival(t, -Math.log(1 - rng.next()));
        if (t >= horizon) break;
        perDay[Math.floor((t + start) / DAY)]!++;
      }
    }
    for (let d = 1; d <= 7; d++) {
      const weekday = (3 + d) % 7;
      const a = d * DAY - start;
      const b = a + DAY;
      expect(profile.expectedArrivals(a, b)).toBeCloseTo(weekly[weekday]! * dayIntegral, 6);
      expectPoisson(perDay[d]!, R * weekly[weekday]! * dayIntegral, `day ${d} (weekday ${weekday})`);
    }
    // The step is at midnight Thursday → Friday (run time 4 h): rate doubles there.
    const midnight = 4 * H;
    expect(profile.rateAt(midnight)).toBeCloseTo(2 * plain.rateAt(0), 12);
    expect(profile.rateAt(midnight - 1e-6)).toBeCloseTo(plain.rateAt(DAY - 1e-6), 6);
  });

  it('peakRate scales the busiest point of the week to the peak', () => {
    const points = dailyCurvePoints({ horizonSeconds: 7 * DAY, peakRate: 3000, hourly: HOURLY, weekly: [1, 1, 1, 1, 1.2, 1.5, 1.3] });
    const profile = new RateProfile(points);
    expect(profile.peakRate).toBeCloseTo(3000, 9);
    expect(profile.rateAt(5 * DAY + 21 * H)).toBeCloseTo(3000, 9); // Saturday 21:00
  });

  it('a nightly window adds its extra arrivals (RadioShop: 7,000 downloads between 02:00 and 04:00)', () => {
    const extra = 7000 / (2 * H);
    const opts = { horizonSeconds: 5 * DAY, baseRate: 0.2, hourly: HOURLY, startHour: 20 };
    const withWindow = new RateProfile(dailyCurvePoints({ ...opts, nightly: { startHour: 2, endHour: 4, extraRate: extra } }));
    const without = new RateProfile(dailyCurvePoints(opts));
    for (let night = 0; night < 4; night++) {
      const a = 6 * H + night * DAY; // 02:00 in run time (start 20:00)
      expect(withWindow.expectedArrivals(a, a + 2 * H) - without.expectedArrivals(a, a + 2 * H)).toBeCloseTo(7000, 6);
      expect(withWindow.expectedArrivals(a + 2 * H, a + DAY) - without.expectedArrivals(a + 2 * H, a + DAY)).toBeCloseTo(0, 6);
    }
    expect(withWindow.rateAt(6 * H) - without.rateAt(6 * H)).toBeCloseTo(extra, 12);
    expect(withWindow.rateAt(8 * H) - without.rateAt(8 * H)).toBeCloseTo(0, 12); // end excluded
    // Sampled: arrivals inside the windows.
    const rng = deriveStream(77, 'nightly');
    let inWindows = 0;
    let t = 0;
    for (;;) {
      t = withWindow.nextArrival(t, -Math.log(1 - rng.next()));
      if (t >= 4 * DAY) break; // four nights: 02:00–04:00 falls at 6 h, 30 h, 54 h, 78 h of run time
      const tod = (t + 20 * H) % DAY;
      if (tod >= 2 * H && tod < 4 * H) inWindows++;
    }
    let mu = 0;
    for (let night = 0; night < 4; night++) mu += withWindow.expectedArrivals(6 * H + night * DAY, 8 * H + night * DAY);
    expectPoisson(inWindows, mu, 'arrivals in the nightly windows');
  });

  it('a window straddling midnight (23:00 → 02:00)', () => {
    const p = new RateProfile(dailyCurvePoints({ horizonSeconds: 2 * DAY, baseRate: 0, nightly: { startHour: 23, endHour: 2, extraRate: 1 } }));
    expect(p.expectedArrivals(0, DAY)).toBeCloseTo(3 * H, 6); // 00:00–02:00 and 23:00–24:00
    expect(p.rateAt(23 * H)).toBe(1);
    expect(p.rateAt(DAY)).toBe(1);
    expect(p.rateAt(DAY + 2 * H)).toBe(0);
    expect(p.rateAt(22.99 * H)).toBe(0);
  });

  it('refuses bad options with a message naming them', () => {
    expect(() => dailyCurvePoints({ horizonSeconds: DAY, baseRate: 1, hourly: [1, 2] })).toThrow(/hourly needs 24/);
    expect(() => dailyCurvePoints({ horizonSeconds: DAY, baseRate: 1, peakRate: 2 })).toThrow(/exactly one of baseRate and peakRate/);
    expect(() => dailyCurvePoints({ horizonSeconds: DAY, baseRate: 1, weekly: [1, 1, 1] })).toThrow(/weekly needs 7/);
    expect(() => dailyCurvePoints({ horizonSeconds: DAY, baseRate: 1, anchors: [[5, 1], [3, 1]] })).toThrow(/increase strictly/);
    expect(() => dailyCurvePoints({ horizonSeconds: DAY, baseRate: 1, startHour: 24 })).toThrow(/startHour/);
    expect(() => dailyCurvePoints({ horizonSeconds: DAY, baseRate: 1, nightly: { startHour: 2, endHour: 2, extraRate: 1 } })).toThrow(/nightly\[0\]/);
  });
});

describe('multiplyPoints / addPoints', () => {
  it('by a piecewise-constant factor: exact, steps kept', () => {
    const ramp: Array<[number, number]> = [[0, 0], [100, 100]];
    const factor: Array<[number, number]> = [[0, 1], [50, 1], [50, 2], [80, 2], [80, 0.5]];
    const prod = multiplyPoints(ramp, factor);
    const p = new RateProfile(prod);
    const a = new RateProfile(ramp);
    const f = new RateProfile(factor);
    for (let t = 0; t <= 150; t += 0.37) expect(p.rateAt(t)).toBeCloseTo(a.rateAt(t) * f.rateAt(t), 10);
    expect(prod.length).toBeLessThanOrEqual(8); // no resampling needed
    expect(p.expectedArrivals(0, 100)).toBeCloseTo(50 * 25 + 2 * (80 * 80 - 50 * 50) / 2 + 0.5 * (100 * 100 - 80 * 80) / 2, 8);
  });

  it('by a piecewise-linear daily curve: within maxRateError everywhere, Λ within (2/3)·ε·T', () => {
    // A 2-hour ramp 0 → 3000 req/s times the daily curve starting at 18:00.
    const phase: Array<[number, number]> = [[0, 0], [2 * H, 3000], [6 * H, 3000]];
    const daily = dailyCurvePoints({ horizonSeconds: 6 * H, baseRate: 1, hourly: HOURLY, startHour: 18 });
    const eps = 0.5;
    const prod = multiplyPoints(phase, daily, { maxRateError: eps });
    const p = new RateProfile(prod);
    const a = new RateProfile(phase);
    const b = new RateProfile(daily);
    let worst = 0;
    for (let t = 0; t <= 6 * H; t += 0.913) worst = Math.max(worst, Math.abs(p.rateAt(t) - a.rateAt(t) * b.rateAt(t)));
    expect(worst).toBeLessThanOrEqual(eps * (1 + 1e-9));
    // Exact Λ of the product by Simpson's rule per hour-piece (exact for quadratics).
    let exact = 0;
    const cuts = [0, ...Array.from({ length: 6 }, (_, i) => (i + 1) * H)];
    for (let i = 1; i < cuts.length; i++) {
      const x0 = cuts[i - 1]!;
      const x1 = cuts[i]!;
      const q = (t: number): number => a.rateAt(t) * b.rateAt(t);
      exact += ((x1 - x0) / 6) * (q(x0) + 4 * q((x0 + x1) / 2) + q(x1));
    }
    expect(Math.abs(p.expectedArrivals(0, 6 * H) - exact)).toBeLessThanOrEqual((2 / 3) * eps * 6 * H);
    expect(prod.length).toBeLessThan(2000);
  });

  it('refuses to blow up the number of points', () => {
    const big: Array<[number, number]> = [[0, 0], [1e6, 1e6]];
    expect(() => multiplyPoints(big, big, { maxRateError: 1e-9, maxPoints: 10_000 })).toThrow(/breakpoints/);
  });

  it('addPoints is exact (a phase profile plus a nightly batch)', () => {
    const a: Array<[number, number]> = [[0, 10], [100, 30], [100, 5]];
    const b: Array<[number, number]> = [[0, 0], [40, 0], [40, 2], [60, 2], [60, 0]];
    const s = new RateProfile(addPoints(a, b));
    const pa = new RateProfile(a);
    const pb = new RateProfile(b);
    for (let t = 0; t <= 130; t += 0.5) expect(s.rateAt(t)).toBeCloseTo(pa.rateAt(t) + pb.rateAt(t), 12);
    expect(s.expectedArrivals(0, 130)).toBeCloseTo(pa.expectedArrivals(0, 130) + 40, 9);
  });
});
