/**
 * Random failures of balancers, links, monitors and Galera arbitrators
 * (issue #13) against closed forms. Up and down times are exponential
 * (MTBF 100 s, MTTR 25 s): an alternating renewal process whose long-run
 * availability is MTBF / (MTBF + MTTR) = 0.8. Over n independent
 * replications of about 40 cycles each, the mean availability must fall in
 * its confidence interval (4 standard errors of the replications' spread)
 * around 0.8.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication, type ReplicationResult } from '../src/run/replication.js';
import { problemsOf, runData } from './support/run-data.js';

const MTBF = 100;
const MTTR = 25;
const A = MTBF / (MTBF + MTTR);
const DURATION = 5000;
const REPLICATIONS = 24;
const FAILURES = { mtbf: `${MTBF}s`, mttr: `${MTTR}s` };

function replications(data: unknown, n = REPLICATIONS): ReplicationResult[] {
  const { scenario } = resolveScenarioData(data, 'test.json');
  return Array.from({ length: n }, (_, i) => runReplication(scenario, i));
}

/** The mean of `xs` is within 4 standard errors of `expected` (and the interval is informative: under 0.05 wide). */
function expectMeanInCi(xs: number[], expected: number): void {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  expect(se).toBeGreaterThan(0);
  expect(se).toBeLessThan(0.0125);
  expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
}

/** Down time of the records naming `target` within [0, end] [s]. */
function downSeconds(r: ReplicationResult, target: string, end: number): number {
  return r.incidents.filter((i) => i.target === target).reduce((a, i) => a + Math.min(i.repairedSeconds ?? end, end) - i.startSeconds, 0);
}

function web(extra: Record<string, unknown>, sites: Record<string, unknown> = { A: {} }, links: unknown[] = []): any {
  return {
    name: 'more-failures',
    run: { duration: `${DURATION}s`, seed: 5 },
    sites,
    links,
    traffic: { classes: { r: { share: 1, path: ['web'] } }, phases: [{ phase: 'constant', rate: '2/s', duration: `${DURATION}s` }] },
    tiers: { web: { servers: [{ name: 'w', site: 'A', slots: 100 }], serviceTime: { dist: 'constant', value: '1ms' }, ...extra } },
  };
}

describe('random balancer failures', () => {
  it('a single balancer is available MTBF/(MTBF+MTTR) of the time (CI over replications)', () => {
    const reps = replications(web({ balancerFailures: FAILURES }));
    expectMeanInCi(
      reps.map((r) => r.availabilityTime.time),
      A,
    );
    // The log's records agree with the meter: the down time is the complement.
    for (const r of reps.slice(0, 3)) expect(downSeconds(r, 'balancer web', DURATION) / DURATION).toBeCloseTo(1 - r.availabilityTime.time, 9);
    // By requests too: the arrivals during down times fail (Poisson arrivals see time averages).
    const s = runData(web({ balancerFailures: FAILURES }), 8);
    expect(Math.abs(s.availability.requests! - A)).toBeLessThan(0.03);
  });

  it('a balancer pair is down only for the takeover after each failure', () => {
    const reps = replications(web({ balancerFailures: FAILURES, balancerRedundancy: { kind: 'pair', takeover: '5s' } }), 8);
    // Each failure costs min(takeover, repair): E = ∫0^5 P(R > t) dt = 25·(1 − e^(−5/25)); per cycle of mean 125 s.
    const expected = 1 - (MTTR * (1 - Math.exp(-5 / MTTR))) / (MTBF + MTTR);
    expectMeanInCi(
      reps.map((r) => r.availabilityTime.time),
      expected,
    );
  });
});

describe('random link failures', () => {
  it('a link is up MTBF/(MTBF+MTTR) of the time, and requests crossing it fail while it is cut', () => {
    const data = web({}, { A: {}, B: {} }, [{ between: ['A', 'B'], latency: '1ms', failures: FAILURES, connectTimeout: '1s' }]);
    data.tiers = {
      front: { servers: [{ name: 'f', site: 'A', slots: 100 }], serviceTime: { dist: 'constant', value: '1ms' } },
      web: { servers: [{ name: 'w', site: 'B', slots: 100 }], serviceTime: { dist: 'constant', value: '1ms' } },
    };
    data.traffic.classes.r.path = ['front', 'web'];
    const reps = replications(data);
    expectMeanInCi(
      reps.map((r) => 1 - downSeconds(r, 'link A–B', DURATION) / DURATION),
      A,
    );
    expectMeanInCi(
      reps.map((r) => r.ok / (r.ok + r.failed)),
      A,
    );
    expect(reps.every((r) => r.failedBy.unreachable === r.failed)).toBe(true);
  });
});

describe('random monitor failures', () => {
  it('a monitor that is down detects nothing: the IP moves only after it is back', () => {
    // Monitor: up 5 s, down 100 s, up 5 s, … (constant times). The IP holder dies at 20 s, while it is blind.
    const constant = (v: string) => ({ dist: 'constant', value: v });
    const data = web({
      balancer: 'ip-failover',
      ipFailover: { master: 'm', monitor: { interval: '1s', timeout: '0.5s', fall: 2, rise: 2, failures: { mtbf: constant('5s'), mttr: constant('100s') } }, move: '3s' },
      servers: [
        { name: 'm', site: 'A', slots: 100 },
        { name: 's', site: 'A', slots: 100 },
      ],
    });
    data.run.duration = '200s';
    data.traffic.phases[0].duration = '200s';
    data.incidents = [{ at: '20s', server: 'web/m' }];
    const s = runData(data);
    const [move] = s.recovery.ipFailovers;
    // Back at 105 s: two failed probes, (fall − 1)·interval + timeout to fall·interval + timeout later.
    expect(move!.detectedSeconds).toBeGreaterThanOrEqual(105 + 1.5 - 1e-9);
    expect(move!.detectedSeconds).toBeLessThanOrEqual(105 + 2.5 + 1e-9);
    expect(move!.movedSeconds).toBeCloseTo(move!.detectedSeconds + 3, 9);
    // Every request from the death to the move failed: 2/s over about 90 s.
    expect(s.requests.failed).toBeGreaterThan(2 * (move!.movedSeconds! - 20) - 4 * Math.sqrt(2 * (move!.movedSeconds! - 20)));
  });
});

describe('random arbitrator failures', () => {
  it('two data nodes, one down for good, keep quorum (2 of 3 votes) exactly while the arbitrator is up', () => {
    const data = web({
      servers: [
        { name: 'a', site: 'A', slots: 100 },
        { name: 'b', site: 'A', slots: 100 },
      ],
      database: { replication: 'galera', arbitrators: [{ name: 'garb', site: 'A', failures: FAILURES }] },
      // The balancer stops sending to the dead node within 0.15 s: what is left is the quorum.
      healthCheck: { interval: '0.1s', timeout: '0.05s', fall: 1, rise: 1 },
    });
    data.incidents = [{ at: '0s', server: 'web/b' }];
    const reps = replications(data);
    expectMeanInCi(
      reps.map((r) => r.availabilityTime.time),
      A,
    );
    expect(reps.every((r) => r.failedBy.quorumLost > 0)).toBe(true);
  });
});

describe('validation', () => {
  it('refuses balancer failures on an IP failover tier, and a bad mtbf', () => {
    const ip = web({ balancer: 'ip-failover', balancerFailures: FAILURES, ipFailover: { move: '3s' } });
    expect(problemsOf(ip).join('\n')).toMatch(/tiers\.web\.balancerFailures.*no balancer to fail/);
    expect(problemsOf(web({ balancerFailures: { mtbf: 'often', mttr: '1s' } })).join('\n')).toMatch(/tiers\.web\.balancerFailures\.mtbf/);
  });
});
