/**
 * Closed populations (traffic.populations) against the closed-network
 * closed forms: exact mean-value analysis (MVA) for N users with
 * exponential think time Z in front of single-server FIFO stations with
 * exponential service (a product-form network), and the machine-repairman
 * model M/M/c//N for one c-server station.
 *
 * Each check: R independent replications give R estimates of the
 * throughput X(N) and of the response time R(N); a Student-t interval at
 * 99.9 % must contain the exact value, and the interval must be narrow (a
 * bound on its half-width), so a vague estimate cannot pass. N is taken
 * below, at and above the knee N* = (Z + ΣS)/S_max, where throughput
 * saturates at 1/S_max and the response time starts to grow linearly.
 */
import { describe, expect, it } from 'vitest';
import { runReplication, type ReplicationResult } from '../src/run/replication.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import type { ResolvedScenario } from '../src/scenario/resolved.js';
import { confidenceInterval } from '../src/stats/confidence.js';
import { summarize } from '../src/run/summary.js';

const LEVEL = 0.999;
const REPORT = process.env.QT_REPORT === '1';

/** Exact MVA for single-server FIFO stations with exponential service (means S_k) and think time Z: X(N), R(N). */
function mva(n: number, serviceSeconds: readonly number[], thinkSeconds: number): { x: number; r: number } {
  const q = serviceSeconds.map(() => 0);
  let x = 0;
  let r = 0;
  for (let k = 1; k <= n; k++) {
    const rk = serviceSeconds.map((s, i) => s * (1 + q[i]!));
    r = rk.reduce((a, b) => a + b, 0);
    x = k / (thinkSeconds + r);
    rk.forEach((v, i) => (q[i] = x * v));
  }
  return { x, r };
}

/** Machine repairman M/M/c//N: N users thinking Exp(Z), one station of c servers with Exp(S) service; stationary X and R = N/X − Z. */
function machineRepairman(n: number, c: number, serviceSeconds: number, thinkSeconds: number): { x: number; r: number } {
  // Birth–death on the number at the station: up (N − j)/Z, down min(j, c)/S.
  const p = [1];
  for (let j = 1; j <= n; j++) p.push((p[j - 1]! * ((n - j + 1) / thinkSeconds)) / (Math.min(j, c) / serviceSeconds));
  const total = p.reduce((a, b) => a + b, 0);
  const x = p.reduce((a, pj, j) => a + (pj / total) * (Math.min(j, c) / serviceSeconds), 0);
  return { x, r: n / x - thinkSeconds };
}

interface Station {
  name: string;
  slots: number;
  meanSeconds: number;
}

function closedScenario(users: number, thinkSeconds: number, stations: Station[], durationSeconds: number): ResolvedScenario {
  const data = {
    name: 'closed-mva',
    run: { duration: `${durationSeconds}s`, warmup: '200s', seed: 11 },
    sites: { RBX: {} },
    traffic: {
      classes: { desk: { path: stations.map((s) => s.name) } },
      populations: { staff: { users, class: 'desk', thinkTime: { dist: 'exponential', mean: `${thinkSeconds}s` } } },
    },
    tiers: Object.fromEntries(
      stations.map((s) => [s.name, { servers: [{ name: 's', site: 'RBX', slots: s.slots }], serviceTime: { dist: 'exponential', mean: `${s.meanSeconds}s` } }]),
    ),
  };
  return resolveScenarioData(data, 'closed-mva.json').scenario;
}

function estimates(s: ResolvedScenario, replications: number): { x: number[]; r: number[] } {
  const reps: ReplicationResult[] = Array.from({ length: replications }, (_, i) => runReplication(s, i));
  return {
    x: reps.map((rep) => {
      const p = rep.populations![0]!;
      return (p.ok + p.failed) / rep.measuredSeconds;
    }),
    r: reps.map((rep) => rep.populations![0]!.latencyMs.sum / rep.populations![0]!.latencyMs.count / 1000),
  };
}

/** The exact value lies in the 99.9 % interval, and the interval's half-width is at most `relWidth` of it. */
function expectWithin(label: string, samples: number[], exact: number, relWidth: number): void {
  const ci = confidenceInterval(samples, LEVEL);
  if (REPORT) console.log(`${label}: measured ${ci.mean.toFixed(4)} ± ${ci.halfWidth.toFixed(4)}, exact ${exact.toFixed(4)}`);
  expect(ci.low, `${label}: ${ci.mean} ± ${ci.halfWidth} vs exact ${exact}`).toBeLessThanOrEqual(exact);
  expect(ci.high, `${label}: ${ci.mean} ± ${ci.halfWidth} vs exact ${exact}`).toBeGreaterThanOrEqual(exact);
  expect(ci.halfWidth / exact, `${label}: interval too wide`).toBeLessThan(relWidth);
}

describe('closed population against exact MVA (two single-server FIFO stations, exponential think time)', () => {
  // S = 100 ms and 50 ms, Z = 1 s: knee N* = (1 + 0.15)/0.1 = 11.5; saturation X = 10/s.
  const stations: Station[] = [
    { name: 'app', slots: 1, meanSeconds: 0.1 },
    { name: 'db', slots: 1, meanSeconds: 0.05 },
  ];
  for (const users of [2, 12, 30]) {
    it(`N = ${users}: X(N) and R(N) = N/X − Z`, () => {
      const exact = mva(users, [0.1, 0.05], 1);
      const { x, r } = estimates(closedScenario(users, 1, stations, 3000), 8);
      expectWithin(`MVA N=${users} X`, x, exact.x, 0.03);
      expectWithin(`MVA N=${users} R`, r, exact.r, 0.08);
    });
  }
});

describe('closed population against the machine-repairman model M/M/c//N', () => {
  // c = 3 servers, S = 0.5 s, Z = 2 s: knee N* = 3·(2 + 0.5)/0.5 = 15; saturation X = 6/s.
  for (const users of [4, 15, 30]) {
    it(`c = 3, N = ${users}`, () => {
      const exact = machineRepairman(users, 3, 0.5, 2);
      const { x, r } = estimates(closedScenario(users, 2, [{ name: 'pool', slots: 3, meanSeconds: 0.5 }], 3000), 8);
      expectWithin(`M/M/3//${users} X`, x, exact.x, 0.03);
      expectWithin(`M/M/3//${users} R`, r, exact.r, 0.08);
    });
  }
});

describe('closed population: the oracles themselves', () => {
  it('MVA with one station equals the machine repairman with c = 1', () => {
    for (const n of [1, 5, 20]) {
      expect(mva(n, [0.3], 2).x).toBeCloseTo(machineRepairman(n, 1, 0.3, 2).x, 12);
    }
  });
  it('one user: X = 1/(Z + ΣS), no queueing', () => {
    expect(mva(1, [0.1, 0.05], 1).r).toBeCloseTo(0.15, 12);
  });
});

describe('closed population with sessions (constant think, session and gap times)', () => {
  it('each seat alternates sessions and gaps; throughput is the active share times 1/(Z + S)', () => {
    // Z = 1 s, S = 1 ms constant: a user sends a request every 1.001 s. A session of 100 s
    // ends at the first outcome at or after 100 s (the 100th request, t = 100.1 s), then 50 s of gap:
    // a cycle of 150.1 s with 100 requests.
    const data = {
      name: 'sessions',
      run: { duration: '15010s', warmup: '0s', seed: 3 },
      sites: { RBX: {} },
      traffic: {
        classes: { vdi: { path: ['desktops'] } },
        populations: {
          seats: {
            users: 4,
            class: 'vdi',
            thinkTime: { dist: 'constant', value: '1s' },
            session: { length: { dist: 'constant', value: '100s' }, gap: { dist: 'constant', value: '50s' } },
          },
        },
      },
      tiers: { desktops: { servers: [{ name: 'h', site: 'RBX', slots: 8 }], serviceTime: { dist: 'constant', value: '1ms' } } },
    };
    const s = resolveScenarioData(data, 'sessions.json').scenario;
    const rep = runReplication(s, 0);
    const p = rep.populations![0]!;
    // 15,010 s = 100 cycles of 150.1 s: 100 sessions and 100 × 100 requests per seat.
    expect(p.sessions).toBe(4 * 100);
    expect(p.ok).toBe(4 * 100 * 100);
    expect(p.latencyMs.sum / p.latencyMs.count).toBeCloseTo(1, 6);
    const summary = summarize(s, [rep], 0, 1);
    expect(summary.populations!.seats!.requestsPerSecond).toBeCloseTo((4 * 100 * 100) / 15010, 3);
  });
});
