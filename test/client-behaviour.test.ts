/** Client timeouts and retries against closed forms. */
import { describe, expect, it } from 'vitest';
import { runData as run } from './support/run-data.js';

const mm1 = (cls: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({
  name: 'client',
  run: { duration: '2100s', warmup: '100s', seed: 9 },
  sites: { RBX: {} },
  traffic: { classes: { req: { share: 1, path: ['s'], ...cls } }, phases: [{ phase: 'constant', rate: '50/s', duration: '1h' }] },
  tiers: { s: { servers: [{ name: 's', site: 'RBX', slots: 1 }], serviceTime: { dist: 'exponential', mean: '10ms' } } },
  ...extra,
});

describe('client behaviour', () => {
  it('a timeout fails the requests whose sojourn exceeds it: e^{−(μ−λ)τ} in M/M/1', () => {
    // Abandoned requests stay in the server (it finishes them), so the
    // sojourn law is the plain M/M/1 one: P(T > τ) = e^{−(μ−λ)τ} = e^{−50·0.05} ≈ 0.0821.
    const s = run(mm1({ timeout: '50ms' }), 3);
    const ratio = s.requests.failedBy.timeout / s.requests.total;
    // 300,000 requests, but sojourns are correlated in busy periods: ±0.006 is several batch-means standard errors.
    expect(Math.abs(ratio - Math.exp(-2.5))).toBeLessThan(0.006);
    // Those that succeed all took less than the timeout.
    expect(s.latencyMs.max!).toBeLessThanOrEqual(50);
  });

  it('retries turn a ½ chance of hitting a dead backend into (½)^(r+1) failures', () => {
    const data = {
      name: 'retries',
      run: { duration: '1000s', seed: 4 },
      sites: { RBX: {} },
      traffic: {
        classes: { req: { share: 1, path: ['web'], retries: 2, retryAfter: '100ms' } },
        phases: [{ phase: 'constant', rate: '100/s', duration: '1h' }],
      },
      tiers: { web: { balancer: 'random', servers: [{ name: 'w', count: 2, site: 'RBX', slots: 20 }], serviceTime: { dist: 'exponential', mean: '5ms' } } },
      incidents: [{ at: '0s', server: 'web/w-2' }],
    };
    const s = run(data);
    // Each attempt independently picks the dead server with probability ½: three attempts all fail with probability 1/8.
    const ratio = s.requests.failed / s.requests.total;
    // Binomial, n ≈ 100,000: sd ≈ 0.001.
    expect(Math.abs(ratio - 0.125)).toBeLessThan(0.006);
    expect(s.requests.failedBy.refused).toBe(s.requests.failed);
    // A success after one failed attempt waited at least the retry delay: a quarter of requests succeed on the 2nd try or later.
    expect(s.latencyMs.p90!).toBeGreaterThanOrEqual(100);
  });

  it('without retries every refused attempt is a failure', () => {
    const data = {
      name: 'no-retries',
      run: { duration: '1000s', seed: 4 },
      sites: { RBX: {} },
      traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '100/s', duration: '1h' }] },
      tiers: { web: { balancer: 'random', servers: [{ name: 'w', count: 2, site: 'RBX', slots: 20 }], serviceTime: { dist: 'exponential', mean: '5ms' } } },
      incidents: [{ at: '0s', server: 'web/w-2' }],
    };
    const s = run(data);
    expect(Math.abs(s.requests.failed / s.requests.total - 0.5)).toBeLessThan(0.01);
  });
});
