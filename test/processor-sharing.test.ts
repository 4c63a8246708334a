/**
 * Processor-sharing servers against M/G/1-PS theory: the mean sojourn
 * E[S]/(1−ρ) whatever the service law (insensitivity), E[T | S = s] =
 * s/(1−ρ) for each job size, and with k cores the M/M/k birth–death chain.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { confidenceInterval } from '../src/stats/confidence.js';
import { erlangC } from './support/erlang.js';

function psScenario(service: unknown, opts: { rate: string; cores?: number; slots?: number; classes?: unknown; duration?: string }): unknown {
  return {
    name: 'ps',
    run: { duration: opts.duration ?? '20000s', warmup: '500s', seed: 21 },
    sites: { X: {} },
    traffic: {
      classes: (opts.classes as object) ?? { req: { share: 1, path: ['cpu'] } },
      phases: [{ phase: 'constant', rate: opts.rate, duration: '100h' }],
    },
    tiers: {
      cpu: {
        discipline: 'ps',
        servers: [{ name: 'c', site: 'X', slots: opts.slots ?? 10_000, cores: opts.cores ?? 1 }],
        serviceTime: service,
      },
    },
  };
}

/** Per-replication mean latency [ms] (optionally of one class), and its 99.9% CI. */
function meanLatencyCI(data: unknown, reps: number, cls?: number): { mean: number; halfWidth: number } {
  const { scenario } = resolveScenarioData(data, 'ps.json');
  const means = Array.from({ length: reps }, (_, i) => {
    const r = runReplication(scenario, i);
    const h = cls === undefined ? r.latencyMs : r.classes[cls]!.latencyMs;
    return h.sum / h.count;
  });
  const ci = confidenceInterval(means, 0.999);
  return { mean: ci.mean, halfWidth: ci.halfWidth };
}

describe('processor sharing', () => {
  it('M/D/1-PS has the M/M/1 mean sojourn D/(1−ρ), not the FIFO M/D/1 one', () => {
    // ρ = 0.7, D = 10 ms: PS 33.3 ms; FIFO M/D/1 would be 21.7 ms.
    const ci = meanLatencyCI(psScenario({ dist: 'constant', value: '10ms' }, { rate: '70/s' }), 10);
    expect(Math.abs(ci.mean - 10 / 0.3)).toBeLessThan(ci.halfWidth);
    expect(ci.halfWidth / ci.mean).toBeLessThan(0.04); // tight enough to tell 33.3 from 21.7 many times over
  });

  it('each job size gets E[T | S = s] = s/(1−ρ)', () => {
    // Two classes sharing one core, 20/s each (40/s in all): 5 ms and 20 ms jobs, ρ = 0.1 + 0.4 = 0.5.
    const classes = { small: { share: 1, path: ['cpu'] }, large: { share: 1, path: ['cpu'] } };
    const service = { small: { dist: 'constant', value: '5ms' }, large: { dist: 'constant', value: '20ms' } };
    const data = psScenario(service, { rate: '40/s', classes });
    const small = meanLatencyCI(data, 10, 0);
    const large = meanLatencyCI(data, 10, 1);
    expect(Math.abs(small.mean - 5 / 0.5)).toBeLessThan(small.halfWidth);
    expect(Math.abs(large.mean - 20 / 0.5)).toBeLessThan(large.halfWidth);
  });

  it('with k cores and exponential work it is the M/M/k chain: mean sojourn from Erlang C', () => {
    // k = 4, μ = 100/s per core, λ = 320/s: a = 3.2, ρ = 0.8.
    const k = 4;
    const lambda = 320;
    const mu = 100;
    const a = lambda / mu;
    const expectedMs = 1000 * (1 / mu + erlangC(k, a) / (k * mu - lambda));
    const ci = meanLatencyCI(psScenario({ dist: 'exponential', mean: '10ms' }, { rate: '320/s', cores: k, duration: '4000s' }), 10);
    expect(Math.abs(ci.mean - expectedMs)).toBeLessThan(ci.halfWidth);
    expect(ci.halfWidth / ci.mean).toBeLessThan(0.04);
  });
});
