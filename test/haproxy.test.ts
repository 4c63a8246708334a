/**
 * HAProxy-like balancing (a tier's `haproxy` block) against closed forms:
 * - maxconn 1 on c one-slot servers with the shared backend queue is M/M/c
 *   (Erlang C waiting probability, mean wait), and clearly not the c
 *   separate M/M/1 queues that random balancing without it gives;
 * - `timeout queue` T: the share of requests that time out is the M/M/c+D
 *   abandonment probability (deterministic patience, exact);
 * - retries with redispatch on k dead servers of n (still believed up):
 *   the failure probability is (k/n)·((k−1)/(n−1))^d for d redispatched
 *   retries;
 * - a vanished server: failed requests take exactly `timeout connect`.
 *
 * Intervals are at 99.9 % (seeds are fixed: a test either always passes or
 * always fails; the level matters only when random draws change), and each
 * check also bounds the interval's width so it cannot pass by being vague.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, type BuiltModel } from '../src/model/build.js';
import { Exponential } from '../src/rng/distributions.js';
import type { ResolvedHaproxy } from '../src/scenario/resolved-haproxy.js';
import type { ResolvedIncident, ResolvedScenario } from '../src/scenario/resolved.js';
import { confidenceInterval } from '../src/stats/confidence.js';
import { wilsonInterval } from '../src/stats/proportion.js';
import { erlangB, erlangC, mm1MeanSojourn, mmcMeanSojourn, mmcMeanWait } from './support/erlang.js';
import { balanced, type RunSpec } from './support/scenarios.js';
import type { HaproxyBackend } from '../src/model/stations/haproxy-backend.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { problemsOf, runData } from './support/run-data.js';
import { formatSummary } from '../src/cli/format-summary.js';

const LEVEL = 0.999;
const REPORT = process.env.QT_REPORT === '1';

function haproxy(over: Partial<ResolvedHaproxy>): ResolvedHaproxy {
  return { maxconn: Infinity, queueLimit: Infinity, timeoutQueueSeconds: Infinity, timeoutConnectSeconds: 5, retries: 0, redispatch: 'off', retryDelaySeconds: 1, ...over };
}

/** A farm of `n` one-slot servers behind `balancer`, with an `haproxy` block or without. */
function farm(n: number, lambda: number, mu: number, run: RunSpec, proxy?: ResolvedHaproxy, balancer: 'random' | 'round-robin' = 'random'): ResolvedScenario {
  const s = balanced({ lambda, service: new Exponential(1 / mu), balancer, servers: n, slots: 1, run });
  if (proxy) s.tiers[0]!.haproxy = proxy;
  return s;
}

/** Build, run to the end; the model (to read its backend) and every failure's latency [s] with its reason. */
function runModel(s: ResolvedScenario, seed: number | string): { model: BuiltModel; failures: Array<{ latency: number; reason: number; arrival: number }> } {
  const model = buildModel(s, seed);
  const failures: Array<{ latency: number; reason: number; arrival: number }> = [];
  const failed = model.outcomes.failed.bind(model.outcomes);
  model.outcomes.failed = (arrival: number, cls: number, reason: number, site: number) => {
    failures.push({ latency: model.sim.clock.now - arrival, reason, arrival });
    failed(arrival, cls, reason, site);
  };
  model.sim.run({ untilSeconds: s.run.durationSeconds });
  return { model, failures };
}

function backendOf(model: BuiltModel): HaproxyBackend {
  return model.tiers[0]!.proxy!;
}

function meanLatencySeconds(model: BuiltModel): number {
  return model.outcomes.latencyMs.sum / model.outcomes.latencyMs.count / 1000;
}

function covers(label: string, samples: number[], theory: number, maxRelHalfWidth: number): { mean: number; halfWidth: number } {
  const ci = confidenceInterval(samples, LEVEL);
  if (REPORT) console.log(`${label}: ${ci.mean.toPrecision(5)} ± ${ci.halfWidth.toPrecision(2)} (n=${ci.n}), theory ${theory.toPrecision(5)}`);
  expect(Math.abs(ci.mean - theory), `${label}: mean ${ci.mean} vs theory ${theory} (half-width ${ci.halfWidth})`).toBeLessThanOrEqual(ci.halfWidth);
  expect(ci.halfWidth / theory, `${label}: relative half-width`).toBeLessThan(maxRelHalfWidth);
  return ci;
}

const REPLICATIONS = 16;
const seeds = Array.from({ length: REPLICATIONS }, (_, i) => `haproxy-${i}`);

describe('maxconn with a shared backend queue is M/M/c, not c × M/M/1', () => {
  // c = 4 one-slot servers, μ = 1/s, λ = 3.2/s (ρ = 0.8): Erlang C = 0.5964, Wq = 0.7455 s, W = 1.7455 s;
  // four separate M/M/1 queues at λ/c = 0.8: P(wait) = 0.8, W = 5 s.
  const c = 4;
  const mu = 1;
  const lambda = 3.2;
  const run: RunSpec = { seed: 'mmc', durationSeconds: 20_000, warmupSeconds: 500 };

  it('the shared queue matches Erlang C and the M/M/c mean wait, and excludes c × M/M/1', () => {
    const pWait: number[] = [];
    const wait: number[] = [];
    const sojourn: number[] = [];
    for (const seed of seeds) {
      const { model } = runModel(farm(c, lambda, mu, run, haproxy({ maxconn: 1 })), seed);
      const b = backendOf(model);
      expect(b.timedOut + b.full).toBe(0);
      pWait.push(b.queued / b.arrivals);
      wait.push(b.waitSeconds / b.arrivals);
      sojourn.push(meanLatencySeconds(model));
      // maxconn 1 on one-slot servers: no server ever queues a request itself.
      for (const s of model.tiers[0]!.servers) expect(s.maxQueued).toBe(0);
    }
    const p = covers('P(wait), shared queue', pWait, erlangC(c, lambda / mu), 0.03);
    covers('Wq, shared queue', wait, mmcMeanWait(lambda, mu, c), 0.09);
    const w = covers('W, shared queue', sojourn, mmcMeanSojourn(lambda, mu, c), 0.03);
    // c × M/M/1 is far outside: P(wait) = ρ = 0.8 and W = 5 s.
    expect(Math.abs(p.mean - 0.8)).toBeGreaterThan(20 * p.halfWidth);
    expect(Math.abs(w.mean - mm1MeanSojourn(lambda / c, mu))).toBeGreaterThan(20 * w.halfWidth);
  });

  it('without the block, random balancing is c × M/M/1 and excludes M/M/c', () => {
    const sojourn = seeds.map((seed) => meanLatencySeconds(runModel(farm(c, lambda, mu, run), seed).model));
    const w = covers('W, random, no backend queue', sojourn, mm1MeanSojourn(lambda / c, mu), 0.08);
    expect(Math.abs(w.mean - mmcMeanSojourn(lambda, mu, c))).toBeGreaterThan(10 * w.halfWidth);
  });
});

/**
 * M/M/n+D (Baccelli & Hébuterne 1981; Mandelbaum & Zeltyn): with patience T,
 * p_j = p_0 a^j/j! for j < n busy servers, the virtual wait has density
 * p_{n−1} λ e^{λ·min(v,T) − nμv} for v > 0, and an arrival abandons when its
 * virtual wait exceeds T: P(ab) = p_{n−1} (λ/nμ) e^{−(nμ−λ)T}.
 */
function mmnDeterministicPatience(lambda: number, mu: number, n: number, T: number): { abandon: number; wait: number } {
  const a = lambda / mu;
  let sum = 0;
  let term = 1;
  for (let j = 0; j < n; j++) {
    sum += term;
    if (j < n - 1) term *= a / (j + 1);
  }
  const d = lambda - n * mu;
  const J = (Math.exp(d * T) - 1) / d + Math.exp(d * T) / (n * mu); // ∫_0^∞ e^{λ min(v,T) − nμv} dv
  const pLast = term / (sum + term * lambda * J);
  return { abandon: pLast * (lambda / (n * mu)) * Math.exp(d * T), wait: pLast * lambda * J };
}

describe('timeout queue', () => {
  it('the share of requests timing out is the M/M/c+D abandonment probability', () => {
    const c = 4;
    const mu = 1;
    const lambda = 3.2;
    const T = 1;
    const theory = mmnDeterministicPatience(lambda, mu, c, T);
    // Checks of the formula itself: T → ∞ gives Erlang C for the waiting probability, T = 0 Erlang B.
    expect(mmnDeterministicPatience(lambda, mu, c, 1e6).wait).toBeCloseTo(erlangC(c, lambda / mu), 10);
    expect(mmnDeterministicPatience(lambda, mu, c, 1e-12).abandon).toBeCloseTo(erlangB(lambda / mu, c), 9);
    const run: RunSpec = { seed: 'patience', durationSeconds: 20_000, warmupSeconds: 500 };
    const share: number[] = [];
    const waited: number[] = [];
    for (const seed of seeds) {
      const { model, failures } = runModel(farm(c, lambda, mu, run, haproxy({ maxconn: 1, timeoutQueueSeconds: T })), seed);
      const b = backendOf(model);
      share.push(b.timedOut / b.arrivals);
      waited.push(b.queued / b.arrivals);
      // Every failure is a queue timeout, exactly T after the request joined (it arrived straight into the queue).
      for (const f of failures) {
        expect(f.reason).toBe(9);
        expect(f.latency).toBeCloseTo(T, 9);
      }
    }
    const p = covers('P(timeout), T = 1 s', share, theory.abandon, 0.05);
    covers('P(wait), T = 1 s', waited, theory.wait, 0.03);
    // The form that ignores that timed-out requests leave the queue, C(c,a)·e^{−(cμ−λ)T} = 0.268, is far off.
    const naive = erlangC(c, lambda / mu) * Math.exp(-(c * mu - lambda) * T);
    expect(Math.abs(p.mean - naive)).toBeGreaterThan(20 * p.halfWidth);
  });

  it('a full backend queue fails the request at once', () => {
    const run: RunSpec = { seed: 'full', durationSeconds: 2_000, warmupSeconds: 100 };
    const { model, failures } = runModel(farm(2, 3, 1, run, haproxy({ maxconn: 1, queueLimit: 0 })), 'full');
    const b = backendOf(model);
    // queueLimit 0 with maxconn 1 on 2 servers is the Erlang loss system M/M/2/2: B(3, 2) = 4.5/8.5.
    const ci = wilsonInterval(b.full, b.arrivals, LEVEL);
    expect(ci.low).toBeLessThan(4.5 / 8.5);
    expect(ci.high).toBeGreaterThan(4.5 / 8.5);
    expect(b.queued).toBe(0);
    for (const f of failures) expect(f.latency).toBe(0);
  });
});

/** Servers `dead` of tier 0 crash at t = 0 and never come back; no health checks, so they stay believed up. */
function withDead(s: ResolvedScenario, dead: number[], vanish = false): ResolvedScenario {
  const incidents: ResolvedIncident[] = dead.map((server) => ({
    atSeconds: 0,
    forSeconds: Infinity,
    target: { kind: 'server', tier: 0, server },
    description: `dead ${server}`,
    ...(vanish ? { vanish: true } : {}),
  }));
  return { ...s, incidents };
}

describe('retries and redispatch on refused connections', () => {
  // n = 4 servers, k = 2 of them dead but believed up (a detection window that never ends), random balancing.
  // A redispatch picks uniformly among the n − 1 servers other than the one that refused, k − 1 of them dead.
  const n = 4;
  const k = 2;
  const run: RunSpec = { seed: 'retries', durationSeconds: 600, warmupSeconds: 0 };
  const light = (proxy?: ResolvedHaproxy): ResolvedScenario => {
    const s = balanced({ lambda: 100, service: new Exponential(0.001), balancer: 'random', servers: n, slots: 64, run });
    if (proxy) s.tiers[0]!.haproxy = proxy;
    return withDead(s, [0, 1]);
  };
  const cases: Array<{ label: string; proxy?: ResolvedHaproxy; theory: number }> = [
    { label: 'no haproxy block', theory: k / n },
    { label: 'retries 3, no redispatch', proxy: haproxy({ retries: 3 }), theory: k / n },
    { label: 'retries 3, redispatch on the last', proxy: haproxy({ retries: 3, redispatch: 'last' }), theory: (k / n) * ((k - 1) / (n - 1)) },
    { label: 'retries 3, redispatch on every retry', proxy: haproxy({ retries: 3, redispatch: 'every' }), theory: (k / n) * ((k - 1) / (n - 1)) ** 3 },
  ];
  for (const { label, proxy, theory } of cases) {
    it(`${label}: P(fail) = ${theory.toPrecision(4)}`, () => {
      const { model, failures } = runModel(light(proxy), label);
      const arrivals = model.outcomes.failedTotal + model.outcomes.latencyMs.count;
      const ci = wilsonInterval(failures.length, arrivals, LEVEL);
      if (REPORT) console.log(`${label}: ${ci.share.toPrecision(4)} [${ci.low.toPrecision(4)}, ${ci.high.toPrecision(4)}] of ${arrivals}, theory ${theory.toPrecision(4)}`);
      expect(ci.low).toBeLessThanOrEqual(theory);
      expect(ci.high).toBeGreaterThanOrEqual(theory);
      expect(ci.high - ci.low).toBeLessThan(0.25 * theory);
      for (const f of failures) expect(f.reason).toBe(5); // refused
      if (proxy?.redispatch === 'off') {
        // Three retries on the same server, each after the 1 s turn-around: failures take 3 s.
        for (const f of failures) expect(f.latency).toBeCloseTo(3, 9);
      }
      if (proxy !== undefined && proxy.redispatch !== 'off') expect(backendOf(model).redispatched).toBeGreaterThan(0);
    });
  }
});

describe('a vanished server: connects time out instead of being refused', () => {
  const run: RunSpec = { seed: 'vanish', durationSeconds: 300, warmupSeconds: 0 };
  const two = (proxy?: ResolvedHaproxy, vanish = true): ResolvedScenario => {
    const s = balanced({ lambda: 20, service: new Exponential(0.001), balancer: 'round-robin', servers: 2, slots: 64, run });
    if (proxy) s.tiers[0]!.haproxy = proxy;
    return withDead(s, [1], vanish);
  };

  it('without an haproxy block, a failed request takes the default 5 s connect timeout ("unreachable")', () => {
    const { failures } = runModel(two(), 'v1');
    expect(failures.length).toBeGreaterThan(2000);
    for (const f of failures) {
      expect(f.reason).toBe(6);
      expect(f.latency).toBeCloseTo(5, 9);
    }
  });

  it('a refused connection fails at once', () => {
    const { failures } = runModel(two(undefined, false), 'v2');
    expect(failures.length).toBeGreaterThan(2000);
    for (const f of failures) expect(f.latency).toBe(0);
  });

  it('with timeoutConnect 2 s: a failure takes 2 s; two retries on the same server take 3 × 2 s; a redispatch saves it', () => {
    const one = runModel(two(haproxy({ timeoutConnectSeconds: 2 })), 'v3');
    for (const f of one.failures) expect(f.latency).toBeCloseTo(2, 9);
    expect(one.failures.length).toBeGreaterThan(2000);
    const retried = runModel(two(haproxy({ timeoutConnectSeconds: 2, retries: 2 })), 'v4');
    for (const f of retried.failures) expect(f.latency).toBeCloseTo(6, 9);
    // Round-robin over two servers: every other request goes to the vanished one, retries or not.
    const share = retried.failures.length / (retried.model.outcomes.failedTotal + retried.model.outcomes.ok);
    expect(Math.abs(share - 0.5)).toBeLessThan(0.01);
    const saved = runModel(two(haproxy({ timeoutConnectSeconds: 2, retries: 1, redispatch: 'last' })), 'v5');
    expect(saved.failures.length).toBe(0);
    // Each redispatched request waited 2 s for the vanished server, then took ~1 ms elsewhere (the
    // redispatch picks move round-robin's pointer too, so that is about, not exactly, half of them).
    const b = backendOf(saved.model);
    const served = saved.model.outcomes.ok;
    expect(b.redispatched / served).toBeGreaterThan(0.4);
    expect(Math.abs(meanLatencySeconds(saved.model) - (2 * b.redispatched) / served - 0.001)).toBeLessThan(0.0005);
  });
});

describe('random failures in mode "vanish"', () => {
  const data = (mode: string): unknown => ({
    name: 'random-vanish',
    run: { duration: '2h', seed: 5 },
    sites: { RBX: {} },
    traffic: { classes: { req: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '20/s', duration: '2h' }] },
    tiers: {
      web: {
        balancer: 'round-robin',
        servers: [
          { name: 'web', count: 2, site: 'RBX', slots: 16, failures: { mtbf: '20min', mttr: '2min', mode } },
        ],
        serviceTime: { dist: 'exponential', mean: '1ms' },
      },
    },
  });
  const failuresOf = (mode: string): Array<{ latency: number; reason: number }> => runModel(resolveScenarioData(data(mode), 'test.json').scenario, 5).failures;

  it('connects to a server down at random hang 5 s and fail "unreachable"; in mode "refuse" they fail at once', () => {
    const vanished = failuresOf('vanish');
    expect(vanished.length).toBeGreaterThan(500);
    for (const f of vanished) if (f.reason !== 3) expect([f.reason, f.latency]).toEqual([6, expect.closeTo(5, 9)]);
    const refused = failuresOf('refuse');
    expect(refused.length).toBeGreaterThan(500);
    for (const f of refused) if (f.reason !== 3) expect([f.reason, f.latency]).toEqual([5, 0]);
  });
});

describe('redispatch leaves a server the checks have marked down', () => {
  it('a request hanging on a vanished server is redispatched at its first retry after detection, not only at the last', () => {
    const run: RunSpec = { seed: 'detect', durationSeconds: 120, warmupSeconds: 0 };
    const s = balanced({ lambda: 20, service: new Exponential(0.001), balancer: 'round-robin', servers: 2, slots: 64, run });
    s.tiers[0]!.haproxy = haproxy({ timeoutConnectSeconds: 5, retries: 3, redispatch: 'last' });
    s.tiers[0]!.healthCheck = { intervalSeconds: 2, timeoutSeconds: 1, rise: 2, fall: 3 };
    const dead = withDead(s, [1], true);
    dead.incidents[0]!.atSeconds = 50;
    const { model, failures } = runModel(dead, 'detect');
    expect(failures).toEqual([]);
    // Detection takes at most fall·inter + timeout = 7 s: a request sent at the crash times out at 5 s,
    // retries the same server, times out at 10 s and is then redispatched (the last retry would have been at 15 s).
    const maxSeconds = model.outcomes.latencyMs.max / 1000;
    expect(maxSeconds).toBeGreaterThan(9.9);
    expect(maxSeconds).toBeLessThan(10.1);
  });
});

/** The HAProxy pair in RBX in front of two web servers in GRA, the vRack between them, cut from 100 s to 200 s. */
function crossSite(healthCheck: Record<string, unknown>, haproxyBlock?: Record<string, unknown>): unknown {
  return {
    name: 'cross-site',
    run: { duration: '300s', seed: 3 },
    sites: { RBX: {}, GRA: {} },
    links: [{ between: ['RBX', 'GRA'], latency: '2ms', connectTimeout: '3s' }],
    traffic: { classes: { req: { share: 1, path: ['lb', 'web'] } }, phases: [{ phase: 'constant', rate: '50/s', duration: '1h' }] },
    tiers: {
      lb: { servers: [{ name: 'haproxy', site: 'RBX', slots: 1000 }], serviceTime: { dist: 'constant', value: '0.1ms' } },
      web: {
        healthCheck,
        ...(haproxyBlock ? { haproxy: haproxyBlock } : {}),
        servers: [{ name: 'web', count: 2, site: 'GRA', slots: 16 }],
        serviceTime: { dist: 'exponential', mean: '5ms' },
      },
    },
    incidents: [{ at: '100s', for: '100s', link: ['RBX', 'GRA'] }],
  };
}

describe('health checks over the link the traffic takes', () => {
  /** Whether the balancer believes each web server is up at `seconds`. */
  function upAt(data: unknown, seconds: number): boolean[] {
    const { scenario } = resolveScenarioData(data, 'test.json');
    const model = buildModel(scenario, 1);
    model.sim.run({ untilSeconds: seconds });
    return model.tiers[1]!.servers.map((s) => s.up);
  }

  it('probes from the HAProxy site fail across a cut link: the servers are marked down, and up again after the repair', () => {
    const check = { interval: '2s', timeout: '1s', fall: 3, rise: 2, from: 'RBX' };
    expect(upAt(crossSite(check), 99)).toEqual([true, true]);
    // Detected within fall·inter + timeout = 7 s of the cut.
    expect(upAt(crossSite(check), 108)).toEqual([false, false]);
    // Back within rise·inter = 4 s of the repair.
    expect(upAt(crossSite(check), 205)).toEqual([true, true]);
  });

  it('without "from", the probes cross no link and the servers stay up', () => {
    expect(upAt(crossSite({ interval: '2s', timeout: '1s', fall: 3, rise: 2 }), 150)).toEqual([true, true]);
  });

  it('once both servers are marked down, requests fail at once with noBackend instead of hanging 3 s', () => {
    const s = runData(crossSite({ interval: '2s', timeout: '1s', fall: 3, rise: 2, from: 'RBX' }));
    const blind = runData(crossSite({ interval: '2s', timeout: '1s', fall: 3, rise: 2 }));
    // Blind checks: the whole 100 s cut fails "unreachable" (50/s); with checks that see it, only the detection window does.
    expect(blind.requests.failedBy.unreachable).toBeGreaterThan(4900);
    expect(s.requests.failedBy.unreachable).toBeLessThan(50 * 8);
    expect(s.requests.failedBy.noBackend).toBeGreaterThan(50 * 90);
  });
});

describe('the summary of a tier with an haproxy block', () => {
  it('has a backend section (only there), which the terminal table reports', () => {
    const data = crossSite({ interval: '2s', timeout: '1s', fall: 3, rise: 2, from: 'RBX' }, { maxconn: 1, timeoutQueue: '50ms', retries: 2, redispatch: true });
    const s = runData(data);
    expect(s.tiers.lb!.backend).toBeUndefined();
    const b = s.tiers.web!.backend!;
    // Two one-connection servers at 50/s × 5 ms (a = 0.25): some requests wait, a few past 50 ms.
    expect(b.arrivals).toBeGreaterThan(14_000);
    expect(b.queued).toBeGreaterThan(0);
    expect(b.waitedShare).toBeCloseTo(b.queued / b.arrivals, 5);
    expect(b.timedOut).toBe(s.requests.failedBy.queueTimeout);
    expect(formatSummary(s)).toContain(`haproxy web  ${(b.waitedShare * 100).toFixed(2)}% waited in the backend queue`);
  });
});

describe('validation of the haproxy block and of "mode"', () => {
  const base = (haproxyBlock: Record<string, unknown>, incident?: Record<string, unknown>): unknown => {
    const d = crossSite({ interval: '2s' }, haproxyBlock) as { incidents: unknown[] };
    if (incident) d.incidents = [incident];
    return d;
  };

  it('accepts the SoFoot pair\'s settings', () => {
    expect(problemsOf(base({ maxconn: 16, timeoutQueue: '10s', timeoutConnect: '5s', retries: 3, redispatch: true }))).toEqual([]);
    expect(problemsOf(base({ retries: 2, redispatch: 'every' }, { at: '10s', server: 'web/web-1', mode: 'vanish' }))).toEqual([]);
  });

  it('says what is wrong, where, and what to do', () => {
    expect(problemsOf(base({ retries: 0, redispatch: true }))).toEqual([
      expect.stringMatching(/tiers\.web\.haproxy\.redispatch.*"retries" is 0.*set "retries" to 1/),
    ]);
    expect(problemsOf(base({ timeoutQueue: '5s' }))).toEqual([expect.stringMatching(/tiers\.web\.haproxy\.timeoutQueue.*needs "maxconn"/)]);
    expect(problemsOf(base({ maxconn: 0 }))[0]).toMatch(/tiers\.web\.haproxy\.maxconn/);
    expect(problemsOf(base({}, { at: '10s', link: ['RBX', 'GRA'], mode: 'vanish' }))).toEqual([expect.stringMatching(/incidents\[0\]\.mode.*needs a "server"/)]);
    expect(problemsOf(base({}, { at: '10s', server: 'web/web-1', mode: 'silent' }))[0]).toMatch(/incidents\[0\]\.mode/);
    const check = crossSite({ interval: '2s', from: 'SBG' });
    expect(problemsOf(check)[0]).toMatch(/tiers\.web\.healthCheck\.from.*SBG/);
  });
});
