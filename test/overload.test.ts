/**
 * Never report an overloaded system as healthy (issue 10, §1): requests
 * still inside at the end are counted, a queue that keeps growing is an
 * `unstable` verdict, and the run stops at the in-system limit instead of
 * exhausting memory. Checked against the fluid closed form of a FIFO
 * station offered twice its capacity.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../src/run/replication.js';
import { RunStopped } from '../src/run/run-stopped.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { sustainedGrowth } from '../src/stats/sustained-growth.js';
import { RandomStream } from '../src/rng/stream.js';
import { runData } from './support/run-data.js';

/** Issue 10's example: 2 servers × 16 slots at 40 ms = 800/s of capacity, offered `rate`, no queueLimit. */
const overloaded = (duration: string, cls: Record<string, unknown> = {}, rate = '1600/s', run: Record<string, unknown> = {}): unknown => ({
  name: 'overloaded',
  run: { duration, warmup: '60s', seed: 10, ...run },
  sites: { RBX: {} },
  traffic: { classes: { page: { share: 1, path: ['web'], ...cls } }, phases: [{ phase: 'constant', rate, duration }] },
  tiers: { web: { servers: [{ name: 'web', count: 2, site: 'RBX', slots: 16 }], serviceTime: { dist: 'exponential', mean: '40ms' } } },
  slo: { 'availability.requests': '>= 0.999' },
});

describe('unfinished requests', () => {
  it('count as failed past the default limit of 60 s; the younger ones are in flight (fluid closed form of FIFO at ρ = 2)', () => {
    // λ = 1600/s into μc = 800/s, FIFO: the request arriving at a starts at ≈ 2a, so by T = 600 s
    // arrivals in [60, T/2] are served, those in (T/2, T − 60] have waited over 60 s, the last 60 s are in flight.
    const s = runData(overloaded('10min'));
    const lambda = 1600;
    const near = (x: number, expected: number): void => expect(Math.abs(x - expected) / expected).toBeLessThan(0.01);
    near(s.requests.ok, lambda * (300 - 60));
    near(s.requests.failedBy.unfinished, lambda * (600 - 60 - 300));
    near(s.requests.inFlightAtEnd, lambda * 60);
    expect(s.requests.failed).toBe(s.requests.failedBy.unfinished);
    expect(s.requests.total).toBe(s.requests.ok + s.requests.failed);
    // Availability is no longer 100%: half of the counted requests never finished.
    expect(Math.abs(s.availability.requests! - 0.5)).toBeLessThan(0.01);
    expect(s.slo[0]!.ok).toBe(false);
    // Throughput counts the measured requests that left (the ok ones here) per measured second.
    near(s.requests.throughputPerSecond, (lambda * (300 - 60)) / 540);
  });

  it("use the class's timeout as the limit, and never count twice a request whose client already gave up", () => {
    // With a 20 s timeout every queued request older than 20 s timed out (an orphan, already counted):
    // nothing is left to count as unfinished, and the requests in flight are those of the last 20 s.
    const s = runData(overloaded('5min', { timeout: '20s' }));
    expect(s.requests.failedBy.unfinished).toBe(0);
    expect(Math.abs(s.requests.inFlightAtEnd - 1600 * 20) / (1600 * 20)).toBeLessThan(0.02);
    const arrivals = 1600 * 240;
    expect(Math.abs(s.requests.total + s.requests.inFlightAtEnd - arrivals) / arrivals).toBeLessThan(0.01);
  });

  it('leave a stable run untouched: an M/M/c at ρ = 0.5 has none and a handful in flight', () => {
    const s = runData(overloaded('10min', {}, '400/s'));
    expect(s.requests.failedBy.unfinished).toBe(0);
    expect(s.requests.inFlightAtEnd).toBeLessThan(60);
    expect(s.availability.requests).toBe(1);
  });
});

describe('stability verdict', () => {
  it('is unstable on the overloaded tier, growing at λ − cμ = 800/s', () => {
    const s = runData(overloaded('10min'));
    expect(s.stability.verdict).toBe('unstable');
    expect(s.stability.tier).toBe('web');
    expect(Math.abs(s.stability.growthPerSecond! - 800) / 800).toBeLessThan(0.02);
    expect(s.stability.tiers.web!.verdict).toBe('unstable');
    // Everything still inside at the end: ≈ (λ − cμ)·T.
    expect(Math.abs(s.stability.inSystemAtEnd! - 800 * 600) / (800 * 600)).toBeLessThan(0.01);
  });

  it('is stable just below saturation (ρ = 0.95, 5 seeds), and unstable just above it (ρ = 1.05)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const s = runData(overloaded('20min', {}, '760/s', { seed }));
      expect(s.stability.verdict, `seed ${seed}`).toBe('stable');
    }
    const over = runData(overloaded('20min', {}, '840/s'));
    expect(over.stability.verdict).toBe('unstable');
    expect(Math.abs(over.stability.growthPerSecond! - 40) / 40).toBeLessThan(0.15);
  });

  it('test: a linear ramp with noise grows; stationary noise and a level that steps up once then stays do not', () => {
    const rng = new RandomStream('growth-test');
    const noise = (): number => (rng.next() - 0.5) * 20;
    const ramp = Array.from({ length: 128 }, (_, i) => 2 * i + noise());
    const flat = Array.from({ length: 128 }, () => 50 + noise());
    const step = Array.from({ length: 128 }, (_, i) => (i < 40 ? 10 : 200) + noise());
    const g = sustainedGrowth(ramp, 0.5);
    expect(g.growing).toBe(true);
    expect(Math.abs(g.growthPerSecond - 4)).toBeLessThan(0.2); // 2 per sample, one sample each 0.5 s
    expect(sustainedGrowth(flat, 1).growing).toBe(false);
    expect(sustainedGrowth(step, 1).growing).toBe(false);
    expect(sustainedGrowth([1, 2, 3], 1).growing).toBe(false); // too few samples to tell
  });
});

describe('the in-system limit', () => {
  it('stops the run with the simulated time, the tier and its queue, before memory runs out', () => {
    const { scenario } = resolveScenarioData(overloaded('1h', {}, '1600/s', { maxRequestsInSystem: 100_000 }), 'x.json');
    let stopped: RunStopped | undefined;
    try {
      runReplication(scenario, 0);
    } catch (e) {
      if (!(e instanceof RunStopped)) throw e;
      stopped = e;
    }
    expect(stopped).toBeDefined();
    const d = stopped!.details;
    // The backlog grows at 800/s (plus the 32 in service): 100,000 are inside after ≈ 125 s.
    expect(Math.abs(d.atSeconds - 125) / 125).toBeLessThan(0.02);
    expect(d.tier).toBe('web');
    expect(d.inTier).toBe(100_000);
    expect(d.limit).toBe(100_000);
    expect(d.queued).toBeGreaterThan(45_000);
    expect(d.server).toMatch(/^web\/web-[12]$/);
  });

  it('is not reached by a stable run, even with a small limit (about 16 inside at ρ = 0.5)', () => {
    const s = runData(overloaded('5min', {}, '400/s', { maxRequestsInSystem: 1000 }));
    expect(s.requests.total).toBeGreaterThan(90_000);
  });
});
