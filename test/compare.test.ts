/**
 * `simulate compare` (src/compare/): common random numbers and paired
 * differences. In-process (the pool in this thread or on workers), on small
 * fixtures and a shortened SoFoot pair.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadVariant } from '../src/compare/load-variant.js';
import type { ReplicationResult } from '../src/run/replication.js';
import { runPool } from '../src/run/run-pool.js';
import { ROOT } from './support/cli.js';

/** Worker threads run compiled code: with workers, the built modules (the global setup compiles them), loader included (its distributions are the ones the workers decode). */
async function built() {
  const dist = (m: string): string => pathToFileURL(join(ROOT, 'dist', 'src', m)).href;
  return {
    loadVariant: ((await import(dist('compare/load-variant.js'))) as typeof import('../src/compare/load-variant.js')).loadVariant,
    runPool: ((await import(dist('run/run-pool.js'))) as typeof import('../src/run/run-pool.js')).runPool,
    compareResults: ((await import(dist('compare/compare.js'))) as typeof import('../src/compare/compare.js')).compareResults,
  };
}

const arrivals = (r: ReplicationResult): number => r.ok + r.failed + r.inFlightAtEnd;

describe('common random numbers', () => {
  it('two scenarios differing only in a later tier have the same arrivals and the same front-tier draws, replication by replication', async () => {
    const a = loadVariant('test/fixtures/compare/two-tier.json', {}).scenario;
    const b = loadVariant('test/fixtures/compare/two-tier-faster-back.json', {}).scenario;
    const [ra, rb] = await runPool([a, b], { workers: 1 });
    expect(ra!.map(arrivals)).toEqual(rb!.map(arrivals));
    expect(ra!.map((r) => r.generated)).toEqual(rb!.map((r) => r.generated));
    // The front tier's service draws come from its own stream: what it served, and how long each took, are the same.
    expect(ra!.map((r) => JSON.stringify(r.tiers[0]))).toEqual(rb!.map((r) => JSON.stringify(r.tiers[0])));
    // Not vacuous: the replications differ from one another, and the back tier differs between the scenarios.
    expect(new Set(ra!.map(arrivals)).size).toBe(ra!.length);
    expect(ra!.map((r) => JSON.stringify(r.tiers[1]!.latencyMs))).not.toEqual(rb!.map((r) => JSON.stringify(r.tiers[1]!.latencyMs)));
  });

  it('another seed draws other arrivals (the seeds, not the files, make the numbers common)', async () => {
    const a = loadVariant('test/fixtures/compare/two-tier.json', { replications: 2 }).scenario;
    const c = loadVariant('test/fixtures/compare/two-tier.json', { replications: 2, seed: '12' }).scenario;
    const [ra, rc] = await runPool([a, c], { workers: 1 });
    expect(ra!.map(arrivals)).not.toEqual(rc!.map(arrivals));
  });

  it('the paired difference is the mean of b − a, its interval narrower than the unpaired one on a shared front tier', async () => {
    const { loadVariant, runPool, compareResults } = await built();
    const a = loadVariant('test/fixtures/compare/two-tier.json', {}).scenario;
    const b = loadVariant('test/fixtures/compare/two-tier-faster-back.json', {}).scenario;
    const results = await runPool([a, b], { workers: 2 });
    const { result } = compareResults([a, b], results, 'mean');
    const p99 = result.differences[0]!.metrics.find((m) => m.metric === 'latencyMs.p99')!;
    expect(p99.objective).toBe('latencyMs.p99 < 300');
    expect(p99.pairs).toBe(4);
    expect(p99.paired.mean).toBeLessThan(0); // a faster back server: shorter p99
    expect(p99.paired.mean!).toBeCloseTo(p99.b! - p99.a!, 4);
    expect(p99.unpaired.mean!).toBeCloseTo(p99.paired.mean!, 6);
    expect(p99.paired.halfWidth95!).toBeLessThan(p99.unpaired.halfWidth95!);
    expect(p99.narrowerBy).toBeCloseTo(1 - p99.paired.halfWidth95! / p99.unpaired.halfWidth95!, 6);
    expect(result.scenarios.map((s) => s.name)).toEqual(['two-tier', 'two-tier-faster-back']);
  });
});

describe('compare on the SoFoot autoscaling pair (20 min vs 4 min provisioning)', () => {
  it('reports the paired difference in failed requests and cost, the paired interval narrower than the unpaired one', async () => {
    const { loadVariant, runPool, compareResults } = await built();
    // Shortened to 17 minutes, 4 replications: the load triples at 10 min; both runs are the same draw for draw until
    // the first 4-minute instances serve (about 15 min), then the 20-minute one keeps failing. The shared part is what
    // the paired interval cancels.
    const o = { duration: '17min', replications: 4 };
    const a = loadVariant('scenarios/sofoot-worldcup.autoscale-20min.json', o).scenario;
    const b = loadVariant('scenarios/sofoot-worldcup.autoscale-4min.json', o).scenario;
    const { result } = compareResults([a, b], await runPool([a, b], { workers: 2 }), 'mean');
    const by = (m: string) => result.differences[0]!.metrics.find((x) => x.metric === m)!;
    const failed = by('requests.failed');
    expect(failed.paired.mean).toBeLessThan(0); // 4 minutes to provision: fewer failures
    expect(failed.significant).toBe(true);
    expect(failed.paired.halfWidth95!).toBeLessThan(failed.unpaired.halfWidth95!);
    // Both order their instances at the same moments (the same decisions until then): the same cost, with an interval of 0.
    const cost = by('cost.monthlyProjection.total');
    expect(cost.paired).toEqual({ mean: 0, halfWidth95: 0, low95: 0, high95: 0 });
    expect(cost.a).toBeGreaterThan(0);
    expect(by('availability.requests').paired.mean).toBeGreaterThan(0);
  }, 600_000); // 8 replications of 17 minutes of SoFoot: about 30 s alone, several minutes on a shared machine
});

describe('the metrics compared', () => {
  it('headline figures, RTO and RPO only when an incident has them, cost with prices, and every whole-run objective (a * read at its worst)', async () => {
    const { compareMetrics, valuesOf, wholeRunRules } = await import('../src/compare/readings.js');
    const s = loadVariant('test/fixtures/compare/two-tier.json', {}).scenario;
    s.slo.push({ metric: 'tiers.*.utilisation', op: '<', threshold: 0.9, text: 'tiers.*.utilisation < 0.9', unit: 'ratio' });
    const rep = (rto: number | null, front: number, back: number) =>
      ({ availability: { requests: 1 }, requests: { failed: 0 }, latencyMs: { p99: 10 }, incidents: rto === null ? [] : [{ rtoSeconds: rto, rpoSeconds: 2 }], tiers: { front: { utilisation: front }, back: { utilisation: back } } }) as never;
    const quiet = compareMetrics([s], [[rep(null, 0.1, 0.2)]]).map((m) => m.metric);
    expect(quiet).toEqual(['availability.requests', 'requests.failed', 'latencyMs.p99', 'tiers.*.utilisation']);
    const perRep = [rep(30, 0.1, 0.2), rep(null, 0.5, 0.3)];
    const metrics = compareMetrics([s], [perRep]);
    expect(metrics.map((m) => m.metric)).toEqual(['availability.requests', 'requests.failed', 'latencyMs.p99', 'incidents.rtoSeconds.max', 'incidents.rpoSeconds.max', 'tiers.*.utilisation']);
    expect(metrics.find((m) => m.metric === 'latencyMs.p99')!.objective).toBe('latencyMs.p99 < 300'); // the file's objective on a headline figure
    const rules = wholeRunRules([s]);
    expect(valuesOf(metrics[3]!, rules, perRep)).toEqual([30, null]); // no incident: no RTO (not 0)
    expect(valuesOf(metrics[5]!, rules, perRep)).toEqual([0.2, 0.5]); // the worst tier of each replication
  });
});
