/**
 * Figures that mean what they say (issue 10, §6): utilisation over the
 * servers that run and over cores under processor sharing, significant
 * digits in the JSON, the tier-level queue, the engine's request rate with
 * the warm-up, SLO values in the unit of their threshold.
 */
import { describe, expect, it } from 'vitest';
import { formatSummary, sloMeasured } from '../src/cli/format-summary.js';
import { runReplication } from '../src/run/replication.js';
import { summarize } from '../src/run/summary.js';
import { r } from '../src/run/summary/numbers.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runData } from './support/run-data.js';

const oneTier = (tier: Record<string, unknown>, rate: string, run: Record<string, unknown> = {}, slo?: Record<string, string>): unknown => ({
  name: 'figures',
  run: { duration: '1000s', warmup: '100s', seed: 5, ...run },
  sites: { RBX: {} },
  traffic: { classes: { req: { share: 1, path: ['t'] } }, phases: [{ phase: 'constant', rate, duration: '1h' }] },
  tiers: { t: tier },
  ...(slo ? { slo } : {}),
});

describe('tier utilisation', () => {
  it('averages over the servers that run: 2 of 6 elastic instances serving at ρ = 0.4 read 0.4, not 0.13', () => {
    const s = runData(
      oneTier(
        {
          balancer: 'random',
          servers: [{ name: 'vm', count: 6, site: 'RBX', slots: 10 }],
          serviceTime: { dist: 'exponential', mean: '100ms' },
          // Never scales: the two initial instances carry everything.
          autoscaling: {
            group: 'vm',
            initial: 2,
            min: 2,
            max: 6,
            period: '1min',
            policies: [{ metric: 'utilisation', scaleOutAbove: 0.99 }],
            provisioning: { dist: 'constant', value: '5min' },
          },
        },
        '80/s',
      ),
    );
    // λS/(c·n) = 80 × 0.1 / (10 × 2) = 0.4 over the running servers.
    expect(Math.abs(s.tiers.t!.utilisation - 0.4)).toBeLessThan(0.01);
    expect(s.tiers.t!.serving).toBe(2);
    expect(s.tiers.t!.built).toBe(6);
    expect(formatSummary(s)).toMatch(/^t\s+2 \/ 6\s+40\.\d%/m);
  });

  it('under processor sharing is the share of the cores busy: λS / cores = 0.5 with 16 slots on 4 cores', () => {
    const s = runData(
      oneTier(
        { discipline: 'ps', servers: [{ name: 'cpu', site: 'RBX', slots: 16, cores: 4 }], serviceTime: { dist: 'exponential', mean: '20ms' } },
        '100/s',
        { duration: '2000s' },
      ),
    );
    // Work arrives at λS = 2 core-seconds per second, on 4 cores.
    expect(Math.abs(s.tiers.t!.utilisation - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(s.tiers.t!.servers['t/cpu']!.utilisation - 0.5)).toBeLessThan(0.015);
  });
});

describe('JSON figures', () => {
  it('keep significant digits: a 0.2 ms station with 4,096 slots has a utilisation of 1000 × 0.2 ms / 4096 ≈ 4.9e-5, not 0', () => {
    const s = runData(oneTier({ servers: [{ name: 'lb', site: 'RBX', slots: 4096 }], serviceTime: { dist: 'exponential', mean: '0.2ms' } }, '1000/s'));
    const expected = (1000 * 0.0002) / 4096;
    expect(Math.abs(s.tiers.t!.utilisation - expected) / expected).toBeLessThan(0.02);
    expect(Math.abs(s.tiers.t!.servers['t/lb']!.utilisation - expected) / expected).toBeLessThan(0.02);
  });

  it('round to the decimals asked or 4 significant digits, whichever keeps more', () => {
    expect(r(4.1234e-5, 4)).toBe(4.123e-5);
    expect(r(0.99912345678, 8)).toBe(0.99912346);
    expect(r(192.95234, 3)).toBe(192.952);
    expect(r(-1.23456e-7, 3)).toBe(-1.235e-7);
    expect(r(0, 3)).toBe(0);
  });

  it("the tier's mean queue is in the JSON: Little's law, Lq = λ·Wq, over two M/M/1 servers", () => {
    const s = runData(
      oneTier({ balancer: 'random', servers: [{ name: 's', count: 2, site: 'RBX', slots: 1 }], serviceTime: { dist: 'exponential', mean: '10ms' } }, '140/s', { duration: '4000s' }),
    );
    // Each server is an M/M/1 at ρ = 0.7: Lq = ρ²/(1−ρ) = 1.633, so 3.267 for the tier.
    expect(Math.abs(s.tiers.t!.meanQueued - 2 * (0.49 / 0.3)) / 3.267).toBeLessThan(0.05);
    expect(s.tiers.t!.maxQueued).toBe(Math.max(...Object.values(s.tiers.t!.servers).map((x) => x.maxQueued)));
  });
});

describe('performance.requestsPerSecond', () => {
  it('counts the warm-up requests too: the engine simulated them', () => {
    const { scenario } = resolveScenarioData(oneTier({ servers: [{ name: 's', site: 'RBX', slots: 4 }], serviceTime: { dist: 'exponential', mean: '10ms' } }, '100/s', { warmup: '500s' }), 'x.json');
    const rep = runReplication(scenario, 0);
    const s = summarize(scenario, [rep], 2, 1);
    // 100/s over the whole 1,000 s (Poisson: ±4σ = ±400), in 2 wall-clock seconds; only half are measured.
    expect(Math.abs(s.performance.requestsPerSecond * 2 - 100_000)).toBeLessThan(400);
    expect(s.requests.total).toBeLessThan(52_000);
  });
});

describe('SLO lines', () => {
  it("show the measured value in the unit of the threshold: 100% for an availability, ms for a latency", () => {
    expect(sloMeasured({ metric: 'availability.requests', unit: 'ratio', threshold: 0.999, value: 1 })).toBe('100% against 99.9%');
    expect(sloMeasured({ metric: 'availability.requests', unit: 'ratio', threshold: 0.999, value: 0.99953 })).toBe('99.953% against 99.9%');
    expect(sloMeasured({ metric: 'latencyMs.p99', unit: 'ms', threshold: 1000, value: 273 })).toBe('273 ms');
    expect(sloMeasured({ metric: 'availability.fullOutageSeconds', unit: 's', threshold: 60, value: 12.5 })).toBe('12.5 s');
    expect(sloMeasured({ metric: 'latencyMs.p99', unit: 'ms', threshold: 1000, value: null })).toBe('nothing');
    const s = runData(
      oneTier({ servers: [{ name: 's', site: 'RBX', slots: 4 }], serviceTime: { dist: 'exponential', mean: '10ms' } }, '100/s', {}, { 'availability.requests': '>= 0.999', 'latencyMs.p99': '< 1000' }),
    );
    const text = formatSummary(s);
    expect(text).toMatch(/SLO ok {6}availability\.requests >= 0\.999 \(measured 100% against 99\.9%\)/);
    expect(text).toMatch(/SLO ok {6}latencyMs\.p99 < 1000 \(measured [\d.]+ ms\)/);
  });
});

describe('link bandwidth', () => {
  it('belongs to each link: two 10 Mbps links into B, each loaded to ρ = 0.8, are two M/D/1 queues, not one link of twice the capacity', () => {
    const station = (site: string): unknown => ({ servers: [{ name: 'x', site, slots: 100 }], serviceTime: { dist: 'constant', value: '1ms' } });
    const s = runData({
      name: 'links',
      run: { duration: '20000s', warmup: '100s', seed: 1 },
      sites: { A: {}, B: {}, C: {} },
      links: [
        { between: ['A', 'B'], latency: '1ms', bandwidth: '10Mbps' },
        { between: ['C', 'B'], latency: '1ms', bandwidth: '10Mbps' },
      ],
      traffic: {
        classes: { ab: { share: 0.5, path: ['a', 'b'], requestSize: '100kB' }, cb: { share: 0.5, path: ['c', 'b'], requestSize: '100kB' } },
        phases: [{ phase: 'constant', rate: '20/s', duration: '10h' }],
      },
      tiers: { a: station('A'), b: station('B'), c: station('C') },
    });
    // 100 kB at 10 Mbps: D = 80 ms per request, 10/s on each link: ρ = 0.8, Wq = ρD/(2(1−ρ)) = 160 ms; plus 1 + 1 ms of service and 1 ms of latency.
    // Shared as one 20 Mbps link (D = 40 ms, ρ = 0.8) it would be 40 + 80 + 3 = 123 ms; serialised on one 10 Mbps link, unstable.
    for (const cls of ['ab', 'cb']) expect(Math.abs(s.classes[cls]!.latencyMs.mean! - 243) / 243).toBeLessThan(0.04);
  });
});
