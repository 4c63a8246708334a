/**
 * Database failover (async master/slave) against closed forms: the writes
 * lost at a master failure are those committed within one link latency
 * before it (w·L on average), the monitor detects within its window, the
 * recovery time is detection + promotion, and writes flow again through
 * the new master.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model/build.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { runReplication } from '../src/run/replication.js';
import { summarize } from '../src/run/summary.js';
import type { FailoverRecord } from '../src/model/recovery/db-failover.js';
import { loadScenario } from '../src/scenario/load.js';
import { simulate } from './support/cli.js';
import { problemsOf } from './support/run-data.js';

const L = 0.01; // one-way link latency [s]

/**
 * Writes only, at `rate`/s, to a database tier with a master "m" in A and a
 * slave "s" in B, 10 ms apart with no bandwidth limit (negligible transmit
 * time). Service is 1 ms with plenty of slots: an M/D/∞ station, whose
 * departures — the commits — are Poisson at `rate`.
 */
function writes(opts: { rate: number; duration: string; dieAt: string; repairAfter?: string; failover?: Record<string, unknown>; seed?: number | string; app?: boolean }): any {
  const failover = { monitor: { interval: '1s', timeout: '0.5s', fall: 2, rise: 2 }, promotion: '1s', ...opts.failover };
  return {
    name: 'failover',
    run: { duration: opts.duration, seed: opts.seed ?? 7 },
    sites: { A: {}, B: {} },
    links: [{ between: ['A', 'B'], latency: `${L * 1000}ms` }],
    traffic: {
      classes: { w: { share: 1, path: opts.app ? ['app', 'db'] : ['db'], write: true } },
      phases: [{ phase: 'constant', rate: `${opts.rate}/s`, duration: opts.duration }],
    },
    tiers: {
      ...(opts.app
        ? {
            app: {
              balancer: 'weighted-round-robin',
              servers: [
                { name: 'a', site: 'A', slots: 1000, weight: 60 },
                { name: 'b', site: 'B', slots: 1000, weight: 40 },
              ],
              serviceTime: { dist: 'constant', value: '1ms' },
            },
          }
        : {}),
      db: {
        servers: [
          { name: 'm', site: 'A', slots: 1000 },
          { name: 's', site: 'B', slots: 1000 },
        ],
        serviceTime: { dist: 'constant', value: '1ms' },
        database: { replication: 'async', master: 'm', applyTime: { dist: 'constant', value: '0.1ms' }, failover },
      },
    },
    incidents: [{ at: opts.dieAt, ...(opts.repairAfter ? { for: opts.repairAfter } : {}), server: 'db/m' }],
  };
}

function failoversOf(data: unknown, replications: number): FailoverRecord[] {
  const { scenario } = resolveScenarioData(data, 'test.json');
  const out: FailoverRecord[] = [];
  for (let i = 0; i < replications; i++) out.push(...runReplication(scenario, i).databases[0]!.failovers);
  return out;
}

describe('database failover', () => {
  it('loses exactly the writes committed in (failure − L, failure] at a single failure', () => {
    const { scenario } = resolveScenarioData(writes({ rate: 2000, duration: '40s', dieAt: '30.2s' }), 'test.json');
    const model = buildModel(scenario, 'exact');
    const db = model.databases[0]!;
    const channel = db.channels[1]!;
    const commits: number[] = [];
    const commit = channel.commit.bind(channel);
    channel.commit = (t: number): void => {
      commits.push(t);
      commit(t);
    };
    model.sim.run({ untilSeconds: scenario.run.durationSeconds });
    const [record] = model.recovery.failovers[0]!.records;
    expect(record).toBeDefined();
    const died = record!.failedAtSeconds;
    expect(died).toBe(30.2);
    const inWindow = commits.filter((t) => t > died - L && t <= died);
    expect(inWindow.length).toBeGreaterThan(5); // 2000/s × 10 ms ≈ 20: the test means something
    expect(record!.writesLost).toBe(inWindow.length);
    // RPO: from the oldest lost write to the failure, less than L.
    expect(record!.rpoSeconds).toBeCloseTo(died - inWindow[0]!, 12);
    expect(record!.rpoSeconds).toBeLessThan(L);
    expect(record!.newMaster).toBe('db/s');
  });

  it('loses w·L writes on average (Poisson writes, constant latency)', () => {
    const w = 500;
    const records = failoversOf(writes({ rate: w, duration: '36s', dieAt: '30.37s' }), 120);
    expect(records).toHaveLength(120);
    const lost = records.map((r) => r.writesLost);
    const n = lost.length;
    const mean = lost.reduce((a, b) => a + b, 0) / n;
    // Lost ~ Poisson(w·L = 5): sd √5 per failure, so the mean of 120 has sd ≈ 0.2; allow 4 of them.
    expect(Math.abs(mean - w * L)).toBeLessThan(4 * Math.sqrt((w * L) / n));
    // And the variance is Poisson's too (not a constant w·L per failure).
    const variance = lost.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    expect(variance).toBeGreaterThan(w * L * 0.5);
    expect(variance).toBeLessThan(w * L * 1.6);
  });

  it('detects within [(fall−1)·interval + timeout, fall·interval + timeout], and RTO = detection + promotion', () => {
    // interval 1 s, timeout 0.5 s, fall 2: detected 1.5 to 2.5 s after the death; promotion 1 s.
    for (const dieAt of ['30s', '30.1s', '30.5s', '30.99s']) {
      const [r] = failoversOf(writes({ rate: 50, duration: '40s', dieAt }), 1);
      const detection = r!.detectedSeconds - r!.failedAtSeconds;
      expect(detection).toBeGreaterThanOrEqual(1.5 - 1e-9);
      expect(detection).toBeLessThanOrEqual(2.5 + 1e-9);
      expect(r!.rtoSeconds).toBeCloseTo(detection + 1, 9);
      expect(r!.promotedSeconds).toBeCloseTo(r!.detectedSeconds + 1, 9);
    }
  });

  it('fails writes from the death to the promotion only, then the new master takes them', () => {
    const w = 400;
    const data = writes({ rate: w, duration: '100s', dieAt: '30s' });
    const { scenario } = resolveScenarioData(data, 'test.json');
    const rep = runReplication(scenario, 0);
    const s = summarize(scenario, [rep], 0, 1);
    const f = s.databases.db!.failovers[0]!;
    const window = f.promotedSeconds! - f.failedAtSeconds;
    // Failed: Poisson count over the window (± 4σ), plus at most the ~w·1 ms in service at the death.
    const expected = w * window;
    expect(s.requests.failed).toBeGreaterThan(expected - 4 * Math.sqrt(expected));
    expect(s.requests.failed).toBeLessThan(expected + 4 * Math.sqrt(expected) + 5);
    // Refused until detection (the application still tries the dead master), no backend after.
    const detected = f.detectedSeconds - f.failedAtSeconds;
    expect(s.requests.failedBy.refused).toBeGreaterThan(w * detected - 4 * Math.sqrt(w * detected));
    expect(s.requests.failedBy.noBackend).toBeGreaterThan(w * 1 - 4 * Math.sqrt(w));
    // The new master serves every write after the promotion.
    const after = w * (100 - f.promotedSeconds!);
    expect(s.tiers.db!.servers['db/s']!.served).toBeGreaterThan(after - 4 * Math.sqrt(after));
    expect(s.tiers.db!.servers['db/s']!.served).toBeLessThan(after + 4 * Math.sqrt(after));
  });

  it('resynchronises the repaired old master and makes it a slave of the new one', () => {
    // Repaired 20 s after the death; back for the monitor after rise = 2 probes (1 to 2 s), then resync 5 s.
    const data = writes({ rate: 100, duration: '100s', dieAt: '30s', repairAfter: '20s', failover: { resync: '5s' } });
    const { scenario } = resolveScenarioData(data, 'test.json');
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    const f = s.databases.db!.failovers[0]!;
    expect(f.oldMasterRejoinedSeconds).toBeGreaterThanOrEqual(50 + 1 + 5);
    expect(f.oldMasterRejoinedSeconds).toBeLessThanOrEqual(50 + 2 + 5);
    // The old master now receives the new master's writes.
    const replicated = s.databases.db!.slaves['db/m']!.writes;
    const expected = 100 * (100 - f.oldMasterRejoinedSeconds!);
    expect(replicated).toBeGreaterThan(expected - 4 * Math.sqrt(expected));
    expect(replicated).toBeLessThan(expected + 4 * Math.sqrt(expected));
    // No second failover when it comes back.
    expect(s.databases.db!.failovers).toHaveLength(1);
  });

  it('switches the LB weights through the API after the promotion (ERP 60/40 → 40/60)', () => {
    const data = writes({
      rate: 200,
      duration: '200s',
      dieAt: '50s',
      app: true,
      failover: { weights: { tier: 'app', set: { a: 40, b: 60 }, apiDelay: '3s' } },
    });
    const { scenario } = resolveScenarioData(data, 'test.json');
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    const f = s.databases.db!.failovers[0]!;
    expect(f.weightsSwitchedSeconds).toBeCloseTo(f.promotedSeconds! + 3, 9);
    // Smooth WRR is deterministic: a's share is 60% before the switch and 40% after, to within a request or two.
    const a = s.tiers.app!.servers['app/a']!.served;
    const b = s.tiers.app!.servers['app/b']!.served;
    const switched = f.weightsSwitchedSeconds!;
    const expectedShare = (0.6 * switched + 0.4 * (200 - switched)) / 200;
    expect(Math.abs(a / (a + b) - expectedShare)).toBeLessThan(0.01);
  });

  it('promotes nobody when no slave is alive, and the master resumes when repaired', () => {
    const data = writes({ rate: 100, duration: '100s', dieAt: '30s', repairAfter: '20s' });
    data.incidents.push({ at: '10s', server: 'db/s' });
    const { scenario } = resolveScenarioData(data, 'test.json');
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    const f = s.databases.db!.failovers[0]!;
    expect(f.newMaster).toBeNull();
    expect(f.promotedSeconds).toBeNull();
    expect(s.databases.db!.failoverStats.notPromoted).toBe(1);
    // Back at 50 s, up for the monitor within 2 probes: the master serves again.
    const after = 100 * (100 - 52);
    expect(s.tiers.db!.servers['db/m']!.served).toBeGreaterThan(100 * 30 + after - 4 * Math.sqrt(100 * 30 + after));
  });

  it('gives the same records whatever the run (determinism)', () => {
    const data = writes({ rate: 300, duration: '40s', dieAt: '30.2s' });
    expect(failoversOf(data, 3)).toEqual(failoversOf(data, 3));
  });

  it('reports mistakes in the failover section with their JSON paths', () => {
    const problems = problemsOf;
    const unknownTier = writes({ rate: 10, duration: '10s', dieAt: '5s', app: true, failover: { weights: { tier: 'ap', set: { a: 1 } } } });
    expect(problems(unknownTier).join('\n')).toMatch(/tiers\.db\.database\.failover\.weights\.tier.*unknown tier "ap".*did you mean "app"/s);
    const unknownServer = writes({ rate: 10, duration: '10s', dieAt: '5s', app: true, failover: { weights: { tier: 'app', set: { z: 1 } } } });
    expect(problems(unknownServer).join('\n')).toMatch(/tiers\.db\.database\.failover\.weights\.set\.z/);
    const notWeighted = writes({ rate: 10, duration: '10s', dieAt: '5s', app: true, failover: { weights: { tier: 'app', set: { a: 1 } } } });
    notWeighted.tiers.app.balancer = 'round-robin';
    expect(problems(notWeighted).join('\n')).toMatch(/weights\.tier.*"round-robin", not weights/s);
    const withCheck = writes({ rate: 10, duration: '10s', dieAt: '5s' });
    withCheck.tiers.db.healthCheck = {};
    expect(problems(withCheck).join('\n')).toMatch(/tiers\.db\.healthCheck.*failover's own monitor/s);
    const noPromotion = writes({ rate: 10, duration: '10s', dieAt: '5s' });
    delete noPromotion.tiers.db.database.failover.promotion;
    expect(problems(noPromotion).join('\n')).toMatch(/failover\.promotion/);
    const badTimeout = writes({ rate: 10, duration: '10s', dieAt: '5s', failover: { monitor: { interval: '1s', timeout: '2s' } } });
    expect(problems(badTimeout).join('\n')).toMatch(/failover\.monitor\.timeout/);
  });

  it('ERP: the SBG master dies at 10:00, RBX is promoted, the weights switch, SBG rejoins after repair and resync', () => {
    const { scenario } = loadScenario('scenarios/erp-ha-drp.master-dies.json');
    scenario.run.durationSeconds = 12 * 3600;
    const s = summarize(scenario, [runReplication(scenario, 0)], 0, 1);
    const db = s.databases.mysql!;
    expect(db.failovers).toHaveLength(1);
    const f = db.failovers[0]!;
    expect([f.oldMaster, f.newMaster]).toEqual(['mysql/sbg', 'mysql/rbx']);
    expect(f.failedAtSeconds).toBe(10 * 3600);
    // Monitor 10 s / 5 s / fall 3: detected 25 to 35 s after; promotion 30 s; API 5 s.
    expect(f.detectedSeconds - f.failedAtSeconds).toBeGreaterThanOrEqual(25);
    expect(f.detectedSeconds - f.failedAtSeconds).toBeLessThanOrEqual(35);
    expect(f.rtoSeconds).toBeCloseTo(f.detectedSeconds - f.failedAtSeconds + 30, 9);
    expect(f.weightsSwitchedSeconds).toBeCloseTo(f.promotedSeconds! + 5, 9);
    // Lost writes are those of the last 10 ms: at about 1.1 writes/s, rarely any; never more than a handful.
    expect(f.writesLost).toBeLessThanOrEqual(3);
    expect(f.rpoSeconds).toBeLessThan(0.011);
    // Repaired at 10:15, back for the monitor within 2 probes, resynchronised in 30 min.
    expect(f.oldMasterRejoinedSeconds).toBeGreaterThanOrEqual(10.25 * 3600 + 10 + 1800);
    expect(f.oldMasterRejoinedSeconds).toBeLessThanOrEqual(10.25 * 3600 + 20 + 1800);
    // After the switch RBX is the master: the SBG MySQL now receives its writes.
    expect(db.slaves['mysql/sbg']!.writes).toBeGreaterThan(0);
  });

  it('ERP: the --json summary is the same with 1 and 2 workers', () => {
    const args = ['scenarios/erp-ha-drp.master-dies.json', '--json', '--replications', '2', '--duration', '11h'];
    const strip = (out: string): string => {
      const j = JSON.parse(out);
      return JSON.stringify({ ...j, performance: { events: j.performance.events } });
    };
    const one = simulate(...args, '--workers', '1');
    const two = simulate(...args, '--workers', '2');
    expect(one.code, one.stderr).not.toBe(2);
    expect(JSON.parse(one.stdout).databases.mysql.failoverStats.count).toBe(2);
    expect(strip(two.stdout)).toBe(strip(one.stdout));
  });
});
