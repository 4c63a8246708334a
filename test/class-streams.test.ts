/**
 * One arrival process per class, and growth. A class's arrivals over
 * [0, T] are Poisson with mean Λ = ∫₀ᵀ λ_class(t) dt, worked out by hand
 * below for each class's own phases; counts are checked at 4.5σ (σ = √Λ;
 * two-sided false alarm 7·10⁻⁶ per check). Seeds are fixed.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { RateProfile } from '../src/traffic/rate-profile.js';
import { GROWTH_RELATIVE_ERROR } from '../src/traffic/growth.js';
import { problemsOf, runData } from './support/run-data.js';

const Z = 4.5;

function expectPoisson(count: number, mean: number): void {
  expect(Math.abs(count - mean)).toBeLessThan(Z * Math.sqrt(mean));
}

function data(classes: Record<string, unknown>, traffic: Record<string, unknown> = {}, run: Record<string, unknown> = {}): Record<string, unknown> {
  const paths = Object.fromEntries(Object.entries(classes).map(([k, v]) => [k, { path: ['web'], ...(v as object) }]));
  return {
    name: 'classes',
    run: { duration: '1000s', seed: 7, ...run },
    sites: { A: {} },
    traffic: { classes: paths, ...traffic },
    tiers: { web: { servers: [{ name: 'w', site: 'A', slots: 1000 }], serviceTime: { dist: 'constant', value: '1ms' } } },
  };
}

// page: its own constant 20/s (Λ = 20,000); report: its own ramp 0 → 40/s (Λ = ½·40·1000 = 20,000);
// asset: the shared 10/s (Λ = 10,000), the only class left to the shared stream.
const own = {
  page: { phases: [{ phase: 'constant', rate: '20/s', duration: '1000s' }] },
  report: { phases: [{ phase: 'ramp', to: '40/s', duration: '1000s' }] },
  asset: { share: 1 },
};
const shared = { phases: [{ phase: 'constant', rate: '10/s', duration: '1000s' }] };

describe('a stream per class', () => {
  it('counts each class against the integral of its own rate', () => {
    const s = runData(data(own, shared));
    expectPoisson(s.classes.page!.total, 20_000);
    expectPoisson(s.classes.report!.total, 20_000);
    expectPoisson(s.classes.asset!.total, 10_000);
    const resolved = resolveScenarioData(data(own, shared), 't.json').scenario;
    expect(resolved.classStreams).toHaveLength(3);
    expect(resolved.classes.map((k) => k.share)).toEqual([0.4, 0.4, 0.2]);
  });

  it('keeps common random numbers: changing one class leaves the others\' arrivals unchanged', () => {
    const a = runData(data(own, shared));
    const busier = { ...own, report: { phases: [{ phase: 'ramp', to: '80/s', duration: '1000s' }] } };
    const b = runData(data(busier, shared));
    expect(b.classes.page!.total).toBe(a.classes.page!.total);
    expect(b.classes.asset!.total).toBe(a.classes.asset!.total);
    expectPoisson(b.classes.report!.total, 40_000);
  });

  it('gives every class its own stream when an event affects only some of them', () => {
    const classes = { page: { share: 1 }, asset: { share: 3 } };
    const traffic = {
      phases: [{ phase: 'constant', rate: '40/s', duration: '1000s' }],
      // page ×3 for 200 s (rise and decay 100 s each): Λ_page = 10·1000 + 10·2·(200 + 100) = 16,000.
      events: [{ at: '2014-06-12T00:05', factor: 3, rise: '100s', hold: '200s', decay: '100s', classes: ['page'] }],
    };
    const d = data(classes, traffic, { startsAt: '2014-06-12T00:00+02:00' });
    const s = runData(d);
    expectPoisson(s.classes.page!.total, 16_000);
    expectPoisson(s.classes.asset!.total, 30_000);
    const r = resolveScenarioData(d, 't.json').scenario;
    expect(new RateProfile(r.classStreams![0]!.ratePoints).rateAt(300 + 100 + 100)).toBeCloseTo(30, 9);
    expect(new RateProfile(r.classStreams![1]!.ratePoints).rateAt(500)).toBeCloseTo(30, 9);
  });

  it('needs a share or phases on each class', () => {
    expect(problemsOf(data({ page: {} }, shared)).join('\n')).toMatch(/traffic\.classes\.page\.share.*missing/);
    expect(problemsOf(data({ page: { share: 1, daily: { hourly: Array(24).fill(1) } } }, shared)).join('\n')).toMatch(/needs the class's own "phases"/);
  });
});

describe('growth', () => {
  it('integrates to the closed form per/ln f · (f^(T/per) − 1) within the stated error', () => {
    // ×1.2 per 30 days, 100/s, over 90 days.
    const T = 90 * 86400;
    const per = 30 * 86400;
    const d = data({ page: { share: 1 } }, { phases: [{ phase: 'constant', rate: '100/s', duration: '90d' }], growth: { per: '30d', factor: 1.2 } }, { duration: '90d' });
    const p = new RateProfile(resolveScenarioData(d, 't.json').scenario.ratePoints);
    const exact = (100 * per * (1.2 ** 3 - 1)) / Math.log(1.2);
    const relative = p.expectedArrivals(0, T) / exact - 1;
    expect(relative).toBeGreaterThanOrEqual(0); // chords lie above a convex curve
    expect(relative).toBeLessThan(GROWTH_RELATIVE_ERROR);
    expect(p.rateAt(60 * 86400)).toBeCloseTo(144, 3); // 100 × 1.2²
  });

  it('drives the arrival count to the closed form', () => {
    // ×2 per 1000 s at 10/s over 2000 s: Λ = 10 · 1000/ln 2 · (2² − 1) ≈ 43,281.
    const d = data({ page: { share: 1 } }, { phases: [{ phase: 'constant', rate: '10/s', duration: '2000s' }], growth: { per: '1000s', factor: 2 } }, { duration: '2000s' });
    expectPoisson(runData(d).classes.page!.total, (10 * 1000 * 3) / Math.LN2);
  });
});
