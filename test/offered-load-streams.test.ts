/**
 * The offered-load warning with a stream per class: the mix changes over
 * time, so each tier is checked at every breakpoint of the classes'
 * profiles (where a sum of piecewise-linear rates is largest), not at the
 * total's peak split by the run's average shares. Closed form: a FIFO tier
 * of c slots serving λ_k(t) requests/s of class k for E[S_k] s each is
 * offered ρ(t) = Σ_k λ_k(t)·E[S_k] / c.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { formatProblem } from '../src/scenario/scenario-error.js';

/** Class `night` hits tier `batch` only in the first half hour, class `day` tier `web` only in the second. */
function scenario(nightRate: string, dayRate: string): unknown {
  return {
    name: 'mix',
    run: { duration: '1h', seed: 1 },
    sites: { A: {} },
    traffic: {
      classes: {
        night: { path: ['batch'], phases: [{ phase: 'constant', rate: nightRate, duration: '30min' }, { phase: 'constant', rate: '0/s', duration: '30min' }] },
        day: { path: ['web'], phases: [{ phase: 'constant', rate: '0/s', duration: '30min' }, { phase: 'constant', rate: dayRate, duration: '30min' }] },
      },
    },
    tiers: {
      // 4 slots × 1 / 50 ms = 80 requests/s each.
      batch: { servers: [{ name: 'b', site: 'A', slots: 4 }], serviceTime: { dist: 'exponential', mean: '50ms' } },
      web: { servers: [{ name: 'w', site: 'A', slots: 4 }], serviceTime: { dist: 'exponential', mean: '50ms' } },
    },
  };
}

/** The offered-load warnings (an unused tier has a warning of its own). */
function warnings(data: unknown): string[] {
  return resolveScenarioData(data, 'x.json').warnings.map(formatProblem).filter((w) => w.includes('offered load'));
}

describe('offered load with a stream per class', () => {
  it('warns for the tier that its class overloads during its half, though the run-average mix would not', () => {
    // night: 120/s × 50 ms = 6 busy slots for 4 (ρ = 1.5) in [0, 30 min); the average share (½ of a 120/s peak) would give ρ = 0.75.
    const w = warnings(scenario('120/s', '40/s'));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^x\.json: tiers\.batch: warning: at its busiest, t = 0s \(120 requests\/s in all, the classes' own streams\) the offered load is 6 busy slots but the tier has 4 \(ρ = 1\.5\)/);
  });

  it('finds the busiest moment of each tier on its own, each side of a step apart (ρ = 1.25 for web from t = 30 min, when night has stopped)', () => {
    const w = warnings(scenario('40/s', '100/s'));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/tiers\.web: warning: at its busiest, t = 30min \(100 requests\/s in all, the classes' own streams\) the offered load is 5 busy slots but the tier has 4 \(ρ = 1\.25\)/);
  });

  it('stays quiet when every tier keeps ρ ≤ 1 at every moment (80/s × 50 ms = 4 slots: ρ = 1)', () => {
    expect(warnings(scenario('80/s', '80/s'))).toEqual([]);
  });

  it('adds the classes that share a tier at the same moment, and ramps are checked at their ends', () => {
    const data = scenario('60/s', '60/s') as { traffic: { classes: Record<string, { path: string[]; phases: unknown[] }> } };
    // Both classes on batch: night 60/s then 0, day a ramp 0 → 60/s over the second half: at most 60/s at a time (ρ = 0.75) …
    data.traffic.classes.day!.path = ['batch'];
    data.traffic.classes.day!.phases = [{ phase: 'constant', rate: '0/s', duration: '30min' }, { phase: 'ramp', to: '60/s', duration: '30min' }];
    expect(warnings(data)).toEqual([]);
    // … but with the night class held to the end, at t = 1h they add up: 120/s × 50 ms = 6 slots (ρ = 1.5).
    data.traffic.classes.night!.phases = [{ phase: 'constant', rate: '60/s', duration: '1h' }];
    const w = warnings(data);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/tiers\.batch: warning: at its busiest, t = 1h \(120 requests\/s in all, the classes' own streams\) the offered load is 6 busy slots but the tier has 4 \(ρ = 1\.5\)/);
  });
});
