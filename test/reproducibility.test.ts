/**
 * Reproducibility and random-stream independence at the model level.
 *
 * - Same scenario + seed → byte-identical deterministic summary, whatever
 *   the wall-clock time, the worker count or the order replications finish.
 * - Another seed → another summary.
 * - Each component draws from its own stream named after it, so adding a
 *   tier no class visits, or a server in another tier, leaves the arrival
 *   process and the results of the untouched tiers bit-for-bit unchanged.
 * - The warm-up cut: ok + failed (+ in flight at the end) counts exactly the
 *   requests that arrived at or after the warm-up.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model/build.js';
import { Constant, Exponential, LogNormal } from '../src/rng/distributions.js';
import { replicationSeed, runReplication, type ReplicationResult } from '../src/run/replication.js';
import { deterministicPart, summarize, type Summary } from '../src/run/summary.js';
import type { ResolvedScenario } from '../src/scenario/resolved.js';
import { scenario, singleStation, withExtraServer, withRun, withUnvisitedTier } from './support/scenarios.js';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function replicate(s: ResolvedScenario, replications: number): ReplicationResult[] {
  return Array.from({ length: replications }, (_, i) => runReplication(s, i));
}

function deterministicJson(summary: Summary): string {
  return JSON.stringify(deterministicPart(summary));
}

interface Arrival {
  time: number;
  cls: number;
}

/**
 * The arrival sequence (time, class) of replication `index`, observed where
 * the traffic source creates each request in the request table.
 */
function arrivalSequence(s: ResolvedScenario, index = 0): Arrival[] {
  const model = buildModel(s, replicationSeed(s.run.seed, index));
  const seen: Arrival[] = [];
  const table = model.requests;
  // The traffic source creates through the double-free door (time in `createSeconds`).
  const create = table.createAtCreateSeconds.bind(table);
  table.createAtCreateSeconds = (cls: number): number => {
    seen.push({ time: table.createSeconds, cls });
    return create(cls);
  };
  model.sim.run({ untilSeconds: s.run.durationSeconds });
  return seen;
}

/** Bit-for-bit equality of two arrival sequences (one assertion, a readable message at the first difference). */
function expectSameArrivals(a: Arrival[], b: Arrival[]): void {
  expect(a.length).toBe(b.length);
  const first = a.findIndex((x, i) => !Object.is(x.time, b[i]!.time) || x.cls !== b[i]!.cls);
  expect(first, first >= 0 ? `first difference at arrival ${first}: ${JSON.stringify(a[first])} vs ${JSON.stringify(b[first])}` : '').toBe(-1);
}

/** Everything a replication reports about tier `ti` (latency histogram and every server's counters), as JSON. */
function tierJson(r: ReplicationResult, ti: number): string {
  return JSON.stringify(r.tiers[ti]);
}

/**
 * A small but rich system: three classes over three tiers, every balancer
 * that draws random numbers, bounded and unbounded queues, constant,
 * exponential and lognormal service, a rate ramp with an overload spike
 * (so requests are rejected), and a warm-up.
 */
function richScenario(seed: string): ResolvedScenario {
  return scenario({
    name: 'rich',
    ratePoints: [
      [0, 60],
      [60, 220],
      [120, 220],
      [120, 420],
      [150, 420],
      [150, 120],
    ],
    stations: [
      { name: 'lb', service: new Constant(0.001), servers: 2, slots: 64, balancer: 'round-robin' },
      { name: 'web', service: LogNormal.fromMeanCv(0.05, 1.5), servers: [{}, {}, { speed: 2 }], slots: 4, queueLimit: 10, balancer: 'power-of-two' },
      { name: 'db', service: new Exponential(0.01), servers: 2, slots: 2, queueLimit: 30, balancer: 'random' },
    ],
    classes: [
      { name: 'page', share: 3, path: ['lb', 'web', 'db'] },
      { name: 'static', share: 1, path: ['lb', 'web'] },
      { name: 'api', share: 1, path: ['lb', 'db'] },
    ],
    run: { seed, durationSeconds: 300, warmupSeconds: 30, replications: 3 },
  });
}

// ---------------------------------------------------------------------------
// Same seed, same bytes
// ---------------------------------------------------------------------------

describe('same scenario + seed → byte-identical deterministic summary', () => {
  it('two independent runs agree byte for byte (whatever wall time, workers and completion order)', () => {
    const s = richScenario('repro-1');
    const a = replicate(s, 3);
    const b = replicate(richScenario('repro-1'), 3); // a fresh scenario object, fresh models
    const ja = deterministicJson(summarize(s, a, 1.5, 1));
    // Another wall time and worker count, replications handed over out of order (as workers finish).
    const jb = deterministicJson(summarize(s, [b[2]!, b[0]!, b[1]!], 7.25, 4));
    expect(jb).toBe(ja);

    // The scenario exercised what it should: failures, every class, every tier.
    const summary = summarize(s, a, 1, 1);
    expect(summary.requests.failedBy.rejected).toBeGreaterThan(0);
    expect(summary.requests.ok).toBeGreaterThan(10_000);
    for (const c of Object.values(summary.classes)) expect(c.ok).toBeGreaterThan(0);
    for (const t of Object.values(summary.tiers)) expect(t.utilisation).toBeGreaterThan(0);
    // The wall-clock fields are what deterministicPart removes.
    expect(JSON.parse(ja).performance).toEqual({ events: summary.performance.events });
  });

  it('replication results themselves are identical, apart from wall-clock time', () => {
    const s = richScenario('repro-2');
    const strip = (r: ReplicationResult): string => JSON.stringify({ ...r, wallSeconds: 0 });
    for (const i of [0, 1]) expect(strip(runReplication(s, i))).toBe(strip(runReplication(s, i)));
  });

  it('a different seed gives a different summary, and replications differ from each other', () => {
    const a = summarize(richScenario('repro-1'), replicate(richScenario('repro-1'), 3), 1, 1);
    const other = richScenario('repro-1-other');
    const b = summarize(other, replicate(other, 3), 1, 1);
    // Not only the seed field: the simulated results differ.
    const results = (x: Summary): string => JSON.stringify({ ...deterministicPart(x), seed: null });
    expect(results(b)).not.toBe(results(a));
    expect(b.latencyMs.mean).not.toBe(a.latencyMs.mean);
    expect(b.performance.events).not.toBe(a.performance.events);

    const s = richScenario('repro-1');
    const r0 = runReplication(s, 0);
    const r1 = runReplication(s, 1);
    expect(r1.seed).toBe('repro-1.1');
    expect(r1.latencyMs.sum).not.toBe(r0.latencyMs.sum);
  });

  it('a numeric seed and its decimal string are the same seed', () => {
    const base = singleStation({ lambda: 5, service: new Exponential(0.15), run: { seed: 42, durationSeconds: 500, warmupSeconds: 50 } });
    const asNumber = runReplication(base, 1);
    const asString = runReplication(withRun(base, { seed: '42' }), 1);
    expect(JSON.stringify({ ...asString, wallSeconds: 0 })).toBe(JSON.stringify({ ...asNumber, wallSeconds: 0 }));
  });
});

// ---------------------------------------------------------------------------
// Stream independence
// ---------------------------------------------------------------------------

describe('random streams are per component', () => {
  /** One visited tier of two servers behind a random balancer (its own stream), bounded queues. */
  const base = scenario({
    name: 'front only',
    lambda: 30,
    stations: [{ name: 'front', service: new Exponential(0.06), servers: 2, queueLimit: 5, balancer: 'random' }],
    run: { seed: 'streams', durationSeconds: 2_000, warmupSeconds: 100 },
  });
  const spare = { name: 'spare', service: new Exponential(0.5), servers: 3, balancer: 'random' as const };

  /*
   * What must not change when a tier that no class visits is added (at the
   * end or at the front of the tier list, which renumbers every component):
   * the arrival times and classes (the traffic stream is named "traffic"),
   * every result of the visited tier (its servers' and balancer's streams
   * are named after them), the end-to-end outcomes, and the number of events
   * (the spare tier never gets any). The spare tier itself stays idle.
   */
  for (const where of ['last', 'first'] as const) {
    it(`an unvisited tier added ${where} changes nothing else`, () => {
      const at = where === 'last' ? 1 : 0;
      const extended = withUnvisitedTier(base, spare, at);
      const frontIndex = where === 'last' ? 0 : 1;
      expect(extended.tiers[frontIndex]!.name).toBe('front');
      expect(extended.classes[0]!.path).toEqual([frontIndex]);

      expectSameArrivals(arrivalSequence(extended), arrivalSequence(base));

      const a = replicate(base, 2);
      const b = replicate(extended, 2);
      a.forEach((ra, i) => {
        const rb = b[i]!;
        expect(tierJson(rb, frontIndex)).toBe(tierJson(ra, 0));
        expect(JSON.stringify(rb.latencyMs)).toBe(JSON.stringify(ra.latencyMs));
        expect([rb.ok, rb.failed, rb.inFlightAtEnd, rb.events]).toEqual([ra.ok, ra.failed, ra.inFlightAtEnd, ra.events]);
        expect(rb.failedBy).toEqual(ra.failedBy);
        for (const sv of rb.tiers[at]!.servers) expect([sv.served, sv.rejected, sv.utilisation, sv.meanQueued]).toEqual([0, 0, 0, 0]);
      });
      expect(a[0]!.failed).toBeGreaterThan(0); // the comparison covers rejections too

      // Hence the whole deterministic summary, minus the spare tier's entries (in `tiers` and in `series`), is byte-identical.
      const sa = summarize(base, a, 1, 1);
      const sb = summarize(extended, b, 2, 2);
      delete (sb.tiers as Record<string, unknown>).spare;
      delete (sb.stability.tiers as Record<string, unknown>).spare;
      for (const path of Object.keys(sb.series!.values)) if (path.startsWith('tiers.spare.')) delete sb.series!.values[path];
      expect(deterministicJson(sb)).toBe(deterministicJson(sa));
    });
  }

  /*
   * A tandem front → back. Adding a server to the *downstream* tier changes
   * the back tier (and so end-to-end latencies), but not the arrivals nor
   * anything of the front tier, whose balancer (random) and servers draw
   * from their own streams and never look downstream. The back queue is
   * unbounded, so every failure happens at the front and the failure counts
   * must be unchanged too.
   */
  it('an extra server in another (downstream) tier leaves the arrivals and the first tier unchanged', () => {
    const tandemBase = scenario({
      name: 'front → back',
      lambda: 30,
      stations: [
        { name: 'front', service: new Exponential(0.06), servers: 2, queueLimit: 5, balancer: 'random' },
        { name: 'back', service: new Exponential(0.03), servers: 1, balancer: 'round-robin' },
      ],
      run: { seed: 'streams-tandem', durationSeconds: 2_000, warmupSeconds: 100 },
    });
    const wider = withExtraServer(tandemBase, 1, 'extra');
    expect(wider.tiers[1]!.servers.map((s) => s.name)).toEqual(['back/s0', 'back/extra']);

    expectSameArrivals(arrivalSequence(wider), arrivalSequence(tandemBase));

    for (const i of [0, 1]) {
      const a = runReplication(tandemBase, i);
      const b = runReplication(wider, i);
      expect(tierJson(b, 0)).toBe(tierJson(a, 0));
      expect(b.failedBy).toEqual(a.failedBy);
      expect(b.failed).toBe(a.failed);
      expect(a.failed).toBeGreaterThan(0);
      // The same requests arrived after warm-up (some may still be inside at the end).
      expect(b.ok + b.failed + b.inFlightAtEnd).toBe(a.ok + a.failed + a.inFlightAtEnd);
      // Not vacuous: the back tier and the end-to-end latency did change.
      expect(tierJson(b, 1)).not.toBe(tierJson(a, 1));
      expect(b.latencyMs.sum).toBeLessThan(a.latencyMs.sum);
    }
  });

  /*
   * A server added to the visited tier itself legitimately changes that
   * tier's results (the balancer now spreads over three servers), but not
   * the arrival process, which draws only from the traffic stream.
   */
  it('an extra server in the visited tier leaves the arrival process unchanged', () => {
    const wider = withExtraServer(base, 0, 'extra');
    expectSameArrivals(arrivalSequence(wider), arrivalSequence(base));
    const a = runReplication(base, 0);
    const b = runReplication(wider, 0);
    expect(tierJson(b, 0)).not.toBe(tierJson(a, 0));
    expect(b.ok + b.failed + b.inFlightAtEnd).toBe(a.ok + a.failed + a.inFlightAtEnd);
  });
});

// ---------------------------------------------------------------------------
// Warm-up cut
// ---------------------------------------------------------------------------

describe('warm-up cut', () => {
  const base = singleStation({
    lambda: 12,
    service: new Exponential(0.15),
    slots: 2,
    queueLimit: 4,
    run: { seed: 'warmup', durationSeconds: 1_000, warmupSeconds: 250 },
  });

  it('ok + failed (+ in flight at the end) counts exactly the requests arriving after warm-up', () => {
    for (const i of [0, 1, 2]) {
      const arrivals = arrivalSequence(base, i).map((a) => a.time);
      const before = arrivals.filter((t) => t < base.run.warmupSeconds).length;
      const after = arrivals.length - before;
      expect(before).toBeGreaterThan(2_000);
      const r = runReplication(base, i);
      expect(r.ok + r.failed + r.inFlightAtEnd).toBe(after);
      expect(r.failed).toBeGreaterThan(0);
      expect(r.latencyMs.count).toBe(r.ok);
      expect(r.tiers[0]!.latencyMs.count).toBe(r.ok);
      expect(r.classes[0]!.ok + r.classes[0]!.failed).toBe(r.ok + r.failed);
      expect(r.measuredSeconds).toBe(750);
      // Rejections after warm-up: counted by the server since its reset, and in the outcomes.
      expect(r.tiers[0]!.servers[0]!.rejected).toBe(r.failedBy.rejected);
    }
  });

  it('the warm-up setting changes what is counted, not the sample path', () => {
    const none = withRun(base, { warmupSeconds: 0 });
    expectSameArrivals(arrivalSequence(none), arrivalSequence(base));
    const arrivals = arrivalSequence(base).length;
    const all = runReplication(none, 0);
    const cut = runReplication(base, 0);
    expect(all.ok + all.failed + all.inFlightAtEnd).toBe(arrivals);
    expect(cut.ok + cut.failed + cut.inFlightAtEnd).toBeLessThan(arrivals);
    // Every request counted with the cut is counted without it, with the same outcome.
    expect(cut.ok).toBeLessThan(all.ok);
    expect(cut.failed).toBeLessThanOrEqual(all.failed);
    expect(cut.latencyMs.max!).toBeLessThanOrEqual(all.latencyMs.max!);
  });

  /*
   * Overload during the warm-up (λ = 2× capacity), then no traffic at all:
   * the server is still working off the backlog after the warm-up, but
   * those requests arrived before it, so nothing is counted.
   */
  it('requests that arrived before the warm-up are excluded even when they finish after it', () => {
    const warmup = 100;
    const s = scenario({
      name: 'backlog',
      ratePoints: [
        [0, 20],
        [warmup, 20],
        [warmup, 0],
      ],
      stations: [{ name: 'station', service: new Exponential(0.1) }],
      run: { seed: 'warmup-backlog', durationSeconds: 300, warmupSeconds: warmup },
    });
    const r = runReplication(s, 0);
    const sv = r.tiers[0]!.servers[0]!;
    expect(sv.served).toBeGreaterThan(100); // backlog served after the warm-up…
    expect(sv.utilisation).toBeGreaterThan(0.2);
    expect([r.ok, r.failed, r.inFlightAtEnd, r.latencyMs.count, r.tiers[0]!.latencyMs.count]).toEqual([0, 0, 0, 0, 0]); // …but not counted
    const summary = summarize(s, [r], 1, 1);
    expect(summary.requests.total).toBe(0);
    expect(summary.latencyMs.mean).toBeNull();
  });
});
