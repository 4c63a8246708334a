/** Nested calls: a server that holds its slot while the rest of the path runs. */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { summarize } from '../src/run/summary.js';
import { confidenceInterval } from '../src/stats/confidence.js';

function scenario(hold: boolean, extra: Record<string, unknown> = {}): unknown {
  return {
    name: 'nested',
    run: { duration: '10000s', warmup: '200s', seed: 13 },
    sites: { X: {} },
    traffic: { classes: { req: { share: 1, path: ['php', 'mysql'] } }, phases: [{ phase: 'constant', rate: '100/s', duration: '100h' }] },
    tiers: {
      php: { hold, servers: [{ name: 'p', site: 'X', slots: 1 }], serviceTime: { dist: 'constant', value: '2ms' } },
      mysql: { servers: [{ name: 'm', site: 'X', slots: 1000 }], serviceTime: { dist: 'constant', value: '3ms' } },
    },
    ...extra,
  };
}

function meanLatencies(data: unknown, reps: number): { mean: number; halfWidth: number; utilisation: number } {
  const { scenario: s } = resolveScenarioData(data, 'n.json');
  const results = Array.from({ length: reps }, (_, i) => runReplication(s, i));
  const ci = confidenceInterval(
    results.map((r) => r.latencyMs.sum / r.latencyMs.count),
    0.999,
  );
  const utilisation = results.reduce((a, r) => a + r.tiers[0]!.servers[0]!.utilisation, 0) / reps;
  return { mean: ci.mean, halfWidth: ci.halfWidth, utilisation };
}

describe('nested calls (hold)', () => {
  it('a PHP worker waiting for MySQL is busy for both: M/D/1 with D = 2 + 3 ms', () => {
    // Holding: the php slot is taken 5 ms per request, ρ = 0.5: W = ρD/(2(1−ρ)) = 2.5 ms, latency 7.5 ms.
    const held = meanLatencies(scenario(true), 6);
    expect(Math.abs(held.mean - 7.5)).toBeLessThan(held.halfWidth);
    expect(Math.abs(held.utilisation - 0.5)).toBeLessThan(0.01);
    // Tandem: php is M/D/1 with D = 2 ms (ρ = 0.2, W = 0.25 ms), then 3 ms at MySQL: 5.25 ms.
    const tandem = meanLatencies(scenario(false), 6);
    expect(Math.abs(tandem.mean - 5.25)).toBeLessThan(tandem.halfWidth);
    expect(Math.abs(tandem.utilisation - 0.2)).toBeLessThan(0.01);
  });

  it('a server that dies while holding slots fails those requests and serves again after repair', () => {
    const data = scenario(true, {
      run: { duration: '300s', seed: 2 },
      incidents: [{ at: '100s', for: '50s', server: 'php/p' }],
    });
    const { scenario: s } = resolveScenarioData(data, 'n.json');
    const sum = summarize(s, [runReplication(s, 0)], 0, 1);
    // Without health checks every request in the 50 s outage is refused: ≈ 5,000.
    expect(sum.requests.failedBy.refused).toBeGreaterThan(4500);
    expect(sum.requests.failedBy.refused).toBeLessThan(5500);
    // It died with one slot (held or in service) and its short queue (ρ = 0.5: a few requests).
    expect(sum.requests.failedBy.died).toBeGreaterThanOrEqual(1);
    expect(sum.requests.failedBy.died).toBeLessThan(20);
    // After the repair it serves at the same utilisation as before (no slot leaked by the holds).
    const server = sum.tiers.php!.servers['php/p']!;
    expect(server.utilisation).toBeGreaterThan(0.5 * (250 / 300) - 0.03);
    expect(server.utilisation).toBeLessThanOrEqual(1);
    expect(sum.requests.ok).toBeGreaterThan(100 * 250 - 1000);
  });
});
