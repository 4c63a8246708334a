import { describe, expect, it } from 'vitest';
import { Simulation } from '../src/engine/simulation.js';
import { HealthChecker, type CheckedBackend } from '../src/model/network/health-checker.js';

/** A backend whose truth flips at given times. */
class Flipping implements CheckedBackend {
  up = true;
  constructor(
    private readonly sim: Simulation,
    private readonly deathAt: number,
    private readonly reviveAt: number,
  ) {}
  get alive(): boolean {
    const t = this.sim.now;
    return t < this.deathAt || t >= this.reviveAt;
  }
}

describe('health checks', () => {
  const spec = { intervalSeconds: 2, timeoutSeconds: 1, rise: 2, fall: 3 };

  for (const deathAt of [10.0, 10.3, 11.7]) {
    it(`detect a death at t=${deathAt}s within [(fall−1)·inter + timeout, fall·inter + timeout] and a recovery within [(rise−1)·inter, rise·inter]`, () => {
      const sim = new Simulation(1);
      const backends = [new Flipping(sim, Infinity, Infinity), new Flipping(sim, deathAt, 40)];
      const changes: Array<[number, boolean, number]> = [];
      const hc = sim.add('hc', (ctx) => new HealthChecker(ctx, spec, backends, (i, up, t) => changes.push([i, up, t])));
      hc.begin();
      sim.run({ untilSeconds: 60 });
      expect(changes.map(([i, up]) => [i, up])).toEqual([
        [1, false],
        [1, true],
      ]);
      const down = changes[0]![2] - deathAt;
      expect(down).toBeGreaterThanOrEqual((spec.fall - 1) * spec.intervalSeconds + spec.timeoutSeconds);
      expect(down).toBeLessThanOrEqual(spec.fall * spec.intervalSeconds + spec.timeoutSeconds);
      const up = changes[1]![2] - 40;
      expect(up).toBeGreaterThanOrEqual((spec.rise - 1) * spec.intervalSeconds);
      expect(up).toBeLessThanOrEqual(spec.rise * spec.intervalSeconds);
      expect(backends[0]!.up).toBe(true);
    });
  }

  it('a blip shorter than fall probes is not noticed', () => {
    const sim = new Simulation(1);
    const b = new Flipping(sim, 10.5, 12.4); // one failed probe at most (probes at 10, 12 for backend 0 of 1)
    const changes: number[] = [];
    sim.add('hc', (ctx) => new HealthChecker(ctx, spec, [b], (_i, _up, t) => changes.push(t))).begin();
    sim.run({ untilSeconds: 30 });
    expect(changes).toEqual([]);
  });
});
